//! Generates the Petstore client from `petstore.yaml` into `OUT_DIR` on every build that
//! follows a change to the spec; `src/lib.rs` includes it.

fn main() {
    codegen::build::generate("petstore.yaml").unwrap_or_else(|error| panic!("{error}"));
}
