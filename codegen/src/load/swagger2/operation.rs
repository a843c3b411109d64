//! Paths and operations: body and form parameters become request bodies, `consumes` and
//! `produces` become media types.

use serde_json::Value;

use super::parameter::{collection_style, Resolved, Role};
use super::{media_types, object_at, Converter, Object, Place};
use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// The operations a 2.0 path item can hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// The parameters of a path item or operation, sorted by what they become.
struct Split<'v> {
    /// Where the list is in the user's document.
    list: Pointer,
    /// Parameters that stay parameters, converted.
    parameters: Vec<Value>,
    body: Option<Resolved<'v>>,
    form_fields: Vec<Resolved<'v>>,
}

impl<'a> Converter<'a> {
    pub(super) fn paths(&mut self, paths: &'a Value) -> Result<Value> {
        let place = Place::root().push("paths");
        let paths = object_at(paths, &place.original, "`paths`")?;
        let mut out = Object::new();
        for (path, item) in paths {
            let converted = if path.starts_with("x-") { item.clone() } else { self.path_item(item, &place.push(path))? };
            out.insert(path.clone(), converted);
        }
        Ok(out.into())
    }

    fn path_item(&mut self, item: &'a Value, place: &Place) -> Result<Value> {
        let item = object_at(item, &place.original, "a path item")?;
        let shared = self.split_parameters(item.get("parameters"), &place.push("parameters"))?;
        let mut out = Object::new();
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let operation = self.operation(value, &shared, &place.push(key))?;
                out.insert(key.clone(), operation);
            } else if key == "parameters" {
                out.insert(key.clone(), shared.parameters.clone().into());
            } else if key == "$ref" || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(out.into())
    }

    fn operation(&mut self, operation: &'a Value, shared: &Split<'a>, place: &Place) -> Result<Value> {
        let operation = object_at(operation, &place.original, "an operation")?;
        let own = self.split_parameters(operation.get("parameters"), &place.push("parameters"))?;
        let consumes = media_types(operation.get("consumes")).unwrap_or_else(|| self.consumes.clone());
        let produces = media_types(operation.get("produces")).unwrap_or_else(|| self.produces.clone());
        let mut out = Object::new();
        for (key, value) in operation {
            match key.as_str() {
                "parameters" => {
                    out.insert(key.clone(), own.parameters.clone().into());
                }
                "responses" => {
                    let responses = self.responses(value, &place.push(key), &produces)?;
                    out.insert(key.clone(), responses);
                }
                "consumes" | "produces" | "schemes" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        let body_place = place.push("requestBody");
        let body = own.body.as_ref().or(shared.body.as_ref());
        let form_fields = merged_form_fields(&shared.form_fields, &own.form_fields);
        let form_origin = if own.form_fields.is_empty() { &shared.list } else { &own.list };
        let request_body = match (body, form_fields.as_slice()) {
            (None, []) => None,
            (Some(body), []) => Some(self.body_request(body, &body_place.converted, &consumes)),
            (None, fields) => Some(self.form_request(fields, form_origin, &body_place.converted, &consumes)?),
            (Some(body), [field, ..]) => {
                return Err(Error::at(
                    field.original.to_string(),
                    format!(
                        "an operation cannot have both `in: formData` parameters and an `in: body` parameter \
                         (at {}); keep one kind",
                        body.original
                    ),
                ));
            }
        };
        if let Some(request_body) = request_body {
            out.insert("requestBody".to_owned(), request_body);
        }
        Ok(out.into())
    }

    /// Sorts a `parameters` list, converting the ones that stay parameters; their new
    /// positions are recorded, since body and form parameters leave gaps.
    fn split_parameters(&mut self, parameters: Option<&'a Value>, place: &Place) -> Result<Split<'a>> {
        let mut split = Split { list: place.original.clone(), parameters: Vec::new(), body: None, form_fields: Vec::new() };
        let Some(parameters) = parameters else { return Ok(split) };
        let list = parameters
            .as_array()
            .ok_or_else(|| Error::at(place.original.to_string(), "`parameters` must be a list"))?;
        for (i, parameter) in list.iter().enumerate() {
            let original = place.original.push(i.to_string());
            match self.resolve_parameter(parameter, &original)? {
                Some(resolved) if resolved.role == Role::Body => {
                    if let Some(first) = &split.body {
                        return Err(Error::at(
                            original.to_string(),
                            format!(
                                "a second `in: body` parameter (the first is at {}); an operation has one \
                                 request body: merge them into one schema",
                                first.original
                            ),
                        ));
                    }
                    split.body = Some(resolved);
                }
                Some(resolved) if resolved.role == Role::FormField => split.form_fields.push(resolved),
                _ => {
                    let converted = place.converted.push(split.parameters.len().to_string());
                    self.moves.moved(converted.clone(), original.clone());
                    let parameter = self.parameter(parameter, &Place::new(converted, original))?;
                    split.parameters.push(parameter);
                }
            }
        }
        Ok(split)
    }

    /// A body parameter's schema under each consumed media type.
    fn body_request(&mut self, body: &Resolved<'a>, converted: &Pointer, consumes: &[String]) -> Value {
        self.moves.made_from(converted.clone(), body.original.clone());
        let mut out = Object::new();
        for key in ["description", "required"] {
            if let Some(value) = body.value.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        let mut content = Object::new();
        for (i, media_type) in consumes.iter().enumerate() {
            let mut media = Object::new();
            if let Some(schema) = body.value.get("schema") {
                let place = Place::new(converted.push("content").push(media_type).push("schema"), body.original.push("schema"));
                self.record_copy(i, &place);
                media.insert("schema".to_owned(), self.schema(schema, &place));
            }
            content.insert(media_type.clone(), media.into());
        }
        out.insert("content".to_owned(), content.into());
        copy_extensions(body.value, &mut out);
        out.into()
    }

    /// Form fields as the properties of one object schema, under the form media types; the
    /// body and its schema stand for the `parameters` list at `origin`.
    fn form_request(&mut self, fields: &[&Resolved<'a>], origin: &Pointer, converted: &Pointer, consumes: &[String]) -> Result<Value> {
        let has_file = fields.iter().any(|f| f.value.get("type").and_then(Value::as_str) == Some("file"));
        self.moves.made_from(converted.clone(), origin.clone());
        let mut content = Object::new();
        for media_type in form_media_types(consumes, has_file) {
            let schema_at = converted.push("content").push(&media_type).push("schema");
            self.moves.made_from(schema_at.clone(), origin.clone());
            let mut properties = Object::new();
            let mut required = Vec::new();
            let mut encoding = Object::new();
            for field in fields {
                let name = field.name();
                let place = Place::new(schema_at.push("properties").push(name), field.original.clone());
                self.moves.made_from(place.converted.clone(), place.original.clone());
                let mut schema = self.value_schema(field.value, &place, true)?;
                if let (Some(description), Some(schema)) = (field.value.get("description"), schema.as_object_mut()) {
                    schema.insert("description".to_owned(), description.clone());
                }
                properties.insert(name.to_owned(), schema);
                if field.value.get("required") == Some(&Value::Bool(true)) {
                    required.push(Value::from(name));
                }
                // `style` applies to form-urlencoded bodies only; multipart sends one part per value.
                let style = collection_style(field.value, "formData", &field.original)?;
                if let Some((style, explode)) = style.filter(|_| essence(&media_type) == FORM_URLENCODED) {
                    encoding.insert(name.to_owned(), serde_json::json!({ "style": style, "explode": explode }));
                }
            }
            let mut schema = Object::new();
            schema.insert("type".to_owned(), "object".into());
            schema.insert("properties".to_owned(), properties.into());
            if !required.is_empty() {
                schema.insert("required".to_owned(), required.into());
            }
            let mut media = Object::new();
            media.insert("schema".to_owned(), schema.into());
            if !encoding.is_empty() {
                media.insert("encoding".to_owned(), encoding.into());
            }
            content.insert(media_type, media.into());
        }
        let required = fields.iter().any(|f| f.value.get("required") == Some(&Value::Bool(true)));
        Ok(serde_json::json!({ "required": required, "content": content }))
    }

    fn responses(&mut self, responses: &Value, place: &Place, produces: &[String]) -> Result<Value> {
        let responses = object_at(responses, &place.original, "`responses`")?;
        let mut out = Object::new();
        for (status, response) in responses {
            let converted = if status.starts_with("x-") {
                response.clone()
            } else {
                self.response(response, &place.push(status), produces)?
            };
            out.insert(status.clone(), converted);
        }
        Ok(out.into())
    }

    /// A response: its `schema` under each produced media type, its headers with schemas.
    pub(super) fn response(&mut self, response: &Value, place: &Place, produces: &[String]) -> Result<Value> {
        let object = object_at(response, &place.original, "a response")?;
        if object.contains_key("$ref") {
            return Ok(response.clone());
        }
        let mut out = Object::new();
        for (key, value) in object {
            match key.as_str() {
                "schema" => {
                    let content = self.response_content(object, value, place, produces);
                    out.insert("content".to_owned(), content.into());
                }
                "headers" => {
                    let headers = self.headers(value, &place.push(key))?;
                    out.insert(key.clone(), headers);
                }
                "examples" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Ok(out.into())
    }

    fn response_content(&mut self, response: &Object, schema: &Value, place: &Place, produces: &[String]) -> Object {
        let examples = response.get("examples").and_then(Value::as_object);
        let mut content = Object::new();
        for (i, media_type) in produces.iter().enumerate() {
            let schema_place = Place::new(
                place.converted.push("content").push(media_type).push("schema"),
                place.original.push("schema"),
            );
            self.record_copy(i, &schema_place);
            let mut media = Object::new();
            media.insert("schema".to_owned(), self.schema(schema, &schema_place));
            if let Some(example) = examples.and_then(|e| e.get(media_type)) {
                media.insert("example".to_owned(), example.clone());
            }
            content.insert(media_type.clone(), media.into());
        }
        content
    }

    fn headers(&mut self, headers: &Value, place: &Place) -> Result<Value> {
        let headers = object_at(headers, &place.original, "`headers`")?;
        let mut out = Object::new();
        for (name, header) in headers {
            let header_place = place.push(name);
            let header = object_at(header, &header_place.original, "a header")?;
            // Only validated: a header is always comma-separated in 3.0.
            collection_style(header, "header", &header_place.original)?;
            let schema_place = Place::new(header_place.converted.push("schema"), header_place.original.clone());
            self.moves.made_from(schema_place.converted.clone(), schema_place.original.clone());
            let mut converted = Object::new();
            if let Some(description) = header.get("description") {
                converted.insert("description".to_owned(), description.clone());
            }
            converted.insert("schema".to_owned(), self.value_schema(header, &schema_place, false)?);
            copy_extensions(header, &mut converted);
            out.insert(name.clone(), converted.into());
        }
        Ok(out.into())
    }

    /// One subtree written under several media types: the first copy stands for it (a
    /// reference into it leads there), the others only point back.
    fn record_copy(&mut self, index: usize, place: &Place) {
        if index == 0 {
            self.moves.moved(place.converted.clone(), place.original.clone());
        } else {
            self.moves.made_from(place.converted.clone(), place.original.clone());
        }
    }
}

/// Path-level form fields, overridden by the operation's own of the same name.
fn merged_form_fields<'r, 'v>(shared: &'r [Resolved<'v>], own: &'r [Resolved<'v>]) -> Vec<&'r Resolved<'v>> {
    let mut fields: Vec<&Resolved<'v>> = shared.iter().filter(|s| !own.iter().any(|o| o.name() == s.name())).collect();
    fields.extend(own);
    fields
}

/// The form media types `consumes` lists (multipart only when a field is a file), or the one
/// that fits when it lists none.
fn form_media_types(consumes: &[String], has_file: bool) -> Vec<String> {
    let listed: Vec<String> = consumes
        .iter()
        .filter(|m| {
            let e = essence(m);
            e == MULTIPART || e == FORM_URLENCODED && !has_file
        })
        .cloned()
        .collect();
    if !listed.is_empty() {
        return listed;
    }
    vec![if has_file { MULTIPART } else { FORM_URLENCODED }.to_owned()]
}

/// A media type without its parameters, lowercased.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn copy_extensions(from: &Object, to: &mut Object) {
    for (key, value) in from {
        if key.starts_with("x-") && key != "x-nullable" {
            to.insert(key.clone(), value.clone());
        }
    }
}
