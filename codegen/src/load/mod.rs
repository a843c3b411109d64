//! Stage 1: read a YAML or JSON document into `openapiv3` types.
//!
//! Whatever version the user wrote, the result has one shape: the user's [`overlay`]s and
//! per-operation settings are applied first, Swagger 2.0 is converted (by the private
//! `swagger2` module) into the OpenAPI 3.0 model, and a [`SourceMap`] remembers where each
//! moved or added node came from, so that later stages can name places in the user's own files.
//!
//! The raw JSON tree is kept beside the typed model: references that point anywhere other
//! than a component (`#/paths/.../schema`) are resolved against it.

mod lenient;
mod normalize;
pub mod overlay;
mod source_map;
mod swagger2;
mod text;
mod typed;
mod version;
mod walk;
mod yaml12;

pub use overlay::{Edits, Overlay};
pub use source_map::{Moves, Origin, SourceMap, Traced};
pub use text::MAX_NESTING;
pub use walk::METHODS;

use std::path::Path;

use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde::Deserialize;

use crate::error::{Error, Result, Warning};
use crate::pointer::Pointer;

/// A parsed OpenAPI document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The typed model, but for the entries of `paths` and `components/schemas`, which are
    /// read from `raw` one at a time ([`Self::path_items`], [`Self::schema_names`]).
    pub api: OpenAPI,
    /// The same document as a JSON tree, for resolving arbitrary local references.
    pub raw: serde_json::Value,
    /// Where the nodes of `raw` are in the document the user wrote.
    pub source_map: SourceMap,
    /// What the load read one way where the document broke a rule, located in the user's
    /// document.
    pub warnings: Vec<Warning>,
}

impl Document {
    /// The node a reference written in the user's document points at, and its place in `raw`.
    pub fn resolve_reference(&self, reference: &Pointer) -> Option<(&serde_json::Value, Pointer)> {
        let converted = self.source_map.converted(reference);
        converted.resolve(&self.raw).map(|value| (value, converted))
    }

    /// Each path item under `paths`, typed as it is read (the load checked that each one is
    /// valid).
    pub fn path_items(&self) -> impl Iterator<Item = (&str, ReferenceOr<PathItem>)> + '_ {
        typed::path_entries(&self.raw).filter_map(|(key, node)| {
            ReferenceOr::<PathItem>::deserialize(node).ok().map(|item| (key, item))
        })
    }

    /// The names under `components/schemas`, in document order.
    pub fn schema_names(&self) -> impl Iterator<Item = &str> + '_ {
        let schemas = self.raw.get("components").and_then(|c| c.get("schemas"));
        schemas.and_then(serde_json::Value::as_object).into_iter().flatten().map(|(name, _)| name.as_str())
    }

    /// An error located in `raw`, relocated to the user's document (or to the overlay action
    /// or setting that put the faulty node in).
    pub fn relocate(&self, error: Error) -> Error {
        self.source_map.relocate(error)
    }
}

/// Reads and parses the document at `path`; errors name the file.
pub fn load_file(path: &Path) -> Result<Document> {
    load_file_with(path, &Edits::default())
}

/// Reads the document at `path` and applies `edits` to it before anything reads it; errors
/// name the file they are in (the spec, an overlay, a settings file).
pub fn load_file_with(path: &Path, edits: &Edits) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::at("", format!("cannot read the spec: {e}")).in_file(path)
    })?;
    parse_with(&text, edits).map_err(|e| e.in_file(path))
}

/// Parses a document from text: JSON when it starts with `{`, YAML otherwise; Swagger 2.0 is
/// converted and every version normalised into the one model the IR lowering reads.
pub fn parse(text: &str) -> Result<Document> {
    parse_with(text, &Edits::default())
}

/// [`parse`], with `edits` applied to the document as written, before anything else.
pub fn parse_with(text: &str, edits: &Edits) -> Result<Document> {
    let (mut raw, mut warnings) = text::parse_tree(text)?;
    warnings.extend(edits.overlays.iter().flat_map(|overlay| overlay.warnings.iter().cloned()));
    let mut source_map = SourceMap::default();
    edits.apply(&mut raw, &mut source_map)?;
    let (moves, mended) = lenient::mend_structure(&mut raw).map_err(|e| source_map.relocate(e))?;
    source_map.push(moves);
    warnings.extend(mended.into_iter().map(|warning| source_map.relocate_warning(warning)));
    match version::detect(&mut raw).map_err(|e| source_map.relocate(e))? {
        version::Family::Swagger2 => {
            let (converted, moves) = swagger2::convert(&raw).map_err(|e| source_map.relocate(e))?;
            raw = converted;
            source_map.push(moves);
        }
        version::Family::OpenApi3 => {
            let mended = lenient::swagger_references(&mut raw);
            warnings.extend(mended.into_iter().map(|warning| source_map.relocate_warning(warning)));
        }
    }
    let (moves, assumed) = normalize::normalize(&mut raw).map_err(|e| source_map.relocate(e))?;
    source_map.push(moves);
    warnings.extend(assumed.into_iter().map(|warning| source_map.relocate_warning(warning)));
    let api = typed::typed(&raw).map_err(|e| source_map.relocate(e))?;
    Ok(Document { api, raw, source_map, warnings })
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
    fn openapi_3_1_loads_into_the_same_model() {
        let doc = parse("openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\n").unwrap();
        assert_eq!(doc.path_items().count(), 0);
    }

    #[test]
    fn extensions_beside_the_paths_are_not_path_items() {
        let doc = parse("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  x-note: 5\n  x-more: {get: {}}\n  /a: {}\n").unwrap();
        assert_eq!(doc.path_items().map(|(key, _)| key).collect::<Vec<_>>(), ["/a"]);
    }

    #[test]
    fn errors_in_moved_nodes_name_the_users_place() {
        let text = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
            "S": {"anyOf": [{"type": "null"}, {"type": "object", "properties": {"bad": 5}}]}}}}"##;
        let err = parse(text).unwrap_err();
        assert_eq!(err.location, "#/components/schemas/S/anyOf/1/properties/bad");
    }

    #[test]
    fn swagger_two_loads_and_older_swagger_is_refused() {
        let doc = parse(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  Pet: {type: object}\n",
        )
        .unwrap();
        assert_eq!(doc.schema_names().collect::<Vec<_>>(), ["Pet"]);
        let err = parse("{\"swagger\": \"1.2\", \"paths\": {}}").unwrap_err();
        assert_eq!(err.location, "#/swagger");
        assert!(err.message.contains("Swagger 1.2 is not supported"), "{err}");
    }
}
