//! Keeps a request on the path it names.
//!
//! URL parsing resolves dot segments: `/v2/items/..` becomes `/v2/`, and so does
//! `/v2/items/%2e%2E`, since the URL standard treats `%2e` as a dot. A path parameter whose
//! value is `.` or `..` (path values are percent-encoded, but `.` is an unreserved character
//! and stays as it is) would therefore send the request, and its credentials, to another
//! endpoint, as would an empty value that leaves `/v2/items/` behind. Such paths are
//! refused before anything is sent; the same check keeps dot segments out of base URLs.

use percent_encoding::percent_decode;

use super::error::InvalidRequest;

/// Checks an encoded request path against the operation's template: no segment may be a
/// dot segment, and no segment that is one whole parameter may be empty.
///
/// This runs for every request, so it first looks once at each byte for anything that
/// could be wrong (a dot, a `%`, a `\\`, an empty segment) and is done for most paths.
pub(super) fn check_request_path(
    operation: &str,
    template: &str,
    path: &str,
) -> Result<(), InvalidRequest> {
    if !needs_a_closer_look(path.as_bytes()) {
        return Ok(());
    }
    if has_dot_segment(path) {
        return Err(InvalidRequest::new(format!(
            "a path parameter of `{operation}` is `.` or `..`, which would send the request to \
             another path"
        )));
    }
    // Encoded values never contain `/`, so the segments line up with the template's.
    if segments(template).count() != segments(path).count() {
        return Ok(());
    }
    let empty_parameter = segments(template)
        .zip(segments(path))
        .any(|(pattern, segment)| segment.is_empty() && is_one_parameter(pattern));
    if empty_parameter {
        return Err(InvalidRequest::new(format!(
            "a path parameter of `{operation}` is empty, which would send the request to \
             another path"
        )));
    }
    Ok(())
}

/// Whether `path` has a byte that could start a dot segment, or an empty segment.
fn needs_a_closer_look(path: &[u8]) -> bool {
    let mut after_slash = false;
    for &b in path {
        match b {
            b'.' | b'%' | b'\\' => return true,
            b'/' if after_slash => return true,
            _ => {}
        }
        after_slash = b == b'/';
    }
    after_slash
}

/// Whether any segment of `path` is one that URL parsing resolves away. `\` separates
/// segments too in `http` and `https` URLs.
pub(super) fn has_dot_segment(path: &str) -> bool {
    path.as_bytes()
        .split(|&b| b == b'/' || b == b'\\')
        .any(is_dot_segment)
}

/// `.` or `..`, written with `%2e` or not: URL parsing drops tabs and line breaks and reads
/// `%2e` as a dot, so the check does too.
fn is_dot_segment(segment: &[u8]) -> bool {
    // Nearly every segment takes this exit, without allocating.
    if !segment.iter().any(|&b| b == b'.' || b == b'%') {
        return false;
    }
    let cleaned: Vec<u8> = segment
        .iter()
        .copied()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .collect();
    let decoded: Vec<u8> = percent_decode(&cleaned).collect();
    decoded == b"." || decoded == b".."
}

fn segments(text: &str) -> impl Iterator<Item = &[u8]> {
    text.as_bytes().split(|&b| b == b'/')
}

fn is_one_parameter(pattern: &[u8]) -> bool {
    pattern.len() > 2
        && pattern.first() == Some(&b'{')
        && pattern.last() == Some(&b'}')
        && pattern.iter().filter(|&&b| b == b'{').count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_in_every_spelling() {
        for dot in [
            ".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E", ".\t.", "%2e\n",
        ] {
            assert!(is_dot_segment(dot.as_bytes()), "{dot:?}");
        }
        for fine in ["", "...", "a.b", ".a", "%252e", "%2f", "%2e%2e%2e", "v1.2"] {
            assert!(!is_dot_segment(fine.as_bytes()), "{fine:?}");
        }
        assert!(has_dot_segment("/a\\..\\b"));
    }

    #[test]
    fn request_paths_are_checked_against_their_template() {
        let check = |template, path| check_request_path("op", template, path).is_ok();
        assert!(check("/items/{id}", "/items/a%2F..%2Fb"));
        assert!(check("/items/{id}", "/items/..."));
        assert!(!check("/items/{id}", "/items/.."));
        assert!(!check("/items/{id}", "/items/."));
        assert!(!check("/items/{id}", "/items/"));
        assert!(!check("/items/{id}/tags", "/items//tags"));
        // A parameter that is part of a segment may be empty: the segment stays.
        assert!(check("/files/v{version}", "/files/v"));
        assert!(check("/items/", "/items/"));
    }
}
