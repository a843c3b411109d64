//! What a directory is to the generator, and which of its files the generator owns.
//!
//! A crate the generator wrote carries the [marker](crate::marker) on the first line of its
//! `Cargo.toml` and lists the files it wrote in [`RECORD`]. Those files are the generator's;
//! every other file in the directory is the user's and is never replaced or removed.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::marker::{self, Marker};

/// The file, in every generated crate, that lists the files the generator wrote there.
pub const RECORD: &str = ".codegen-files";

/// What is at a path where a crate is to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// Nothing.
    Absent,
    /// An empty directory.
    Empty,
    /// A crate the generator wrote.
    Generated(GeneratedCrate),
    /// A regular file, a symbolic link, or a directory the generator did not write.
    Foreign,
}

/// A crate on disk that the generator wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCrate {
    /// Who generated it, from its `Cargo.toml`.
    pub marker: Marker,
    /// The files the generator wrote, relative to the crate.
    pub owned: BTreeSet<PathBuf>,
}

/// Looks at `dir` without changing anything.
pub fn inspect(dir: &Path) -> Result<Existing> {
    let metadata = match fs::symlink_metadata(dir) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::Absent),
        Err(e) => return Err(io_error(dir, "cannot inspect", &e)),
    };
    if !metadata.is_dir() {
        return Ok(Existing::Foreign);
    }
    let mut entries = fs::read_dir(dir).map_err(|e| io_error(dir, "cannot read", &e))?;
    if entries.next().is_none() {
        return Ok(Existing::Empty);
    }
    let Some(marker) = fs::read_to_string(dir.join("Cargo.toml")).ok().as_deref().and_then(marker::read_marker) else {
        return Ok(Existing::Foreign);
    };
    Ok(Existing::Generated(GeneratedCrate { marker, owned: owned_files(dir)? }))
}

/// The files of `dir` the generator wrote: those its record lists, and those whose first line
/// is a generated-file header. The header counts too because it says who wrote the file: a
/// crate written before records existed, a staged one cut short before its record, or one
/// whose record and files come from two merged branches all still regenerate.
pub fn owned_files(dir: &Path) -> Result<BTreeSet<PathBuf>> {
    let record = dir.join(RECORD);
    let mut owned = files_with_header(dir);
    match fs::read_to_string(&record) {
        Ok(text) => owned.extend(parse_record(&text, &record)?),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(&record, "cannot read", &e)),
    }
    Ok(owned)
}

/// The record of a crate whose files are `paths`, headed by its `Cargo.toml` header line.
pub fn record_text<'a>(header_line: &str, paths: impl IntoIterator<Item = &'a PathBuf>) -> String {
    let mut text = format!(
        "{header_line}\n# The files the generator wrote into this crate, one per line: regenerating replaces or\n\
         # removes exactly these and keeps every other file in this directory.\n"
    );
    for path in paths {
        let parts: Vec<_> = path.components().map(|c| c.as_os_str().to_string_lossy()).collect();
        text.push_str(&parts.join("/"));
        text.push('\n');
    }
    text
}

/// Reads a record; a line naming anything but a path inside the crate is refused, so an
/// edited record can never make the generator remove a file elsewhere.
fn parse_record(text: &str, record: &Path) -> Result<BTreeSet<PathBuf>> {
    let mut owned = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let path = PathBuf::from(line);
        if !path.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::at(
                "",
                format!(
                    "{}: line {}: `{line}` is not a path inside the crate; restore the file from version control, \
                     or delete it (the generator then recognises its files by their header line)",
                    record.display(),
                    index + 1
                ),
            ));
        }
        owned.insert(path);
    }
    Ok(owned)
}

fn files_with_header(dir: &Path) -> BTreeSet<PathBuf> {
    super::files_under(dir).into_iter().filter(|relative| first_line_has_header(&dir.join(relative))).collect()
}

/// Reads no more than the first line's worth of a file, so a stray large file costs nothing.
fn first_line_has_header(path: &Path) -> bool {
    let mut start = Vec::new();
    let read = fs::File::open(path).and_then(|file| file.take(1024).read_to_end(&mut start));
    read.is_ok() && marker::has_header(&String::from_utf8_lossy(&start))
}

pub(super) fn io_error(path: &Path, what: &str, e: &io::Error) -> Error {
    Error::at("", format!("{what} {}: {e}", path.display()))
}
