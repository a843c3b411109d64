//! `corpus [DIR]...`: generate a client for every spec in the folders (by default
//! `../shared/corpus` and `../shared/corpus-guru`), `cargo check` them all in one scratch
//! workspace, so that their dependencies compile once, and report what generated, how many
//! warnings the generator gave, what compiled without a warning from rustc and what panicked;
//! it fails unless every spec gave a crate that compiles cleanly.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::{CrateFiles, CrateOptions};

use codegen::crates::{package_name, spec_files, stem};

/// The outcome for one spec.
struct Outcome {
    spec: String,
    generated: Result<(), String>,
    /// The generator's warnings about the spec.
    warnings: usize,
    compiled: Option<Result<(), String>>,
    panicked: bool,
}

/// The folders checked when none is named.
const DEFAULT_DIRS: &[&str] = &["../shared/corpus", "../shared/corpus-guru"];

pub fn corpus(root: &Path, args: &[String]) -> Result<(), String> {
    let dirs: Vec<PathBuf> = if args.is_empty() {
        DEFAULT_DIRS.iter().map(|dir| root.join(dir)).collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let mut specs = Vec::new();
    for dir in &dirs {
        specs.extend(spec_files(dir).map_err(|e| format!("error: {e}"))?);
    }
    let names = crate_dir_names(&specs);
    let started = Instant::now();
    let mut outcomes = Vec::new();
    let mut crates = Vec::new();
    for (spec, name) in specs.iter().zip(&names) {
        let (outcome, files) = generate_one(spec, name);
        if let Some(files) = files {
            crates.push((name.clone(), files));
        }
        outcomes.push(outcome);
    }
    let scratch = root.join("target/corpus");
    codegen::write::scratch_workspace(&scratch, &crates).map_err(|e| format!("error: {e}"))?;
    let errors = check_workspace(&scratch, &root.join("target/corpus-check"))?;
    for (outcome, name) in outcomes.iter_mut().zip(&names) {
        if outcome.generated.is_ok() {
            outcome.compiled = Some(errors.get(name).map_or(Ok(()), |e| Err(e.clone())));
        }
    }
    print_table(&outcomes);
    let total = outcomes.len();
    let generated = outcomes.iter().filter(|o| o.generated.is_ok()).count();
    let compiled = outcomes.iter().filter(|o| matches!(o.compiled, Some(Ok(())))).count();
    let panics = outcomes.iter().filter(|o| o.panicked).count();
    let warnings: usize = outcomes.iter().map(|o| o.warnings).sum();
    println!("(took {:.0} s)", started.elapsed().as_secs_f64());
    println!("corpus: {generated}/{total} generated, {compiled}/{total} compiled, {panics} panics, {warnings} generator warnings");
    // Every spec must make a crate that compiles cleanly: a spec that regresses fails the run.
    if panics > 0 {
        Err(format!("error: the generator panicked on {panics} spec(s)"))
    } else if compiled < total {
        Err(format!("error: {} of {total} spec(s) did not give a crate that compiles cleanly", total - compiled))
    } else {
        Ok(())
    }
}

fn generate_one(spec: &Path, dir_name: &str) -> (Outcome, Option<CrateFiles>) {
    let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let options = CrateOptions {
        crate_name: format!("corpus-{dir_name}"),
        crate_version: "0.1.0".to_owned(),
        source: name.clone(),
        command: "cargo xtask corpus".to_owned(),
    };
    let result = catch_unwind(AssertUnwindSafe(|| codegen::generate(spec, &options)));
    let mut outcome = Outcome { spec: name, generated: Ok(()), warnings: 0, compiled: None, panicked: false };
    match result {
        Ok(Ok(files)) => {
            outcome.warnings = files.warnings.len();
            return (outcome, Some(files));
        }
        Ok(Err(e)) => outcome.generated = Err(e.to_string()),
        Err(panic) => {
            outcome.panicked = true;
            let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()));
            outcome.generated = Err(format!("PANIC: {}", message.unwrap_or_default()));
        }
    }
    (outcome, None)
}

/// Runs `cargo check` over the scratch workspace; the first error of each failing crate, or
/// its first warning: generated code must compile cleanly, so a warning fails it too.
fn check_workspace(scratch: &Path, target: &Path) -> Result<BTreeMap<String, String>, String> {
    let output = Command::new("cargo")
        .args(["check", "--workspace", "--keep-going", "--message-format=short", "--quiet"])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    let mut first_errors = BTreeMap::new();
    let mut first_warnings = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stderr).lines() {
        let (found, path, message) = match (line.split_once(": error"), line.split_once(": warning")) {
            (Some((path, message)), _) => (&mut first_errors, path, format!("error{message}")),
            (None, Some((path, message))) => (&mut first_warnings, path, format!("warning{message}")),
            (None, None) => continue,
        };
        let Some(name) = path.split('/').next() else { continue };
        found.entry(name.to_owned()).or_insert_with(|| format!("{path}: {message}"));
    }
    for (name, warning) in first_warnings {
        first_errors.entry(name).or_insert(warning);
    }
    if !output.status.success() && first_errors.is_empty() {
        return Err(format!("error: cargo check failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(first_errors)
}

fn print_table(outcomes: &[Outcome]) {
    println!("| spec | generated | generator warnings | compiled cleanly | first error or rustc warning |\n| --- | --- | --- | --- | --- |");
    for o in outcomes {
        let mark = |ok: bool| if ok { "yes" } else { "no" };
        let compiled = match &o.compiled {
            Some(Ok(())) => "yes",
            Some(Err(_)) => "no",
            None => "-",
        };
        let error = match (&o.generated, &o.compiled) {
            (Err(e), _) | (_, Some(Err(e))) => e.replace('|', "\\|").replace('\n', " "),
            _ => String::new(),
        };
        let error: String = error.chars().take(220).collect();
        println!("| {} | {} | {} | {compiled} | {error} |", o.spec, mark(o.generated.is_ok()), o.warnings);
    }
}

/// A directory and package-friendly name for each spec: lower case, dashes; a number after
/// a name two folders both give.
fn crate_dir_names(specs: &[PathBuf]) -> Vec<String> {
    let mut seen = std::collections::HashMap::new();
    specs
        .iter()
        .map(|spec| {
            let name = package_name(&stem(spec));
            let count: &mut usize = seen.entry(name.clone()).or_default();
            *count += 1;
            if *count == 1 { name } else { format!("{name}-{count}") }
        })
        .collect()
}
