//! Parameters that stay parameters (path, query, header): their value keywords move into a
//! `schema`, and `collectionFormat` becomes `style` and `explode`.

use serde_json::Value;

use super::{object_at, Converter, Object, Place};
use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// How far a chain of parameter references may go before it is taken for a cycle.
const MAX_REFERENCE_HOPS: usize = 32;

/// What a 2.0 parameter becomes in 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// `in: body`: the request body.
    Body,
    /// `in: formData`: one field of a form request body.
    FormField,
    /// Any other location: still a parameter.
    Parameter,
}

/// A parameter as the user wrote it, with references followed.
pub(super) struct Resolved<'v> {
    pub(super) value: &'v Object,
    /// Where the parameter itself is written (the target of the last `$ref`).
    pub(super) original: Pointer,
    pub(super) role: Role,
}

impl<'v> Resolved<'v> {
    pub(super) fn name(&self) -> &'v str {
        self.value.get("name").and_then(Value::as_str).unwrap_or_default()
    }
}

/// `style` and `explode` of a 3.0 parameter or form encoding.
type Style = (&'static str, bool);

impl<'a> Converter<'a> {
    /// The parameter at `original`, with `$ref` chains followed through the user's document.
    /// `None` when a reference does not resolve: it is kept as written, and the lowering
    /// reports it where it stands.
    pub(super) fn resolve_parameter(&self, parameter: &'a Value, original: &Pointer) -> Result<Option<Resolved<'a>>> {
        let mut value = parameter;
        let mut at = original.clone();
        for _ in 0..MAX_REFERENCE_HOPS {
            let object = object_at(value, &at, "a parameter")?;
            let Some(reference) = object.get("$ref").and_then(Value::as_str) else {
                let role = match object.get("in").and_then(Value::as_str) {
                    Some("body") => Role::Body,
                    Some("formData") => Role::FormField,
                    _ => Role::Parameter,
                };
                return Ok(Some(Resolved { value: object, original: at, role }));
            };
            let Some(target) = Pointer::parse_reference(reference) else { return Ok(None) };
            let Some(next) = target.resolve(self.document) else { return Ok(None) };
            value = next;
            at = target;
        }
        Err(Error::at(original.to_string(), "this parameter's `$ref` is part of a reference cycle"))
    }

    /// An entry of the document's `parameters`: body and form parameters are left out, as
    /// they are written into each request body that refers to them.
    pub(super) fn component_parameter(&mut self, parameter: &'a Value, place: &Place) -> Result<Option<Value>> {
        match self.resolve_parameter(parameter, &place.original)? {
            Some(resolved) if resolved.role != Role::Parameter => Ok(None),
            _ => self.parameter(parameter, place).map(Some),
        }
    }

    /// A parameter that stays one; a reference stays as written.
    pub(super) fn parameter(&mut self, parameter: &Value, place: &Place) -> Result<Value> {
        let object = object_at(parameter, &place.original, "a parameter")?;
        if object.contains_key("$ref") {
            return Ok(parameter.clone());
        }
        let location = object.get("in").and_then(Value::as_str).unwrap_or_default();
        let mut out = Object::new();
        for (key, value) in object {
            match key.as_str() {
                "name" | "in" | "description" | "required" | "deprecated" | "example" | "examples" => {
                    out.insert(key.clone(), value.clone());
                }
                "allowEmptyValue" if location == "query" => {
                    out.insert(key.clone(), value.clone());
                }
                // Written in the 3.0 way already.
                "schema" => {
                    let schema = self.schema(value, &place.push("schema"));
                    out.insert(key.clone(), schema);
                }
                _ if key.starts_with("x-") && key != "x-nullable" => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if !out.contains_key("schema") {
            let schema_place = Place::new(place.converted.push("schema"), place.original.clone());
            self.moves.made_from(schema_place.converted.clone(), schema_place.original.clone());
            let schema = self.value_schema(object, &schema_place, false)?;
            out.insert("schema".to_owned(), schema);
        }
        if let Some((style, explode)) = collection_style(object, location, &place.original)? {
            out.insert("style".to_owned(), style.into());
            out.insert("explode".to_owned(), explode.into());
        }
        Ok(out.into())
    }
}

/// The 3.0 `style` and `explode` of an array parameter's `collectionFormat` (`csv` when
/// absent, unlike 3.0's exploded default); `None` for other parameters.
pub(super) fn collection_style(parameter: &Object, location: &str, at: &Pointer) -> Result<Option<Style>> {
    if parameter.get("type").and_then(Value::as_str) != Some("array") {
        return Ok(None);
    }
    let format = parameter.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
    let at = at.push("collectionFormat");
    let style = match (location, format) {
        ("path" | "header", "csv") => ("simple", false),
        (_, "csv") => ("form", false),
        ("query" | "formData", "ssv") => ("spaceDelimited", false),
        ("query" | "formData", "pipes") => ("pipeDelimited", false),
        ("query" | "formData", "multi") => ("form", true),
        (_, "tsv") => {
            return Err(Error::at(
                at.to_string(),
                "collectionFormat `tsv` (tab-separated values) has no OpenAPI 3.0 equivalent; use `csv`, \
                 `ssv`, `pipes` or `multi`, or declare a `type: string` parameter and join the values \
                 with tabs yourself",
            ));
        }
        (_, "ssv" | "pipes" | "multi") => {
            return Err(Error::at(
                at.to_string(),
                format!(
                    "collectionFormat `{format}` has no OpenAPI 3.0 equivalent for {location} parameters, \
                     which are always comma-separated there; use `csv`"
                ),
            ));
        }
        (_, other) => {
            return Err(Error::at(
                at.to_string(),
                format!("unknown collectionFormat `{other}`; use one of `csv`, `ssv`, `pipes`, `multi`"),
            ));
        }
    };
    Ok(Some(style))
}
