//! `multipart/form-data` bodies (RFC 7578) from a serializable struct.
//!
//! Each property becomes one part (arrays one part per element): strings, numbers and
//! booleans as text, objects as JSON. Binary file content is sent as the string it holds.

use serde_json::Value;

/// The boundary and the encoded body.
pub(super) fn encode(body: &Value) -> Option<(String, Vec<u8>)> {
    let fields = body.as_object()?;
    let boundary = format!("openapi-rust-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    let mut out = Vec::new();
    for (name, value) in fields {
        let values = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for value in values.into_iter().filter(|v| !v.is_null()) {
            write_part(&mut out, &boundary, name, value);
        }
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Some((boundary, out))
}

fn write_part(out: &mut Vec<u8>, boundary: &str, name: &str, value: &Value) {
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    out.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{escaped}\"\r\n").as_bytes());
    let content = match value {
        Value::String(text) => text.clone(),
        Value::Object(_) => {
            out.extend_from_slice(b"Content-Type: application/json\r\n");
            value.to_string()
        }
        other => other.to_string(),
    };
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(content.as_bytes());
    out.extend_from_slice(b"\r\n");
}
