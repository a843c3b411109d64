//! A bare HTTP/1.1 server on loopback for the streaming tests: each test writes its
//! response byte by byte (chunk boundaries, pauses, an abrupt close), which a mock server
//! that sends whole bodies cannot do.

#![allow(dead_code)]

use std::future::Future;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves every connection with `handle` until the test ends; returns the base URL.
pub async fn serve<F, Fut>(handle: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(handle(socket));
        }
    });
    url
}

/// A request as the server read it.
#[derive(Debug)]
pub struct Request {
    /// The request line and headers, lower-cased names as sent.
    pub head: String,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Request {
    /// A header's value, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Reads the request head (through the blank line), leaving what came after it.
pub async fn read_head(socket: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buffer.split_off(end + 4);
            return (String::from_utf8_lossy(&buffer).into_owned(), rest);
        }
        let n = socket.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the client closed before sending a request head");
        buffer.extend_from_slice(&chunk[..n]);
    }
}

/// Reads a whole request, body included (by `Content-Length` or chunked).
pub async fn read_request(socket: &mut TcpStream) -> Request {
    let (head, mut rest) = read_head(socket).await;
    let request = Request { head, body: Vec::new() };
    let mut body = Vec::new();
    consume_body(socket, &request, &mut rest, &mut |bytes| body.extend_from_slice(bytes)).await;
    Request { body, ..request }
}

/// Reads a request's body, handing each piece to `sink`, without keeping it.
pub async fn consume_body(socket: &mut TcpStream, request: &Request, rest: &mut Vec<u8>, sink: &mut (dyn FnMut(&[u8]) + Send)) {
    if let Some(length) = request.header("content-length") {
        let mut remaining: usize = length.parse().unwrap();
        let now = remaining.min(rest.len());
        sink(&rest[..now]);
        remaining -= now;
        let mut chunk = vec![0u8; 64 * 1024];
        while remaining > 0 {
            let n = socket.read(&mut chunk[..remaining.min(64 * 1024)]).await.unwrap();
            assert!(n > 0, "the body ended early");
            sink(&chunk[..n]);
            remaining -= n;
        }
    } else if request.header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        let mut buffer = std::mem::take(rest);
        loop {
            let size_line = read_line(socket, &mut buffer).await;
            let size = usize::from_str_radix(size_line.trim(), 16).unwrap();
            while buffer.len() < size + 2 {
                fill(socket, &mut buffer).await;
            }
            sink(&buffer[..size]);
            buffer.drain(..size + 2);
            if size == 0 {
                return;
            }
        }
    }
}

async fn fill(socket: &mut TcpStream, buffer: &mut Vec<u8>) {
    let mut chunk = vec![0u8; 64 * 1024];
    let n = socket.read(&mut chunk).await.unwrap();
    assert!(n > 0, "the body ended early");
    buffer.extend_from_slice(&chunk[..n]);
}

async fn read_line(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> String {
    loop {
        if let Some(end) = buffer.windows(2).position(|w| w == b"\r\n") {
            let line: Vec<u8> = buffer.drain(..end + 2).collect();
            return String::from_utf8_lossy(&line[..end]).into_owned();
        }
        fill(socket, buffer).await;
    }
}

/// Writes a response head for a chunked body.
pub async fn write_chunked_head(socket: &mut TcpStream, status: u16, content_type: &str) {
    let head = format!("HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n");
    socket.write_all(head.as_bytes()).await.unwrap();
}

/// Writes one chunk of a chunked body and flushes it to the wire.
pub async fn write_chunk(socket: &mut TcpStream, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    socket.write_all(format!("{:x}\r\n", bytes.len()).as_bytes()).await.unwrap();
    socket.write_all(bytes).await.unwrap();
    socket.write_all(b"\r\n").await.unwrap();
    socket.flush().await.unwrap();
}

/// Ends a chunked body.
pub async fn end_chunks(socket: &mut TcpStream) {
    socket.write_all(b"0\r\n\r\n").await.unwrap();
    socket.flush().await.unwrap();
}

/// A complete response with a body of known length.
pub async fn write_response(socket: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) {
    let head = format!("HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n", body.len());
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(body).await.unwrap();
    socket.flush().await.unwrap();
}

/// Waits until the client closes the connection; `false` if it had not after `limit`.
pub async fn closed_by_client(socket: &mut TcpStream, limit: Duration) -> bool {
    let mut chunk = [0u8; 1024];
    let wait = async {
        loop {
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(limit, wait).await.is_ok()
}
