//! Globs over `/`-separated text, for choosing operations by path and webhooks by name.
//!
//! Two wildcards only: `*` matches any run of characters within one segment, and `**` as a
//! whole segment matches any number of segments, none included. Everything else is literal,
//! the braces of a path template (`{owner}`) too: general glob syntax reads `{a,b}` as a choice
//! and `[…]` as a class, which would make every templated path a pattern of something else.

use crate::ir::Method;

/// A compiled glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    text: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// `**`: any number of whole segments.
    AnyDepth,
    /// Literal pieces with a `*` between each two.
    Pieces(Vec<String>),
}

impl Glob {
    /// Compiles a glob; every text is one.
    pub fn new(text: &str) -> Self {
        let segments = text
            .split('/')
            .map(|segment| match segment {
                "**" => Segment::AnyDepth,
                _ => Segment::Pieces(segment.split('*').map(str::to_owned).collect()),
            })
            .collect();
        Glob { text: text.to_owned(), segments }
    }

    /// The glob as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the whole of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        let parts: Vec<&str> = text.split('/').collect();
        // matched[j]: the segments so far can match the first j parts (a linear table per
        // segment, so `**` never backtracks exponentially).
        let mut matched = vec![false; parts.len() + 1];
        matched[0] = true;
        for segment in &self.segments {
            let mut next = vec![false; parts.len() + 1];
            for j in 0..=parts.len() {
                match segment {
                    Segment::AnyDepth => next[j] = matched[..=j].iter().any(|m| *m),
                    Segment::Pieces(pieces) => next[j] = j > 0 && matched[j - 1] && pieces_match(pieces, parts[j - 1]),
                }
            }
            matched = next;
        }
        matched[parts.len()]
    }
}

/// Whether `text` is the pieces in order with anything (but `/`) between them.
fn pieces_match(pieces: &[String], text: &str) -> bool {
    let [first, middle @ .., last] = pieces else {
        return pieces.first().is_none_or(|only| only == text);
    };
    let Some(mut rest) = text.strip_prefix(first.as_str()) else { return false };
    for piece in middle {
        match rest.find(piece.as_str()) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last.as_str())
}

/// A path glob, optionally for one method only: `/repos/**`, `GET /user`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern {
    /// The method it is limited to, if any.
    pub method: Option<Method>,
    /// The glob over the path template as the spec writes it (`/repos/{owner}/{repo}`).
    pub path: Glob,
}

impl PathPattern {
    /// Reads `[METHOD ]/path`; the error says what a pattern looks like.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (method, path) = match text.split_once(' ') {
            Some((method, path)) => (Some(parse_method(method)?), path.trim_start()),
            None => (None, text),
        };
        if !path.starts_with('/') {
            return Err(format!(
                "`{text}` is not a path pattern: write the path as the spec does, starting with `/`, optionally after a method (`GET /repos/{{owner}}/**`)"
            ));
        }
        Ok(PathPattern { method, path: Glob::new(path) })
    }

    /// Whether an operation with this method and path template matches.
    pub fn matches(&self, method: Method, path: &str) -> bool {
        self.method.is_none_or(|m| m == method) && self.path.matches(path)
    }
}

fn parse_method(text: &str) -> Result<Method, String> {
    Ok(match text.to_ascii_lowercase().as_str() {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => return Err(format!("`{text}` is not an HTTP method; a path pattern is `/path` or `METHOD /path`, e.g. `GET /user`")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(glob: &str, text: &str) -> bool {
        Glob::new(glob).matches(text)
    }

    #[test]
    fn literal_text_matches_itself_only() {
        assert!(matches("/repos/{owner}/{repo}", "/repos/{owner}/{repo}"));
        assert!(!matches("/repos/{owner}/{repo}", "/repos/{owner}/{repo}/issues"));
        assert!(!matches("/repos/{owner,x}", "/repos/owner"));
        assert!(matches("/a[1]", "/a[1]"));
        assert!(!matches("/a[1]", "/a1"));
    }

    #[test]
    fn a_star_stays_within_one_segment() {
        assert!(matches("/repos/*/*/issues", "/repos/{owner}/{repo}/issues"));
        assert!(!matches("/repos/*", "/repos/{owner}/{repo}"));
        assert!(matches("/users/*-keys", "/users/gpg-keys"));
        assert!(matches("/*", "/"));
        assert!(matches("a*b*c", "abc"));
        assert!(matches("a*b*c", "a-b-b-c"));
        assert!(!matches("a*b*c", "a-c"));
        assert!(!matches("ab*ba", "aba"));
    }

    #[test]
    fn a_double_star_spans_any_number_of_segments() {
        assert!(matches("/repos/**", "/repos/{owner}/{repo}/issues/{issue_number}"));
        assert!(matches("/repos/**", "/repos"));
        assert!(matches("/repos/**/comments", "/repos/{owner}/{repo}/issues/comments"));
        assert!(matches("/repos/**/comments", "/repos/comments"));
        assert!(!matches("/repos/**/comments", "/repos/{owner}/comments/{id}"));
        assert!(matches("**", "/anything/at/all"));
        assert!(!matches("/repos/**", "/user/repos"));
    }

    #[test]
    fn many_double_stars_stay_fast() {
        let glob = Glob::new(&"/**".repeat(40));
        let path = "/a".repeat(200);
        assert!(glob.matches(&path));
        assert!(!Glob::new(&format!("{}/b", "/**".repeat(40))).matches(&path));
    }

    #[test]
    fn path_patterns_take_an_optional_method() {
        let get = PathPattern::parse("GET /user").unwrap();
        assert!(get.matches(Method::Get, "/user"));
        assert!(!get.matches(Method::Post, "/user"));
        let any = PathPattern::parse("/user/**").unwrap();
        assert!(any.matches(Method::Delete, "/user/keys/{id}"));
        assert!(PathPattern::parse("patch /a").unwrap().matches(Method::Patch, "/a"));
        assert!(PathPattern::parse("FETCH /a").unwrap_err().contains("not an HTTP method"));
        assert!(PathPattern::parse("user/**").unwrap_err().contains("starting with `/`"));
    }
}
