//! Requests stay on the path they name. A tiny TCP server on 127.0.0.1 records the exact
//! request line of everything it receives (not a parsed and normalised URL, as an HTTP
//! server library would hand over), so a dot segment resolved by the client shows.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};

use arize_client::runtime::{ClientBuilder, check_path_variable};
use arize_client::{Client, Error};

/// Request lines as they arrived, e.g. `GET /v2/ai-integrations/abc HTTP/1.1`.
struct RawServer {
    addr: SocketAddr,
    lines: Arc<Mutex<Vec<String>>>,
}

const INTEGRATION: &str = r#"{"id":"abc","name":"n","provider":"openAI","has_api_key":false,"enable_default_models":true,"function_calling_enabled":true,"auth_type":"default","scopings":[],"created_at":"2026-02-13T21:27:19Z","updated_at":"2026-02-13T21:27:19Z","created_by_user_id":"u"}"#;

impl RawServer {
    /// Answers every request with the same integration and closes the connection.
    fn start() -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&lines);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                recorded.lock().unwrap().push(line.trim_end().to_owned());
                // Skip the headers; none of these requests has a body.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{INTEGRATION}",
                    INTEGRATION.len()
                );
                let _ = stream.write_all(response.as_bytes());
            }
        });
        RawServer { addr, lines }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn client(&self) -> Client {
        Client::builder()
            .base_url(self.url())
            .bearer_auth("token")
            .build()
            .unwrap()
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_refused_and_nothing_is_sent() {
    let server = RawServer::start();
    let client = server.client();
    for id in ["..", ".", ""] {
        let err = client.ai_integrations_get(id).await.unwrap_err();
        let Error::InvalidRequest(invalid) = &err else {
            panic!("{id:?}: {err:?}")
        };
        assert!(
            invalid.message().contains("ai_integrations_get"),
            "{invalid}"
        );
        let err = client.ai_integrations_delete(id).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{id:?}: {err:?}");
    }
    assert_eq!(server.lines(), Vec::<String>::new());
}

#[tokio::test]
async fn values_that_only_look_like_dots_are_sent_as_one_segment() {
    let server = RawServer::start();
    let client = server.client();
    for id in ["%2e%2E", "a/../b", "...", ".\t.", "..%2f", "a\\..\\b"] {
        client
            .ai_integrations_get(id)
            .await
            .unwrap_or_else(|e| panic!("{id:?}: {e}"));
    }
    assert_eq!(
        server.lines(),
        [
            "GET /v2/ai-integrations/%252e%252E HTTP/1.1",
            "GET /v2/ai-integrations/a%2F..%2Fb HTTP/1.1",
            "GET /v2/ai-integrations/... HTTP/1.1",
            "GET /v2/ai-integrations/.%09. HTTP/1.1",
            "GET /v2/ai-integrations/..%252f HTTP/1.1",
            "GET /v2/ai-integrations/a%5C..%5Cb HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_query_cannot_move_the_path() {
    let server = RawServer::start();
    // The body is an integration, not a page: the request line is what matters here.
    let _ = server.client().ai_integrations_list().name("../../admin?x=1#frag").cursor("/..").await;
    assert_eq!(
        server.lines(),
        ["GET /v2/ai-integrations?name=..%2F..%2Fadmin%3Fx%3D1%23frag&cursor=%2F.. HTTP/1.1"]
    );
}

#[tokio::test]
async fn a_base_url_keeps_its_path_and_may_not_hold_dot_segments() {
    let server = RawServer::start();
    let client = Client::builder()
        .base_url(format!("{}/proxy/arize/", server.url()))
        .build()
        .unwrap();
    client.ai_integrations_get("abc").await.unwrap();
    assert_eq!(
        server.lines(),
        ["GET /proxy/arize/v2/ai-integrations/abc HTTP/1.1"]
    );

    for path in [
        "/proxy/../admin",
        "/proxy/%2e%2E/admin",
        "/proxy/.",
        "/a\\..\\b",
        "/.\t./x",
        "/x\n",
    ] {
        let err = ClientBuilder::new(None)
            .base_url(format!("{}{path}", server.url()))
            .build()
            .expect_err(path);
        assert!(err.message().contains("base URL"), "{path:?}: {err}");
    }
    assert_eq!(server.lines().len(), 1);
}

#[test]
fn server_variables_may_not_move_the_base_path() {
    for bad in ["..", ".", "v1/../admin", "%2e%2e", "v1/.", "a\\..\\b"] {
        let err = check_path_variable("basePath", bad).expect_err(bad);
        assert!(err.message().contains("`basePath`"), "{err}");
    }
    for fine in ["v1", "v1/beta", "v1.2", "..."] {
        assert!(check_path_variable("basePath", fine).is_ok(), "{fine}");
    }
}
