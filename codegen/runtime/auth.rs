//! Credentials and how they are attached to requests.

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::error::InvalidRequest;
use super::secret::Secret;

/// A credential for one security scheme of the API.
///
/// `Debug` never shows the secret parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// `Authorization: Basic <base64(username:password)>`.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
    /// An API key sent in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
        /// The key.
        value: Secret,
    },
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a request header.
    Header,
    /// In a query parameter.
    Query,
    /// In a cookie.
    Cookie,
}

/// What one credential adds to a request, rendered once when the client is
/// built rather than on every call.
pub(super) enum Attachment {
    Header(HeaderName, HeaderValue),
    /// An already percent-encoded `name=value` query pair.
    Query(String),
    /// A `name=value` cookie pair, the value already encoded.
    Cookie(String),
}

/// Renders a credential for the scheme named `scheme`; fails if it cannot
/// be sent in a header.
pub(super) fn render(scheme: &str, credential: &Credential) -> Result<Attachment, InvalidRequest> {
    Ok(match credential {
        Credential::Bearer(token) => Attachment::Header(
            AUTHORIZATION,
            sensitive(scheme, &format!("Bearer {}", token.expose()))?,
        ),
        Credential::Basic { username, password } => {
            let raw = format!("{username}:{}", password.expose());
            let value = sensitive(scheme, &format!("Basic {}", base64(raw.as_bytes())))?;
            Attachment::Header(AUTHORIZATION, value)
        }
        Credential::ApiKey {
            location: ApiKeyLocation::Header,
            name,
            value,
        } => {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                InvalidRequest::new(format!(
                    "credential `{scheme}`: `{name}` is not a valid header name"
                ))
            })?;
            Attachment::Header(header, sensitive(scheme, value.expose())?)
        }
        Credential::ApiKey {
            location: ApiKeyLocation::Query,
            name,
            value,
        } => Attachment::Query(format!(
            "{}={}",
            super::encoding::encode_path_segment(name),
            super::encoding::encode_path_segment(value.expose())
        )),
        Credential::ApiKey {
            location: ApiKeyLocation::Cookie,
            name,
            value,
        } => Attachment::Cookie(format!(
            "{name}={}",
            super::encoding::encode_cookie(value.expose())
        )),
    })
}

/// Picks the first security alternative that the client has credentials for
/// and returns what they add to the request.
///
/// An empty alternative means anonymous access is allowed, so if it comes
/// first nothing is sent. If no alternative is satisfied nothing is sent
/// either, and the server's 401 tells the caller what is missing.
pub(super) fn chosen<'a>(
    credentials: &'a [(&'static str, Attachment)],
    security: &[&[&str]],
) -> Vec<&'a Attachment> {
    let find = |scheme: &str| credentials.iter().find(|(s, _)| *s == scheme);
    let alternative = security
        .iter()
        .find(|alt| alt.iter().all(|scheme| find(scheme).is_some()));
    alternative
        .into_iter()
        .flat_map(|alt| alt.iter())
        .filter_map(|scheme| find(scheme).map(|(_, attachment)| attachment))
        .collect()
}

fn sensitive(scheme: &str, text: &str) -> Result<HeaderValue, InvalidRequest> {
    let mut value = HeaderValue::from_str(text).map_err(|_| {
        InvalidRequest::new(format!(
            "credential `{scheme}` contains characters not allowed in HTTP headers"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Standard base64 with padding (RFC 4648), for Basic auth only; too small
/// to justify another dependency.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(super::base64(input.as_bytes()), expected);
        }
    }
}
