//! The JSON tree into the typed `openapiv3` model, and when that fails, the deepest node at
//! fault: the model's own errors stop at the first untagged enum or flattened map they meet
//! (`#/paths: missing field name`), which tells a user nothing about where to look.

use openapiv3::{
    Callback, Components, Encoding, Header, Info, MediaType, OpenAPI, Operation, Parameter, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SecurityScheme, Server,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::walk::{self, Kind};
use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// The typed model of a normalised document, but for its path items and component schemas:
/// those stay in the tree, from which the lowering reads them one at a time. Typed, they would
/// take twice the memory of the whole tree at once (a 32 MB spec: 950 MB). Each one is
/// checked here all the same, so the lowering meets only nodes the model accepts.
pub fn typed(document: &Value) -> Result<OpenAPI> {
    let refuse = || {
        fault(Kind::Document, document, &Pointer::root())
            .unwrap_or_else(|| Error::at("#", "not a valid OpenAPI document"))
    };
    let api = OpenAPI::deserialize(&skeleton(document)).map_err(|_| refuse())?;
    let check = |base: Pointer, entries: &mut dyn Iterator<Item = (&str, &Value)>, kind: Kind, accepted: fn(&Value) -> bool| {
        for (name, node) in entries {
            if !accepted(node) {
                let at = base.push(name);
                let fallback = || Error::at(at.to_string(), "not valid here");
                return Err(fault(kind, node, &at).unwrap_or_else(fallback));
            }
        }
        Ok(())
    };
    check(Pointer::root().push("paths"), &mut path_entries(document), Kind::PathItem, |node| {
        ReferenceOr::<PathItem>::deserialize(node).is_ok()
    })?;
    let schemas = document.get("components").and_then(|c| c.get("schemas")).and_then(Value::as_object);
    let mut schemas = schemas.into_iter().flatten().map(|(name, node)| (name.as_str(), node));
    check(Pointer::root().push("components").push("schemas"), &mut schemas, Kind::Schema, |node| {
        ReferenceOr::<Schema>::deserialize(node).is_ok()
    })?;
    Ok(api)
}

/// The path items under `paths`, by key: every entry but the `x-` extensions beside them.
pub(super) fn path_entries(document: &Value) -> impl Iterator<Item = (&str, &Value)> {
    let paths = document.get("paths").and_then(Value::as_object);
    paths.into_iter().flatten().filter(|(key, _)| !key.starts_with("x-")).map(|(key, node)| (key.as_str(), node))
}

/// The document without the path items of `paths` and the entries of `components/schemas`.
fn skeleton(document: &Value) -> Value {
    let Value::Object(top) = document else { return document.clone() };
    let mut out = serde_json::Map::with_capacity(top.len());
    for (key, value) in top {
        let value = match (key.as_str(), value) {
            ("paths", Value::Object(paths)) => {
                Value::Object(paths.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect())
            }
            ("components", Value::Object(components)) => Value::Object(
                components
                    .iter()
                    .map(|(k, v)| match (k.as_str(), v) {
                        ("schemas", Value::Object(_)) => (k.clone(), Value::Object(serde_json::Map::new())),
                        _ => (k.clone(), v.clone()),
                    })
                    .collect(),
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// The deepest node below `at` that the model rejects, children before their parent.
fn fault(kind: Kind, node: &Value, at: &Pointer) -> Option<Error> {
    for (tokens, child_kind) in walk::children(kind, node) {
        let child = walk::descend(node, &tokens)?;
        let child_at = tokens.iter().fold(at.clone(), |p, t| p.push(t));
        if let Some(error) = fault(child_kind, child, &child_at) {
            return Some(error);
        }
    }
    let (place, problem) = check(kind, node)?;
    let at = place.iter().fold(at.clone(), |p, t| p.push(t));
    Some(Error::at(at.to_string(), format!("{problem}; see the OpenAPI specification for what this {} may hold", noun(kind))))
}

/// Why the model rejects `node` as a `kind`, and where inside it, if it does.
fn check(kind: Kind, node: &Value) -> Option<(Vec<String>, String)> {
    match kind {
        Kind::Document => problem::<OpenAPI>(node),
        Kind::Info => problem::<Info>(node),
        Kind::Server => problem::<Server>(node),
        Kind::Components => problem::<Components>(node),
        Kind::PathItem => referenced_or::<PathItem>(node),
        Kind::Operation => problem::<Operation>(node),
        Kind::Parameter => referenced_or::<Parameter>(node),
        Kind::Header => referenced_or::<Header>(node),
        Kind::RequestBody => referenced_or::<RequestBody>(node),
        Kind::Response => referenced_or::<Response>(node),
        Kind::MediaType => problem::<MediaType>(node),
        Kind::Encoding => problem::<Encoding>(node),
        Kind::Callback => problem::<Callback>(node),
        Kind::SecurityScheme => referenced_or::<SecurityScheme>(node),
        Kind::Schema => referenced_or::<Schema>(node),
    }
}

/// `ReferenceOr<T>` is an untagged enum, whose error says only that nothing matched: check
/// the reference or the item, whichever the node is meant to be.
fn referenced_or<T: DeserializeOwned>(node: &Value) -> Option<(Vec<String>, String)> {
    match node.get("$ref") {
        Some(Value::String(_)) => None,
        Some(_) => Some((vec!["$ref".to_owned()], "`$ref` must be a string such as \"#/components/schemas/Pet\"".to_owned())),
        None => problem::<T>(node),
    }
}

fn problem<T: DeserializeOwned>(node: &Value) -> Option<(Vec<String>, String)> {
    let error = serde_path_to_error::deserialize::<_, T>(node).err()?;
    let place = error.path().iter().filter_map(token).collect();
    Some((place, error.into_inner().to_string()))
}

fn token(segment: &serde_path_to_error::Segment) -> Option<String> {
    use serde_path_to_error::Segment as S;
    match segment {
        S::Seq { index } => Some(index.to_string()),
        S::Map { key } => Some(key.clone()),
        S::Enum { .. } | S::Unknown => None,
    }
}

fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Document => "document",
        Kind::Info => "info object",
        Kind::Server => "server",
        Kind::Components => "components object",
        Kind::PathItem => "path item",
        Kind::Operation => "operation",
        Kind::Parameter => "parameter",
        Kind::Header => "header",
        Kind::RequestBody => "request body",
        Kind::Response => "response",
        Kind::MediaType => "media type",
        Kind::Encoding => "encoding",
        Kind::Callback => "callback",
        Kind::SecurityScheme => "security scheme",
        Kind::Schema => "schema",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(paths: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    #[test]
    fn names_the_parameter_at_fault_not_the_paths() {
        let doc = document(json!({"/pets/{id}": {"delete": {"parameters": [{"in": "path", "schema": {}}], "responses": {}}}}));
        let err = typed(&doc).unwrap_err();
        assert_eq!(err.location, "#/paths/~1pets~1{id}/delete/parameters/0");
        assert!(err.message.contains("missing field `name`"), "{err}");
    }

    #[test]
    fn names_the_field_inside_the_node() {
        let doc = document(json!({"/a": {"get": {"responses": {"200": {"description": 5}}}}}));
        let err = typed(&doc).unwrap_err();
        assert_eq!(err.location, "#/paths/~1a/get/responses/200/description");
    }

    #[test]
    fn names_the_schema_at_fault() {
        let schema = json!({"type": "object", "properties": {"ok": {}, "bad": 5}});
        let doc = document(json!({"/a": {"get": {"responses": {"200": {"description": "", "content": {"application/json": {"schema": schema}}}}}}}));
        let err = typed(&doc).unwrap_err();
        assert_eq!(err.location, "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/bad");
    }

    #[test]
    fn a_reference_that_is_not_a_string_is_named() {
        let doc = document(json!({"/a": {"get": {"parameters": [{"$ref": 5}], "responses": {}}}}));
        assert_eq!(typed(&doc).unwrap_err().location, "#/paths/~1a/get/parameters/0/$ref");
    }
}
