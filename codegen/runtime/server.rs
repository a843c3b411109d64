//! Checks for values substituted into server URL templates, so a variable
//! cannot redirect requests (and credentials) to another host or path.

use super::error::InvalidRequest;

/// Checks that a server variable used as the host is a bare `host[:port]`
/// (or `[ipv6]:port`), with no path, user info, query or fragment.
#[doc(hidden)]
pub fn check_host(variable: &str, value: &str) -> Result<(), InvalidRequest> {
    let fail = |what: &str| {
        Err(InvalidRequest::new(format!(
            "server variable `{variable}` {what}"
        )))
    };
    if value.is_empty() {
        return fail("is empty");
    }
    if let Some(c) = value.chars().find(|c| forbidden_in_host(*c)) {
        return fail(&format!("must be a bare host[:port] but contains {c:?}"));
    }
    let (host, port) = match split_host_port(value) {
        Ok(parts) => parts,
        Err(what) => return fail(what),
    };
    if host.is_empty() {
        return fail("has an empty host");
    }
    match port {
        Some(port) if !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err() => {
            fail("has a port that is not a number from 0 to 65535")
        }
        _ => Ok(()),
    }
}

fn forbidden_in_host(c: char) -> bool {
    matches!(c, '/' | '\\' | '@' | '?' | '#' | '%') || c.is_whitespace() || c.is_control()
}

fn split_host_port(value: &str) -> Result<(&str, Option<&str>), &'static str> {
    if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']').ok_or("has an unclosed `[`")?;
        return match after {
            "" => Ok((inside, None)),
            _ => after
                .strip_prefix(':')
                .map(|p| (inside, Some(p)))
                .ok_or("has text after `]`"),
        };
    }
    if value.contains(['[', ']']) {
        return Err("has a misplaced `[` or `]`");
    }
    match value.split_once(':') {
        Some((_, port)) if port.contains(':') => {
            Err("has more than one `:` (put IPv6 addresses in brackets)")
        }
        Some((host, port)) => Ok((host, Some(port))),
        None => Ok((value, None)),
    }
}

/// Checks a server variable used in the path part of a server URL: it may
/// not start a query or fragment, contain whitespace or control characters,
/// nor hold a `.` or `..` segment, which would move the base path.
#[doc(hidden)]
pub fn check_path_variable(variable: &str, value: &str) -> Result<(), InvalidRequest> {
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '?' | '#') || c.is_whitespace() || c.is_control())
    {
        return Err(InvalidRequest::new(format!(
            "server variable `{variable}` may not contain {c:?}"
        )));
    }
    if super::path::has_dot_segment(value) {
        return Err(InvalidRequest::new(format!(
            "server variable `{variable}` may not hold a `.` or `..` segment"
        )));
    }
    Ok(())
}
