//! Credentials, where their secrets come from, and how they are attached to requests.
//!
//! A fixed credential is rendered into what it adds to a request once, when the client is
//! built. A provided one asks its [`TokenProvider`] for the secret on every attempt and is
//! rendered then; after a 401 the provider is asked once more, told which secret was
//! rejected, and the call is retried once with the fresh one.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::error::InvalidRequest;
use super::hooks::BoxError;
use super::secret::Secret;

/// A credential for one security scheme of the API.
///
/// `Debug` never shows the secret parts.
#[derive(Clone)]
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
    /// A credential sent the way `kind` says, whose secret is asked of
    /// `provider` before every attempt (see [`TokenProvider`]).
    Provided {
        /// How the secret is sent.
        kind: CredentialKind,
        /// Where the secret comes from.
        provider: Arc<dyn TokenProvider>,
    },
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Bearer(token) => f.debug_tuple("Bearer").field(token).finish(),
            Credential::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", password)
                .finish(),
            Credential::ApiKey { location, name, value } => f
                .debug_struct("ApiKey")
                .field("location", location)
                .field("name", name)
                .field("value", value)
                .finish(),
            Credential::Provided { kind, .. } => f
                .debug_struct("Provided")
                .field("kind", kind)
                .finish_non_exhaustive(),
        }
    }
}

/// How a [provided](Credential::Provided) secret is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialKind {
    /// `Authorization: Bearer <secret>`.
    Bearer,
    /// `Authorization: Basic <base64(username:secret)>`.
    Basic {
        /// The user name.
        username: String,
    },
    /// The secret as an API key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
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

/// What a [`TokenProvider`] returns: a future of the current secret.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, BoxError>> + Send + 'a>>;

/// An async source of a credential's current secret, such as an OAuth 2 access token that
/// expires.
///
/// The client asks for the secret before every attempt and keeps nothing itself, so the
/// provider decides what to cache and for how long. When the server answers 401, the client
/// asks once more with [`TokenRequest::rejected`] set to the secret it had just sent, and if
/// it gets a different one, retries the call once with it. An error ends the call as
/// [`Error::Credential`](super::Error::Credential), without sending anything.
///
/// ```text
/// impl TokenProvider for MyTokens {
///     fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
///         Box::pin(async move {
///             match (self.cached(), request.rejected()) {
///                 (Some(token), rejected) if rejected != Some(&token) => Ok(token),
///                 _ => self.fetch_new().await,
///             }
///         })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    /// The secret to send now.
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a>;
}

/// A shared provider is a provider, so one can serve many clients.
impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        (**self).token(request)
    }
}

/// What a [`TokenProvider`] is told when asked for a secret.
#[derive(Debug, Clone, Copy)]
pub struct TokenRequest<'a> {
    pub(super) scheme: &'static str,
    pub(super) operation_id: &'static str,
    pub(super) rejected: Option<&'a Secret>,
}

impl<'a> TokenRequest<'a> {
    /// The security scheme the secret is for, as the API description names it.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The `operationId` of the call the secret is for.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The secret the server has just refused with a 401, when that is why the provider is
    /// asked: return a fresh one, not this one again.
    pub fn rejected(&self) -> Option<&'a Secret> {
        self.rejected
    }
}

/// What one credential adds to a request.
#[derive(Clone)]
pub(super) enum Attachment {
    Header(HeaderName, HeaderValue),
    /// An already percent-encoded `name=value` query pair.
    Query(String),
    /// A `name=value` cookie pair, the value already encoded.
    Cookie(String),
}

/// A credential as the built client keeps it.
pub(super) enum Source {
    /// Rendered once, when the client was built.
    Fixed(Attachment),
    /// Rendered for every attempt from what the provider returns.
    Provided(CredentialKind, Arc<dyn TokenProvider>),
}

/// Prepares a credential for the scheme named `scheme`; a fixed one that cannot be sent in
/// a header fails here, when the client is built.
pub(super) fn source(scheme: &str, credential: &Credential) -> Result<Source, InvalidRequest> {
    let (kind, secret) = match credential {
        Credential::Provided { kind, provider } => {
            return Ok(Source::Provided(kind.clone(), Arc::clone(provider)));
        }
        Credential::Bearer(token) => (CredentialKind::Bearer, token),
        Credential::Basic { username, password } => {
            (CredentialKind::Basic { username: username.clone() }, password)
        }
        Credential::ApiKey { location, name, value } => {
            (CredentialKind::ApiKey { location: *location, name: name.clone() }, value)
        }
    };
    render(scheme, &kind, secret).map(Source::Fixed)
}

/// What sending `secret` the way `kind` says adds to a request.
pub(super) fn render(
    scheme: &str,
    kind: &CredentialKind,
    secret: &Secret,
) -> Result<Attachment, InvalidRequest> {
    Ok(match kind {
        CredentialKind::Bearer => Attachment::Header(
            AUTHORIZATION,
            sensitive(scheme, &format!("Bearer {}", secret.expose()))?,
        ),
        CredentialKind::Basic { username } => {
            let raw = format!("{username}:{}", secret.expose());
            let value = sensitive(scheme, &format!("Basic {}", base64(raw.as_bytes())))?;
            Attachment::Header(AUTHORIZATION, value)
        }
        CredentialKind::ApiKey {
            location: ApiKeyLocation::Header,
            name,
        } => {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                InvalidRequest::new(format!(
                    "credential `{scheme}`: `{name}` is not a valid header name"
                ))
            })?;
            Attachment::Header(header, sensitive(scheme, secret.expose())?)
        }
        CredentialKind::ApiKey {
            location: ApiKeyLocation::Query,
            name,
        } => Attachment::Query(format!(
            "{}={}",
            super::encoding::encode_path_segment(name),
            super::encoding::encode_path_segment(secret.expose())
        )),
        CredentialKind::ApiKey {
            location: ApiKeyLocation::Cookie,
            name,
        } => Attachment::Cookie(format!(
            "{name}={}",
            super::encoding::encode_cookie(secret.expose())
        )),
    })
}

/// Picks the first security alternative that the client has credentials for.
///
/// An empty alternative means anonymous access is allowed, so if it comes first nothing is
/// sent. If no alternative is satisfied nothing is sent either, and the server's 401 tells
/// the caller what is missing.
pub(super) fn chosen<'a>(
    credentials: &'a [(&'static str, Source)],
    security: &[&[&str]],
) -> Vec<&'a (&'static str, Source)> {
    let find = |scheme: &str| credentials.iter().find(|(s, _)| *s == scheme);
    let alternative = security
        .iter()
        .find(|alt| alt.iter().all(|scheme| find(scheme).is_some()));
    alternative
        .into_iter()
        .flat_map(|alt| alt.iter())
        .filter_map(|scheme| find(scheme))
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
