//! Replacing a crate directory whole, in a way an interruption at any instant can be undone
//! or finished by the next run.
//!
//! Each crate `P/name` has a *slot*: a staging directory outside `P`, by preference
//! `../.codegen/<P's name>/name` (so for `generated/arize`, `.codegen/generated/arize` at the
//! workspace root). It must not be inside `P`: cargo workspace globs such as `generated/*` match
//! every directory in `P`, hidden ones too, and fail on any without a `Cargo.toml`. Only when
//! the directory above `P` cannot hold it (none, read-only, another filesystem) is the slot
//! `P/.codegen/name`. A slot holds:
//!
//! - `new`: the crate being staged, its record written last (a staged crate with a record is
//!   complete); after the swap, the crate it replaced.
//! - `old`: where the two-rename fallback moves the current crate aside (see [`exchange`]).
//! - `trash`: whatever is being deleted; it is renamed there first, so a half-deleted tree is
//!   never mistaken for a crate.
//!
//! The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, so the crate directory is never
//! missing (a workspace whose members depend on it by path keeps loading, and with it
//! `cargo xtask`). Then [`recover`] finishes the job, as it finishes or undoes whatever an
//! interrupted run left: it puts the crate back if it is missing, moves every file the generator
//! does not own from the slot into the crate (the user's `tests/`, `target/`, `src/extra.rs`
//! travel from the replaced crate to the new one, one rename each, nothing copied), and deletes
//! the rest of the slot. Whichever crate is in place when it runs, old or new, stays.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::ownership::{io_error, owned_files};
use crate::error::Result;

/// The name of staging directories, one level above the directory holding the crates.
pub const STAGING: &str = ".codegen";

/// Where the crate at `target` is staged.
#[derive(Debug, Clone)]
pub struct Slot {
    /// The crate directory.
    pub target: PathBuf,
    /// Its staging directory.
    pub dir: PathBuf,
}

impl Slot {
    /// The slot in staging root `root` for the crate at `target`.
    pub fn new(root: &Path, target: &Path) -> Self {
        Slot { target: target.to_path_buf(), dir: root.join(target.file_name().unwrap_or_default()) }
    }

    /// Where the crate is staged.
    pub fn new_crate(&self) -> PathBuf {
        self.dir.join("new")
    }
    /// Where the fallback swap parks the crate it replaces.
    pub fn old_crate(&self) -> PathBuf {
        self.dir.join("old")
    }
    fn trash(&self) -> PathBuf {
        self.dir.join("trash")
    }
}

/// The staging roots for crates in `parent`, preferred first.
fn staging_roots(parent: &Path) -> Vec<PathBuf> {
    let above = parent.parent().zip(parent.file_name()).map(|(up, name)| up.join(STAGING).join(name));
    above.into_iter().chain([parent.join(STAGING)]).collect()
}

/// Chooses where crates in `parent` are staged, creating the directory.
pub fn staging_root(parent: &Path) -> Result<PathBuf> {
    let roots = staging_roots(parent);
    for root in &roots[..roots.len() - 1] {
        if same_filesystem(root.parent().and_then(Path::parent).unwrap_or(root), parent) && create_dirs(root).is_ok() {
            return Ok(root.clone());
        }
    }
    let fallback = &roots[roots.len() - 1];
    create_dirs(fallback).map_err(|e| io_error(fallback, "cannot create the staging directory", &e))?;
    Ok(fallback.clone())
}

/// `create_dir_all`, retried when a writer in another directory removes a shared, empty
/// `.codegen` between its steps.
pub fn create_dirs(path: &Path) -> io::Result<()> {
    let mut attempts = 0;
    loop {
        match fs::create_dir_all(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound && attempts < 10 => attempts += 1,
            result => return result,
        }
    }
}

#[cfg(unix)]
fn same_filesystem(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    matches!((fs::metadata(a), fs::metadata(b)), (Ok(a), Ok(b)) if a.dev() == b.dev())
}

#[cfg(not(unix))]
fn same_filesystem(_: &Path, _: &Path) -> bool {
    true
}

/// Holds an exclusive advisory lock on `parent` (the directory itself, so no lock file is left
/// behind) until dropped: writers of crates in the same directory take turns.
pub fn lock(parent: &Path) -> Result<File> {
    let dir = File::open(parent).map_err(|e| io_error(parent, "cannot open", &e))?;
    dir.lock().map_err(|e| io_error(parent, "cannot lock", &e))?;
    Ok(dir)
}

/// Recovers every slot an interrupted run left for crates in `parent` (whose lock the caller
/// holds), and removes staging directories left empty.
pub fn recover_all(parent: &Path) -> Result<()> {
    for root in staging_roots(parent) {
        let Ok(entries) = fs::read_dir(&root) else { continue };
        for entry in entries.flatten() {
            recover(&Slot { target: parent.join(entry.file_name()), dir: entry.path() })?;
        }
        remove_empty(&root);
    }
    Ok(())
}

/// The slots an interrupted write left for crates in `parent`.
pub fn leftovers(parent: &Path) -> Vec<PathBuf> {
    let roots = staging_roots(parent);
    let mut found: Vec<PathBuf> = roots.iter().filter_map(|root| fs::read_dir(root).ok()).flatten().flatten().map(|e| e.path()).collect();
    found.sort();
    found
}

/// Removes `root` and then its parent if they are empty (a staging root and `.codegen`).
pub fn remove_empty(root: &Path) {
    if fs::remove_dir(root).is_ok()
        && let Some(up) = root.parent().filter(|up| up.file_name().is_some_and(|n| n == STAGING))
    {
        let _ = fs::remove_dir(up);
    }
}

/// Brings `slot` back to a clean state: the crate in place, the user's files in it, the slot
/// gone. Whichever crate (old or new) is in place when this runs stays there.
pub fn recover(slot: &Slot) -> Result<()> {
    discard(&slot.trash(), slot)?;
    if !exists(&slot.target) && exists(&slot.old_crate()) {
        // Stopped between the two renames of the fallback swap: put the old crate back.
        rename(&slot.old_crate(), &slot.target)?;
    }
    for leftover in [slot.old_crate(), slot.new_crate()] {
        if exists(&leftover) {
            if is_dir(&leftover) && is_dir(&slot.target) {
                carry_back(&leftover, &slot.target)?;
            }
            rename(&leftover, &slot.trash())?;
            discard(&slot.trash(), slot)?;
        }
    }
    fs::remove_dir(&slot.dir).or_else(ignore_missing).map_err(|e| io_error(&slot.dir, "cannot remove", &e))
}

/// Moves every file of `from` the generator does not own into `to`, merging directories;
/// what is not moved (the generator's files, or one `to` already has) is left in `from`.
fn carry_back(from: &Path, to: &Path) -> Result<()> {
    let owned = owned_files(from)?;
    for unit in user_units(from, &owned, &BTreeSet::new()) {
        merge(from, to, &unit)?;
    }
    Ok(())
}

fn merge(from: &Path, to: &Path, relative: &Path) -> Result<()> {
    let on_the_way = relative.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty());
    if on_the_way.into_iter().any(|a| exists(&to.join(a)) && !is_dir(&to.join(a))) {
        return Ok(());
    }
    let destination = to.join(relative);
    if !exists(&destination) {
        return move_into(from, to, relative);
    }
    if is_dir(&destination) && is_dir(&from.join(relative)) {
        let entries = fs::read_dir(from.join(relative)).map_err(|e| io_error(&from.join(relative), "cannot read", &e))?;
        for entry in entries.flatten() {
            merge(from, to, &relative.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// The smallest set of paths under `dir` that covers every file not in `owned`: a directory
/// with nothing owned or `incoming` beneath it is one unit (a `target/` moves in one rename).
pub fn user_units(dir: &Path, owned: &BTreeSet<PathBuf>, incoming: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let claimed_below = |relative: &Path| owned.iter().chain(incoming).any(|p| p.starts_with(relative) && p != relative);
    let mut units = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let Ok(entries) = fs::read_dir(dir.join(&relative)) else { continue };
        for entry in entries.flatten() {
            let child = relative.join(entry.file_name());
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && claimed_below(&child) {
                pending.push(child);
            } else if is_dir || !owned.contains(&child) {
                units.push(child);
            }
        }
    }
    units.sort();
    units
}

/// Renames `from/unit` to `to/unit`, creating the directories on the way.
fn move_into(from: &Path, to: &Path, unit: &Path) -> Result<()> {
    let destination = to.join(unit);
    if let Some(parent) = destination.parent() {
        create_dirs(parent).map_err(|e| io_error(parent, "cannot create", &e))?;
    }
    rename(&from.join(unit), &destination)
}

/// Swaps the directory entries `a` and `b` (either may be a file). On Linux one atomic
/// `renameat2(RENAME_EXCHANGE)`; where that is unavailable, three renames through `spare`,
/// between which `b` is briefly missing ([`recover`] puts it back if the run stops there).
pub fn exchange(a: &Path, b: &Path, spare: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {}
            Err(e) => return Err(io_error(b, "cannot swap in", &e.into())),
        }
    }
    rename(b, spare)?;
    if let Err(e) = rename(a, b) {
        let _ = fs::rename(spare, b);
        return Err(e);
    }
    rename(spare, a)
}

/// Deletes `trash` (a directory or a file) if it exists.
pub fn discard(trash: &Path, slot: &Slot) -> Result<()> {
    let result = match fs::symlink_metadata(trash) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(trash),
        Ok(_) => fs::remove_file(trash),
        Err(_) => Ok(()),
    };
    result.map_err(|e| io_error(trash, &format!("cannot delete the leftovers of {} at", slot.target.display()), &e))
}

/// Moves the crate at `slot.target` to the slot's trash and deletes it.
pub fn remove_crate(slot: &Slot) -> Result<()> {
    create_dirs(&slot.dir).map_err(|e| io_error(&slot.dir, "cannot create", &e))?;
    rename(&slot.target, &slot.trash())?;
    discard(&slot.trash(), slot)?;
    fs::remove_dir(&slot.dir).or_else(ignore_missing).map_err(|e| io_error(&slot.dir, "cannot remove", &e))
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| io_error(from, &format!("cannot move to {} the entry", to.display()), &e))
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn is_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

fn ignore_missing(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::NotFound { Ok(()) } else { Err(e) }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn linux_swaps_in_one_step_without_the_spare() {
        let dir = std::env::temp_dir().join(format!("codegen-exchange-{}", std::process::id()));
        let (a, b) = (dir.join("a"), dir.join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::write(&b, "b").unwrap();
        fs::write(a.join("inside"), "a").unwrap();
        // The fallback would have to rename through `spare`, whose directory does not exist.
        exchange(&a, &b, &dir.join("missing/spare")).unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "b");
        assert_eq!(fs::read_to_string(b.join("inside")).unwrap(), "a");
        fs::remove_dir_all(&dir).unwrap();
    }
}
