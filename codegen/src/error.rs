//! The one error type of the pipeline: where in which document, what is wrong, what to do.

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

/// Shorthand used throughout the pipeline.
pub type Result<T, E = Error> = std::result::Result<T, E>;
