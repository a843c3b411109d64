//! `multipart/form-data` bodies: one part per property, with a boundary in the content type.

use client_tests::runtime::*;
use reqwest::Method;
use serde::Serialize;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

static UPLOAD: OperationInfo = OperationInfo { id: "upload", method: Method::POST, path_template: "/upload", security: &[] };

#[derive(Serialize)]
struct Upload {
    user_id: String,
    tags: Vec<String>,
    note: Option<String>,
    meta: serde_json::Value,
}

#[tokio::test]
async fn each_property_is_one_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let client = ClientBuilder::new(None).base_url(server.uri()).build().unwrap();
    let body = Upload {
        user_id: "u-1".to_owned(),
        tags: vec!["a".to_owned(), "b".to_owned()],
        note: None,
        meta: serde_json::json!({"k": 1}),
    };
    let mut parts = RequestParts::new(&UPLOAD, "/upload".to_owned());
    parts.multipart_body(&body);
    let request: OperationRequest<(), ()> = OperationRequest::<_, _>::new(&client, parts, |r| r.empty());
    request.await.unwrap();

    let received = &server.received_requests().await.unwrap()[0];
    let content_type = received.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    let text = String::from_utf8(received.body.clone()).unwrap();
    let part = |name: &str, value: &str| format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
    assert!(text.contains(&part("user_id", "u-1")), "{text}");
    assert!(text.contains(&part("tags", "a")) && text.contains(&part("tags", "b")), "{text}");
    assert!(!text.contains("name=\"note\""), "absent values send no part: {text}");
    assert!(text.contains("name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":1}\r\n"), "{text}");
    assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
}
