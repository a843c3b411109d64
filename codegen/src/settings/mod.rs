//! Per-spec settings: a TOML file beside the spec (`specs/<name>.toml`), or the same options
//! on the command line. Plain data; the stages that act on it are [`crate::load::overlay`]
//! (overlays, per-operation settings) and [`crate::ir::select`](mod@crate::ir::select) (which operations to keep).
//!
//! ```toml
//! spec = "../vendor/api.github.com.json"   # default: the spec beside this file
//! overlays = ["github.overlay.yaml"]        # applied in order, before anything reads the spec
//!
//! [crate]
//! name = "github-issues-client"
//! version = "0.2.0"
//!
//! [include]                                 # nothing but what these choose
//! tags = ["issues"]
//! operations = ["repos/get"]
//! paths = ["GET /user", "/repos/{owner}/{repo}/labels/**"]
//! webhooks = ["issue*"]
//!
//! [exclude]                                 # minus what these choose
//! operations = ["issues/lock"]
//!
//! [operations."teams/list"]                 # by operationId
//! pagination = { cursor_param = "after", items = "data", next_cursor = "meta.next" }  # its `x-rust-client-pagination`
//!
//! [warnings]
//! allow = ["type-is-a-format"]              # kinds of warning not to print
//! deny = true                               # any other warning is an error
//! ```
//!
//! Paths are relative to the settings file. Every key is checked: one this module does not
//! know is an error naming it, its line and the file.

mod glob;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use glob::{Glob, PathPattern};

use crate::error::{Error, Result};

/// Where a setting was written: a key of a settings file, or a command-line option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The settings file; empty for a command-line option.
    pub file: PathBuf,
    /// The key path (`include.operations[2]`) or the option (`--include-operation`).
    pub key: String,
    /// The line in the file, when known.
    pub line: Option<usize>,
}

impl Place {
    /// A command-line option.
    pub fn flag(flag: &str) -> Self {
        Place { file: PathBuf::new(), key: flag.to_owned(), line: None }
    }

    /// An error at this place.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error { file: self.file.clone(), location: self.to_string(), message: message.into() }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)?;
        match self.line {
            Some(line) => write!(f, " (line {line})"),
            None => Ok(()),
        }
    }
}

/// A value and where it was set.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it was set.
    pub place: Place,
}

/// Everything a settings file (and the options standing for it) can say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The file they were read from, if any.
    pub file: Option<PathBuf>,
    /// `spec`: the document, when it is not the one beside the settings file.
    pub spec: Option<Setting<PathBuf>>,
    /// `crate.name`: the package name.
    pub crate_name: Option<Setting<String>>,
    /// `crate.version`: the package version (default `0.1.0`).
    pub crate_version: Option<Setting<String>>,
    /// `crate.bump` (or `--bump`): raise the crate's version as the API change report says.
    pub crate_bump: bool,
    /// `overlays`: Overlay 1.0 documents applied in order to the spec before anything reads it.
    pub overlays: Vec<Setting<PathBuf>>,
    /// `include` and `exclude`: which operations and webhooks to generate.
    pub selection: Selection,
    /// `operations.<operationId>`: per-operation settings, in operationId order.
    pub operations: Vec<OperationSettings>,
    /// `warnings`: which to leave unsaid, and whether the rest stop generation.
    pub warnings: WarningSettings,
}

/// What to do with the generator's [`Warning`](crate::error::Warning)s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WarningSettings {
    /// `warnings.allow`: kinds of warning (`type-is-a-format`) not reported.
    pub allow: Vec<Setting<String>>,
    /// `warnings.deny` (or `--deny-warnings`): any warning left is an error.
    pub deny: bool,
}

impl WarningSettings {
    /// The warnings left once the allowed kinds are taken out; an error listing them all when
    /// they are denied.
    pub fn judge(&self, mut warnings: Vec<crate::error::Warning>) -> Result<Vec<crate::error::Warning>> {
        warnings.retain(|w| !self.allow.iter().any(|a| a.value == w.kind));
        if self.deny && !warnings.is_empty() {
            let listed: Vec<String> = warnings.iter().map(|w| format!("  warning: {w}")).collect();
            return Err(Error::at(
                "",
                format!(
                    "{} warning(s), and warnings are denied (`warnings.deny` or `--deny-warnings`):\n{}",
                    warnings.len(),
                    listed.join("\n")
                ),
            ));
        }
        Ok(warnings)
    }
}

/// A kind of warning the generator gives, or an error naming those it does: an allowance
/// that allows nothing is a typo.
fn known_warning_kind(kind: Setting<String>) -> Result<Setting<String>> {
    if crate::error::WARNING_KINDS.contains(&kind.value.as_str()) {
        return Ok(kind);
    }
    let known = crate::error::WARNING_KINDS.join("`, `");
    Err(kind.place.error(format!("`{}` is not a kind of warning; the kinds are `{known}`", kind.value)))
}

/// The settings of one operation, found by its `operationId`.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSettings {
    /// The `operationId`.
    pub operation_id: String,
    /// Where the operation's table is.
    pub place: Place,
    /// `pagination`: written into the operation as its `x-rust-client-pagination`, replacing one there.
    pub pagination: Option<Setting<serde_json::Value>>,
}

/// Which operations and webhooks a crate has: those `include` chooses (everything when it
/// is absent), less those `exclude` chooses. Callbacks go with their operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// `include`: when set, nothing else is generated.
    pub include: Option<Rules>,
    /// `exclude`: removed from what `include` chose.
    pub exclude: Rules,
}

impl Selection {
    /// Whether the selection keeps everything (no rule at all).
    pub fn is_everything(&self) -> bool {
        self.include.is_none() && self.exclude.is_empty()
    }
}

/// Ways to choose operations: any rule that matches chooses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    /// Operations and webhooks with this tag.
    pub tags: Vec<Setting<String>>,
    /// Operations and webhooks with this `operationId` (operations without one: the name the
    /// generator derives, e.g. `get_pets_by_id`).
    pub operations: Vec<Setting<String>>,
    /// Operations whose path template (and method) match.
    pub paths: Vec<Setting<PathPattern>>,
    /// Webhooks whose event name matches.
    pub webhooks: Vec<Setting<Glob>>,
}

impl Rules {
    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty() && self.paths.is_empty() && self.webhooks.is_empty()
    }
}

/// The command-line options that stand for settings, each taking one value, with what they set.
pub const OPTIONS: &[(&str, &str)] = &[
    ("--crate-version", "crate.version"),
    ("--overlay", "overlays (appended; repeatable)"),
    ("--include-tag", "include.tags"),
    ("--include-operation", "include.operations"),
    ("--include-path", "include.paths"),
    ("--include-webhook", "include.webhooks"),
    ("--exclude-tag", "exclude.tags"),
    ("--exclude-operation", "exclude.operations"),
    ("--exclude-path", "exclude.paths"),
    ("--exclude-webhook", "exclude.webhooks"),
    ("--allow-warning", "warnings.allow (appended; repeatable)"),
];

impl Settings {
    /// Reads a settings file; errors name the file and the key or line at fault.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::at("", format!("cannot read the settings file: {e}")).in_file(path))?;
        Self::parse(&text, path)
    }

    /// Parses settings written in `file` (which names them in errors and anchors their paths).
    pub fn parse(text: &str, file: &Path) -> Result<Self> {
        let lines = Lines(text);
        let deserializer = toml::Deserializer::parse(text).map_err(|e| lines.error(file, "", &e))?;
        let raw: RawSettings =
            serde_path_to_error::deserialize(deserializer).map_err(|e| lines.error(file, &key_path(e.path()), e.inner()))?;
        Resolver { file, lines }.settings(raw)
    }

    /// Sets what a command-line option from [`OPTIONS`] stands for; `Ok(false)` when `option`
    /// is not one of them. Overlay paths are taken as they are (relative to the current directory).
    pub fn set_option(&mut self, option: &str, value: &str) -> Result<bool> {
        let place = Place::flag(option);
        let text = || Setting { value: value.to_owned(), place: place.clone() };
        let (side, kind) = match option.strip_prefix("--include-") {
            Some(kind) => (Side::Include, kind),
            None => match option.strip_prefix("--exclude-") {
                Some(kind) => (Side::Exclude, kind),
                None => {
                    match option {
                        "--crate-version" => self.crate_version = Some(checked_version(text())?),
                        "--overlay" => self.overlays.push(Setting { value: PathBuf::from(value), place }),
                        "--allow-warning" => self.warnings.allow.push(known_warning_kind(text())?),
                        _ => return Ok(false),
                    }
                    return Ok(true);
                }
            },
        };
        let rules = match side {
            Side::Include => self.selection.include.get_or_insert_with(Rules::default),
            Side::Exclude => &mut self.selection.exclude,
        };
        match kind {
            "tag" => rules.tags.push(text()),
            "operation" => rules.operations.push(text()),
            "path" => rules.paths.push(path_pattern(text())?),
            "webhook" => rules.webhooks.push(Setting { value: Glob::new(value), place }),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

enum Side {
    Include,
    Exclude,
}

/// The file as written; every key is known (`deny_unknown_fields`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    spec: Option<Spanned<String>>,
    #[serde(rename = "crate")]
    krate: Option<RawCrate>,
    #[serde(default)]
    overlays: Vec<Spanned<String>>,
    include: Option<Spanned<RawRules>>,
    exclude: Option<RawRules>,
    #[serde(default)]
    operations: BTreeMap<String, Spanned<RawOperation>>,
    warnings: Option<RawWarnings>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWarnings {
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    #[serde(default)]
    deny: bool,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrate {
    name: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
    #[serde(default)]
    bump: bool,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    operations: Vec<Spanned<String>>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    webhooks: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperation {
    /// Whatever `x-rust-client-pagination` takes; the lowering checks it.
    pagination: Option<Spanned<toml::Value>>,
}

/// Line numbers of byte offsets in the text.
struct Lines<'t>(&'t str);

impl Lines<'_> {
    fn line(&self, offset: usize) -> usize {
        self.0.as_bytes()[..offset.min(self.0.len())].iter().filter(|b| **b == b'\n').count() + 1
    }

    fn error(&self, file: &Path, key: &str, error: &toml::de::Error) -> Error {
        let line = error.span().map(|span| format!("line {}", self.line(span.start)));
        let location = match (key, line) {
            ("", Some(line)) => line,
            ("", None) => String::new(),
            (key, Some(line)) => format!("{key} ({line})"),
            (key, None) => key.to_owned(),
        };
        let message = error.message().trim_end().replace("unknown field", "unknown key");
        Error { file: file.to_path_buf(), location, message: format!("{message}; see docs/settings-and-overlays.md") }
    }
}

/// Turns the file as written into [`Settings`], with places and resolved paths.
struct Resolver<'a> {
    file: &'a Path,
    lines: Lines<'a>,
}

impl Resolver<'_> {
    fn settings(&self, raw: RawSettings) -> Result<Settings> {
        let krate = raw.krate.unwrap_or_default();
        let include = match raw.include {
            Some(rules) => {
                let at = self.place("include".to_owned(), &rules);
                let rules = self.rules("include", rules.into_inner())?;
                if rules.is_empty() {
                    return Err(at.error("`include` chooses nothing; list tags, operations, paths or webhooks in it, or remove it to generate everything"));
                }
                Some(rules)
            }
            None => None,
        };
        let mut operations = Vec::new();
        for (id, table) in raw.operations {
            let key = format!("operations.{}", toml_key(&id));
            let place = self.place(key.clone(), &table);
            let pagination = table.into_inner().pagination.map(|value| Setting {
                place: self.place(format!("{key}.pagination"), &value),
                value: toml_to_json(value.into_inner()),
            });
            operations.push(OperationSettings { operation_id: id, place, pagination });
        }
        Ok(Settings {
            file: Some(self.file.to_path_buf()),
            spec: raw.spec.map(|spec| self.path(self.text("spec".to_owned(), spec))),
            crate_name: krate.name.map(|name| self.text("crate.name".to_owned(), name)),
            crate_version: krate.version.map(|v| checked_version(self.text("crate.version".to_owned(), v))).transpose()?,
            crate_bump: krate.bump,
            overlays: raw
                .overlays
                .into_iter()
                .enumerate()
                .map(|(i, path)| self.path(self.text(format!("overlays[{i}]"), path)))
                .collect(),
            selection: Selection { include, exclude: self.rules("exclude", raw.exclude.unwrap_or_default())? },
            operations,
            warnings: self.warnings(raw.warnings.unwrap_or_default())?,
        })
    }

    fn rules(&self, side: &str, raw: RawRules) -> Result<Rules> {
        let texts = |kind: &str, values: Vec<Spanned<String>>| -> Vec<Setting<String>> {
            values.into_iter().enumerate().map(|(i, v)| self.text(format!("{side}.{kind}[{i}]"), v)).collect()
        };
        Ok(Rules {
            tags: texts("tags", raw.tags),
            operations: texts("operations", raw.operations),
            paths: texts("paths", raw.paths).into_iter().map(path_pattern).collect::<Result<_>>()?,
            webhooks: texts("webhooks", raw.webhooks)
                .into_iter()
                .map(|s| Setting { value: Glob::new(&s.value), place: s.place })
                .collect(),
        })
    }

    fn warnings(&self, raw: RawWarnings) -> Result<WarningSettings> {
        let allow = raw.allow.into_iter().enumerate().map(|(i, kind)| known_warning_kind(self.text(format!("warnings.allow[{i}]"), kind)));
        Ok(WarningSettings { allow: allow.collect::<Result<_>>()?, deny: raw.deny })
    }

    fn place<T>(&self, key: String, spanned: &Spanned<T>) -> Place {
        Place { file: self.file.to_path_buf(), key, line: Some(self.lines.line(spanned.span().start)) }
    }

    fn text(&self, key: String, spanned: Spanned<String>) -> Setting<String> {
        Setting { place: self.place(key, &spanned), value: spanned.into_inner() }
    }

    /// A path written in the file, relative to the file's directory.
    fn path(&self, setting: Setting<String>) -> Setting<PathBuf> {
        let base = self.file.parent().unwrap_or(Path::new(""));
        Setting { value: base.join(&setting.value), place: setting.place }
    }
}

fn path_pattern(setting: Setting<String>) -> Result<Setting<PathPattern>> {
    let value = PathPattern::parse(&setting.value).map_err(|why| setting.place.error(why))?;
    Ok(Setting { value, place: setting.place })
}

/// A version cargo accepts: `MAJOR.MINOR.PATCH`, optionally with `-pre` and `+build`.
fn checked_version(setting: Setting<String>) -> Result<Setting<String>> {
    let core = setting.value.split(['-', '+']).next().unwrap_or("");
    let numbers: Vec<&str> = core.split('.').collect();
    let numeric = |n: &&str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n.len() == 1 || !n.starts_with('0'));
    let suffix_ok = setting.value[core.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b"-+.".contains(&b));
    if numbers.len() != 3 || !numbers.iter().all(numeric) || !suffix_ok {
        return Err(setting
            .place
            .error(format!("`{}` is not a version cargo accepts; write MAJOR.MINOR.PATCH, such as `0.1.0`", setting.value)));
    }
    Ok(setting)
}

/// `include.tags[2]`: the keys to where deserializing failed, without the ones `Spanned` uses inside.
fn key_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Map { key } if key.starts_with("$__") => {}
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&toml_key(key));
            }
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { key.to_owned() } else { format!("{key:?}") }
}

/// TOML values as JSON; dates and times become their text.
fn toml_to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Json::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings> {
        Settings::parse(text, Path::new("specs/pets.toml"))
    }

    #[test]
    fn reads_every_key_with_its_place() {
        let settings = parse(
            "spec = \"../vendor/pets.yaml\"\noverlays = [\"fix.yaml\"]\n\n[crate]\nname = \"pets\"\nversion = \"1.2.3-beta.1\"\n\n\
             [include]\ntags = [\"pets\"]\noperations = [\"listPets\"]\npaths = [\"GET /pets/**\"]\nwebhooks = [\"pet*\"]\n\n\
             [exclude]\noperations = [\"deletePet\"]\n\n[operations.\"pets/list\"]\npagination = { cursor_param = \"after\", items = \"data\", next_cursor = \"next\" }\n",
        )
        .unwrap();
        assert_eq!(settings.spec.as_ref().unwrap().value, Path::new("specs/../vendor/pets.yaml"));
        assert_eq!(settings.overlays[0].value, Path::new("specs/fix.yaml"));
        assert_eq!(settings.overlays[0].place.to_string(), "overlays[0] (line 2)");
        assert_eq!(settings.crate_name.unwrap().value, "pets");
        assert_eq!(settings.crate_version.unwrap().value, "1.2.3-beta.1");
        let include = settings.selection.include.unwrap();
        assert_eq!(include.tags[0].value, "pets");
        assert_eq!(include.paths[0].place.to_string(), "include.paths[0] (line 11)");
        assert!(include.paths[0].value.matches(crate::ir::Method::Get, "/pets/{id}"));
        assert!(include.webhooks[0].value.matches("pet_created"));
        assert_eq!(settings.selection.exclude.operations[0].value, "deletePet");
        let operation = &settings.operations[0];
        assert_eq!(operation.operation_id, "pets/list");
        let pagination = operation.pagination.as_ref().unwrap();
        assert_eq!(pagination.place.to_string(), "operations.\"pets/list\".pagination (line 18)");
        assert_eq!(pagination.value, serde_json::json!({"cursor_param": "after", "items": "data", "next_cursor": "next"}));
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let err = parse("[include]\ntags = [\"a\"]\noperation = [\"b\"]\n").unwrap_err();
        assert_eq!(err.file, Path::new("specs/pets.toml"));
        assert_eq!(err.location, "include.operation (line 3)");
        assert!(err.message.contains("unknown key `operation`"), "{err}");
        assert!(err.message.contains("expected one of `tags`, `operations`"), "{err}");
        let err = parse("crate_name = \"x\"\n").unwrap_err();
        assert_eq!(err.location, "crate_name (line 1)");
        let err = parse("[operations.listPets]\npaging = false\n").unwrap_err();
        assert_eq!(err.location, "operations.listPets.paging (line 2)");
    }

    #[test]
    fn wrong_types_and_syntax_are_located() {
        let err = parse("[include]\ntags = \"pets\"\n").unwrap_err();
        assert_eq!(err.location, "include.tags (line 2)");
        let err = parse("[include\n").unwrap_err();
        assert!(err.location.starts_with("line 1"), "{err}");
    }

    #[test]
    fn values_are_checked_where_they_are_written() {
        let err = parse("[crate]\nversion = \"1.0\"\n").unwrap_err();
        assert_eq!(err.location, "crate.version (line 2)");
        assert!(err.message.contains("MAJOR.MINOR.PATCH"), "{err}");
        let err = parse("[exclude]\npaths = [\"/a\", \"pets\"]\n").unwrap_err();
        assert_eq!(err.location, "exclude.paths[1] (line 2)");
        let err = parse("[include]\n").unwrap_err();
        assert_eq!(err.location, "include (line 1)");
        assert!(err.message.contains("chooses nothing"), "{err}");
    }

    #[test]
    fn options_add_to_the_file() {
        let mut settings = Settings::default();
        assert!(settings.selection.is_everything());
        assert!(settings.set_option("--exclude-tag", "admin").unwrap());
        assert!(settings.selection.include.is_none());
        assert!(settings.set_option("--include-path", "/pets/*").unwrap());
        assert!(settings.set_option("--overlay", "fix.yaml").unwrap());
        assert!(!settings.set_option("--spec", "x").unwrap());
        assert_eq!(settings.selection.exclude.tags[0].place.to_string(), "--exclude-tag");
        assert_eq!(settings.selection.include.as_ref().unwrap().paths.len(), 1);
        let err = settings.set_option("--crate-version", "one").unwrap_err();
        assert_eq!(err.to_string(), "--crate-version: `one` is not a version cargo accepts; write MAJOR.MINOR.PATCH, such as `0.1.0`");
    }
}

#[cfg(test)]
mod warning_tests {
    use super::*;
    use crate::error::Warning;

    fn warnings() -> Vec<Warning> {
        vec![
            Warning::at("#/a", "type-is-a-format", "`type: uuid` names a format", "write `type: string`").in_file("api.yaml"),
            Warning::at("#/b", "null-as-empty", "`content` is null", "delete it").in_file("api.yaml"),
        ]
    }

    fn allowing(kinds: &[&str], deny: bool) -> WarningSettings {
        let allow = kinds.iter().map(|k| Setting { value: (*k).to_owned(), place: Place::flag("--allow-warning") }).collect();
        WarningSettings { allow, deny }
    }

    #[test]
    fn judging_keeps_every_warning_by_default() {
        assert_eq!(WarningSettings::default().judge(warnings()).unwrap(), warnings());
    }

    #[test]
    fn allowed_kinds_are_left_unsaid() {
        let kept = allowing(&["null-as-empty"], false).judge(warnings()).unwrap();
        assert_eq!(kept.iter().map(|w| w.kind).collect::<Vec<_>>(), ["type-is-a-format"]);
    }

    #[test]
    fn denied_warnings_are_one_error_listing_them_all() {
        let error = allowing(&[], true).judge(warnings()).unwrap_err();
        assert!(error.message.starts_with("2 warning(s), and warnings are denied"), "{error}");
        assert!(error.message.contains("api.yaml: #/a: `type: uuid` names a format"), "{error}");
        assert!(error.message.contains("api.yaml: #/b: `content` is null"), "{error}");
        // What is allowed is not denied: nothing left, no error.
        assert_eq!(allowing(&["null-as-empty", "type-is-a-format"], true).judge(warnings()).unwrap(), []);
    }

    #[test]
    fn an_allowance_must_name_a_kind_of_warning() {
        let mut settings = Settings::default();
        assert!(settings.set_option("--allow-warning", "null-as-empty").unwrap());
        let error = settings.set_option("--allow-warning", "null-as-emty").unwrap_err();
        assert!(error.message.contains("`null-as-emty` is not a kind of warning; the kinds are `examples-list`, `ill-typed-keyword`"), "{error}");
        let error = Settings::parse("[warnings]\nallow = [\"type-is-format\"]\n", Path::new("api.toml")).unwrap_err();
        assert_eq!((error.file.as_path(), error.location.as_str()), (Path::new("api.toml"), "warnings.allow[0] (line 2)"));
    }
}
