//! Turning parameter values into path segments, query strings and header
//! values, following the OpenAPI 3.0 `style` / `explode` rules.

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;
use serde::Serialize;
use serde_json::Value;

use super::error::InvalidRequest;

/// Everything but RFC 3986 "unreserved" characters gets encoded, so a value
/// can never break out of its path segment or query component.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters a cookie value may not contain (RFC 6265 `cookie-octet`),
/// plus `%` so encoded values stay unambiguous.
const COOKIE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%')
    .add(0x7f);

/// The OpenAPI `style` of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `name=a,b` or, exploded, `name=a&name=b` (query default).
    Form,
    /// `name=a%20b` for arrays.
    SpaceDelimited,
    /// `name=a|b` for arrays.
    PipeDelimited,
    /// `name[key]=value` for objects.
    DeepObject,
    /// `a,b` (path and header default).
    Simple,
}

/// Percent-encodes a path segment, keeping only RFC 3986 unreserved
/// characters: `a/b+c==` becomes `a%2Fb%2Bc%3D%3D`.
#[doc(hidden)]
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

fn encode_component(value: &str) -> percent_encoding::PercentEncode<'_> {
    utf8_percent_encode(value, UNRESERVED)
}

/// Encodes a path parameter in `simple` style (arrays comma-joined), each
/// piece percent-encoded as a path segment.
#[doc(hidden)]
pub fn path_param(value: &(impl Serialize + ?Sized)) -> Result<String, InvalidRequest> {
    let value = to_json(value, "path parameter")?;
    if value.is_null() {
        return Err(InvalidRequest::new("a path parameter has no value"));
    }
    Ok(simple_pieces(&value)
        .iter()
        .map(|p| encode_path_segment(p))
        .collect::<Vec<_>>()
        .join(","))
}

/// Encodes a header parameter in `simple` style (arrays comma-joined).
#[doc(hidden)]
pub fn header_param(value: &(impl Serialize + ?Sized)) -> Result<HeaderValue, InvalidRequest> {
    let value = to_json(value, "header parameter")?;
    if value.is_null() {
        return Err(InvalidRequest::new("a header parameter has no value"));
    }
    header_value(&value)
}

pub(super) fn header_value(value: &Value) -> Result<HeaderValue, InvalidRequest> {
    // The value itself is left out of the message: headers may carry secrets.
    HeaderValue::from_str(&simple_pieces(value).join(",")).map_err(|_| {
        InvalidRequest::new("a header parameter contains characters not allowed in HTTP headers")
    })
}

/// Encodes a cookie value: `simple` pieces comma-joined, with characters a
/// cookie cannot carry percent-encoded.
pub(super) fn cookie_value(value: &Value) -> String {
    let pieces: Vec<String> = simple_pieces(value)
        .iter()
        .map(|p| encode_cookie(p))
        .collect();
    pieces.join(",")
}

pub(super) fn encode_cookie(text: &str) -> String {
    utf8_percent_encode(text, COOKIE).to_string()
}

pub(super) fn to_json(value: &(impl Serialize + ?Sized), what: &str) -> Result<Value, InvalidRequest> {
    serde_json::to_value(value)
        .map_err(|e| InvalidRequest::new(format!("cannot serialize {what}: {e}")))
}

/// Scalars as text: strings without quotes, numbers and booleans as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The unexploded pieces of a value: array items, or object keys and values
/// alternating; nulls inside are dropped.
fn simple_pieces(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(scalar_text)
            .collect(),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
            .collect(),
        other => vec![scalar_text(other)],
    }
}

/// An `application/x-www-form-urlencoded` string being built up; used both
/// for query strings and for form bodies.
#[derive(Debug, Clone, Default)]
pub(super) struct QueryString(String);

impl QueryString {
    /// A query string the server already encoded (from a next-page URL), kept byte for byte.
    pub(super) fn from_encoded(query: String) -> Self {
        QueryString(query)
    }

    pub(super) fn as_str(&self) -> &str {
        &self.0
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends `name=value`, both percent-encoded.
    pub(super) fn push(&mut self, name: &str, value: &str) {
        self.push_raw(
            &encode_component(name).to_string(),
            &encode_component(value).to_string(),
        );
    }

    /// Appends a pair whose parts are already encoded.
    fn push_raw(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(name);
        self.0.push('=');
        self.0.push_str(value);
    }

    /// Appends a parameter following the OpenAPI 3.0 serialization rules.
    pub(super) fn param(&mut self, name: &str, value: &Value, style: ParamStyle, explode: bool) {
        match value {
            Value::Null => {}
            Value::Array(items) => self.array(name, items, style, explode),
            Value::Object(_) => self.object(name, value, style, explode),
            scalar => self.push(name, &scalar_text(scalar)),
        }
    }

    fn array(&mut self, name: &str, items: &[Value], style: ParamStyle, explode: bool) {
        // An empty list counts as undefined (RFC 6570), so nothing is sent.
        let items: Vec<&Value> = items.iter().filter(|v| !v.is_null()).collect();
        if items.is_empty() {
            return;
        }
        match (style, explode) {
            (ParamStyle::Form | ParamStyle::DeepObject, true) => {
                items.iter().for_each(|v| self.push(name, &scalar_text(v)));
            }
            _ => self.joined(name, items.iter().map(|v| scalar_text(v)), delimiter(style)),
        }
    }

    fn object(&mut self, name: &str, value: &Value, style: ParamStyle, explode: bool) {
        match (style, explode) {
            (ParamStyle::DeepObject, _) => self.deep(&encode_component(name).to_string(), value),
            (ParamStyle::Form, true) => {
                let Value::Object(map) = value else { return };
                map.iter()
                    .for_each(|(k, v)| self.param(k, v, ParamStyle::Form, true));
            }
            _ => self.joined(name, simple_pieces(value).into_iter(), delimiter(style)),
        }
    }

    /// `name=a<delim>b<delim>c`, with each piece encoded but the delimiter
    /// kept literal so it stays distinguishable from data.
    fn joined(&mut self, name: &str, pieces: impl Iterator<Item = String>, delim: &str) {
        let encoded: Vec<String> = pieces.map(|p| encode_component(&p).to_string()).collect();
        self.push_raw(&encode_component(name).to_string(), &encoded.join(delim));
    }

    /// `prefix[key]=value`, recursing into nested objects and repeating the
    /// key for arrays (the common reading of the under-specified cases).
    fn deep(&mut self, prefix: &str, value: &Value) {
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (k, v) in map {
                    self.deep(&format!("{prefix}%5B{}%5D", encode_component(k)), v);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.deep(prefix, v)),
            scalar => self.push_raw(prefix, &encode_component(&scalar_text(scalar)).to_string()),
        }
    }

    /// Encodes a form body: top-level properties exploded, nested objects as
    /// `name[key]=value`.
    pub(super) fn form(value: &Value) -> Result<QueryString, InvalidRequest> {
        let Value::Object(map) = value else {
            return Err(InvalidRequest::new(
                "a form body must serialize to an object",
            ));
        };
        let mut out = QueryString::default();
        for (k, v) in map {
            let style = if v.is_object() {
                ParamStyle::DeepObject
            } else {
                ParamStyle::Form
            };
            out.param(k, v, style, true);
        }
        Ok(out)
    }
}

fn delimiter(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::SpaceDelimited => "%20",
        ParamStyle::PipeDelimited => "|",
        _ => ",",
    }
}
