//! Requests as generated code describes them, and responses as it decodes
//! them.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::body::{Payload, Upload};
use super::client::Client;
use super::encoding::{self, ParamStyle, QueryString};
use super::error::{ApiError, DecodeError, Error, InvalidRequest, UnexpectedStatus, body_excerpt};
use super::hooks::{Hook, HookList};
use super::multipart::Form;
use super::retry::RetryPolicy;

/// The fixed facts about an operation, kept in a `static` per operation.
#[doc(hidden)]
#[derive(Debug)]
pub struct OperationInfo {
    /// The `operationId`, used in tracing.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path as written in the API description, e.g. `/users/{id}`.
    pub path_template: &'static str,
    /// The security alternatives: any one inner list of scheme names
    /// suffices; an empty inner list means no credentials are needed.
    pub security: &'static [&'static [&'static str]],
}

/// The optional parameters of one operation: each is set by name on the operation's request,
/// and all are written into the request when it is sent. `()` for an operation without any.
#[doc(hidden)]
pub trait OptionalParameters: Default + Send + 'static {
    /// Adds the parameters that are set to the request.
    fn write(&self, parts: &mut RequestParts);
}

impl OptionalParameters for () {
    fn write(&self, _: &mut RequestParts) {}
}

/// One request, filled in by generated code.
///
/// The setters do not return errors, so generated code needs no `?`: the
/// first failure is kept and reported when the request is sent.
#[doc(hidden)]
#[derive(Debug)]
pub struct RequestParts {
    pub(super) info: &'static OperationInfo,
    pub(super) path: String,
    pub(super) query: QueryString,
    pub(super) headers: HeaderMap,
    pub(super) cookies: Vec<(String, String)>,
    pub(super) body: Option<(HeaderValue, Payload)>,
    pub(super) error: Option<InvalidRequest>,
}

impl RequestParts {
    /// Starts a request; `path` is already encoded and starts with `/`. A path
    /// that would not stay where its template says (a parameter of `.`, `..` or
    /// nothing) fails the request, so nothing is sent.
    pub fn new(info: &'static OperationInfo, path: String) -> Self {
        let error = super::path::check_request_path(info.id, info.path_template, &path).err();
        RequestParts {
            info,
            path,
            query: QueryString::default(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            error,
        }
    }

    /// Records an error to report at send time; the first one wins.
    pub fn fail(&mut self, error: InvalidRequest) {
        self.error.get_or_insert(error);
    }

    fn json(&mut self, value: &(impl Serialize + ?Sized), what: &str) -> Option<Value> {
        encoding::to_json(value, what)
            .map_err(|e| self.fail(e))
            .ok()
    }

    /// Adds a query parameter; `null` (e.g. `None`) adds nothing.
    pub fn query(&mut self, name: &str, value: &(impl Serialize + ?Sized), style: ParamStyle, explode: bool) {
        if let Some(value) = self.json(value, "query parameter") {
            self.query.param(name, &value, style, explode);
        }
    }

    /// Adds a header parameter in `simple` style; `null` adds nothing.
    pub fn header(&mut self, name: &'static str, value: &(impl Serialize + ?Sized)) {
        if let Some(value) = self.json(value, "header parameter") {
            self.header_value(name, &value);
        }
    }

    fn header_value(&mut self, name: &'static str, value: &Value) {
        if value.is_null() {
            return;
        }
        let parsed = HeaderName::from_bytes(name.as_bytes()).ok();
        match (parsed, encoding::header_value(value)) {
            (Some(header), Ok(value)) => {
                self.headers.append(header, value);
            }
            (None, _) => self.fail(InvalidRequest::new(format!(
                "`{name}` is not a valid header name"
            ))),
            (_, Err(e)) => self.fail(InvalidRequest::new(format!(
                "header `{name}`: {}",
                e.message()
            ))),
        }
    }

    /// Adds a cookie parameter; `null` adds nothing.
    pub fn cookie(&mut self, name: &str, value: &(impl Serialize + ?Sized)) {
        match self.json(value, "cookie parameter") {
            Some(value) if !value.is_null() => {
                self.cookies
                    .push((name.to_owned(), encoding::cookie_value(&value)));
            }
            _ => {}
        }
    }

    /// Sets a JSON body.
    pub fn json_body(&mut self, body: &(impl Serialize + ?Sized)) {
        self.json_body_as("application/json", body);
    }

    /// Sets a JSON body sent with another JSON media type, such as
    /// `application/merge-patch+json`.
    pub fn json_body_as(&mut self, content_type: &'static str, body: &(impl Serialize + ?Sized)) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(content_type, bytes.into()),
            Err(e) => self.fail(InvalidRequest::new(format!(
                "cannot serialize the request body: {e}"
            ))),
        }
    }

    /// Sets a JSON body with the boolean property `flag` set to `true`, whatever the value
    /// says: the property that asks the server to stream its answer.
    pub fn json_body_with_flag(&mut self, content_type: &'static str, body: &(impl Serialize + ?Sized), flag: &str) {
        let Some(mut value) = self.json(body, "request body") else { return };
        match value.as_object_mut() {
            Some(object) => {
                object.insert(flag.to_owned(), Value::Bool(true));
                self.json_body_as(content_type, &value);
            }
            None => self.fail(InvalidRequest::new(format!(
                "the request body must be an object to set `{flag}`"
            ))),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form_body(&mut self, body: &(impl Serialize + ?Sized)) {
        let encoded = self
            .json(body, "request body")
            .map(|v| QueryString::form(&v));
        match encoded {
            Some(Ok(form)) => self.set_body(
                "application/x-www-form-urlencoded",
                Bytes::from(form.as_str().to_owned()),
            ),
            Some(Err(e)) => self.fail(e),
            None => {}
        }
    }

    /// Sets a `multipart/form-data` body: one part per property of a serializable value
    /// (for bodies whose type is not a plain struct; see [`multipart`](Self::multipart)).
    pub fn multipart_body(&mut self, body: &(impl Serialize + ?Sized)) {
        let Some(value) = self.json(body, "request body") else { return };
        match Form::from_object(&value) {
            Some(form) => self.multipart(form),
            None => self.fail(InvalidRequest::new("a multipart request body must be an object")),
        }
    }

    /// Sets a `multipart/form-data` body built part by part; files and streams in it are
    /// read while the request is sent.
    pub fn multipart(&mut self, mut form: Form) {
        match form.take_error() {
            Some(error) => self.fail(error),
            None => self.body = Some((form.content_type(), Payload::Form(form))),
        }
    }

    /// Sets a raw body with the given content type.
    pub fn bytes_body(&mut self, content_type: &'static str, body: impl Into<Bytes>) {
        self.set_body(content_type, body.into());
    }

    /// Sets a binary body: bytes, a stream or a file (read while it is sent). The upload's
    /// own content type, when it has one, replaces `content_type`.
    pub fn upload_body(&mut self, content_type: &'static str, body: impl Into<Upload>) {
        let upload = body.into();
        let content_type = upload.content_type().unwrap_or(content_type).to_owned();
        match HeaderValue::from_str(&content_type) {
            Ok(value) => self.body = Some((value, Payload::Upload(upload))),
            Err(_) => self.fail(InvalidRequest::new(format!(
                "`{content_type}` is not a valid content type"
            ))),
        }
    }

    /// Sets a text body with the given content type.
    pub fn text_body(&mut self, content_type: &'static str, body: impl Into<String>) {
        self.set_body(content_type, Bytes::from(body.into()));
    }

    fn set_body(&mut self, content_type: &'static str, body: Bytes) {
        // Not `from_static`: a malformed media type in the API description
        // should fail this request, not panic.
        match HeaderValue::from_str(content_type) {
            Ok(value) => self.body = Some((value, Payload::Bytes(body))),
            Err(_) => self.fail(InvalidRequest::new(format!(
                "`{content_type}` is not a valid content type"
            ))),
        }
    }

    /// The encoded query string built so far (without `?`).
    pub fn query_string(&self) -> &str {
        self.query.as_str()
    }
}

/// A complete response before decoding. Generated decode functions match on
/// the status and call one of the helpers.
#[doc(hidden)]
#[derive(Debug)]
pub struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

impl RawResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Decodes a JSON body; on failure the error names the offending field.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        self.decode_json().map_err(Error::Decode)
    }

    fn decode_json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            let path = super::json_path::path_at(&self.body, e.line(), e.column());
            self.decode_error(path, e.to_string())
        })
    }

    fn decode_error(&self, path: String, message: String) -> DecodeError {
        DecodeError {
            status: self.status,
            headers: Box::new(self.headers.clone()),
            path,
            message,
            body: body_excerpt(&self.body),
        }
    }

    /// Accepts any body and discards it.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// Returns the body as UTF-8 text.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(text),
            Err(e) => Err(Error::Decode(
                self.decode_error(".".to_owned(), e.to_string()),
            )),
        }
    }

    /// Returns the body as bytes.
    pub fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        Ok(self.body)
    }

    /// A declared error response with a JSON body, wrapped into the
    /// operation's error type.
    pub fn api_error_json<B: DeserializeOwned, E>(self, wrap: fn(B) -> E) -> Error<E> {
        match self.decode_json::<B>() {
            Ok(body) => self.api_error_empty(wrap(body)),
            Err(e) => Error::Decode(e),
        }
    }

    /// A declared error response whose body is not needed.
    pub fn api_error_empty<E>(self, error: E) -> Error<E> {
        Error::Api(Box::new(ApiError {
            status: self.status,
            headers: Box::new(self.headers),
            body: error,
        }))
    }

    /// A declared error response with a text body (invalid UTF-8 replaced).
    pub fn api_error_text<E>(self, wrap: fn(String) -> E) -> Error<E> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        self.api_error_empty(wrap(text))
    }

    /// A response with a status the operation does not declare.
    pub fn unexpected<E>(self) -> Error<E> {
        let body = body_excerpt(&self.body);
        Error::UnexpectedStatus(UnexpectedStatus {
            status: self.status,
            headers: Box::new(self.headers),
            body,
        })
    }
}

/// A decoded success body together with the response status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Splits into status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

/// Per-call settings that override the client's defaults.
#[derive(Default, Clone)]
pub(super) struct RequestOptions {
    pub(super) timeout: Option<Duration>,
    /// For streamed responses: the longest wait for the next bytes.
    pub(super) idle_timeout: Option<Duration>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) retry_non_idempotent: Option<bool>,
    pub(super) headers: HeaderMap,
    pub(super) hooks: HookList,
    pub(super) error: Option<InvalidRequest>,
}

impl RequestOptions {
    /// Adds a header; an invalid one is kept as the call's error.
    pub(super) fn add_header(&mut self, name: &str, value: &str) {
        match super::client::parse_header(name, value) {
            Ok((name, value)) => {
                self.headers.append(name, value);
            }
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }
}

/// A call to one operation, ready to send: `.await` it, or adjust it first.
///
/// Besides the settings every call has (`timeout`, `header`, …), each operation's optional
/// parameters are methods of its request (`P` says which operation's they are):
///
/// ```text
/// let pets = client.list_pets().limit(100).timeout(Duration::from_secs(5)).await?;
/// ```
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct OperationRequest<T, E, P = ()> {
    pub(super) client: Client,
    pub(super) parts: RequestParts,
    pub(super) options: RequestOptions,
    pub(super) decode: fn(RawResponse) -> Result<T, Error<E>>,
    /// The optional parameters set so far, written into `parts` when the call is sent.
    pub(crate) params: P,
}

impl<T, E, P> std::fmt::Debug for OperationRequest<T, E, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationRequest")
            .field("operation", &self.parts.info.id)
            .field("timeout", &self.options.timeout)
            .field("retry", &self.options.retry)
            .field("hooks", &self.options.hooks.len())
            .finish_non_exhaustive()
    }
}

impl<T, E, P: OptionalParameters> OperationRequest<T, E, P> {
    /// Wraps filled-in request parts and the operation's decoder; no optional parameter is
    /// set yet.
    #[doc(hidden)]
    pub fn new(
        client: &Client,
        parts: RequestParts,
        decode: fn(RawResponse) -> Result<T, Error<E>>,
    ) -> Self {
        OperationRequest {
            client: client.clone(),
            parts,
            options: RequestOptions::default(),
            decode,
            params: P::default(),
        }
    }

    /// Takes the request apart, its optional parameters written into its parts, for sending
    /// and for pagination: it may point the parts at a next-page URL the server gave, and it
    /// sends them through one path that is not generic, shared by every paginated operation
    /// instead of copied into each.
    #[allow(clippy::type_complexity)]
    pub(super) fn into_call(
        self,
    ) -> (Client, RequestParts, RequestOptions, fn(RawResponse) -> Result<T, Error<E>>) {
        let mut parts = self.parts;
        self.params.write(&mut parts);
        (self.client, parts, self.options, self.decode)
    }

    /// The same call with these optional parameters and settings, for the pages after the
    /// first.
    pub(super) fn with_call(mut self, params: P, options: RequestOptions) -> Self {
        self.params = params;
        self.options = options;
        self
    }

    /// Sends the request and decodes the response body.
    pub async fn send(self) -> Result<T, Error<E>> {
        let (client, parts, options, decode) = self.into_call();
        let raw = super::send::execute(&client, parts, options)
            .await
            .map_err(|f| f.into_error())?;
        decode(raw)
    }

    /// Sends the request and returns the decoded body with the status and
    /// headers.
    pub async fn send_with_response(self) -> Result<Response<T>, Error<E>> {
        let (client, parts, options, decode) = self.into_call();
        let raw = super::send::execute(&client, parts, options)
            .await
            .map_err(|f| f.into_error())?;
        let (status, headers) = (raw.status, raw.headers.clone());
        let body = decode(raw)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

impl<T, E, P> OperationRequest<T, E, P> {
    /// Limits each attempt of this call to `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// For [`bytes_stream`](OperationRequest::bytes_stream): fails the stream when no bytes
    /// arrive for this long (instead of the client's
    /// [`idle_timeout`](super::ClientBuilder::idle_timeout)).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.options.idle_timeout = Some(timeout);
        self
    }

    /// Adds a header to this call. An invalid name or value makes the call
    /// fail with [`Error::InvalidRequest`] without sending anything.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.options.add_header(name.as_ref(), value.as_ref());
        self
    }

    /// Uses this retry policy instead of the client's for this call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Allows (or forbids) retrying this call even if its method is not
    /// idempotent; use it when the server deduplicates, e.g. by an
    /// idempotency key.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.options.retry_non_idempotent = Some(retry);
        self
    }

    /// Adds a hook that runs around every attempt of this call, after the
    /// client's hooks and those added to this call before it.
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.options.hooks.push(Arc::new(hook));
        self
    }
}

impl<T: Send + 'static, E: Send + 'static, P: OptionalParameters> IntoFuture for OperationRequest<T, E, P> {
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
