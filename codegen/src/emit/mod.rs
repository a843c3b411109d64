//! Stage 3: the IR as Rust token trees and crate files. Knows nothing of YAML.

mod builders;
mod call;
mod client;
mod docs;
mod example;
mod graph;
mod idents;
mod manifest;
mod mock;
mod operations;
mod pagination;
mod plan;
mod readme;
mod runtime;
mod status;
mod streaming;
mod summary;
mod types;
mod usage;
mod webhooks;

use std::path::PathBuf;

// The names and signatures the generated code uses, for tools that write calls to a generated
// client (the contract tests) instead of restating the generator's rules.
pub use idents::ident;
pub use plan::{ParamPlan, Passing, SetterInput, param_plans};
pub use status::variant_name;
pub use summary::summarize;

use proc_macro2::TokenStream;

use crate::ir::Api;

/// What to call the crate and what to say about where it came from.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The package name, e.g. `arize-client`.
    pub crate_name: String,
    /// The package version, e.g. `0.1.0`.
    pub crate_version: String,
    /// The spec as it should be named in headers, e.g. `specs/arize.yaml`.
    pub source: String,
    /// The command that regenerates the crate, e.g. `cargo xtask codegen`.
    pub command: String,
}

/// One file of a generated crate, before formatting.
pub enum Emitted<'a> {
    /// Rust code, formatted by the next stage.
    Rust(TokenStream),
    /// Rust code of a size that grows with the API, made an item at a time as the next stage
    /// formats it: as tokens, a large API's operations would weigh ten times their text.
    RustItems(RustItems<'a>),
    /// Rust code written by hand (the runtime), taken as it is.
    RustVerbatim(&'static str),
    /// Any other file, complete with its generated-file header.
    Text(String),
}

/// A Rust file given item by item.
pub struct RustItems<'a> {
    /// The file's inner attributes and `//!` docs.
    pub head: TokenStream,
    /// Its items, in order.
    pub items: Box<dyn Iterator<Item = Piece<'a>> + 'a>,
}

/// One item of a [`RustItems`] file.
pub enum Piece<'a> {
    /// Whole items, one or more.
    Items(TokenStream),
    /// An `impl` block: its header (`impl Client`) and its members, one at a time.
    Impl { header: TokenStream, members: Box<dyn Iterator<Item = TokenStream> + 'a> },
}

/// A generated crate before formatting: paths relative to the crate root.
pub struct EmittedCrate<'a> {
    /// The line every file starts with, saying how it was made.
    pub header: String,
    /// Files by relative path.
    pub files: Vec<(PathBuf, Emitted<'a>)>,
}

/// What the emitter works out about the API as a whole before it writes any file.
pub struct Analysis {
    recursion: graph::Recursion,
    usage: usage::Usage,
}

impl Analysis {
    /// Which types are recursive (and must be boxed) and which the client sends.
    pub fn of(api: &Api) -> Self {
        Analysis { recursion: graph::Recursion::of(api), usage: usage::Usage::of(api) }
    }
}

/// Emits every file of the client crate for `api`; the files whose size grows with the API
/// are made as they are read.
pub fn emit<'a>(api: &'a Api, analysis: &'a Analysis, options: &CrateOptions) -> EmittedCrate<'a> {
    let header = crate::marker::header(&options.command, &options.source);
    let recursion = &analysis.recursion;
    let writer = types::TypeWriter { api, recursion, prefix: quote::quote! { crate::types:: } };
    let mut files = vec![
        (PathBuf::from("Cargo.toml"), Emitted::Text(manifest::cargo_toml(api, &options.crate_name, &options.crate_version, &format!("# {header}\n")))),
        (
            PathBuf::from("README.md"),
            Emitted::Text(readme::readme(
                api,
                &readme::ReadmeCrate {
                    name: &options.crate_name,
                    version: &options.crate_version,
                    source: &options.source,
                    header: &format!("<!-- {header} -->\n"),
                },
            )),
        ),
        (PathBuf::from("src/lib.rs"), Emitted::Rust(manifest::lib_rs(api, recursion.nesting_depth()))),
        (PathBuf::from("src/client.rs"), Emitted::Rust(client::client_module(api))),
        (PathBuf::from("src/operations.rs"), Emitted::RustItems(operations::operations_module(api, writer.clone(), options.crate_name.replace('-', "_")))),
        (PathBuf::from("src/types.rs"), Emitted::RustItems(types::types_module(api, recursion, &analysis.usage))),
        (PathBuf::from("src/mock.rs"), Emitted::RustItems(mock::mock_module(api, writer.clone()))),
    ];
    if !api.servers.is_empty() {
        files.push((PathBuf::from("src/servers.rs"), Emitted::Rust(client::servers_module(api))));
    }
    if !api.webhooks.is_empty() {
        files.push((PathBuf::from("src/webhooks.rs"), Emitted::Rust(webhooks::webhooks_module(api, &writer))));
    }
    for (name, contents) in runtime::RUNTIME_FILES {
        files.push((PathBuf::from("src/runtime").join(name), Emitted::RustVerbatim(contents)));
    }
    EmittedCrate { header, files }
}
