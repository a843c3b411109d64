//! `codegen` and `generate`: the options of `openapi-rust-client regenerate` and `generate`
//! (the `openapi-rust-client` crate parses them), run on this workspace.

use std::path::Path;

use clap::Parser;
use openapi_rust_client::{GenerateArgs, WorkspaceArgs};

/// The command that regenerates `generated/`, as headers name it.
pub const CODEGEN_COMMAND: &str = "cargo xtask codegen";

/// Regenerate generated/NAME/ for every spec in specs/ of this workspace, each as
/// specs/NAME.toml says.
#[derive(Parser)]
#[command(name = "cargo xtask codegen")]
struct Codegen {
    /// Write nothing; fail naming every stale, missing or extra generated file.
    #[arg(long)]
    check: bool,
    /// Any warning about a spec is an error.
    #[arg(long)]
    deny_warnings: bool,
    /// Raise each changed crate's version as semver says, and add the changes to its
    /// CHANGELOG.md (crate.bump).
    #[arg(long)]
    bump: bool,
}

/// Generate one client crate from any OpenAPI document (as `openapi-rust-client generate`).
#[derive(Parser)]
#[command(name = "cargo xtask generate")]
struct Generate {
    #[command(flatten)]
    args: GenerateArgs,
}

/// Regenerates (or, with `--check`, verifies) `generated/<name>/` for every spec in `specs/`
/// of the workspace at `root`, each as its settings (`specs/<name>.toml`) say.
pub fn codegen(root: &Path, args: &[String]) -> Result<(), String> {
    let Some(Codegen { check, deny_warnings, bump }) = parse(CODEGEN_COMMAND, args)? else { return Ok(()) };
    let args = WorkspaceArgs { check, deny_warnings, bump, root: root.to_path_buf() };
    openapi_rust_client::regenerate(&args, CODEGEN_COMMAND)
}

/// `generate --spec FILE --out DIR …`, run from the workspace at `root`, which it refuses to
/// write over.
pub fn generate(root: &Path, args: &[String]) -> Result<(), String> {
    let Some(Generate { args }) = parse("cargo xtask generate", args)? else { return Ok(()) };
    openapi_rust_client::generate(&args, "cargo xtask generate", Some(root.to_path_buf()))
}

/// The parsed arguments, or `None` when they asked for help (printed here).
fn parse<T: Parser>(command: &str, args: &[String]) -> Result<Option<T>, String> {
    match T::try_parse_from(std::iter::once(command).chain(args.iter().map(String::as_str))) {
        Ok(parsed) => Ok(Some(parsed)),
        Err(error) if !error.use_stderr() => {
            let _ = error.print();
            Ok(None)
        }
        Err(error) => Err(error.render().to_string().trim_end().to_owned()),
    }
}
