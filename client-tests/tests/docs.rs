//! The README's and docs/'s examples are compiled files, word for word: every `rust` block is
//! the whole of a file the tests compile, every file in `docs/examples/` (built from a scratch
//! directory by `cli/tests/own_repository.rs`) is shown in a page, and every relative link
//! leads to a file.

use std::fs;
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Files below `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() { found.extend(files_under(&path)) } else { found.push(path) }
    }
    found
}

/// The README and every page in docs/.
fn pages() -> Vec<(PathBuf, String)> {
    let mut pages = vec![repository().join("README.md")];
    pages.extend(files_under(&repository().join("docs")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "md")));
    pages.into_iter().map(|p| (p.clone(), fs::read_to_string(&p).unwrap())).collect()
}

/// Each fenced block of a page: its info string and its text.
fn blocks(page: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in page.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.to_owned(), String::new())),
            (Some(_), Some("")) => blocks.push(open.take().unwrap()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "a fenced block is not closed");
    blocks
}

/// The Rust files the tests compile that pages may show.
fn compiled_files() -> Vec<(PathBuf, String)> {
    let dirs = ["client-tests/examples", "client-tests/tests", "streaming-tests/tests", "codegen/examples", "docs/examples"];
    dirs.iter()
        .flat_map(|dir| files_under(&repository().join(dir)))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| (p.clone(), fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn every_rust_block_is_a_compiled_file() {
    let compiled = compiled_files();
    let mut shown = 0;
    for (page, text) in pages() {
        for (info, block) in blocks(&text).into_iter().filter(|(info, _)| info == "rust") {
            let first = block.lines().next().unwrap_or_default().to_owned();
            assert!(
                compiled.iter().any(|(_, file)| *file == block),
                "{}: the rust block starting `{first}` ({info}) is not, word for word, a file the tests compile",
                page.display()
            );
            shown += 1;
        }
    }
    assert!(shown >= 9, "only {shown} rust blocks found");
}

#[test]
fn every_file_in_docs_examples_is_shown() {
    let blocks: Vec<String> = pages().iter().flat_map(|(_, text)| blocks(text)).map(|(_, block)| block).collect();
    for file in files_under(&repository().join("docs/examples")) {
        if file.extension().is_some_and(|e| e == "yaml") {
            continue; // the spec, linked rather than shown
        }
        let text = fs::read_to_string(&file).unwrap();
        assert!(blocks.contains(&text), "no page shows {} word for word", file.display());
    }
}

#[test]
fn relative_links_lead_to_files() {
    for (page, text) in pages() {
        for (_, rest) in text.match_indices("](").map(|(i, _)| ((), &text[i + 2..])) {
            let target = &rest[..rest.find(')').unwrap()];
            if target.contains("://") || target.starts_with('#') {
                continue;
            }
            let file = target.split('#').next().unwrap();
            let path = page.parent().unwrap().join(file);
            assert!(path.exists(), "{}: the link to {target} leads nowhere", page.display());
        }
    }
}
