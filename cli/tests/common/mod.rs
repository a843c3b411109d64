//! Scratch directories outside the repository, the guides' files copied into them, and cargo
//! run there with the target directory the other compile tests share.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// This repository.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A fresh directory for one test in the system's temporary directory, outside the repository,
/// its name unique to the test process (checkouts may test at once); removed when the test
/// passes, kept to look at when it fails.
pub fn scratch(test: &str) -> Scratch {
    let dir = std::env::temp_dir().join("openapi-rust-client-tests").join(format!("{test}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    Scratch(dir.canonicalize().unwrap())
}

/// A scratch directory; see [`scratch`].
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.0);
        }
    }
}

/// Copies the files under `from` to `to`, with the generator's git dependency made a path to
/// this checkout, as a user would point it at theirs.
pub fn copy_guide_files(from: &Path, to: &Path) {
    let git = "codegen = { git = \"https://github.com/YOUR-ORG/openapi-rust-clients\" }";
    let path = format!("codegen = {{ path = {:?} }}", repository().join("codegen").display().to_string());
    for relative in codegen::write::files_under(from) {
        let text = fs::read_to_string(from.join(&relative)).unwrap();
        put(&to.join(&relative), &text.replace(git, &path));
    }
    // The versions this workspace was tested with, so nothing needs the network.
    fs::copy(repository().join("Cargo.lock"), to.join("Cargo.lock")).unwrap();
}

pub fn put(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `command` (run by `sh -c`) in `dir`, cargo building into the target directory the
/// repository's other compile tests share, so reqwest and tokio build once.
pub fn shell(dir: &Path, command: &str, env: &[(&str, &str)]) -> Output {
    Command::new("sh")
        .args(["-c", command])
        .current_dir(dir)
        .env("CARGO", env!("CARGO"))
        .env("CARGO_TARGET_DIR", repository().join("target/fixture-check"))
        .env("CARGO_NET_OFFLINE", "true")
        .env_remove("RUSTFLAGS")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// Runs `command` in `dir`; its output when it succeeds, a panic with it when not.
pub fn succeeds(dir: &Path, command: &str) -> String {
    let output = shell(dir, command, &[]);
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "`{command}` failed:\n{text}");
    text
}

/// Runs `command` in `dir`, which must fail with exit code 1; its standard error.
pub fn fails(dir: &Path, command: &str) -> String {
    let output = shell(dir, command, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "`{command}` should fail:\n{stderr}");
    stderr
}
