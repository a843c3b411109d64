//! Writing replaces only what the generator wrote, all or nothing, in a way an interruption at
//! any instant is undone or finished by the next run; `differences` names stale, missing and
//! extra generated files and nothing of the user's.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::CrateFiles;
use codegen::write::{Existing, Foreign, RECORD, differences, inspect, replace_crates};

const REFUSE: Foreign = Foreign::Refuse { advice: "do something else" };

/// A small crate as the generator writes one: a marked `Cargo.toml`, headers on every file.
fn generated(name: &str, sources: &[(&str, &str)]) -> CrateFiles {
    let header = codegen::marker::header("cargo test", "spec.yaml");
    let mut files = BTreeMap::new();
    let manifest = format!("# {header}\n\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    files.insert(PathBuf::from("Cargo.toml"), manifest);
    files.insert(PathBuf::from("src/lib.rs"), format!("// {header}\n\n//! {name}\n"));
    for (path, text) in sources {
        files.insert(PathBuf::from(path), format!("// {header}\n\n{text}\n"));
    }
    CrateFiles { files, ..Default::default() }
}

/// A scratch cargo workspace `<test>/` whose members are `generated/*`; returns its root.
fn workspace(test: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("write").join(test);
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("generated")).unwrap();
    fs::write(root.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"generated/*\"]\n").unwrap();
    root
}

fn write(target: &Path, files: &CrateFiles) -> codegen::Result<codegen::write::Report> {
    replace_crates(&[(target.to_path_buf(), files)], &[], REFUSE)
}

fn put(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// `cargo metadata` loads the workspace: no staging directory is where its glob looks.
fn assert_workspace_loads(root: &Path) {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The workspace holds exactly `Cargo.toml` and `generated/`: nothing staged is left.
fn assert_clean(root: &Path) {
    assert_eq!(entries(root), ["Cargo.toml", "generated"], "no staging directory is left behind");
}

#[test]
fn regenerating_removes_what_is_no_longer_generated_and_keeps_the_users_files() {
    let root = workspace("keeps-user-files");
    let target = root.join("generated/client");
    write(&target, &generated("client", &[("src/old.rs", "old"), ("src/same.rs", "1")])).unwrap();
    for (path, text) in [("tests/it.rs", "my test"), ("examples/e.rs", "my example"), ("src/extra.rs", "mine"), ("Cargo.lock", "lock")] {
        put(&target.join(path), text);
    }
    put(&target.join("target/debug/deep/artifact"), "built");
    let report = write(&target, &generated("client", &[("src/new.rs", "new"), ("src/same.rs", "2")])).unwrap();

    assert!(!target.join("src/old.rs").exists(), "a file the generator no longer writes is removed");
    assert!(read(&target.join("src/new.rs")).ends_with("new\n"));
    assert!(read(&target.join("src/same.rs")).ends_with("2\n"));
    assert_eq!(read(&target.join("tests/it.rs")), "my test");
    assert_eq!(read(&target.join("examples/e.rs")), "my example");
    assert_eq!(read(&target.join("src/extra.rs")), "mine");
    assert_eq!(read(&target.join("Cargo.lock")), "lock");
    assert_eq!(read(&target.join("target/debug/deep/artifact")), "built");
    let kept: Vec<&Path> = report.kept.iter().map(|p| p.strip_prefix(&target).unwrap()).collect();
    assert_eq!(kept, [Path::new("Cargo.lock"), Path::new("examples"), Path::new("src/extra.rs"), Path::new("target"), Path::new("tests")]);
    assert!(read(&target.join(RECORD)).lines().any(|l| l == "src/new.rs"), "the record lists what was written");
    assert_clean(&root);
    assert_workspace_loads(&root);
}

#[test]
fn a_failed_write_changes_nothing() {
    let root = workspace("all-or-nothing");
    let good = root.join("generated/good");
    write(&good, &generated("good", &[("src/a.rs", "old")])).unwrap();
    put(&good.join("tests/mine.rs"), "mine");
    // A crate that cannot be staged (a file and a directory at one path) fails the whole write
    // after the first crate was staged.
    let bad = generated("bad", &[("src/x.rs", ""), ("src/x.rs/y.rs", "")]);
    let result = replace_crates(
        &[(good.clone(), &generated("good", &[("src/a.rs", "new")])), (root.join("generated/bad"), &bad)],
        &[],
        REFUSE,
    );
    assert!(result.is_err());
    assert!(read(&good.join("src/a.rs")).ends_with("old\n"));
    assert_eq!(read(&good.join("tests/mine.rs")), "mine");
    assert!(!root.join("generated/bad").exists());
    assert_clean(&root);
}

#[test]
fn an_empty_directory_or_nothing_may_be_replaced() {
    let root = workspace("empty");
    fs::create_dir(root.join("generated/empty")).unwrap();
    write(&root.join("generated/empty"), &generated("empty", &[])).unwrap();
    write(&root.join("generated/new"), &generated("new", &[])).unwrap();
    assert!(matches!(inspect(&root.join("generated/empty")).unwrap(), Existing::Generated(_)));
    assert!(matches!(inspect(&root.join("generated/new")).unwrap(), Existing::Generated(_)));
}

#[test]
fn a_directory_the_generator_did_not_write_is_refused_and_left_untouched() {
    let root = workspace("foreign");
    let target = root.join("generated/mine");
    put(&target.join("Cargo.toml"), "[package]\nname = \"mine\"\n");
    put(&target.join("src/lib.rs"), "// mine\n");
    let error = write(&target, &generated("mine", &[])).unwrap_err().to_string();
    assert!(error.contains(&target.display().to_string()) && error.contains("not a crate the generator wrote"), "{error}");
    assert!(error.ends_with("do something else"), "{error}");
    assert_eq!(read(&target.join("Cargo.toml")), "[package]\nname = \"mine\"\n");
    assert_eq!(read(&target.join("src/lib.rs")), "// mine\n");

    let file = root.join("generated/file");
    put(&file, "a file");
    let error = write(&file, &generated("file", &[])).unwrap_err().to_string();
    assert!(error.contains("is a file, not a directory"), "{error}");
    assert_eq!(read(&file), "a file");
    assert_clean(&root);
}

#[test]
fn taking_over_replaces_only_the_files_in_the_way() {
    let root = workspace("take-over");
    let target = root.join("generated/mine");
    put(&target.join("Cargo.toml"), "[package]\nname = \"mine\"\n");
    put(&target.join("src/custom.rs"), "mine");
    put(&target.join("notes.txt"), "notes");
    let report = replace_crates(&[(target.clone(), &generated("mine", &[]))], &[], Foreign::TakeOver).unwrap();
    assert!(read(&target.join("Cargo.toml")).starts_with("# This file is generated"));
    assert_eq!(read(&target.join("src/custom.rs")), "mine");
    assert_eq!(read(&target.join("notes.txt")), "notes");
    assert_eq!(report.replaced, [target.join("Cargo.toml")]);

    let file = root.join("generated/file");
    put(&file, "a file");
    replace_crates(&[(file.clone(), &generated("file", &[]))], &[], Foreign::TakeOver).unwrap();
    assert!(file.join("src/lib.rs").exists());
    assert_clean(&root);
}

#[test]
fn a_users_file_where_the_generator_now_writes_is_refused() {
    let root = workspace("in-the-way");
    let target = root.join("generated/client");
    write(&target, &generated("client", &[])).unwrap();
    put(&target.join("src/servers.rs"), "my servers");
    let error = write(&target, &generated("client", &[("src/servers.rs", "generated")])).unwrap_err().to_string();
    assert!(error.contains(&target.join("src/servers.rs").display().to_string()), "{error}");
    assert_eq!(read(&target.join("src/servers.rs")), "my servers");
}

#[test]
fn only_a_generated_crate_holding_nothing_else_is_removed() {
    let root = workspace("removal");
    let (gone, kept, foreign) = (root.join("generated/gone"), root.join("generated/kept"), root.join("generated/foreign"));
    write(&gone, &generated("gone", &[])).unwrap();
    write(&kept, &generated("kept", &[])).unwrap();
    put(&kept.join("tests/mine.rs"), "mine");
    put(&foreign.join("Cargo.toml"), "[package]\n");

    replace_crates(&[], std::slice::from_ref(&gone), REFUSE).unwrap();
    assert!(!gone.exists());
    let error = replace_crates(&[], std::slice::from_ref(&kept), REFUSE).unwrap_err().to_string();
    assert!(error.contains(&kept.join("tests").display().to_string()), "{error}");
    assert!(kept.join("Cargo.toml").exists() && kept.join("tests/mine.rs").exists(), "nothing is removed");
    let error = replace_crates(&[], std::slice::from_ref(&foreign), REFUSE).unwrap_err().to_string();
    assert!(error.contains("not a crate the generator wrote"), "{error}");
    assert!(foreign.join("Cargo.toml").exists());
    assert_clean(&root);
}

#[test]
fn an_edited_record_cannot_reach_outside_the_crate() {
    let root = workspace("record-escape");
    let target = root.join("generated/client");
    write(&target, &generated("client", &[])).unwrap();
    put(&root.join("precious.txt"), "keep me");
    let record = target.join(RECORD);
    put(&record, &format!("{}../../precious.txt\n", read(&record)));
    let error = write(&target, &generated("client", &[])).unwrap_err().to_string();
    assert!(error.contains(".codegen-files: line") && error.contains("../../precious.txt"), "{error}");
    assert_eq!(read(&root.join("precious.txt")), "keep me");
}

#[test]
fn a_crate_written_before_records_existed_is_known_by_its_headers() {
    let root = workspace("legacy");
    let target = root.join("generated/client");
    write(&target, &generated("client", &[("src/old.rs", "old")])).unwrap();
    fs::remove_file(target.join(RECORD)).unwrap();
    put(&target.join("src/mine.rs"), "no header: mine");
    write(&target, &generated("client", &[])).unwrap();
    assert!(!target.join("src/old.rs").exists());
    assert_eq!(read(&target.join("src/mine.rs")), "no header: mine");
}

#[test]
fn differences_name_generated_files_only() {
    let root = workspace("check");
    let dir = root.join("generated/client");
    write(&dir, &generated("client", &[("src/same.rs", "x"), ("src/stale.rs", "old"), ("src/extra.rs", "")])).unwrap();
    put(&dir.join("tests/mine.rs"), "not the generator's business");
    let expected = generated("client", &[("src/same.rs", "x"), ("src/stale.rs", "new"), ("src/missing.rs", "")]);
    let mut found = differences(&dir, &expected).unwrap();
    found.sort();
    let show = |kind: &str, file: &str| format!("{kind}: {}", dir.join(file).display());
    assert_eq!(
        found,
        [show("extra", "src/extra.rs"), show("missing", "src/missing.rs"), show("stale", RECORD), show("stale", "src/stale.rs")]
    );
    let same = generated("client", &[("src/same.rs", "x"), ("src/stale.rs", "old"), ("src/extra.rs", "")]);
    assert!(differences(&dir, &same).unwrap().is_empty());

    let foreign = root.join("generated/foreign");
    put(&foreign.join("Cargo.toml"), "[package]\n");
    assert_eq!(differences(&foreign, &same).unwrap().len(), 1);
}

/// The paths of the one slot an interrupted write leaves for `generated/<name>` (documented in
/// `codegen::write`): `.codegen/generated/<name>/{new,old,trash}` at the workspace root.
fn slot(root: &Path, name: &str) -> PathBuf {
    root.join(".codegen/generated").join(name)
}

/// A complete staged copy of `files`, as a write makes one, at `at`.
fn staged(root: &Path, files: &CrateFiles, at: &Path) {
    let scratch = root.join("scratch/crate");
    write(&scratch, files).unwrap();
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    fs::rename(&scratch, at).unwrap();
    fs::remove_dir(root.join("scratch")).unwrap();
}

/// Sets up v1 with the user's files and lets `interrupt` leave what a run killed at some instant
/// would. Checks the workspace still loads (where `loads`); that the next write, even of
/// another crate, recovers the slot (either crate whole, the user's files in it, nothing left);
/// and that writing v2 then works as ever.
fn after_interruption(test: &str, loads: bool, interrupt: impl Fn(&Path, &Path, &CrateFiles)) {
    let root = workspace(test);
    let target = root.join("generated/client");
    let (v1, v2) = (generated("client", &[("src/v1.rs", "1")]), generated("client", &[("src/v2.rs", "2")]));
    write(&target, &v1).unwrap();
    put(&target.join("tests/mine.rs"), "mine");
    put(&target.join("src/extra.rs"), "extra");
    interrupt(&root, &target, &v2);
    if loads {
        assert_workspace_loads(&root);
    }
    let user_files_are_there = || {
        assert_eq!(read(&target.join("tests/mine.rs")), "mine");
        assert_eq!(read(&target.join("src/extra.rs")), "extra");
    };
    write(&root.join("generated/other"), &generated("other", &[])).unwrap();
    let (as_v1, as_v2) = (differences(&target, &v1).unwrap(), differences(&target, &v2).unwrap());
    assert!(as_v1.is_empty() || as_v2.is_empty(), "neither crate whole:\n{as_v1:?}\n{as_v2:?}");
    user_files_are_there();
    assert_clean(&root);
    assert_workspace_loads(&root);

    write(&target, &v2).unwrap();
    assert!(differences(&target, &v2).unwrap().is_empty());
    user_files_are_there();
    assert_clean(&root);
}

#[test]
fn killed_while_staging() {
    after_interruption("killed-staging", true, |root, _, _| {
        put(&slot(root, "client").join("new/src/lib.rs"), &format!("// {}\n", codegen::marker::header("x", "y")));
    });
}

#[test]
fn killed_after_staging_before_the_swap() {
    after_interruption("killed-staged", true, |root, _, v2| staged(root, v2, &slot(root, "client").join("new")));
}

#[test]
fn killed_between_the_two_renames_of_the_fallback_swap() {
    // The crate is briefly missing here (where renameat2 cannot exchange), so the workspace
    // loads only once the next run has put it back.
    after_interruption("killed-between-renames", false, |root, target, v2| {
        staged(root, v2, &slot(root, "client").join("new"));
        fs::rename(target, slot(root, "client").join("old")).unwrap();
    });
}

#[test]
fn killed_after_the_swap_before_the_users_files_moved_over() {
    after_interruption("killed-after-swap", true, |root, target, v2| {
        let new = slot(root, "client").join("new");
        staged(root, v2, &new);
        // The exchange: the new crate in place, the old one (with the user's files) where the
        // new one was staged.
        let spare = slot(root, "client").join("spare");
        fs::rename(target, &spare).unwrap();
        fs::rename(&new, target).unwrap();
        fs::rename(&spare, &new).unwrap();
    });
}

#[test]
fn killed_while_deleting_the_old_crate() {
    after_interruption("killed-deleting", true, |root, _, files| {
        let trash = slot(root, "client").join("trash");
        staged(root, files, &trash);
        fs::remove_file(trash.join("Cargo.toml")).unwrap();
    });
}

#[test]
fn concurrent_writes_into_one_directory_leave_exactly_one_of_them() {
    let root = workspace("concurrent");
    let target = root.join("generated/client");
    let one = generated("one", &[("src/one.rs", "1"), ("src/shared.rs", "one")]);
    let two = generated("two", &[("src/two.rs", "2"), ("src/shared.rs", "two"), ("src/more.rs", "")]);
    std::thread::scope(|scope| {
        for i in 0..16 {
            let (target, files) = (&target, if i % 2 == 0 { &one } else { &two });
            scope.spawn(move || write(target, files).unwrap());
        }
    });
    let (a, b) = (differences(&target, &one).unwrap(), differences(&target, &two).unwrap());
    assert!(a.is_empty() || b.is_empty(), "a mix of both:\n{a:?}\n{b:?}");
    assert_clean(&root);
}
