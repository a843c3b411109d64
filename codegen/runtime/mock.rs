//! Typed test doubles for `wiremock`, compiled only with the `mock` feature.
//!
//! The generated `mock` module has one function per operation returning a
//! [`MockOperation`]: it matches the operation's method and path template,
//! and answers with a typed body the way the real API would, so a test of
//! code that calls the client reads like the calls it stands in for:
//!
//! ```text
//! mock::get_pet().respond(&pet).mount(&server).await;
//! mock::get_pet().respond_error(&GetPetError::NotFound(problem)).mount(&server).await;
//! mock::watch_pets().respond(&[event, other_event]).mount(&server).await;
//! ```
//!
//! A streaming method's stand-in answers with a slice of its items, sent as
//! the operation streams them (server-sent events, JSON Lines or a JSON text
//! sequence).

use std::marker::PhantomData;

use serde::Serialize;
use wiremock::matchers::method;
use wiremock::{Match, Mock, MockBuilder, Request, Respond, ResponseTemplate};

/// A stand-in for one operation: matches its requests, and answers with its
/// declared success (`T`) or error (`E`) bodies.
///
/// Point the client at the mock server's root
/// (`Client::builder().base_url(server.uri())`): the path template is matched
/// against the whole request path.
#[must_use = "a mock does nothing until it answers and is mounted"]
pub struct MockOperation<T: ?Sized, E> {
    builder: MockBuilder,
    success: fn(&T) -> ResponseTemplate,
    error: fn(&E) -> ResponseTemplate,
    types: PhantomData<fn(&T, &E)>,
}

impl<T: ?Sized, E> MockOperation<T, E> {
    /// Matches `method` and `path_template`; `success` and `error` turn
    /// bodies into responses. Called by the generated `mock` functions.
    #[doc(hidden)]
    pub fn new(
        http_method: &'static str,
        path_template: &'static str,
        success: fn(&T) -> ResponseTemplate,
        error: fn(&E) -> ResponseTemplate,
    ) -> Self {
        MockOperation {
            builder: Mock::given(method(http_method)).and(PathTemplate(path_template)),
            success,
            error,
            types: PhantomData,
        }
    }

    /// Matches only requests that `matcher` matches too, e.g.
    /// `wiremock::matchers::query_param("limit", "10")`.
    pub fn and(mut self, matcher: impl Match + 'static) -> Self {
        self.builder = self.builder.and(matcher);
        self
    }

    /// Answers with this success body, under the status the API declares
    /// for it.
    pub fn respond(self, body: &T) -> Mock {
        let response = (self.success)(body);
        self.builder.respond_with(response)
    }

    /// Answers with this declared error: its status and body. A variant for
    /// a range (`4XX`) or `default` answers with the lowest status that no
    /// other declared response claims (`default` tries 5XX first).
    pub fn respond_error(self, error: &E) -> Mock {
        let response = (self.error)(error);
        self.builder.respond_with(response)
    }

    /// Answers with a bare status and no body, e.g. 503 to make the client
    /// retry, or one the operation does not declare.
    pub fn respond_status(self, status: u16) -> Mock {
        self.builder.respond_with(ResponseTemplate::new(status))
    }

    /// Answers with anything else (a delay, a malformed body, a sequence).
    pub fn respond_with(self, responder: impl Respond + 'static) -> Mock {
        self.builder.respond_with(responder)
    }
}

/// A JSON body under `status`.
#[doc(hidden)]
pub fn json(status: u16, body: &(impl Serialize + ?Sized)) -> ResponseTemplate {
    // Generated types always serialize; a failure here is a bug worth a loud test failure.
    let bytes = serde_json::to_vec(body).expect("a generated type serializes to JSON");
    ResponseTemplate::new(status).set_body_raw(bytes, "application/json")
}

/// A text or binary body under `status`, with its media type.
#[doc(hidden)]
pub fn raw(status: u16, media_type: &str, body: impl AsRef<[u8]>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_ref().to_vec(), media_type)
}

/// An event stream whose one event is the API's error event.
#[doc(hidden)]
pub fn error_event(status: u16, body: &(impl Serialize + ?Sized)) -> ResponseTemplate {
    let data = serde_json::to_string(body).expect("a generated type serializes to JSON");
    ResponseTemplate::new(status).set_body_raw(format!("event: error\ndata: {data}\n\n"), "text/event-stream")
}

/// Items as a streamed body under `status`: each one an event's `data`, a
/// line, or a record, as `framing` says.
#[doc(hidden)]
pub fn stream(
    status: u16,
    media_type: &str,
    framing: super::Framing,
    items: impl Iterator<Item = String>,
) -> ResponseTemplate {
    let mut body = String::new();
    for data in items {
        match framing {
            super::Framing::Events => {
                // A `data` value over several lines is one `data:` field per line.
                for line in data.split('\n') {
                    body.push_str("data: ");
                    body.push_str(line);
                    body.push('\n');
                }
                body.push('\n');
            }
            super::Framing::Lines => body.extend([data.as_str(), "\n"]),
            super::Framing::Sequence => body.extend(["\u{1e}", data.as_str(), "\n"]),
        }
    }
    ResponseTemplate::new(status).set_body_raw(body, media_type)
}

/// One item as JSON text, for [`stream`].
#[doc(hidden)]
pub fn json_data(item: &(impl Serialize + ?Sized)) -> String {
    serde_json::to_string(item).expect("a generated type serializes to JSON")
}

/// No body.
#[doc(hidden)]
pub fn empty(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
}

/// Matches a request path against an OpenAPI path template such as
/// `/items/{id}`: literal segments exactly, each `{parameter}` any non-empty
/// text. Segments are compared after percent-decoding, so an id sent as
/// `a%2Fb%2Bc%3D%3D` matches `{id}`.
#[derive(Debug)]
struct PathTemplate(&'static str);

impl Match for PathTemplate {
    fn matches(&self, request: &Request) -> bool {
        let path = request.url.path();
        let (mut patterns, mut segments) = (self.0.split('/'), path.split('/'));
        loop {
            match (patterns.next(), segments.next()) {
                (None, None) => return true,
                (Some(pattern), Some(segment)) => {
                    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
                    if !matches_segment(pattern, &decoded) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }
}

/// Whether one segment fits a template segment: literal text and
/// `{parameter}`s, each parameter standing for one or more characters.
fn matches_segment(pattern: &str, segment: &str) -> bool {
    let Some(open) = pattern.find('{') else {
        return pattern == segment;
    };
    let Some(rest) = segment.strip_prefix(&pattern[..open]) else {
        return false;
    };
    let Some(close) = pattern[open..].find('}') else {
        return pattern == segment;
    };
    let after = &pattern[open + close + 1..];
    // Try every length for this parameter; segments are short.
    (1..=rest.len())
        .filter(|&len| rest.is_char_boundary(len))
        .any(|len| matches_segment(after, &rest[len..]))
}

#[cfg(test)]
mod tests {
    use super::matches_segment;

    #[test]
    fn template_segments() {
        assert!(matches_segment("items", "items"));
        assert!(!matches_segment("items", "item"));
        assert!(matches_segment("{id}", "a/b+c=="));
        assert!(!matches_segment("{id}", ""));
        assert!(matches_segment("v{major}.{minor}", "v1.2"));
        assert!(!matches_segment("v{major}.{minor}", "v1"));
        assert!(matches_segment("{name}.json", "x.y.json"));
    }
}
