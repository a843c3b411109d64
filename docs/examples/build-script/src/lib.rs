//! A typed client for the Petstore API, generated from `petstore.yaml` by `build.rs` at build
//! time. Start with [`Client::builder`]; each operation is a method on [`Client`].
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/client.rs"));
