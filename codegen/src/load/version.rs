//! Which OpenAPI version a document says it is.

use serde_json::Value;

use crate::error::{Error, Result};

/// The families of documents the loader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `swagger: "2.0"`: converted before anything else.
    Swagger2,
    /// `openapi: 3.0.x`, `3.1.x`, or `3.2.x`: one model, normalised keyword by keyword.
    OpenApi3,
}

const SUPPORTED: &str = "this generator reads OpenAPI 3.0, 3.1 and 3.2 and Swagger 2.0 documents";

/// Reads the version field, writing it back as a string (`openapi: 3.0` is a YAML number).
pub fn detect(document: &mut Value) -> Result<Family> {
    let Some(object) = document.as_object_mut() else {
        return Err(Error::at("#", "not an OpenAPI document: the top level is not a mapping"));
    };
    if let Some(version) = object.get_mut("openapi") {
        let text = version_text(version).ok_or_else(|| {
            Error::at("#/openapi", format!("the version must be a string such as \"3.1.0\"; {SUPPORTED}"))
        })?;
        let supported = ["3.0", "3.1", "3.2"].iter().any(|v| text == *v || text.starts_with(&format!("{v}.")));
        if !supported {
            return Err(Error::at("#/openapi", format!("OpenAPI {text} is not supported; {SUPPORTED}")));
        }
        *version = Value::String(text);
        return Ok(Family::OpenApi3);
    }
    if let Some(version) = object.get("swagger") {
        return match version_text(version).as_deref() {
            Some("2.0" | "2") => Ok(Family::Swagger2),
            Some(other) => Err(Error::at(
                "#/swagger",
                format!("Swagger {other} is not supported; {SUPPORTED} (convert older documents to 2.0 or later)"),
            )),
            None => Err(Error::at("#/swagger", format!("the version must be the string \"2.0\"; {SUPPORTED}"))),
        };
    }
    if object.contains_key("overlay") {
        return Err(Error::at(
            "#",
            "this is an overlay, not an OpenAPI document: list it under `overlays` in the settings file of the spec it fixes",
        ));
    }
    Err(Error::at(
        "#",
        format!("not an OpenAPI document: neither an `openapi` nor a `swagger` version field is present; {SUPPORTED}"),
    ))
}

/// `"3.1.0"` as it is; `3.0` or `3` (numbers in YAML) as the text they were written as.
fn version_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) if n.is_f64() => Some(format!("{:?}", n.as_f64()?)),
        Value::Number(n) => Some(format!("{n}.0")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numeric_versions_are_read_as_written() {
        let mut doc = json!({"openapi": 3.0});
        assert_eq!(detect(&mut doc).unwrap(), Family::OpenApi3);
        assert_eq!(doc["openapi"], "3.0");
        assert_eq!(detect(&mut json!({"openapi": "3.1.1"})).unwrap(), Family::OpenApi3);
        assert_eq!(detect(&mut json!({"openapi": "3.2.0"})).unwrap(), Family::OpenApi3);
        assert_eq!(detect(&mut json!({"swagger": "2.0"})).unwrap(), Family::Swagger2);
    }

    #[test]
    fn unknown_versions_are_refused_at_the_version_field() {
        let err = detect(&mut json!({"openapi": "4.0.0"})).unwrap_err();
        assert_eq!(err.location, "#/openapi");
        assert!(err.message.contains("OpenAPI 4.0.0 is not supported"), "{err}");
        assert!(err.message.contains("3.1"), "{err}");
        assert_eq!(detect(&mut json!({"openapi": "3.10.0"})).unwrap_err().location, "#/openapi");
        assert_eq!(detect(&mut json!({"swagger": "1.2"})).unwrap_err().location, "#/swagger");
        assert_eq!(detect(&mut json!({"info": {}})).unwrap_err().location, "#");
        assert_eq!(detect(&mut json!([1])).unwrap_err().location, "#");
    }
}
