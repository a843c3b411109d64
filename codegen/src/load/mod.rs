//! Stage 1: read a YAML or JSON document into `openapiv3` types.
//!
//! Whatever version the user wrote, the result has one shape: Swagger 2.0 is converted (by
//! the private `swagger2` module) into the OpenAPI 3.0 model, and a [`SourceMap`] remembers
//! where each moved node came from, so that later stages can name places in the user's own file.
//!
//! The raw JSON tree is kept beside the typed model: references that point anywhere other
//! than a component (`#/paths/.../schema`) are resolved against it.

mod source_map;
mod swagger2;

pub use source_map::{Moves, SourceMap};

use std::path::Path;

use openapiv3::OpenAPI;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// A parsed OpenAPI document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The typed model.
    pub api: OpenAPI,
    /// The same document as a JSON tree, for resolving arbitrary local references.
    pub raw: serde_json::Value,
    /// Where the nodes of `raw` are in the document the user wrote.
    pub source_map: SourceMap,
}

impl Document {
    /// The node a reference written in the user's document points at, and its place in `raw`.
    pub fn resolve_reference(&self, reference: &Pointer) -> Option<(&serde_json::Value, Pointer)> {
        let converted = self.source_map.converted(reference);
        converted.resolve(&self.raw).map(|value| (value, converted))
    }

    /// An error located in `raw`, relocated to the user's document.
    pub fn relocate(&self, mut error: Error) -> Error {
        error.location = self.source_map.original_location(&error.location);
        error
    }
}

/// Reads and parses the document at `path`; errors name the file.
pub fn load_file(path: &Path) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::at("", format!("cannot read the spec: {e}")).in_file(path)
    })?;
    parse(&text).map_err(|e| e.in_file(path))
}

/// Parses a document from text: JSON when it starts with `{`, YAML otherwise.
pub fn parse(text: &str) -> Result<Document> {
    let raw = if text.trim_start().starts_with('{') { parse_json(text)? } else { parse_yaml(text)? };
    let mut source_map = SourceMap::default();
    let raw = if raw.get("swagger").is_some() {
        let (converted, moves) = swagger2::convert(&raw)?;
        source_map.push(moves);
        converted
    } else {
        raw
    };
    check_version(&raw)?;
    let api = typed(&raw).map_err(|e| Error { location: source_map.original_location(&e.location), ..e })?;
    Ok(Document { api, raw, source_map })
}

fn parse_json(text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| {
        Error::at(
            format!("line {} column {}", e.line(), e.column()),
            format!("invalid JSON: {e}; fix the syntax at that place"),
        )
    })
}

fn parse_yaml(text: &str) -> Result<serde_json::Value> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let location = e
            .location()
            .map(|l| format!("line {} column {}", l.line(), l.column()))
            .unwrap_or_default();
        Error::at(location, format!("invalid YAML: {e}; fix the syntax at that place"))
    })?;
    value.apply_merge().map_err(|e| Error::at("", format!("invalid YAML merge key: {e}")))?;
    Ok(yaml_to_json(value))
}

/// YAML allows non-string keys (`200:` is an integer); JSON and OpenAPI want strings.
fn yaml_to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => b.into(),
        Y::Number(n) => yaml_number(&n),
        Y::String(s) => s.into(),
        Y::Sequence(items) => items.into_iter().map(yaml_to_json).collect(),
        Y::Mapping(map) => map
            .into_iter()
            .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_number(n: &serde_yaml::Number) -> serde_json::Value {
    if let Some(i) = n.as_i64() {
        i.into()
    } else if let Some(u) = n.as_u64() {
        u.into()
    } else {
        n.as_f64().and_then(serde_json::Number::from_f64).map_or(serde_json::Value::Null, Into::into)
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match yaml_to_json(key) {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

fn check_version(raw: &serde_json::Value) -> Result<()> {
    let version = raw.get("openapi").and_then(|v| v.as_str());
    match version {
        Some(v) if v.starts_with("3.0") => Ok(()),
        Some(v) => Err(Error::at(
            "#/openapi",
            format!("OpenAPI {v} is not supported; only 3.0.x documents can be generated"),
        )),
        None => Err(Error::at("#", "not an OpenAPI document: the `openapi` field is missing")),
    }
}

/// Deserializes the typed model, naming the failing place as a JSON pointer.
fn typed(raw: &serde_json::Value) -> Result<OpenAPI> {
    OpenAPI::deserialize(raw).or_else(|_| {
        // Only on failure: path tracking is slower and the error is then worth it.
        serde_path_to_error::deserialize::<_, OpenAPI>(raw).map_err(|e| {
            let pointer = e.path().iter().fold(Pointer::root(), |p, seg| p.push(segment(seg)));
            Error::at(pointer.to_string(), format!("not valid OpenAPI 3.0: {}", e.inner()))
        })
    })
}

fn segment(seg: &serde_path_to_error::Segment) -> String {
    use serde_path_to_error::Segment as S;
    match seg {
        S::Seq { index } => index.to_string(),
        S::Map { key } => key.clone(),
        S::Enum { variant } => variant.clone(),
        S::Unknown => "?".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let doc = parse(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n",
        )
        .unwrap();
        assert!(doc.raw.pointer("/paths/~1a/get/responses/200").is_some());
    }

    #[test]
    fn yaml_syntax_error_names_line_and_column() {
        let err = parse("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        assert!(err.location.starts_with("line "), "{err}");
    }

    #[test]
    fn swagger_two_loads_and_older_swagger_is_refused() {
        let doc = parse(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  Pet: {type: object}\n",
        )
        .unwrap();
        assert!(doc.api.components.is_some_and(|c| c.schemas.contains_key("Pet")));
        let err = parse("{\"swagger\": \"1.2\", \"paths\": {}}").unwrap_err();
        assert_eq!(err.location, "#/swagger");
        assert!(err.message.contains("Swagger 1.2 is not supported"), "{err}");
    }
}
