//! Stage 5: crates on disk, and the comparison behind `--check`.
//!
//! The generator owns only the files it wrote (listed in each crate's [`RECORD`]): writing a
//! crate replaces or removes exactly those and keeps every other file in the directory. A
//! target that is not a crate the generator wrote is refused unless the caller says otherwise.
//! Crates are staged outside the directory that holds them and swapped in whole (see
//! `write/transaction.rs`), all or nothing; writers of crates in one directory take turns
//! under a lock, and each write first finishes or undoes whatever an interrupted one left.

mod ownership;
mod transaction;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

pub use ownership::{Existing, GeneratedCrate, RECORD, inspect};
use ownership::{io_error, record_text};
use transaction::Slot;

use crate::error::{Error, Result};
use crate::format::CrateFiles;
use crate::marker;

/// What to do with a target the generator did not write, or with a file of the user's that is
/// where the generator now writes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign<'a> {
    /// Change nothing and fail; `advice` tells the user what to do instead.
    Refuse {
        /// Appended to the error, e.g. "pass --force to write into it".
        advice: &'a str,
    },
    /// Write into it: files in the way are replaced, every other file is kept.
    TakeOver,
}

/// What a write did besides writing the generated files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// What the crates held that the generator did not write, kept in place (a directory
    /// stands for everything in it).
    pub kept: Vec<PathBuf>,
    /// The user's files that were in the way of generated ones, replaced ([`Foreign::TakeOver`]).
    pub replaced: Vec<PathBuf>,
}

/// What happens to one target: its files, and whether something is there to swap with.
struct Decision {
    files: BTreeMap<PathBuf, String>,
    existed: bool,
}

/// A decision and where the crate is staged.
struct Plan {
    slot: Slot,
    decision: Decision,
}

/// Writes each target crate and removes each crate in `removals` (crates the generator wrote
/// that nothing produces any more), all or nothing.
pub fn replace_crates(targets: &[(PathBuf, &CrateFiles)], removals: &[PathBuf], foreign: Foreign) -> Result<Report> {
    let parents: BTreeSet<PathBuf> = targets.iter().map(|(t, _)| t).chain(removals).map(|t| parent_of(t)).collect::<Result<_>>()?;
    let mut locks = Vec::new();
    for parent in &parents {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create", &e))?;
        locks.push(transaction::lock(parent)?);
        transaction::recover_all(parent)?;
    }
    let mut report = Report::default();
    let mut decisions = Vec::new();
    for (target, files) in targets {
        decisions.push(decide(target, files, foreign, &mut report)?);
    }
    removals.iter().try_for_each(|dir| check_removable(dir))?;
    let mut roots = BTreeMap::new();
    for parent in &parents {
        roots.insert(parent.as_path(), transaction::staging_root(parent)?);
    }
    let slot = |target: &Path| Slot::new(&roots[target.parent().unwrap_or(Path::new("."))], target);
    let plans: Vec<Plan> = targets.iter().zip(decisions).map(|((target, _), decision)| Plan { slot: slot(target), decision }).collect();
    let removals: Vec<Slot> = removals.iter().filter(|dir| dir.exists()).map(|dir| slot(dir)).collect();
    let result = apply(&plans, &removals);
    roots.values().for_each(|root| transaction::remove_empty(root));
    drop(locks);
    result.map(|()| report)
}

/// Decides what happens to `target`, refusing before anything is written.
fn decide(target: &Path, files: &CrateFiles, foreign: Foreign, report: &mut Report) -> Result<Decision> {
    let files = with_record(files)?;
    let incoming: BTreeSet<PathBuf> = files.keys().cloned().collect();
    let existing = inspect(target)?;
    let existed = existing != Existing::Absent;
    let owned = match (existing, foreign) {
        (Existing::Absent | Existing::Empty, _) => return Ok(Decision { files, existed }),
        (Existing::Generated(generated), _) => generated.owned,
        (Existing::Foreign, Foreign::Refuse { advice }) => {
            let what = if is_dir(target) {
                "is not empty and is not a crate the generator wrote (its Cargo.toml does not start with the generator's header line)"
            } else {
                "is a file, not a directory"
            };
            return Err(Error::at("", format!("{} {what}; refusing to replace it: {advice}", target.display())));
        }
        (Existing::Foreign, Foreign::TakeOver) if !is_dir(target) => {
            report.replaced.push(target.to_path_buf());
            return Ok(Decision { files, existed });
        }
        (Existing::Foreign, Foreign::TakeOver) => BTreeSet::new(),
    };
    let (in_the_way, kept): (Vec<PathBuf>, Vec<PathBuf>) = transaction::user_units(target, &owned, &incoming)
        .into_iter()
        .partition(|unit| incoming.iter().any(|path| path.starts_with(unit)));
    if let (false, Foreign::Refuse { advice }) = (in_the_way.is_empty(), foreign) {
        let names: Vec<String> = in_the_way.iter().map(|p| target.join(p).display().to_string()).collect();
        return Err(Error::at(
            "",
            format!(
                "{} holds files the generator did not write where it now writes its own: {}; refusing to replace them: {advice}",
                target.display(),
                names.join(", ")
            ),
        ));
    }
    report.replaced.extend(in_the_way.iter().map(|p| target.join(p)));
    report.kept.extend(kept.iter().map(|p| target.join(p)));
    Ok(Decision { files, existed })
}

/// A crate may be removed only if it is the generator's and holds nothing else.
fn check_removable(dir: &Path) -> Result<()> {
    let owned = match inspect(dir)? {
        Existing::Absent => return Ok(()),
        Existing::Generated(generated) => generated.owned,
        _ => return Err(Error::at("", format!("{} is not a crate the generator wrote; refusing to remove it", dir.display()))),
    };
    let theirs = transaction::user_units(dir, &owned, &BTreeSet::new());
    if theirs.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = theirs.iter().map(|p| dir.join(p).display().to_string()).collect();
    Err(Error::at(
        "",
        format!(
            "{} is a generated crate that nothing generates any more, but it holds files the generator did not write: {}; \
             move them elsewhere (or delete them) and run again, and the generator removes the rest",
            dir.display(),
            names.join(", ")
        ),
    ))
}

/// Stages every crate, swaps them in and removes `removals`; then recovering each slot moves
/// the user's files from the replaced crate into the new one and deletes the rest. A failure
/// before the swaps finish puts back the crates already swapped, so nothing changes.
fn apply(plans: &[Plan], removals: &[Slot]) -> Result<()> {
    let undo = |e: Error, swapped: &[&Plan]| {
        for plan in swapped.iter().rev() {
            let _ = unswap(plan);
        }
        for plan in plans {
            let _ = transaction::recover(&plan.slot);
        }
        Err(e)
    };
    for plan in plans {
        if let Err(e) = stage(plan) {
            return undo(e, &[]);
        }
    }
    let mut swapped = Vec::new();
    for plan in plans {
        if let Err(e) = swap(plan) {
            return undo(e, &swapped);
        }
        swapped.push(plan);
    }
    for slot in removals {
        transaction::remove_crate(slot)?;
    }
    plans.iter().try_for_each(|plan| transaction::recover(&plan.slot))
}

/// Writes the crate's files into its slot, the record last: a staged crate with a record is
/// complete.
fn stage(plan: &Plan) -> Result<()> {
    let stage = plan.slot.new_crate();
    let record = Path::new(RECORD);
    let files = &plan.decision.files;
    let files = files.iter().filter(|(path, _)| path.as_path() != record).chain(files.get_key_value(record));
    for (relative, text) in files {
        let path = stage.join(relative);
        let result = path.parent().map_or(Ok(()), transaction::create_dirs).and_then(|()| fs::write(&path, text));
        result.map_err(|e| io_error(&path, "cannot write", &e))?;
    }
    Ok(())
}

fn swap(plan: &Plan) -> Result<()> {
    let slot = &plan.slot;
    if plan.decision.existed {
        transaction::exchange(&slot.new_crate(), &slot.target, &slot.old_crate())
    } else {
        fs::rename(slot.new_crate(), &slot.target).map_err(|e| io_error(&slot.target, "cannot create", &e))
    }
}

/// Puts the old crate back after a swap (the swap left it where the new one was staged).
fn unswap(plan: &Plan) -> Result<()> {
    let slot = &plan.slot;
    if plan.decision.existed {
        transaction::exchange(&slot.new_crate(), &slot.target, &slot.old_crate())
    } else {
        fs::rename(&slot.target, slot.new_crate()).map_err(|e| io_error(&slot.target, "cannot move back", &e))
    }
}

/// The crate's files with its record added. Every file must carry the generated-file header
/// (so a staged crate cut short is recognisably the generator's) and `Cargo.toml` the marker.
fn with_record(files: &CrateFiles) -> Result<BTreeMap<PathBuf, String>> {
    let internal = |what: String| Error::at("", format!("internal error: {what}; please report this"));
    let manifest = files.files.get(Path::new("Cargo.toml")).ok_or_else(|| internal("the crate has no Cargo.toml".into()))?;
    if marker::read_marker(manifest).is_none() {
        return Err(internal("the crate's Cargo.toml does not start with the generator's marker".into()));
    }
    for (path, text) in &files.files {
        if !path.components().all(|c| matches!(c, Component::Normal(_))) || !marker::has_header(text) {
            return Err(internal(format!("the generated file {} is outside the crate or has no header", path.display())));
        }
    }
    let mut with_record = files.files.clone();
    let mut paths: BTreeSet<&PathBuf> = files.files.keys().collect();
    let record = PathBuf::from(RECORD);
    paths.insert(&record);
    let header_line = manifest.lines().next().unwrap_or_default();
    with_record.insert(record.clone(), record_text(header_line, paths));
    Ok(with_record)
}

/// The directory holding `target`; callers pass absolute paths, as `..` or `/` hold no crate.
fn parent_of(target: &Path) -> Result<PathBuf> {
    match (target.parent(), target.file_name()) {
        (Some(_), Some(name)) if name == transaction::STAGING => {
            Err(Error::at("", format!("{} cannot be a crate directory: the generator stages crates under that name", target.display())))
        }
        (Some(parent), Some(_)) => Ok(parent.to_path_buf()),
        _ => Err(Error::at("", format!("{} cannot be a crate directory: it has no name or no parent", target.display()))),
    }
}

fn is_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// What differs between the crate on disk at `dir` and `files`, one line per path: generated
/// files that are stale or missing, and files the generator wrote earlier that it no longer
/// writes. Files the generator did not write are not its business and are not listed.
pub fn differences(dir: &Path, files: &CrateFiles) -> Result<Vec<String>> {
    let expected = with_record(files)?;
    let owned = match inspect(dir)? {
        Existing::Foreign => {
            return Ok(vec![format!("not a generated crate: {} (its Cargo.toml does not start with the generator's header line)", dir.display())]);
        }
        Existing::Generated(generated) => generated.owned,
        Existing::Absent | Existing::Empty => BTreeSet::new(),
    };
    let mut problems = Vec::new();
    for (relative, expected) in &expected {
        let path = dir.join(relative);
        match fs::read_to_string(&path) {
            Ok(actual) if actual == *expected => {}
            Ok(_) => problems.push(format!("stale: {}", path.display())),
            Err(_) => problems.push(format!("missing: {}", path.display())),
        }
    }
    for relative in owned {
        if !expected.contains_key(&relative) && fs::symlink_metadata(dir.join(&relative)).is_ok() {
            problems.push(format!("extra: {}", dir.join(relative).display()));
        }
    }
    Ok(problems)
}

/// Whether an interrupted write left staging directories for crates in `parent` (the next
/// write finishes or undoes it).
pub fn interrupted_leftovers(parent: &Path) -> Vec<PathBuf> {
    transaction::leftovers(parent)
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
    result.map_err(|e| io_error(dir, "cannot write the scratch workspace", &e))
}

fn stage_files(stage: &Path, files: &CrateFiles) -> io::Result<()> {
    if stage.exists() {
        fs::remove_dir_all(stage)?;
    }
    for (relative, text) in &files.files {
        let path = stage.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(())
}
