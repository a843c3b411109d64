//! `bench compile`: `cargo check` and `cargo build` of large generated crates with warm
//! dependencies; with `--variants`, the nexus crate against edited copies of itself.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use codegen::{CrateFiles, CrateOptions};

use super::llvm_ir::llvm_ir_report;
use super::variants::variant_crates;
use super::{USAGE, load_average, median, spread};

/// The crates `bench compile` builds: package (and directory) name, spec.
const COMPILE_SPECS: &[(&str, &str)] = &[
    ("nexus-client", "../shared/corpus/oxidecomputer__progenitor__nexus.json"),
    ("github-client", "../shared/corpus/oxidecomputer__progenitor__api.github.com.json"),
];

/// Timed `cargo check` / `cargo build` runs per crate; the median is reported.
const COMPILE_RUNS: usize = 3;

/// Line counts of one generated crate.
struct Lines {
    /// Every line of the `.rs` files outside `src/runtime`.
    generated: usize,
    /// Of those, the lines that are neither blank nor comments (doc comments included).
    generated_code: usize,
    /// Every line of every `.rs` file, runtime included.
    total: usize,
}

fn count_lines(files: &CrateFiles) -> Lines {
    let mut lines = Lines { generated: 0, generated_code: 0, total: 0 };
    for (path, text) in &files.files {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let count = text.lines().count();
        lines.total += count;
        if !path.starts_with("src/runtime") {
            lines.generated += count;
            lines.generated_code += text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).count();
        }
    }
    lines
}

/// One crate to time: its package name and files.
pub(super) struct Subject {
    pub(super) name: String,
    pub(super) note: String,
    pub(super) files: CrateFiles,
}

pub(super) fn compile(root: &Path, args: &[String]) -> Result<(), String> {
    let variants = match args {
        [] => false,
        [flag] if flag == "--variants" => true,
        _ => return Err(USAGE.to_owned()),
    };
    println!("load average before: {}", load_average());
    let mut subjects = Vec::new();
    // With `--variants`, only the first crate (nexus) and its edited copies: the second is
    // large, and measured without the flag.
    let specs = if variants { &COMPILE_SPECS[..1] } else { COMPILE_SPECS };
    for (name, relative) in specs {
        let spec = root.join(relative);
        let options = CrateOptions {
            crate_name: (*name).to_owned(),
            crate_version: "0.1.0".to_owned(),
            source: spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            command: "cargo xtask bench compile".to_owned(),
        };
        let files = codegen::generate(&spec, &options).map_err(|e| format!("error: {e}"))?;
        subjects.push(Subject { name: (*name).to_owned(), note: "as generated".to_owned(), files });
    }
    if variants {
        let base = subjects[0].files.clone();
        subjects.extend(variant_crates(&subjects[0].name, &base)?);
    }
    let scratch = root.join("target/bench-compile");
    let crates: Vec<(String, CrateFiles)> = subjects.iter().map(|s| (s.name.clone(), s.files.clone())).collect();
    codegen::write::scratch_workspace(&scratch, &crates).map_err(|e| format!("error: {e}"))?;
    // The project's lock file pins the same dependency versions the project tests with;
    // cargo adds what the generated crates need beyond it (e.g. `uuid`) and drops the rest.
    if !scratch.join("Cargo.lock").exists() {
        fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).map_err(|e| format!("error: cannot copy Cargo.lock: {e}"))?;
    }

    // Warm: every dependency checked and built once, and each crate once, untimed.
    let started = Instant::now();
    cargo(&scratch, &["check", "--workspace"])?;
    cargo(&scratch, &["build", "--workspace"])?;
    println!("warm-up (dependencies and a first build of each crate): {:.0} s\n", started.elapsed().as_secs_f64());

    // Runs take turns across crates (round-robin), so a burst of load from elsewhere on the
    // machine spreads over all of them instead of skewing one.
    let mut timings: Vec<[Vec<Sample>; 2]> = subjects.iter().map(|_| [Vec::new(), Vec::new()]).collect();
    for (kind, command) in ["check", "build"].into_iter().enumerate() {
        for _ in 0..COMPILE_RUNS {
            for (subject, timing) in subjects.iter().zip(&mut timings) {
                touch(&scratch.join(&subject.name).join("src/lib.rs"))?;
                let (started, cpu) = (Instant::now(), children_cpu());
                cargo(&scratch, &[command, "-p", &subject.name])?;
                timing[kind].push(Sample { wall: started.elapsed(), cpu: children_cpu().saturating_sub(cpu) });
            }
        }
    }

    println!(
        "| crate | what | generated lines (excl. runtime) | of which code | total lines (with runtime) | cargo check | CPU | cargo build (debug) | CPU |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (subject, [check, build]) in subjects.iter().zip(&timings) {
        let lines = count_lines(&subject.files);
        let cpu = |samples: &[Sample]| format!("{:.1} s", median(samples.iter().map(|s| s.cpu).collect()).as_secs_f64());
        let wall = |samples: &[Sample]| spread(&samples.iter().map(|s| s.wall).collect::<Vec<_>>());
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            subject.name,
            subject.note,
            lines.generated,
            lines.generated_code,
            lines.total,
            wall(check),
            cpu(check),
            wall(build),
            cpu(build),
        );
    }
    println!(
        "\nwall time: median (min–max) of {COMPILE_RUNS} runs after touching src/lib.rs; CPU: median user+system time of \
         cargo and rustc; CARGO_INCREMENTAL=0, default dev profile, dependencies already built"
    );
    println!("for scale (issue 6): the most used Rust generator emits 17,203 lines for nexus.json, 40 s to build here; target ≤ 20 s");
    if variants {
        llvm_ir_report(&scratch, &subjects)?;
    }
    println!("load average after: {}", load_average());
    Ok(())
}

/// One timed cargo run.
struct Sample {
    wall: Duration,
    cpu: Duration,
}

/// User + system time of this process's waited-for children and their descendants (cargo and
/// the rustc processes it waited for), from `/proc/self/stat`; zero off Linux.
fn children_cpu() -> Duration {
    // Linux reports these in clock ticks, which are 1/100 s on every mainstream configuration.
    const TICKS_PER_SECOND: u64 = 100;
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may contain spaces): the
    // first is field 3 (`state`); `cutime` and `cstime` are fields 16 and 17.
    let fields: Vec<u64> = stat.rsplit_once(')').map_or(Vec::new(), |(_, rest)| {
        rest.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect()
    });
    let ticks = fields.get(13).copied().unwrap_or(0) + fields.get(14).copied().unwrap_or(0);
    Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND)
}

pub(super) fn touch(path: &Path) -> Result<(), String> {
    let file = fs::File::options().write(true).open(path).map_err(|e| format!("error: {}: {e}", path.display()))?;
    file.set_modified(SystemTime::now()).map_err(|e| format!("error: cannot touch {}: {e}", path.display()))
}

/// Runs cargo in the scratch workspace, non-incrementally (a touched file is recompiled in
/// full, as in CI or after a regeneration), with its own target directory.
pub(super) fn cargo(scratch: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new("cargo")
        .arg(args[0])
        .arg("--quiet")
        .args(&args[1..])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("error: `cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr)))
    }
}
