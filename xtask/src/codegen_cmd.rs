//! `codegen` and `generate`: the generator's command line, and what it may write where.

use std::io;
use std::path::{Component, Path, PathBuf};

use codegen::write::{Existing, Foreign, Report};
use codegen::{CrateFiles, CrateOptions, Settings};

/// The command that regenerates `generated/`, as headers name it.
pub const CODEGEN_COMMAND: &str = "cargo xtask codegen";

const CODEGEN_USAGE: &str = "usage: cargo xtask codegen [--check] [--deny-warnings] [--bump]";
const GENERATE_USAGE: &str = "usage: cargo xtask generate --spec FILE --out DIR [--name CRATE] [--force] [--deny-warnings] [--bump] [--settings FILE.toml] \
[--crate-version V] [--overlay FILE]... [--allow-warning KIND]... [--include-tag|--include-operation|--include-path|--include-webhook VALUE]... \
[--exclude-tag|--exclude-operation|--exclude-path|--exclude-webhook VALUE]...";

/// The crate version when the settings name none.
const DEFAULT_VERSION: &str = "0.1.0";

/// Regenerates (or, with `--check`, verifies) `generated/<name>/` for every spec in `specs/`
/// of the workspace at `root`, each as its settings (`specs/<name>.toml`) say.
pub fn codegen(root: &Path, args: &[String]) -> Result<(), String> {
    let (mut check, mut deny_warnings, mut bump) = (false, false, false);
    for flag in args {
        match flag.as_str() {
            "--check" => check = true,
            "--deny-warnings" => deny_warnings = true,
            "--bump" => bump = true,
            _ => return Err(CODEGEN_USAGE.to_owned()),
        }
    }
    let generated = root.join("generated");
    let mut crates = Vec::new();
    for mut job in jobs(root)? {
        job.settings.warnings.deny |= deny_warnings;
        job.settings.crate_bump |= bump;
        let shown = |e: codegen::Error| format!("error: {}", shown_in(root, e));
        let crate_name = match &job.settings.crate_name {
            Some(name) => check_package_name(&name.value).map(|()| name.value.clone()).map_err(|why| shown(name.place.error(why)))?,
            None => derived_crate_name(&job.name).map_err(|why| format!("error: {}: {why}", relative(root, &job.entry).display()))?,
        };
        let options = CrateOptions {
            crate_name,
            crate_version: crate_version(&job.settings),
            source: relative(root, &job.spec).display().to_string(),
            command: CODEGEN_COMMAND.to_owned(),
        };
        let files = codegen::generate_over(&job.spec, &job.settings, &options, Some(&generated.join(&job.name))).map_err(shown)?;
        print_warnings(root, &files);
        crates.push((generated.join(&job.name), files));
    }
    let survey = survey(&generated, &crates)?;
    for note in &survey.notes {
        eprintln!("note: {note}");
    }
    if check {
        return check_fresh(root, &crates, &survey.obsolete);
    }
    let targets: Vec<(PathBuf, &CrateFiles)> = crates.iter().map(|(dir, files)| (dir.clone(), files)).collect();
    let refuse = Foreign::Refuse { advice: "move it out of generated/, or rename its spec in specs/" };
    let report = codegen::write::replace_crates(&targets, &survey.obsolete, refuse).map_err(|e| format!("error: {e}"))?;
    print_report(root, &report);
    crates.iter().for_each(|(_, files)| print_changes(files));
    println!("generated {} crate(s) under generated/", crates.len());
    Ok(())
}

/// One crate `codegen` generates: `generated/<name>/` from `spec`, as `settings` say.
struct Job {
    name: String,
    /// The file in `specs/` it comes from: the spec, or the settings file that names one.
    entry: PathBuf,
    spec: PathBuf,
    settings: Settings,
}

/// A crate per spec in `specs/`, and per settings file there that names a spec elsewhere
/// (`spec = "…"`); the overlays the settings name are not specs.
fn jobs(root: &Path) -> Result<Vec<Job>, String> {
    let specs_dir = root.join("specs");
    let shown = |e: codegen::Error| format!("error: {}", shown_in(root, e));
    let mut settings = std::collections::BTreeMap::new();
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
            return Err(format!(
                "error: {}: there is no spec {name}.yaml, {name}.yml or {name}.json beside it, and it names none; add `spec = \"path/to/spec.yaml\"`",
                relative(root, &file).display()
            ));
        };
        jobs.push(Job { name, entry: file, spec, settings });
    }
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(jobs)
}

fn crate_version(settings: &Settings) -> String {
    settings.crate_version.as_ref().map_or(DEFAULT_VERSION, |v| v.value.as_str()).to_owned()
}

/// An error with its file named relative to the workspace, as the user knows it.
fn shown_in(root: &Path, mut error: codegen::Error) -> codegen::Error {
    if !error.file.as_os_str().is_empty() {
        error.file = relative(root, &error.file);
    }
    error
}

/// `path` relative to the workspace at `root` when it is inside it (`specs/x.yaml`), or as
/// seen from there (`../shared/corpus/x.json`), with `.` and `..` worked out.
fn relative(root: &Path, path: &Path) -> PathBuf {
    let path = tidy(path);
    let root = tidy(root);
    if let Ok(inside) = path.strip_prefix(&root) {
        return inside.to_path_buf();
    }
    let common = root.components().zip(path.components()).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path;
    }
    let mut out: PathBuf = root.components().skip(common).map(|_| Component::ParentDir).collect();
    out.extend(path.components().skip(common));
    out
}

/// `path` with `.` and `name/..` taken out, by its text (no file system access).
fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What `generated/` holds besides the crates the specs produce.
struct Survey {
    /// Crates `codegen` wrote whose spec is gone: removed (or refused, if they hold user files).
    obsolete: Vec<PathBuf>,
    /// Directories the generator leaves alone, and why.
    notes: Vec<String>,
}

/// Sorts what is in `generated/` besides the targets. Only crates `codegen` itself wrote are
/// removed; anything else is the user's (a hand-written crate, one `generate` wrote there) and
/// gets a note: not an error, because it is not the generator's to judge, and the only way to
/// "fix" it would be to delete someone's work.
fn survey(generated: &Path, crates: &[(PathBuf, CrateFiles)]) -> Result<Survey, String> {
    let mut survey = Survey { obsolete: Vec::new(), notes: Vec::new() };
    let Ok(entries) = std::fs::read_dir(generated) else { return Ok(survey) };
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        if crates.iter().any(|(target, _)| *target == dir) || dir.file_name().is_some_and(|n| n == ".codegen") {
            continue;
        }
        let shown = dir.strip_prefix(generated.parent().unwrap_or(generated)).unwrap_or(&dir).display().to_string();
        match codegen::write::inspect(&dir).map_err(|e| format!("error: {e}"))? {
            Existing::Generated(found) if found.marker.command == CODEGEN_COMMAND => survey.obsolete.push(dir),
            Existing::Generated(found) => survey
                .notes
                .push(format!("{shown} was generated by `{}`, not from specs/; left alone", found.marker.command)),
            _ => survey.notes.push(format!(
                "{shown} is not a generated crate (its Cargo.toml does not start with the generator's header line); left alone"
            )),
        }
    }
    Ok(survey)
}

fn check_fresh(root: &Path, crates: &[(PathBuf, CrateFiles)], obsolete: &[PathBuf]) -> Result<(), String> {
    let mut problems = Vec::new();
    for (dir, files) in crates {
        let stale = codegen::write::differences(dir, files).map_err(|e| format!("error: {e}"))?;
        if !stale.is_empty() {
            print_changes(files);
        }
        problems.extend(stale);
    }
    problems.extend(obsolete.iter().map(|dir| format!("extra: {} (no spec in specs/ generates it)", dir.display())));
    for leftover in codegen::write::interrupted_leftovers(&root.join("generated")) {
        eprintln!("note: an interrupted run left {}; the next `{CODEGEN_COMMAND}` finishes or undoes it", leftover.display());
    }
    if problems.is_empty() {
        println!("generated/ is up to date ({} crate(s))", crates.len());
        return Ok(());
    }
    Err(format!("generated/ is stale; run `{CODEGEN_COMMAND}`:\n  {}", problems.join("\n  ")))
}

/// `generate --spec FILE --out DIR [--name CRATE] [--force] [--settings FILE] [OPTION VALUE]…`,
/// run from the workspace at `root`. Options that stand for settings add to the file's.
pub fn generate(root: &Path, args: &[String]) -> Result<(), String> {
    let (mut spec, mut out, mut name, mut force, mut settings_file) = (None, None, None, false, None);
    let (mut deny_warnings, mut settings_bump) = (false, false);
    let mut setting_options = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--force" => force = true,
            "--deny-warnings" => deny_warnings = true,
            "--bump" => settings_bump = true,
            _ => {}
        }
        if matches!(flag.as_str(), "--force" | "--deny-warnings" | "--bump") {
            continue;
        }
        let value = rest.next().ok_or(GENERATE_USAGE)?;
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--name" => name = Some(value.clone()),
            "--settings" => settings_file = Some(PathBuf::from(value)),
            _ if codegen::settings::OPTIONS.iter().any(|(option, _)| option == flag) => setting_options.push((flag, value)),
            _ => return Err(GENERATE_USAGE.to_owned()),
        }
    }
    let mut settings = match &settings_file {
        Some(file) => Settings::read(file).map_err(|e| format!("error: {e}"))?,
        None => Settings::default(),
    };
    for (option, value) in setting_options {
        settings.set_option(option, value).map_err(|e| format!("error: {e}"))?;
    }
    settings.warnings.deny |= deny_warnings;
    settings.crate_bump |= settings_bump;
    let spec = spec.or_else(|| settings.spec.as_ref().map(|s| s.value.clone()));
    let (Some(spec), Some(out)) = (spec, out) else { return Err(GENERATE_USAGE.to_owned()) };
    let crate_name = match (name, &settings.crate_name) {
        (Some(name), _) => check_package_name(&name).map(|()| name).map_err(|why| format!("error: --name {why}"))?,
        (None, Some(named)) => {
            check_package_name(&named.value).map(|()| named.value.clone()).map_err(|why| format!("error: {}", named.place.error(why)))?
        }
        (None, None) => derived_crate_name(&stem(&spec)).map_err(|why| format!("error: {}: {why}; pass --name", spec.display()))?,
    };
    let out = resolve(&out).map_err(|e| format!("error: cannot resolve --out {}: {e}", out.display()))?;
    check_out(&out, &spec, root)?;
    let command = match &settings_file {
        Some(file) => format!("cargo xtask generate --spec {} --settings {}", spec.display(), file.display()),
        None => format!("cargo xtask generate --spec {}", spec.display()),
    };
    let options =
        CrateOptions { crate_name, crate_version: crate_version(&settings), source: spec.display().to_string(), command };
    let files = codegen::generate_over(&spec, &settings, &options, Some(&out)).map_err(|e| format!("error: {e}"))?;
    print_warnings(Path::new(""), &files);
    let foreign = if force {
        Foreign::TakeOver
    } else {
        Foreign::Refuse {
            advice: "choose another --out, or pass --force to write into it (files where the generator writes its own are \
                     replaced, every other file is kept)",
        }
    };
    let report = codegen::write::replace_crates(&[(out.clone(), &files)], &[], foreign).map_err(|e| format!("error: {e}"))?;
    print_report(Path::new(""), &report);
    print_changes(&files);
    println!("generated {} into {}", options.crate_name, out.display());
    Ok(())
}

/// Prints what the generator assumed, on standard error, each with its file named as the
/// user knows it.
fn print_warnings(root: &Path, files: &CrateFiles) {
    for warning in &files.warnings {
        let mut warning = warning.clone();
        if !root.as_os_str().is_empty() {
            warning.file = relative(root, &warning.file);
        }
        eprintln!("warning: {warning}");
    }
}

/// Prints what changed in the crate's public API since it was generated before, if it was.
fn print_changes(files: &CrateFiles) {
    if let Some(changes) = &files.changes {
        println!("{changes}");
    }
}

/// Refuses an `--out` whose replacement would take more than a crate with it, `--force` or not.
fn check_out(out: &Path, spec: &Path, root: &Path) -> Result<(), String> {
    let refuse = |why: &str| Err(format!("error: refusing to write a crate at {}: {why}", out.display()));
    let here = std::env::current_dir().and_then(|d| d.canonicalize());
    if here.as_deref().is_ok_and(|here| here.starts_with(out)) {
        return refuse("it is the current directory or one above it");
    }
    if root.canonicalize().unwrap_or_else(|_| root.to_path_buf()).starts_with(out) {
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

/// `path` made absolute with every symbolic link and `..` resolved, also where it does not
/// exist yet (the part that does not exist holds no links, so it is resolved by its text).
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut resolved = std::env::current_dir()?.canonicalize()?;
    let mut exists = true;
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved = PathBuf::from(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists && std::fs::symlink_metadata(&resolved).is_ok() {
                    resolved = resolved.canonicalize()?;
                } else {
                    exists = false;
                }
            }
        }
    }
    Ok(resolved)
}

fn print_report(root: &Path, report: &Report) {
    let shown = |paths: &[PathBuf]| {
        paths.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect::<Vec<_>>().join(", ")
    };
    if !report.kept.is_empty() {
        println!("kept what the generator did not write: {}", shown(&report.kept));
    }
    if !report.replaced.is_empty() {
        println!("replaced (--force): {}", shown(&report.replaced));
    }
}

/// The OpenAPI documents (`.yaml`, `.yml`, `.json`) directly in `dir`, sorted.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    files_with(dir, &["yaml", "yml", "json"])
}

/// The files directly in `dir` with one of `extensions`, sorted.
fn files_with(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)))
        .collect();
    files.sort();
    Ok(files)
}

/// The client crate's package name for a spec named `stem`: `<stem>-client`, in lower case
/// with every run of other characters a dash, and `api-` in front when it would start with a
/// digit. A stem with no ASCII letter or digit (`名前`) has no such name.
pub fn derived_crate_name(stem: &str) -> Result<String, String> {
    let base = package_name(stem);
    if base.is_empty() {
        return Err(format!("cannot derive a Cargo package name from `{stem}`: it has no ASCII letter or digit"));
    }
    let base = if base.starts_with(|c: char| c.is_ascii_digit()) { format!("api-{base}") } else { base };
    let name = format!("{base}-client");
    check_package_name(&name)?;
    Ok(name)
}

/// Lower-case ASCII letters, digits and single dashes: `text` with every run of other
/// characters a dash, trimmed.
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

/// Names cargo refuses for a package, or that clash with what every crate can name: Rust's own
/// crates, keywords (the library is named after the package), cargo's build directories and
/// names Windows reserves for devices.
const RESERVED: &[&str] = &[
    "alloc", "core", "proc_macro", "std", "test", "deps", "examples", "build", "incremental", "con", "prn", "aux", "nul",
    "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6",
    "lpt7", "lpt8", "lpt9", "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
    "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Why `name` is not a package name cargo accepts and crates.io could publish, if it is not.
pub fn check_package_name(name: &str) -> Result<(), String> {
    let rule = "package names are ASCII letters, digits, `-` and `_`, starting with a letter or `_`";
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(format!("`{name}` is not a valid package name: it holds {c:?}; {rule}"));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return Err(format!("`{name}` is not a valid package name: {rule}"));
    }
    if name.len() > 64 {
        return Err(format!("`{name}` is not a valid package name: it is longer than 64 characters"));
    }
    let library = name.to_ascii_lowercase().replace('-', "_");
    if RESERVED.contains(&library.as_str()) {
        return Err(format!("`{name}` is not a valid package name: it is reserved (a Rust keyword, crate or build directory, or a Windows device name)"));
    }
    Ok(())
}

/// A file's name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}
