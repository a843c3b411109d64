//! Writing is all or nothing, and `differences` names stale, missing and extra files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::CrateFiles;
use codegen::write::{differences, replace_crates};

fn files(entries: &[(&str, &str)]) -> CrateFiles {
    CrateFiles { files: entries.iter().map(|(p, t)| (PathBuf::from(p), (*t).to_owned())).collect::<BTreeMap<_, _>>() }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn replacing_a_crate_removes_files_that_are_no_longer_generated() {
    let root = scratch("replace");
    let target = root.join("client");
    replace_crates(&[(target.clone(), &files(&[("a.rs", "1"), ("src/b.rs", "2")]))], &[]).unwrap();
    replace_crates(&[(target.clone(), &files(&[("a.rs", "3")]))], &[]).unwrap();
    assert_eq!(std::fs::read_to_string(target.join("a.rs")).unwrap(), "3");
    assert!(!target.join("src/b.rs").exists());
    let leftovers: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, ["client"], "no staging or backup directories are left behind");
}

#[test]
fn a_failed_write_changes_nothing() {
    let root = scratch("all-or-nothing");
    let good = root.join("good");
    replace_crates(&[(good.clone(), &files(&[("a.rs", "old")]))], &[]).unwrap();
    // A file path that cannot be created (its parent is a file) makes the second crate fail.
    std::fs::write(root.join("blocker"), "").unwrap();
    let bad = root.join("blocker").join("crate");
    let result = replace_crates(&[(good.clone(), &files(&[("a.rs", "new")])), (bad, &files(&[("x.rs", "")]))], &[]);
    assert!(result.is_err());
    assert_eq!(std::fs::read_to_string(good.join("a.rs")).unwrap(), "old");
}

#[test]
fn differences_name_stale_missing_and_extra_files() {
    let root = scratch("check");
    let dir = root.join("client");
    replace_crates(&[(dir.clone(), &files(&[("same.rs", "x"), ("stale.rs", "old"), ("extra.rs", "")]))], &[]).unwrap();
    let expected = files(&[("same.rs", "x"), ("stale.rs", "new"), ("missing.rs", "")]);
    let mut found = differences(&dir, &expected);
    found.sort();
    let show = |kind: &str, file: &str| format!("{kind}: {}", dir.join(file).display());
    assert_eq!(found, [show("extra", "extra.rs"), show("missing", "missing.rs"), show("stale", "stale.rs")]);
    assert!(differences(&dir, &files(&[("same.rs", "x"), ("stale.rs", "old"), ("extra.rs", "")])).is_empty());
}
