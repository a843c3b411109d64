//! What a regeneration does to a crate's users: the public API compared with the crate
//! generated before, each change judged breaking or additive, the version raised to match
//! (when asked), and the report kept as a section of the crate's `CHANGELOG.md`.
//!
//! The comparison needs no history but the crate itself: every generated crate holds the
//! [summary](summary::ApiSummary) of its API in [`SUMMARY_FILE`], and the next generation
//! compares its own summary with it.

mod diff;
pub mod summary;

use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

pub use diff::diff;
pub use summary::{ApiSummary, SUMMARY_FILE};

use crate::write::{Existing, inspect};

/// The changelog the generator keeps in a crate when it raises its version.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// The line in `CHANGELOG.md` below which the sections are the generator's; the text between
/// the header line and it is the user's and is kept as it is.
const CHANGELOG_MARK: &str = "<!-- The sections below are the generator's, one per version it raised. -->";

/// The line under the header of `CHANGELOG.md`, which makes an exception to it.
const CHANGELOG_EXCEPTION: &str = "<!-- Except the text between these lines: write your own there, and it is kept. -->";

/// What a change does to code written against the crate generated before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impact {
    /// Such code may stop compiling.
    Breaking,
    /// Such code still compiles.
    Additive,
}

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Whether it breaks code written against the crate before.
    pub impact: Impact,
    /// The Rust item: `Client::list_pets`, `types::Pet.name`, `types::Kind::Cat`.
    pub item: String,
    /// What happened to it.
    pub what: String,
    /// Where it comes from in the spec.
    pub spec: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {} ({})", self.item, self.what, self.spec)
    }
}

/// What came of comparing the public API with the crate generated before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    /// The changes, breaking ones first; none when nothing changed.
    Compared(Vec<Change>),
    /// The crate before had no summary this generator can read: why.
    NotCompared(String),
}

/// What a regeneration did to the public API of a crate generated before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The package name.
    pub package: String,
    /// The comparison.
    pub comparison: Comparison,
    /// The version of the crate before, if its `Cargo.toml` says.
    pub previous_version: Option<String>,
    /// The version of the crate now.
    pub version: String,
}

impl Report {
    /// The changes found, none when there was no comparison.
    pub fn changes(&self) -> &[Change] {
        match &self.comparison {
            Comparison::Compared(changes) => changes,
            Comparison::NotCompared(_) => &[],
        }
    }

    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes().iter().filter(|c| c.impact == impact).count()
    }

    /// Whether anything changed that may break code written against the crate before.
    pub fn is_breaking(&self) -> bool {
        self.count(Impact::Breaking) > 0
    }

    fn version_note(&self) -> String {
        match &self.previous_version {
            Some(before) if *before != self.version => format!("version {before} → {}", self.version),
            _ => format!("version {}", self.version),
        }
    }

    /// The changes as Markdown list sections, `heading` marks before each group's title.
    fn sections(&self, heading: &str) -> String {
        let mut text = String::new();
        for (impact, title) in [(Impact::Breaking, "Breaking"), (Impact::Additive, "Additive")] {
            let lines: Vec<String> = self.changes().iter().filter(|c| c.impact == impact).map(|c| format!("- {c}\n")).collect();
            if !lines.is_empty() {
                text.push_str(&format!("{heading} {title}\n\n{}\n", lines.concat()));
            }
        }
        text
    }
}

/// The report as the command line prints it: one line when nothing changed.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let package = &self.package;
        match &self.comparison {
            Comparison::NotCompared(why) => {
                write!(f, "{package}: could not compare the public API with the crate generated before: {why}; {}", self.version_note())
            }
            Comparison::Compared(changes) if changes.is_empty() => {
                write!(f, "{package}: no change to the public API ({})", self.version_note())
            }
            Comparison::Compared(_) => {
                let (breaking, additive) = (self.count(Impact::Breaking), self.count(Impact::Additive));
                write!(f, "{package}: {breaking} breaking and {additive} additive change(s) to the public API ({})", self.version_note())?;
                for (impact, title) in [(Impact::Breaking, "breaking"), (Impact::Additive, "additive")] {
                    let mut group = self.changes().iter().filter(|c| c.impact == impact).peekable();
                    if group.peek().is_some() {
                        write!(f, "\n  {title}:")?;
                    }
                    for change in group {
                        write!(f, "\n    {change}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The crate generated before at the same place, as far as the comparison needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    /// Its summary, or why there is none to compare with.
    pub summary: Result<ApiSummary, String>,
    /// Its version, from its `Cargo.toml` (or its summary when that cannot be read).
    pub version: Option<String>,
    /// Its `CHANGELOG.md`, when the generator wrote one there.
    pub changelog: Option<String>,
}

impl Previous {
    /// The crate the generator wrote at `dir`; `None` when there is none (nothing there, or
    /// a directory the generator did not write).
    pub fn read(dir: &Path) -> Option<Previous> {
        let Ok(Existing::Generated(generated)) = inspect(dir) else { return None };
        let summary = match fs::read_to_string(dir.join(SUMMARY_FILE)) {
            Ok(text) => ApiSummary::from_text(&text).map_err(|why| format!("its {SUMMARY_FILE} cannot be read: {why}")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(format!("it has no {SUMMARY_FILE}")),
            Err(e) => Err(format!("its {SUMMARY_FILE} cannot be read: {e}")),
        };
        let manifest_version = fs::read_to_string(dir.join("Cargo.toml")).ok().and_then(|text| package_version(&text));
        let version = manifest_version.or_else(|| summary.as_ref().ok().map(|s| s.version.clone()));
        let changelog = if generated.owned.contains(Path::new(CHANGELOG_FILE)) {
            fs::read_to_string(dir.join(CHANGELOG_FILE)).ok()
        } else {
            None
        };
        Some(Previous { summary, version, changelog })
    }
}

fn package_version(cargo_toml: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(cargo_toml).ok()?;
    table.get("package")?.get("version")?.as_str().map(str::to_owned)
}

/// A crate's summary, version and changelog, settled against the crate generated before.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// The summary, with the version the crate gets.
    pub summary: ApiSummary,
    /// What changed, when there was a crate before.
    pub report: Option<Report>,
    /// The changelog, when the crate has one.
    pub changelog: Option<String>,
}

/// Compares `summary` (the API about to be written, at the version the settings ask for)
/// with the crate before. With `bump`, the version is raised from the crate before's as the
/// changes say (never below the one asked for), and the changes go into a new changelog
/// section. A changelog the generator wrote earlier is kept either way.
pub fn revise(mut summary: ApiSummary, previous: Option<&Previous>, bump: bool, header: &str) -> Revision {
    let Some(previous) = previous else { return Revision { summary, report: None, changelog: None } };
    let comparison = match &previous.summary {
        Ok(old) => Comparison::Compared(diff(old, &summary)),
        Err(why) => Comparison::NotCompared(why.clone()),
    };
    let mut report = Report { package: summary.package.clone(), comparison, previous_version: previous.version.clone(), version: summary.version.clone() };
    let mut changelog = previous.changelog.clone();
    if bump && let Some(before) = &previous.version {
        let raised = raised_version(before, &report).unwrap_or_else(|| before.clone());
        report.version = if version_key(&summary.version) > version_key(&raised) { summary.version.clone() } else { raised };
        if report.version != *before && !report.changes().is_empty() {
            changelog = Some(with_section(previous.changelog.as_deref(), header, &summary, &report));
        }
    }
    summary.version = report.version.clone();
    Revision { summary, report: Some(report), changelog }
}

/// The numbers of a version, for ordering; a version cargo would not accept sorts first.
fn version_key(version: &str) -> Option<[u64; 3]> {
    let core = version.split(['-', '+']).next()?;
    let numbers: Vec<u64> = core.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
    numbers.try_into().ok()
}

/// `version` raised as cargo's semver rules ask for the changes: breaking → major (minor
/// below 1.0), additive → minor (patch below 1.0), nothing → unchanged.
fn raised_version(version: &str, report: &Report) -> Option<String> {
    let [major, minor, patch] = version_key(version)?;
    let raised = match (report.is_breaking(), report.changes().is_empty(), major) {
        (_, true, _) => return Some(version.to_owned()),
        (true, _, 0) => [0, minor + 1, 0],
        (true, _, _) => [major + 1, 0, 0],
        (false, _, 0) => [0, minor, patch + 1],
        (false, _, _) => [major, minor + 1, 0],
    };
    Some(format!("{}.{}.{}", raised[0], raised[1], raised[2]))
}

/// The changelog with a section for `report` on top of the generator's sections, below the
/// user's text.
fn with_section(changelog: Option<&str>, header: &str, summary: &ApiSummary, report: &Report) -> String {
    let (preamble, sections) = match changelog {
        Some(text) => {
            // The header and its exception are written anew: the spec's path may have moved.
            let text = text.strip_prefix(text.lines().next().filter(|l| crate::marker::has_header(l)).unwrap_or_default()).unwrap_or(text);
            let text = text.trim_start().strip_prefix(CHANGELOG_EXCEPTION).unwrap_or(text);
            match text.split_once(CHANGELOG_MARK) {
                Some((preamble, sections)) => (preamble.trim().to_owned(), sections.trim().to_owned()),
                // A changelog without the mark is all the user's.
                None => (text.trim().to_owned(), String::new()),
            }
        }
        None => (format!("# Changelog\n\nChanges to the public API of `{}`, one section per version.", summary.package), String::new()),
    };
    let section = format!("## {} (API version {})\n\n{}", report.version, summary.api_version, report.sections("###"));
    format!("<!-- {header} -->\n{CHANGELOG_EXCEPTION}\n\n{preamble}\n\n{CHANGELOG_MARK}\n\n{}\n\n{sections}", section.trim_end()).trim_end().to_owned() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(changes: &[Impact]) -> Report {
        let changes = changes.iter().map(|&impact| Change { impact, item: "x".into(), what: "y".into(), spec: "z".into() }).collect();
        Report { package: "p".into(), comparison: Comparison::Compared(changes), previous_version: None, version: String::new() }
    }

    #[test]
    fn versions_rise_as_semver_says() {
        let cases = [
            ("1.2.3", &[Impact::Breaking, Impact::Additive][..], "2.0.0"),
            ("1.2.3", &[Impact::Additive][..], "1.3.0"),
            ("1.2.3", &[][..], "1.2.3"),
            ("0.2.3", &[Impact::Breaking][..], "0.3.0"),
            ("0.2.3", &[Impact::Additive][..], "0.2.4"),
            ("0.2.3-beta.1", &[Impact::Additive][..], "0.2.4"),
        ];
        for (before, changes, after) in cases {
            assert_eq!(raised_version(before, &report(changes)).as_deref(), Some(after), "{before} {changes:?}");
        }
    }

    #[test]
    fn the_changelog_keeps_the_users_text_and_earlier_sections() {
        let summary = ApiSummary { format: 1, package: "p".into(), version: "0.2.0".into(), api_version: "2".into(), methods: vec![], types: vec![], credentials: vec![] };
        let mut first = report(&[Impact::Additive]);
        first.version = "0.1.1".into();
        let text = with_section(None, "This file is generated by `x` from `y`; do not edit it by hand.", &summary, &first);
        let edited = text.replace("# Changelog\n", "# Changelog\n\nOur own words.\n");
        let mut second = report(&[Impact::Breaking]);
        second.version = "0.2.0".into();
        let text = with_section(Some(&edited), "This file is generated by `x` from `y`; do not edit it by hand.", &summary, &second);
        assert!(crate::marker::has_header(&text));
        assert!(text.contains("Our own words."));
        let (newer, older) = (text.find("## 0.2.0").unwrap(), text.find("## 0.1.1").unwrap());
        assert!(text.find(CHANGELOG_MARK).unwrap() < newer && newer < older);
    }
}
