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
    // nextest runs no doctests. The generator's library API has its examples there, and each
    // operation's docs in a generated crate show a call that must compile (`no_run`; spec
    // text becomes `text` blocks, so those are the generated crates' only doctests).
    let crates = generated_crates(root)?;
    let mut doc = vec!["test", "--doc", "-p", "codegen"];
    for name in &crates {
        doc.extend(["-p", name.as_str()]);
    }
    run(root, "cargo", &doc, &[])?;
    let mut command = if has_nextest() { vec!["nextest", "run"] } else { vec!["test"] };
    command.extend(["--workspace", "--no-fail-fast"]);
    command.extend(&extra);
    run(root, "cargo", &command, &[])
}

/// The package names of the crates in `generated/`.
fn generated_crates(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("generated");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("Cargo.toml")).ok())
        .filter_map(|manifest| {
            manifest.lines().find_map(|line| {
                let value = line.strip_prefix("name")?.trim_start().strip_prefix('=')?.trim();
                Some(value.trim_matches('"').to_owned())
            })
        })
        .collect();
    names.sort();
    Ok(names)
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
