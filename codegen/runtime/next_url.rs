//! Checking a next-page URL the server gave before the client follows it.
//!
//! Following a URL from a response sends the operation's credentials and headers wherever
//! that URL points, so it is followed only when it stays on the client's base URL: the same
//! scheme, host and port, and a path under the base URL's path. Anything else is an error,
//! never a request.

use reqwest::Url;

use super::error::InvalidRequest;

/// Where a checked next-page URL sends the request.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct NextTarget {
    /// The path below the base URL's path, encoded, starting with `/` (or empty).
    pub(super) path: String,
    /// The encoded query, without `?` (empty when there is none).
    pub(super) query: String,
    /// The whole URL, to tell a repeated page and to resolve the link after it.
    pub(super) url: Url,
}

/// Whether a next-page value from a response body reads as a URL: absolute, or a path from
/// the root (`/…`, `//host/…`) or a query (`?…`). A bare word is more likely a cursor the
/// spec did not describe than a relative path, so it is not resolved against anything.
pub(super) fn looks_like_url(value: &str) -> bool {
    let value = value.trim();
    value.starts_with(['/', '?']) || Url::parse(value).is_ok_and(|url| !url.cannot_be_a_base())
}

/// Resolves `link` (absolute, or relative to `current`, the URL of the page that gave it)
/// and checks that it stays on `base_url`.
pub(super) fn within_base(
    base_url: &str,
    current: &Url,
    link: &str,
) -> Result<NextTarget, InvalidRequest> {
    let base = Url::parse(base_url)
        .map_err(|e| InvalidRequest::new(format!("the base URL is not valid: {e}")))?;
    // The URL is not echoed: it may carry a credential the server put in it.
    let mut url = current.join(link.trim()).map_err(|e| {
        InvalidRequest::new(format!("the server's next-page URL is not valid: {e}"))
    })?;
    url.set_fragment(None);
    let refuse = |what: &str| {
        Err(InvalidRequest::new(format!(
            "the server's next-page URL {what}, so it was not followed: only URLs under the client's base URL are"
        )))
    };
    if url.scheme() != base.scheme() {
        return refuse("has another scheme");
    }
    if url.host() != base.host() || url.port_or_known_default() != base.port_or_known_default() {
        return refuse("points to another host or port");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("carries user credentials");
    }
    let prefix = base.path().trim_end_matches('/');
    let path = match url.path().strip_prefix(prefix) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.to_owned(),
        _ => return refuse("is outside the base URL's path"),
    };
    let query = url.query().unwrap_or_default().to_owned();
    Ok(NextTarget { path, query, url })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn follow(base: &str, current: &str, link: &str) -> Result<(String, String), String> {
        within_base(base, &Url::parse(current).unwrap(), link)
            .map(|t| (t.path, t.query))
            .map_err(|e| e.to_string())
    }

    fn ok(path: &str, query: &str) -> Result<(String, String), String> {
        Ok((path.to_owned(), query.to_owned()))
    }

    #[test]
    fn follows_absolute_and_relative_urls_on_the_base() {
        let base = "https://api.example.com/v2";
        let current = "https://api.example.com/v2/items?limit=2";
        assert_eq!(
            follow(base, current, "https://api.example.com/v2/items?page=2"),
            ok("/items", "page=2")
        );
        assert_eq!(
            follow(
                base,
                current,
                "https://API.example.com:443/v2/items?page=2#top"
            ),
            ok("/items", "page=2")
        );
        assert_eq!(
            follow(base, current, "/v2/items?page=3&limit=2"),
            ok("/items", "page=3&limit=2")
        );
        assert_eq!(follow(base, current, "?page=4"), ok("/items", "page=4"));
        assert_eq!(follow(base, current, "others"), ok("/others", ""));
        assert_eq!(follow(base, current, " /v2 "), ok("", ""));
        assert_eq!(
            follow(
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080/a",
                "/b?c=%2B"
            ),
            ok("/b", "c=%2B")
        );
    }

    #[test]
    fn only_urls_and_paths_read_as_urls() {
        for url in [
            "https://api.example.com/v2/items?page=2",
            "/v2/items?page=2",
            "?page=2",
            "//h/x",
            " /a ",
        ] {
            assert!(looks_like_url(url), "{url}");
        }
        for word in [
            "abc123",
            "2",
            "eyJwYWdlIjoyfQ==",
            "page2.json",
            "mailto:a@b.c",
            "",
        ] {
            assert!(!looks_like_url(word), "{word}");
        }
    }

    #[test]
    fn refuses_other_hosts_schemes_ports_and_paths() {
        let base = "https://api.example.com/v2";
        let current = "https://api.example.com/v2/items";
        let refused = |link: &str, why: &str| {
            let error = follow(base, current, link).unwrap_err();
            assert!(error.contains(why), "{link}: {error}");
            assert!(!error.contains("evil"), "the URL is not echoed: {error}");
        };
        refused("https://evil.example/v2/items", "another host");
        refused("//evil.example/v2/items", "another host");
        refused("/\\evil.example/v2/items", "another host");
        refused(
            "https://api.example.com.evil.example/v2/items",
            "another host",
        );
        refused("http://api.example.com/v2/items", "another scheme");
        refused(
            "https://api.example.com:8443/v2/items",
            "another host or port",
        );
        refused(
            "https://evil:secret@api.example.com/v2/items",
            "user credentials",
        );
        refused("/v3/items", "outside the base URL's path");
        refused("/v20/items", "outside the base URL's path");
        refused("/v2/../admin", "outside the base URL's path");
        refused("/v2/%2e%2e/admin", "outside the base URL's path");
        refused("http://[::1", "not valid");
    }
}
