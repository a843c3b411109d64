//! Stage 5: crates on disk, all or nothing, and the comparison behind `--check`.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::format::CrateFiles;

/// Replaces each target directory with exactly the given files, and removes `obsolete`
/// directories. Every crate is staged first; if anything fails, nothing is replaced.
pub fn replace_crates(targets: &[(PathBuf, &CrateFiles)], obsolete: &[PathBuf]) -> Result<()> {
    let mut staged = Vec::new();
    for (target, files) in targets {
        let stage = sibling(target, "codegen-new");
        let result = stage_files(&stage, files);
        staged.push(stage);
        if let Err(e) = result {
            staged.iter().for_each(|s| remove_dir(s));
            return Err(io_error(target, "cannot write the generated crate", e));
        }
    }
    swap_in(targets, &staged)?;
    for dir in obsolete {
        fs::remove_dir_all(dir).map_err(|e| io_error(dir, "cannot remove an obsolete generated crate", e))?;
    }
    Ok(())
}

fn stage_files(stage: &Path, files: &CrateFiles) -> io::Result<()> {
    remove_dir(stage);
    for (relative, text) in &files.files {
        let path = stage.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(())
}

/// Moves old directories aside, staged ones in, then drops the old ones; on failure the old
/// ones are put back.
fn swap_in(targets: &[(PathBuf, &CrateFiles)], staged: &[PathBuf]) -> Result<()> {
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for ((target, _), stage) in targets.iter().zip(staged) {
        let backup = sibling(target, "codegen-old");
        remove_dir(&backup);
        let moved_aside = target.exists();
        let result = (|| {
            if moved_aside {
                fs::rename(target, &backup)?;
            }
            fs::rename(stage, target)
        })();
        if let Err(e) = result {
            for (target, backup) in done.into_iter().rev() {
                remove_dir(&target);
                if let Some(backup) = backup {
                    let _ = fs::rename(backup, &target);
                }
            }
            staged.iter().for_each(|s| remove_dir(s));
            return Err(io_error(target, "cannot replace the generated crate", e));
        }
        done.push((target.clone(), moved_aside.then_some(backup)));
    }
    for (_, backup) in done {
        if let Some(backup) = backup {
            remove_dir(&backup);
        }
    }
    Ok(())
}

/// What differs between the files on disk under `dir` and `files`: one line per path.
pub fn differences(dir: &Path, files: &CrateFiles) -> Vec<String> {
    let mut problems = Vec::new();
    for (relative, expected) in &files.files {
        let path = dir.join(relative);
        match fs::read_to_string(&path) {
            Ok(actual) if actual == *expected => {}
            Ok(_) => problems.push(format!("stale: {}", path.display())),
            Err(_) => problems.push(format!("missing: {}", path.display())),
        }
    }
    let expected: BTreeSet<PathBuf> = files.files.keys().cloned().collect();
    for relative in files_under(dir) {
        if !expected.contains(&relative) {
            problems.push(format!("extra: {}", dir.join(relative).display()));
        }
    }
    problems
}

/// Every file below `dir`, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let Ok(entries) = fs::read_dir(dir.join(&relative)) else { continue };
        for entry in entries.flatten() {
            let child = relative.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(child);
            } else {
                found.push(child);
            }
        }
    }
    found.sort();
    found
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.{suffix}"))
}

fn remove_dir(dir: &Path) {
    if dir.exists() {
        let _ = fs::remove_dir_all(dir);
    }
}

fn io_error(path: &Path, what: &str, e: io::Error) -> Error {
    Error::at("", format!("{what} at {}: {e}", path.display()))
}

/// Writes crates as members of a throwaway workspace at `dir` (for compiling generated code
/// in tests and corpus runs), replacing whatever was there.
pub fn scratch_workspace(dir: &Path, crates: &[(String, CrateFiles)]) -> Result<()> {
    let members: Vec<String> = crates.iter().map(|(name, _)| format!("    \"{name}\",")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n", members.join("\n"));
    let result = (|| {
        fs::create_dir_all(dir)?;
        for entry in fs::read_dir(dir)?.flatten() {
            let keep = entry.file_name() == "target" || entry.file_name() == "Cargo.lock";
            if !keep && entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())?;
            }
        }
        fs::write(dir.join("Cargo.toml"), manifest)?;
        for (name, files) in crates {
            stage_files(&dir.join(name), files)?;
        }
        Ok(())
    })();
    result.map_err(|e| io_error(dir, "cannot write the scratch workspace", e))
}
