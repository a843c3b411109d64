//! `test`: every check the project makes, in the order that fails fastest.

use std::path::Path;
use std::process::Command;

/// Lints (warnings are errors), generated-client docs, then the whole test suite.
pub fn test(root: &Path, args: &[String]) -> Result<(), String> {
    run(root, "cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    run(
        root,
        "cargo",
        // streaming-tests' library is OpenAI's generated client, 121 000 lines that the
        // generated crates' docs already cover in kind.
        &["doc", "--no-deps", "--workspace", "--exclude", "xtask", "--exclude", "client-tests", "--exclude", "streaming-tests"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    let extra: Vec<&str> = args.iter().map(String::as_str).collect();
    // nextest runs no doctests: the generator's library API has its examples there. Generated
    // docs hold no Rust code blocks (spec text becomes `text` blocks).
    run(root, "cargo", &["test", "--doc", "-p", "codegen"], &[])?;
    let mut command = if has_nextest() { vec!["nextest", "run"] } else { vec!["test"] };
    command.extend(["--workspace", "--no-fail-fast"]);
    command.extend(&extra);
    run(root, "cargo", &command, &[])
}

fn has_nextest() -> bool {
    Command::new("cargo").args(["nextest", "--version"]).output().is_ok_and(|o| o.status.success())
}

fn run(root: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| format!("error: cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("error: `{program} {}` failed", args.join(" ")))
    }
}
