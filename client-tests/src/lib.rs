//! Test harness for the client runtime.
//!
//! The runtime in `codegen/runtime/` is not a crate of its own: the
//! generator copies it into every generated client. Including the very same
//! files here lets it be compiled, linted and tested once, without a
//! generated crate, and with exactly the dependencies generated crates get.

#![warn(missing_docs)]

#[path = "../../codegen/runtime/mod.rs"]
pub mod runtime;
