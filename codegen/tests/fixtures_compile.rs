//! Every fixture's generated crate must build with no warnings, pass clippy and compile its doc
//! examples, not only the checked-in clients. The crates go into one scratch workspace under
//! `target/`, checked in one cargo run with its own target directory (dependencies build once).

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn every_fixture_compiles_cleanly() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let crates: Vec<(String, codegen::CrateFiles)> = common::fixtures("")
        .iter()
        .map(|spec| (common::stem(spec), common::generate(spec).unwrap_or_else(|e| panic!("{e}"))))
        .collect();
    let workspace_target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let scratch = workspace_target.join("fixture-crates");
    codegen::write::scratch_workspace(&scratch, &crates).unwrap();
    // The workspace's lock file pins the same dependency versions the checked-in clients use.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    if lock.exists() && !scratch.join("Cargo.lock").exists() {
        std::fs::copy(&lock, scratch.join("Cargo.lock")).unwrap();
    }
    // With no features (what most users build) and with all of them (the `mock` module and
    // the optional `Serialize` impls are code users compile too).
    for features in [None, Some("--all-features")] {
        let output = Command::new(env!("CARGO"))
            .args(["clippy", "--workspace", "--all-targets", "--quiet"])
            .args(features)
            .args(["--", "-D", "warnings"])
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", workspace_target.join("fixture-check"))
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "generated fixture crates do not build cleanly ({}):\n{}",
            features.unwrap_or("default features"),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Each operation's docs show a call (`no_run`): it must compile for every construct.
    let output = Command::new(env!("CARGO"))
        .args(["test", "--doc", "--workspace", "--quiet"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", workspace_target.join("fixture-check"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the doc examples of generated fixture crates do not compile:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
