//! Behaviour of the generated Arize client against a real HTTP server on 127.0.0.1.

use std::time::{Duration, Instant};

use arize_client::operations::{AiIntegrationsGetError, AiIntegrationsListError};
use arize_client::servers::Region;
use arize_client::types::{
    AiIntegrationProvider, AwsProviderMetadata, CreateAiIntegrationRequest, GcpProviderMetadata, ProviderMetadata, UpdateAiIntegrationRequest,
};
use arize_client::{Client, Error, Nullable, RetryPolicy, Server};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "arize-secret-token-123";

fn integration(id: &str, provider: &str) -> Value {
    json!({
        "id": id,
        "name": "Production OpenAI",
        "provider": provider,
        "has_api_key": true,
        "enable_default_models": true,
        "function_calling_enabled": true,
        "auth_type": "default",
        "scopings": [{"organization_id": "QWNjb3VudE9yZzoxMjM6YWJj", "space_id": null}],
        "created_at": "2026-02-13T21:27:19.055Z",
        "updated_at": "2026-02-13T21:27:19.279Z",
        "created_by_user_id": "VXNlcjoxOm5OYkM="
    })
}

fn problem(status: u16, title: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(json!({"status": status, "title": title}).to_string(), "application/problem+json")
}

/// A client with fast retries, so the tests that retry do not wait long.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_auth(TOKEN)
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(10)).with_max_delay(Duration::from_millis(50)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn get_sends_the_token_and_decodes_the_integration() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/ai-integrations/abc"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(integration("abc", "openAI")))
        .expect(1)
        .mount(&server)
        .await;
    let got = client(&server).ai_integrations_get("abc").await.unwrap();
    assert_eq!(got.id, "abc");
    assert_eq!(got.provider, AiIntegrationProvider::OpenAi);
    assert!(got.base_url.is_absent());
}

#[tokio::test]
async fn path_ids_are_sent_as_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/ai-integrations/a%2Fb%2Bc%3D%3D"))
        .respond_with(ResponseTemplate::new(200).set_body_json(integration("a/b+c==", "openAI")))
        .expect(1)
        .mount(&server)
        .await;
    let got = client(&server).ai_integrations_get("a/b+c==").await.unwrap();
    assert_eq!(got.id, "a/b+c==");
}

#[tokio::test]
async fn unknown_enum_values_decode_instead_of_failing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(integration("x", "mistral")))
        .mount(&server)
        .await;
    let got = client(&server).ai_integrations_get("x").await.unwrap();
    assert_eq!(got.provider, AiIntegrationProvider::Unknown("mistral".to_owned()));
    assert_eq!(got.provider.as_str(), "mistral");
}

#[tokio::test]
async fn problem_json_404_is_decoded_into_its_variant() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(problem(404, "Resource not found")).mount(&server).await;
    let error = client(&server).ai_integrations_get("missing").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    match error.api() {
        Some(AiIntegrationsGetError::NotFound(problem)) => assert_eq!(problem.title, "Resource not found"),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limit_waits_as_told_then_retries_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(problem(429, "Rate limit exceeded").insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(integration("x", "openAI")))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server).ai_integrations_get("x").await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
}

#[tokio::test]
async fn persistent_503_gives_up_with_the_last_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).expect(3).mount(&server).await;
    let error = client(&server).ai_integrations_get("x").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
}

#[tokio::test]
async fn post_is_not_retried_unless_opted_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).expect(1).mount(&server).await;
    let body = create_request();
    let error = client(&server).ai_integrations_create(&body).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    server.verify().await;

    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).expect(3).mount(&server).await;
    let error = client(&server).ai_integrations_create(&body).retry_non_idempotent(true).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}

/// The request the tests create: built as a caller would, with `new` and setters.
fn create_request() -> CreateAiIntegrationRequest {
    CreateAiIntegrationRequest::new("Production OpenAI", AiIntegrationProvider::OpenAi)
        .api_key("sk-abc123-never-print-me")
        .model_names(vec!["gpt-4o".to_owned()])
        .enable_default_models(true)
}

#[tokio::test]
async fn slow_server_gives_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(integration("x", "openAI")).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let error = client(&server)
        .ai_integrations_get("x")
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::never())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn patch_distinguishes_absent_null_and_value_on_the_wire() {
    let server = MockServer::start().await;
    let echo = |request: &Request| {
        let sent: Value = serde_json::from_slice(&request.body).unwrap();
        let id = sent.get("name").and_then(Value::as_str).unwrap_or("x").to_owned();
        ResponseTemplate::new(200).set_body_json(integration(&id, "openAI"))
    };
    Mock::given(method("PATCH"))
        .and(body_json(json!({"name": "absent"})))
        .respond_with(echo)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(body_json(json!({"name": "null", "api_key": null})))
        .respond_with(echo)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(body_json(json!({"name": "value", "api_key": "sk-new"})))
        .respond_with(echo)
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    for (name, api_key) in [("absent", Nullable::Absent), ("null", Nullable::Null), ("value", Nullable::Value("sk-new".into()))] {
        let body = UpdateAiIntegrationRequest { name: Some(name.to_owned()), api_key, ..Default::default() };
        let updated = client.ai_integrations_update("x", &body).await.unwrap();
        assert_eq!(updated.id, name);
    }
    // The setters say the same: not called, `clear_api_key`, `api_key`.
    let absent = UpdateAiIntegrationRequest::default().name("absent");
    let null = UpdateAiIntegrationRequest::default().name("null").clear_api_key();
    let value = UpdateAiIntegrationRequest::default().name("value").api_key("sk-new");
    for (name, body) in [("absent", absent), ("null", null), ("value", value)] {
        assert_eq!(client.ai_integrations_update("x", &body).await.unwrap().id, name);
    }
}

#[test]
fn a_member_sent_through_its_union_carries_its_tag_and_comes_back_the_same() {
    // `kind` is the discriminator: `new` fills it, and the union's variant is named by its key.
    let aws = AwsProviderMetadata::new("arn:aws:iam::1:role/r").external_id("e-1");
    let metadata: ProviderMetadata = aws.clone().into();
    let wire = serde_json::to_value(&metadata).unwrap();
    assert_eq!(wire, json!({"kind": "AWS", "role_arn": "arn:aws:iam::1:role/r", "external_id": "e-1"}));
    assert_eq!(serde_json::from_value::<ProviderMetadata>(wire).unwrap(), ProviderMetadata::Aws(aws));
    let gcp = GcpProviderMetadata::new("p", "us", "label");
    assert_eq!(serde_json::to_value(ProviderMetadata::from(gcp)).unwrap()["kind"], "GCP");
    // Through the request that holds it, too.
    let request = create_request().provider_metadata(AwsProviderMetadata::new("arn"));
    assert_eq!(serde_json::to_value(&request).unwrap()["provider_metadata"], json!({"kind": "AWS", "role_arn": "arn"}));
}

#[tokio::test]
async fn list_stream_follows_the_cursor_across_three_pages() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: Option<&str>| {
        let items: Vec<Value> = ids.iter().map(|id| integration(id, "openAI")).collect();
        let pagination = match next {
            Some(cursor) => json!({"has_more": true, "next_cursor": cursor}),
            None => json!({"has_more": false}),
        };
        ResponseTemplate::new(200).set_body_json(json!({"ai_integrations": items, "pagination": pagination}))
    };
    Mock::given(method("GET"))
        .and(path("/v2/ai-integrations"))
        .and(query_param_is_missing("cursor"))
        .and(query_param("limit", "2"))
        .respond_with(page(&["a", "b"], Some("c2")))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(query_param("cursor", "c2")).respond_with(page(&["c", "d"], Some("c3"))).mount(&server).await;
    Mock::given(method("GET")).and(query_param("cursor", "c3")).respond_with(page(&["e"], None)).mount(&server).await;
    let ids: Vec<String> = client(&server)
        .ai_integrations_list_stream()
        .limit(2)
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn a_walk_sends_the_callers_parameters_and_settings_with_every_page() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: Option<&str>| {
        let items: Vec<Value> = ids.iter().map(|id| integration(id, "openAI")).collect();
        let pagination = match next {
            Some(cursor) => json!({"has_more": true, "next_cursor": cursor}),
            None => json!({"has_more": false}),
        };
        ResponseTemplate::new(200).set_body_json(json!({"ai_integrations": items, "pagination": pagination}))
    };
    // Every page must carry the caller's filter, limit and header; any page without them
    // finds no stand-in and fails the walk.
    let caller = || {
        Mock::given(method("GET"))
            .and(path("/v2/ai-integrations"))
            .and(query_param("space_name", "prod"))
            .and(query_param("limit", "1"))
            .and(header("x-request-tag", "tour"))
    };
    caller().and(query_param("cursor", "start")).respond_with(page(&["a"], Some("c2"))).expect(1).mount(&server).await;
    caller().and(query_param("cursor", "c2")).respond_with(page(&["b"], None)).expect(1).mount(&server).await;
    let ids: Vec<String> = client(&server)
        .ai_integrations_list_stream()
        .space_name("staging")
        .space_name("prod")
        .limit(1)
        .cursor("start")
        .header("x-request-tag", "tour")
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b"]);
    // Set twice, a parameter is sent once, with its last value.
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.url.query_pairs().filter(|(k, _)| k == "space_name").count() == 1));
}

#[tokio::test]
async fn secrets_never_show_in_debug_output() {
    let server = MockServer::start().await;
    let client = client(&server);
    let request = create_request();
    let shown = format!("{client:?} {request:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains("sk-abc123-never-print-me"), "{shown}");
    // …and the secret still reaches the wire unchanged.
    let wire = serde_json::to_value(&request).unwrap();
    assert_eq!(wire["api_key"], "sk-abc123-never-print-me");
}

#[test]
fn a_host_that_is_not_a_bare_host_is_rejected_before_any_request() {
    for host in ["evil.example/x", "user@evil.example", "a b", "evil.example?x", "evil.example#x"] {
        let built = Client::builder().server(Server::CustomHost { host: host.to_owned() }).build();
        let error = built.expect_err(host);
        assert!(error.to_string().contains("host"), "{error}");
    }
    let ok = Client::builder().server(Server::CustomHost { host: "arize.internal:8443".to_owned() }).build().unwrap();
    assert_eq!(ok.base_url(), "https://arize.internal:8443");
    let regional = Client::builder().server(Server::Regional { region: Region::CaCentral1a }).build().unwrap();
    assert_eq!(regional.base_url(), "https://api.ca-central-1a.arize.com");
}

#[tokio::test]
async fn connection_reset_then_success_is_retried_for_get() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let body = integration("x", "openAI").to_string();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        // First connection: read the request, then close without answering.
        let (mut first, _) = listener.accept().await.unwrap();
        let mut buffer = [0u8; 4096];
        let _ = first.read(&mut buffer).await;
        drop(first);
        // Second connection: a proper answer.
        let (mut second, _) = listener.accept().await.unwrap();
        let _ = second.read(&mut buffer).await;
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        second.write_all(response.as_bytes()).await.unwrap();
    });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(10)))
        .build()
        .unwrap();
    let got = client.ai_integrations_get("x").await.unwrap();
    assert_eq!(got.id, "x");
}

#[tokio::test]
async fn success_status_and_headers_are_available_on_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(integration("x", "openAI")).insert_header("x-request-id", "r-42"))
        .mount(&server)
        .await;
    let response = client(&server).ai_integrations_get("x").send_with_response().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-request-id"], "r-42");
    assert_eq!(response.into_body().id, "x");
}

#[tokio::test]
async fn tracing_records_the_operation_but_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(integration("x", "openAI")))
        .mount(&server)
        .await;
    let recorded = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let _guard = tracing::subscriber::set_default(capture::Capture(recorded.clone()));
    client(&server).ai_integrations_get("secret-looking-id").await.unwrap();
    let recorded = recorded.lock().unwrap().clone();
    assert!(recorded.contains("ai_integrations_get"), "{recorded}");
    assert!(recorded.contains("/v2/ai-integrations/{integration_id}"), "{recorded}");
    assert!(!recorded.contains(TOKEN), "{recorded}");
    assert!(!recorded.contains("secret-looking-id"), "the URL is never recorded: {recorded}");
}

/// A minimal `tracing` subscriber that writes every field it sees into one string.
mod capture {
    use std::fmt::Write;
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    pub struct Capture(pub Arc<Mutex<String>>);

    struct Writer<'a>(&'a mut String);

    impl Visit for Writer<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, "{}={:?} ", field.name(), value);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            span.record(&mut Writer(&mut self.0.lock().unwrap()));
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            values.record(&mut Writer(&mut self.0.lock().unwrap()));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            event.record(&mut Writer(&mut self.0.lock().unwrap()));
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn redirects_are_returned_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/ai-integrations/x"))
        .respond_with(ResponseTemplate::new(303).insert_header("Location", "/elsewhere"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/elsewhere")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let error = client(&server).ai_integrations_get("x").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(303));
}

// The `mock` feature's stand-ins, beyond what the README's example shows.

#[tokio::test]
async fn mock_stand_ins_match_their_own_method_and_path_only() {
    let server = MockServer::start().await;
    arize_client::mock::ai_integrations_delete().respond(&()).expect(1).mount(&server).await;
    let created: arize_client::types::AiIntegration = serde_json::from_value(integration("new", "openAI")).unwrap();
    arize_client::mock::ai_integrations_create().respond(&created).expect(1).mount(&server).await;
    let client = client(&server);

    client.ai_integrations_delete("a/b+c==").await.expect("DELETE on the template path matches");
    let response = client.ai_integrations_create(&create_request()).send_with_response().await.unwrap();
    assert_eq!(response.status().as_u16(), 201, "the status the spec declares for the body");
    assert_eq!(response.body(), &created);
    // Another method on the same path is not theirs: wiremock answers 404, no body.
    let err = client.ai_integrations_get("a/b+c==").retry_policy(RetryPolicy::never()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(err.api().is_none(), "{err:?}");
}

#[tokio::test]
async fn mock_stand_ins_narrow_with_matchers_and_answer_declared_errors() {
    let server = MockServer::start().await;
    let page = json!({"ai_integrations": [integration("a", "openAI")], "pagination": {"has_more": false}});
    let page: arize_client::types::ListAiIntegrationsResponse = serde_json::from_value(page).unwrap();
    arize_client::mock::ai_integrations_list().and(query_param("limit", "5")).respond(&page).mount(&server).await;
    let limited = json!({"title": "Too many requests", "status": 429});
    let limited = AiIntegrationsListError::TooManyRequests(serde_json::from_value(limited).unwrap());
    arize_client::mock::ai_integrations_list().respond_error(&limited).mount(&server).await;
    let client = client(&server);

    assert_eq!(client.ai_integrations_list().limit(5).await.unwrap(), page);
    let err = client.ai_integrations_list().retry_policy(RetryPolicy::never()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.api(), Some(&limited));
}
