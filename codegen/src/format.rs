//! Stage 4: token trees to source text, through `syn` and `prettyplease`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::emit::{Emitted, EmittedCrate, Piece};
use crate::error::{Error, Result};

/// The finished files of one crate, by path relative to the crate root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrateFiles {
    /// File contents by relative path; sorted, so writing is deterministic.
    pub files: BTreeMap<PathBuf, String>,
    /// What the generator assumed where the document broke a rule (none of them were denied).
    pub warnings: Vec<crate::error::Warning>,
    /// What changed in the public API since the crate generated before, when there was one.
    pub changes: Option<crate::changes::Report>,
}

/// Formats every Rust file and puts the generated-file header on top.
pub fn format_crate(emitted: EmittedCrate<'_>) -> Result<CrateFiles> {
    let mut files = BTreeMap::new();
    let header = format!("// {}\n\n", emitted.header);
    for (path, content) in emitted.files {
        let head = header.clone();
        let text = match content {
            Emitted::Rust(tokens) => {
                let mut pieces = split_items(tokens);
                let inner = pieces.next().unwrap_or_default();
                format_rust(inner, pieces.map(Piece::Items), &path, head)?
            }
            Emitted::RustItems(file) => format_rust(file.head, file.items, &path, head)?,
            Emitted::RustVerbatim(text) => head + text,
            Emitted::Text(text) => text,
        };
        files.insert(path, text);
    }
    Ok(CrateFiles { files, warnings: Vec::new(), changes: None })
}

/// Formats a file piece by piece, after `head` (the generated-file header): a file of a large
/// API holds hundreds of thousands of items, and parsing all of them at once would hold a
/// second copy of every token and a syntax tree of the whole file in memory.
fn format_rust<'a>(
    inner: proc_macro2::TokenStream,
    pieces: impl Iterator<Item = Piece<'a>>,
    path: &Path,
    head: String,
) -> Result<String> {
    let internal = |e: syn::Error| {
        Error::at(
            "",
            format!("internal error: the generated {} does not parse ({e}); please report this with the spec", path.display()),
        )
    };
    // The inner attributes and `//!` docs, which head the file.
    let attrs = syn::parse::Parser::parse2(syn::Attribute::parse_inner, inner).map_err(internal)?;
    let mut out = unparse(attrs, Vec::new()).map_err(internal)?;
    for piece in pieces {
        match piece {
            Piece::Items(tokens) => {
                for item in split_items(tokens).skip(1) {
                    unparse_item(item, &mut out).map_err(internal)?;
                }
            }
            Piece::Impl { header, members } => unparse_impl(header, members, &mut out).map_err(internal)?,
        }
    }
    Ok(space_items(&out, head))
}

/// How many members of an `impl` block are parsed and printed at a time: a large API's
/// `impl Client` holds a method for each of its operations, and as one syntax tree it would
/// weigh several times the text it prints.
const MEMBERS_PER_CHUNK: usize = 64;

/// Prints one item, an `impl` block [`unparse_impl`]'s way.
fn unparse_item(item: proc_macro2::TokenStream, out: &mut String) -> syn::Result<()> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut trees: Vec<TokenTree> = item.into_iter().collect();
    let is_impl = trees.iter().find_map(|t| match t {
        TokenTree::Ident(ident) => Some(ident == "impl"),
        _ => None,
    });
    match trees.last() {
        Some(TokenTree::Group(group)) if is_impl == Some(true) && group.delimiter() == Delimiter::Brace => {
            // The first piece holds inner attributes, which an `impl` body of ours never has.
            let members = split_items(group.stream()).skip(1);
            trees.pop();
            unparse_impl(trees.into_iter().collect(), members, out)
        }
        _ => unparse_whole(trees.into_iter().collect(), out),
    }
}

/// Prints an `impl` block a chunk of members at a time, each chunk inside a copy of the
/// block's header, which is then cut from the text so that it reads as the one block it is.
fn unparse_impl(
    header: proc_macro2::TokenStream,
    mut members: impl Iterator<Item = proc_macro2::TokenStream>,
    out: &mut String,
) -> syn::Result<()> {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let mut chunk: Vec<proc_macro2::TokenStream> = members.by_ref().take(MEMBERS_PER_CHUNK).collect();
    let mut first = true;
    loop {
        let next: Vec<proc_macro2::TokenStream> = members.by_ref().take(MEMBERS_PER_CHUNK).collect();
        let last = next.is_empty();
        let mut block = header.clone();
        block.extend([TokenTree::Group(Group::new(Delimiter::Brace, chunk.into_iter().collect()))]);
        let mut text = String::new();
        unparse_whole(block, &mut text)?;
        let mut lines: Vec<&str> = text.lines().collect();
        if !last {
            lines.pop();
        }
        let body_starts = if first {
            0
        } else {
            // The header ends at the first line, not indented, that opens the block.
            lines.iter().position(|line| !line.starts_with(' ') && line.ends_with('{')).map_or(0, |at| at + 1)
        };
        for line in &lines[body_starts..] {
            out.push_str(line);
            out.push('\n');
        }
        if last {
            return Ok(());
        }
        (chunk, first) = (next, false);
    }
}

fn unparse_whole(item: proc_macro2::TokenStream, out: &mut String) -> syn::Result<()> {
    out.push_str(&unparse(Vec::new(), vec![syn::parse2(item)?])?);
    Ok(())
}

fn unparse(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> syn::Result<String> {
    let mut file: syn::File = syn::parse2(proc_macro2::TokenStream::new())?;
    file.attrs = attrs;
    file.items = items;
    Ok(prettyplease::unparse(&file))
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

/// `text` after `head`, with a blank line between items, as a person would put them;
/// prettyplease leaves none.
fn space_items(text: &str, head: String) -> String {
    let mut out = head;
    out.reserve(text.len() + text.len() / 16);
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

#[cfg(test)]
mod tests {
    use quote::{format_ident, quote};

    use super::*;

    #[test]
    fn a_large_impl_block_prints_as_it_would_whole() {
        let methods = (0..3 * MEMBERS_PER_CHUNK + 5).map(|i| {
            let name = format_ident!("method_{i}");
            quote! {
                #[doc = " Does one thing."]
                pub async fn #name(&self, value: &str) -> Result<Vec<u8>, String> {
                    if value.is_empty() { return Err(String::new()); }
                    Ok(value.as_bytes().to_vec())
                }
            }
        });
        let tokens = quote! {
            //! A module.
            use std::fmt;
            #[allow(clippy::all)]
            impl<'a> Thing<'a> where 'a: 'static { #(#methods)* }
            pub struct After;
        };
        let whole = prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap());
        let crate_ = EmittedCrate { header: "head".into(), files: vec![("x.rs".into(), Emitted::Rust(tokens))] };
        let formatted = format_crate(crate_).unwrap().files.remove(Path::new("x.rs")).unwrap();
        assert_eq!(formatted, space_items(&whole, "// head\n\n".into()));
    }
}
