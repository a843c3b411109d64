//! YAML 1.2's characters, read with libyaml (behind `serde_yaml`), which follows YAML 1.1.
//!
//! Two rules differ, and OpenAPI 3.1 asks for 1.2:
//!
//! - **Line breaks** are only LF and CR. YAML 1.1 also breaks lines at U+0085 (NEXT LINE),
//!   U+2028 (LINE SEPARATOR) and U+2029 (PARAGRAPH SEPARATOR), so a description holding one
//!   is cut in two, and the rest of it read as YAML. In 1.2 they are ordinary characters.
//! - **Quoted scalars** may hold any character from U+0020 up (1.2's `nb-json`, the JSON
//!   string's range), C1 controls (U+0080–U+009F), DEL and U+FFFE/U+FFFF included. libyaml
//!   refuses them anywhere in the stream. Outside quoted scalars 1.2 does not allow them
//!   either (they are not `c-printable`); they still have one reading, the character itself,
//!   so they are read so, with a warning.
//!
//! Both are read by substitution: before libyaml sees the text, each such character becomes a
//! placeholder that libyaml takes as an ordinary character and that the text does not hold
//! (a supplementary private-use character, neither written nor escaped in it); after, every
//! string and key gets its own characters back. One character for one keeps every line and
//! column libyaml reports where it is in the user's file.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::error::{Error, Warning};

/// Characters that YAML 1.1 breaks lines at and 1.2 does not.
fn is_1_1_line_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Characters 1.2 allows in quoted scalars only (and libyaml nowhere).
fn is_quoted_only(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// The characters of one text that libyaml must not see, and the placeholder of each.
#[derive(Debug, Default)]
pub struct Placeholders {
    /// Placeholder to the character it stands for.
    originals: BTreeMap<char, char>,
}

impl Placeholders {
    /// The placeholders `text` needs (none for nearly every document).
    pub fn for_text(text: &str) -> Self {
        let mut needed: Vec<char> = text.chars().filter(|&c| is_1_1_line_break(c) || is_quoted_only(c)).collect();
        if needed.is_empty() {
            return Self::default();
        }
        needed.sort_unstable();
        needed.dedup();
        let taken = taken_supplementary(text);
        let free = ('\u{100000}'..='\u{10fffd}').filter(|c| !taken.contains(c));
        Placeholders { originals: free.zip(needed).collect() }
    }

    /// `text` with each character replaced by its placeholder.
    pub fn substitute<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.originals.is_empty() {
            return text.into();
        }
        let placeholder_of: BTreeMap<char, char> = self.originals.iter().map(|(&p, &o)| (o, p)).collect();
        text.chars().map(|c| placeholder_of.get(&c).copied().unwrap_or(c)).collect::<String>().into()
    }

    /// Puts the characters back into every string and key of `tree`.
    pub fn restore(&self, tree: &mut Value) {
        if self.originals.is_empty() {
            return;
        }
        match tree {
            Value::String(text) => self.restore_text(text),
            Value::Array(items) => items.iter_mut().for_each(|item| self.restore(item)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                *map = entries
                    .into_iter()
                    .map(|(mut key, mut value)| {
                        self.restore_text(&mut key);
                        self.restore(&mut value);
                        (key, value)
                    })
                    .collect::<Map<String, Value>>();
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// Puts the characters back into a parser's error message, which may quote the text.
    pub fn restore_error(&self, mut error: Error) -> Error {
        self.restore_text(&mut error.message);
        error
    }

    fn restore_text(&self, text: &mut String) {
        if text.chars().any(|c| self.originals.contains_key(&c)) {
            *text = text.chars().map(|c| self.originals.get(&c).copied().unwrap_or(c)).collect();
        }
    }
}

/// Supplementary private-use characters `text` holds, written or escaped (`\U0010FFFD`).
fn taken_supplementary(text: &str) -> HashSet<char> {
    let mut taken: HashSet<char> = text.chars().filter(|&c| c >= '\u{100000}').collect();
    for (at, _) in text.match_indices("\\U") {
        let escaped = text.get(at + 2..at + 10).and_then(|hex| u32::from_str_radix(hex, 16).ok()).and_then(char::from_u32);
        taken.extend(escaped);
    }
    taken
}

/// How deeply flow collections nest at most, and what this reader found out of place.
pub struct Scan {
    /// The first place flow collections nest deeper than allowed, if any.
    pub too_deep: Option<String>,
    /// Characters YAML 1.2 allows in quoted scalars only, found outside them.
    pub warnings: Vec<Warning>,
}

/// Where a character of YAML text stands, as far as this reader needs to know.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Structure, plain scalars and comments.
    Outside,
    DoubleQuoted { escaped: bool },
    SingleQuoted,
}

/// One linear pass over YAML text that tells quoted scalars, comments and block scalars from
/// structure: flow collections (`{…}`, `[…]`) must nest at most `max_nesting` deep (checked
/// before libyaml, which spends quadratic time getting there), and the characters 1.2 allows
/// only in quoted scalars are found wherever else they stand.
pub fn scan(text: &str, max_nesting: usize) -> Scan {
    let mut scanner = Scanner { depth: 0, max_nesting, too_deep: None, controls: Vec::new() };
    let mut state = State::Outside;
    let mut block_scalar_indent: Option<usize> = None;
    for (line_index, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent_indent) = block_scalar_indent {
            if line.trim().is_empty() || indent > parent_indent {
                scanner.note_controls(line_index, line.chars().enumerate());
                continue;
            }
            block_scalar_indent = None;
        }
        let starts_outside = state == State::Outside;
        state = scanner.line(line_index, line, state);
        if starts_outside && state == State::Outside && scanner.depth == 0 && starts_block_scalar(line) {
            block_scalar_indent = Some(indent);
        }
        if scanner.too_deep.is_some() {
            break;
        }
    }
    let warnings = scanner.warnings();
    Scan { too_deep: scanner.too_deep, warnings }
}

struct Scanner {
    depth: usize,
    max_nesting: usize,
    too_deep: Option<String>,
    /// Each control character outside quoted scalars, and where (line, column, from 0).
    controls: Vec<(char, usize, usize)>,
}

impl Scanner {
    /// Reads one line from `state`; the state at its end.
    fn line(&mut self, line_index: usize, line: &str, mut state: State) -> State {
        // Whether a scalar may start here: after indentation, `- `, `? `, `: `, `[`, `{`, `,`
        // or a node's anchor or tag; a quote anywhere else is part of a plain scalar.
        let mut node_start = true;
        let mut in_property = false;
        let mut previous = ' ';
        let mut chars = line.chars().enumerate().peekable();
        while let Some((column, c)) = chars.next() {
            let next = chars.peek().map_or(' ', |&(_, n)| n);
            match state {
                State::DoubleQuoted { escaped: true } => state = State::DoubleQuoted { escaped: false },
                State::DoubleQuoted { escaped: false } => match c {
                    '\\' => state = State::DoubleQuoted { escaped: true },
                    '"' => state = State::Outside,
                    _ => {}
                },
                State::SingleQuoted if c == '\'' && next == '\'' => {
                    chars.next();
                }
                State::SingleQuoted if c == '\'' => state = State::Outside,
                State::SingleQuoted => {}
                State::Outside => {
                    if c == '#' && previous.is_whitespace() {
                        self.note_controls(line_index, std::iter::once((column, c)).chain(chars));
                        return state;
                    }
                    if is_quoted_only(c) {
                        self.controls.push((c, line_index, column));
                    }
                    match c {
                        '"' if node_start => state = State::DoubleQuoted { escaped: false },
                        '\'' if node_start => state = State::SingleQuoted,
                        ' ' | '\t' => in_property = false,
                        '&' | '!' if node_start => in_property = true,
                        _ if in_property => {}
                        '[' | '{' => {
                            self.depth += 1;
                            if self.depth > self.max_nesting {
                                self.too_deep = Some(format!("line {} column {}", line_index + 1, column + 1));
                                return state;
                            }
                            node_start = true;
                        }
                        ',' if self.depth > 0 => node_start = true,
                        '-' | '?' | ':' if next.is_whitespace() => node_start = true,
                        ':' if self.depth > 0 => node_start = true,
                        ']' | '}' => {
                            self.depth = self.depth.saturating_sub(1);
                            node_start = false;
                        }
                        _ => node_start = false,
                    }
                }
            }
            previous = c;
        }
        state
    }

    fn note_controls(&mut self, line_index: usize, chars: impl Iterator<Item = (usize, char)>) {
        self.controls.extend(chars.filter(|&(_, c)| is_quoted_only(c)).map(|(column, c)| (c, line_index, column)));
    }

    /// One warning for all the control characters found outside quoted scalars.
    fn warnings(&self) -> Vec<Warning> {
        let Some(&(first, line, column)) = self.controls.first() else { return Vec::new() };
        let more = match self.controls.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more)".to_owned(),
            n => format!(" (and {n} more)"),
        };
        vec![Warning::at(
            format!("line {} column {}", line + 1, column + 1),
            "yaml-control-character",
            format!(
                "U+{:04X}, a control character{more}, stands outside a quoted string, where YAML 1.2 does not allow it; read as that character",
                first as u32
            ),
            format!(
                "write it as `\\u{:04X}` in a double-quoted string, or the character meant (a C1 control is often a Windows-1252 character read as Latin-1)",
                first as u32
            ),
        )]
    }
}

/// `key: |`, `- >-` and the like: the following, more indented lines are text.
fn starts_block_scalar(line: &str) -> bool {
    let content = line.split(" #").next().unwrap_or(line).trim_end();
    let Some(indicator) = content.rsplit([' ', '\t']).next() else { return false };
    let is_indicator = indicator.starts_with(['|', '>'])
        && indicator[1..].chars().all(|c| matches!(c, '+' | '-' | '1'..='9'));
    is_indicator && content.len() > indicator.len()
}

