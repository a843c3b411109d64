//! What each crate hands to LLVM: a measure of compile cost that, unlike time, does not move
//! with the machine's load.

use std::fs;
use std::path::{Path, PathBuf};

use super::compile::{Subject, cargo, touch};

/// What each crate hands to LLVM in a debug build, which (unlike time) does not depend on
/// what else the machine is doing: lines of LLVM IR in function bodies, in total per crate
/// and, for the first, by what the functions are.
pub(super) fn llvm_ir_report(scratch: &Path, subjects: &[Subject]) -> Result<(), String> {
    let mut totals = Vec::new();
    let mut first_breakdown = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        touch(&scratch.join(&subject.name).join("src/lib.rs"))?;
        cargo(scratch, &["rustc", "-p", &subject.name, "--lib", "--", "--emit=llvm-ir"])?;
        let ir_file = newest_ir_file(&scratch.join("target/debug/deps"), &subject.name.replace('-', "_"))?;
        let text = fs::read_to_string(&ir_file).map_err(|e| format!("error: {}: {e}", ir_file.display()))?;
        // The IR of a large crate is hundreds of MB; keep none of it.
        let _ = fs::remove_file(&ir_file);
        let functions = ir_functions(&text);
        totals.push((functions.iter().map(|(_, lines)| lines).sum::<usize>(), functions.len()));
        if i == 0 {
            first_breakdown = functions;
        }
    }
    println!("\nLLVM IR of the debug build (`cargo rustc --lib -- --emit=llvm-ir`), lines in function bodies:\n");
    println!("| crate | IR lines | functions |\n| --- | ---: | ---: |");
    for (subject, (lines, functions)) in subjects.iter().zip(&totals) {
        println!("| {} | {lines} | {functions} |", subject.name);
    }
    let total: usize = first_breakdown.iter().map(|(_, lines)| lines).sum();
    let mut buckets: Vec<(&str, usize, usize)> = Vec::new();
    for (symbol, lines) in &first_breakdown {
        let bucket = ir_bucket(symbol);
        match buckets.iter_mut().find(|(name, _, _)| *name == bucket) {
            Some(entry) => {
                entry.1 += lines;
                entry.2 += 1;
            }
            None => buckets.push((bucket, *lines, 1)),
        }
    }
    buckets.sort_by_key(|b| std::cmp::Reverse(b.1));
    println!("\n{}: where the IR goes (by symbol name; first matching rule wins)\n", subjects[0].name);
    println!("| functions of | IR lines | share | functions |\n| --- | ---: | ---: | ---: |");
    for (bucket, lines, count) in buckets {
        println!("| {bucket} | {lines} | {:.1}% | {count} |", lines as f64 * 100.0 / total.max(1) as f64);
    }
    Ok(())
}

/// The most recent `<crate>-<hash>.ll` in `deps`.
fn newest_ir_file(deps: &Path, crate_ident: &str) -> Result<PathBuf, String> {
    let prefix = format!("{crate_ident}-");
    fs::read_dir(deps)
        .map_err(|e| format!("error: {}: {e}", deps.display()))?
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".ll")
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
        .ok_or_else(|| format!("error: no LLVM IR for {crate_ident} in {}", deps.display()))
}

/// Every function defined in an LLVM IR module: its (mangled) symbol and body line count.
fn ir_functions(text: &str) -> Vec<(String, usize)> {
    let mut functions = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for line in text.lines() {
        if line.starts_with("define ") {
            let symbol = line.split_once('@').map_or("", |(_, rest)| rest.split('(').next().unwrap_or(""));
            current = Some((symbol.trim_matches('"').to_owned(), 0));
        } else if let Some((symbol, lines)) = current.as_mut() {
            if line.starts_with('}') {
                functions.push((std::mem::take(symbol), *lines));
                current = None;
            } else {
                *lines += 1;
            }
        }
    }
    functions
}

/// A coarse category for a legacy-mangled Rust symbol (paths keep their identifiers, e.g.
/// `serde_json..de..Deserializer`, `10operations`), by substring; the first rule that matches.
fn ir_bucket(symbol: &str) -> &'static str {
    const RULES: &[(&str, &[&str])] = &[
        ("drop glue", &["drop_in_place"]),
        ("pagination streams (runtime::pagination, futures Unfold)", &["10pagination", "..pagination..", "Unfold", "futures_util"]),
        (
            "deserializing (derived impls, serde_json)",
            &["eserializ", "Visitor", "visit_", "MapAccess", "SeqAccess", "EnumAccess", "VariantAccess", "__Field", "serde_json..de", "10serde_json2de", "Content"],
        ),
        ("serializing (request bodies, parameters)", &["erializ", "serde_json..ser", "10serde_json3ser"]),
        ("Debug", &["Debug"]),
        ("Clone", &["Clone"]),
        ("PartialEq / Ord / Hash", &["PartialEq", "PartialOrd", "Hash", "..cmp.."]),
        ("error wrapping per operation (api_error_*, unexpected, Error<E>)", &["api_error", "10unexpected", "7runtime5error", "runtime..error"]),
        ("OperationRequest<T, E> and RawResponse (new, send, decode)", &["OperationRequest", "RawResponse"]),
        ("operation methods and their closures", &["10operations", "..operations.."]),
        ("Result / Option combinators, closures", &["4core6result", "4core6option", "core..result", "core..option", "try_trait", "4core3ops8function", "core..ops..function"]),
    ];
    RULES.iter().find(|(_, needles)| needles.iter().any(|n| symbol.contains(n))).map_or("other", |(name, _)| name)
}
