//! `openapi-rust-client`: generates a typed Rust client crate from an OpenAPI document.
//! `openapi-rust-client --help` lists the commands.

use std::process::ExitCode;

use clap::Parser;
use openapi_rust_client::Cli;

fn main() -> ExitCode {
    match Cli::parse().run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
