//! Swagger 2.0 documents, converted into the OpenAPI 3.0 shape the rest of the pipeline reads.
//!
//! The conversion works on the JSON tree and keeps every `$ref` string as the user wrote it
//! (`#/definitions/Pet`): the [`Moves`] it returns tell the lowering that `#/definitions` now
//! lives at `#/components/schemas`, and where each synthesised node (a request body made from
//! a body parameter, say) came from, so errors and docs name places in the user's file.
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! | --- | --- |
//! | `host`, `basePath`, `schemes` | `servers`: one per scheme, `https` first (`https` when none is listed); without `host`, one relative server `basePath` (none when it is `/` or absent) |
//! | `consumes`, `produces` (document, operation) | the media types of request bodies and responses; the operation's list wins; `application/json` when neither says |
//! | parameter `in: body` | `requestBody` with its `description` and `required`, the `schema` under each consumed media type |
//! | parameters `in: formData` | `requestBody` with an object schema (one property per field, with its description and constraints; `required` lists the required fields) under `multipart/form-data` when `consumes` lists it or a field is `type: file`, else `application/x-www-form-urlencoded` |
//! | `type: file` | `type: string, format: binary` |
//! | other parameters: `type`, `format`, `items`, `enum`, `default`, `minimum`, … | the same keywords under `schema` |
//! | `collectionFormat` (arrays; `csv` when absent) | `csv`: `style: form, explode: false` in the query, `simple` in path and header; `ssv`: `spaceDelimited`; `pipes`: `pipeDelimited`; `multi`: `form, explode: true`; in a form body the same as an `encoding`; `tsv`, and anything but `csv` in path, header or nested `items`: an error |
//! | `allowEmptyValue` | kept on query parameters; dropped on form fields, which have no place for it |
//! | `x-nullable` (schemas, parameters, headers) | `nullable`; beside a `$ref`, `allOf: [{$ref}]` with `nullable: true` and the other siblings |
//! | `discriminator: prop` | `discriminator: {propertyName: prop}` |
//! | `definitions` | `components/schemas` |
//! | `parameters` | `components/parameters`; body and form parameters are written into each request body that refers to them |
//! | `responses` (document, operation) | `responses` with `content` per produced media type when there is a `schema`, `examples` per media type as `example`; `headers` with their keywords under `schema` |
//! | `securityDefinitions` | `components/securitySchemes`: `basic` is `http` `basic`; `apiKey` stays; `oauth2` gets one flow: `implicit`, `password`, `application` (`clientCredentials`) or `accessCode` (`authorizationCode`) |
//! | `info`, `tags`, `externalDocs`, `security`, `operationId`, `summary`, `description`, `deprecated`, `x-` extensions | the same |
//! | operation `schemes`, `consumes`/`produces` themselves, `swagger` | dropped once used |

mod operation;
mod parameter;
mod schema;
mod security;
#[cfg(test)]
mod tests;

use serde_json::{json, Map, Value};

use super::source_map::Moves;
use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// A JSON object.
type Object = Map<String, Value>;

/// The media type assumed when neither the document nor the operation names one.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// The OpenAPI 3.0 form of a Swagger 2.0 document (its version already checked), and where
/// its nodes came from.
pub(super) fn convert(document: &Value) -> Result<(Value, Moves)> {
    let root = document.as_object().ok_or_else(|| Error::at("#", "a Swagger document must be an object"))?;
    let mut converter = Converter::new(document);
    let converted = converter.document(root)?;
    Ok((converted, converter.moves))
}

/// A node's place in the converted tree, and the place in the user's document it came from.
#[derive(Debug, Clone)]
struct Place {
    converted: Pointer,
    original: Pointer,
}

impl Place {
    fn root() -> Self {
        Place { converted: Pointer::root(), original: Pointer::root() }
    }

    /// One token further down on both sides: the node keeps its relative position.
    fn push(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        Place { converted: self.converted.push(token), original: self.original.push(token) }
    }

    /// A node written at `converted` from the node at `original`.
    fn new(converted: Pointer, original: Pointer) -> Self {
        Place { converted, original }
    }
}

/// The state of one conversion: the user's document, and the moves recorded so far.
struct Converter<'a> {
    document: &'a Value,
    moves: Moves,
    /// The document's `consumes` and `produces`, defaulted.
    consumes: Vec<String>,
    produces: Vec<String>,
}

impl<'a> Converter<'a> {
    fn new(document: &'a Value) -> Self {
        let media = |key| media_types(document.get(key)).unwrap_or_else(|| vec![DEFAULT_MEDIA_TYPE.to_owned()]);
        Converter { document, moves: Moves::default(), consumes: media("consumes"), produces: media("produces") }
    }

    fn document(&mut self, root: &'a Object) -> Result<Value> {
        let mut out = Object::new();
        out.insert("openapi".to_owned(), "3.0.3".into());
        if let Some(info) = root.get("info") {
            out.insert("info".to_owned(), info.clone());
        }
        let servers = self.servers(root)?;
        if !servers.is_empty() {
            out.insert("servers".to_owned(), servers.into());
        }
        for (key, value) in root {
            match key.as_str() {
                "tags" | "externalDocs" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                "paths" => {
                    let paths = self.paths(value)?;
                    out.insert(key.clone(), paths);
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if !out.contains_key("paths") {
            out.insert("paths".to_owned(), Value::Object(Object::new()));
        }
        let components = self.components(root)?;
        if !components.is_empty() {
            out.insert("components".to_owned(), components.into());
        }
        Ok(out.into())
    }

    /// `scheme://host/basePath` for each scheme, or the relative `basePath` without a host.
    fn servers(&mut self, root: &Object) -> Result<Vec<Value>> {
        let host = string_at(root, "host", &Pointer::root())?;
        let base_path = string_at(root, "basePath", &Pointer::root())?;
        let base = base_path.map(|b| format!("/{}", b.trim_matches('/'))).filter(|b| b != "/").unwrap_or_default();
        let servers = match host {
            Some(host) => {
                let mut schemes = match root.get("schemes") {
                    Some(Value::Array(schemes)) => schemes.iter().filter_map(Value::as_str).collect::<Vec<_>>(),
                    _ => Vec::new(),
                };
                schemes.sort_by_key(|s| (scheme_rank(s), *s));
                schemes.dedup();
                if schemes.is_empty() {
                    schemes.push("https");
                }
                // `host` is a name and port, but some documents write a whole URL there.
                let host = host.split_once("://").map_or(host, |(_, rest)| rest).trim_end_matches('/');
                // The scheme is what tells the servers apart, so it names them (`Server::Https`).
                schemes
                    .iter()
                    .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}"), "description": scheme.to_uppercase() }))
                    .collect()
            }
            None if !base.is_empty() => vec![json!({ "url": base })],
            None => Vec::new(),
        };
        let source = if root.contains_key("host") { "host" } else { "basePath" };
        for i in 0..servers.len() {
            let server = Pointer::root().push("servers").push(i.to_string());
            self.moves.made_from(server.push("url"), Pointer::root().push(source));
            self.moves.made_from(server, Pointer::root().push(source));
        }
        Ok(servers)
    }

    fn components(&mut self, root: &'a Object) -> Result<Object> {
        let mut components = Object::new();
        let produces = self.produces.clone();
        for (section, target) in COMPONENT_SECTIONS {
            let Some(entries) = root.get(section) else { continue };
            let original = Pointer::root().push(section);
            let entries = object_at(entries, &original, &format!("`{section}`"))?;
            let converted = Pointer::root().push("components").push(target);
            self.moves.moved(converted.clone(), original.clone());
            let section_place = Place::new(converted, original);
            let mut out = Object::new();
            for (name, value) in entries {
                let place = section_place.push(name);
                let entry = match section {
                    "definitions" => Some(self.schema(value, &place)),
                    "parameters" => self.component_parameter(value, &place)?,
                    "responses" => Some(self.response(value, &place, &produces)?),
                    _ => Some(self.security_scheme(value, &place)?),
                };
                if let Some(entry) = entry {
                    out.insert(name.clone(), entry);
                }
            }
            if !out.is_empty() {
                components.insert(target.to_owned(), out.into());
            }
        }
        Ok(components)
    }
}

/// The document's reusable sections, and where OpenAPI 3.0 keeps each.
const COMPONENT_SECTIONS: [(&str, &str); 4] = [
    ("definitions", "schemas"),
    ("parameters", "parameters"),
    ("responses", "responses"),
    ("securityDefinitions", "securitySchemes"),
];

/// Servers in the order a client should prefer them.
fn scheme_rank(scheme: &str) -> u8 {
    match scheme {
        "https" => 0,
        "http" => 1,
        "wss" => 2,
        "ws" => 3,
        _ => 4,
    }
}

/// A `consumes` or `produces` list; `None` when absent or empty, so an outer one applies.
fn media_types(value: Option<&Value>) -> Option<Vec<String>> {
    let types: Vec<String> = value?.as_array()?.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    (!types.is_empty()).then_some(types)
}

/// The string under `key`, if any; another kind of value is an error at its place.
fn string_at<'v>(object: &'v Object, key: &str, at: &Pointer) -> Result<Option<&'v str>> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::at(at.push(key).to_string(), format!("`{key}` must be a string"))),
    }
}

/// The object at a place, or a clear error there.
fn object_at<'v>(value: &'v Value, at: &Pointer, what: &str) -> Result<&'v Object> {
    value.as_object().ok_or_else(|| Error::at(at.to_string(), format!("{what} must be an object")))
}
