//! 20 MB down and 20 MB up, with the heap measured: a streamed transfer must never hold
//! more than a small part of its body.
//!
//! The allocator of this test binary counts the bytes allocated and not yet freed, and the
//! highest count since the last reset; both ends of each transfer run in this process, so
//! whatever either side buffers shows. One test runs every transfer in turn, so that no other
//! test allocates meanwhile.

mod loopback;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use client_tests::runtime::*;
use futures_util::StreamExt;
use loopback::*;
use reqwest::Method;
use tokio::io::AsyncWriteExt;

struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout is passed on as it is.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grow(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the pointer came from `alloc` with this layout.
        unsafe { System.dealloc(pointer, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's pointer, layout and size are passed on as they are.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            HELD.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        moved
    }
}

fn grow(size: usize) {
    let held = HELD.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(held, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes held at once while `transfer` ran, above what was held before it.
async fn peak_growth<T>(transfer: impl std::future::Future<Output = T>) -> (T, usize) {
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = transfer.await;
    (result, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

const MB: usize = 1024 * 1024;
const SIZE: usize = 20 * MB;
/// Well under the body's size: a few read and write buffers, not the body.
const LIMIT: usize = 4 * MB;
static BLOCK: [u8; 64 * 1024] = [b'x'; 64 * 1024];

static DOWNLOAD: OperationInfo = OperationInfo { id: "download", method: Method::GET, path_template: "/file", security: &[] };
static UPLOAD: OperationInfo = OperationInfo { id: "upload", method: Method::POST, path_template: "/upload", security: &[] };

fn download(client: &Client) -> OperationRequest<Bytes, ()> {
    OperationRequest::<_, _>::new(client, RequestParts::new(&DOWNLOAD, "/file".to_owned()), |r| match r.status().as_u16() {
        200 => r.bytes(),
        _ => Err(r.unexpected()),
    })
}

#[tokio::test]
async fn twenty_megabytes_stream_down_and_up_in_a_small_part_of_their_size() {
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let url = serve(move |mut socket| {
        let counter = counter.clone();
        async move {
            let (head, mut rest) = read_head(&mut socket).await;
            let request = Request { head, body: Vec::new() };
            if request.head.starts_with("GET") {
                let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {SIZE}\r\n\r\n");
                socket.write_all(head.as_bytes()).await.unwrap();
                for _ in 0..SIZE / BLOCK.len() {
                    socket.write_all(&BLOCK).await.unwrap();
                }
            } else {
                let mut tail = Vec::new();
                consume_body(&mut socket, &request, &mut rest, &mut |bytes| {
                    counter.fetch_add(bytes.len(), Ordering::Relaxed);
                    tail.extend_from_slice(&bytes[bytes.len().saturating_sub(64)..]);
                    let keep = tail.len().saturating_sub(64);
                    tail.drain(..keep);
                })
                .await;
                assert!(tail.ends_with(b"--\r\n"), "the form's closing boundary arrived");
                write_response(&mut socket, 204, "text/plain", b"").await;
            }
        }
    })
    .await;
    let client = ClientBuilder::new(None).base_url(&url).build().unwrap();

    // The measure itself: a buffered download holds the whole body.
    let (body, buffered) = peak_growth(download(&client).send()).await;
    assert_eq!(body.unwrap().len(), SIZE);
    assert!(buffered >= SIZE, "a buffered download held {buffered} bytes at most");

    let (streamed, peak) = peak_growth(async {
        let mut stream = download(&client).bytes_stream().await.unwrap();
        let mut total = 0;
        while let Some(chunk) = stream.next().await {
            total += chunk.unwrap().len();
        }
        total
    })
    .await;
    assert_eq!(streamed, SIZE);
    println!("download of {SIZE} bytes: peak heap growth {peak} bytes (buffered: {buffered})");
    assert!(peak < LIMIT, "a streamed download held {peak} bytes at most");

    let path = std::env::temp_dir().join(format!("client-tests-{}-large.bin", std::process::id()));
    let mut file = std::fs::File::create(&path).unwrap();
    for _ in 0..SIZE / BLOCK.len() {
        file.write_all(&BLOCK).unwrap();
    }
    drop(file);
    let (sent, peak) = peak_growth(async {
        let mut form = Form::new();
        form.field("purpose", "batch", None);
        form.uploads("file", &Upload::file(&path), Some("application/octet-stream"));
        let mut parts = RequestParts::new(&UPLOAD, "/upload".to_owned());
        parts.multipart(form);
        let request: OperationRequest<(), ()> = OperationRequest::<_, _>::new(&client, parts, |r| match r.status().as_u16() {
            204 => r.empty(),
            _ => Err(r.unexpected()),
        });
        request.await
    })
    .await;
    std::fs::remove_file(&path).unwrap();
    sent.unwrap();
    let uploaded = received.load(Ordering::Relaxed);
    assert!(uploaded > SIZE, "the server received {uploaded} bytes");
    println!("multipart upload of {uploaded} bytes: peak heap growth {peak} bytes");
    assert!(peak < LIMIT, "a streamed multipart upload held {peak} bytes at most");
}
