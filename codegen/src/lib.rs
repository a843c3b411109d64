//! Generates typed Rust HTTP clients from OpenAPI 3.0 documents.
//!
//! The pipeline has one module per stage, each with a plain data interface:
//! [`load`] (text to `openapiv3`), [`ir`] (resolved, named, token-free model),
//! [`emit`] (IR to Rust token trees and crate files), [`format`](mod@format) (tokens to source text),
//! and [`write`](mod@write) (all-or-nothing files on disk).

pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod marker;
pub mod pointer;
pub mod write;

use std::path::Path;

pub use emit::CrateOptions;
pub use error::{Error, Result};
pub use format::CrateFiles;

/// Runs every stage but writing: the files of the client crate for the spec at `spec`.
pub fn generate(spec: &Path, options: &CrateOptions) -> Result<CrateFiles> {
    let document = load::load_file(spec)?;
    generate_from(&document, options).map_err(|e| e.in_file(spec))
}

/// The same, from a document already loaded.
pub fn generate_from(document: &load::Document, options: &CrateOptions) -> Result<CrateFiles> {
    let api = ir::lower(document)?;
    format::format_crate(emit::emit(&api, options))
}
