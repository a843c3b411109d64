//! `codegen` and `generate`: the generator's command line.

use std::path::{Path, PathBuf};

use codegen::{CrateFiles, CrateOptions};

const CODEGEN_COMMAND: &str = "cargo xtask codegen";

/// Regenerates (or, with `--check`, verifies) `generated/<name>/` for every spec in `specs/`.
pub fn codegen(root: &Path, args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask codegen [--check]".to_owned()),
    };
    let specs = spec_files(&root.join("specs"))?;
    let mut crates = Vec::new();
    for spec in &specs {
        let name = stem(spec);
        let relative = spec.strip_prefix(root).unwrap_or(spec);
        let options = CrateOptions {
            crate_name: format!("{name}-client"),
            source: relative.display().to_string(),
            command: CODEGEN_COMMAND.to_owned(),
        };
        let files = codegen::generate(spec, &options).map_err(|mut e| {
            // Name the spec as the user knows it, relative to the workspace.
            e.file = relative.to_path_buf();
            format!("error: {e}")
        })?;
        crates.push((root.join("generated").join(&name), files));
    }
    let obsolete = obsolete_crates(&root.join("generated"), &crates);
    if check {
        return check_fresh(&crates, &obsolete);
    }
    let targets: Vec<(PathBuf, &CrateFiles)> = crates.iter().map(|(dir, files)| (dir.clone(), files)).collect();
    codegen::write::replace_crates(&targets, &obsolete).map_err(|e| format!("error: {e}"))?;
    println!("generated {} crate(s) under generated/", crates.len());
    Ok(())
}

/// `generate --spec FILE --out DIR [--name CRATE]`.
pub fn generate(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask generate --spec FILE --out DIR [--name CRATE]";
    let (mut spec, mut out, mut name) = (None, None, None);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(usage)?;
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--name" => name = Some(value.clone()),
            _ => return Err(usage.to_owned()),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else { return Err(usage.to_owned()) };
    let crate_name = name.unwrap_or_else(|| format!("{}-client", package_name(&stem(&spec))));
    let options = CrateOptions {
        crate_name,
        source: spec.display().to_string(),
        command: format!("cargo xtask generate --spec {}", spec.display()),
    };
    let files = codegen::generate(&spec, &options).map_err(|e| format!("error: {e}"))?;
    codegen::write::replace_crates(&[(out.clone(), &files)], &[]).map_err(|e| format!("error: {e}"))?;
    println!("generated {} into {}", options.crate_name, out.display());
    Ok(())
}

fn check_fresh(crates: &[(PathBuf, CrateFiles)], obsolete: &[PathBuf]) -> Result<(), String> {
    let mut problems: Vec<String> = crates.iter().flat_map(|(dir, files)| codegen::write::differences(dir, files)).collect();
    problems.extend(obsolete.iter().map(|dir| format!("extra: {}", dir.display())));
    if problems.is_empty() {
        println!("generated/ is up to date ({} crate(s))", crates.len());
        return Ok(());
    }
    Err(format!("generated/ is stale; run `{CODEGEN_COMMAND}`:\n  {}", problems.join("\n  ")))
}

/// Directories under `generated/` that no spec produces any more.
fn obsolete_crates(generated: &Path, crates: &[(PathBuf, CrateFiles)]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(generated) else { return Vec::new() };
    let mut obsolete: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !crates.iter().any(|(dir, _)| dir == p))
        .collect();
    obsolete.sort();
    obsolete
}

/// The OpenAPI documents (`.yaml`, `.yml`, `.json`) directly in `dir`, sorted.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    specs.sort();
    Ok(specs)
}

/// Cargo package names: lower case letters, digits and dashes.
pub fn package_name(text: &str) -> String {
    let name: String = text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let mut collapsed = String::with_capacity(name.len());
    for c in name.chars() {
        if !(c == '-' && collapsed.ends_with('-')) {
            collapsed.push(c);
        }
    }
    collapsed.trim_matches('-').to_owned()
}

pub fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}
