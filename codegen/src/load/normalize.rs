//! One dialect for the rest of the pipeline: OpenAPI 3.1 and JSON Schema 2020-12 keywords,
//! and the loose idioms real documents mix in, rewritten into what the OpenAPI 3.0 model
//! (`openapiv3`) reads.
//!
//! Real documents mix versions (a 3.1 document with 3.0's `nullable: true`, a 3.0 document
//! with `type: [string, "null"]`), so every rule applies whatever the declared version.
//! Every schema, wherever it sits ([`walk`](super::walk)), gets:
//!
//! | written | becomes |
//! | --- | --- |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` with the siblings beside it |
//! | `type: [T, "null"]`, `type: "null"` | `type: T, nullable: true` |
//! | `type: [A, B]` | `anyOf` of one schema per type, each with its own keywords |
//! | `anyOf`/`oneOf` with `{type: "null"}` members | the other members, `nullable: true` (one left: `allOf: [it]`) |
//! | `anyOf`/`oneOf` of string `const`s | `enum` |
//! | numeric `exclusiveMinimum: n` | `minimum: n, exclusiveMinimum: true` |
//! | `examples: [a, …]` | `example: a` |
//! | `contentEncoding: base64` / `contentMediaType` | `format: byte` / `format: binary` |
//! | `items: [A, B]` (draft 4 tuples) | `prefixItems: [A, B]` |
//! | `discriminator: prop` (Swagger style) | `discriminator: {propertyName: prop}` |
//! | a keyword holding the wrong kind of value (`maxLength: 2.5`) | dropped, with a warning |
//!
//! `const` and `prefixItems` stay as they are: the lowering reads them from the tree.
//! Where a rewrite moves a node, the [`Moves`] record where it came from. Before any of
//! that, [`lenient`](super::lenient) mends each node's mistakes that have one reading, and
//! says so in a warning.

use serde_json::{json, Map, Value};

use super::lenient::Mend;
use super::source_map::Moves;
use super::walk::{self, Kind};
use crate::error::{Result, Warning};
use crate::pointer::Pointer;

/// Normalises a document in place; the moves say where rewritten nodes came from, the
/// warnings (at pointers into the normalised document) what was assumed on the way.
/// A mistake with two readings is an error, at its place in the normalised document.
pub fn normalize(document: &mut Value) -> Result<(Moves, Vec<Warning>)> {
    let mut normalizer = Normalizer::default();
    normalizer.inline_callback_references(document);
    normalizer.visit(document, Kind::Document, &Pointer::root());
    match normalizer.mend.refused {
        Some(error) => Err(error),
        None => Ok((normalizer.moves, normalizer.mend.warnings)),
    }
}

#[derive(Default)]
struct Normalizer {
    moves: Moves,
    mend: Mend,
}

impl Normalizer {
    fn visit(&mut self, node: &mut Value, kind: Kind, at: &Pointer) {
        self.mend.node(node, kind, at);
        for (now, written) in std::mem::take(&mut self.mend.moved) {
            let original = self.moves.original(&written);
            self.moves.moved(now, original);
        }
        match kind {
            Kind::Document => fill_document(node),
            Kind::Components => drop_unknown_security_schemes(node),
            Kind::Operation => fill(node, "responses", json!({})),
            Kind::Response => fill(node, "description", json!("")),
            Kind::Parameter | Kind::Header => fill_parameter(node),
            Kind::Server => server_variables(node),
            Kind::Schema => self.schema(node, at),
            _ => {}
        }
        for (tokens, child_kind) in walk::children(kind, node) {
            let child_at = tokens.iter().fold(at.clone(), |p, t| p.push(t));
            if let Some(child) = walk::descend_mut(node, &tokens) {
                self.visit(child, child_kind, &child_at);
            }
        }
    }

    /// The 3.0 model reads an operation's callbacks only as written out, never as `$ref`s to
    /// `components/callbacks`: copy each referenced callback into place.
    fn inline_callback_references(&mut self, document: &mut Value) {
        let mut replacements = Vec::new();
        let paths = Pointer::root().push("paths");
        for (key, item) in document.get("paths").and_then(Value::as_object).into_iter().flatten() {
            for method in walk::METHODS {
                let Some(Value::Object(callbacks)) = item.get(*method).and_then(|op| op.get("callbacks")) else { continue };
                for (name, callback) in callbacks {
                    let target = callback.get("$ref").and_then(Value::as_str).and_then(Pointer::parse_reference);
                    if let Some(target) = target.filter(|t| t.resolve(document).is_some_and(Value::is_object)) {
                        replacements.push((paths.push(key).push(method).push("callbacks").push(name), target));
                    }
                }
            }
        }
        for (at, target) in replacements {
            let Some(value) = target.resolve(document).cloned() else { continue };
            if let Some(slot) = at.resolve_mut(document) {
                *slot = value;
                self.moves.made_from(at, target);
            }
        }
    }

    /// Records that the node now at `converted` was made from what is at `written`, a place
    /// named in this stage's own coordinates (a parent may already have moved it).
    fn made_from(&mut self, converted: Pointer, written: &Pointer) {
        let original = self.moves.original(written);
        self.moves.made_from(converted, original);
    }

    fn schema(&mut self, node: &mut Value, at: &Pointer) {
        if let Value::Bool(allowed) = node {
            *node = if *allowed { json!({}) } else { json!({"not": {}}) };
            return;
        }
        let Some(schema) = node.as_object_mut() else { return };
        self.wrap_reference(schema, at);
        if schema.contains_key("$ref") {
            return;
        }
        self.type_list(schema, at);
        for keyword in ["anyOf", "oneOf"] {
            self.null_alternatives(schema, keyword, at);
            const_alternatives(schema, keyword);
        }
        exclusive_bounds(schema);
        first_example(schema);
        content_format(schema);
        if tuple_items(schema) {
            self.made_from(at.push("prefixItems"), &at.push("items"));
        }
        legacy_discriminator(schema);
        self.mend.schema_keywords(schema, at);
    }

    /// `{$ref: X, description: …}`: JSON Schema 2020-12 applies both; `allOf` says so in 3.0.
    fn wrap_reference(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let annotates = |key: &String| !key.starts_with('$') && !key.starts_with("x-");
        if !schema.contains_key("$ref") || !schema.keys().any(annotates) {
            return;
        }
        let mut reference = Map::new();
        for key in ["$ref", "$id", "$anchor", "$schema", "$comment"] {
            if let Some(value) = schema.remove(key) {
                reference.insert(key.to_owned(), value);
            }
        }
        match schema.get_mut("allOf") {
            Some(Value::Array(members)) => {
                members.insert(0, Value::Object(reference));
                self.shift(at.push("allOf"), 0, members.len(), 1);
            }
            _ => {
                schema.insert("allOf".to_owned(), json!([reference]));
            }
        }
        self.made_from(at.push("allOf").push("0"), at);
    }

    /// Records that the members `from..to` of the list at `list` moved by `by` places.
    fn shift(&mut self, list: Pointer, from: usize, to: usize, by: isize) {
        for old in from..to {
            let new = old.checked_add_signed(by).unwrap_or(old);
            self.made_from(list.push(new.to_string()), &list.push(old.to_string()));
        }
    }

    fn type_list(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        // Each type with its place in the list, for errors about it.
        let types: Vec<(usize, String)> = match schema.get("type") {
            Some(Value::Array(types)) => {
                types.iter().enumerate().filter_map(|(i, t)| t.as_str().map(|t| (i, t.to_owned()))).collect()
            }
            Some(Value::String(t)) if t == "null" => vec![(0, "null".to_owned())],
            Some(Value::String(_)) | None => return,
            Some(_) => Vec::new(),
        };
        let (nulls, types): (Vec<_>, Vec<_>) = types.into_iter().partition(|(_, t)| t == "null");
        if !nulls.is_empty() {
            schema.insert("nullable".to_owned(), Value::Bool(true));
        }
        match types.as_slice() {
            [] => {
                schema.remove("type");
            }
            [(_, only)] => {
                schema.insert("type".to_owned(), Value::String(only.clone()));
            }
            several if !schema.contains_key("anyOf") && !schema.contains_key("oneOf") => {
                schema.remove("type");
                let branches: Vec<Value> = several
                    .iter()
                    .enumerate()
                    .map(|(i, (written, t))| {
                        let branch_at = at.push("anyOf").push(i.to_string());
                        self.made_from(branch_at.clone(), at);
                        self.made_from(branch_at.push("type"), &at.push("type").push(written.to_string()));
                        Value::Object(self.type_branch(schema, t, &branch_at, at))
                    })
                    .collect();
                for keyword in several.iter().flat_map(|(_, t)| type_keywords(t)) {
                    schema.remove(*keyword);
                }
                schema.remove("enum");
                schema.insert("anyOf".to_owned(), Value::Array(branches));
            }
            _ => {
                schema.remove("type");
            }
        }
    }

    /// The schema for one of several types: that type and the keywords that apply to it.
    fn type_branch(&mut self, schema: &Map<String, Value>, typ: &str, branch_at: &Pointer, at: &Pointer) -> Map<String, Value> {
        let mut branch = Map::new();
        branch.insert("type".to_owned(), Value::String(typ.to_owned()));
        for keyword in type_keywords(typ) {
            if let Some(value) = schema.get(*keyword) {
                if *keyword == "format" && !format_suits(value, typ) {
                    continue;
                }
                branch.insert((*keyword).to_owned(), value.clone());
                self.made_from(branch_at.push(keyword), &at.push(keyword));
            }
        }
        if let Some(Value::Array(values)) = schema.get("enum") {
            let own: Vec<Value> = values.iter().filter(|v| json_type_is(v, typ)).cloned().collect();
            if !own.is_empty() {
                branch.insert("enum".to_owned(), Value::Array(own));
            }
        }
        branch
    }

    /// Members that allow only `null` make the union nullable instead of being alternatives.
    fn null_alternatives(&mut self, schema: &mut Map<String, Value>, keyword: &str, at: &Pointer) {
        let Some(Value::Array(members)) = schema.get_mut(keyword) else { return };
        let null_positions: Vec<usize> = (0..members.len()).filter(|i| allows_only_null(&members[*i])).collect();
        if null_positions.is_empty() {
            return;
        }
        let list = at.push(keyword);
        let mut kept = Vec::with_capacity(members.len());
        for (old, member) in std::mem::take(members).into_iter().enumerate() {
            if !null_positions.contains(&old) {
                let new = kept.len();
                if new != old {
                    self.made_from(list.push(new.to_string()), &list.push(old.to_string()));
                }
                kept.push(member);
            }
        }
        schema.insert("nullable".to_owned(), Value::Bool(true));
        match kept.len() {
            0 => {
                schema.remove(keyword);
            }
            1 if !schema.contains_key("discriminator") && !schema.contains_key("allOf") => {
                schema.remove(keyword);
                let original = self.moves.original(&list.push("0"));
                schema.insert("allOf".to_owned(), Value::Array(kept));
                self.moves.made_from(at.push("allOf").push("0"), original);
            }
            _ => {
                schema.insert(keyword.to_owned(), Value::Array(kept));
            }
        }
    }
}

/// Keywords that apply to one JSON type.
fn type_keywords(typ: &str) -> &'static [&'static str] {
    match typ {
        "string" => &["format", "pattern", "minLength", "maxLength", "contentEncoding", "contentMediaType"],
        "integer" | "number" => &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"],
        "object" => &[
            "properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties",
            "propertyNames",
        ],
        _ => &[],
    }
}

/// `format: int32` belongs with `integer`, `format: date-time` with `string`.
fn format_suits(format: &Value, typ: &str) -> bool {
    let numeric = matches!(format.as_str(), Some("int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64" | "float" | "double"));
    numeric == matches!(typ, "integer" | "number")
}

fn json_type_is(value: &Value, typ: &str) -> bool {
    match typ {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// `{type: "null"}`, `{enum: [null]}`, `{const: null}`, with nothing else that constrains.
fn allows_only_null(member: &Value) -> bool {
    let Some(member) = member.as_object() else { return false };
    let null_type = match member.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => false,
    };
    let null_enum = member.get("enum").is_some_and(|e| e.as_array().is_some_and(|v| v.iter().all(Value::is_null) && !v.is_empty()));
    let null_const = member.get("const").is_some_and(Value::is_null);
    let annotation = |k: &String| matches!(k.as_str(), "type" | "enum" | "const" | "description" | "title" | "nullable") || k.starts_with("x-");
    (null_type || null_enum || null_const) && member.keys().all(annotation)
}

/// `anyOf: [{const: a}, {const: b}]` (how some tools write a string enum) is an `enum`.
fn const_alternatives(schema: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(members)) = schema.get(keyword) else { return };
    let values: Option<Vec<Value>> = members
        .iter()
        .map(|m| {
            let m = m.as_object()?;
            let only_const = m.keys().all(|k| matches!(k.as_str(), "const" | "type" | "description" | "title"));
            m.get("const").filter(|c| c.is_string() && only_const).cloned()
        })
        .collect();
    if let Some(values) = values.filter(|v| v.len() > 1) {
        schema.remove(keyword);
        schema.insert("type".to_owned(), json!("string"));
        schema.insert("enum".to_owned(), Value::Array(values));
    }
}

/// JSON Schema's numeric `exclusiveMinimum: 5` is 3.0's `minimum: 5, exclusiveMinimum: true`.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        match schema.get(exclusive) {
            Some(Value::Bool(_)) | None => {}
            Some(Value::Number(bound)) => {
                let bound = Value::Number(bound.clone());
                schema.insert(inclusive.to_owned(), bound);
                schema.insert(exclusive.to_owned(), Value::Bool(true));
            }
            Some(_) => {
                schema.remove(exclusive);
            }
        }
    }
}

fn first_example(schema: &mut Map<String, Value>) {
    if let Some(Value::Array(examples)) = schema.remove("examples")
        && let (Some(first), false) = (examples.into_iter().next(), schema.contains_key("example"))
    {
        schema.insert("example".to_owned(), first);
    }
}

/// Binary content in JSON Schema's words, in OpenAPI 3.0's.
fn content_format(schema: &mut Map<String, Value>) {
    if schema.contains_key("format") {
        return;
    }
    let encoding = schema.get("contentEncoding").and_then(Value::as_str);
    let media_type = schema.get("contentMediaType").and_then(Value::as_str);
    let format = match (encoding, media_type) {
        (Some(e), _) if e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url") => "byte",
        (Some(_), _) => "binary",
        (None, Some(m)) if !m.contains("json") && !m.starts_with("text/") => "binary",
        _ => return,
    };
    schema.insert("format".to_owned(), json!(format));
}

/// Draft 4 tuples (`items: [A, B]`) are 2020-12's `prefixItems`; whether they were here.
fn tuple_items(schema: &mut Map<String, Value>) -> bool {
    if schema.get("items").is_some_and(Value::is_array)
        && let Some(items) = schema.remove("items")
    {
        schema.entry("prefixItems").or_insert(items);
        return true;
    }
    false
}

fn legacy_discriminator(schema: &mut Map<String, Value>) {
    if let Some(Value::String(property)) = schema.get("discriminator") {
        let property = property.clone();
        schema.insert("discriminator".to_owned(), json!({"propertyName": property}));
    }
}

fn fill(node: &mut Value, key: &str, default: Value) {
    if let Some(object) = node.as_object_mut()
        && !object.contains_key("$ref")
    {
        object.entry(key).or_insert(default);
    }
}

/// Fields the 3.0 model requires but say nothing when missing.
fn fill_document(node: &mut Value) {
    let Some(document) = node.as_object_mut() else { return };
    document.entry("paths").or_insert_with(|| json!({}));
    let info = document.entry("info").or_insert_with(|| json!({}));
    // Not inside what is not an Info Object (a `$ref` there): what was filled in would be
    // somewhere the user never wrote, for references to find and errors to name.
    if let Some(info) = info.as_object_mut().filter(|info| !info.contains_key("$ref")) {
        info.entry("title").or_insert_with(|| json!(""));
        info.entry("version").or_insert_with(|| json!(""));
    }
}

/// A parameter with neither `schema` nor `content` can only be taken as text.
fn fill_parameter(node: &mut Value) {
    let Some(parameter) = node.as_object_mut() else { return };
    if !parameter.contains_key("$ref") && !parameter.contains_key("schema") && !parameter.contains_key("content") {
        parameter.insert("schema".to_owned(), json!({}));
    }
}

/// Server variable values are strings, whatever YAML made of them.
fn server_variables(node: &mut Value) {
    let Some(Value::Object(variables)) = node.get_mut("variables") else { return };
    for variable in variables.values_mut().filter_map(Value::as_object_mut) {
        if let Some(Value::Array(values)) = variable.get_mut("enum") {
            values.iter_mut().for_each(stringify_scalar);
        }
        match variable.get_mut("default") {
            Some(default) => stringify_scalar(default),
            None => {
                let first = variable.get("enum").and_then(|e| e.get(0)).cloned().unwrap_or(json!(""));
                variable.insert("default".to_owned(), first);
            }
        }
    }
}

fn stringify_scalar(value: &mut Value) {
    if let Value::Number(_) | Value::Bool(_) = value {
        *value = Value::String(value.to_string());
    }
}

/// Security schemes the 3.0 model has no variant for (`mutualTLS`) cannot be sent by this
/// client anyway; requirements naming them simply cannot be met.
fn drop_unknown_security_schemes(node: &mut Value) {
    let Some(Value::Object(schemes)) = node.get_mut("securitySchemes") else { return };
    schemes.retain(|_, scheme| {
        scheme.get("$ref").is_some()
            || matches!(scheme.get("type").and_then(Value::as_str), Some("apiKey" | "http" | "oauth2" | "openIdConnect"))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceMap;

    fn schema(value: Value) -> (Value, SourceMap) {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {"S": value}}});
        let (moves, _) = normalize(&mut doc).unwrap();
        let mut map = SourceMap::default();
        map.push(moves);
        (doc["components"]["schemas"]["S"].clone(), map)
    }

    fn p(text: &str) -> Pointer {
        Pointer::parse_reference(text).unwrap()
    }

    #[test]
    fn type_lists_with_null_become_nullable() {
        assert_eq!(schema(json!({"type": ["string", "null"]})).0, json!({"type": "string", "nullable": true}));
        assert_eq!(schema(json!({"type": "null"})).0, json!({"nullable": true}));
    }

    #[test]
    fn several_types_become_an_any_of_with_their_own_keywords() {
        let (s, map) = schema(json!({"type": ["integer", "string"], "format": "int32", "pattern": "^-?[0-9]+$", "description": "n"}));
        assert_eq!(
            s,
            json!({"description": "n", "anyOf": [{"type": "integer", "format": "int32"}, {"type": "string", "pattern": "^-?[0-9]+$"}]})
        );
        assert_eq!(map.original(&p("#/components/schemas/S/anyOf/1/pattern")), p("#/components/schemas/S/pattern"));
        assert_eq!(map.original(&p("#/components/schemas/S/anyOf/1/type")), p("#/components/schemas/S/type/1"));
    }

    #[test]
    fn null_members_of_unions_make_them_nullable() {
        let (s, map) = schema(json!({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/T"}], "description": "d"}));
        assert_eq!(s, json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]}));
        assert_eq!(map.original(&p("#/components/schemas/S/allOf/0")), p("#/components/schemas/S/anyOf/1"));
        let (s, map) = schema(json!({"oneOf": [{"type": "string"}, {"type": "null"}, {"type": "integer"}]}));
        assert_eq!(s, json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}));
        assert_eq!(map.original(&p("#/components/schemas/S/oneOf/1")), p("#/components/schemas/S/oneOf/2"));
    }

    #[test]
    fn references_keep_their_siblings_through_all_of() {
        let (s, map) = schema(json!({"$ref": "#/components/schemas/T", "description": "d", "nullable": true}));
        assert_eq!(s, json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]}));
        assert_eq!(map.original(&p("#/components/schemas/S/allOf/0")), p("#/components/schemas/S"));
        // Only extensions beside a reference change nothing.
        assert_eq!(schema(json!({"$ref": "#/x", "x-audience": "public"})).0, json!({"$ref": "#/x", "x-audience": "public"}));
    }

    #[test]
    fn moves_compose_within_one_pass() {
        // The null member goes first, then the remaining reference is wrapped.
        let (_, map) = schema(json!({"anyOf": [{"type": "null"}, {"type": "string"}, {"$ref": "#/x", "description": "d"}]}));
        assert_eq!(map.original(&p("#/components/schemas/S/anyOf/1/allOf/0")), p("#/components/schemas/S/anyOf/2"));
    }

    #[test]
    fn json_schema_keywords_become_their_3_0_forms() {
        assert_eq!(schema(json!({"type": "integer", "exclusiveMinimum": 0})).0, json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0}));
        assert_eq!(schema(json!({"type": "string", "examples": ["a", "b"]})).0, json!({"type": "string", "example": "a"}));
        assert_eq!(schema(json!({"type": "string", "contentEncoding": "base64"})).0["format"], "byte");
        assert_eq!(schema(json!({"type": "string", "contentMediaType": "image/png"})).0["format"], "binary");
        let (tuple, map) = schema(json!({"items": [{"type": "string"}]}));
        assert_eq!(tuple, json!({"prefixItems": [{"type": "string"}]}));
        assert_eq!(map.original(&p("#/components/schemas/S/prefixItems/0")), p("#/components/schemas/S/items/0"));
        assert_eq!(schema(json!({"discriminator": "kind"})).0, json!({"discriminator": {"propertyName": "kind"}}));
        assert_eq!(schema(json!({"anyOf": [{"const": "a"}, {"const": "b"}]})).0, json!({"type": "string", "enum": ["a", "b"]}));
        assert_eq!(schema(json!({"properties": {"a": true, "b": false}})).0, json!({"properties": {"a": {}, "b": {"not": {}}}}));
    }

    #[test]
    fn ill_typed_keywords_are_dropped() {
        assert_eq!(schema(json!({"type": "string", "required": true, "maxLength": 2.5})).0, json!({"type": "string"}));
    }

    #[test]
    fn referenced_callbacks_are_copied_into_place() {
        let mut doc = json!({
            "paths": {"/a": {"post": {"callbacks": {"done": {"$ref": "#/components/callbacks/Done"}}}}},
            "components": {"callbacks": {"Done": {"{$request.body#/url}": {"post": {}}}}}
        });
        normalize(&mut doc).unwrap();
        assert_eq!(doc["paths"]["/a"]["post"]["callbacks"]["done"]["{$request.body#/url}"]["post"]["responses"], json!({}));
    }

    #[test]
    fn required_document_fields_are_filled_in() {
        let mut doc = json!({"openapi": "3.1.0", "webhooks": {"e": {"post": {}}}, "components": {"securitySchemes": {"m": {"type": "mutualTLS"}}}});
        normalize(&mut doc).unwrap();
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(doc["info"], json!({"title": "", "version": ""}));
        assert_eq!(doc["webhooks"]["e"]["post"]["responses"], json!({}));
        assert_eq!(doc["components"]["securitySchemes"], json!({}));
    }
}
