//! Responses read while they arrive: typed streams of server-sent events, JSON Lines and
//! JSON text sequences ([`EventStream`]), and binary bodies as chunks of bytes
//! ([`ByteStream`]).
//!
//! A streamed call is retried, as any call, on what the status and headers of an attempt
//! say (see `send.rs`); once its head has been accepted nothing is sent again, so no item is
//! ever delivered twice. The per-attempt timeout covers only the connection and the head;
//! after that an idle timeout limits how long the body may send nothing, and no total limit
//! cuts a long stream short. Dropping a stream drops the response, which closes its
//! connection.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{body_excerpt, ApiError, DecodeError, Error, TimeoutError, TimeoutKind, TransportError};
use super::framing::{Decoder, Framing, RawItem, Truncated};
use super::hooks::Hook;
use super::request::{OperationRequest, OptionalParameters, RawResponse, RequestOptions, RequestParts};
use super::retry::RetryPolicy;
use super::send::{self, Failure, Head, Outcome};

/// How a generated streaming method reads its response.
#[doc(hidden)]
pub struct StreamDecoding<T, E> {
    /// How the body is cut into items.
    pub framing: Framing,
    /// Whether a status is one whose body is the stream.
    pub accepts: fn(u16) -> bool,
    /// Turns any other response, read whole, into the error it means.
    pub error: fn(RawResponse) -> Error<E>,
    /// Decodes one item's data.
    pub item: fn(&str) -> Result<T, ItemError>,
    /// Takes out the items that are the API's declared error events.
    pub split: Option<fn(T) -> Result<T, E>>,
}

impl<T, E> Clone for StreamDecoding<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, E> Copy for StreamDecoding<T, E> {}

/// Why one item's data did not decode.
#[doc(hidden)]
#[derive(Debug)]
pub struct ItemError {
    path: String,
    message: String,
}

/// Decodes an item's data as JSON.
#[doc(hidden)]
pub fn json_item<T: DeserializeOwned>(data: &str) -> Result<T, ItemError> {
    serde_json::from_str(data).map_err(|e| ItemError {
        path: super::json_path::path_at(data.as_bytes(), e.line(), e.column()),
        message: e.to_string(),
    })
}

/// Takes an item's data as text.
#[doc(hidden)]
pub fn text_item(data: &str) -> Result<String, ItemError> {
    Ok(data.to_owned())
}

/// A call to a streaming operation, ready to send: `.await` it for the [`EventStream`], or
/// adjust it first.
///
/// ```text
/// let mut events = client.create_chat_completion_stream(&request).idle_timeout(Duration::from_secs(30)).await?;
/// while let Some(chunk) = events.next().await { print!("{:?}", chunk?); }
/// ```
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct StreamRequest<T, E, P = ()> {
    client: Client,
    parts: RequestParts,
    options: RequestOptions,
    decoding: StreamDecoding<T, E>,
    /// The optional parameters set so far, written into `parts` when the call is sent.
    pub(crate) params: P,
}

impl<T, E, P> fmt::Debug for StreamRequest<T, E, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamRequest")
            .field("operation", &self.parts.info.id)
            .field("framing", &self.decoding.framing)
            .field("timeout", &self.options.timeout)
            .field("idle_timeout", &self.options.idle_timeout)
            .field("retry", &self.options.retry)
            .field("hooks", &self.options.hooks.len())
            .finish_non_exhaustive()
    }
}

impl<T, E, P: OptionalParameters> StreamRequest<T, E, P> {
    /// Wraps filled-in request parts and how the operation's stream is read; no optional
    /// parameter is set yet.
    #[doc(hidden)]
    pub fn new(client: &Client, parts: RequestParts, decoding: StreamDecoding<T, E>) -> Self {
        StreamRequest { client: client.clone(), parts, options: RequestOptions::default(), decoding, params: P::default() }
    }

    /// Sends the request and returns the stream once the response head has arrived.
    pub async fn send(self) -> Result<EventStream<T, E>, Error<E>> {
        let decoding = self.decoding;
        let mut parts = self.parts;
        self.params.write(&mut parts);
        let head = send::execute_head(&self.client, parts, self.options)
            .await
            .map_err(Failure::into_error)?;
        let accepts = |status: StatusCode| (decoding.accepts)(status.as_u16());
        let (status, headers, body) = open_body(head, accepts, decoding.error).await?;
        Ok(EventStream {
            status,
            headers,
            body,
            decoder: Decoder::new(decoding.framing),
            decoding,
            ended: false,
            finished: false,
        })
    }
}

impl<T, E, P> StreamRequest<T, E, P> {
    /// Limits each attempt of this call, up to the arrival of the response head, to
    /// `timeout`; the stream itself is limited only by the idle timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Fails the stream when no bytes arrive for this long (instead of the client's
    /// [`idle_timeout`](super::ClientBuilder::idle_timeout)).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.options.idle_timeout = Some(timeout);
        self
    }

    /// Adds a header to this call. An invalid name or value makes the call fail with
    /// [`Error::InvalidRequest`] without sending anything.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.options.add_header(name.as_ref(), value.as_ref());
        self
    }

    /// Asks the server to resume after the event with this id (the `Last-Event-ID`
    /// header), e.g. the [`EventStream::last_event_id`] of a stream that broke off.
    pub fn last_event_id(self, id: impl AsRef<str>) -> Self {
        self.header("last-event-id", id)
    }

    /// Uses this retry policy instead of the client's for this call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Allows (or forbids) retrying this call even if its method is not idempotent.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.options.retry_non_idempotent = Some(retry);
        self
    }

    /// Adds a hook that runs around every attempt of this call.
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.options.hooks.push(Arc::new(hook));
        self
    }
}

impl<T: Send + 'static, E: Send + 'static, P: OptionalParameters> IntoFuture for StreamRequest<T, E, P> {
    type Output = Result<EventStream<T, E>, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The head of an accepted response, and its body to read; any other response is read
/// whole (within the per-attempt timeout) and becomes the error it means.
async fn open_body<E>(
    head: Head,
    accepts: impl Fn(StatusCode) -> bool,
    error: impl FnOnce(RawResponse) -> Error<E>,
) -> Result<(StatusCode, HeaderMap, BodyReader), Error<E>> {
    let Head { mut response, attempts, timeout, idle_timeout } = head;
    if accepts(response.status()) {
        let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
        return Ok((status, headers, BodyReader::new(response, idle_timeout, attempts)));
    }
    let started = tokio::time::Instant::now();
    let read = send::read_body(response);
    let outcome = match timeout {
        Some(limit) => tokio::time::timeout(limit, read).await.unwrap_or(Outcome::TimedOut(false)),
        None => read.await,
    };
    Err(match outcome {
        Outcome::Response(raw) => error(raw),
        Outcome::Failed(e, _) => Error::Transport(TransportError { source: e.without_url(), attempts }),
        Outcome::TimedOut(_) => {
            Error::Timeout(TimeoutError { kind: TimeoutKind::Attempt, elapsed: started.elapsed(), attempts })
        }
        Outcome::Stopped(failure) => failure.into_error(),
    })
}

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A response body read chunk by chunk, failing when it stalls.
struct BodyReader {
    chunks: Chunks,
    idle: Option<(Duration, Pin<Box<tokio::time::Sleep>>)>,
    attempts: u32,
}

impl BodyReader {
    fn new(response: reqwest::Response, idle_timeout: Option<Duration>, attempts: u32) -> Self {
        // `Response::chunk` borrows the response; the stream owns it, so dropping the stream
        // drops the response and closes the connection.
        let chunks = futures_util::stream::unfold(response, |mut response| async move {
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), response)),
                Ok(None) => None,
                Err(e) => Some((Err(e), response)),
            }
        });
        let idle = idle_timeout.map(|limit| (limit, Box::pin(tokio::time::sleep(limit))));
        BodyReader { chunks: Box::pin(chunks), idle, attempts }
    }

    /// The next chunk; `None` at the end of the body.
    fn poll_chunk<E>(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Error<E>>>> {
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some((limit, sleep)) = &mut self.idle {
                    sleep.as_mut().reset(tokio::time::Instant::now() + *limit);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                let error = TransportError { source: e.without_url(), attempts: self.attempts };
                Poll::Ready(Some(Err(Error::Transport(error))))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match &mut self.idle {
                Some((limit, sleep)) => {
                    ready!(sleep.as_mut().poll(cx));
                    let error = TimeoutError { kind: TimeoutKind::Idle, elapsed: *limit, attempts: self.attempts };
                    Poll::Ready(Some(Err(Error::Timeout(error))))
                }
                None => Poll::Pending,
            },
        }
    }
}

/// The items of a streamed response, decoded one by one as they arrive.
///
/// Each item is `Ok` with its decoded value, or `Err`: an item that does not match the
/// schema is an [`Error::Decode`] naming the field, and the stream goes on after it; a
/// declared error event is an [`Error::Api`], a connection failure an [`Error::Transport`]
/// and a stall an [`Error::Timeout`] (see [`TimeoutError::is_idle`]), and each of these ends
/// the stream. An event stream ends cleanly at the `[DONE]` sentinel or at the end of the
/// body; a body that ends in the middle of an event is an error.
///
/// Boxed inside, so it is `Unpin` and works with `StreamExt::next` as it is. Dropping it
/// closes the connection.
pub struct EventStream<T, E> {
    status: StatusCode,
    headers: HeaderMap,
    body: BodyReader,
    decoder: Decoder,
    decoding: StreamDecoding<T, E>,
    /// The body has ended; items may still be queued.
    ended: bool,
    /// Nothing more will be yielded.
    finished: bool,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("framing", &self.decoding.framing)
            .field("last_event_id", &self.decoder.last_event_id())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T, E> EventStream<T, E> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The id of the last complete event, if the server sends ids: pass it to
    /// [`StreamRequest::last_event_id`] to resume after it.
    pub fn last_event_id(&self) -> Option<&str> {
        self.decoder.last_event_id()
    }

    /// How long the server asked clients to wait before reconnecting (`retry:`), if it did.
    pub fn retry_interval(&self) -> Option<Duration> {
        self.decoder.retry()
    }

    /// Decodes one item; `true` with it if it ends the stream.
    fn decode(&self, item: RawItem) -> (Result<T, Error<E>>, bool) {
        let value = match (self.decoding.item)(&item.data) {
            Ok(value) => value,
            Err(ItemError { path, message }) => {
                let error = DecodeError {
                    status: self.status,
                    headers: Box::new(self.headers.clone()),
                    path,
                    message: format!("in a `{}` event: {message}", item_name(&item, self.decoding.framing)),
                    body: body_excerpt(item.data.as_bytes()),
                };
                return (Err(Error::Decode(error)), false);
            }
        };
        let split = match self.decoding.split {
            Some(split) => split(value),
            None => Ok(value),
        };
        match split {
            Ok(value) => (Ok(value), false),
            Err(body) => {
                let error = ApiError { status: self.status, headers: Box::new(self.headers.clone()), body };
                (Err(Error::Api(Box::new(error))), true)
            }
        }
    }

    fn truncated(&self) -> Error<E> {
        Error::Decode(DecodeError {
            status: self.status,
            headers: Box::new(self.headers.clone()),
            path: ".".to_owned(),
            message: "the response ended in the middle of an event".to_owned(),
            body: String::new(),
        })
    }
}

fn item_name(item: &RawItem, framing: Framing) -> &str {
    match framing {
        Framing::Events => &item.event,
        Framing::Lines => "line",
        Framing::Sequence => "record",
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(item) = this.decoder.next_item() {
                if this.decoding.framing == Framing::Events && item.data == "[DONE]" {
                    this.finished = true;
                    continue;
                }
                let (result, last) = this.decode(item);
                this.finished = last;
                return Poll::Ready(Some(result));
            }
            if this.ended {
                this.finished = true;
                continue;
            }
            match ready!(this.body.poll_chunk::<E>(cx)) {
                Some(Ok(chunk)) => this.decoder.push(&chunk),
                Some(Err(error)) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
                None => {
                    this.ended = true;
                    if let Err(Truncated) = this.decoder.finish() {
                        this.finished = true;
                        return Poll::Ready(Some(Err(this.truncated())));
                    }
                }
            }
        }
    }
}

/// A binary response body, chunk by chunk as it arrives, never held whole; also an
/// [`AsyncRead`](tokio::io::AsyncRead), e.g. for `tokio::io::copy` into a file.
///
/// A failure or stall ends it with an [`Error::Transport`] or [`Error::Timeout`]. Dropping it
/// closes the connection.
pub struct ByteStream<E> {
    status: StatusCode,
    headers: HeaderMap,
    body: BodyReader,
    /// What `AsyncRead` has not handed out yet of the last chunk.
    unread: Bytes,
    finished: bool,
    error_type: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).field("finished", &self.finished).finish_non_exhaustive()
    }
}

impl<E> ByteStream<E> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's length as the server announced it, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(reqwest::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.finished {
            return Poll::Ready(None);
        }
        let next = ready!(self.body.poll_chunk::<E>(cx));
        if !matches!(next, Some(Ok(_))) {
            self.finished = true;
        }
        Poll::Ready(next)
    }
}

impl<E: fmt::Debug + Send + Sync + 'static> tokio::io::AsyncRead for ByteStream<E> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        while self.unread.is_empty() {
            match ready!(self.as_mut().poll_next(cx)) {
                Some(Ok(chunk)) => self.unread = chunk,
                Some(Err(error)) => return Poll::Ready(Err(io::Error::other(error))),
                None => return Poll::Ready(Ok(())),
            }
        }
        let n = self.unread.len().min(buf.remaining());
        let chunk = self.unread.split_to(n);
        buf.put_slice(&chunk);
        Poll::Ready(Ok(()))
    }
}

impl<E, P: OptionalParameters> OperationRequest<Bytes, E, P> {
    /// Sends the request and returns the body as a [`ByteStream`] once the response head
    /// has arrived, instead of reading it whole. The per-attempt timeout covers only the
    /// connection and the head; then the idle timeout applies. A response the operation
    /// does not declare as its binary success is read whole and returned as the error it
    /// means.
    pub async fn bytes_stream(self) -> Result<ByteStream<E>, Error<E>> {
        let (client, parts, options, decode) = self.into_call();
        let head = send::execute_head(&client, parts, options)
            .await
            .map_err(Failure::into_error)?;
        // The decoder accepts a status exactly when it is a success; a binary success
        // decodes from any body, the empty one included, so only the head is needed.
        let accepts = |status: StatusCode| {
            decode(RawResponse { status, headers: HeaderMap::new(), body: Bytes::new() }).is_ok()
        };
        let error = |raw: RawResponse| {
            let kept = RawResponse { status: raw.status, headers: raw.headers.clone(), body: raw.body.clone() };
            decode(raw).err().unwrap_or_else(|| kept.unexpected())
        };
        let (status, headers, body) = open_body(head, accepts, error).await?;
        Ok(ByteStream { status, headers, body, unread: Bytes::new(), finished: false, error_type: PhantomData })
    }
}
