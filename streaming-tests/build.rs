//! Generates, with this repository's generator, a client of OpenAI's own spec
//! (`../shared/corpus/openai__openai-openapi__openapi.yaml`, unmodified) into this crate as
//! the module `openai`: the crate's `src/` becomes the module, its `crate::` paths rewritten
//! to point there. Only the operation the test calls is selected (with the types it reaches):
//! the whole client, 121,000 lines, took minutes and gigabytes to build on every change to
//! the generator, while the corpus run compiles it in full anyway. A missing corpus or a
//! spec the generator rejects fails the build with the reason.

use std::fs;
use std::path::PathBuf;

const SPEC: &str = "openai__openai-openapi__openapi.yaml";

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("STREAMING_TESTS_CORPUS").map_or_else(|| manifest.join("../../shared/corpus"), PathBuf::from);
    let spec = corpus.join(SPEC);
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=STREAMING_TESTS_CORPUS");
    println!("cargo::rerun-if-changed={}", spec.display());
    // The generator's own sources: a change to what it writes regenerates the client.
    println!("cargo::rerun-if-changed=../codegen/src");
    println!("cargo::rerun-if-changed=../codegen/runtime");
    if !spec.exists() {
        panic!(
            "{} is missing: these tests need ../shared/corpus next to the repository (or STREAMING_TESTS_CORPUS pointing at it)",
            spec.display()
        );
    }
    let options = codegen::CrateOptions {
        crate_name: "openai-client".to_owned(),
        source: SPEC.to_owned(),
        crate_version: "0.1.0".to_owned(),
        command: "streaming-tests/build.rs".to_owned(),
    };
    let selection = "[include]\noperations = [\"createChatCompletion\"]\n";
    let settings = codegen::settings::Settings::parse(selection, &manifest.join("build.rs")).expect("the selection parses");
    let files = codegen::generate_with(&spec, &settings, &options)
        .unwrap_or_else(|e| panic!("the generator rejected {}: {e}", spec.display()));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("openai");
    let _ = fs::remove_dir_all(&out);
    for (path, text) in &files.files {
        let Ok(relative) = path.strip_prefix("src") else { continue };
        let target = out.join(relative);
        fs::create_dir_all(target.parent().expect("parent")).expect("create the module's directory");
        // The runtime's unit tests and the mock module are tested with the generated crates.
        let text = text
            .replace("crate::", "crate::openai::")
            .replace("#[cfg(test)]", "#[cfg(any())]")
            .replace("#[cfg(feature = \"mock\")]", "#[cfg(any())]")
            .replace("#[cfg(feature = \"serialize\")]", "#[cfg(any())]");
        fs::write(&target, text).expect("write the generated module");
    }
    let index = format!(
        "/// The client generated from OpenAI's spec.\n#[allow(clippy::all, clippy::pedantic)]\n#[path = {:?}]\npub mod openai;\n",
        out.join("lib.rs").display().to_string()
    );
    fs::write(out.join("../index.rs"), index).expect("write index.rs");
}
