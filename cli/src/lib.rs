//! The command line of the generator, `openapi-rust-client`: its options as plain structs
//! parsed by clap, each turned into the options of a [`codegen::crates`] call. `cargo xtask
//! generate` and `cargo xtask codegen` parse the same structs, so the options and their
//! behaviour are one implementation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use codegen::crates::{self, GenerateOptions, Outcome, WorkspaceOptions};

/// Generates typed Rust HTTP clients from OpenAPI 3.0, 3.1 and 3.2 and Swagger 2.0 documents.
#[derive(Debug, Parser)]
#[command(name = "openapi-rust-client", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate one client crate from any OpenAPI document.
    ///
    /// DIR must be absent, empty or a crate generated earlier (files you added to it are
    /// kept); --force writes into any other directory. The current directory and those above
    /// it, your home directory and the spec's own directory are refused even so.
    Generate(GenerateArgs),
    /// Check that a crate `generate` wrote is what it would write now; writes nothing.
    ///
    /// Takes the options `generate` took. Exits 1, naming each stale, missing or extra
    /// generated file, when the crate is out of date with its spec or settings.
    Check(CrateArgs),
    /// Regenerate generated/NAME/ for every spec in specs/ of a workspace.
    ///
    /// Each spec's settings are specs/NAME.toml. Files you add to a generated crate are
    /// kept, and directories in generated/ the generator did not write are left alone.
    Regenerate(WorkspaceArgs),
}

/// The crate to generate or check: a spec, where, what to call it and its settings.
#[derive(Debug, Clone, Args)]
pub struct CrateArgs {
    /// The OpenAPI document (YAML or JSON); may be left out when the settings name one.
    #[arg(long, value_name = "FILE", allow_hyphen_values = true)]
    pub spec: Option<PathBuf>,
    /// The crate's directory.
    #[arg(long, value_name = "DIR", allow_hyphen_values = true)]
    pub out: PathBuf,
    /// The package name [default: the settings' crate.name, else SPEC-client (SPEC: the spec file name)].
    #[arg(long, value_name = "CRATE", allow_hyphen_values = true)]
    pub name: Option<String>,
    /// A settings file: crate name and version, overlays, selection, warnings.
    #[arg(long, value_name = "FILE.toml", allow_hyphen_values = true)]
    pub settings: Option<PathBuf>,
    /// Settings given one at a time; they add to the settings file's.
    #[command(flatten)]
    pub setting_options: SettingArgs,
}

/// `generate`: a crate, and whether to write into a directory the generator did not write.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// The crate.
    #[command(flatten)]
    pub krate: CrateArgs,
    /// Write into a directory the generator did not write: files where it writes its own
    /// are replaced, every other file is kept.
    #[arg(long)]
    pub force: bool,
}

/// The options that stand for settings (see the settings file's keys of the same names).
#[derive(Debug, Clone, Default, Args)]
pub struct SettingArgs {
    /// Any warning about the spec is an error (warnings.deny).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Raise the crate's version as semver says its API changed, and add the changes to its
    /// CHANGELOG.md (crate.bump).
    #[arg(long)]
    pub bump: bool,
    /// Do not report warnings of this kind, e.g. type-is-a-format (warnings.allow).
    #[arg(long, value_name = "KIND", allow_hyphen_values = true)]
    pub allow_warning: Vec<String>,
    /// The package version (crate.version) [default: 0.1.0].
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub crate_version: Option<String>,
    /// An Overlay 1.0 document applied to the spec, after the settings file's (overlays).
    #[arg(long, value_name = "FILE", allow_hyphen_values = true)]
    pub overlay: Vec<String>,
    /// Generate operations and webhooks with this tag (include.tags).
    #[arg(long, value_name = "TAG", allow_hyphen_values = true)]
    pub include_tag: Vec<String>,
    /// Generate the operation or webhook with this operationId (include.operations).
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub include_operation: Vec<String>,
    /// Generate operations whose path matches, e.g. 'GET /repos/**' (include.paths).
    #[arg(long, value_name = "[METHOD ]GLOB", allow_hyphen_values = true)]
    pub include_path: Vec<String>,
    /// Generate webhooks whose event name matches (include.webhooks).
    #[arg(long, value_name = "GLOB", allow_hyphen_values = true)]
    pub include_webhook: Vec<String>,
    /// Leave out operations and webhooks with this tag (exclude.tags).
    #[arg(long, value_name = "TAG", allow_hyphen_values = true)]
    pub exclude_tag: Vec<String>,
    /// Leave out the operation or webhook with this operationId (exclude.operations).
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub exclude_operation: Vec<String>,
    /// Leave out operations whose path matches (exclude.paths).
    #[arg(long, value_name = "[METHOD ]GLOB", allow_hyphen_values = true)]
    pub exclude_path: Vec<String>,
    /// Leave out webhooks whose event name matches (exclude.webhooks).
    #[arg(long, value_name = "GLOB", allow_hyphen_values = true)]
    pub exclude_webhook: Vec<String>,
}

impl SettingArgs {
    /// Each option given, as `(flag, value)`, for [`codegen::crates::settings_from`].
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let lists: [(&'static str, &[String]); 11] = [
            ("--allow-warning", &self.allow_warning),
            ("--crate-version", self.crate_version.as_slice()),
            ("--overlay", &self.overlay),
            ("--include-tag", &self.include_tag),
            ("--include-operation", &self.include_operation),
            ("--include-path", &self.include_path),
            ("--include-webhook", &self.include_webhook),
            ("--exclude-tag", &self.exclude_tag),
            ("--exclude-operation", &self.exclude_operation),
            ("--exclude-path", &self.exclude_path),
            ("--exclude-webhook", &self.exclude_webhook),
        ];
        lists.into_iter().flat_map(|(flag, values)| values.iter().map(move |v| (flag, v.as_str()))).collect()
    }
}

/// `regenerate`: which workspace, and whether to check instead of write.
#[derive(Debug, Clone, Args)]
pub struct WorkspaceArgs {
    /// Write nothing; fail naming every stale, missing or extra generated file.
    #[arg(long)]
    pub check: bool,
    /// Any warning about a spec is an error.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Raise each changed crate's version as semver says, and add the changes to its
    /// CHANGELOG.md (crate.bump).
    #[arg(long)]
    pub bump: bool,
    /// The workspace, holding specs/ and generated/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

impl Cli {
    /// Runs the command; the error is the message to print.
    pub fn run(self) -> Result<(), String> {
        match self.command {
            Command::Generate(args) => generate(&args, "openapi-rust-client generate", None),
            Command::Check(krate) => check(&krate, "openapi-rust-client generate", None),
            Command::Regenerate(args) => regenerate(&args, "openapi-rust-client regenerate"),
        }
    }
}

impl CrateArgs {
    /// The options of [`codegen::crates::generate`]: headers name `program`, and `protect`
    /// is a directory the crate must not take with it.
    pub fn options(&self, program: &str, protect: Option<PathBuf>) -> Result<GenerateOptions, String> {
        let options = &self.setting_options;
        let mut settings = crates::settings_from(self.settings.as_deref(), &options.pairs(), options.deny_warnings).map_err(shown)?;
        settings.crate_bump |= options.bump;
        Ok(GenerateOptions {
            spec: self.spec.clone(),
            out: self.out.clone(),
            name: self.name.clone(),
            force: false,
            settings,
            program: program.to_owned(),
            protect,
            check: false,
        })
    }
}

/// `generate`, its headers naming `program`.
pub fn generate(args: &GenerateArgs, program: &str, protect: Option<PathBuf>) -> Result<(), String> {
    let options = GenerateOptions { force: args.force, ..args.krate.options(program, protect)? };
    finish(crates::generate(&options))
}

/// `check`: what `generate` with the same options would change.
pub fn check(args: &CrateArgs, program: &str, protect: Option<PathBuf>) -> Result<(), String> {
    let options = GenerateOptions { check: true, ..args.options(program, protect)? };
    finish(crates::generate(&options))
}

/// `regenerate` (`cargo xtask codegen`), its headers naming `command`.
pub fn regenerate(args: &WorkspaceArgs, command: &str) -> Result<(), String> {
    let options = WorkspaceOptions {
        root: args.root.clone(),
        command: command.to_owned(),
        check: args.check,
        deny_warnings: args.deny_warnings,
        bump: args.bump,
    };
    finish(crates::regenerate(&options))
}

/// Prints the outcome; a stale check or an error is a failure.
fn finish(outcome: Result<Outcome, codegen::Error>) -> Result<(), String> {
    let outcome = outcome.map_err(shown)?;
    outcome.print();
    if outcome.is_stale() { Err(outcome.summary) } else { Ok(()) }
}

fn shown(error: codegen::Error) -> String {
    format!("error: {error}")
}
