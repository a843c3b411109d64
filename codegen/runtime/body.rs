//! Request bodies that need not be held in memory: an [`Upload`] is bytes, a stream or a
//! file, and a file or stream is read as it is sent, in small chunks.
//!
//! A body is sent through `reqwest::Body::wrap` with an `http_body::Body` of our own, so
//! reqwest's `stream` feature (and the `tokio-util` it brings) is not needed.

use std::collections::VecDeque;
use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Frame, SizeHint};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::InvalidRequest;
use super::hooks::BoxError;
use super::multipart::Form;

/// How much of a file is read at a time.
const FILE_CHUNK: usize = 64 * 1024;

/// Content to upload: bytes in memory, a stream of chunks, or a file that is read while it
/// is sent. Used for binary request bodies and for the `format: binary` parts of multipart
/// bodies.
///
/// ```text
/// let audio = Upload::file("speech.mp3").with_content_type("audio/mpeg");
/// let bytes = Upload::from(vec![1, 2, 3]).with_file_name("data.bin");
/// let live = Upload::stream(chunks); // any Stream<Item = Result<impl Into<Bytes>, E>>
/// ```
///
/// A file is opened again for each attempt, so a call that uploads one can be retried; a
/// stream can be read only once, so a call that sends one is never retried after it was sent.
#[derive(Clone)]
pub struct Upload {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

type ByteSource = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File(PathBuf),
    /// Taken by the first attempt that sends it; clones share it.
    Stream(Arc<Mutex<Option<ByteSource>>>),
}

impl Upload {
    /// Bytes already in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self::from_source(Source::Bytes(bytes.into()))
    }

    /// A file, read in chunks while the request is sent; its file name is the path's last
    /// component unless [`with_file_name`](Self::with_file_name) says otherwise.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Upload { file_name, ..Self::from_source(Source::File(path)) }
    }

    /// A stream of chunks, sent as they come; it can be sent only once.
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        let mapped = MapChunks { inner: Box::pin(stream) };
        Self::from_source(Source::Stream(Arc::new(Mutex::new(Some(Box::pin(mapped))))))
    }

    fn from_source(source: Source) -> Self {
        Upload { source, file_name: None, content_type: None }
    }

    /// Sets the file name sent with a multipart part (servers often read the format from it).
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the content type, instead of the one the API description declares.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name, if one is set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if one is set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes, for an upload made from bytes in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// Whether it can be sent again (bytes and files can, a stream cannot).
    pub(super) fn replayable(&self) -> bool {
        !matches!(self.source, Source::Stream(_))
    }

    /// The content for one attempt: the bytes, the opened file, or the stream.
    pub(super) async fn open(&self) -> Result<Segment, InvalidRequest> {
        match &self.source {
            Source::Bytes(bytes) => Ok(Segment::Bytes(bytes.clone())),
            Source::File(path) => open_file(path).await,
            Source::Stream(shared) => {
                let taken = shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
                taken.map(|s| Segment::Stream(Mutex::new(s))).ok_or_else(|| {
                    InvalidRequest::new("an upload stream was already sent; a stream can be sent only once")
                })
            }
        }
    }
}

async fn open_file(path: &Path) -> Result<Segment, InvalidRequest> {
    let fail = |e: std::io::Error| {
        InvalidRequest::new(format!("cannot read the file to upload, {}: {e}", path.display()))
    };
    let file = tokio::fs::File::open(path).await.map_err(fail)?;
    let length = file.metadata().await.map_err(fail)?.len();
    Ok(Segment::File { file, remaining: length })
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::bytes(text)
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Self {
        Upload::bytes(text)
    }
}

impl From<&Upload> for Upload {
    fn from(upload: &Upload) -> Self {
        upload.clone()
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::File(path) => format!("file {}", path.display()),
            Source::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("Upload")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Same bytes, same file, or the very same stream; and the same name and content type.
impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        let same_source = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File(a), Source::File(b)) => a == b,
            (Source::Stream(a), Source::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_source && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

/// In a JSON document a binary value is a string: bytes are written as (lossy) UTF-8 text;
/// a file or stream cannot be written there.
impl Serialize for Upload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            Source::Bytes(bytes) => serializer.serialize_str(&String::from_utf8_lossy(bytes)),
            _ => Err(serde::ser::Error::custom(
                "a file or stream upload can be sent only as a binary body or a multipart part",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Upload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Upload::from)
    }
}

/// Values that hold uploads: an [`Upload`], or an optional or repeated one, as the fields
/// of a generated multipart body have them.
#[doc(hidden)]
pub trait Uploads {
    /// Calls `each` for every upload held, in order.
    fn each_upload(&self, each: &mut dyn FnMut(&Upload));
}

impl Uploads for Upload {
    fn each_upload(&self, each: &mut dyn FnMut(&Upload)) {
        each(self)
    }
}

impl<T: Uploads> Uploads for Option<T> {
    fn each_upload(&self, each: &mut dyn FnMut(&Upload)) {
        if let Some(value) = self {
            value.each_upload(each)
        }
    }
}

impl<T: Uploads> Uploads for Vec<T> {
    fn each_upload(&self, each: &mut dyn FnMut(&Upload)) {
        self.iter().for_each(|value| value.each_upload(each))
    }
}

impl<T: Uploads> Uploads for Box<T> {
    fn each_upload(&self, each: &mut dyn FnMut(&Upload)) {
        (**self).each_upload(each)
    }
}

impl<T: Uploads> Uploads for super::nullable::Nullable<T> {
    fn each_upload(&self, each: &mut dyn FnMut(&Upload)) {
        if let super::nullable::Nullable::Value(value) = self {
            value.each_upload(each)
        }
    }
}

/// A request body as a call keeps it between attempts.
#[derive(Clone, Debug)]
pub(super) enum Payload {
    Bytes(Bytes),
    Upload(Upload),
    Form(Form),
}

impl Payload {
    /// The body, if it is held in memory.
    pub(super) fn as_bytes(&self) -> Option<&Bytes> {
        match self {
            Payload::Bytes(bytes) => Some(bytes),
            Payload::Upload(upload) => upload.as_bytes(),
            Payload::Form(_) => None,
        }
    }

    /// Whether a retry can send it again.
    pub(super) fn replayable(&self) -> bool {
        match self {
            Payload::Bytes(_) => true,
            Payload::Upload(upload) => upload.replayable(),
            Payload::Form(form) => form.replayable(),
        }
    }

    /// The body for one attempt: files are opened and streams taken now.
    pub(super) async fn open(&self) -> Result<reqwest::Body, InvalidRequest> {
        let segments = match self {
            Payload::Bytes(bytes) => return Ok(bytes.clone().into()),
            Payload::Upload(upload) => match upload.open().await? {
                Segment::Bytes(bytes) => return Ok(bytes.into()),
                other => VecDeque::from([other]),
            },
            Payload::Form(form) => form.open().await?,
        };
        Ok(reqwest::Body::wrap(Segments::new(segments)))
    }
}

/// One piece of a body being sent.
pub(super) enum Segment {
    Bytes(Bytes),
    File { file: tokio::fs::File, remaining: u64 },
    /// In a `Mutex` only so that the body is `Sync`, as reqwest wants; it is reached
    /// through `get_mut`, which never locks.
    Stream(Mutex<ByteSource>),
}

impl Segment {
    fn known_length(&self) -> Option<u64> {
        match self {
            Segment::Bytes(bytes) => Some(bytes.len() as u64),
            Segment::File { remaining, .. } => Some(*remaining),
            Segment::Stream(_) => None,
        }
    }
}

/// Pieces sent one after another; the length is exact when no piece is a stream, so the
/// request gets a `Content-Length`.
struct Segments {
    queue: VecDeque<Segment>,
    length: Option<u64>,
}

impl Segments {
    fn new(queue: VecDeque<Segment>) -> Self {
        let length = queue.iter().map(Segment::known_length).sum();
        Segments { queue, length }
    }
}

impl http_body::Body for Segments {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        loop {
            let Some(segment) = self.queue.front_mut() else { return Poll::Ready(None) };
            let next = match segment {
                Segment::Bytes(bytes) => (!bytes.is_empty()).then(|| Ok(std::mem::take(bytes))),
                Segment::File { file, remaining } => match poll_file(file, remaining, cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(next) => next,
                },
                Segment::Stream(stream) => {
                    let stream = stream.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
                    match stream.as_mut().poll_next(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(next) => next,
                    }
                }
            };
            match next {
                None => {
                    self.queue.pop_front();
                }
                // A stream may yield an empty chunk; ask it again.
                Some(Ok(chunk)) if chunk.is_empty() => {}
                Some(Ok(chunk)) => return Poll::Ready(Some(Ok(Frame::data(chunk)))),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
            }
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self.length {
            Some(length) => SizeHint::with_exact(length),
            None => SizeHint::default(),
        }
    }
}

/// The next chunk of a file; `None` at its end.
fn poll_file(file: &mut tokio::fs::File, remaining: &mut u64, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, BoxError>>> {
    use tokio::io::AsyncRead;
    if *remaining == 0 {
        return Poll::Ready(None);
    }
    let mut chunk = vec![0; usize::try_from(*remaining).map_or(FILE_CHUNK, |r| r.min(FILE_CHUNK))];
    let mut buffer = tokio::io::ReadBuf::new(&mut chunk);
    let read = match Pin::new(file).poll_read(cx, &mut buffer) {
        Poll::Pending => return Poll::Pending,
        Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(Box::new(e)))),
        Poll::Ready(Ok(())) => buffer.filled().len(),
    };
    if read == 0 {
        return Poll::Ready(Some(Err("the file to upload became shorter while it was sent".into())));
    }
    chunk.truncate(read);
    *remaining -= read as u64;
    Poll::Ready(Some(Ok(chunk.into())))
}

/// A caller's stream with its chunks and errors made uniform.
struct MapChunks<S> {
    inner: Pin<Box<S>>,
}

impl<S, B, E> Stream for MapChunks<S>
where
    S: Stream<Item = Result<B, E>>,
    B: Into<Bytes>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx).map(|next| next.map(|item| item.map(Into::into).map_err(Into::into)))
    }
}
