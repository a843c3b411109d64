//! The shape `codegen::build` writes into `OUT_DIR`: a root to `include!` that holds no inner
//! attribute and declares each module by the absolute path of its file, and the crate-level
//! attributes it could not hold, returned instead. (`cli/tests/own_repository.rs` compiles it.)

use std::fs;
use std::path::Path;

use codegen::CrateOptions;
use serde_json::{Value, json};

fn options(name: &str) -> CrateOptions {
    CrateOptions {
        crate_name: name.to_owned(),
        crate_version: "0.1.0".to_owned(),
        source: format!("{name}.yaml"),
        command: "build.rs".to_owned(),
    }
}

fn out_dir(test: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("out-dir").join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_root_declares_each_module_by_its_path_and_holds_no_inner_attribute() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/petstore.yaml");
    let files = codegen::generate(&spec, &options("petstore-client")).unwrap();
    let dir = out_dir("petstore");
    let included = codegen::build::write_included(&files, &dir, "client.rs").unwrap();
    assert_eq!(included.path, dir.join("client.rs"));
    assert_eq!(included.crate_attributes, Vec::<String>::new());
    let root = fs::read_to_string(&included.path).unwrap();
    assert!(!root.contains("#!") && !root.contains("//!"), "{root}");
    for module in ["operations", "types", "servers"] {
        let declared = format!("#[path = \"{}\"]\npub mod {module};", dir.join(format!("client/{module}.rs")).display());
        assert!(root.contains(&declared), "{module}: {root}");
    }
    let runtime = dir.join("client/runtime/mod.rs");
    assert!(root.contains(&format!("#[path = \"{}\"]\npub mod runtime;", runtime.display())), "{root}");
    assert!(fs::read_to_string(runtime).unwrap().contains("\n//! Support code shared by the generated client"));
    assert!(root.contains("#[cfg(feature = \"mock\")]\n#[path = "), "{root}");
    assert!(root.contains("pub use runtime::{"), "{root}");
    assert!(!dir.join("client/lib.rs").exists());
}

#[test]
fn attributes_only_a_crate_root_can_hold_are_returned() {
    let mut schemas = serde_json::Map::new();
    for i in 0..150 {
        let next = format!("#/components/schemas/S{}", i + 1);
        schemas.insert(format!("S{i}"), json!({"type": "object", "required": ["next"], "properties": {"next": {"$ref": next}}}));
    }
    schemas.insert("S150".to_owned(), json!({"type": "object", "properties": {"leaf": {"type": "string"}}}));
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "Deep", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}
        }}}}},
        "components": {"schemas": Value::Object(schemas)}
    });
    let files = codegen::generate_from(&codegen::load::parse(&document.to_string()).unwrap(), &options("deep")).unwrap();
    let included = codegen::build::write_included(&files, &out_dir("deep"), "client.rs").unwrap();
    assert_eq!(included.crate_attributes, vec!["#![recursion_limit = \"1024\"]".to_owned()]);
    assert!(!fs::read_to_string(&included.path).unwrap().contains("recursion_limit"));
}
