//! Rust identifiers: keywords become raw identifiers, names stay unique within their scope.

use proc_macro2::{Ident, Span};

use crate::ir::{Namespace, snake_name};

/// Words that cannot be identifiers at all, not even raw ones.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
    "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// An identifier for `name`, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Whether [`ident`] makes a raw identifier of `name` (rustdoc links cannot name those).
pub fn is_raw(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Unique snake_case names for a list of wire names, in order; `taken` are reserved.
pub fn snake_names<'a>(wire_names: impl IntoIterator<Item = &'a str>, taken: &[&str]) -> Vec<String> {
    unique_names(wire_names.into_iter().map(snake_name), taken, "_")
}

/// Each base name, suffixed with `{separator}2`, `{separator}3`, … where it repeats an earlier
/// one or a `taken` name.
pub fn unique_names(bases: impl IntoIterator<Item = String>, taken: &[&str], separator: &str) -> Vec<String> {
    let mut names = Namespace::with_reserved(taken);
    bases.into_iter().map(|base| names.unique_with(&base, separator)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("name").to_string(), "name");
    }

    #[test]
    fn colliding_names_get_suffixes() {
        assert_eq!(snake_names(["fooBar", "foo_bar", "foo-bar"], &[]), ["foo_bar", "foo_bar_2", "foo_bar_3"]);
        assert_eq!(snake_names(["body"], &["body"]), ["body_2"]);
    }
}
