//! The project's own specs load through openapiv3, and every `$ref` in them resolves.

use std::path::Path;

use codegen::pointer::Pointer;

fn references(value: &serde_json::Value, at: Pointer, out: &mut Vec<(Pointer, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child.as_str()) {
                    ("$ref", Some(target)) => out.push((at.clone(), target.to_owned())),
                    _ => references(child, at.push(key), out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                references(child, at.push(i.to_string()), out);
            }
        }
        _ => {}
    }
}

fn check_spec(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs").join(name);
    let document = codegen::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(document.api.openapi.starts_with("3.0"), "{name} is not OpenAPI 3.0");
    let mut refs = Vec::new();
    references(&document.raw, Pointer::root(), &mut refs);
    assert!(!refs.is_empty(), "{name} has no references to check");
    for (at, target) in refs {
        let pointer = Pointer::parse_reference(&target).unwrap_or_else(|| panic!("{name}: {at}: external $ref {target}"));
        assert!(pointer.resolve(&document.raw).is_some(), "{name}: {at}: $ref '{target}' does not resolve");
    }
    let discriminator_targets = document.raw.pointer("/components/schemas").and_then(|s| s.as_object()).into_iter().flatten();
    for (schema, body) in discriminator_targets {
        let mapping = body.pointer("/discriminator/mapping").and_then(|m| m.as_object());
        for target in mapping.into_iter().flat_map(|m| m.values()).filter_map(|v| v.as_str()) {
            let pointer = Pointer::parse_reference(target).unwrap();
            assert!(pointer.resolve(&document.raw).is_some(), "{name}: {schema}: mapping to '{target}' does not resolve");
        }
    }
}

#[test]
fn arize_spec_is_complete() {
    check_spec("arize.yaml");
}

#[test]
fn flashback_spec_is_complete() {
    check_spec("flashback.yaml");
}
