//! `pagination [--missed] [DIR|FILE…]`: how many of each spec's paging list operations get a stream, and
//! by which style.
//!
//! "Paging list operation" is counted here independently of the generator's detection: a GET
//! with a query parameter that selects a position in a list (a page, an offset, a cursor)
//! whose 200 response has a JSON body holding an array, at the top or in a top-level field.
//! The generator's count is every operation it gives `_stream` and `_pages` methods.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use codegen::ir::{Api, Content, Method, Operation, ParamLocation, StatusMatch, TypeKind, TypeRef};

use codegen::crates::spec_files;

/// Query parameters that say where in a list a page starts (not only how long it is).
const POSITION_PARAMETERS: &[&str] = &[
    "page", "Page", "page_number", "pageNumber", "offset", "Offset", "skip", "cursor", "starting_after",
    "ending_before", "after", "before", "PageToken", "page_token", "pageToken", "next_token", "nextToken",
    "continuation_token", "continuationToken", "marker",
];

const STYLES: &[&str] = &["cursor", "body_cursor", "last_item", "offset", "page_number", "next_url", "link_header"];

/// What one spec's operations come to.
#[derive(Default)]
struct Tally {
    /// Paging list operations by our count.
    paging_lists: usize,
    /// Of those, how many got a stream.
    covered: usize,
    /// Every operation with a stream, by style.
    streams: BTreeMap<&'static str, usize>,
    /// The paging list operations without a stream: `METHOD path`.
    missed: Vec<String>,
}

pub fn pagination(root: &Path, args: &[String]) -> Result<(), String> {
    let (missed, args) = match args.split_first() {
        Some((flag, rest)) if flag == "--missed" => (true, rest),
        _ => (false, args),
    };
    let specs = match args {
        [] => spec_files(&root.join("../shared/corpus")).map_err(|e| format!("error: {e}"))?,
        [dir] if Path::new(dir).is_dir() => spec_files(Path::new(dir)).map_err(|e| format!("error: {e}"))?,
        files => files.iter().map(PathBuf::from).collect(),
    };
    println!("| spec | paging lists | with a stream | streams | {} |", STYLES.join(" | "));
    println!("| --- | --- | --- | --- |{}", " --- |".repeat(STYLES.len()));
    let mut refused = Vec::new();
    let mut panics = 0;
    for spec in &specs {
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match tally_spec(spec) {
            Ok(tally) => {
                print_row(&name, &tally);
                if missed {
                    tally.missed.iter().for_each(|op| println!("|   no stream: {op} |"));
                }
            }
            Err(Refusal::Error(e)) => refused.push(format!("{name}: {e}")),
            Err(Refusal::Panic) => {
                panics += 1;
                refused.push(format!("{name}: PANIC"));
            }
        }
    }
    if !refused.is_empty() {
        println!("\nnot counted (the generator refuses these specs):");
        refused.iter().for_each(|r| println!("  {r}"));
    }
    if panics > 0 { Err(format!("error: the generator panicked on {panics} spec(s)")) } else { Ok(()) }
}

/// Why a spec has no counts.
enum Refusal {
    /// The generator's error, without the file name.
    Error(String),
    Panic,
}

fn print_row(name: &str, tally: &Tally) {
    let total: usize = tally.streams.values().sum();
    let by_style: Vec<String> = STYLES.iter().map(|s| tally.streams.get(s).copied().unwrap_or(0).to_string()).collect();
    let share = if tally.paging_lists == 0 { "-".to_owned() } else { format!("{:.0} %", 100.0 * tally.covered as f64 / tally.paging_lists as f64) };
    println!("| {name} | {} | {} ({share}) | {total} | {} |", tally.paging_lists, tally.covered, by_style.join(" | "));
}

fn tally_spec(spec: &Path) -> Result<Tally, Refusal> {
    let lowered = catch_unwind(AssertUnwindSafe(|| codegen::load::load_file(spec).and_then(|doc| codegen::ir::lower(&doc))));
    match lowered {
        Ok(Ok(api)) => Ok(tally(&api)),
        Ok(Err(e)) => Err(Refusal::Error(format!("{}: {}", e.location, e.message))),
        Err(_) => Err(Refusal::Panic),
    }
}

fn tally(api: &Api) -> Tally {
    let mut tally = Tally::default();
    for op in &api.operations {
        let paging_list = is_paging_list(api, op);
        tally.paging_lists += usize::from(paging_list);
        if let Some(pagination) = &op.pagination {
            tally.covered += usize::from(paging_list);
            *tally.streams.entry(pagination.style.name()).or_default() += 1;
        } else if paging_list {
            tally.missed.push(format!("{} {}", op.method.as_str(), op.path));
        }
    }
    tally
}

/// A GET with a position query parameter whose 200 JSON body holds an array.
fn is_paging_list(api: &Api, op: &Operation) -> bool {
    let positioned = op
        .parameters
        .iter()
        .any(|p| p.location == ParamLocation::Query && POSITION_PARAMETERS.contains(&p.name.as_str()));
    let body = op.success.iter().find(|r| r.status == StatusMatch::Code(200)).and_then(|r| r.content.as_ref());
    let Some(Content::Json(body)) = body else { return false };
    op.method == Method::Get && positioned && holds_array(api, body)
}

fn holds_array(api: &Api, ty: &TypeRef) -> bool {
    let is_array = |ty: &TypeRef| matches!(core(api, ty), TypeRef::Array(_));
    is_array(ty)
        || match core(api, ty) {
            TypeRef::Named(id) => match &api.type_def(*id).kind {
                TypeKind::Struct(s) => s.fields.iter().any(|f| is_array(&f.ty)),
                _ => false,
            },
            _ => false,
        }
}

fn core<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    match ty {
        TypeRef::Nullable(inner) => core(api, inner),
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(target) => core(api, target),
            _ => ty,
        },
        _ => ty,
    }
}
