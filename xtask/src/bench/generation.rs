//! `bench gen`: every pipeline stage timed on the largest specs, each spec in a fresh child
//! process (`bench gen-one`) so its peak memory is its own.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use codegen::CrateOptions;

use super::{USAGE, human_size, load_average, median};

/// The specs `bench gen` times: the five largest of the corpus and the project's own.
const GEN_SPECS: &[&str] = &[
    "../shared/corpus/oxidecomputer__progenitor__api.github.com.json",
    "../shared/corpus/stripe__openapi__spec3.yaml",
    "../shared/corpus/PagerDuty__api-schema__REST.json",
    "../shared/corpus/twilio__twilio-oai__twilio_api_v2010.json",
    "../shared/corpus/oxidecomputer__progenitor__nexus.json",
    "specs/arize.yaml",
    "specs/flashback.yaml",
];

// Emitting and formatting are one stage: files are emitted item by item as they are formatted.
const STAGES: [&str; 6] = ["tree parse", "parse", "lower", "emit + format", "write", "total"];

/// What one child process reports for one spec.
struct GenResult {
    /// Median per stage, in [`STAGES`] order; `total` is the median of per-run totals.
    medians: [Duration; 6],
    /// Peak resident set (VmHWM) after one full run, in KiB.
    peak_kib: Option<u64>,
}

fn parse_runs(args: &[String]) -> Result<usize, String> {
    match args {
        [] => Ok(5),
        [flag, n] if flag == "--runs" => n.parse().ok().filter(|&n| n > 0).ok_or_else(|| "--runs wants a positive number".to_owned()),
        _ => Err(USAGE.to_owned()),
    }
}

pub(super) fn gen_all(root: &Path, args: &[String]) -> Result<(), String> {
    let runs = parse_runs(args)?;
    let exe = std::env::current_exe().map_err(|e| format!("error: cannot find this program: {e}"))?;
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build of xtask; use `cargo run --release -p xtask -- bench gen` for real numbers");
    }
    println!("load average before: {}", load_average());
    println!("median of {runs} runs per stage; each spec in its own process\n");
    println!(
        "| spec | size | tree parse | parse (load) | lower | emit + format | write | total | total / parse | peak RSS |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let (mut met, mut measured) = (0, 0);
    for relative in GEN_SPECS {
        let spec = root.join(relative);
        let size = fs::metadata(&spec).map_err(|e| format!("error: {}: {e}", spec.display()))?.len();
        let output = Command::new(&exe)
            .args(["bench", "gen-one", &spec.to_string_lossy(), "--runs", &runs.to_string()])
            .current_dir(root)
            .output()
            .map_err(|e| format!("error: cannot run {}: {e}", exe.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().find_map(|l| l.strip_prefix("bench-result "));
        let result = match (output.status.success(), line.and_then(parse_gen_result)) {
            (true, Some(result)) => result,
            _ => return Err(format!("error: bench gen-one {} failed:\n{}", spec.display(), String::from_utf8_lossy(&output.stderr))),
        };
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1e3);
        let [tree, load, lower, emit_format, write, total] = result.medians;
        let ratio = total.as_secs_f64() / load.as_secs_f64();
        measured += 1;
        if ratio <= 2.0 {
            met += 1;
        }
        let peak = result.peak_kib.map_or("n/a".to_owned(), |k| format!("{:.0} MiB", k as f64 / 1024.0));
        let name = Path::new(relative).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {ratio:.1}× | {peak} |",
            human_size(size),
            ms(tree),
            ms(load),
            ms(lower),
            ms(emit_format),
            ms(write),
            ms(total),
        );
    }
    println!(
        "\ntimes in ms; parse (load) = reading the file and serde_json/serde_yaml into openapiv3 types; \
         tree parse = the same text into a plain serde_json/serde_yaml value, for reference; \
         total = load + lower + emit and format + write"
    );
    println!("target (whole pipeline ≤ 2× the parse): met for {met} of {measured} specs");
    println!("load average after: {}", load_average());
    Ok(())
}

fn parse_gen_result(line: &str) -> Option<GenResult> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [nanos @ .., peak] = fields.as_slice() else { return None };
    let nanos: Vec<u64> = nanos.iter().map(|n| n.parse().ok()).collect::<Option<_>>()?;
    let medians: [Duration; 6] = nanos.into_iter().map(Duration::from_nanos).collect::<Vec<_>>().try_into().ok()?;
    Some(GenResult { medians, peak_kib: peak.parse().ok() })
}

/// The child: time every stage of one spec `runs` times; print one `bench-result` line.
pub(super) fn gen_one(root: &Path, args: &[String]) -> Result<(), String> {
    let (spec, runs) = match args {
        [spec, rest @ ..] => (PathBuf::from(spec), parse_runs(rest)?),
        _ => return Err(USAGE.to_owned()),
    };
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let out = root.join("target/bench-gen").join(&stem);
    let options = CrateOptions {
        crate_name: "bench-client".to_owned(),
        crate_version: "0.1.0".to_owned(),
        source: spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        command: "cargo xtask bench gen".to_owned(),
    };
    let text = fs::read_to_string(&spec).map_err(|e| format!("error: {}: {e}", spec.display()))?;
    let mut samples: Vec<[Duration; 6]> = Vec::with_capacity(runs);
    let mut peak_kib = None;
    for _ in 0..runs {
        samples.push(gen_once(&spec, &text, &out, &options)?);
        // The high-water mark of the first run is the peak of one generation: later runs
        // reuse the memory the first one freed.
        peak_kib = peak_kib.or_else(|| Some(vm_hwm_kib()));
    }
    let _ = fs::remove_dir_all(&out);
    let medians: Vec<String> = (0..STAGES.len())
        .map(|stage| median(samples.iter().map(|s| s[stage]).collect()).as_nanos().to_string())
        .collect();
    let peak = peak_kib.flatten().map_or("-".to_owned(), |k| k.to_string());
    println!("bench-result {} {peak}", medians.join(" "));
    Ok(())
}

/// One timed pass over the pipeline: the stages as `codegen::generate` chains them, then a write.
fn gen_once(spec: &Path, text: &str, out: &Path, options: &CrateOptions) -> Result<[Duration; 6], String> {
    let fail = |e: codegen::Error| format!("error: {}", e.in_file(spec));
    let json = text.trim_start().starts_with('{');

    // For reference: the same text into a plain tree, no OpenAPI typing (drop not timed).
    let started = Instant::now();
    let tree = if json {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("error: {e}"))?;
        let elapsed = started.elapsed();
        drop(black_box(value));
        elapsed
    } else {
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| format!("error: {e}"))?;
        let elapsed = started.elapsed();
        drop(black_box(value));
        elapsed
    };

    let started = Instant::now();
    let document = codegen::load::load_file(spec).map_err(fail)?;
    let load = started.elapsed();

    let started = Instant::now();
    let api = codegen::ir::lower(&document).map_err(fail)?;
    let lower = started.elapsed();

    let started = Instant::now();
    let analysis = codegen::emit::Analysis::of(&api);
    let files = codegen::format::format_crate(codegen::emit::emit(&api, &analysis, options)).map_err(fail)?;
    let emit_format = started.elapsed();

    let started = Instant::now();
    codegen::write::replace_crates(&[(out.to_path_buf(), &files)], &[], codegen::write::Foreign::TakeOver).map_err(fail)?;
    let write = started.elapsed();

    let total = load + lower + emit_format + write;
    Ok([tree, load, lower, emit_format, write, total])
}

/// The process's peak resident set so far (`VmHWM`), in KiB; `None` off Linux.
fn vm_hwm_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
