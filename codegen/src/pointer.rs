//! JSON pointers (RFC 6901) in URI-fragment form, used to name places in a spec.

use std::fmt;

/// A location in a document, such as `#/paths/~1v2~1ai-integrations/get`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// This pointer extended by one unescaped token (`/` and `~` get escaped).
    pub fn push(&self, token: impl AsRef<str>) -> Self {
        let escaped = token.as_ref().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, escaped))
    }

    /// Parses a local reference such as `#/components/schemas/Pet`.
    ///
    /// Returns `None` for references into other documents, which are not supported.
    pub fn parse_reference(reference: &str) -> Option<Self> {
        let fragment = reference.strip_prefix('#')?;
        if !(fragment.is_empty() || fragment.starts_with('/')) {
            return None;
        }
        Some(Pointer(percent_decode(fragment)))
    }

    /// The unescaped tokens, root first.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~"))
    }

    /// The last unescaped token, if any.
    pub fn last(&self) -> Option<String> {
        self.tokens().last()
    }

    /// The pointer one token up; `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        self.0.rfind('/').map(|i| Pointer(self.0[..i].to_owned()))
    }

    /// What follows `prefix` (escaped, starting with `/`, or empty), when `prefix` is a
    /// whole-token prefix of this pointer.
    pub fn strip_prefix(&self, prefix: &Pointer) -> Option<&str> {
        let rest = self.0.strip_prefix(&prefix.0)?;
        (rest.is_empty() || rest.starts_with('/')).then_some(rest)
    }

    /// This pointer followed by an escaped remainder from [`Self::strip_prefix`].
    pub fn join(&self, escaped_rest: &str) -> Self {
        Pointer(format!("{}{escaped_rest}", self.0))
    }

    /// How many tokens deep the pointer goes.
    pub fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// Looks the pointer up in a JSON document.
    pub fn resolve<'a>(&self, document: &'a serde_json::Value) -> Option<&'a serde_json::Value> {
        if self.0.is_empty() {
            return Some(document);
        }
        document.pointer(&self.0)
    }

    /// Looks the pointer up in a JSON document, for changing it.
    pub fn resolve_mut<'a>(&self, document: &'a mut serde_json::Value) -> Option<&'a mut serde_json::Value> {
        if self.0.is_empty() {
            return Some(document);
        }
        document.pointer_mut(&self.0)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Decodes `%XX` escapes that URI fragments may carry; invalid escapes are kept as they are.
pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slashes_and_tildes() {
        let p = Pointer::root().push("paths").push("/v2/ai-integrations").push("a~b");
        assert_eq!(p.to_string(), "#/paths/~1v2~1ai-integrations/a~0b");
        assert_eq!(p.last().as_deref(), Some("a~b"));
    }

    #[test]
    fn prefixes_are_whole_tokens() {
        let p = Pointer::root().push("paths").push("/a");
        let prefix = Pointer::root().push("paths");
        assert_eq!(p.strip_prefix(&prefix), Some("/~1a"));
        assert_eq!(prefix.join("/~1a"), p);
        assert_eq!(Pointer::root().push("pathsX").strip_prefix(&prefix), None);
        assert_eq!(p.parent(), Some(prefix));
        assert_eq!(Pointer::root().parent(), None);
    }

    #[test]
    fn parses_local_references_only() {
        let p = Pointer::parse_reference("#/components/schemas/Foo%20Bar").unwrap();
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["components", "schemas", "Foo Bar"]);
        assert!(Pointer::parse_reference("other.yaml#/components/schemas/X").is_none());
    }
}
