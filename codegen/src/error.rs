//! What the pipeline reports: an [`Error`] stops it (where in which document, what is wrong,
//! what to do); a [`Warning`] does not (where, what was assumed, how to silence it).

use std::fmt;
use std::path::PathBuf;

/// A generation failure, located in the source document.
///
/// Displayed as `FILE: POINTER: MESSAGE`, e.g.
/// `specs/arize.yaml: #/paths/~1v2~1ai-integrations/post/requestBody: $ref '#/components/schemas/Missing' not found`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The document the error is in (empty until the pipeline attaches it).
    pub file: PathBuf,
    /// A JSON pointer into the document (`#/paths/...`), or a `line L column C` location.
    pub location: String,
    /// What is wrong, and where it helps, what to do about it.
    pub message: String,
}

impl Error {
    /// An error at a JSON pointer; the file is attached later by [`Error::in_file`].
    pub fn at(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: PathBuf::new(), location: location.into(), message: message.into() }
    }

    /// Attaches the document's path, keeping one already set.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        if self.file.as_os_str().is_empty() {
            self.file = file.into();
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.as_os_str().is_empty() {
            write!(f, "{}: ", self.file.display())?;
        }
        if !self.location.is_empty() {
            write!(f, "{}: ", self.location)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Every kind of [`Warning`], as `warnings.allow` and `--allow-warning` name them.
pub const WARNING_KINDS: &[&str] = &[
    "examples-list",
    "ill-typed-keyword",
    "keyword-case",
    "media-type-outside-content",
    "null-as-empty",
    "pagination-extension-ignored",
    "parameter-without-schema",
    "path-without-slash",
    "reference-whitespace",
    "required-on-property",
    "swagger-reference",
    "type-is-a-format",
    "value-as-string",
    "yaml-control-character",
];

/// A rule a document breaks where it has one clear reading: the generator reads it so and says
/// what it assumed. Generation goes on; `warnings.deny` in the settings (or `--deny-warnings`)
/// turns warnings into one error.
///
/// Displayed as `FILE: POINTER: MESSAGE; to silence it, SILENCE, or allow "KIND" …`, e.g.
///
/// ```text
/// specs/x.yaml: #/components/schemas/A/type: `date-time` is a format, not a type; read as
/// `type: string, format: date-time`; to silence it, write that in the spec, or allow
/// "type-is-a-format" in the settings' `[warnings]`
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The document the warning is in (empty until the pipeline attaches it).
    pub file: PathBuf,
    /// A JSON pointer into the document (`#/paths/...`).
    pub location: String,
    /// A short, stable name of the rule (`type-is-a-format`): what `warnings.allow` lists.
    pub kind: &'static str,
    /// What the document says, and what the generator took it to mean.
    pub message: String,
    /// How to make it go away: the fix in the spec, an overlay, or a settings key.
    pub silence: String,
}

impl Warning {
    /// A warning at a JSON pointer; the file is attached later by [`Warning::in_file`].
    pub fn at(location: impl Into<String>, kind: &'static str, message: impl Into<String>, silence: impl Into<String>) -> Self {
        Warning {
            file: PathBuf::new(),
            location: location.into(),
            kind,
            message: message.into(),
            silence: silence.into(),
        }
    }

    /// Attaches the document's path, keeping one already set.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        if self.file.as_os_str().is_empty() {
            self.file = file.into();
        }
        self
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.as_os_str().is_empty() {
            write!(f, "{}: ", self.file.display())?;
        }
        if !self.location.is_empty() {
            write!(f, "{}: ", self.location)?;
        }
        write!(f, "{}; to silence it, {}, or allow \"{}\" in the settings' `[warnings]`", self.message, self.silence, self.kind)
    }
}

/// Shorthand used throughout the pipeline.
pub type Result<T, E = Error> = std::result::Result<T, E>;
