//! The send-and-retry loop shared by all operations.
//!
//! Nothing here is generic: an API with hundreds of operations instantiates
//! only the thin decoding wrappers in `request.rs` per operation, which
//! keeps compile times and binary size down.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, COOKIE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};
use tokio::time::Instant;
use tracing::{Instrument, Span, field};

use super::auth::{self, Attachment};
use super::client::Client;
use super::error::{Error, InvalidRequest, TimeoutError, TransportError};
use super::request::{RawResponse, RequestOptions, RequestParts};
use super::retry::{RetryPolicy, is_retryable_status, retry_after};

/// Why a call produced no response; converted to [`Error`] by the caller.
#[derive(Debug)]
pub(super) enum Failure {
    Timeout(TimeoutError),
    Transport(TransportError),
    Invalid(InvalidRequest),
}

impl Failure {
    pub(super) fn into_error<E>(self) -> Error<E> {
        match self {
            Failure::Timeout(e) => Error::Timeout(e),
            Failure::Transport(e) => Error::Transport(e),
            Failure::Invalid(e) => Error::InvalidRequest(e),
        }
    }
}

/// Everything needed to send one attempt; cloned per attempt because
/// reqwest consumes requests (the body is `Bytes`, so cloning is cheap).
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
}

enum Outcome {
    Response(RawResponse),
    /// The error, and whether it happened before a status line arrived.
    Failed(reqwest::Error, bool),
    /// The attempt timed out; `true` if the overall deadline was the limit.
    TimedOut(bool),
}

enum Step {
    Done(Result<RawResponse, Failure>),
    Retry(Duration),
}

/// Retry bookkeeping for one call.
struct Attempts {
    policy: RetryPolicy,
    timeout: Option<Duration>,
    start: Instant,
    count: u32,
}

impl Client {
    pub(super) async fn execute(
        &self,
        parts: RequestParts,
        options: RequestOptions,
    ) -> Result<RawResponse, Failure> {
        // The URL, query and headers are never recorded: they can carry
        // credentials.
        let span = tracing::debug_span!(
            "http_request",
            operation = parts.info.id,
            method = %parts.info.method,
            path = parts.info.path_template,
            attempt = field::Empty,
            status = field::Empty,
        );
        self.run(parts, options).instrument(span).await
    }

    async fn run(
        &self,
        mut parts: RequestParts,
        options: RequestOptions,
    ) -> Result<RawResponse, Failure> {
        if let Some(error) = parts.error.take().or(options.error) {
            return Err(Failure::Invalid(error));
        }
        let mut policy = options
            .retry
            .unwrap_or_else(|| self.inner.retry.clone());
        if let Some(retry) = options.retry_non_idempotent {
            policy = policy.with_retry_non_idempotent(retry);
        }
        let timeout = options.timeout.or(self.inner.timeout);
        let request = self
            .prepare(parts, options.headers)
            .map_err(Failure::Invalid)?;
        let mut attempts = Attempts {
            policy,
            timeout,
            start: Instant::now(),
            count: 0,
        };
        loop {
            attempts.count += 1;
            Span::current().record("attempt", attempts.count);
            let outcome = self.attempt(&request, attempts.limit()).await;
            match attempts.next_step(outcome, &request.method) {
                Step::Done(result) => return result,
                Step::Retry(delay) => {
                    tracing::debug!(delay_ms = delay.as_millis() as u64, "retrying request");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    async fn attempt(&self, request: &Prepared, limit: Option<(Duration, bool)>) -> Outcome {
        let Some((limit, is_deadline)) = limit else {
            return self.send_once(request).await;
        };
        tokio::time::timeout(limit, self.send_once(request))
            .await
            .unwrap_or(Outcome::TimedOut(is_deadline))
    }

    async fn send_once(&self, prepared: &Prepared) -> Outcome {
        let mut request = reqwest::Request::new(prepared.method.clone(), prepared.url.clone());
        *request.headers_mut() = prepared.headers.clone();
        *request.body_mut() = prepared.body.clone().map(Into::into);
        let mut response = match self.inner.http.execute(request).await {
            Ok(response) => response,
            Err(e) => return Outcome::Failed(e, true),
        };
        let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
        Span::current().record("status", status.as_u16());
        match response.bytes().await {
            Ok(body) => Outcome::Response(RawResponse {
                status,
                headers,
                body,
            }),
            Err(e) => Outcome::Failed(e, false),
        }
    }

    fn prepare(
        &self,
        parts: RequestParts,
        call_headers: HeaderMap,
    ) -> Result<Prepared, InvalidRequest> {
        let auth = auth::chosen(&self.inner.credentials, parts.info.security);
        let url = build_url(&self.inner.base_url, &parts, &auth)?;
        // Later sources win: client defaults, parameters, body type,
        // credentials, then headers added to this one call.
        let mut headers = parts.headers;
        for name in self.inner.headers.keys() {
            if !headers.contains_key(name) {
                for value in self.inner.headers.get_all(name) {
                    headers.append(name, value.clone());
                }
            }
        }
        let body = parts.body.map(|(content_type, body)| {
            headers.insert(CONTENT_TYPE, content_type);
            body
        });
        for attachment in &auth {
            if let Attachment::Header(name, value) = attachment {
                headers.insert(name, value.clone());
            }
        }
        add_cookies(&mut headers, &parts.cookies, &auth)?;
        headers.extend(call_headers);
        Ok(Prepared {
            method: parts.info.method.clone(),
            url,
            headers,
            body,
        })
    }
}

fn build_url(base: &str, parts: &RequestParts, auth: &[&Attachment]) -> Result<Url, InvalidRequest> {
    let mut url = format!("{base}{}", parts.path);
    let mut separator = '?';
    if !parts.query.is_empty() {
        url.push(separator);
        url.push_str(parts.query.as_str());
        separator = '&';
    }
    for attachment in auth {
        if let Attachment::Query(pair) = attachment {
            url.push(separator);
            url.push_str(pair);
            separator = '&';
        }
    }
    // The URL is not echoed: it may hold an API key.
    Url::parse(&url).map_err(|e| InvalidRequest::new(format!("the request URL is not valid: {e}")))
}

fn add_cookies(
    headers: &mut HeaderMap,
    parameters: &[(String, String)],
    auth: &[&Attachment],
) -> Result<(), InvalidRequest> {
    let from_auth = auth.iter().filter_map(|attachment| match attachment {
        Attachment::Cookie(pair) => Some(pair.clone()),
        _ => None,
    });
    let pairs: Vec<String> = parameters
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .chain(from_auth)
        .collect();
    // Most requests carry no cookies: leave the headers untouched.
    if pairs.is_empty() {
        return Ok(());
    }
    let mut all: Vec<String> = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect();
    all.extend(pairs);
    let mut value = HeaderValue::from_str(&all.join("; ")).map_err(|_| {
        InvalidRequest::new("a cookie name contains characters not allowed in HTTP headers")
    })?;
    value.set_sensitive(true);
    headers.insert(COOKIE, value);
    Ok(())
}

impl Attempts {
    /// The time this attempt may take, and whether the overall deadline
    /// (rather than the per-attempt timeout) is what limits it.
    fn limit(&self) -> Option<(Duration, bool)> {
        let remaining = self
            .policy
            .deadline()
            .map(|d| d.saturating_sub(self.start.elapsed()));
        match (self.timeout, remaining) {
            (Some(t), Some(r)) if r <= t => Some((r, true)),
            (Some(t), _) => Some((t, false)),
            (None, Some(r)) => Some((r, true)),
            (None, None) => None,
        }
    }

    fn next_step(&self, outcome: Outcome, method: &Method) -> Step {
        let allowed = self.policy.allows_method(method);
        let (retryable, server_delay, result) = match outcome {
            Outcome::Response(raw) => {
                let retryable = allowed && is_retryable_status(raw.status);
                (retryable, retry_after(&raw.headers), Ok(raw))
            }
            Outcome::Failed(e, before_status) => {
                // A refused connection never reached the server, so even a
                // POST is safe to send again.
                let retryable = before_status && !e.is_builder() && (allowed || e.is_connect());
                let error = TransportError {
                    source: e.without_url(),
                    attempts: self.count,
                };
                (retryable, None, Err(Failure::Transport(error)))
            }
            Outcome::TimedOut(deadline) => {
                let error = TimeoutError {
                    deadline,
                    elapsed: self.start.elapsed(),
                    attempts: self.count,
                };
                (allowed && !deadline, None, Err(Failure::Timeout(error)))
            }
        };
        match self.retry_delay(retryable, server_delay) {
            Some(delay) => Step::Retry(delay),
            None => Step::Done(result),
        }
    }

    fn retry_delay(&self, retryable: bool, server_delay: Option<Duration>) -> Option<Duration> {
        if !retryable || self.count > self.policy.max_retries() {
            return None;
        }
        let delay = match server_delay {
            Some(delay) if delay > self.policy.max_retry_after() => return None,
            Some(delay) => delay,
            None => self.policy.backoff(self.count - 1),
        };
        match self.policy.deadline() {
            Some(deadline) if self.start.elapsed() + delay >= deadline => None,
            _ => Some(delay),
        }
    }
}
