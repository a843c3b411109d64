//! Client crates on disk, with every safety rule of "What the generator owns": one crate
//! generated into a directory of your choice ([`generate`], what `openapi-rust-client
//! generate` and `cargo xtask generate` do), and a workspace's `generated/` regenerated from
//! its `specs/` ([`regenerate`], what `cargo xtask codegen` does). Both can check instead of
//! write: the directory is then compared with what they would write, and nothing changes.
//!
//! Each takes a plain options struct, the command line's flags one field each, and returns an
//! [`Outcome`] (or an [`Error`] naming the file and the JSON pointer or key at fault, with
//! nothing written). [`Outcome::print`] says what happened the way the command line does.
//!
//! ```no_run
//! use codegen::crates::{GenerateOptions, generate};
//!
//! let mut options = GenerateOptions::new("specs/petstore.yaml", "clients/petstore");
//! options.name = Some("petstore-client".to_owned());
//! options.settings.set_option("--include-tag", "pets")?;
//! let outcome = generate(&options)?;
//! outcome.print();
//! # Ok::<(), codegen::Error>(())
//! ```

mod names;
mod paths;
mod workspace;

use std::path::{Path, PathBuf};

pub use names::{check_package_name, derived_crate_name, package_name};
pub use paths::{spec_files, stem};
pub use workspace::{WorkspaceOptions, regenerate};

use crate::error::{Error, Result, Warning};
use crate::settings::Settings;
use crate::write::{self, Foreign, Report};
use crate::changes::Report as ChangeReport;
use crate::{CrateOptions, generate_over};

/// The crate version when the settings name none.
const DEFAULT_VERSION: &str = "0.1.0";

/// What [`generate`] is asked to do; the fields are what `openapi-rust-client generate` takes.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    /// The OpenAPI document; `None` takes the one the settings name (`spec = "…"`).
    pub spec: Option<PathBuf>,
    /// The crate's directory: absent, empty, or a crate generated earlier (else see `force`).
    pub out: PathBuf,
    /// The package name; by default the settings' `crate.name`, else `<spec stem>-client`.
    pub name: Option<String>,
    /// Write into a directory the generator did not write: files where it writes its own
    /// are replaced, every other file is kept. Some directories are refused even so: the
    /// current directory or one above it, the home directory, the spec's own directory, and
    /// `protect` or a directory above it.
    pub force: bool,
    /// The settings: a settings file's ([`Settings::read`]), with command-line options added
    /// ([`Settings::set_option`]); `Settings::default()` for none.
    pub settings: Settings,
    /// The command, as the generated files' headers name it with the spec and settings file
    /// after it: `openapi-rust-client generate` gives `openapi-rust-client generate --spec
    /// api.yaml`.
    pub program: String,
    /// A directory the crate must not take with it: the workspace running the command.
    pub protect: Option<PathBuf>,
    /// Write nothing; report every stale, missing or extra file of the crate at `out` in
    /// [`Outcome::stale`].
    pub check: bool,
}

impl GenerateOptions {
    /// Generates `spec` into `out` with default settings, as `openapi-rust-client generate`.
    pub fn new(spec: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        GenerateOptions {
            spec: Some(spec.into()),
            out: out.into(),
            name: None,
            force: false,
            settings: Settings::default(),
            program: "openapi-rust-client generate".to_owned(),
            protect: None,
            check: false,
        }
    }
}

/// What a run did, and what it has to say: warnings and notes (for standard error), what it
/// kept or replaced besides its own files, and a summary line; for a check, what is stale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Each crate generated or checked: its directory and package name.
    pub crates: Vec<(PathBuf, String)>,
    /// What the generator assumed about the specs, less the kinds the settings allow.
    pub warnings: Vec<Warning>,
    /// Directories left alone, and why; interrupted runs found.
    pub notes: Vec<String>,
    /// Files besides the generator's that were kept, or replaced under `force`.
    pub report: Report,
    /// A check's findings, one line each (`stale: …`, `missing: …`, `extra: …`); empty when
    /// everything is up to date, and for a run that wrote.
    pub stale: Vec<String>,
    /// What changed in the public API of each crate generated before: of every crate
    /// written, and of every stale crate a check found.
    pub changes: Vec<ChangeReport>,
    /// One line saying what happened (with the findings under it when stale).
    pub summary: String,
}

impl Outcome {
    /// Whether a check found anything to regenerate.
    pub fn is_stale(&self) -> bool {
        !self.stale.is_empty()
    }

    /// Prints the outcome as the command line does: warnings and notes on standard error,
    /// the rest on standard output; but not a stale check's summary, which is the caller's
    /// failure to report.
    pub fn print(&self) {
        for warning in &self.warnings {
            eprintln!("warning: {warning}");
        }
        for note in &self.notes {
            eprintln!("note: {note}");
        }
        let shown = |paths: &[PathBuf]| paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        if !self.report.kept.is_empty() {
            println!("kept what the generator did not write: {}", shown(&self.report.kept));
        }
        if !self.report.replaced.is_empty() {
            println!("replaced (--force): {}", shown(&self.report.replaced));
        }
        for report in &self.changes {
            println!("{report}");
        }
        if !self.is_stale() {
            println!("{}", self.summary);
        }
    }
}

/// Generates (or, with [`GenerateOptions::check`], verifies) one client crate in
/// `options.out`, refusing what "What the generator owns" refuses before anything is written.
pub fn generate(options: &GenerateOptions) -> Result<Outcome> {
    let settings = &options.settings;
    let spec = options.spec.clone().or_else(|| settings.spec.as_ref().map(|s| s.value.clone()));
    let Some(spec) = spec else {
        return Err(Error::at("", "no spec to generate from: pass --spec, or name one in the settings (`spec = \"…\"`)"));
    };
    let crate_name = crate_name(options.name.as_deref(), settings, &spec)?;
    let out = paths::resolve(&options.out)
        .map_err(|e| Error::at("", format!("cannot resolve the output directory {}: {e}", options.out.display())))?;
    check_out(&out, &spec, options.protect.as_deref())?;
    let command = match &settings.file {
        Some(file) => format!("{} --spec {} --settings {}", options.program, spec.display(), file.display()),
        None => format!("{} --spec {}", options.program, spec.display()),
    };
    let crate_options = CrateOptions {
        crate_name: crate_name.clone(),
        crate_version: crate_version(settings),
        source: spec.display().to_string(),
        command: command.clone(),
    };
    let files = generate_over(&spec, settings, &crate_options, Some(&out))?;
    let mut outcome = Outcome { crates: vec![(out.clone(), crate_name.clone())], warnings: files.warnings.clone(), ..Outcome::default() };
    if options.check {
        outcome.stale = write::differences(&out, &files)?;
        if !outcome.stale.is_empty() {
            outcome.changes.extend(files.changes.clone());
        }
        outcome.summary = if outcome.stale.is_empty() {
            format!("{} is up to date", out.display())
        } else {
            let stale = outcome.stale.join("\n  ");
            format!("{} is stale; run `{}` with the options given here:\n  {stale}", out.display(), options.program)
        };
        return Ok(outcome);
    }
    let foreign = if options.force {
        Foreign::TakeOver
    } else {
        Foreign::Refuse {
            advice: "choose another --out, or pass --force to write into it (files where the generator writes its own are \
                     replaced, every other file is kept)",
        }
    };
    outcome.report = write::replace_crates(&[(out.clone(), &files)], &[], foreign)?;
    outcome.changes.extend(files.changes);
    outcome.summary = format!("generated {crate_name} into {}", out.display());
    Ok(outcome)
}

/// The package name: `name` (from `--name`), else the settings', else derived from the spec.
fn crate_name(name: Option<&str>, settings: &Settings, spec: &Path) -> Result<String> {
    match (name, &settings.crate_name) {
        (Some(name), _) => check_package_name(name).map(|()| name.to_owned()).map_err(|why| Error::at("--name", why)),
        (None, Some(named)) => check_package_name(&named.value).map(|()| named.value.clone()).map_err(|why| named.place.error(why)),
        (None, None) => derived_crate_name(&stem(spec)).map_err(|why| Error::at("", format!("{why}; pass --name")).in_file(spec)),
    }
}

fn crate_version(settings: &Settings) -> String {
    settings.crate_version.as_ref().map_or(DEFAULT_VERSION, |v| v.value.as_str()).to_owned()
}

/// Refuses an output directory whose replacement would take more than a crate with it,
/// `force` or not.
fn check_out(out: &Path, spec: &Path, protect: Option<&Path>) -> Result<()> {
    let refuse = |why: &str| Err(Error::at("", format!("refusing to write a crate at {}: {why}", out.display())));
    let here = std::env::current_dir().and_then(|d| d.canonicalize());
    if here.as_deref().is_ok_and(|here| here.starts_with(out)) {
        return refuse("it is the current directory or one above it");
    }
    if protect.is_some_and(|root| root.canonicalize().unwrap_or_else(|_| root.to_path_buf()).starts_with(out)) {
        return refuse("it holds this workspace");
    }
    if std::env::home_dir().and_then(|h| h.canonicalize().ok()).is_some_and(|home| home == out) {
        return refuse("it is your home directory");
    }
    let spec_dir = spec.canonicalize().ok().and_then(|s| s.parent().map(Path::to_path_buf));
    if spec_dir.is_some_and(|dir| dir == out) {
        return refuse("it is the directory of the spec itself");
    }
    Ok(())
}

/// The settings a command line gives: the settings file's, if any, with each option of
/// [`OPTIONS`](crate::settings::OPTIONS) added in order (`("--include-tag", "pets")`), and every
/// warning an error when `deny_warnings` is set. Errors name the file and key, or the option.
pub fn settings_from(file: Option<&Path>, options: &[(&str, &str)], deny_warnings: bool) -> Result<Settings> {
    let mut settings = match file {
        Some(file) => Settings::read(file)?,
        None => Settings::default(),
    };
    for (option, value) in options {
        if !settings.set_option(option, value)? {
            return Err(Error::at(*option, "not an option that stands for a setting"));
        }
    }
    settings.warnings.deny |= deny_warnings;
    Ok(settings)
}
