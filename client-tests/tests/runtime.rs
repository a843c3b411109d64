//! Behaviour tests for the client runtime, driven through a hand-written
//! stand-in for generated code against a local wiremock server.

use std::time::{Duration, Instant, SystemTime};

use client_tests::runtime::retry::retry_after;
use client_tests::runtime::*;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------
// A miniature "generated" API.

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Item {
    id: u64,
    name: String,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Problem {
    message: String,
}

#[derive(Debug, PartialEq)]
enum ItemError {
    NotFound(Problem),
    Unavailable,
}

static GET_ITEM: OperationInfo = OperationInfo {
    id: "getItem",
    method: Method::GET,
    path_template: "/items/{id}",
    security: &[],
};

static CREATE_ITEM: OperationInfo = OperationInfo {
    id: "createItem",
    method: Method::POST,
    path_template: "/items",
    security: &[],
};

fn decode_item(raw: RawResponse) -> Result<Item, Error<ItemError>> {
    match raw.status().as_u16() {
        200 | 201 => raw.json(),
        404 => Err(raw.api_error_json(ItemError::NotFound)),
        503 => Err(raw.api_error_empty(ItemError::Unavailable)),
        _ => Err(raw.unexpected()),
    }
}

fn get_item(client: &Client, id: &str) -> OperationRequest<Item, ItemError> {
    let parts = RequestParts::new(&GET_ITEM, format!("/items/{}", encode_path_segment(id)));
    OperationRequest::<_, _>::new(client, parts, decode_item)
}

fn create_item(client: &Client, item: &Item) -> OperationRequest<Item, ItemError> {
    let mut parts = RequestParts::new(&CREATE_ITEM, "/items".to_owned());
    parts.json_body(item);
    OperationRequest::<_, _>::new(client, parts, decode_item)
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(5))
}

fn client_for(server: &MockServer) -> Client {
    ClientBuilder::new(None)
        .base_url(server.uri())
        .retry_policy(fast_retries())
        .build()
        .expect("client")
}

fn item_json() -> serde_json::Value {
    serde_json::json!({"id": 7, "name": "seven"})
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

// ---------------------------------------------------------------------------
// Encoding

#[test]
fn path_segment_keeps_only_unreserved_characters() {
    assert_eq!(encode_path_segment("a/b+c=="), "a%2Fb%2Bc%3D%3D");
    assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(encode_path_segment("ä ?#%"), "%C3%A4%20%3F%23%25");
}

#[test]
fn path_and_header_params_use_simple_style() {
    assert_eq!(path_param(&vec!["a/b", "c"]).unwrap(), "a%2Fb,c");
    assert_eq!(path_param(&42).unwrap(), "42");
    assert!(path_param(&Option::<u8>::None).is_err());
    assert_eq!(header_param(&vec![1, 2]).unwrap(), "1,2");
    assert_eq!(header_param(&true).unwrap(), "true");
    assert!(header_param(&"bad\nvalue").is_err());
}

static LIST: OperationInfo = OperationInfo {
    id: "list",
    method: Method::GET,
    path_template: "/list",
    security: &[],
};

fn query(value: &impl Serialize, style: ParamStyle, explode: bool) -> String {
    let mut parts = RequestParts::new(&LIST, "/list".to_owned());
    parts.query("p", value, style, explode);
    parts.query_string().to_owned()
}

/// Fields in alphabetical order: serde_json sorts object keys unless its
/// `preserve_order` feature is on, and feature unification in a workspace
/// can switch that either way.
#[derive(Serialize)]
struct Color {
    g: u8,
    r: u8,
}

#[test]
fn query_scalars_and_nulls() {
    assert_eq!(query(&"a b&c", ParamStyle::Form, true), "p=a%20b%26c");
    assert_eq!(query(&3.5, ParamStyle::Form, true), "p=3.5");
    assert_eq!(query(&false, ParamStyle::Form, false), "p=false");
    assert_eq!(query(&Option::<u8>::None, ParamStyle::Form, true), "");
    assert_eq!(query(&Vec::<u8>::new(), ParamStyle::Form, true), "");
}

#[test]
fn query_array_styles() {
    let v = vec!["1", "2,3"];
    assert_eq!(query(&v, ParamStyle::Form, true), "p=1&p=2%2C3");
    assert_eq!(query(&v, ParamStyle::Form, false), "p=1,2%2C3");
    assert_eq!(query(&v, ParamStyle::SpaceDelimited, false), "p=1%202%2C3");
    assert_eq!(query(&v, ParamStyle::PipeDelimited, false), "p=1|2%2C3");
}

#[test]
fn query_object_styles() {
    let c = Color { g: 200, r: 100 };
    assert_eq!(query(&c, ParamStyle::Form, true), "g=200&r=100");
    assert_eq!(query(&c, ParamStyle::Form, false), "p=g,200,r,100");
    assert_eq!(
        query(&c, ParamStyle::SpaceDelimited, false),
        "p=g%20200%20r%20100"
    );
    assert_eq!(query(&c, ParamStyle::PipeDelimited, false), "p=g|200|r|100");
    assert_eq!(
        query(&c, ParamStyle::DeepObject, true),
        "p%5Bg%5D=200&p%5Br%5D=100"
    );
    let nested = serde_json::json!({"a": {"b": "x y"}, "skip": null});
    assert_eq!(
        query(&nested, ParamStyle::DeepObject, true),
        "p%5Ba%5D%5Bb%5D=x%20y"
    );
}

#[test]
fn parameters_accumulate_in_order() {
    let mut parts = RequestParts::new(&LIST, "/list".to_owned());
    parts.query("a", &1, ParamStyle::Form, true);
    parts.query("b", &vec![2, 3], ParamStyle::PipeDelimited, false);
    parts.query("c", &Some("x"), ParamStyle::Form, true);
    assert_eq!(parts.query_string(), "a=1&b=2|3&c=x");
}

// ---------------------------------------------------------------------------
// Retry policy

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    map
}

#[test]
fn retry_after_delta_seconds() {
    assert_eq!(
        retry_after(&headers(&[("retry-after", "7")])),
        Some(Duration::from_secs(7))
    );
    assert_eq!(
        retry_after(&headers(&[("retry-after", " 0 ")])),
        Some(Duration::ZERO)
    );
    assert_eq!(retry_after(&headers(&[("retry-after", "soon")])), None);
    assert_eq!(retry_after(&HeaderMap::new()), None);
}

#[test]
fn retry_after_http_date() {
    let future = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
    let wait = retry_after(&headers(&[("retry-after", &future)])).expect("parsed");
    assert!(
        wait > Duration::from_secs(115) && wait <= Duration::from_secs(120),
        "{wait:?}"
    );
    let past = "Wed, 21 Oct 2015 07:28:00 GMT";
    assert_eq!(
        retry_after(&headers(&[("retry-after", past)])),
        Some(Duration::ZERO)
    );
}

#[test]
fn retry_after_ms_takes_precedence() {
    let both = headers(&[("retry-after", "30"), ("retry-after-ms", "1500.5")]);
    assert_eq!(retry_after(&both), Some(Duration::from_micros(1_500_500)));
    let bad_ms = headers(&[("retry-after", "3"), ("retry-after-ms", "-1")]);
    assert_eq!(retry_after(&bad_ms), Some(Duration::from_secs(3)));
    assert_eq!(retry_after(&headers(&[("retry-after-ms", "NaN")])), None);
}

#[test]
fn backoff_is_full_jitter_within_bounds() {
    let policy = RetryPolicy::default()
        .with_base_delay(Duration::from_millis(100))
        .with_max_delay(Duration::from_secs(1));
    for retry in 0..40 {
        let cap = Duration::from_millis(100 * 2u64.pow(retry.min(20))).min(Duration::from_secs(1));
        let samples: Vec<Duration> = (0..200).map(|_| policy.backoff(retry)).collect();
        assert!(samples.iter().all(|d| *d <= cap), "retry {retry}");
        assert!(
            samples.iter().any(|d| *d > cap / 2),
            "retry {retry}: never above half the cap"
        );
        assert!(
            samples.iter().any(|d| *d < cap / 2),
            "retry {retry}: never below half the cap"
        );
    }
}

#[test]
fn retry_policy_defaults() {
    let p = RetryPolicy::default();
    assert_eq!(p.max_retries(), 2);
    assert_eq!(p.base_delay(), Duration::from_millis(500));
    assert_eq!(p.max_delay(), Duration::from_secs(8));
    assert_eq!(p.max_retry_after(), Duration::from_secs(60));
    assert_eq!(p.deadline(), None);
    assert!(!p.retry_non_idempotent());
    assert_eq!(RetryPolicy::never().max_retries(), 0);
}

// ---------------------------------------------------------------------------
// Requests and responses against a server

#[tokio::test]
async fn path_segment_arrives_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/a%2Fb%2Bc%3D%3D"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .expect(1)
        .mount(&server)
        .await;
    let item = get_item(&client_for(&server), "a/b+c==")
        .await
        .expect("item");
    assert_eq!(
        item,
        Item {
            id: 7,
            name: "seven".into()
        }
    );
    let requests = received(&server).await;
    assert_eq!(requests[0].url.path_segments().unwrap().count(), 2);
}

#[tokio::test]
async fn query_string_arrives_unchanged() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut parts = RequestParts::new(&LIST, "/list".to_owned());
    parts.query(
        "tags",
        &vec!["a b", "c|d"],
        ParamStyle::PipeDelimited,
        false,
    );
    parts.query("f", &Color { g: 2, r: 1 }, ParamStyle::DeepObject, true);
    let client = client_for(&server);
    OperationRequest::<_, _>::new(&client, parts, |r| r.empty::<()>())
        .await
        .expect("ok");
    let url = &received(&server).await[0].url;
    assert_eq!(url.query(), Some("tags=a%20b|c%7Cd&f%5Bg%5D=2&f%5Br%5D=1"));
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    assert_eq!(pairs[0], ("tags".to_owned(), "a b|c|d".to_owned()));
    assert_eq!(pairs[1], ("f[g]".to_owned(), "2".to_owned()));
}

#[tokio::test]
async fn bodies_and_headers_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(item_json()))
        .mount(&server)
        .await;
    let client = ClientBuilder::new(None)
        .base_url(format!("{}/", server.uri()))
        .header("x-default", "d")
        .build()
        .unwrap();
    let item = Item {
        id: 1,
        name: "one".into(),
    };
    let response = create_item(&client, &item)
        .header("x-extra", "e")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.body().id, 7);
    let request = &received(&server).await[0];
    assert_eq!(request.url.path(), "/items");
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["x-default"], "d");
    assert_eq!(request.headers["x-extra"], "e");
    assert!(
        request.headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("client-tests/")
    );
    assert_eq!(request.body_json::<Item>().unwrap(), item);
}

#[tokio::test]
async fn form_and_parameter_headers_and_cookies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut parts = RequestParts::new(&LIST, "/list".to_owned());
    parts.header("X-Trace", &vec!["a", "b"]);
    parts.header("X-Skipped", &Option::<String>::None);
    parts.cookie("session", &"v;1");
    parts.cookie("lang", &"en");
    parts.form_body(&serde_json::json!({"a": "x y", "list": [1, 2], "obj": {"k": "v"}}));
    OperationRequest::<_, _>::new(&client_for(&server), parts, |r| r.empty::<()>())
        .await
        .unwrap();
    let request = &received(&server).await[0];
    assert_eq!(request.headers["x-trace"], "a,b");
    assert!(!request.headers.contains_key("x-skipped"));
    assert_eq!(request.headers["cookie"], "session=v%3B1; lang=en");
    assert_eq!(
        request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "a=x%20y&list=1&list=2&obj%5Bk%5D=v"
    );
}

#[tokio::test]
async fn invalid_request_is_reported_without_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = get_item(&client, "1")
        .header("x-token", "bad\nvalue")
        .await
        .unwrap_err();
    let Error::InvalidRequest(invalid) = &err else {
        panic!("{err:?}")
    };
    assert!(
        invalid.message().contains("x-token"),
        "{}",
        invalid.message()
    );
    assert!(!err.to_string().contains("bad"), "value leaked: {err}");

    let mut parts = RequestParts::new(&LIST, "/list".to_owned());
    parts.header("X-Bad", &"new\nline");
    parts.header("X-Later", &"\u{1}");
    let err = OperationRequest::<_, _>::new(&client, parts, |r| r.empty::<()>())
        .await
        .unwrap_err();
    let Error::InvalidRequest(invalid) = &err else {
        panic!("{err:?}")
    };
    assert!(
        invalid.message().contains("X-Bad"),
        "the first failure wins: {invalid}"
    );

    let mut parts = RequestParts::new(&LIST, "/list".to_owned());
    parts.bytes_body("bad\ntype", "body");
    let err = OperationRequest::<_, _>::new(&client, parts, |r| r.empty::<()>())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}

#[tokio::test]
async fn declared_error_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({"message": "gone"}))
                .insert_header("retry-after", "4"),
        )
        .mount(&server)
        .await;
    let err = get_item(&client_for(&server), "1").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(
        err.api(),
        Some(&ItemError::NotFound(Problem {
            message: "gone".into()
        }))
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(4)));
    assert!(
        err.to_string()
            .starts_with("api error 404 Not Found: NotFound"),
        "{err}"
    );
    let Error::Api(api) = err else { panic!() };
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        api.into_body(),
        ItemError::NotFound(Problem {
            message: "gone".into()
        })
    );
}

#[tokio::test]
async fn decode_error_names_the_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id": "seven", "name": "x"}"#))
        .mount(&server)
        .await;
    let err = get_item(&client_for(&server), "1").await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path(), "id");
    assert!(
        decode.message().contains("invalid type"),
        "{}",
        decode.message()
    );
    assert_eq!(decode.status(), StatusCode::OK);
    assert!(decode.body().contains("seven"));
    assert_eq!(err.status(), Some(StatusCode::OK));
}

#[tokio::test]
async fn unexpected_status_keeps_a_bounded_excerpt() {
    let server = MockServer::start().await;
    // A four-byte character straddles the 4 KiB mark: it must be dropped
    // whole, not turned into a replacement character.
    let body = format!("{}{}", "x".repeat(4093), "😀".repeat(100));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(418).set_body_string(body))
        .mount(&server)
        .await;
    let err = get_item(&client_for(&server), "1").await.unwrap_err();
    let Error::UnexpectedStatus(unexpected) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(unexpected.status().as_u16(), 418);
    assert_eq!(unexpected.body(), "x".repeat(4093));
    assert!(err.to_string().len() < 300, "display stays concise");
}

// ---------------------------------------------------------------------------
// Retries and timeouts

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(&server)
        .await;
    let started = Instant::now();
    let item = get_item(&client_for(&server), "1")
        .await
        .expect("second attempt succeeds");
    assert_eq!(item.id, 7);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn too_long_retry_after_returns_the_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let err = get_item(&client_for(&server), "1").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = get_item(&client_for(&server), "1").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.api(), Some(&ItemError::Unavailable));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn post_is_retried_only_when_opted_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let item = Item {
        id: 1,
        name: "one".into(),
    };
    let err = create_item(&client, &item).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(received(&server).await.len(), 1);

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    create_item(&client, &item)
        .retry_non_idempotent(true)
        .await
        .unwrap_err();
    assert_eq!(received(&server).await.len(), 3);

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let policy = fast_retries()
        .with_max_retries(1)
        .with_retry_non_idempotent(true);
    create_item(&client, &item)
        .retry_policy(policy)
        .await
        .unwrap_err();
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(item_json())
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = get_item(&client, "1")
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::never())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    let Error::Timeout(timeout) = &err else {
        panic!()
    };
    assert!(!timeout.is_deadline());
    assert_eq!(timeout.attempts(), 1);
    assert!(timeout.elapsed() >= Duration::from_millis(200));

    let err = get_item(&client, "1")
        .timeout(Duration::from_millis(150))
        .await
        .unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        timeout.attempts(),
        3,
        "timeouts of idempotent requests are retried"
    );
}

#[tokio::test]
async fn deadline_bounds_the_whole_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let started = Instant::now();
    let policy = fast_retries()
        .with_max_retries(10)
        .with_deadline(Duration::from_millis(400));
    let err = get_item(&client_for(&server), "1")
        .retry_policy(policy)
        .await
        .unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}")
    };
    assert!(timeout.is_deadline());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("deadline"), "{err}");
}

// ---------------------------------------------------------------------------
// Credentials

static SECURED: OperationInfo = OperationInfo {
    id: "secured",
    method: Method::GET,
    path_template: "/secured",
    security: &[
        &["keyHeader", "keyQuery", "keyCookie"],
        &["basic"],
        &["bearer"],
    ],
};

static OPTIONAL_AUTH: OperationInfo = OperationInfo {
    id: "optionalAuth",
    method: Method::GET,
    path_template: "/optional",
    security: &[&[], &["bearer"]],
};

fn api_key(location: ApiKeyLocation, name: &str, value: &str) -> Credential {
    Credential::ApiKey {
        location,
        name: name.into(),
        value: Secret::new(value),
    }
}

async fn secured_request(
    server: &MockServer,
    builder: ClientBuilder,
    info: &'static OperationInfo,
) -> wiremock::Request {
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
    let client = builder.base_url(server.uri()).build().unwrap();
    let parts = RequestParts::new(info, info.path_template.to_owned());
    OperationRequest::<_, _>::new(&client, parts, |r| r.empty::<()>())
        .await
        .unwrap();
    received(server).await.pop().unwrap()
}

#[tokio::test]
async fn bearer_and_basic_are_applied() {
    let server = MockServer::start().await;
    let bearer = ClientBuilder::new(None).credential("bearer", Credential::Bearer("tok".into()));
    let request = secured_request(&server, bearer, &SECURED).await;
    assert_eq!(request.headers["authorization"], "Bearer tok");

    let basic = Credential::Basic {
        username: "Aladdin".into(),
        password: "open sesame".into(),
    };
    let both = ClientBuilder::new(None)
        .credential("bearer", Credential::Bearer("tok".into()))
        .credential("basic", basic);
    let request = secured_request(&server, both, &SECURED).await;
    assert_eq!(
        request.headers["authorization"], "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        "first alternative wins"
    );
}

#[tokio::test]
async fn api_keys_go_to_header_query_and_cookie() {
    let server = MockServer::start().await;
    let builder = ClientBuilder::new(None)
        .credential("bearer", Credential::Bearer("unused".into()))
        .credential(
            "keyHeader",
            api_key(ApiKeyLocation::Header, "X-Api-Key", "h1"),
        )
        .credential("keyQuery", api_key(ApiKeyLocation::Query, "api_key", "q/1"))
        .credential("keyCookie", api_key(ApiKeyLocation::Cookie, "sid", "c1"));
    let request = secured_request(&server, builder, &SECURED).await;
    assert_eq!(request.headers["x-api-key"], "h1");
    assert_eq!(request.url.query(), Some("api_key=q%2F1"));
    assert_eq!(request.headers["cookie"], "sid=c1");
    assert!(!request.headers.contains_key("authorization"));
}

#[test]
fn a_credential_that_cannot_be_a_header_fails_the_build_without_echoing_it() {
    let cases = [
        ("bearer", Credential::Bearer("line\nbreak".into())),
        ("keyHeader", api_key(ApiKeyLocation::Header, "X-Api-Key", "line\nbreak")),
        ("keyHeader", api_key(ApiKeyLocation::Header, "bad name", "fine")),
    ];
    for (scheme, credential) in cases {
        let error = ClientBuilder::new(None)
            .base_url("http://127.0.0.1:9")
            .credential(scheme, credential)
            .build()
            .expect_err(scheme);
        let message = error.to_string();
        assert!(message.contains(scheme), "{message}");
        assert!(!message.contains("break"), "the secret leaked: {message}");
    }
}

#[tokio::test]
async fn incomplete_alternatives_are_skipped() {
    let server = MockServer::start().await;
    // Only part of the first alternative: it must not be used half-way.
    let builder = ClientBuilder::new(None)
        .credential(
            "keyHeader",
            api_key(ApiKeyLocation::Header, "X-Api-Key", "h1"),
        )
        .credential("bearer", Credential::Bearer("old".into()))
        .credential("bearer", Credential::Bearer("new".into()));
    let request = secured_request(&server, builder, &SECURED).await;
    assert!(!request.headers.contains_key("x-api-key"));
    assert_eq!(
        request.headers["authorization"], "Bearer new",
        "later credential replaces earlier"
    );

    let none = ClientBuilder::new(None).credential("other", Credential::Bearer("x".into()));
    let request = secured_request(&server, none, &SECURED).await;
    assert!(!request.headers.contains_key("authorization"));
}

#[tokio::test]
async fn anonymous_alternative_first_sends_nothing() {
    let server = MockServer::start().await;
    let builder = ClientBuilder::new(None).credential("bearer", Credential::Bearer("tok".into()));
    let request = secured_request(&server, builder, &OPTIONAL_AUTH).await;
    assert!(!request.headers.contains_key("authorization"));
}

#[tokio::test]
async fn no_wait_that_would_pass_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "2"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let policy = fast_retries().with_deadline(Duration::from_millis(500));
    let err = get_item(&client_for(&server), "1")
        .retry_policy(policy)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn connection_failure_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = ClientBuilder::new(None)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(fast_retries())
        .credential(
            "keyHeader",
            api_key(ApiKeyLocation::Header, "X-Api-Key", "s3cr3t-h"),
        )
        .credential(
            "keyQuery",
            api_key(ApiKeyLocation::Query, "api_key", "s3cr3t-q"),
        )
        .credential(
            "keyCookie",
            api_key(ApiKeyLocation::Cookie, "sid", "s3cr3t-c"),
        )
        .build()
        .unwrap();
    let parts = RequestParts::new(&SECURED, "/secured".to_owned());
    let err = OperationRequest::<_, _>::new(&client, parts, |r| r.empty::<()>())
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("{err:?}")
    };
    assert!(transport.is_connect());
    assert_eq!(transport.attempts(), 3);
    let mut text = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    assert!(source.is_some());
    while let Some(inner) = source {
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    assert!(
        !text.contains("s3cr3t") && !text.contains("/secured"),
        "URL or key leaked: {text}"
    );

    let item = Item {
        id: 1,
        name: "one".into(),
    };
    let Error::Transport(transport) = create_item(&client, &item).await.unwrap_err() else {
        panic!()
    };
    assert_eq!(
        transport.attempts(),
        3,
        "refused connections are retried even for POST"
    );
}

#[test]
fn debug_output_hides_secrets() {
    let secret = Secret::new("s3cr3t-value");
    assert_eq!(format!("{secret:?} {secret}"), "[redacted] [redacted]");
    assert_eq!(secret.expose(), "s3cr3t-value");
    let credentials = [
        Credential::Bearer("s3cr3t-value".into()),
        Credential::Basic {
            username: "bob".into(),
            password: "s3cr3t-value".into(),
        },
        api_key(ApiKeyLocation::Query, "k", "s3cr3t-value"),
    ];
    let builder = credentials
        .iter()
        .enumerate()
        .fold(
            ClientBuilder::new(Some("https://api.example.com/")),
            |b, (i, c)| b.credential(["a", "b", "c"][i], c.clone()),
        )
        .header("x-token", "s3cr3t-value");
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let all = format!("{credentials:?} {builder_debug} {client:?}");
    assert!(!all.contains("s3cr3t"), "{all}");
    assert!(format!("{client:?}").contains("https://api.example.com"));
    assert!(
        format!("{client:?}").contains("\"b\""),
        "scheme names are shown"
    );
    assert_eq!(client.base_url(), "https://api.example.com");
    assert_eq!(serde_json::to_string(&secret).unwrap(), "\"s3cr3t-value\"");
}

// ---------------------------------------------------------------------------
// Client builder and server variables

#[test]
fn builder_validates_configuration() {
    let err = ClientBuilder::new(None).build().unwrap_err();
    assert!(err.message().contains("base URL"), "{err}");
    let err = ClientBuilder::new(Some("ftp://x")).build().unwrap_err();
    assert!(err.message().contains("http"), "{err}");
    assert!(
        ClientBuilder::new(Some("https://x"))
            .base_url("http://y:8080/v1")
            .build()
            .is_ok()
    );
    let err = ClientBuilder::new(Some("https://x"))
        .fail(InvalidRequest::new("first"))
        .header("bad name", "v")
        .fail(InvalidRequest::new("second"))
        .build()
        .unwrap_err();
    assert_eq!(err.message(), "first");
    let err = ClientBuilder::new(Some("https://x"))
        .header("x", "a\nb")
        .build()
        .unwrap_err();
    assert!(!err.message().contains("a\nb"));
}

#[test]
fn hosts_are_checked() {
    for ok in [
        "api.arize.com",
        "localhost:8080",
        "127.0.0.1",
        "[::1]:443",
        "[::1]",
    ] {
        assert!(check_host("host", ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "evil.com/x",
        "a@b",
        "a b",
        "h:port",
        "h:",
        "h:99999",
        "a\\b",
        "h?x",
        "h#x",
        "a%2f",
        ":80",
        "a:1:2",
        "a\n",
    ] {
        let err = check_host("region", bad).expect_err(bad);
        assert!(err.message().contains("`region`"), "{err}");
    }
    assert!(check_path_variable("v", "v1/beta").is_ok());
    for bad in ["a?b", "a#b", "a b", "a\tb"] {
        assert!(check_path_variable("v", bad).is_err(), "{bad}");
    }
}

// ---------------------------------------------------------------------------
// Nullable

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Patch {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    note: Nullable<String>,
}

#[test]
fn nullable_round_trips_three_states() {
    let cases = [
        (Nullable::Absent, "{}"),
        (Nullable::Null, r#"{"note":null}"#),
        (Nullable::Value("hi".to_owned()), r#"{"note":"hi"}"#),
    ];
    for (note, json) in cases {
        let patch = Patch { note };
        assert_eq!(serde_json::to_string(&patch).unwrap(), json);
        assert_eq!(serde_json::from_str::<Patch>(json).unwrap(), patch);
    }
    let n: Nullable<u8> = None.into();
    assert!(n.is_null());
    let n: Nullable<u8> = 3.into();
    assert_eq!(n.value(), Some(&3));
    assert_eq!(n.as_ref(), Nullable::Value(&3));
    assert_eq!(n.into_option(), Some(3));
    assert!(Nullable::<u8>::default().is_absent());
    assert_eq!(
        serde_json::to_string(&vec![Nullable::<u8>::Absent]).unwrap(),
        "[null]"
    );
}
