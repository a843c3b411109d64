//! Stage 4: token trees to source text, through `syn` and `prettyplease`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::emit::{Emitted, EmittedCrate};
use crate::error::{Error, Result};

/// The finished files of one crate, by path relative to the crate root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrateFiles {
    /// File contents by relative path; sorted, so writing is deterministic.
    pub files: BTreeMap<PathBuf, String>,
}

/// Formats every Rust file and puts the generated-file header on top.
pub fn format_crate(emitted: EmittedCrate) -> Result<CrateFiles> {
    let mut files = BTreeMap::new();
    for (path, content) in emitted.files {
        let text = match content {
            Emitted::Rust(tokens) => format!("// {}\n\n{}", emitted.header, format_rust(tokens, &path)?),
            Emitted::RustVerbatim(text) => format!("// {}\n\n{text}", emitted.header),
            Emitted::Text(text) => text,
        };
        files.insert(path, text);
    }
    Ok(CrateFiles { files })
}

fn format_rust(tokens: proc_macro2::TokenStream, path: &std::path::Path) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::at(
            "",
            format!("internal error: the generated {} does not parse ({e}); please report this with the spec", path.display()),
        )
    })?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// Puts a blank line between items, as a person would; prettyplease leaves none.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if previous.is_some_and(|prev| needs_blank_line(prev, line)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn needs_blank_line(previous: &str, line: &str) -> bool {
    let indent = |s: &str| s.len() - s.trim_start().len();
    let (prev, current) = (previous.trim_start(), line.trim_start());
    if current.is_empty() || prev.is_empty() {
        return false;
    }
    let inner_header = |s: &str| s.starts_with("//!") || s.starts_with("#![");
    if inner_header(prev) && !inner_header(current) {
        return true;
    }
    let ends_item = prev == "}" || prev.ends_with(" {}") || (prev.ends_with(';') && starts_item(prev) && !prev.starts_with("//"));
    // A `#[cfg(…)]` line belongs to the declaration it guards.
    let declaration = |s: &str| ["use ", "pub use ", "mod ", "pub mod ", "#[cfg("].iter().any(|k| s.starts_with(k));
    ends_item
        && indent(previous) == indent(line)
        && starts_item(current)
        && !(declaration(prev) && declaration(current))
}

fn starts_item(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(", "fn ", "impl", "struct ", "enum ", "mod ", "use ", "type ", "const ", "static ",
    ];
    STARTS.iter().any(|s| line.starts_with(s))
}
