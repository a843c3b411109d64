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

/// Formats a file item by item: a file of a large API holds hundreds of thousands of items,
/// and parsing all of them at once would hold a second copy of every token and a syntax tree
/// of the whole file in memory.
fn format_rust(tokens: proc_macro2::TokenStream, path: &std::path::Path) -> Result<String> {
    let internal = |e: syn::Error| {
        Error::at(
            "",
            format!("internal error: the generated {} does not parse ({e}); please report this with the spec", path.display()),
        )
    };
    let mut out = String::new();
    let mut file: syn::File = syn::parse2(proc_macro2::TokenStream::new()).map_err(internal)?;
    for (index, piece) in split_items(tokens).enumerate() {
        if index == 0 {
            // The inner attributes and `//!` docs, which head the file.
            file.attrs = syn::parse::Parser::parse2(syn::Attribute::parse_inner, piece).map_err(internal)?;
        } else {
            file.items.push(syn::parse2(piece).map_err(internal)?);
        }
        out.push_str(&prettyplease::unparse(&file));
        file.attrs.clear();
        file.items.clear();
    }
    Ok(space_items(&out))
}

/// The file's inner attributes, then one token stream per item, taken from `tokens` as they
/// are consumed.
fn split_items(tokens: proc_macro2::TokenStream) -> impl Iterator<Item = proc_macro2::TokenStream> {
    use proc_macro2::TokenTree;
    let mut trees = tokens.into_iter().peekable();
    let mut header = Vec::new();
    // The `#` of the first item's outer attribute, read while looking for inner ones.
    let mut carried = Vec::new();
    // `#![…]`: `#`, `!`, then a bracketed group.
    while let Some(TokenTree::Punct(hash)) = trees.next_if(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '#')) {
        match trees.next_if(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '!')) {
            Some(bang) => header.extend([TokenTree::Punct(hash), bang].into_iter().chain(trees.next())),
            None => {
                carried.push(TokenTree::Punct(hash));
                break;
            }
        }
    }
    let mut header = Some(header.into_iter().collect());
    std::iter::from_fn(move || {
        if let Some(header) = header.take() {
            return Some(header);
        }
        let mut item = std::mem::take(&mut carried);
        // Items that may hold a `{…}` before their end (`use a::{b, c};`, `const X: T = T {…};`)
        // end at their `;`; every other item ends at its body or its `;`.
        let mut ends_at_semicolon_only = None;
        for tree in trees.by_ref() {
            if ends_at_semicolon_only.is_none()
                && let TokenTree::Ident(ident) = &tree
                && ident != "pub"
            {
                ends_at_semicolon_only = Some(matches!(ident.to_string().as_str(), "use" | "const" | "static" | "type" | "extern"));
            }
            let ends = match &tree {
                TokenTree::Punct(p) => p.as_char() == ';',
                TokenTree::Group(g) => ends_at_semicolon_only == Some(false) && g.delimiter() == proc_macro2::Delimiter::Brace,
                _ => false,
            };
            item.push(tree);
            if ends {
                break;
            }
        }
        (!item.is_empty()).then(|| item.into_iter().collect())
    })
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
