//! `multipart/form-data` bodies (RFC 7578), streamed: a part that is a file or a stream is
//! read while it is sent, never gathered in memory first.
//!
//! Generated code adds one part per property: typed values with [`Form::field`] (strings,
//! numbers and booleans as text, objects as JSON, arrays one part per element) and binary
//! ones with [`Form::uploads`], each with the content type the API description's `encoding`
//! declares for it.

use std::collections::VecDeque;

use bytes::Bytes;
use reqwest::header::HeaderValue;
use serde::Serialize;
use serde_json::Value;

use super::body::{Segment, Upload, Uploads};
use super::error::InvalidRequest;

/// A multipart body being built, part by part.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Form {
    boundary: String,
    parts: Vec<Part>,
    error: Option<InvalidRequest>,
}

#[derive(Debug, Clone)]
struct Part {
    /// The boundary line and the part's headers, up to the blank line.
    head: Bytes,
    content: Content,
}

#[derive(Debug, Clone)]
enum Content {
    Text(Bytes),
    Upload(Upload),
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

impl Form {
    /// An empty form with a random boundary.
    pub fn new() -> Self {
        let boundary = format!("openapi-rust-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
        Form { boundary, parts: Vec::new(), error: None }
    }

    /// Adds a typed property: nothing for `null`, one part per element of an array, text for
    /// strings, numbers and booleans, JSON for objects. `content_type` is the one declared for
    /// the property, if any.
    pub fn field(&mut self, name: &str, value: &(impl Serialize + ?Sized), content_type: Option<&str>) {
        match serde_json::to_value(value) {
            Ok(value) => self.value(name, &value, content_type),
            Err(e) => {
                self.error.get_or_insert(InvalidRequest::new(format!("cannot serialize the part `{name}`: {e}")));
            }
        }
    }

    /// Adds one part per upload that `value` holds. The content type is the upload's own,
    /// else the declared one, else `application/octet-stream`; the file name is the
    /// upload's own, else the property name.
    pub fn uploads(&mut self, name: &str, value: &impl Uploads, content_type: Option<&str>) {
        value.each_upload(&mut |upload| {
            let content_type = upload.content_type().or(content_type).unwrap_or("application/octet-stream");
            let file_name = upload.file_name().unwrap_or(name);
            let head = self.head(name, Some(file_name), Some(content_type));
            self.parts.push(Part { head, content: Content::Upload(upload.clone()) });
        });
    }

    /// Every property of a JSON object, as [`field`](Self::field) adds them; for bodies whose
    /// type is not a plain struct.
    pub(super) fn from_object(body: &Value) -> Option<Form> {
        let mut form = Form::new();
        for (name, value) in body.as_object()? {
            form.value(name, value, None);
        }
        Some(form)
    }

    fn value(&mut self, name: &str, value: &Value, content_type: Option<&str>) {
        let values = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for value in values.into_iter().filter(|v| !v.is_null()) {
            let (text, default_type) = match value {
                Value::String(text) => (text.clone(), None),
                Value::Object(_) | Value::Array(_) => (value.to_string(), Some("application/json")),
                other => (other.to_string(), None),
            };
            let head = self.head(name, None, content_type.or(default_type));
            self.parts.push(Part { head, content: Content::Text(text.into()) });
        }
    }

    fn head(&self, name: &str, file_name: Option<&str>, content_type: Option<&str>) -> Bytes {
        let mut head = format!("--{}\r\nContent-Disposition: form-data; name=\"{}\"", self.boundary, quoted(name));
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            // A header value cannot hold a line break: that would start a header of its own.
            head.push_str(&format!("Content-Type: {}\r\n", content_type.replace(['\r', '\n'], " ")));
        }
        head.push_str("\r\n");
        head.into()
    }

    /// The first error met while adding parts.
    pub(super) fn take_error(&mut self) -> Option<InvalidRequest> {
        self.error.take()
    }

    /// `multipart/form-data; boundary=…`.
    pub(super) fn content_type(&self) -> HeaderValue {
        // The boundary is ASCII letters, digits and `-`, always a valid header value.
        HeaderValue::from_str(&format!("multipart/form-data; boundary={}", self.boundary))
            .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"))
    }

    /// Whether every part can be sent again.
    pub(super) fn replayable(&self) -> bool {
        self.parts.iter().all(|part| match &part.content {
            Content::Text(_) => true,
            Content::Upload(upload) => upload.replayable(),
        })
    }

    /// The body's pieces for one attempt, files opened and streams taken.
    pub(super) async fn open(&self) -> Result<VecDeque<Segment>, InvalidRequest> {
        let mut segments = VecDeque::with_capacity(self.parts.len() * 3 + 1);
        for part in &self.parts {
            segments.push_back(Segment::Bytes(part.head.clone()));
            segments.push_back(match &part.content {
                Content::Text(text) => Segment::Bytes(text.clone()),
                Content::Upload(upload) => upload.open().await?,
            });
            segments.push_back(Segment::Bytes(Bytes::from_static(b"\r\n")));
        }
        segments.push_back(Segment::Bytes(format!("--{}--\r\n", self.boundary).into()));
        Ok(segments)
    }
}

/// A name or file name inside a quoted header parameter, escaped as browsers do (the
/// WHATWG rule): line breaks and quotes percent-encoded.
fn quoted(text: &str) -> String {
    text.replace('\r', "%0D").replace('\n', "%0A").replace('"', "%22")
}
