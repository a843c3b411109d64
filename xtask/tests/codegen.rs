//! `cargo xtask codegen [--check]` on scratch workspaces: it owns only the files it wrote in
//! `generated/`, leaves every other directory there alone, and recovers from a killed run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::codegen_cmd::codegen;

fn fixture(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures").join(name)).unwrap()
}

/// A workspace with members `generated/*` and two specs, `alpha` and `beta`, generated.
fn workspace(test: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen").join(test);
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("specs")).unwrap();
    fs::write(root.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"generated/*\"]\n").unwrap();
    fs::write(root.join("specs/alpha.yaml"), fixture("object_fields.yaml")).unwrap();
    fs::write(root.join("specs/beta.yaml"), fixture("problem_json.yaml")).unwrap();
    run(&root, &[]).unwrap();
    root
}

fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    codegen(root, &args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
}

fn put(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn assert_workspace_loads(root: &Path) {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn files_added_to_a_generated_crate_are_kept_and_not_called_extra() {
    let root = workspace("user-files");
    let alpha = root.join("generated/alpha");
    for path in ["tests/it.rs", "examples/e.rs", "src/extra.rs"] {
        put(&alpha.join(path), "// mine\n");
    }
    run(&root, &["--check"]).unwrap();
    run(&root, &[]).unwrap();
    for path in ["tests/it.rs", "examples/e.rs", "src/extra.rs"] {
        assert_eq!(fs::read_to_string(alpha.join(path)).unwrap(), "// mine\n", "{path}");
    }
    run(&root, &["--check"]).unwrap();
    assert!(!root.join(".codegen").exists());
}

#[test]
fn a_crate_of_the_users_under_generated_is_left_alone() {
    let root = workspace("user-crate");
    let mine = root.join("generated/mine");
    put(&mine.join("Cargo.toml"), "[package]\nname = \"mine\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    put(&mine.join("src/lib.rs"), "");
    run(&root, &["--check"]).unwrap();
    run(&root, &[]).unwrap();
    assert!(mine.join("Cargo.toml").exists() && mine.join("src/lib.rs").exists());
    assert_workspace_loads(&root);

    // A spec that would generate into it is refused, naming the directory, and changes nothing.
    fs::write(root.join("specs/mine.yaml"), fixture("map.yaml")).unwrap();
    let error = run(&root, &[]).unwrap_err();
    assert!(error.contains(&mine.display().to_string()) && error.contains("not a crate the generator wrote"), "{error}");
    assert!(error.contains("rename its spec"), "{error}");
    assert_eq!(fs::read_to_string(mine.join("src/lib.rs")).unwrap(), "");
    let error = run(&root, &["--check"]).unwrap_err();
    assert!(error.contains("not a generated crate"), "{error}");
}

#[test]
fn a_crate_whose_spec_is_gone_is_removed_unless_it_holds_the_users_files() {
    let root = workspace("obsolete");
    fs::remove_file(root.join("specs/beta.yaml")).unwrap();
    let error = run(&root, &["--check"]).unwrap_err();
    assert!(error.contains("extra: ") && error.contains("generated/beta"), "{error}");
    run(&root, &[]).unwrap();
    assert!(!root.join("generated/beta").exists());

    put(&root.join("generated/alpha/tests/it.rs"), "mine");
    fs::write(root.join("specs/beta.yaml"), fixture("problem_json.yaml")).unwrap();
    fs::remove_file(root.join("specs/alpha.yaml")).unwrap();
    let error = run(&root, &[]).unwrap_err();
    assert!(error.contains(&root.join("generated/alpha/tests").display().to_string()), "{error}");
    assert!(root.join("generated/alpha/Cargo.toml").exists() && root.join("generated/alpha/tests/it.rs").exists());
    assert!(!root.join("generated/beta").exists(), "all or nothing: no crate was written either");
}

#[test]
fn a_crate_generate_wrote_under_generated_is_left_alone() {
    let root = workspace("other-command");
    let other = root.join("generated/other");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/map.yaml");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec", spec.to_str().unwrap(), "--out", other.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    run(&root, &[]).unwrap();
    run(&root, &["--check"]).unwrap();
    assert!(other.join("Cargo.toml").exists());
}

#[test]
fn a_killed_run_leaves_the_workspace_loading_and_the_next_run_cleans_up() {
    let root = workspace("killed");
    put(&root.join("generated/alpha/tests/it.rs"), "mine");
    // What a run killed at various instants leaves: a half-staged crate, a replaced crate not
    // yet deleted (holding the user's file), and a half-deleted one.
    let slots = root.join(".codegen/generated");
    put(&slots.join("beta/new/src/lib.rs"), "// This file is generated by `x` from `y`; do not edit it by hand.\n");
    let old = slots.join("alpha/new");
    fs::create_dir_all(&old).unwrap();
    fs::rename(root.join("generated/alpha/tests"), old.join("tests")).unwrap();
    put(&slots.join("gone/trash/src/lib.rs"), "");
    assert_workspace_loads(&root);
    run(&root, &["--check"]).unwrap();

    run(&root, &[]).unwrap();
    assert!(!root.join(".codegen").exists());
    assert_eq!(fs::read_to_string(root.join("generated/alpha/tests/it.rs")).unwrap(), "mine");
    run(&root, &["--check"]).unwrap();
    assert_workspace_loads(&root);
}

#[test]
fn a_spec_whose_name_makes_no_package_name_is_refused() {
    let root = workspace("names");
    fs::write(root.join("specs/名前.yaml"), fixture("map.yaml")).unwrap();
    let error = run(&root, &[]).unwrap_err();
    assert!(error.contains("specs/名前.yaml") && error.contains("package name"), "{error}");
    fs::remove_file(root.join("specs/名前.yaml")).unwrap();
    fs::write(root.join("specs/2fa.yaml"), fixture("map.yaml")).unwrap();
    run(&root, &[]).unwrap();
    let manifest = fs::read_to_string(root.join("generated/2fa/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"api-2fa-client\""), "{manifest}");
    assert_workspace_loads(&root);
}
