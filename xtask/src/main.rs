//! Project commands, run as `cargo xtask <command>`; `cargo xtask` alone lists them.

mod bench;
mod corpus_cmd;
mod pagination_cmd;
mod test_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::codegen_cmd;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--deny-warnings] [--bump]   (--help on codegen and generate: every option)
      Regenerate generated/<name>/ for every spec in specs/, as specs/<name>.toml says,
      printing what changed in each crate's public API
      (--check: write nothing, fail naming every stale, missing or extra generated file;
      --deny-warnings: a warning about a spec is an error; --bump: raise each changed
      crate's version as semver says and add the changes to its CHANGELOG.md).
      Files you add to a generated crate are kept; directories there the generator did not
      write are left alone.
  cargo xtask generate --spec FILE --out DIR [--name CRATE] [--force] [--bump] [--settings FILE.toml]
                       [--deny-warnings] [--allow-warning KIND]...
                       [--crate-version V] [--overlay FILE]... [--include-tag T]...
                       [--include-operation ID]... [--include-path [METHOD ]GLOB]...
                       [--include-webhook GLOB]... [--exclude-…]...
      Generate one client crate from any OpenAPI document, with the settings file's options
      and those given here. DIR must be absent, empty or a crate generated earlier; --force
      writes into any other directory (files where the generator writes its own are
      replaced, the rest kept).
  cargo xtask corpus [DIR]...
      Generate and `cargo check`, in one scratch workspace, a client for every spec in the
      DIRs (default ../shared/corpus and ../shared/corpus-guru); prints a table with each
      spec's generator warnings and `corpus: N/M generated, K/M compiled, P panics, W generator
      warnings`; fails unless every spec generates and compiles without a rustc warning.
  cargo xtask pagination [--missed] [DIR | FILE...]
      Per spec (default: every spec in ../shared/corpus), the paging list operations (a GET
      with a page, offset or cursor query parameter and an array in its 200 JSON body), how
      many of them get `_stream`/`_pages` methods, and the streams by pagination style
      (--missed: list the paging list operations without a stream).
  cargo xtask test [NEXTEST ARGS]
      Clippy (warnings are errors), rustdoc of the generated clients, and every test.
  cargo run --release -p xtask -- bench gen [--runs N] | bench compile [--variants]
                                  | bench report OLD-SPEC NEW-SPEC [--runs N]
      Time each generator stage on the largest specs, the generated crates' compile
      time, or what the API change report adds to a regeneration (see BENCHMARKS.md).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_cmd::codegen(&workspace_root(), &args[1..]),
        Some("generate") => codegen_cmd::generate(&workspace_root(), &args[1..]),
        Some("corpus") => corpus_cmd::corpus(&workspace_root(), &args[1..]),
        Some("pagination") => pagination_cmd::pagination(&workspace_root(), &args[1..]),
        Some("test") => test_cmd::test(&workspace_root(), &args[1..]),
        Some("bench") => bench::bench(&workspace_root(), &args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
