//! The API client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::auth::{Credential, Source};
use super::error::InvalidRequest;
use super::hooks::{Hook, HookList};
use super::retry::RetryPolicy;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Long enough for a model that thinks before its first token; short enough that a dead
/// connection does not hang a program for long.
const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(300);
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// Its only methods are [`base_url`](Self::base_url) and the API's operations; the
/// machinery that sends requests lives elsewhere, so an operation may be called anything.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<ClientInner>,
}

pub(super) struct ClientInner {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    pub(super) credentials: Vec<(&'static str, Source)>,
    pub(super) headers: HeaderMap,
    pub(super) hooks: HookList,
    pub(super) retry: RetryPolicy,
    pub(super) timeout: Option<Duration>,
    pub(super) idle_timeout: Option<Duration>,
}

impl Client {
    /// The base URL every operation path is appended to (no trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &shown_url(&self.inner.base_url))
            .field("credentials", &scheme_names(&self.inner.credentials))
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("idle_timeout", &self.inner.idle_timeout)
            .field("hooks", &self.inner.hooks.len())
            .finish_non_exhaustive()
    }
}

/// A URL for `Debug`, without the user info that can hold credentials.
fn shown_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '\\']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://[redacted]@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

fn scheme_names<T>(credentials: &[(&'static str, T)]) -> Vec<&'static str> {
    credentials.iter().map(|(scheme, _)| *scheme).collect()
}

/// Configures and builds a [`Client`].
pub struct ClientBuilder {
    base_url: Option<String>,
    timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<String>,
    headers: HeaderMap,
    http: Option<reqwest::Client>,
    credentials: Vec<(&'static str, Credential)>,
    hooks: HookList,
    error: Option<InvalidRequest>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(shown_url))
            .field("timeout", &self.timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("headers", &header_names)
            .field("credentials", &scheme_names(&self.credentials))
            .field("hooks", &self.hooks.len())
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Starts a builder; generated `Client::builder()` passes the first
    /// server URL of the API description.
    #[doc(hidden)]
    pub fn new(default_base_url: Option<&'static str>) -> Self {
        ClientBuilder {
            base_url: default_base_url.map(str::to_owned),
            timeout: None,
            idle_timeout: Some(DEFAULT_IDLE_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent: None,
            headers: HeaderMap::new(),
            http: None,
            credentials: Vec::new(),
            hooks: Vec::new(),
            error: None,
        }
    }

    /// Uses this base URL as is (it must start with `http://` or
    /// `https://`); operation paths are appended to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Limits each attempt (credential providers and hooks included, then
    /// sending and reading the whole body) to this duration. Default 60 s, or none when [`http_client`](Self::http_client)
    /// is used. For a streamed response (an event stream, or
    /// [`bytes_stream`](super::OperationRequest::bytes_stream)) it covers the attempt up to
    /// the response head; the [`idle_timeout`](Self::idle_timeout) governs the rest.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Fails a streamed response when no bytes arrive for this long (default 5 minutes);
    /// `None` waits for ever. A stream is never cut at a fixed total time.
    pub fn idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.idle_timeout = timeout.into();
        self
    }

    /// Limits connection setup (default 10 s). Ignored with
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the default retry policy (see [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Adds a header sent with every request. An invalid name or value makes
    /// [`build`](Self::build) fail.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match parse_header(name.as_ref(), value.as_ref()) {
            Ok((name, value)) => {
                self.headers.append(name, value);
                self
            }
            Err(e) => self.fail(e),
        }
    }

    /// Uses an existing HTTP client (for proxies, custom TLS, shared pools).
    /// Its own timeouts then apply; this builder's per-attempt timeout is
    /// only enforced if [`timeout`](Self::timeout) is called explicitly.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Adds a hook that runs around every attempt of every call, after the hooks added
    /// before it (see [`Hook`]).
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Sets the credential for a security scheme, replacing an earlier one.
    #[doc(hidden)]
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(s, _)| *s != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// Records a configuration error for [`build`](Self::build) to return;
    /// the first one wins.
    #[doc(hidden)]
    pub fn fail(mut self, error: InvalidRequest) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// Builds the client, or reports the first configuration error.
    pub fn build(self) -> Result<Client, InvalidRequest> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let base_url = checked_base_url(self.base_url.as_deref())?;
        let credentials = self
            .credentials
            .iter()
            .map(|(scheme, credential)| Ok((*scheme, super::auth::source(scheme, credential)?)))
            .collect::<Result<Vec<_>, InvalidRequest>>()?;
        let mut headers = self.headers;
        let user_agent = match (&self.user_agent, &self.http) {
            (Some(ua), _) => Some(ua.as_str()),
            // A caller-supplied client may carry its own User-Agent.
            (None, Some(_)) => None,
            (None, None) => Some(DEFAULT_USER_AGENT),
        };
        if let Some(ua) = user_agent {
            let value = HeaderValue::from_str(ua).map_err(|_| {
                InvalidRequest::new(
                    "the user agent contains characters not allowed in HTTP headers",
                )
            })?;
            headers.insert(USER_AGENT, value);
        }
        let timeout = match &self.http {
            Some(_) => self.timeout,
            None => Some(self.timeout.unwrap_or(DEFAULT_TIMEOUT)),
        };
        let http = match self.http {
            Some(http) => http,
            // Redirects are responses the API declares (a 303 after a login, say): following
            // them would turn a POST into a GET of another operation, and hide the status.
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| {
                    InvalidRequest::new(format!(
                        "cannot create the HTTP client: {}",
                        e.without_url()
                    ))
                })?,
        };
        let inner = ClientInner {
            http,
            base_url,
            credentials,
            headers,
            hooks: self.hooks,
            retry: self.retry,
            timeout,
            idle_timeout: self.idle_timeout,
        };
        Ok(Client {
            inner: Arc::new(inner),
        })
    }
}

pub(super) fn parse_header(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), InvalidRequest> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| InvalidRequest::new(format!("`{name}` is not a valid header name")))?;
    // The value is not echoed: custom headers often carry tokens.
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        InvalidRequest::new(format!(
            "the value of header `{name}` contains invalid characters"
        ))
    })?;
    value.set_sensitive(true);
    Ok((header, value))
}

fn checked_base_url(url: Option<&str>) -> Result<String, InvalidRequest> {
    let url = url.ok_or_else(|| {
        InvalidRequest::new(
            "no base URL: the API description declares no server, so call `base_url`",
        )
    })?;
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(InvalidRequest::new(
            "the base URL must start with http:// or https://",
        ));
    }
    if url.contains(['?', '#']) {
        return Err(InvalidRequest::new(
            "the base URL may not contain a query or fragment",
        ));
    }
    // URL parsing drops tabs and line breaks, which could join `.` and `.` into `..`.
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(InvalidRequest::new(
            "the base URL may not contain whitespace or control characters",
        ));
    }
    let after_scheme = &url[url.find("://").map_or(0, |i| i + 3)..];
    let path = after_scheme
        .find(['/', '\\'])
        .map_or("", |start| &after_scheme[start..]);
    if super::path::has_dot_segment(path) {
        return Err(InvalidRequest::new(
            "the base URL may not contain `.` or `..` path segments",
        ));
    }
    reqwest::Url::parse(url)
        .map_err(|e| InvalidRequest::new(format!("the base URL is not valid: {e}")))?;
    Ok(url.trim_end_matches('/').to_owned())
}
