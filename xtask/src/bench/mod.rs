//! `bench`: how fast the generator runs, and how fast the crates it writes compile.
//!
//! - `bench gen [--runs N]` times every pipeline stage on the largest specs, each spec in a
//!   fresh child process (`bench gen-one`) so its peak memory is its own.
//! - `bench compile [--variants]` generates two large clients into a scratch workspace and
//!   times `cargo check` and `cargo build` of each with warm dependencies; `--variants` times
//!   the first (nexus) against edited copies of it instead, to see what in the emitted code
//!   costs compile time.
//!
//! BENCHMARKS.md at the repository root describes the method and records the results.
//!
//! One module per command: [`generation`] (`bench gen`), [`compile`] (with the edited copies of [`variants`] and the
//! [`llvm_ir`] report).

mod compile;
mod generation;
mod llvm_ir;
mod report;
mod variants;

use std::fs;
use std::path::Path;
use std::time::Duration;

const USAGE: &str = "usage: cargo xtask bench gen [--runs N] | bench compile [--variants] | bench report OLD-SPEC NEW-SPEC [--runs N]";

pub fn bench(root: &Path, args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("gen") => generation::gen_all(root, &args[1..]),
        Some("gen-one") => generation::gen_one(root, &args[1..]),
        Some("compile") => compile::compile(root, &args[1..]),
        Some("report") => report::report(root, &args[1..]),
        _ => Err(USAGE.to_owned()),
    }
}

pub(super) fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    let mid = samples.len() / 2;
    if samples.len().is_multiple_of(2) { (samples[mid - 1] + samples[mid]) / 2 } else { samples[mid] }
}

/// `12.3 s (12.1–12.9)`.
pub(super) fn spread(samples: &[Duration]) -> String {
    let min = samples.iter().min().copied().unwrap_or_default();
    let max = samples.iter().max().copied().unwrap_or_default();
    let median = median(samples.to_vec());
    format!("{:.1} s ({:.1}–{:.1})", median.as_secs_f64(), min.as_secs_f64(), max.as_secs_f64())
}

pub(super) fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

pub(super) fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".to_owned())
}

