//! A server on loopback that answers one request with a recorded event stream (or JSON body), cut into
//! small chunks that split lines and characters, and keeps what the client sent.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The request the server received.
#[derive(Debug)]
pub struct Received {
    /// `POST /chat/completions`, say.
    pub request_line: String,
    /// The `Authorization` header.
    pub authorization: Option<String>,
    /// The JSON body.
    pub body: serde_json::Value,
}

/// A running replay.
pub struct Replay {
    url: String,
    received: oneshot::Receiver<Received>,
}

impl Replay {
    /// The base URL to point a client at.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The request the server answered.
    pub async fn request(self) -> Received {
        self.received.await.expect("the server received a request")
    }
}

/// Bytes per chunk: small and odd, so chunks end inside lines and inside characters.
const CHUNK: usize = 7;

/// Starts a server that answers its first request with `recording` as `text/event-stream`.
pub async fn serve(recording: &'static str) -> Replay {
    serve_as("text/event-stream; charset=utf-8", recording).await
}

/// Starts a server that answers its first request with `recording` as `application/json`.
pub async fn serve_json(recording: &'static str) -> Replay {
    serve_as("application/json", recording).await
}

async fn serve_as(content_type: &'static str, recording: &'static str) -> Replay {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (sender, received) = oneshot::channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let request = read_request(&mut socket).await;
        let _ = sender.send(request);
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n");
        socket.write_all(head.as_bytes()).await.expect("write head");
        for chunk in recording.as_bytes().chunks(CHUNK) {
            socket.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await.expect("write");
            socket.write_all(chunk).await.expect("write");
            socket.write_all(b"\r\n").await.expect("write");
            socket.flush().await.expect("flush");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        socket.write_all(b"0\r\n\r\n").await.expect("write the end");
    });
    Replay { url, received }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Received {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = socket.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the client closed the connection early");
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    };
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = socket.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the body ended early");
        buffer.extend_from_slice(&chunk[..n]);
    }
    Received {
        request_line: head.lines().next().unwrap_or_default().to_owned(),
        authorization: header("authorization"),
        body: serde_json::from_slice(&buffer[head_end..head_end + length]).expect("a JSON body"),
    }
}
