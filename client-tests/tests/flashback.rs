//! Behaviour of the generated Flashback client against a real HTTP server on 127.0.0.1.

use flashback_client::operations::DeleteAiLlmError;
use flashback_client::types::{AiType, CreateAiLlmRequest};
use flashback_client::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_auth("fb-token").retry_policy(RetryPolicy::never()).build().unwrap()
}

fn envelope(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"success": false, "message": message}))
}

#[tokio::test]
async fn delete_errors_route_to_distinct_variants_by_status() {
    let server = MockServer::start().await;
    Mock::given(path("/ai/llm/in-use")).respond_with(envelope(403, "configuration in use by a repository")).mount(&server).await;
    Mock::given(path("/ai/llm/gone")).respond_with(envelope(404, "not found")).mount(&server).await;
    Mock::given(path("/ai/llm/broken")).respond_with(envelope(500, "failed to delete")).mount(&server).await;
    let client = client(&server);
    match client.delete_ai_llm("in-use").await.unwrap_err().into_api() {
        Some(DeleteAiLlmError::Forbidden(body)) => assert!(body.message.contains("in use")),
        other => panic!("expected Forbidden, got {other:?}"),
    }
    assert!(matches!(client.delete_ai_llm("gone").await.unwrap_err().into_api(), Some(DeleteAiLlmError::NotFound(_))));
    assert!(matches!(
        client.delete_ai_llm("broken").await.unwrap_err().into_api(),
        Some(DeleteAiLlmError::InternalServerError(_))
    ));
}

#[tokio::test]
async fn create_sends_nullable_secrets_and_decodes_the_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ai/llm"))
        .and(body_json(json!({"name": "gpt", "aiType": "OPENAI", "workspaceId": "w1", "key": "sk-1", "endpoint": null})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "aiLlmId": "llm-1"})))
        .expect(1)
        .mount(&server)
        .await;
    let body = CreateAiLlmRequest::new("gpt", AiType::Openai, "w1").clear_endpoint().key("sk-1");
    assert!(!format!("{body:?}").contains("sk-1"));
    let created = client(&server).create_ai_llm(&body).await.unwrap();
    assert_eq!(created.ai_llm_id, "llm-1");
}

#[tokio::test]
async fn list_filters_by_workspace_and_keeps_unknown_ai_types() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ai/llm"))
        .and(query_param("workspaceId", "w 1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "aiLlms": [{
            "id": "1", "orgId": "o", "workspaceId": "w 1", "userId": "u", "name": "n",
            "aiType": "MISTRAL", "endpoint": null, "key": null, "createdAt": "2026-01-01T00:00:00Z"
        }]})))
        .mount(&server)
        .await;
    let list = client(&server).get_ai_llms().workspace_id("w 1").await.unwrap();
    assert_eq!(list.ai_llms[0].ai_type, AiType::Unknown("MISTRAL".to_owned()));
}

#[tokio::test]
async fn an_undecodable_body_names_the_failing_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "aiLlms": [{"id": 5}]})))
        .mount(&server)
        .await;
    match client(&server).get_available_ai_llms().await.unwrap_err() {
        Error::Decode(error) => assert!(error.path().contains("aiLlms"), "{error}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}
