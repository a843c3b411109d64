//! When and how long to wait before sending a request again.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// How a client retries failed requests.
///
/// Retries happen on 408, 429, 500, 502, 503 and 504 responses, on
/// per-attempt timeouts and on connection failures, and only for idempotent
/// methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) unless
/// [`with_retry_non_idempotent`](Self::with_retry_non_idempotent) is set.
/// A connection that could not be established is retried for every method,
/// since the server never saw the request.
///
/// The wait before a retry is the server's `retry-after-ms` or `Retry-After`
/// if it sent one, otherwise a "full jitter" backoff: a random duration
/// between zero and `min(max_delay, base_delay * 2^retry)`.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    deadline: Option<Duration>,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            deadline: None,
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets how many times a request is sent again after the first attempt
    /// (default 2).
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the backoff before the first retry, doubled for each further
    /// one (default 0.5 s).
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Caps the computed backoff (default 8 s).
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets the longest server-requested wait that is still honoured
    /// (default 60 s); if the server asks for more, the response is returned
    /// instead of waiting.
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Limits the total time of a call, all attempts and waits included
    /// (default: no limit).
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Allows retrying methods that are not idempotent, such as POST and
    /// PATCH (default `false`): only safe if the server deduplicates them.
    pub fn with_retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// How many times a request may be sent again after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The backoff before the first retry.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The cap on the computed backoff.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The longest server-requested wait that is honoured.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The limit on the total time of a call, if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// Whether non-idempotent methods are retried.
    pub fn retry_non_idempotent(&self) -> bool {
        self.retry_non_idempotent
    }

    /// A random backoff for the retry with index `retry` (0 for the first):
    /// uniform in `[0, min(max_delay, base_delay * 2^retry)]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let cap = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=cap_nanos))
    }

    /// Whether a request with this method may be sent more than once.
    pub(super) fn allows_method(&self, method: &Method) -> bool {
        self.retry_non_idempotent || is_idempotent(method)
    }
}

/// Whether RFC 9110 calls the method idempotent.
#[doc(hidden)]
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// Whether a response with this status is worth trying again.
#[doc(hidden)]
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The wait the server asked for, from `retry-after-ms` (milliseconds,
/// possibly fractional; preferred because it is more precise) or
/// `Retry-After` (delta-seconds or an HTTP-date; a past date means now).
#[doc(hidden)]
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = text("retry-after-ms").and_then(parse_millis) {
        return Some(ms);
    }
    text("retry-after").and_then(parse_retry_after)
}

fn parse_millis(value: &str) -> Option<Duration> {
    let ms: f64 = value.parse().ok()?;
    if ms.is_nan() || ms < 0.0 {
        return None;
    }
    Duration::try_from_secs_f64(ms / 1000.0).ok()
}

fn parse_retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
