//! Shared by the fixture tests: finding fixtures and generating them in memory.

use std::path::{Path, PathBuf};

use codegen::{CrateFiles, CrateOptions};

/// Fixture specs in `tests/fixtures/<dir>`, sorted.
pub fn fixtures(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs
}

pub fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The spec's path as tests name it, relative to the codegen crate.
pub fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).to_path_buf()
}

pub fn generate(spec: &Path) -> codegen::Result<CrateFiles> {
    let options = CrateOptions {
        crate_name: format!("fixture-{}", stem(spec).replace('_', "-")),
        crate_version: "0.1.0".to_owned(),
        source: relative(spec).display().to_string(),
        command: "cargo test -p codegen".to_owned(),
    };
    codegen::generate(&relative(spec), &options)
}
