//! Hooks: code of the caller's that runs around every attempt of a call.
//!
//! A [`Hook`] sees, and may change, each request just before it is sent (the URL, method,
//! headers and body), and sees each attempt's outcome (status and headers, or the timeout or
//! connection failure) right after. Hooks run inside the retry loop, so a signature, a
//! correlation id or a fresh token is computed again for every attempt. Either side may
//! stop the call with an error of its own, which the caller gets as
//! [`Error::Hook`](super::Error::Hook).
//!
//! This is a small trait of our own rather than `reqwest-middleware` or a `tower` stack:
//! those would add a dependency tree to every generated crate and hand hooks a request type
//! whose `Debug` shows the URL (with any API key in its query). The trait is object safe, so
//! hooks of different types sit in one list; its methods return boxed futures because
//! `async fn` in a trait is not object safe.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName};
use reqwest::{Method, StatusCode, Url};
use tokio::time::Instant;

use super::body::Payload;
use super::error::{InvalidRequest, TimeoutError, TransportError};
use super::request::OperationInfo;

/// Any error, as a hook or credential provider reports it.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What a hook returns: a future that says whether the call may go on.
pub type HookFuture<'a> = Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>>;

/// Code that runs before and after every attempt of a call.
///
/// Both methods do nothing by default; implement the one you need. Hooks run in the order
/// they were added, the client's ([`ClientBuilder::hook`](super::ClientBuilder::hook))
/// before the request's ([`OperationRequest::hook`](super::OperationRequest::hook)), and
/// the same order again after the attempt. An error from either method ends the call at
/// once, without retrying, as [`Error::Hook`](super::Error::Hook).
///
/// ```text
/// struct RequestId;
///
/// impl Hook for RequestId {
///     fn before_attempt<'a>(&'a self, request: &'a mut OutgoingRequest, attempt: &'a Attempt) -> HookFuture<'a> {
///         Box::pin(async move {
///             let id = format!("{}-{}", attempt.operation_id(), attempt.number());
///             request.headers_mut().insert("x-request-id", id.parse()?);
///             Ok(())
///         })
///     }
/// }
/// ```
pub trait Hook: Send + Sync {
    /// Runs just before an attempt is sent, after credentials are attached; may change
    /// anything about the request.
    fn before_attempt<'a>(
        &'a self,
        request: &'a mut OutgoingRequest,
        attempt: &'a Attempt,
    ) -> HookFuture<'a> {
        let _ = (request, attempt);
        Box::pin(std::future::ready(Ok(())))
    }

    /// Runs when an attempt has its outcome, before the client decides whether to retry.
    fn after_attempt<'a>(
        &'a self,
        outcome: &'a AttemptOutcome<'a>,
        attempt: &'a Attempt,
    ) -> HookFuture<'a> {
        let _ = (outcome, attempt);
        Box::pin(std::future::ready(Ok(())))
    }
}

/// A shared hook is a hook, so one can be added to many clients or requests.
impl<H: Hook + ?Sized> Hook for Arc<H> {
    fn before_attempt<'a>(
        &'a self,
        request: &'a mut OutgoingRequest,
        attempt: &'a Attempt,
    ) -> HookFuture<'a> {
        (**self).before_attempt(request, attempt)
    }

    fn after_attempt<'a>(
        &'a self,
        outcome: &'a AttemptOutcome<'a>,
        attempt: &'a Attempt,
    ) -> HookFuture<'a> {
        (**self).after_attempt(outcome, attempt)
    }
}

/// Hooks as the client and a request keep them; cheap to clone.
pub(super) type HookList = Vec<Arc<dyn Hook>>;

/// Which attempt of which call a hook runs for.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub(super) operation: &'static OperationInfo,
    pub(super) number: u32,
    pub(super) call_started: Instant,
    pub(super) started: Instant,
}

impl Attempt {
    /// The operation's `operationId`.
    pub fn operation_id(&self) -> &'static str {
        self.operation.id
    }

    /// The operation's path as the API description writes it, e.g. `/users/{id}`.
    pub fn path_template(&self) -> &'static str {
        self.operation.path_template
    }

    /// 1 for the first attempt, 2 for the first retry, and so on.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Time since this attempt began (before the first hook ran).
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Time since the call began, earlier attempts and waits included.
    pub fn call_elapsed(&self) -> Duration {
        self.call_started.elapsed()
    }
}

/// One attempt's request, as hooks see and change it.
///
/// `Debug` shows the method, the URL without user info or query, and the header names, never
/// header values, the query or the body: those can carry credentials.
pub struct OutgoingRequest {
    pub(super) method: Method,
    pub(super) url: Url,
    pub(super) headers: HeaderMap,
    pub(super) body: Option<Payload>,
}

impl OutgoingRequest {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Changes the method. Retries are still decided by the operation's own method.
    pub fn set_method(&mut self, method: Method) {
        self.method = method;
    }

    /// The full URL, query (and any API key in it) included.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The URL, to change.
    pub fn url_mut(&mut self) -> &mut Url {
        &mut self.url
    }

    /// The headers, credentials included.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers, to change.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body, if the request has one held in memory; `None` also for a body streamed
    /// from a file or stream (an [`Upload`](super::Upload) or a multipart form with one),
    /// which is read only while it is sent.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref().and_then(Payload::as_bytes)
    }

    /// Whether the request has a body, in memory or streamed.
    pub fn has_body(&self) -> bool {
        self.body.is_some()
    }

    /// Replaces the body (the `Content-Type` header stays as it is).
    pub fn set_body(&mut self, body: impl Into<Bytes>) {
        self.body = Some(Payload::Bytes(body.into()));
    }

    /// The request to send; a streamed body's file is opened (or its stream taken) now.
    pub(super) async fn into_reqwest(self) -> Result<reqwest::Request, InvalidRequest> {
        let mut request = reqwest::Request::new(self.method, self.url);
        *request.headers_mut() = self.headers;
        if let Some(body) = self.body {
            *request.body_mut() = Some(body.open().await?);
        }
        Ok(request)
    }
}

impl fmt::Debug for OutgoingRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Scheme, host, port and path: user info and query can hold credentials.
        let url = &self.url;
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        let query = if url.query().is_some() {
            "?[redacted]"
        } else {
            ""
        };
        let shown = format!(
            "{}://{}{port}{}{query}",
            url.scheme(),
            url.host_str().unwrap_or_default(),
            url.path()
        );
        f.debug_struct("OutgoingRequest")
            .field("method", &self.method)
            .field("url", &shown)
            .field("headers", &HeaderNames(&self.headers))
            .field("body_len", &self.body().map(Bytes::len))
            .field("streamed_body", &(self.body.is_some() && self.body().is_none()))
            .finish()
    }
}

/// How an attempt ended, as hooks see it after the attempt.
#[non_exhaustive]
pub enum AttemptOutcome<'a> {
    /// A response arrived (its body is not shown to hooks).
    Response {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
    },
    /// The attempt ran out of time.
    TimedOut(&'a TimeoutError),
    /// The connection failed before a complete response arrived.
    Failed(&'a TransportError),
}

impl AttemptOutcome<'_> {
    /// The status, if a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            AttemptOutcome::Response { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Header names only: response headers can carry session cookies.
impl fmt::Debug for AttemptOutcome<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptOutcome::Response { status, headers } => f
                .debug_struct("Response")
                .field("status", status)
                .field("headers", &HeaderNames(headers))
                .finish(),
            AttemptOutcome::TimedOut(e) => f.debug_tuple("TimedOut").field(e).finish(),
            AttemptOutcome::Failed(e) => f.debug_tuple("Failed").field(e).finish(),
        }
    }
}

struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.keys().map(HeaderName::as_str))
            .finish()
    }
}
