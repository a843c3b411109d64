//! Mistakes with one reading, read so and said so: each rule mends a node where real documents
//! break the specification in a way that leaves no doubt what the writer meant, and leaves a
//! [`Warning`] that says what it found, what it assumed, and how to silence it. What has two
//! readings (a media type written both in `content` and beside it) is an error naming the
//! place and what to do.
//!
//! | kind | written | read as |
//! | --- | --- | --- |
//! | `type-is-a-format` | `type: date-time`, `type: int64`, `type: file`, … | `type: string, format: date-time`, … |
//! | `keyword-case` | `type: String`, `in: Query`, a `GET:` operation, `type: APIKey` | `string`, `query`, `get`, `apiKey` |
//! | `null-as-empty` | `content: null`, `parameters: null`, `enum: null`, … | absent; a null response, schema or media type: `{}` |
//! | `media-type-outside-content` | `application/json: {schema: …}` beside (or instead of) `content` | under `content` |
//! | `required-on-property` | `required: true` on a property (JSON Schema draft 3) | the name in its object's `required` |
//! | `value-as-string` | `nullable: "true"`, `minimum: "0"`, `required: "false"` | the boolean or number |
//! | `ill-typed-keyword` | a schema keyword holding the wrong kind of value (`maxLength: 2.5`) | ignored |
//! | `path-without-slash` | `pets/{id}:` under `paths` | `/pets/{id}` |
//! | `reference-whitespace` | `$ref: "#/components/schemas/Pet "` | without the spaces |
//! | `parameter-without-schema` | a parameter with `type: integer` (Swagger 2.0's form) and no `schema` | `schema: {type: integer}` |
//! | `swagger-reference` | `$ref: "#/definitions/Pet"` in an OpenAPI 3 document without `definitions` | `#/components/schemas/Pet` |
//! | `examples-list` | `examples: [a, b]` on a media type or parameter (JSON Schema's form) | Example Objects named `1`, `2`, … |
//!
//! The rules that read the same in every version (nulls, case, spaced references, quoted
//! booleans, paths) run on the document as written, before Swagger 2.0 is converted
//! ([`mend_structure`]); the rest run in the normalisation, on the OpenAPI 3 shape
//! ([`Mend::node`]), whatever the declared version.

use serde_json::{Map, Value};

use super::source_map::Moves;
use super::walk::{self, Kind, METHODS};
use crate::error::{Error, Result, Warning};
use crate::pointer::Pointer;

/// The mending of one document: what was assumed, and the subtrees moved to do it.
#[derive(Default)]
pub struct Mend {
    /// At pointers into the document being normalised.
    pub warnings: Vec<Warning>,
    /// Subtrees moved: (where now, where written), in this stage's coordinates.
    pub moved: Vec<(Pointer, Pointer)>,
    /// The first mistake found with two readings.
    pub refused: Option<Error>,
}

/// Format names written as a `type`, and the type they belong to.
const FORMATS_BY_TYPE: &[(&str, &[&str])] = &[
    (
        "string",
        &[
            "date-time", "datetime", "date", "time", "duration", "uuid", "email", "idn-email", "uri", "url",
            "uri-reference", "iri", "iri-reference", "hostname", "idn-hostname", "ipv4", "ipv6", "binary", "byte",
            "base64", "password", "regex", "json-pointer",
        ],
    ),
    ("integer", &["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]),
    ("number", &["float", "double", "decimal"]),
];

/// Keywords whose value is a fixed word, spelled in lower case.
const TYPES: &[&str] = &["string", "integer", "number", "boolean", "array", "object", "null"];
const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "cookie", "formData", "body"];

const SECURITY_SCHEME_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS", "basic"];
const API_KEY_LOCATIONS: &[&str] = &["query", "header", "cookie"];

/// Mends what reads the same in every version, in the document as written (before Swagger
/// 2.0 is converted); schemas wait for the normalisation. Warnings are at pointers into
/// `document`; the moves say where mended nodes were written.
pub fn mend_structure(document: &mut Value) -> Result<(Moves, Vec<Warning>)> {
    fn visit(mend: &mut Mend, node: &mut Value, kind: Kind, at: &Pointer) {
        mend.structure(node, kind, at);
        if kind == Kind::Schema {
            return;
        }
        for (tokens, child_kind) in walk::children(kind, node) {
            let child_at = tokens.iter().fold(at.clone(), |p, t| p.push(t));
            if let Some(child) = walk::descend_mut(node, &tokens) {
                visit(mend, child, child_kind, &child_at);
            }
        }
    }
    let mut mend = Mend::default();
    visit(&mut mend, document, Kind::Document, &Pointer::root());
    if let Some(error) = mend.refused {
        return Err(error);
    }
    let mut moves = Moves::default();
    for (now, written) in mend.moved {
        moves.moved(now, written);
    }
    Ok((moves, mend.warnings))
}

/// Where Swagger 2.0 kept what OpenAPI 3 keeps in `components`.
const SWAGGER_COMPONENTS: &[(&str, &str)] =
    &[("#/definitions/", "schemas"), ("#/parameters/", "parameters"), ("#/responses/", "responses")];

/// In an OpenAPI 3 document, `$ref: "#/definitions/Pet"` (Swagger 2.0's place) means
/// `#/components/schemas/Pet` when the document has no `definitions` and its components have
/// `Pet`. Warnings are at pointers into `document`.
pub fn swagger_references(document: &mut Value) -> Vec<Warning> {
    let components = document.get("components").unwrap_or(&Value::Null);
    // A document that has a `definitions` of its own means it.
    let present: Vec<bool> = SWAGGER_COMPONENTS.iter().map(|(prefix, _)| document.get(&prefix[2..prefix.len() - 1]).is_some()).collect();
    let rewrite = |reference: &str| -> Option<String> {
        SWAGGER_COMPONENTS.iter().zip(&present).find_map(|((prefix, section), present)| {
            let name = reference.strip_prefix(prefix).filter(|_| !present)?;
            Pointer::parse_reference(&format!("#/{section}/{name}"))?.resolve(components)?;
            Some(format!("#/components/{section}/{name}"))
        })
    };
    let mut found = Vec::new();
    find_references(document, &mut Vec::new(), &rewrite, &mut found);
    let mut warnings = Vec::new();
    for (at, target) in found {
        let Some(Value::String(reference)) = at.resolve_mut(document) else { continue };
        let message = format!("`$ref: {reference}` points where Swagger 2.0 kept it; read as `{target}`, where this OpenAPI 3 document has it");
        warnings.push(Warning::at(at.to_string(), "swagger-reference", message, format!("write `{target}` in the spec (or with an overlay)")));
        *reference = target;
    }
    warnings
}

/// The `$ref`s below `node` that `rewrite` changes: where each is, and what it becomes. (A
/// path of borrowed keys, made a pointer only for those found: documents run to millions of
/// nodes.)
fn find_references<'a>(
    node: &'a Value,
    path: &mut Vec<std::borrow::Cow<'a, str>>,
    rewrite: &dyn Fn(&str) -> Option<String>,
    found: &mut Vec<(Pointer, String)>,
) {
    match node {
        Value::Object(object) => {
            if let Some(target) = object.get("$ref").and_then(Value::as_str).and_then(rewrite) {
                let at = path.iter().fold(Pointer::root(), |p, t| p.push(t.as_ref())).push("$ref");
                found.push((at, target));
            }
            for (key, child) in object {
                path.push(key.as_str().into());
                find_references(child, path, rewrite, found);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string().into());
                find_references(item, path, rewrite, found);
                path.pop();
            }
        }
        _ => {}
    }
}

impl Mend {
    /// Mends `node`, a `kind` at `at`, before anything else reads it.
    pub fn node(&mut self, node: &mut Value, kind: Kind, at: &Pointer) {
        self.structure(node, kind, at);
        let Some(object) = node.as_object_mut() else { return };
        match kind {
            Kind::RequestBody | Kind::Response => self.media_types_outside_content(object, at),
            Kind::Parameter | Kind::Header => self.schema_beside_parameter(object, at),
            Kind::Schema => {
                self.type_name(object, at);
                self.required_on_properties(object, at);
            }
            _ => {}
        }
        if matches!(kind, Kind::Parameter | Kind::Header | Kind::MediaType) {
            self.examples_list(object, at);
        }
    }

    /// The rules that read the same in every version, so that they can run before Swagger
    /// 2.0 is converted (whose converter would refuse `parameters: null` or `in: Query`).
    fn structure(&mut self, node: &mut Value, kind: Kind, at: &Pointer) {
        if node.is_null() && kind != Kind::Document {
            *node = Value::Object(Map::new());
            self.warn(at, "null-as-empty", format!("{} is null; read as `{{}}`, saying nothing", described(at)), "write `{}`, or delete it");
        }
        let Some(object) = node.as_object_mut() else { return };
        self.reference_whitespace(object, at);
        match kind {
            Kind::Document => self.paths_without_slash(object, at),
            Kind::PathItem => self.method_case(object, at),
            Kind::SecurityScheme => {
                self.word_case(object, "type", SECURITY_SCHEME_TYPES, at);
                self.word_case(object, "in", API_KEY_LOCATIONS, at);
            }
            Kind::Parameter | Kind::Header => {
                self.word_case(object, "in", PARAMETER_LOCATIONS, at);
                self.string_scalars(object, &["required", "deprecated", "allowEmptyValue", "explode", "allowReserved"], at);
            }
            _ => {}
        }
        if kind != Kind::Schema {
            self.null_fields(object, at);
        }
    }

    /// A schema's keywords of the wrong kind of value: a boolean or number written as a
    /// string is read as one; anything else is ignored. Run after the schema's own rewrites.
    pub fn schema_keywords(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        self.string_scalars(schema, &BOOLEAN_KEYWORDS.iter().chain(NUMBER_KEYWORDS).copied().collect::<Vec<_>>(), at);
        let mut ignored = Vec::new();
        schema.retain(|key, value| {
            let fits = Expected::of(key).is_none_or(|expected| expected.fits(value));
            if !fits {
                ignored.push((key.clone(), value.clone()));
            }
            fits
        });
        for (key, value) in ignored {
            let place = at.push(&key);
            let expected = Expected::of(&key).map_or("", Expected::described);
            if value.is_null() {
                self.warn(&place, "null-as-empty", format!("`{key}` is null; read as absent"), "delete it");
            } else {
                self.warn(
                    &place,
                    "ill-typed-keyword",
                    format!("`{key}` must be {expected}, not `{}`; ignored", shown(&value)),
                    "correct it, or delete it",
                );
            }
        }
    }

    fn warn(&mut self, at: &Pointer, kind: &'static str, message: String, silence: &str) {
        let silence = format!("{silence} in the spec (or with an overlay)");
        self.warnings.push(Warning::at(at.to_string(), kind, message, silence));
    }

    fn reference_whitespace(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::String(reference)) = object.get_mut("$ref") else { return };
        let trimmed = reference.trim();
        if trimmed.len() != reference.len() && !trimmed.is_empty() {
            let message = format!("`$ref: {reference:?}` has white space around the reference; read as `{trimmed}`");
            *reference = trimmed.to_owned();
            self.warn(&at.push("$ref"), "reference-whitespace", message, "delete the spaces");
        }
    }

    /// `GET:` in a path item is its `get` operation, unless `get` is there too.
    fn method_case(&mut self, item: &mut Map<String, Value>, at: &Pointer) {
        let misspelled: Vec<String> = item
            .keys()
            .filter(|key| METHODS.iter().any(|m| key.eq_ignore_ascii_case(m) && key.as_str() != *m))
            .cloned()
            .collect();
        for key in misspelled {
            let method = key.to_ascii_lowercase();
            if item.contains_key(&method) {
                let message = format!("both `{key}` and `{method}` are written, and operations are lower case; merge them into `{method}`");
                self.refused.get_or_insert(Error::at(at.push(&key).to_string(), message));
                continue;
            }
            let Some(operation) = item.remove(&key) else { continue };
            item.insert(method.clone(), operation);
            self.moved.push((at.push(&method), at.push(&key)));
            let message = format!("`{key}` is not an operation of a path item (methods are lower case there); read as `{method}`");
            self.warn(&at.push(&key), "keyword-case", message, &format!("write `{method}`"));
        }
    }

    /// `pets/{id}` under `paths` is `/pets/{id}`: a path is appended to the server's URL.
    fn paths_without_slash(&mut self, document: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Object(paths)) = document.get_mut("paths") else { return };
        let unslashed: Vec<String> = paths.keys().filter(|key| !key.starts_with('/') && !key.starts_with("x-")).cloned().collect();
        if unslashed.is_empty() {
            return;
        }
        let written: std::collections::HashSet<String> = paths.keys().cloned().collect();
        let entries = std::mem::take(paths);
        for (key, item) in entries {
            if !unslashed.contains(&key) {
                paths.insert(key, item);
                continue;
            }
            let place = at.push("paths").push(&key);
            let slashed = format!("/{key}");
            if written.contains(&slashed) {
                let message = format!("both `{key}` and `{slashed}` are paths, and a path starts with `/`; merge them into `{slashed}`");
                self.refused.get_or_insert(Error::at(place.to_string(), message));
                paths.insert(key, item);
                continue;
            }
            self.moved.push((at.push("paths").push(&slashed), place.clone()));
            let message = format!("the path `{key}` does not start with `/`; read as `{slashed}`");
            self.warn(&place, "path-without-slash", message, &format!("write `{slashed}`"));
            paths.insert(slashed, item);
        }
    }

    /// A fixed word (`in: Query`) in the wrong case.
    fn word_case(&mut self, object: &mut Map<String, Value>, key: &str, words: &[&str], at: &Pointer) {
        let Some(Value::String(written)) = object.get_mut(key) else { return };
        let Some(word) = words.iter().find(|w| written.eq_ignore_ascii_case(w) && written.as_str() != **w) else { return };
        let message = format!("`{key}: {written}` is not a value of `{key}` (it is case-sensitive); read as `{word}`");
        *written = (*word).to_owned();
        self.warn(&at.push(key), "keyword-case", message, &format!("write `{key}: {word}`"));
    }

    /// `type: date-time` means `type: string, format: date-time`; `type: String`, `string`.
    fn type_name(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        self.word_case(schema, "type", TYPES, at);
        let Some(Value::String(written)) = schema.get("type") else { return };
        let lower = written.to_ascii_lowercase();
        let (typ, format) = match lower.as_str() {
            "file" => ("string", "binary"),
            "datetime" => ("string", "date-time"),
            "url" => ("string", "uri"),
            other => match FORMATS_BY_TYPE.iter().find(|(_, formats)| formats.contains(&other)) {
                Some((typ, _)) => (*typ, other),
                None => return,
            },
        };
        if let Some(other) = schema.get("format").filter(|f| f.as_str() != Some(format)) {
            let message = format!(
                "`type: {written}` names the format `{format}`, and `format: {}` another; write `type: {typ}` and the one format meant",
                other.as_str().unwrap_or_default()
            );
            self.refused.get_or_insert(Error::at(at.push("type").to_string(), message));
            return;
        }
        let message = format!("`type: {written}` names a format, not a type; read as `type: {typ}, format: {format}`");
        self.warn(&at.push("type"), "type-is-a-format", message, &format!("write `type: {typ}` and `format: {format}`"));
        schema.insert("type".to_owned(), Value::String(typ.to_owned()));
        schema.insert("format".to_owned(), Value::String(format.to_owned()));
    }

    /// `properties: {id: {required: true}}` (JSON Schema draft 3) lists `id` in `required`.
    fn required_on_properties(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let mut required_names = Vec::new();
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                let Some(property) = property.as_object_mut() else { continue };
                let flag = match property.get("required") {
                    Some(Value::Bool(flag)) => *flag,
                    Some(Value::String(text)) if text == "true" || text == "false" => text == "true",
                    _ => continue,
                };
                property.remove("required");
                let place = at.push("properties").push(name).push("required");
                let (message, silence) = if flag {
                    required_names.push(name.clone());
                    (format!("`required: true` on the property `{name}` (a JSON Schema draft 3 idiom); read as listing `{name}` in the object's `required`"), format!("list `{name}` in the object's `required` instead"))
                } else {
                    (format!("`required: false` on the property `{name}` (a JSON Schema draft 3 idiom); read as not required"), "delete it".to_owned())
                };
                self.warn(&place, "required-on-property", message, &silence);
            }
        }
        if required_names.is_empty() {
            return;
        }
        let required = schema.entry("required").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(names) = required {
            for name in required_names {
                if !names.iter().any(|n| n.as_str() == Some(&name)) {
                    names.push(Value::String(name));
                }
            }
        }
    }

    /// `application/json: {schema: …}` beside `content` (or instead, or with `content: null`)
    /// is one of its entries, indented one level too little.
    fn media_types_outside_content(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        let outside: Vec<String> = object.keys().filter(|key| is_media_type(key)).cloned().collect();
        if outside.is_empty() {
            return;
        }
        if object.get("content").is_some_and(Value::is_null) {
            object.remove("content");
        }
        let mut content = match object.remove("content") {
            Some(Value::Object(content)) => content,
            Some(other) => {
                object.insert("content".to_owned(), other);
                return; // Not a map: the typed model says so.
            }
            None => Map::new(),
        };
        for key in outside {
            if content.contains_key(&key) {
                let message = format!(
                    "the media type `{key}` is written both here and under `content`; keep one (under `content:`) and delete the other"
                );
                self.refused.get_or_insert(Error::at(at.push(&key).to_string(), message));
                continue;
            }
            let Some(media_type) = object.remove(&key) else { continue };
            content.insert(key.clone(), media_type);
            self.moved.push((at.push("content").push(&key), at.push(&key)));
            let message = format!("the media type `{key}` stands beside `content`, not in it; read as an entry of `content`");
            self.warn(&at.push(&key), "media-type-outside-content", message, &format!("indent `{key}` under `content:`"));
        }
        object.insert("content".to_owned(), Value::Object(content));
    }

    /// `{name: limit, in: query, type: integer}`: Swagger 2.0's parameter, whose schema
    /// keywords stand beside it, in a document that wants them in `schema`.
    fn schema_beside_parameter(&mut self, parameter: &mut Map<String, Value>, at: &Pointer) {
        if parameter.contains_key("$ref") || parameter.contains_key("schema") || parameter.contains_key("content") || !parameter.contains_key("type") {
            return;
        }
        let mut schema = Map::new();
        for key in PARAMETER_SCHEMA_KEYWORDS {
            if let Some(value) = parameter.remove(*key) {
                schema.insert((*key).to_owned(), value);
                self.moved.push((at.push("schema").push(key), at.push(key)));
            }
        }
        let written: Vec<String> = schema.keys().map(|k| format!("`{k}`")).collect();
        let message = format!("the parameter has no `schema`, but {} stand beside it (Swagger 2.0's form); read as its `schema`", written.join(", "));
        self.warn(&at.push("type"), "parameter-without-schema", message, "move them under `schema:`");
        parameter.insert("schema".to_owned(), Value::Object(schema));
    }

    /// `examples: [a, b]` (JSON Schema's list of values) where OpenAPI wants named Example
    /// Objects.
    fn examples_list(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Array(values)) = object.get_mut("examples") else { return };
        let named: Map<String, Value> =
            std::mem::take(values).into_iter().enumerate().map(|(i, value)| ((i + 1).to_string(), serde_json::json!({"value": value}))).collect();
        let message = "`examples` is a list of values (JSON Schema's form), where OpenAPI wants a map of Example Objects; read as examples named `1`, `2`, …";
        self.warn(&at.push("examples"), "examples-list", message.to_owned(), "write a map (`examples: {first: {value: …}}`) or one `example:`");
        object.insert("examples".to_owned(), Value::Object(named));
    }

    /// `"true"`, `"false"` and numbers written as strings where the field takes the value.
    fn string_scalars(&mut self, object: &mut Map<String, Value>, keys: &[&str], at: &Pointer) {
        for key in keys {
            let Some(Value::String(text)) = object.get(*key) else { continue };
            let value = if BOOLEAN_KEYWORDS.contains(key) || !NUMBER_KEYWORDS.contains(key) {
                match text.trim() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => continue,
                }
            } else {
                match serde_json::from_str::<serde_json::Number>(text.trim()) {
                    Ok(number) if !(UNSIGNED_KEYWORDS.contains(key) && number.as_u64().is_none()) => Value::Number(number),
                    _ => continue,
                }
            };
            let message = format!("`{key}` is the string {text:?}; read as `{value}`");
            self.warn(&at.push(key), "value-as-string", message, "write it without quotes");
            object.insert((*key).to_owned(), value);
        }
    }

    /// A field that holds a map, a list or an object, written as null: absent.
    fn null_fields(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        // `content: null` with media types beside it is the media types' rule's to read.
        let media_types_beside = object.keys().any(|key| is_media_type(key));
        let nulls: Vec<String> = object
            .iter()
            .filter(|(key, value)| value.is_null() && !key.starts_with("x-") && *key != "example")
            .filter(|(key, _)| !(media_types_beside && *key == "content"))
            .map(|(key, _)| key.clone())
            .collect();
        for key in nulls {
            object.remove(&key);
            self.warn(&at.push(&key), "null-as-empty", format!("`{key}` is null; read as absent"), "delete it");
        }
    }
}

/// Swagger 2.0's parameter fields that are schema keywords in OpenAPI 3.
const PARAMETER_SCHEMA_KEYWORDS: &[&str] = &[
    "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "nullable",
];

const BOOLEAN_KEYWORDS: &[&str] = &["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems", "additionalProperties"];
const NUMBER_KEYWORDS: &[&str] =
    &["minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];
const UNSIGNED_KEYWORDS: &[&str] = &["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

/// What the 3.0 model needs a schema keyword to hold, for those it reads.
#[derive(Clone, Copy)]
enum Expected {
    Boolean,
    Text,
    Count,
    Number,
    PropertyNames,
    List,
    Schemas,
    Discriminator,
    Schema,
}

impl Expected {
    fn of(key: &str) -> Option<Self> {
        Some(match key {
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" | "exclusiveMinimum" | "exclusiveMaximum" => Self::Boolean,
            "title" | "description" | "format" | "pattern" | "type" => Self::Text,
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => Self::Count,
            "minimum" | "maximum" | "multipleOf" => Self::Number,
            "required" => Self::PropertyNames,
            "enum" | "allOf" | "anyOf" | "oneOf" | "prefixItems" => Self::List,
            "properties" => Self::Schemas,
            "discriminator" => Self::Discriminator,
            "items" | "not" | "additionalProperties" => Self::Schema,
            _ => return None,
        })
    }

    fn fits(self, value: &Value) -> bool {
        match self {
            Self::Boolean => value.is_boolean(),
            Self::Text => value.is_string(),
            Self::Count => value.is_u64(),
            Self::Number => value.is_number(),
            Self::PropertyNames => value.as_array().is_some_and(|names| names.iter().all(Value::is_string)),
            Self::List => value.is_array(),
            Self::Schemas => value.is_object(),
            Self::Discriminator => value.get("propertyName").is_some_and(Value::is_string),
            Self::Schema => value.is_object() || value.is_boolean(),
        }
    }

    fn described(self) -> &'static str {
        match self {
            Self::Boolean => "a boolean",
            Self::Text => "a string",
            Self::Count => "a non-negative integer",
            Self::Number => "a number",
            Self::PropertyNames => "a list of property names",
            Self::List => "a list",
            Self::Schemas => "a map of schemas",
            Self::Discriminator => "an object with a `propertyName`",
            Self::Schema => "a schema",
        }
    }
}

/// `application/json`, `text/*`, `*/*`: a media type or range, as a key of `content` is.
fn is_media_type(key: &str) -> bool {
    let essence = key.split(';').next().unwrap_or(key).trim();
    let Some((main, sub)) = essence.split_once('/') else { return false };
    let token = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+*".contains(c));
    token(main) && token(sub) && !key.starts_with("x-")
}

/// Where a node is, for a message: its key.
fn described(at: &Pointer) -> String {
    at.last().map_or_else(|| "the node".to_owned(), |key| format!("`{key}`"))
}

/// A value, shortened for a message.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(mend: &Mend) -> Vec<&'static str> {
        mend.warnings.iter().map(|w| w.kind).collect()
    }

    #[test]
    fn a_string_is_read_as_a_number_only_where_the_number_fits() {
        let mut mend = Mend::default();
        let mut schema = json!({"type": "string", "maxLength": "-1", "minLength": "2", "minimum": "x"});
        mend.schema_keywords(schema.as_object_mut().unwrap(), &Pointer::root());
        assert_eq!(schema, json!({"type": "string", "minLength": 2}));
        assert_eq!(kinds(&mend), ["value-as-string", "ill-typed-keyword", "ill-typed-keyword"]);
    }

    #[test]
    fn moved_operations_and_media_types_are_recorded() {
        let mut document = json!({"paths": {"/a": {"Post": {"requestBody": {"content": null, "text/plain": {}}, "responses": {}}}}});
        let (moves, warnings) = mend_structure(&mut document).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let body = Pointer::root().push("paths").push("/a").push("post").push("requestBody");
        assert_eq!(moves.original(&body), Pointer::root().push("paths").push("/a").push("Post").push("requestBody"));
        // `content: null` beside a media type is the media type rule's, in the normalisation.
        let mut mend = Mend::default();
        let node = body.resolve_mut(&mut document).unwrap();
        mend.node(node, Kind::RequestBody, &body);
        assert_eq!(document["paths"]["/a"]["post"]["requestBody"], json!({"content": {"text/plain": {}}}));
        assert_eq!(kinds(&mend), ["media-type-outside-content"]);
        assert_eq!(mend.moved, [(body.push("content").push("text/plain"), body.push("text/plain"))]);
    }

    #[test]
    fn examples_in_a_list_become_named_examples() {
        let mut mend = Mend::default();
        let mut media_type = json!({"examples": [1, {"a": 2}]});
        mend.node(&mut media_type, Kind::MediaType, &Pointer::root());
        assert_eq!(media_type, json!({"examples": {"1": {"value": 1}, "2": {"value": {"a": 2}}}}));
    }

    #[test]
    fn media_types_are_told_from_other_keys() {
        assert!(is_media_type("application/json") && is_media_type("*/*") && is_media_type("text/plain; charset=utf-8"));
        assert!(!is_media_type("description") && !is_media_type("x-a/b") && !is_media_type("a/") && !is_media_type("/b"));
    }
}
