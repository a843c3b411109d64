//! A hostile `info.title` or spec path cannot break the generated `Cargo.toml`: cargo parses
//! it and reads the description back exactly.

use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::CrateOptions;

#[test]
fn quotes_backslashes_newlines_and_control_characters_in_the_title_are_escaped() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-title");
    fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("spec.yaml");
    let title = r#""Evil \"quoted\" \\ back\nslash\x01\x1b\t[package] = 1\r\n# API""#;
    fs::write(&spec, format!("openapi: 3.0.3\ninfo:\n  title: {title}\n  version: '1'\npaths: {{}}\n")).unwrap();
    let options = CrateOptions {
        crate_name: "hostile".to_owned(),
        crate_version: "0.1.0".to_owned(),
        source: "a spec\nnamed ]] badly.yaml".to_owned(),
        command: "cargo test".to_owned(),
    };
    let files = codegen::generate(&spec, &options).unwrap();
    for (path, text) in &files.files {
        let mut lines = text.lines();
        assert!(codegen::marker::has_header(lines.next().unwrap()), "{}", path.display());
        assert!(lines.next().is_some_and(str::is_empty), "{}: the header is one line", path.display());
    }
    let workspace = dir.join("workspace");
    codegen::write::scratch_workspace(&workspace, &[("hostile".to_owned(), files)]).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1"])
        .current_dir(&workspace)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let description = metadata["packages"][0]["description"].as_str().unwrap();
    // Whitespace runs (the newlines, the tab) become one space; everything else survives.
    let expected = "Typed async client for the Evil \"quoted\" \\ back slash\u{1}\u{1b} [package] = 1 # API \
                    (generated from its OpenAPI document)";
    assert_eq!(description, expected);
}
