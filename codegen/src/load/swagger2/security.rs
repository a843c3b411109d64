//! `securityDefinitions`: basic, apiKey and oauth2 in their 3.0 spelling.

use serde_json::Value;

use super::{object_at, Converter, Object, Place};
use crate::error::{Error, Result};
use crate::pointer::Pointer;

impl Converter<'_> {
    pub(super) fn security_scheme(&mut self, scheme: &Value, place: &Place) -> Result<Value> {
        let object = object_at(scheme, &place.original, "a security definition")?;
        let kind = object.get("type").and_then(Value::as_str).unwrap_or_default();
        let mut out = Object::new();
        match kind {
            "basic" => {
                out.insert("type".to_owned(), "http".into());
                out.insert("scheme".to_owned(), "basic".into());
            }
            "apiKey" => {
                for key in ["type", "name", "in"] {
                    if let Some(value) = object.get(key) {
                        out.insert(key.to_owned(), value.clone());
                    }
                }
            }
            "oauth2" => {
                out.insert("type".to_owned(), "oauth2".into());
                let (flow, flows) = oauth2_flows(object, &place.original)?;
                // The flows are made of the definition's own keys.
                let flows_at = place.converted.push("flows");
                self.moves.made_from(flows_at.push(flow), place.original.clone());
                self.moves.made_from(flows_at, place.original.clone());
                out.insert("flows".to_owned(), flows);
            }
            other => {
                return Err(Error::at(
                    at_key(object, &place.original, "type").to_string(),
                    format!("unknown security definition type `{other}`; Swagger 2.0 has `basic`, `apiKey` and `oauth2`"),
                ));
            }
        }
        for (key, value) in object {
            if key == "description" || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(out.into())
    }
}

/// Where to point about `key` of the object at `at`: at the key if it is written, else at
/// the object that lacks it.
fn at_key(object: &Object, at: &Pointer, key: &str) -> Pointer {
    if object.contains_key(key) { at.push(key) } else { at.clone() }
}

/// The one flow a 2.0 oauth2 definition at `at` describes: its 3.0 name, and `flows`.
fn oauth2_flows(scheme: &Object, at: &Pointer) -> Result<(&'static str, Value)> {
    let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or_default();
    let (name, urls): (&str, &[&str]) = match flow {
        "implicit" => ("implicit", &["authorizationUrl"]),
        "password" => ("password", &["tokenUrl"]),
        "application" => ("clientCredentials", &["tokenUrl"]),
        "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
        other => {
            return Err(Error::at(
                at_key(scheme, at, "flow").to_string(),
                format!(
                    "unknown oauth2 flow `{other}`; Swagger 2.0 has `implicit`, `password`, `application` \
                     and `accessCode`"
                ),
            ));
        }
    };
    let mut out = Object::new();
    for url in urls {
        let value = scheme.get(*url).ok_or_else(|| {
            Error::at(at.to_string(), format!("the oauth2 flow `{flow}` needs `{url}`; add it"))
        })?;
        out.insert((*url).to_owned(), value.clone());
    }
    let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| Value::Object(Object::new()));
    out.insert("scopes".to_owned(), scopes);
    let mut flows = Object::new();
    flows.insert(name.to_owned(), out.into());
    Ok((name, flows.into()))
}
