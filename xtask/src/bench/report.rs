//! `bench report OLD NEW`: what the API change report adds to a regeneration, on a pair of
//! versions of one spec. The crate of OLD is written once; then NEW is generated over it
//! `runs` times, whole, and the report's own work (summarizing the API, reading the summary
//! on disk, comparing, writing the summary's text) is timed on its own.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::{CrateOptions, Settings};

use super::{USAGE, load_average, median};

pub(super) fn report(root: &Path, args: &[String]) -> Result<(), String> {
    let (old, new, runs) = match args {
        [old, new] => (PathBuf::from(old), PathBuf::from(new), 5),
        [old, new, flag, n] if flag == "--runs" => {
            (PathBuf::from(old), PathBuf::from(new), n.parse().ok().filter(|&n| n > 0).ok_or("--runs wants a positive number")?)
        }
        _ => return Err(USAGE.to_owned()),
    };
    let fail = |e: codegen::Error| format!("error: {e}");
    let out = root.join("target/bench-report/crate");
    let options = CrateOptions {
        crate_name: "bench-client".to_owned(),
        crate_version: "0.1.0".to_owned(),
        source: "spec".to_owned(),
        command: "cargo xtask bench report".to_owned(),
    };
    let settings = Settings::default();
    let write = |files: &codegen::CrateFiles| {
        codegen::write::replace_crates(&[(out.clone(), files)], &[], codegen::write::Foreign::TakeOver).map_err(fail)
    };
    write(&codegen::generate_with(&old, &settings, &options).map_err(fail)?)?;
    let baseline = std::fs::read_to_string(out.join(codegen::changes::SUMMARY_FILE)).map_err(|e| format!("error: {e}"))?;
    println!("load average before: {}", load_average());
    let (mut whole, mut parts) = (Vec::new(), Vec::new());
    let mut changes = None;
    for _ in 0..runs {
        let started = Instant::now();
        let files = codegen::generate_over(&new, &settings, &options, Some(&out)).map_err(fail)?;
        whole.push(started.elapsed());
        changes = files.changes.map(|report| (report.count(codegen::changes::Impact::Breaking), report.count(codegen::changes::Impact::Additive)));
        parts.push(report_work(&new, &out, &options)?);
        // The crate on disk stays OLD's, so every run compares the same pair.
        std::fs::write(out.join(codegen::changes::SUMMARY_FILE), &baseline).map_err(|e| format!("error: {e}"))?;
    }
    let _ = std::fs::remove_dir_all(root.join("target/bench-report"));
    let (whole, part) = (median(whole), median(parts));
    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
    let (breaking, additive) = changes.unwrap_or_default();
    println!("{} over {}: {breaking} breaking, {additive} additive", new.display(), old.display());
    println!(
        "median of {runs}: regeneration {} in all, of which the report {} ({:.1} %)",
        ms(whole),
        ms(part),
        100.0 * part.as_secs_f64() / whole.as_secs_f64()
    );
    println!("load average after: {}", load_average());
    Ok(())
}

/// The report's share of a regeneration: the summary made, written as text, the one on disk
/// read, and the two compared.
fn report_work(spec: &Path, out: &Path, options: &CrateOptions) -> Result<Duration, String> {
    let fail = |e: codegen::Error| format!("error: {e}");
    let api = codegen::ir::lower(&codegen::load::load_file(spec).map_err(fail)?).map_err(fail)?;
    let analysis = codegen::emit::Analysis::of(&api);
    let started = Instant::now();
    let summary = codegen::emit::summarize(&api, &analysis, &options.crate_name, &options.crate_version);
    let previous = codegen::changes::Previous::read(out);
    let revision = codegen::changes::revise(summary, previous.as_ref(), false, "header");
    std::hint::black_box(revision.summary.to_text("header"));
    Ok(started.elapsed())
}
