//! Documents no one would write by hand but a generator meets anyway: chains of schemas too
//! deep for rustc's defaults, names of 100 KB, thousands of names that collide. Each must
//! generate, and the ones small enough to compile here must compile without warnings.
//! (How long they take is measured in BENCHMARKS.md, never here.)

use std::path::Path;
use std::process::Command;

use codegen::CrateOptions;
use serde_json::{Value, json};

fn document(schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}
        }}}}},
        "components": {"schemas": schemas}
    })
}

fn generate(name: &str, document: &Value) -> codegen::CrateFiles {
    let loaded = codegen::load::parse(&document.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let options = CrateOptions {
        crate_name: format!("hostile-{name}"),
        crate_version: "0.1.0".to_owned(),
        source: format!("{name}.json"),
        command: "cargo test -p codegen --test hostile".to_owned(),
    };
    codegen::generate_from(&loaded, &options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `S0` holds `S1` holds … `S{n}`, each in place (required) or as an `Option`.
fn chain(n: usize, required: bool) -> Value {
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let mut schema = json!({"type": "object", "properties": {"next": {"$ref": format!("#/components/schemas/S{}", i + 1)}}});
        if required {
            schema["required"] = json!(["next"]);
        }
        schemas.insert(format!("S{i}"), schema);
    }
    schemas.insert(format!("S{n}"), json!({"type": "object", "properties": {"leaf": {"type": "string"}}}));
    document(Value::Object(schemas))
}

fn long_names() -> Value {
    let long = "x".repeat(100_000);
    let mut properties = serde_json::Map::new();
    properties.insert(long.clone(), json!({"type": "string"}));
    properties.insert(format!("{long}y"), json!({"type": "string"}));
    properties.insert("short".to_owned(), json!({"type": "string"}));
    properties.insert("k".repeat(1000), json!({"type": "integer"}));
    document(json!({
        "S0": {"type": "object", "properties": properties},
        long.clone(): {"type": "string", "enum": [long.clone(), "b", format!("{long}z")]},
    }))
}

/// `n` properties and `n` enum values that all become the same Rust name.
fn colliding(n: usize) -> Value {
    let variants = ["a_b", "a-b", "aB", "A_B", "a.b", "a b"];
    let spelled: Vec<String> = (0..n).map(|i| format!("{}{}", variants[i % variants.len()], "_".repeat(i / variants.len()))).collect();
    let properties: serde_json::Map<String, Value> = spelled.iter().map(|name| (name.clone(), json!({"type": "string"}))).collect();
    document(json!({
        "S0": {"type": "object", "properties": properties},
        "E": {"type": "string", "enum": spelled},
    }))
}

/// `S0` is `S1` is … `S{n}`: aliases, nothing nested.
fn alias_chain(n: usize) -> Value {
    let mut schemas: serde_json::Map<String, Value> =
        (0..n).map(|i| (format!("S{i}"), json!({"$ref": format!("#/components/schemas/S{}", i + 1)}))).collect();
    schemas.insert(format!("S{n}"), json!({"type": "string"}));
    document(Value::Object(schemas))
}

#[test]
fn chains_deeper_than_rustc_allows_get_the_recursion_limit_they_need() {
    let shallow = generate("shallow", &chain(8, true));
    assert!(!shallow.files[Path::new("src/lib.rs")].contains("recursion_limit"), "only crates that need it raise it");
    let deep = generate("deep", &chain(150, true));
    assert!(deep.files[Path::new("src/lib.rs")].contains("#![recursion_limit = \"1024\"]"));
}

#[test]
fn long_names_are_cut_and_long_wire_names_travel_in_the_map() {
    let files = generate("long", &long_names());
    let types = &files.files[Path::new("src/types.rs")];
    // Identifiers are what is left outside doc comments and string literals.
    let code: String = types
        .lines()
        .filter(|l| !l.trim_start().starts_with("///"))
        .flat_map(|l| l.split('"').step_by(2).chain(["\n"]))
        .collect();
    let longest_identifier = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| word.starts_with(['x', 'X', 'k']))
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(longest_identifier <= 128, "an identifier of {longest_identifier} bytes");
    assert!(types.contains(&format!("\"{}\" => ", "k".repeat(1000))), "a long but matchable name keeps its field");
    assert!(types.contains("pub additional_properties: std::collections::BTreeMap<String, serde_json::Value>"));
}

#[test]
fn thousands_of_colliding_names_stay_unique() {
    let files = generate("colliding", &colliding(4000));
    let types = &files.files[Path::new("src/types.rs")];
    let fields: std::collections::HashSet<&str> = types.lines().filter_map(|l| l.trim().strip_prefix("pub a_b")).collect();
    assert_eq!(fields.len(), 4000);
    generate("colliding-enum", &colliding(20_000));
}

/// `Node.children` is a list of `allOf: [Node, Node]`: merging copies `children` again.
fn merge_of_itself() -> Value {
    let node = json!({"$ref": "#/components/schemas/S0"});
    document(json!({"S0": {"type": "object", "properties": {
        "name": {"type": "string"},
        "children": {"type": "array", "items": {"allOf": [node.clone(), node]}}
    }}}))
}

#[test]
fn an_all_of_that_merges_its_own_holder_gets_a_name_instead_of_recursing_forever() {
    let files = generate("merge-of-itself", &merge_of_itself());
    let types = &files.files[Path::new("src/types.rs")];
    assert!(types.contains("pub children: Option<S0Children>"), "{types}");
    assert!(types.contains("pub struct S0Children(pub Vec<S0ChildrenItem>);"), "{types}");
}

#[test]
fn long_alias_chains_resolve() {
    let files = generate("aliases", &alias_chain(10_000));
    assert!(files.files[Path::new("src/types.rs")].contains("pub type S9999 = S10000;"));
}

/// The crates above that rustc can check in reasonable time, checked together.
#[test]
fn hostile_crates_compile_cleanly() {
    let crates = vec![
        ("deep-required".to_owned(), generate("deep-required", &chain(150, true))),
        ("deep-optional".to_owned(), generate("deep-optional", &chain(100, false))),
        ("long".to_owned(), generate("long", &long_names())),
        ("colliding".to_owned(), generate("colliding", &colliding(200))),
        ("merge-of-itself".to_owned(), generate("merge-of-itself", &merge_of_itself())),
    ];
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let scratch = target.join("hostile-crates");
    codegen::write::scratch_workspace(&scratch, &crates).unwrap();
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    if !scratch.join("Cargo.lock").exists() {
        std::fs::copy(&lock, scratch.join("Cargo.lock")).unwrap();
    }
    // The fixture compile test's target directory: the dependencies are built there already.
    let output = Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--quiet", "--message-format=short"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", target.join("fixture-check"))
        .output()
        .expect("cargo runs");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && !report.contains("warning"), "hostile crates do not compile cleanly:\n{report}");
}
