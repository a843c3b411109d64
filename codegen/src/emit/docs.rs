//! Spec descriptions as rustdoc: Markdown kept, but nothing rustdoc would compile or warn on.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = …]` attributes for `text`, one per line.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// `#![doc = …]` attributes (documentation of the enclosing module or crate) for `text`.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let attrs = sanitize(text).into_iter().map(|line| {
        let line = if line.is_empty() { line } else { format!(" {line}") };
        quote! { #![doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// `#![doc = …]` attributes for text this generator wrote (links kept as they are).
pub fn own_inner_doc_attrs(text: &str) -> TokenStream {
    let attrs = text.lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #![doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// Documentation from optional parts, separated by blank lines; `fallback` when all are empty.
pub fn doc_parts(parts: &[Option<&str>], fallback: &str) -> TokenStream {
    let present: Vec<&str> = parts.iter().flatten().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    if present.is_empty() {
        doc_attrs(fallback)
    } else {
        doc_attrs(&present.join("\n\n"))
    }
}

/// Lines of rustdoc-safe Markdown.
///
/// Code fences become `text` blocks (rustdoc would run them as Rust doctests), indentation
/// is dropped outside fences (four spaces would start an indented Rust code block), and
/// brackets, HTML-like tags and bare URLs are escaped so rustdoc's lints stay quiet. Control
/// characters (a C1 control YAML read from a quoted string) are shown as their escapes.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    let text: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| if c.is_control() && !matches!(c, '\n' | '\t') { c.escape_unicode().to_string() } else { c.to_string() })
        .collect();
    for raw in text.trim().lines() {
        let trimmed = raw.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            lines.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
        } else if in_fence {
            lines.push(raw.to_owned());
        } else {
            lines.push(escape_line(trimmed.trim_end()));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// Escapes one line of prose, leaving inline code spans as they are.
fn escape_line(line: &str) -> String {
    let pieces: Vec<&str> = line.split('`').collect();
    let code = |i: usize| i % 2 == 1 && i + 1 < pieces.len();
    // Brackets are judged on the whole line with code spans blanked out, so a link whose text
    // holds code (`[`301 Moved` status](url)`) stays a link.
    let shadow: Vec<char> = pieces
        .iter()
        .enumerate()
        .flat_map(|(i, piece)| {
            let blanked = piece.chars().map(move |c| if code(i) { ' ' } else { c });
            (i > 0).then_some('`').into_iter().chain(blanked)
        })
        .collect();
    let mut out = String::with_capacity(line.len());
    let mut offset = 0;
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.push('`');
            offset += 1;
        }
        if code(i) {
            out.push_str(piece);
        } else {
            out.push_str(&escape_prose(piece, &shadow, offset));
        }
        offset += piece.chars().count();
    }
    out
}

/// Escapes prose that starts at `offset` in a line whose brackets `shadow` shows.
fn escape_prose(text: &str, shadow: &[char], offset: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' if !starts_link(shadow, offset + i) => out.push_str("\\["),
            ']' if shadow.get(offset + i + 1).is_none_or(|n| *n != '(') => out.push_str("\\]"),
            '<' if starts_tag(&chars, i) => {
                // An HTML-like tag reads best, and renders safely, as code.
                let end = i + chars[i..].iter().position(|c| *c == '>').unwrap_or(0);
                out.push('`');
                out.extend(&chars[i..=end]);
                out.push('`');
                i = end + 1;
                continue;
            }
            '<' if !starts_autolink(&chars, i) => out.push_str("&lt;"),
            'h' if starts_bare_url(&chars, i) => {
                let end = chars[i..].iter().position(|c| c.is_whitespace()).map_or(chars.len(), |p| i + p);
                let url: String = chars[i..end].iter().collect();
                let trimmed = url.trim_end_matches(['.', ',', ')', ';', ':']);
                out.push('<');
                out.push_str(trimmed);
                out.push('>');
                out.push_str(&url[trimmed.len()..]);
                i = end;
                continue;
            }
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// `[text](url)`: a Markdown link that rustdoc resolves as it is.
fn starts_link(chars: &[char], open: usize) -> bool {
    let Some(close) = chars[open..].iter().position(|c| *c == ']') else { return false };
    chars.get(open + close + 1) == Some(&'(')
}

fn starts_autolink(chars: &[char], open: usize) -> bool {
    let rest: String = chars[open + 1..].iter().take(8).collect();
    (rest.starts_with("http://") || rest.starts_with("https://")) && chars[open..].contains(&'>')
}

/// `<Warning>`, `</b>`, `<br/>`: a tag name right after `<` and a `>` on the same line.
fn starts_tag(chars: &[char], open: usize) -> bool {
    let name_start = if chars.get(open + 1) == Some(&'/') { open + 2 } else { open + 1 };
    let starts_name = chars.get(name_start).is_some_and(|c| c.is_ascii_alphabetic());
    let close = chars[open..].iter().position(|c| *c == '>');
    starts_name && close.is_some_and(|len| chars[open + 1..open + len].iter().all(|c| *c != '<' && *c != '`'))
        && !starts_autolink(chars, open)
}

fn starts_bare_url(chars: &[char], at: usize) -> bool {
    let rest: String = chars[at..].iter().take(8).collect();
    let preceded_ok = at == 0 || !matches!(chars[at - 1], '(' | '<' | '"' | '\'' | '/' | '=') && !chars[at - 1].is_alphanumeric();
    preceded_ok && (rest.starts_with("http://") || rest.starts_with("https://"))
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn fences_become_text_blocks() {
        assert_eq!(sanitize("a\n```\nlet x;\n```"), ["a", "```text", "let x;", "```"]);
    }

    #[test]
    fn html_brackets_and_urls_are_escaped() {
        assert_eq!(sanitize("<Warning>alpha</Warning>"), ["`<Warning>`alpha`</Warning>`"]);
        assert_eq!(sanitize("a < b"), ["a &lt; b"]);
        assert_eq!(sanitize("see [here](https://x.io) or [1]"), ["see [here](https://x.io) or \\[1\\]"]);
        assert_eq!(sanitize("at https://x.io/a."), ["at <https://x.io/a>."]);
        assert_eq!(sanitize("keep `a[0] <b>` as is"), ["keep `a[0] <b>` as is"]);
    }

    #[test]
    fn a_link_whose_text_holds_code_stays_a_link() {
        assert_eq!(sanitize("a [`301 Moved` status](https://x.io/a) b"), ["a [`301 Moved` status](https://x.io/a) b"]);
        assert_eq!(sanitize("[`x`] and `[y]` and [z`]`"), ["\\[`x`\\] and `[y]` and \\[z`]`"]);
    }

    #[test]
    fn indentation_is_dropped_outside_fences() {
        assert_eq!(sanitize("a\n\n    indented"), ["a", "", "indented"]);
    }
}
