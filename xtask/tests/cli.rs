//! The command line: bad input exits with 1, names file and pointer, and writes nothing.

use std::path::Path;
use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

#[test]
fn bad_spec_exits_1_and_writes_nothing() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/bad/missing_ref.yaml");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-spec-output");
    let _ = std::fs::remove_dir_all(&out);
    let output = xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing_ref.yaml: #/paths/~1v2~1ai-integrations/post/requestBody: $ref '#/components/schemas/Missing' not found"), "{stderr}");
    assert!(!out.exists(), "nothing may be written on error");
}

#[test]
fn generate_writes_a_crate_for_any_spec() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/object_fields.yaml");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-pets");
    let output = xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--name", "pets"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"pets\""));
    assert!(out.join("src/runtime/mod.rs").exists());
}

#[test]
fn the_checked_in_clients_are_fresh() {
    let output = xtask(&["codegen", "--check"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn unknown_commands_print_usage() {
    let output = xtask(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cargo xtask codegen"));
}

#[test]
fn pagination_counts_paging_lists_and_streams_by_style() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures");
    let spec = |name: &str| fixtures.join(name).to_str().unwrap().to_owned();
    let (link, misfire, bad) = (spec("pagination_link_header.yaml"), spec("pagination_no_misfire.yaml"), spec("bad/yaml_syntax.yaml"));
    let output = xtask(&["pagination", "--missed", &link, &misfire, &bad]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    // Columns: paging lists, with a stream, streams, then cursor, body_cursor … link_header.
    assert!(stdout.contains("| pagination_link_header.yaml | 1 | 1 (100 %) | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |"), "{stdout}");
    // By the count, `compare` (two arrays) and `tags` (opted out) page; neither gets a stream.
    assert!(stdout.contains("| pagination_no_misfire.yaml | 2 | 0 (0 %) | 0 |"), "{stdout}");
    assert!(stdout.contains("|   no stream: GET /compare |") && stdout.contains("|   no stream: GET /tags |"), "{stdout}");
    assert!(stdout.contains("not counted") && stdout.contains("yaml_syntax.yaml: line"), "{stdout}");
}

#[test]
fn help_exits_0_and_an_unknown_flag_is_named() {
    assert_eq!(xtask(&["--help"]).status.code(), Some(0));
    let output = xtask(&["generate", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("--allow-warning <KIND>"));
    let output = xtask(&["codegen", "--chek"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unexpected argument '--chek'"), "{}", String::from_utf8_lossy(&output.stderr));
}
