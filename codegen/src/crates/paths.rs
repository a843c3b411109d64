//! Paths as the user knows them, and the spec files in a directory.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// `path` relative to the workspace at `root` when it is inside it (`specs/x.yaml`), or as
/// seen from there (`../shared/corpus/x.json`), with `.` and `..` worked out.
pub(super) fn relative(root: &Path, path: &Path) -> PathBuf {
    let path = tidy(path);
    let root = tidy(root);
    if let Ok(inside) = path.strip_prefix(&root) {
        return inside.to_path_buf();
    }
    let common = root.components().zip(path.components()).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path;
    }
    let mut out: PathBuf = root.components().skip(common).map(|_| Component::ParentDir).collect();
    out.extend(path.components().skip(common));
    out
}

/// `path` with `.` and `name/..` taken out, by its text (no file system access).
pub(super) fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` made absolute with every symbolic link and `..` resolved, also where it does not
/// exist yet (the part that does not exist holds no links, so it is resolved by its text).
pub(super) fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut resolved = std::env::current_dir()?.canonicalize()?;
    let mut exists = true;
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved = PathBuf::from(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists && std::fs::symlink_metadata(&resolved).is_ok() {
                    resolved = resolved.canonicalize()?;
                } else {
                    exists = false;
                }
            }
        }
    }
    Ok(resolved)
}

/// The OpenAPI documents (`.yaml`, `.yml`, `.json`) directly in `dir`, sorted.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>> {
    files_with(dir, &["yaml", "yml", "json"])
}

/// The files directly in `dir` with one of `extensions`, sorted.
pub(super) fn files_with(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::at("", format!("cannot read {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)))
        .collect();
    files.sort();
    Ok(files)
}

/// A file's name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}
