//! Snapshots of the code generated for small fixture specs, one construct each, and of the
//! error each kind of bad input gets. Review every change to them as you would code.

mod common;

use std::path::Path;

/// The spec-dependent files of a generated crate (the runtime is the same for every spec);
/// warnings have snapshots of their own (`warnings_per_mistake`).
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

/// Fixtures `lenient_*.yaml` break a rule in a way that has one reading: each generates, with
/// the warnings snapshotted here. Every other fixture generates without a warning, and every
/// kind of warning has a fixture.
#[test]
fn warnings_per_mistake() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut kinds_seen = std::collections::BTreeSet::new();
    for spec in common::fixtures("") {
        let files = common::generate(&spec).unwrap_or_else(|e| panic!("{e}"));
        kinds_seen.extend(files.warnings.iter().map(|w| w.kind));
        let warnings: Vec<String> = files.warnings.iter().map(|w| format!("warning[{}]: {w}", w.kind)).collect();
        if common::stem(&spec).starts_with("lenient_") {
            assert!(!warnings.is_empty(), "{} gives no warning", spec.display());
            insta::assert_snapshot!(format!("warnings_{}", common::stem(&spec)), warnings.join("\n"));
        } else {
            assert!(warnings.is_empty(), "{}:\n{}", spec.display(), warnings.join("\n"));
        }
    }
    assert_eq!(kinds_seen.into_iter().collect::<Vec<_>>(), codegen::WARNING_KINDS, "each kind listed, and each with a fixture");
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
