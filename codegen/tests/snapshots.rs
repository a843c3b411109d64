//! Snapshots of the code generated for small fixture specs, one construct each, and of the
//! error each kind of bad input gets. Review every change to them as you would code.

mod common;

use std::path::Path;

/// The spec-dependent files of a generated crate (the runtime is the same for every spec).
fn render(files: &codegen::CrateFiles) -> String {
    files
        .files
        .iter()
        // The API summary has tests of its own (`api_report.rs`).
        .filter(|(path, _)| !path.starts_with("src/runtime") && !path.ends_with("README.md") && !path.ends_with(codegen::changes::SUMMARY_FILE))
        .map(|(path, text)| format!("===== {} =====\n{text}", path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn generated_code_per_construct() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    for spec in common::fixtures("") {
        let files = common::generate(&spec).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(common::stem(&spec), render(&files));
    }
}

#[test]
fn bad_input_errors() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    for spec in common::fixtures("bad") {
        let error = common::generate(&spec).expect_err("bad input must fail");
        insta::assert_snapshot!(format!("bad_{}", common::stem(&spec)), error.to_string());
    }
}

#[test]
fn generation_is_deterministic() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let spec = Path::new("../specs/arize.yaml");
    let options = codegen::CrateOptions {
        crate_name: "arize-client".to_owned(),
        crate_version: "0.1.0".to_owned(),
        source: "specs/arize.yaml".to_owned(),
        command: "cargo xtask codegen".to_owned(),
    };
    let first = codegen::generate(spec, &options).unwrap();
    let second = codegen::generate(spec, &options).unwrap();
    assert_eq!(first, second);
}
