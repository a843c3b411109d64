//! Where things are in an OpenAPI 3.x document: which node holds which kind of object.
//!
//! One description of the document's structure, used both to normalise every schema
//! wherever it sits and to find the deepest node at fault when the typed model rejects a
//! document.

use serde_json::Value;

/// The kinds of OpenAPI objects this loader looks inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    Info,
    Server,
    Components,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Callback,
    SecurityScheme,
    Schema,
}

/// HTTP methods a path item may hold, in the order OpenAPI lists them.
pub const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Keywords whose value is one schema (`true` and `false` being schemas too).
const SCHEMA_KEYWORDS: &[&str] = &[
    "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
    "contentSchema", "additionalItems",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LIST_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
const SCHEMA_MAP_KEYWORDS: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// One child of a node: the tokens leading to it and what it is.
pub type Child = (Vec<String>, Kind);

/// The children of a node of kind `kind`, in document order. References (`$ref`) have none:
/// what they point at is visited where it is defined.
pub fn children(kind: Kind, node: &Value) -> Vec<Child> {
    let Some(object) = node.as_object() else { return Vec::new() };
    if kind != Kind::Schema && object.contains_key("$ref") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let map_of = |key: &str, child: Kind, out: &mut Vec<Child>| {
        if let Some(Value::Object(entries)) = object.get(key) {
            out.extend(entries.keys().map(|name| (vec![key.to_owned(), name.clone()], child)));
        }
    };
    match kind {
        Kind::Document => {
            one(object, "info", Kind::Info, &mut out);
            list_of(object, "servers", Kind::Server, &mut out);
            map_of("paths", Kind::PathItem, &mut out);
            map_of("webhooks", Kind::PathItem, &mut out);
            one(object, "components", Kind::Components, &mut out);
            // Swagger 2.0's components, read before it is converted.
            map_of("definitions", Kind::Schema, &mut out);
            map_of("parameters", Kind::Parameter, &mut out);
            map_of("responses", Kind::Response, &mut out);
            map_of("securityDefinitions", Kind::SecurityScheme, &mut out);
        }
        Kind::Components => {
            map_of("schemas", Kind::Schema, &mut out);
            map_of("responses", Kind::Response, &mut out);
            map_of("parameters", Kind::Parameter, &mut out);
            map_of("requestBodies", Kind::RequestBody, &mut out);
            map_of("headers", Kind::Header, &mut out);
            map_of("securitySchemes", Kind::SecurityScheme, &mut out);
            map_of("callbacks", Kind::Callback, &mut out);
            map_of("pathItems", Kind::PathItem, &mut out);
        }
        Kind::PathItem => {
            list_of(object, "parameters", Kind::Parameter, &mut out);
            for method in METHODS {
                one(object, method, Kind::Operation, &mut out);
            }
        }
        Kind::Operation => {
            list_of(object, "parameters", Kind::Parameter, &mut out);
            one(object, "requestBody", Kind::RequestBody, &mut out);
            map_of("responses", Kind::Response, &mut out);
            map_of("callbacks", Kind::Callback, &mut out);
        }
        Kind::Callback => out.extend(object.keys().map(|k| (vec![k.clone()], Kind::PathItem))),
        Kind::Parameter | Kind::Header => {
            one(object, "schema", Kind::Schema, &mut out);
            map_of("content", Kind::MediaType, &mut out);
        }
        Kind::RequestBody => map_of("content", Kind::MediaType, &mut out),
        Kind::Response => {
            map_of("headers", Kind::Header, &mut out);
            map_of("content", Kind::MediaType, &mut out);
        }
        Kind::MediaType => {
            one(object, "schema", Kind::Schema, &mut out);
            one(object, "itemSchema", Kind::Schema, &mut out);
            map_of("encoding", Kind::Encoding, &mut out);
        }
        Kind::Encoding => map_of("headers", Kind::Header, &mut out),
        Kind::Schema => schema_children(object, &mut out),
        Kind::Info | Kind::Server | Kind::SecurityScheme => {}
    }
    out
}

fn schema_children(object: &serde_json::Map<String, Value>, out: &mut Vec<Child>) {
    for key in SCHEMA_MAP_KEYWORDS {
        if let Some(Value::Object(entries)) = object.get(*key) {
            out.extend(entries.keys().map(|name| (vec![(*key).to_owned(), name.clone()], Kind::Schema)));
        }
    }
    for key in SCHEMA_KEYWORDS {
        if object.get(*key).is_some_and(|v| v.is_object() || v.is_boolean()) {
            out.push((vec![(*key).to_owned()], Kind::Schema));
        }
    }
    // `additionalProperties: false` means what it says in the 3.0 model: only a schema here.
    if object.get("additionalProperties").is_some_and(Value::is_object) {
        out.push((vec!["additionalProperties".to_owned()], Kind::Schema));
    }
    match object.get("items") {
        Some(Value::Array(_)) => list_of(object, "items", Kind::Schema, out),
        Some(v) if v.is_object() || v.is_boolean() => out.push((vec!["items".to_owned()], Kind::Schema)),
        _ => {}
    }
    for key in SCHEMA_LIST_KEYWORDS {
        list_of(object, key, Kind::Schema, out);
    }
}

fn one(object: &serde_json::Map<String, Value>, key: &str, kind: Kind, out: &mut Vec<Child>) {
    if object.get(key).is_some_and(|v| v.is_object() || (kind == Kind::Schema && v.is_boolean())) {
        out.push((vec![key.to_owned()], kind));
    }
}

fn list_of(object: &serde_json::Map<String, Value>, key: &str, kind: Kind, out: &mut Vec<Child>) {
    if let Some(Value::Array(items)) = object.get(key) {
        out.extend((0..items.len()).map(|i| (vec![key.to_owned(), i.to_string()], kind)));
    }
}

/// The node `tokens` lead to below `node`.
pub fn descend<'a>(node: &'a Value, tokens: &[String]) -> Option<&'a Value> {
    tokens.iter().try_fold(node, |n, t| match n {
        Value::Object(map) => map.get(t),
        Value::Array(items) => t.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The same, for changing it.
pub fn descend_mut<'a>(node: &'a mut Value, tokens: &[String]) -> Option<&'a mut Value> {
    tokens.iter().try_fold(node, |n, t| match n {
        Value::Object(map) => map.get_mut(t),
        Value::Array(items) => t.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_schemas_everywhere_they_can_be() {
        let schema = json!({
            "properties": {"a": {}}, "items": [{}, {}], "allOf": [{}], "additionalProperties": false,
            "$defs": {"d": {}}, "not": {}, "required": ["a"]
        });
        let tokens: Vec<String> = children(Kind::Schema, &schema).into_iter().map(|(t, _)| t.join("/")).collect();
        assert_eq!(tokens, ["properties/a", "$defs/d", "not", "items/0", "items/1", "allOf/0"]);
    }

    #[test]
    fn references_outside_schemas_have_no_children() {
        assert!(children(Kind::Parameter, &json!({"$ref": "#/x", "schema": {}})).is_empty());
    }
}
