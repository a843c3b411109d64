//! `cargo xtask codegen [--check] [--deny-warnings]`: regenerates `generated/<name>/` from
//! every spec in `specs/` (with `specs/<name>.toml` as its settings), or with `--check`
//! writes nothing and fails naming every stale, missing or extra generated file.

use std::path::Path;
use std::process::ExitCode;

use codegen::crates::{WorkspaceOptions, regenerate};

const USAGE: &str = "usage: cargo xtask codegen [--check] [--deny-warnings]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [command, flags @ ..] = args.as_slice() else { return usage() };
    if command != "codegen" || flags.iter().any(|f| f != "--check" && f != "--deny-warnings") {
        return usage();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ is in the workspace");
    let mut options = WorkspaceOptions::new(root, "cargo xtask codegen");
    options.check = flags.iter().any(|f| f == "--check");
    options.deny_warnings = flags.iter().any(|f| f == "--deny-warnings");
    match regenerate(&options) {
        Ok(outcome) if outcome.is_stale() => {
            outcome.print();
            eprintln!("{}", outcome.summary);
            ExitCode::FAILURE
        }
        Ok(outcome) => {
            outcome.print();
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
