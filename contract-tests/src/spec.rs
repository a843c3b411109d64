//! The operations a spec declares, read straight from the document (not through the
//! generator), so the tests notice an operation or a response they do not cover.

use std::path::Path;

/// One operation of a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecOperation {
    /// `operationId`.
    pub id: String,
    /// `GET`, `POST`, …
    pub method: String,
    /// The path template.
    pub path: String,
    /// Declared 2XX statuses.
    pub success: Vec<u16>,
    /// Declared statuses from 300 up.
    pub errors: Vec<u16>,
    /// Declared ranges from `3XX` up, by their first digit (`4` for `4XX`).
    pub error_ranges: Vec<u16>,
}

/// Every operation of the YAML or JSON spec at `path`, in document order.
pub fn operations(path: &Path) -> Vec<SpecOperation> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
    let doc = to_json(doc);
    let mut operations = Vec::new();
    let Some(paths) = doc.get("paths").and_then(serde_json::Value::as_object) else { return operations };
    for (template, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, op) in item {
            if !["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&method.as_str()) {
                continue;
            }
            let keys: Vec<String> = op
                .get("responses")
                .and_then(serde_json::Value::as_object)
                .map(|r| r.keys().cloned().collect())
                .unwrap_or_default();
            let codes: Vec<u16> = keys.iter().filter_map(|k| k.parse().ok()).collect();
            let ranges: Vec<u16> = keys
                .iter()
                .filter_map(|k| k.to_ascii_uppercase().strip_suffix("XX")?.parse().ok())
                .filter(|n| *n >= 3)
                .collect();
            operations.push(SpecOperation {
                id: op.get("operationId").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned(),
                method: method.to_uppercase(),
                path: template.clone(),
                success: codes.iter().copied().filter(|c| (200..300).contains(c)).collect(),
                errors: codes.iter().copied().filter(|c| *c >= 300).collect(),
                error_ranges: ranges,
            });
        }
    }
    operations
}

/// YAML to JSON, with non-string keys (`200:`) as strings.
fn to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => b.into(),
        Y::Number(n) => serde_json::to_value(&n).unwrap_or(serde_json::Value::Null),
        Y::String(s) => s.into(),
        Y::Sequence(items) => items.into_iter().map(to_json).collect(),
        Y::Mapping(map) => map
            .into_iter()
            .map(|(k, v)| {
                let key = match k {
                    Y::String(s) => s,
                    other => serde_yaml::to_string(&other).unwrap_or_default().trim().to_owned(),
                };
                (key, to_json(v))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn unquoted_status_keys_and_ranges_are_read() {
        let path = std::env::temp_dir().join(format!("contract-tests-spec-{}.yaml", std::process::id()));
        std::fs::write(
            &path,
            "paths:\n  /x:\n    get:\n      operationId: x\n      responses:\n        200: {description: ok}\n        404: {description: no}\n        4XX: {description: no}\n",
        )
        .unwrap();
        let operations = super::operations(&path);
        let _ = std::fs::remove_file(&path);
        assert_eq!(operations.len(), 1);
        assert_eq!(operations[0].success, [200]);
        assert_eq!(operations[0].errors, [404]);
        assert_eq!(operations[0].error_ranges, [4]);
    }
}
