//! Reading the RFC 8288 `Link` response header, where APIs such as GitHub's put the URL of
//! the next page: `Link: <https://api.example.com/items?page=2>; rel="next", <…>; rel="last"`.

use reqwest::header::{HeaderMap, LINK};

/// The target of the first link whose relation types include `next`, across every `Link`
/// header of the response; as written, not yet resolved against any URL.
pub(super) fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(links)
        .find(|link| link.rels.iter().any(|rel| rel.eq_ignore_ascii_case("next")))
        .map(|link| link.target.to_owned())
}

/// One link-value: its target and the relation types of its first `rel` parameter.
#[derive(Debug, PartialEq)]
struct Link<'a> {
    target: &'a str,
    rels: Vec<String>,
}

/// The links of one header value, in order. Parsing stops at the first malformed link, so a
/// damaged header yields the links before the damage and never a guessed one.
fn links(value: &str) -> Vec<Link<'_>> {
    let mut links = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || is_space(c));
        if rest.is_empty() {
            return links;
        }
        match link(rest) {
            Some((link, after)) if after.is_empty() || after.starts_with(',') => {
                links.push(link);
                rest = after;
            }
            _ => return links,
        }
    }
}

/// `<target>` then `; name[=value]` parameters; the text after the link-value.
fn link(text: &str) -> Option<(Link<'_>, &str)> {
    let (target, mut rest) = text.strip_prefix('<')?.split_once('>')?;
    let mut rels = None;
    loop {
        rest = rest.trim_start_matches(is_space);
        let Some(after) = rest.strip_prefix(';') else {
            break;
        };
        let (name, value, after) = parameter(after.trim_start_matches(is_space))?;
        // Only the first `rel` counts (RFC 8288, section 3.3).
        if name.eq_ignore_ascii_case("rel") && rels.is_none() {
            rels = Some(
                value
                    .split(is_space)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
        rest = after;
    }
    Some((
        Link {
            target: target.trim_matches(is_space),
            rels: rels.unwrap_or_default(),
        },
        rest,
    ))
}

/// `name`, `name=token` or `name="quoted \"string\""`: the name, the unquoted value and the
/// text after the parameter.
fn parameter(text: &str) -> Option<(&str, String, &str)> {
    let name_end = text.find(|c: char| !is_token(c)).unwrap_or(text.len());
    if name_end == 0 {
        return None;
    }
    let (name, rest) = text.split_at(name_end);
    let rest = rest.trim_start_matches(is_space);
    let Some(value) = rest.strip_prefix('=') else {
        return Some((name, String::new(), rest));
    };
    let value = value.trim_start_matches(is_space);
    if let Some(quoted) = value.strip_prefix('"') {
        let (unquoted, after) = quoted_string(quoted)?;
        return Some((name, unquoted, after));
    }
    let end = value.find(|c: char| !is_token(c)).unwrap_or(value.len());
    Some((name, value[..end].to_owned(), &value[end..]))
}

/// The contents of a quoted string whose opening quote is already consumed, with `\`
/// escapes undone; `None` when the closing quote is missing.
fn quoted_string(text: &str) -> Option<(String, &str)> {
    let mut unquoted = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((unquoted, &text[i + 1..])),
            '\\' => unquoted.push(chars.next()?.1),
            c => unquoted.push(c),
        }
    }
    None
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// RFC 9110 `tchar`.
fn is_token(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn rels(value: &str) -> Vec<(&str, Vec<String>)> {
        links(value)
            .into_iter()
            .map(|l| (l.target, l.rels))
            .collect()
    }

    fn next_of(values: &[&str]) -> Option<String> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(LINK, HeaderValue::from_str(value).unwrap());
        }
        next_link(&headers)
    }

    #[test]
    fn finds_next_among_several_links() {
        let github = r#"<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last""#;
        assert_eq!(
            next_of(&[github]).as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        let first_is_prev = r#"<https://x/?page=1>; rel="prev", <https://x/?page=3>; rel="next""#;
        assert_eq!(
            next_of(&[first_is_prev]).as_deref(),
            Some("https://x/?page=3")
        );
        assert_eq!(next_of(&[r#"<https://x/?page=1>; rel="prev""#]), None);
        assert_eq!(next_of(&[]), None);
    }

    #[test]
    fn reads_parameters_in_any_order_and_case() {
        assert_eq!(
            next_of(&[r#"</p2>; title="Next page"; REL=Next"#]).as_deref(),
            Some("/p2")
        );
        assert_eq!(
            next_of(&[r#"</p2>;type="text/html";rel="prev next""#]).as_deref(),
            Some("/p2")
        );
        assert_eq!(next_of(&["</p2> ; rel = next"]).as_deref(), Some("/p2"));
    }

    #[test]
    fn keeps_commas_and_semicolons_inside_quotes_and_targets() {
        let value = r#"<https://x/a?q=1,2;3>; title="a, b; rel=next", <https://x/b>; rel="next""#;
        assert_eq!(
            rels(value),
            [
                ("https://x/a?q=1,2;3", vec![]),
                ("https://x/b", vec!["next".to_owned()])
            ]
        );
        assert_eq!(next_of(&[value]).as_deref(), Some("https://x/b"));
        assert_eq!(rels(r#"<a>; title="say \"hi\""; rel=next"#)[0].1, ["next"]);
    }

    #[test]
    fn only_the_first_rel_counts() {
        assert_eq!(next_of(&[r#"</a>; rel="prev"; rel="next""#]), None);
    }

    #[test]
    fn reads_every_link_header_of_the_response() {
        assert_eq!(
            next_of(&[r#"</a>; rel="prev""#, r#"</b>; rel="next""#]).as_deref(),
            Some("/b")
        );
    }

    #[test]
    fn stops_at_damage_without_guessing() {
        assert_eq!(rels("</a>; rel=next, garbage, </b>; rel=next").len(), 1);
        assert_eq!(next_of(&[r#"</a>; rel="next"#]), None);
        assert_eq!(next_of(&["</a; rel=next"]), None);
        assert_eq!(next_of(&["<a> rel=next"]), None);
        assert_eq!(next_of(&["</a>; =next"]), None);
        assert_eq!(
            rels(" , ,</a>;rel=next,"),
            [("/a", vec!["next".to_owned()])]
        );
    }
}
