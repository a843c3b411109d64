//! The error type returned by every operation, and its parts.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::hooks::BoxError;

/// Bodies kept in errors are cut to this many bytes, so a huge error page
/// does not bloat every `Error` that is passed around or logged.
const BODY_EXCERPT_LIMIT: usize = 4096;

/// Anything that can go wrong when calling an operation.
///
/// `E` is the operation's error-body type: the responses the API description
/// declares for failures arrive as [`Error::Api`] with a typed body.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error<E> {
    /// The server answered with a status the operation declares, and its body
    /// was decoded into `E`. Boxed: error bodies can be large, and a large
    /// `Err` makes every `Result` that carries one large too.
    Api(Box<ApiError<E>>),
    /// The server answered with a status the operation does not declare.
    UnexpectedStatus(UnexpectedStatus),
    /// The response body could not be decoded into the declared type.
    Decode(DecodeError),
    /// An attempt or the whole call ran out of time.
    Timeout(TimeoutError),
    /// The connection failed before a complete response arrived.
    Transport(TransportError),
    /// The request could not be built, so nothing was sent.
    InvalidRequest(InvalidRequest),
    /// A [`Hook`](super::Hook) stopped the call with an error of its own.
    Hook(HookError),
    /// A credential's [`TokenProvider`](super::TokenProvider) failed, so nothing was sent.
    Credential(CredentialError),
}

impl<E> Error<E> {
    /// The HTTP status, if a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The response headers, if a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::UnexpectedStatus(e) => Some(&e.headers),
            Error::Decode(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// How long the server asked the client to wait before trying again
    /// (`Retry-After` or `retry-after-ms`), if it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        self.headers().and_then(super::retry::retry_after)
    }

    /// The typed error body, if this is an [`Error::Api`].
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(&e.body),
            _ => None,
        }
    }

    /// Takes the typed error body, if this is an [`Error::Api`].
    pub fn into_api(self) -> Option<E> {
        match self {
            Error::Api(e) => Some(e.body),
            _ => None,
        }
    }

    /// Returns `true` if the call failed because it ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::UnexpectedStatus(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Timeout(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::InvalidRequest(e) => e.fmt(f),
            Error::Hook(e) => e.fmt(f),
            Error::Credential(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // Each variant displays its own message, so the chain continues with
        // whatever that variant wraps rather than repeating it.
        match self {
            Error::Transport(e) => std::error::Error::source(e),
            Error::Hook(e) => std::error::Error::source(e),
            Error::Credential(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

/// A response whose status the operation declares, with its decoded body.
#[derive(Debug)]
pub struct ApiError<E> {
    pub(super) status: StatusCode,
    pub(super) headers: Box<HeaderMap>,
    pub(super) body: E,
}

impl<E> ApiError<E> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded error body.
    pub fn body(&self) -> &E {
        &self.body
    }

    /// Takes the decoded error body.
    pub fn into_body(self) -> E {
        self.body
    }

    /// How long the server asked the client to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        super::retry::retry_after(&self.headers)
    }
}

impl<E: fmt::Debug> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "api error {}: {:?}", self.status, self.body)
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// A response with a status the operation does not declare.
#[derive(Debug)]
pub struct UnexpectedStatus {
    pub(super) status: StatusCode,
    pub(super) headers: Box<HeaderMap>,
    pub(super) body: String,
}

impl UnexpectedStatus {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The start of the body as text (invalid UTF-8 replaced, cut to 4 KiB).
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Display for UnexpectedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected status {}", self.status)?;
        let short = cut_at_char_boundary(self.body.trim(), 200);
        if !short.is_empty() {
            write!(f, ": {short}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnexpectedStatus {}

/// A response body that did not match the declared type.
#[derive(Debug)]
pub struct DecodeError {
    pub(super) status: StatusCode,
    pub(super) headers: Box<HeaderMap>,
    pub(super) path: String,
    pub(super) message: String,
    pub(super) body: String,
}

impl DecodeError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Where in the document decoding failed, e.g. `data.items[3].id`
    /// (`.` when the problem is at the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong at that place.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The start of the body as text (invalid UTF-8 replaced, cut to 4 KiB).
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to decode response body (status {}) at `{}`: {}",
            self.status, self.path, self.message
        )
    }
}

impl std::error::Error for DecodeError {}

/// A call that ran out of time.
#[derive(Debug, Clone)]
pub struct TimeoutError {
    pub(super) kind: TimeoutKind,
    pub(super) elapsed: Duration,
    pub(super) attempts: u32,
}

/// Which limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TimeoutKind {
    /// One attempt took longer than the per-attempt timeout.
    Attempt,
    /// The retry policy's overall deadline passed.
    Deadline,
    /// A streamed body sent nothing for longer than the idle timeout.
    Idle,
}

impl TimeoutError {
    /// `true` if the overall deadline of the retry policy expired, `false`
    /// if a single attempt exceeded the per-attempt timeout.
    pub fn is_deadline(&self) -> bool {
        self.kind == TimeoutKind::Deadline
    }

    /// `true` if a streamed response stalled: no bytes arrived for longer than the idle
    /// timeout.
    pub fn is_idle(&self) -> bool {
        self.kind == TimeoutKind::Idle
    }

    /// Time from the start of the call until it gave up (for an idle stream, the time it
    /// waited for the next bytes).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// Number of attempts made, including the first.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Deadline => "deadline exceeded",
            TimeoutKind::Attempt => "request timed out",
            TimeoutKind::Idle => "the streamed response stalled: nothing arrived",
        };
        write!(
            f,
            "{what} after {:.1?} ({} attempt{})",
            self.elapsed,
            self.attempts,
            plural(self.attempts)
        )
    }
}

impl std::error::Error for TimeoutError {}

/// A connection-level failure: no complete response was received.
#[derive(Debug)]
pub struct TransportError {
    pub(super) source: reqwest::Error,
    pub(super) attempts: u32,
}

impl TransportError {
    /// `true` if no connection could be established (DNS, TCP or TLS).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }

    /// Number of attempts made, including the first.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The underlying HTTP client error (its URL has been removed).
    pub fn inner(&self) -> &reqwest::Error {
        &self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.source.is_connect() {
            "connection failed"
        } else if self.source.is_body() || self.source.is_decode() {
            "reading the response body failed"
        } else {
            "sending the request failed"
        };
        write!(
            f,
            "{what} ({} attempt{})",
            self.attempts,
            plural(self.attempts)
        )
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A request that could not be built, or a client that could not be
/// configured; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    message: String,
}

impl InvalidRequest {
    /// Creates the error; the message must not contain secrets.
    pub fn new(message: impl Into<String>) -> Self {
        InvalidRequest {
            message: message.into(),
        }
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

impl std::error::Error for InvalidRequest {}

/// The error a hook stopped a call with, and when.
#[derive(Debug)]
pub struct HookError {
    pub(super) source: BoxError,
    pub(super) attempt: u32,
    pub(super) before_send: bool,
}

impl HookError {
    /// The hook's own error.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }

    /// Takes the hook's own error, e.g. to `downcast` it.
    pub fn into_inner(self) -> BoxError {
        self.source
    }

    /// The attempt the hook ran for (1 for the first).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// `true` if the hook stopped the attempt before it was sent, `false` if it ran after
    /// the attempt's outcome.
    pub fn is_before_send(&self) -> bool {
        self.before_send
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = if self.before_send { "before sending" } else { "after" };
        write!(f, "a hook stopped the call {when} attempt {}", self.attempt)
    }
}

impl std::error::Error for HookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// A credential provider that could not supply a usable secret; nothing was sent.
#[derive(Debug)]
pub struct CredentialError {
    pub(super) scheme: &'static str,
    pub(super) source: BoxError,
    pub(super) attempt: u32,
}

impl CredentialError {
    /// The security scheme whose provider failed.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The provider's own error, or an [`InvalidRequest`] if its secret cannot be sent.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }

    /// Takes the provider's own error, e.g. to `downcast` it.
    pub fn into_inner(self) -> BoxError {
        self.source
    }

    /// The attempt the secret was asked for (1 for the first).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the credential provider for `{}` failed (attempt {})",
            self.scheme, self.attempt
        )
    }
}

impl std::error::Error for CredentialError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn cut_at_char_boundary(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Turns a body into the text kept in errors.
pub(super) fn body_excerpt(body: &[u8]) -> String {
    // A valid character starting before the limit ends at most 3 bytes after
    // it; decoding those few extra bytes keeps it from turning into U+FFFD.
    let input = &body[..body.len().min(BODY_EXCERPT_LIMIT + 4)];
    let text = String::from_utf8_lossy(input);
    cut_at_char_boundary(&text, BODY_EXCERPT_LIMIT).to_owned()
}
