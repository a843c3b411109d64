//! The send-and-retry loop shared by all operations.
//!
//! Nothing here is generic: an API with hundreds of operations instantiates
//! only the thin decoding wrappers in `request.rs` per operation, which
//! keeps compile times and binary size down.
//!
//! A call is prepared once (URL, headers, body and fixed credentials), then
//! each attempt has two phases:
//!
//! - the *head* ([`Call::send_head`]): ask providers for their credentials,
//!   run the hooks' `before_attempt`, send, and receive the status and
//!   headers;
//! - the *body*: read whole ([`read_body`], for [`execute`]), or left unread
//!   for the caller to stream ([`execute_head`]). The per-attempt timeout covers
//!   what the attempt waits for, so a streamed body is not limited by it.
//!
//! Then the hooks' `after_attempt` run and [`Call::next_step`] decides: done,
//! retry after a wait, or (after a 401 with a provided credential) refresh
//! the credential and retry once. The decision reads only the status and
//! headers. A body that cannot be sent again (a stream) is never retried.
//!
//! Everything here is a free function or a method of [`Call`], never of
//! `Client`: the generated operations are methods of `Client`, and any name
//! there could be an operation's.

use std::future::Future;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, COOKIE};
use reqwest::{Method, StatusCode, Url};
use tokio::time::Instant;
use tracing::{field, Instrument, Span};

use super::auth::{self, Attachment, CredentialKind, Source, TokenProvider, TokenRequest};
use super::body::Payload;
use super::client::{Client, ClientInner};
use super::error::{
    CredentialError, Error, HookError, InvalidRequest, TimeoutError, TimeoutKind, TransportError,
};
use super::hooks::{Attempt, AttemptOutcome, BoxError, Hook, HookList, OutgoingRequest};
use super::request::{OperationInfo, RawResponse, RequestOptions, RequestParts};
use super::retry::{is_retryable_status, retry_after, RetryPolicy};
use super::secret::Secret;

/// Why a call produced no response; converted to [`Error`] by the caller.
#[derive(Debug)]
pub(super) enum Failure {
    Timeout(TimeoutError),
    Transport(TransportError),
    Invalid(InvalidRequest),
    Hook(HookError),
    Credential(CredentialError),
}

impl Failure {
    pub(super) fn into_error<E>(self) -> Error<E> {
        match self {
            Failure::Timeout(e) => Error::Timeout(e),
            Failure::Transport(e) => Error::Transport(e),
            Failure::Invalid(e) => Error::InvalidRequest(e),
            Failure::Hook(e) => Error::Hook(e),
            Failure::Credential(e) => Error::Credential(e),
        }
    }
}

/// Sends a request, retrying as the policy allows, and returns the whole
/// response.
pub(super) async fn execute(
    client: &Client,
    parts: RequestParts,
    options: RequestOptions,
) -> Result<RawResponse, Failure> {
    let span = request_span(&parts);
    let call = run(&client.inner, parts, options, read_body).instrument(span);
    call.await.map(|(raw, _)| raw)
}

/// A response whose head has arrived and whose body is still to be read.
pub(super) struct Head {
    pub(super) response: reqwest::Response,
    /// Attempts made, for errors that happen while the body is read.
    pub(super) attempts: u32,
    /// The per-attempt timeout, for reading an error body whole.
    pub(super) timeout: Option<Duration>,
    /// How long the body may send nothing before reading it fails.
    pub(super) idle_timeout: Option<Duration>,
}

/// Sends a request, retrying as the policy allows on what the status and
/// headers say, and returns as soon as the head of the last attempt arrives.
pub(super) async fn execute_head(
    client: &Client,
    parts: RequestParts,
    options: RequestOptions,
) -> Result<Head, Failure> {
    let span = request_span(&parts);
    let timeout = options.timeout.or(client.inner.timeout);
    let idle_timeout = options.idle_timeout.or(client.inner.idle_timeout);
    let head_only = |response| std::future::ready(Outcome::Response(response));
    let (response, attempts) = run(&client.inner, parts, options, head_only).instrument(span).await?;
    Ok(Head { response, attempts, timeout, idle_timeout })
}

fn request_span(parts: &RequestParts) -> Span {
    // The URL, query and headers are never recorded: they can carry
    // credentials.
    tracing::debug_span!(
        "http_request",
        operation = parts.info.id,
        method = %parts.info.method,
        path = parts.info.path_template,
        attempt = field::Empty,
        status = field::Empty,
    )
}

/// The retry loop; `finish` turns each attempt's head into what the caller
/// waits for. Returns it with the number of attempts made.
async fn run<R, F, Fut>(
    client: &ClientInner,
    mut parts: RequestParts,
    options: RequestOptions,
    finish: F,
) -> Result<(R, u32), Failure>
where
    R: Received,
    F: Fn(reqwest::Response) -> Fut,
    Fut: Future<Output = Outcome<R>>,
{
    if let Some(error) = parts.error.take().or(options.error) {
        return Err(Failure::Invalid(error));
    }
    let mut policy = options.retry.unwrap_or_else(|| client.retry.clone());
    if let Some(retry) = options.retry_non_idempotent {
        policy = policy.with_retry_non_idempotent(retry);
    }
    let attempts = Attempts {
        policy,
        timeout: options.timeout.or(client.timeout),
        start: Instant::now(),
        count: 0,
        uncounted: 0,
    };
    let mut call = Call::new(client, parts, options.headers, options.hooks, attempts)
        .map_err(Failure::Invalid)?;
    loop {
        let (outcome, attempt) = call.attempt(&finish).await;
        match call.next_step(outcome, &attempt).await {
            Step::Done(result) => return result.map(|r| (r, call.attempts.count)),
            Step::Retry(delay) => {
                tracing::debug!(delay_ms = delay.as_millis() as u64, "retrying request");
                // The retry after a refreshed credential is at once.
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }
}

/// Everything needed to send one attempt; cloned per attempt because
/// reqwest consumes requests (cloning a body clones `Bytes` or a path).
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Payload>,
}

/// A credential whose secret is asked for on every attempt.
struct Provided<'c> {
    scheme: &'static str,
    kind: &'c CredentialKind,
    provider: &'c dyn TokenProvider,
    /// What the latest attempt sent, to name it if the server rejects it.
    sent: Option<Secret>,
    /// A fresh secret got after a 401, for the next attempt.
    fresh: Option<Secret>,
}

/// One call in progress.
struct Call<'c> {
    client: &'c ClientInner,
    info: &'static OperationInfo,
    prepared: Prepared,
    provided: Vec<Provided<'c>>,
    /// Headers this call set itself: a provided credential does not replace
    /// them, as a fixed one does not.
    call_header_names: Vec<HeaderName>,
    call_hooks: HookList,
    attempts: Attempts,
    /// Whether the one retry after a 401 has been used.
    refreshed: bool,
}

/// What an attempt received: the whole response, or its head.
pub(super) trait Received: Send {
    fn status(&self) -> StatusCode;
    fn headers(&self) -> &HeaderMap;
}

impl Received for RawResponse {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl Received for reqwest::Response {
    fn status(&self) -> StatusCode {
        self.status()
    }

    fn headers(&self) -> &HeaderMap {
        self.headers()
    }
}

pub(super) enum Outcome<R> {
    Response(R),
    /// The error, and whether it happened before a status line arrived.
    Failed(reqwest::Error, bool),
    /// The attempt timed out; `true` if the overall deadline was the limit.
    TimedOut(bool),
    /// A hook or credential provider ended the call before sending.
    Stopped(Failure),
}

enum Step<R> {
    Done(Result<R, Failure>),
    Retry(Duration),
}

/// Retry bookkeeping for one call.
struct Attempts {
    policy: RetryPolicy,
    timeout: Option<Duration>,
    start: Instant,
    count: u32,
    /// Attempts the retry policy does not count: the one after a 401.
    uncounted: u32,
}

impl<'c> Call<'c> {
    fn new(
        client: &'c ClientInner,
        parts: RequestParts,
        call_headers: HeaderMap,
        call_hooks: HookList,
        attempts: Attempts,
    ) -> Result<Self, InvalidRequest> {
        let chosen = auth::chosen(&client.credentials, parts.info.security);
        let provided: Vec<Provided<'c>> = chosen
            .iter()
            .filter_map(|entry| match &entry.1 {
                Source::Provided(kind, provider) => Some(Provided {
                    scheme: entry.0,
                    kind,
                    provider: &**provider,
                    sent: None,
                    fresh: None,
                }),
                Source::Fixed(_) => None,
            })
            .collect();
        let call_header_names = if provided.is_empty() {
            Vec::new()
        } else {
            call_headers.keys().cloned().collect()
        };
        let info = parts.info;
        let prepared = prepare(client, parts, call_headers, &chosen)?;
        Ok(Call {
            client,
            info,
            prepared,
            provided,
            call_header_names,
            call_hooks,
            attempts,
            refreshed: false,
        })
    }

    fn hooks(&self) -> impl Iterator<Item = &dyn Hook> + '_ {
        let client = self.client.hooks.iter();
        client
            .chain(&self.call_hooks)
            .map(|hook| &**hook as &dyn Hook)
    }

    /// One attempt, its head and what `finish` waits for, within its time limit.
    async fn attempt<R, F, Fut>(&mut self, finish: &F) -> (Outcome<R>, Attempt)
    where
        F: Fn(reqwest::Response) -> Fut,
        Fut: Future<Output = Outcome<R>>,
    {
        self.attempts.count += 1;
        Span::current().record("attempt", self.attempts.count);
        let attempt = Attempt {
            operation: self.info,
            number: self.attempts.count,
            call_started: self.attempts.start,
            // The call has only just started when its first attempt does.
            started: match self.attempts.count {
                1 => self.attempts.start,
                _ => Instant::now(),
            },
        };
        let limit = self.attempts.limit();
        let exchange = async {
            match self.send_head(&attempt).await {
                Ok(response) => finish(response).await,
                Err(failure) => failure.into_outcome(),
            }
        };
        let outcome = match limit {
            None => exchange.await,
            Some((limit, is_deadline)) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or(Outcome::TimedOut(is_deadline)),
        };
        (outcome, attempt)
    }

    /// Attaches provided credentials, runs the hooks before sending, sends,
    /// and waits for the status and headers.
    async fn send_head(&mut self, attempt: &Attempt) -> Result<reqwest::Response, NoResponse> {
        let mut request = OutgoingRequest {
            method: self.prepared.method.clone(),
            url: self.prepared.url.clone(),
            headers: self.prepared.headers.clone(),
            body: self.prepared.body.clone(),
        };
        if !self.provided.is_empty() {
            self.attach_provided(&mut request, attempt)
                .await
                .map_err(NoResponse::Stopped)?;
        }
        for hook in self.hooks() {
            if let Err(source) = hook.before_attempt(&mut request, attempt).await {
                let error = HookError {
                    source,
                    attempt: attempt.number,
                    before_send: true,
                };
                return Err(NoResponse::Stopped(Failure::Hook(error)));
            }
        }
        let request = request
            .into_reqwest()
            .await
            .map_err(|e| NoResponse::Stopped(Failure::Invalid(e)))?;
        match self.client.http.execute(request).await {
            Ok(response) => {
                Span::current().record("status", response.status().as_u16());
                Ok(response)
            }
            Err(e) => Err(NoResponse::Failed(e)),
        }
    }

    async fn attach_provided(
        &mut self,
        request: &mut OutgoingRequest,
        attempt: &Attempt,
    ) -> Result<(), Failure> {
        for credential in &mut self.provided {
            let secret = match credential.fresh.take() {
                Some(secret) => secret,
                None => {
                    let ask = TokenRequest {
                        scheme: credential.scheme,
                        operation_id: self.info.id,
                        rejected: None,
                    };
                    credential
                        .provider
                        .token(ask)
                        .await
                        .map_err(|e| credential_failure(credential.scheme, e, attempt))?
                }
            };
            auth::render(credential.scheme, credential.kind, &secret)
                .and_then(|a| attach(request, a, &self.call_header_names))
                .map_err(|e| credential_failure(credential.scheme, Box::new(e), attempt))?;
            credential.sent = Some(secret);
        }
        Ok(())
    }

    /// After a 401: asks each provider for a secret other than the one just
    /// refused. `true` if any gave a new one, so a retry can change anything.
    async fn refresh(&mut self, attempt: &Attempt) -> Result<bool, Failure> {
        let mut renewed = false;
        for credential in &mut self.provided {
            let Some(rejected) = credential.sent.take() else {
                continue;
            };
            let ask = TokenRequest {
                scheme: credential.scheme,
                operation_id: self.info.id,
                rejected: Some(&rejected),
            };
            let fresh = credential
                .provider
                .token(ask)
                .await
                .map_err(|e| credential_failure(credential.scheme, e, attempt))?;
            if fresh != rejected {
                renewed = true;
                credential.fresh = Some(fresh);
            }
        }
        Ok(renewed)
    }

    async fn next_step<R: Received>(&mut self, outcome: Outcome<R>, attempt: &Attempt) -> Step<R> {
        let Verdict {
            result,
            retryable,
            server_delay,
        } = self.attempts.judge(outcome, &self.prepared.method);
        // A stream that was sent is gone: there is nothing to send again.
        let resendable = self.prepared.body.as_ref().is_none_or(Payload::replayable);
        if let Err(error) = self.after_hooks(&result, attempt).await {
            return Step::Done(Err(Failure::Hook(error)));
        }
        let unauthorized = matches!(&result, Ok(raw) if raw.status() == StatusCode::UNAUTHORIZED);
        if unauthorized
            && resendable
            && !self.refreshed
            && !self.provided.is_empty()
            && self.attempts.within_deadline()
        {
            self.refreshed = true;
            match self.refresh(attempt).await {
                Ok(true) => {
                    self.attempts.uncounted += 1;
                    return Step::Retry(Duration::ZERO);
                }
                Ok(false) => {}
                Err(failure) => return Step::Done(Err(failure)),
            }
        }
        match self.attempts.retry_delay(retryable && resendable, server_delay) {
            Some(delay) => Step::Retry(delay),
            None => Step::Done(result),
        }
    }

    async fn after_hooks<R: Received>(
        &self,
        result: &Result<R, Failure>,
        attempt: &Attempt,
    ) -> Result<(), HookError> {
        let mut hooks = self.hooks().peekable();
        if hooks.peek().is_none() {
            return Ok(());
        }
        let outcome = match result {
            Ok(raw) => AttemptOutcome::Response {
                status: raw.status(),
                headers: raw.headers(),
            },
            Err(Failure::Timeout(e)) => AttemptOutcome::TimedOut(e),
            Err(Failure::Transport(e)) => AttemptOutcome::Failed(e),
            // Only the three above come from an attempt that was made.
            Err(_) => return Ok(()),
        };
        for hook in hooks {
            if let Err(source) = hook.after_attempt(&outcome, attempt).await {
                return Err(HookError {
                    source,
                    attempt: attempt.number,
                    before_send: false,
                });
            }
        }
        Ok(())
    }
}

fn credential_failure(scheme: &'static str, source: BoxError, attempt: &Attempt) -> Failure {
    Failure::Credential(CredentialError {
        scheme,
        source,
        attempt: attempt.number,
    })
}

/// Why an attempt got no head.
enum NoResponse {
    Failed(reqwest::Error),
    Stopped(Failure),
}

impl NoResponse {
    fn into_outcome<R>(self) -> Outcome<R> {
        match self {
            NoResponse::Failed(e) => Outcome::Failed(e, true),
            NoResponse::Stopped(failure) => Outcome::Stopped(failure),
        }
    }
}

/// Reads the whole body of a response whose head has arrived.
pub(super) async fn read_body(mut response: reqwest::Response) -> Outcome<RawResponse> {
    let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
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
    client: &ClientInner,
    parts: RequestParts,
    call_headers: HeaderMap,
    chosen: &[&(&'static str, Source)],
) -> Result<Prepared, InvalidRequest> {
    let url = build_url(&client.base_url, &parts, chosen)?;
    // Later sources win: client defaults, parameters, body type,
    // credentials, then headers added to this one call.
    let mut headers = parts.headers;
    for name in client.headers.keys() {
        if !headers.contains_key(name) {
            for value in client.headers.get_all(name) {
                headers.append(name, value.clone());
            }
        }
    }
    let body = parts.body.map(|(content_type, body)| {
        headers.insert(CONTENT_TYPE, content_type);
        body
    });
    for attachment in fixed(chosen) {
        if let Attachment::Header(name, value) = attachment {
            headers.insert(name, value.clone());
        }
    }
    add_cookies(&mut headers, &parts.cookies, chosen)?;
    headers.extend(call_headers);
    Ok(Prepared {
        method: parts.info.method.clone(),
        url,
        headers,
        body,
    })
}

/// The credentials rendered when the client was built.
fn fixed<'a>(
    chosen: &'a [&'a (&'static str, Source)],
) -> impl Iterator<Item = &'a Attachment> + 'a {
    chosen.iter().filter_map(|(_, source)| match source {
        Source::Fixed(attachment) => Some(attachment),
        Source::Provided(..) => None,
    })
}

fn build_url(
    base: &str,
    parts: &RequestParts,
    chosen: &[&(&'static str, Source)],
) -> Result<Url, InvalidRequest> {
    let mut url = format!("{base}{}", parts.path);
    let mut separator = '?';
    if !parts.query.is_empty() {
        url.push(separator);
        url.push_str(parts.query.as_str());
        separator = '&';
    }
    for attachment in fixed(chosen) {
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
    chosen: &[&(&'static str, Source)],
) -> Result<(), InvalidRequest> {
    let from_auth = fixed(chosen).filter_map(|attachment| match attachment {
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

/// Adds a credential rendered for this attempt to an already prepared
/// request; headers the call set itself stay.
fn attach(
    request: &mut OutgoingRequest,
    attachment: Attachment,
    call_header_names: &[HeaderName],
) -> Result<(), InvalidRequest> {
    match attachment {
        Attachment::Header(name, value) => {
            if !call_header_names.contains(&name) {
                request.headers.insert(name, value);
            }
        }
        Attachment::Query(pair) => {
            let query = match request.url.query() {
                Some(query) if !query.is_empty() => format!("{query}&{pair}"),
                _ => pair,
            };
            request.url.set_query(Some(&query));
        }
        Attachment::Cookie(pair) if !call_header_names.contains(&COOKIE) => {
            let cookie = match request.headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
                Some(existing) => format!("{existing}; {pair}"),
                None => pair,
            };
            let mut value = HeaderValue::from_str(&cookie).map_err(|_| {
                InvalidRequest::new("a cookie name contains characters not allowed in HTTP headers")
            })?;
            value.set_sensitive(true);
            request.headers.insert(COOKIE, value);
        }
        Attachment::Cookie(_) => {}
    }
    Ok(())
}

/// An attempt's outcome as the retry decision sees it.
struct Verdict<R> {
    result: Result<R, Failure>,
    retryable: bool,
    server_delay: Option<Duration>,
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

    fn within_deadline(&self) -> bool {
        self.policy
            .deadline()
            .is_none_or(|deadline| self.start.elapsed() < deadline)
    }

    fn judge<R: Received>(&self, outcome: Outcome<R>, method: &Method) -> Verdict<R> {
        let allowed = self.policy.allows_method(method);
        let (retryable, server_delay, result) = match outcome {
            Outcome::Response(raw) => {
                let retryable = allowed && is_retryable_status(raw.status());
                // Only a retry waits, so only then are the headers read (a name parsed each).
                let delay = if retryable { retry_after(raw.headers()) } else { None };
                (retryable, delay, Ok(raw))
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
                    kind: if deadline { TimeoutKind::Deadline } else { TimeoutKind::Attempt },
                    elapsed: self.start.elapsed(),
                    attempts: self.count,
                };
                (allowed && !deadline, None, Err(Failure::Timeout(error)))
            }
            // Nothing was sent, and a hook or provider said why: no retry.
            Outcome::Stopped(failure) => (false, None, Err(failure)),
        };
        Verdict {
            result,
            retryable,
            server_delay,
        }
    }

    fn retry_delay(&self, retryable: bool, server_delay: Option<Duration>) -> Option<Duration> {
        let counted = self.count - self.uncounted;
        if !retryable || counted > self.policy.max_retries() {
            return None;
        }
        let delay = match server_delay {
            Some(delay) if delay > self.policy.max_retry_after() => return None,
            Some(delay) => delay,
            None => self.policy.backoff(counted - 1),
        };
        match self.policy.deadline() {
            Some(deadline) if self.start.elapsed() + delay >= deadline => None,
            _ => Some(delay),
        }
    }
}
