//! A workspace's `generated/`, regenerated from its `specs/`: what `cargo xtask codegen` does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::paths::{files_with, relative, spec_files, stem, tidy};
use super::{Outcome, check_package_name, crate_version, derived_crate_name};
use crate::error::{Error, Result};
use crate::format::CrateFiles;
use crate::settings::Settings;
use crate::write::{self, Existing, Foreign};
use crate::{CrateOptions, generate_over};

/// What [`regenerate`] is asked to do; the fields are what `cargo xtask codegen` takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceOptions {
    /// The workspace: specs in `<root>/specs`, one crate each in `<root>/generated/<name>`.
    pub root: PathBuf,
    /// The command that regenerates it, as the generated files' headers name it (`cargo xtask
    /// codegen`). A crate under `generated/` whose header names another command is left alone.
    pub command: String,
    /// Write nothing; report every stale, missing or extra generated file in
    /// [`Outcome::stale`].
    pub check: bool,
    /// Any warning about a spec is an error (`--deny-warnings`), whatever its settings say.
    pub deny_warnings: bool,
    /// Raise each crate's version as its API changes say (`--bump`), whatever its settings
    /// (`crate.bump`) say.
    pub bump: bool,
}

impl WorkspaceOptions {
    /// Regenerates the workspace at `root`, its headers naming `command`.
    pub fn new(root: impl Into<PathBuf>, command: impl Into<String>) -> Self {
        WorkspaceOptions { root: root.into(), command: command.into(), check: false, deny_warnings: false, bump: false }
    }
}

/// Regenerates (or, with [`WorkspaceOptions::check`], verifies) `generated/<name>/` for
/// every spec in `specs/` of the workspace, each as its settings (`specs/<name>.toml`) say.
///
/// The generator owns only what it wrote: files added to a generated crate are kept, a
/// directory in `generated/` it did not write is left alone (with a note), a crate it wrote
/// whose spec is gone is removed unless it holds the user's files. All crates are written or
/// none. Errors and warnings name files relative to the workspace.
///
/// ```no_run
/// use codegen::crates::{WorkspaceOptions, regenerate};
///
/// let mut options = WorkspaceOptions::new(".", "cargo xtask codegen");
/// options.check = true;
/// let outcome = regenerate(&options)?;
/// outcome.print();
/// assert!(!outcome.is_stale(), "generated/ is stale");
/// # Ok::<(), codegen::Error>(())
/// ```
pub fn regenerate(options: &WorkspaceOptions) -> Result<Outcome> {
    let root = options.root.as_path();
    let generated = root.join("generated");
    let mut outcome = Outcome::default();
    let mut crates = Vec::new();
    for mut job in jobs(root)? {
        job.settings.warnings.deny |= options.deny_warnings;
        job.settings.crate_bump |= options.bump;
        let shown = |e: Error| shown_in(root, e);
        let crate_name = match &job.settings.crate_name {
            Some(name) => check_package_name(&name.value).map(|()| name.value.clone()).map_err(|why| shown(name.place.error(why)))?,
            None => derived_crate_name(&job.name).map_err(|why| Error::at("", why).in_file(relative(root, &job.entry)))?,
        };
        let crate_options = CrateOptions {
            crate_name: crate_name.clone(),
            crate_version: crate_version(&job.settings),
            source: relative(root, &job.spec).display().to_string(),
            command: options.command.clone(),
        };
        let dir = generated.join(&job.name);
        let files = generate_over(&job.spec, &job.settings, &crate_options, Some(&dir)).map_err(shown)?;
        outcome.warnings.extend(files.warnings.iter().map(|w| w.clone().shown_from(root)));
        outcome.crates.push((generated.join(&job.name), crate_name));
        crates.push((generated.join(&job.name), files));
    }
    let obsolete = survey(&generated, &crates, &options.command, &mut outcome.notes)?;
    if options.check {
        return check_fresh(root, &crates, &obsolete, &options.command, outcome);
    }
    let targets: Vec<(PathBuf, &CrateFiles)> = crates.iter().map(|(dir, files)| (dir.clone(), files)).collect();
    let refuse = Foreign::Refuse { advice: "move it out of generated/, or rename its spec in specs/" };
    outcome.report = write::replace_crates(&targets, &obsolete, refuse)?;
    outcome.report.shown_from(root);
    outcome.summary = format!("generated {} crate(s) under generated/", crates.len());
    outcome.changes.extend(crates.into_iter().filter_map(|(_, files)| files.changes));
    Ok(outcome)
}

/// One crate `regenerate` makes: `generated/<name>/` from `spec`, as `settings` say.
struct Job {
    name: String,
    /// The file in `specs/` it comes from: the spec, or the settings file that names one.
    entry: PathBuf,
    spec: PathBuf,
    settings: Settings,
}

/// A crate per spec in `specs/`, and per settings file there that names a spec elsewhere
/// (`spec = "…"`); the overlays the settings name are not specs.
fn jobs(root: &Path) -> Result<Vec<Job>> {
    let specs_dir = root.join("specs");
    let shown = |e: Error| shown_in(root, e);
    let mut settings = BTreeMap::new();
    for file in files_with(&specs_dir, &["toml"])? {
        settings.insert(stem(&file), (Settings::read(&file).map_err(shown)?, file));
    }
    let overlays: Vec<PathBuf> = settings.values().flat_map(|(s, _)| s.overlays.iter().map(|o| tidy(&o.value))).collect();
    let mut jobs = Vec::new();
    for spec in spec_files(&specs_dir)?.into_iter().filter(|spec| !overlays.contains(&tidy(spec))) {
        let name = stem(&spec);
        let settings = settings.remove(&name).map(|(settings, _)| settings).unwrap_or_default();
        if let Some(named) = &settings.spec {
            return Err(shown(named.place.error(format!(
                "`spec` names another spec, but {} is beside this file; remove one of them",
                relative(root, &spec).display()
            ))));
        }
        jobs.push(Job { name, entry: spec.clone(), spec, settings });
    }
    for (name, (settings, file)) in settings {
        let Some(spec) = settings.spec.as_ref().map(|s| s.value.clone()) else {
            return Err(Error::at(
                "",
                format!(
                    "there is no spec {name}.yaml, {name}.yml or {name}.json beside it, and it names none; add `spec = \"path/to/spec.yaml\"`"
                ),
            )
            .in_file(relative(root, &file)));
        };
        jobs.push(Job { name, entry: file, spec, settings });
    }
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(jobs)
}

/// An error with its file named relative to the workspace, as the user knows it.
fn shown_in(root: &Path, mut error: Error) -> Error {
    if !error.file.as_os_str().is_empty() {
        error.file = relative(root, &error.file);
    }
    error
}

impl crate::error::Warning {
    /// The warning with its file named relative to `root`, as the user knows it.
    fn shown_from(mut self, root: &Path) -> Self {
        if !self.file.as_os_str().is_empty() {
            self.file = relative(root, &self.file);
        }
        self
    }
}

impl write::Report {
    /// The paths relative to `root`.
    fn shown_from(&mut self, root: &Path) {
        for path in self.kept.iter_mut().chain(&mut self.replaced) {
            *path = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.clone());
        }
    }
}

/// Sorts what is in `generated/` besides the targets: the crates `command` itself wrote are
/// returned, to be removed; anything else is the user's (a hand-written crate, one `generate`
/// wrote there) and gets a note: not an error, because it is not the generator's to judge,
/// and the only way to "fix" it would be to delete someone's work.
fn survey(generated: &Path, crates: &[(PathBuf, CrateFiles)], command: &str, notes: &mut Vec<String>) -> Result<Vec<PathBuf>> {
    let mut obsolete = Vec::new();
    let Ok(entries) = std::fs::read_dir(generated) else { return Ok(obsolete) };
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        if crates.iter().any(|(target, _)| *target == dir) || dir.file_name().is_some_and(|n| n == ".codegen") {
            continue;
        }
        let shown = dir.strip_prefix(generated.parent().unwrap_or(generated)).unwrap_or(&dir).display().to_string();
        match write::inspect(&dir)? {
            Existing::Generated(found) if found.marker.command == command => obsolete.push(dir),
            Existing::Generated(found) => {
                notes.push(format!("{shown} was generated by `{}`, not from specs/; left alone", found.marker.command));
            }
            _ => notes.push(format!(
                "{shown} is not a generated crate (its Cargo.toml does not start with the generator's header line); left alone"
            )),
        }
    }
    Ok(obsolete)
}

fn check_fresh(
    root: &Path,
    crates: &[(PathBuf, CrateFiles)],
    obsolete: &[PathBuf],
    command: &str,
    mut outcome: Outcome,
) -> Result<Outcome> {
    for (dir, files) in crates {
        let stale = write::differences(dir, files)?;
        if !stale.is_empty() {
            outcome.changes.extend(files.changes.clone());
        }
        outcome.stale.extend(stale);
    }
    outcome.stale.extend(obsolete.iter().map(|dir| format!("extra: {} (no spec in specs/ generates it)", dir.display())));
    for leftover in write::interrupted_leftovers(&root.join("generated")) {
        outcome.notes.push(format!("an interrupted run left {}; the next `{command}` finishes or undoes it", leftover.display()));
    }
    outcome.summary = if outcome.stale.is_empty() {
        format!("generated/ is up to date ({} crate(s))", crates.len())
    } else {
        format!("generated/ is stale; run `{command}`:\n  {}", outcome.stale.join("\n  "))
    };
    Ok(outcome)
}
