//! Streamed responses and uploads against a server on loopback that writes its bytes by
//! hand: events cut at awkward places, stalls, disconnects, and bodies read as they arrive.

mod loopback;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use client_tests::runtime::*;
use futures_util::StreamExt;
use loopback::*;
use reqwest::Method;
use serde::Deserialize;
use tokio::io::AsyncReadExt;
use tokio::sync::{mpsc, Notify};

static EVENTS: OperationInfo = OperationInfo { id: "events", method: Method::GET, path_template: "/events", security: &[] };
static CREATE: OperationInfo = OperationInfo { id: "create", method: Method::POST, path_template: "/create", security: &[] };

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Delta {
    text: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type")]
enum Event {
    #[serde(rename = "delta")]
    Delta { text: String },
    #[serde(rename = "error")]
    Error { message: String },
}

/// The operation's error type: a declared 429, and the declared error event.
#[derive(Debug)]
enum Failure {
    TooManyRequests(serde_json::Value),
    ErrorEvent(String),
}

fn deltas(framing: Framing) -> StreamDecoding<Delta, Failure> {
    StreamDecoding {
        framing,
        accepts: |status| status == 200,
        error: |response| match response.status().as_u16() {
            429 => response.api_error_json(Failure::TooManyRequests),
            _ => response.unexpected(),
        },
        item: json_item,
        split: None,
    }
}

fn client(url: &str) -> Client {
    ClientBuilder::new(None).base_url(url).build().unwrap()
}

fn events_request(url: &str) -> StreamRequest<Delta, Failure> {
    StreamRequest::<_, _>::new(&client(url), RequestParts::new(&EVENTS, "/events".to_owned()), deltas(Framing::Events))
}

async fn stream_head(socket: &mut tokio::net::TcpStream) {
    read_request(socket).await;
    write_chunked_head(socket, 200, "text/event-stream").await;
}

#[tokio::test]
async fn events_cut_anywhere_arrive_typed_and_one_at_a_time() {
    let first_seen = Arc::new(Notify::new());
    let seen = first_seen.clone();
    let url = serve(move |mut socket| {
        let seen = seen.clone();
        async move {
            stream_head(&mut socket).await;
            // A comment, then an event cut mid-line and inside the two bytes of `é`.
            for chunk in [&b": keep-alive\r\n"[..], b"id: 1\r\nevent: delta\r\nda", b"ta: {\"text\":\"h\xC3", b"\xA9llo\"}\r\n\r\n"] {
                write_chunk(&mut socket, chunk).await;
            }
            // Nothing more is sent until the client has the first event: it is streamed.
            seen.notified().await;
            write_chunk(&mut socket, b"data: {\"text\":\ndata: \"two\"}\n\n").await;
            write_chunk(&mut socket, b"id: 2\ndata: [DONE]\n\ndata: {\"text\":\"after the end\"}\n\n").await;
            end_chunks(&mut socket).await;
        }
    })
    .await;
    let mut events = events_request(&url).await.unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(events.next().await.unwrap().unwrap(), Delta { text: "h\u{e9}llo".to_owned() });
    assert_eq!(events.last_event_id(), Some("1"));
    first_seen.notify_one();
    assert_eq!(events.next().await.unwrap().unwrap(), Delta { text: "two".to_owned() }, "data lines join");
    assert!(events.next().await.is_none(), "[DONE] ends the stream");
    assert_eq!(events.last_event_id(), Some("2"));
}

#[tokio::test]
async fn a_stall_fails_the_stream_with_the_idle_timeout() {
    let url = serve(|mut socket| async move {
        stream_head(&mut socket).await;
        write_chunk(&mut socket, b"data: {\"text\":\"a\"}\n\n").await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        write_chunk(&mut socket, b"data: {\"text\":\"too late\"}\n\n").await;
        end_chunks(&mut socket).await;
    })
    .await;
    let mut events = events_request(&url).idle_timeout(Duration::from_millis(200)).await.unwrap();
    assert!(events.next().await.unwrap().is_ok());
    match events.next().await {
        Some(Err(Error::Timeout(e))) => assert!(e.is_idle() && !e.is_deadline(), "{e}"),
        other => panic!("expected an idle timeout, got {other:?}"),
    }
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn the_attempt_timeout_covers_the_head_not_the_stream() {
    let url = serve(|mut socket| async move {
        stream_head(&mut socket).await;
        for i in 0..4 {
            tokio::time::sleep(Duration::from_millis(150)).await;
            write_chunk(&mut socket, format!("data: {{\"text\":\"{i}\"}}\n\n").as_bytes()).await;
        }
        end_chunks(&mut socket).await;
    })
    .await;
    let events = events_request(&url).timeout(Duration::from_millis(250)).idle_timeout(Duration::from_secs(5)).await.unwrap();
    let texts: Vec<String> = events.map(|e| e.unwrap().text).collect().await;
    assert_eq!(texts, ["0", "1", "2", "3"]);
}

#[tokio::test]
async fn a_disconnect_mid_stream_is_an_error_not_an_end() {
    let url = serve(|mut socket| async move {
        stream_head(&mut socket).await;
        write_chunk(&mut socket, b"data: {\"text\":\"a\"}\n\ndata: {\"te").await;
        // Dropped without the last chunk: the connection is cut.
    })
    .await;
    let mut events = events_request(&url).await.unwrap();
    assert!(events.next().await.unwrap().is_ok());
    match events.next().await {
        Some(Err(Error::Transport(e))) => assert!(!e.is_connect(), "{e}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_body_that_ends_inside_an_event_is_an_error() {
    let url = serve(|mut socket| async move {
        stream_head(&mut socket).await;
        write_chunk(&mut socket, b"data: {\"text\":\"a\"}\n\ndata: {\"te").await;
        end_chunks(&mut socket).await;
    })
    .await;
    let results: Vec<_> = events_request(&url).await.unwrap().collect().await;
    assert!(results[0].is_ok());
    match &results[1] {
        Err(Error::Decode(e)) => assert!(e.message().contains("middle of an event"), "{e}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(results.len(), 2);
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let (closed_tx, mut closed) = mpsc::unbounded_channel();
    let url = serve(move |mut socket| {
        let closed_tx = closed_tx.clone();
        async move {
            stream_head(&mut socket).await;
            write_chunk(&mut socket, b"data: {\"text\":\"a\"}\n\n").await;
            let _ = closed_tx.send(closed_by_client(&mut socket, Duration::from_secs(10)).await);
        }
    })
    .await;
    let mut events = events_request(&url).await.unwrap();
    assert!(events.next().await.unwrap().is_ok());
    drop(events);
    assert_eq!(closed.recv().await, Some(true), "the server saw the connection close");
}

#[tokio::test]
async fn an_item_that_does_not_decode_names_its_field_and_the_stream_goes_on() {
    let url = serve(|mut socket| async move {
        stream_head(&mut socket).await;
        write_chunk(&mut socket, b"event: delta\ndata: {\"text\": 1}\n\ndata: {\"text\":\"ok\"}\n\n").await;
        end_chunks(&mut socket).await;
    })
    .await;
    let results: Vec<_> = events_request(&url).await.unwrap().collect().await;
    match &results[0] {
        Err(Error::Decode(e)) => {
            assert_eq!(e.path(), "text");
            assert!(e.message().contains("`delta` event"), "{e}");
            assert_eq!(e.body(), "{\"text\": 1}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(results[1].as_ref().unwrap().text, "ok");
}

#[tokio::test]
async fn a_declared_error_event_is_a_typed_error_that_ends_the_stream() {
    let url = serve(|mut socket| async move {
        stream_head(&mut socket).await;
        let body = b"data: {\"type\":\"delta\",\"text\":\"a\"}\n\nevent: error\ndata: {\"type\":\"error\",\"message\":\"overloaded\"}\n\ndata: {\"type\":\"delta\",\"text\":\"b\"}\n\n";
        write_chunk(&mut socket, body).await;
        end_chunks(&mut socket).await;
    })
    .await;
    let decoding = StreamDecoding::<Event, Failure> {
        framing: Framing::Events,
        accepts: |status| status == 200,
        error: |response| response.unexpected(),
        item: json_item,
        split: Some(|event| match event {
            Event::Error { message } => Err(Failure::ErrorEvent(message)),
            other => Ok(other),
        }),
    };
    let request = StreamRequest::<_, _>::new(&client(&url), RequestParts::new(&EVENTS, "/events".to_owned()), decoding);
    let results: Vec<_> = request.await.unwrap().collect().await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap(), &Event::Delta { text: "a".to_owned() });
    match &results[1] {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 200);
            assert!(matches!(e.body(), Failure::ErrorEvent(m) if m == "overloaded"));
        }
        other => panic!("expected the error event, got {other:?}"),
    }
}

#[tokio::test]
async fn a_failed_head_is_retried_and_an_error_status_is_read_whole() {
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    let url = serve(move |mut socket| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            read_request(&mut socket).await;
            match n {
                0 => write_response(&mut socket, 503, "text/plain", b"busy").await,
                1 => {
                    write_chunked_head(&mut socket, 200, "text/event-stream").await;
                    write_chunk(&mut socket, b"data: {\"text\":\"a\"}\n\n").await;
                    end_chunks(&mut socket).await;
                }
                _ => write_response(&mut socket, 429, "application/json", b"{\"retry\":\"later\"}").await,
            }
        }
    })
    .await;
    let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(5)).with_max_retries(1);
    let events = events_request(&url).retry_policy(policy.clone()).await.unwrap();
    assert_eq!(events.collect::<Vec<_>>().await.len(), 1);
    assert_eq!(connections.load(Ordering::SeqCst), 2, "one retry after the 503");
    match events_request(&url).retry_policy(RetryPolicy::never()).await {
        Err(Error::Api(e)) => match e.body() {
            Failure::TooManyRequests(body) => assert_eq!(body["retry"], "later"),
            other => panic!("{other:?}"),
        },
        other => panic!("expected the declared 429, got {other:?}"),
    }
}

#[tokio::test]
async fn last_event_id_is_sent_and_remembered() {
    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    let url = serve(move |mut socket| {
        let seen_tx = seen_tx.clone();
        async move {
            let request = read_request(&mut socket).await;
            let _ = seen_tx.send(request.header("last-event-id").map(str::to_owned));
            write_chunked_head(&mut socket, 200, "text/event-stream").await;
            write_chunk(&mut socket, b"retry: 1500\nid: 42\ndata: {\"text\":\"resumed\"}\n\n").await;
            end_chunks(&mut socket).await;
        }
    })
    .await;
    let mut events = events_request(&url).last_event_id("41").await.unwrap();
    assert_eq!(events.next().await.unwrap().unwrap().text, "resumed");
    assert_eq!(events.last_event_id(), Some("42"));
    assert_eq!(events.retry_interval(), Some(Duration::from_millis(1500)));
    assert_eq!(seen.recv().await, Some(Some("41".to_owned())));
}

#[tokio::test]
async fn json_lines_arrive_as_typed_items() {
    let url = serve(|mut socket| async move {
        read_request(&mut socket).await;
        write_chunked_head(&mut socket, 200, "application/x-ndjson").await;
        write_chunk(&mut socket, b"{\"text\":\"a\"}\n{\"te").await;
        write_chunk(&mut socket, b"xt\":\"b\"}\r\n\n{\"text\":\"c\"}").await;
        end_chunks(&mut socket).await;
    })
    .await;
    let request = StreamRequest::<_, _>::new(&client(&url), RequestParts::new(&EVENTS, "/events".to_owned()), deltas(Framing::Lines));
    let texts: Vec<String> = request.await.unwrap().map(|item| item.unwrap().text).collect().await;
    assert_eq!(texts, ["a", "b", "c"]);
}

fn download(url: &str) -> OperationRequest<Bytes, ()> {
    OperationRequest::<_, _>::new(&client(url), RequestParts::new(&EVENTS, "/events".to_owned()), |response| {
        match response.status().as_u16() {
            200 => response.bytes(),
            _ => Err(response.unexpected()),
        }
    })
}

#[tokio::test]
async fn a_binary_body_reads_as_a_byte_stream_and_as_async_read() {
    let url = serve(|mut socket| async move {
        let request = read_request(&mut socket).await;
        if request.head.contains("missing") {
            return write_response(&mut socket, 404, "text/plain", b"no such file").await;
        }
        write_chunked_head(&mut socket, 200, "application/octet-stream").await;
        for chunk in [&b"\x00\x01"[..], b"\x02", b"\xFF\xFE"] {
            write_chunk(&mut socket, chunk).await;
        }
        end_chunks(&mut socket).await;
    })
    .await;
    let chunks: Vec<Bytes> = download(&url).bytes_stream().await.unwrap().map(|c| c.unwrap()).collect().await;
    assert_eq!(chunks.concat(), b"\x00\x01\x02\xFF\xFE");
    let mut read = Vec::new();
    download(&url).bytes_stream().await.unwrap().read_to_end(&mut read).await.unwrap();
    assert_eq!(read, b"\x00\x01\x02\xFF\xFE");
    let missing = OperationRequest::<Bytes, ()>::new(&client(&url), RequestParts::new(&EVENTS, "/missing".to_owned()), |r| match r.status().as_u16() {
        200 => r.bytes(),
        _ => Err(r.unexpected()),
    });
    match missing.bytes_stream().await {
        Err(Error::UnexpectedStatus(e)) => assert_eq!((e.status().as_u16(), e.body()), (404, "no such file")),
        other => panic!("expected the 404, got {other:?}"),
    }
}

/// A server that answers each request with `statuses` in turn (the last one repeated) and
/// reports every request it read.
async fn recording_server(statuses: &'static [u16]) -> (String, mpsc::UnboundedReceiver<Request>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let served = Arc::new(AtomicUsize::new(0));
    let url = serve(move |mut socket| {
        let (tx, served) = (tx.clone(), served.clone());
        async move {
            let request = read_request(&mut socket).await;
            let n = served.fetch_add(1, Ordering::SeqCst);
            let _ = tx.send(request);
            write_response(&mut socket, statuses[n.min(statuses.len() - 1)], "text/plain", b"").await;
        }
    })
    .await;
    (url, rx)
}

fn temp_file(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("client-tests-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

async fn send_upload(url: &str, parts: RequestParts) -> Result<(), Error<()>> {
    let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(5)).with_max_retries(3).with_retry_non_idempotent(true);
    OperationRequest::<_, _>::new(&client(url), parts, |r| match r.status().as_u16() {
        204 => r.empty(),
        _ => Err(r.unexpected()),
    })
    .retry_policy(policy)
    .await
}

#[tokio::test]
async fn a_file_upload_is_streamed_with_its_length_and_sent_again_on_retry() {
    let contents: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
    let path = temp_file("upload.bin", &contents);
    let (url, mut requests) = recording_server(&[503, 204]).await;
    let mut parts = RequestParts::new(&CREATE, "/create".to_owned());
    parts.upload_body("application/octet-stream", Upload::file(&path));
    send_upload(&url, parts).await.unwrap();
    for _ in 0..2 {
        let request = requests.recv().await.unwrap();
        assert_eq!(request.header("content-length"), Some("150000"));
        assert_eq!(request.header("content-type"), Some("application/octet-stream"));
        assert!(request.body == contents, "the file arrives whole, on each attempt");
    }
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_stream_upload_is_sent_chunked_and_never_twice() {
    let (url, mut requests) = recording_server(&[503]).await;
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"abc")), Ok(Bytes::from_static(b"def"))]);
    let mut parts = RequestParts::new(&CREATE, "/create".to_owned());
    parts.upload_body("application/octet-stream", Upload::stream(chunks).with_content_type("audio/wav"));
    match send_upload(&url, parts).await {
        Err(Error::UnexpectedStatus(e)) => assert_eq!(e.status(), 503),
        other => panic!("expected the 503 itself, got {other:?}"),
    }
    let request = requests.recv().await.unwrap();
    assert_eq!(request.body, b"abcdef");
    assert_eq!(request.header("transfer-encoding"), Some("chunked"));
    assert_eq!(request.header("content-type"), Some("audio/wav"), "the upload's own type wins");
    assert!(requests.try_recv().is_err(), "a sent stream is not retried");
}

#[tokio::test]
async fn multipart_parts_keep_their_types_and_declared_content_types() {
    let path = temp_file("speech.mp3", b"ID3 audio bytes");
    let (url, mut requests) = recording_server(&[204]).await;
    let mut form = Form::new();
    form.field("model", "whisper-1", None);
    form.field("temperature", &0.5, None);
    form.field("include", &["logprobs", "words"], None);
    form.field("language", &None::<String>, None);
    form.field("metadata", &serde_json::json!({"a": 1}), Some("application/json"));
    form.uploads("file", &Upload::file(&path), Some("audio/mpeg"));
    form.uploads("extra", &vec![Upload::from(b"raw".to_vec()).with_file_name("raw.bin")], None);
    let mut parts = RequestParts::new(&CREATE, "/create".to_owned());
    parts.multipart(form);
    send_upload(&url, parts).await.unwrap();
    let request = requests.recv().await.unwrap();
    let content_type = request.header("content-type").unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    let text = String::from_utf8(request.body.clone()).unwrap();
    let part = |head: &str, content: &str| format!("--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n{content}\r\n");
    assert!(text.contains(&part("name=\"model\"", "whisper-1")), "{text}");
    assert!(text.contains(&part("name=\"temperature\"", "0.5")), "{text}");
    assert!(text.contains(&part("name=\"include\"", "logprobs")) && text.contains(&part("name=\"include\"", "words")), "{text}");
    assert!(!text.contains("name=\"language\""), "{text}");
    assert!(text.contains(&part("name=\"metadata\"\r\nContent-Type: application/json", "{\"a\":1}")), "{text}");
    let file_name = path.file_name().unwrap().to_str().unwrap();
    let file_head = format!("name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: audio/mpeg");
    assert!(text.contains(&part(&file_head, "ID3 audio bytes")), "{text}");
    let extra_head = "name=\"extra\"; filename=\"raw.bin\"\r\nContent-Type: application/octet-stream";
    assert!(text.contains(&part(extra_head, "raw")), "{text}");
    assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_missing_file_fails_the_call_before_anything_is_sent() {
    let (url, mut requests) = recording_server(&[204]).await;
    let mut parts = RequestParts::new(&CREATE, "/create".to_owned());
    parts.upload_body("application/octet-stream", Upload::file("/nonexistent/client-tests/file"));
    match send_upload(&url, parts).await {
        Err(Error::InvalidRequest(e)) => assert!(e.message().contains("/nonexistent/client-tests/file"), "{e}"),
        other => panic!("expected an invalid request, got {other:?}"),
    }
    assert!(requests.try_recv().is_err());
}
