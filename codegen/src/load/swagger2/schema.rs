//! Schemas: the 2.0 keywords that 3.0 spells differently, everywhere a schema can nest.

use serde_json::Value;

use super::{Converter, Object, Place};
use crate::error::{Error, Result};

/// Keywords of a non-body parameter, header or `items` object that describe its value, and
/// so move into the 3.0 `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

impl Converter<'_> {
    /// A schema object, converted in place: its nodes keep their relative positions.
    pub(super) fn schema(&mut self, schema: &Value, place: &Place) -> Value {
        let Some(object) = schema.as_object() else { return schema.clone() };
        if object.contains_key("$ref") {
            return self.reference_schema(object, place);
        }
        let mut out = Object::new();
        for (key, value) in object {
            let converted = match key.as_str() {
                "x-nullable" => {
                    if !object.contains_key("nullable") {
                        out.insert("nullable".to_owned(), value.clone());
                    }
                    continue;
                }
                "discriminator" => match value {
                    Value::String(property) => serde_json::json!({ "propertyName": property }),
                    other => other.clone(),
                },
                "properties" => self.schema_map(value, &place.push(key)),
                "items" | "additionalProperties" | "not" => self.schema_or_list(value, &place.push(key)),
                "allOf" | "anyOf" | "oneOf" => self.schema_or_list(value, &place.push(key)),
                _ => value.clone(),
            };
            out.insert(key.clone(), converted);
        }
        mark_file_binary(&mut out);
        out.into()
    }

    /// 3.0 ignores the siblings of `$ref`; a nullable reference is spelled `allOf: [{$ref}]`.
    fn reference_schema(&mut self, object: &Object, place: &Place) -> Value {
        if object.get("x-nullable") != Some(&Value::Bool(true)) {
            return object.clone().into();
        }
        let mut wrapper = Object::new();
        let mut reference = Object::new();
        for (key, value) in object {
            match key.as_str() {
                "$ref" => {
                    reference.insert(key.clone(), value.clone());
                }
                "x-nullable" => {
                    wrapper.insert("nullable".to_owned(), true.into());
                }
                _ => {
                    wrapper.insert(key.clone(), value.clone());
                }
            }
        }
        self.moves.made_from(place.converted.push("allOf").push("0"), place.original.clone());
        wrapper.insert("allOf".to_owned(), Value::Array(vec![reference.into()]));
        wrapper.into()
    }

    /// `properties`: a schema per name.
    fn schema_map(&mut self, value: &Value, place: &Place) -> Value {
        match value.as_object() {
            Some(map) => map.iter().map(|(name, schema)| (name.clone(), self.schema(schema, &place.push(name)))).collect(),
            None => value.clone(),
        }
    }

    /// One schema, or a list of them (`allOf`, and `items` written as a tuple).
    fn schema_or_list(&mut self, value: &Value, place: &Place) -> Value {
        match value {
            Value::Array(list) => {
                list.iter().enumerate().map(|(i, schema)| self.schema(schema, &place.push(i.to_string()))).collect()
            }
            other => self.schema(other, place),
        }
    }

    /// The `schema` of a non-body parameter, header, form field or `items` object: its value
    /// keywords (at `place.original`), written at `place.converted`; with `extensions`, its
    /// `x-` keys too (a parameter keeps its own).
    pub(super) fn value_schema(&mut self, object: &Object, place: &Place, extensions: bool) -> Result<Value> {
        let mut out = Object::new();
        for (key, value) in object {
            let is_extension = key.starts_with("x-") && key != "x-nullable";
            if !(VALUE_KEYWORDS.contains(&key.as_str()) || extensions && is_extension) {
                continue;
            }
            match key.as_str() {
                "x-nullable" => {
                    out.insert("nullable".to_owned(), value.clone());
                }
                "items" => {
                    let items = place.push("items");
                    out.insert(key.clone(), self.items(value, &items)?);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        mark_file_binary(&mut out);
        Ok(out.into())
    }

    /// The `items` of an array parameter: a value schema whose own arrays can only be `csv`.
    fn items(&mut self, items: &Value, place: &Place) -> Result<Value> {
        let Some(object) = items.as_object() else { return Ok(items.clone()) };
        if object.contains_key("$ref") {
            return Ok(self.schema(items, place));
        }
        match object.get("collectionFormat").and_then(Value::as_str) {
            None | Some("csv") => {}
            Some(format) => {
                return Err(Error::at(
                    place.original.push("collectionFormat").to_string(),
                    format!(
                        "collectionFormat `{format}` on nested `items` has no OpenAPI 3.0 equivalent: \
                         inner arrays are always comma-separated there; use `csv` or remove it"
                    ),
                ));
            }
        }
        self.value_schema(object, place, true)
    }
}

/// `type: file` is a binary string in 3.0.
fn mark_file_binary(schema: &mut Object) {
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".to_owned(), "string".into());
        schema.insert("format".to_owned(), "binary".into());
    }
}
