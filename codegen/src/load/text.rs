//! Text to a JSON tree: YAML or JSON, read as leniently as the formats allow.
//!
//! Real documents carry what a strict reader trips over: a byte-order mark, integers outside
//! 64 bits (`minimum: -9223372036854776000`), integer map keys (`200:`), YAML merge keys and
//! tags. None of that makes a document invalid, so none of it is reported as such.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};

/// How deeply collections may nest. Both parsers refuse more (serde_json and serde_yaml stop
/// at 128); checking first keeps libyaml from spending quadratic time getting there.
pub const MAX_NESTING: usize = 128;

/// Parses a document: JSON when it starts with `{`, YAML otherwise.
pub fn parse_tree(text: &str) -> Result<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().starts_with('{') {
        check_flow_nesting(text)?;
        return parse_yaml(text);
    }
    // `{` may also open a YAML flow mapping (`{openapi: 3.1.0, …}`): JSON first, as nearly
    // every such document is JSON, and its own error when YAML cannot read it either.
    parse_json(text).or_else(|json_error| {
        check_flow_nesting(text)?;
        parse_yaml(text).map_err(|_| json_error)
    })
}

fn parse_json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        let at = format!("line {} column {}", e.line(), e.column());
        if e.to_string().starts_with("recursion limit exceeded") {
            return too_deep(at);
        }
        Error::at(at, format!("invalid JSON: {e}; fix the syntax at that place"))
    })
}

fn parse_yaml(text: &str) -> Result<Value> {
    let mut tree = Tree::deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|e| {
            let at = e.location().map(|l| format!("line {} column {}", l.line(), l.column())).unwrap_or_default();
            if e.to_string().starts_with("recursion limit exceeded") {
                return too_deep(at);
            }
            Error::at(at, format!("invalid YAML: {e}; fix the syntax at that place"))
        })?
        .0;
    apply_merge_keys(&mut tree);
    Ok(tree)
}

fn too_deep(at: String) -> Error {
    Error::at(
        at,
        format!("the document nests more than {MAX_NESTING} levels deep, which this generator does not read; flatten it, e.g. with `$ref`s to named schemas"),
    )
}

/// A JSON value read from any self-describing format, keeping what JSON cannot hold exactly
/// as close as it can: wide integers become floats, non-string keys become strings.
struct Tree(Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Tree::deserialize(deserializer).map(|t| t.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some((Key(key), Tree(value))) = map.next_entry()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }

    /// A YAML tag (`!Ref x`) means nothing to OpenAPI: keep the tagged value.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (Key, _) = data.variant()?;
        de::VariantAccess::newtype_variant::<Tree>(variant).map(|t| t.0)
    }
}

/// JSON has no infinities or NaN; an unbounded constraint is as good as none.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A map key as text: YAML allows `200:`, `true:` and `~:` as keys; OpenAPI means strings.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = match Tree::deserialize(deserializer)?.0 {
            Value::String(s) => s,
            Value::Null => "null".to_owned(),
            other => other.to_string(),
        };
        Ok(Key(key))
    }
}

/// YAML 1.1 merge keys (`<<: *base`): the merged mappings' entries fill in what the mapping
/// does not set itself, earlier merges winning over later ones.
fn apply_merge_keys(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(apply_merge_keys),
        Value::Object(map) => {
            map.values_mut().for_each(apply_merge_keys);
            let Some(merged) = map.remove("<<") else { return };
            let sources = match merged {
                Value::Array(sources) => sources,
                single => vec![single],
            };
            for source in sources {
                if let Value::Object(source) = source {
                    for (key, value) in source {
                        map.entry(key).or_insert(value);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Refuses YAML whose flow collections (`{…}`, `[…]`) nest deeper than [`MAX_NESTING`],
/// in one linear pass that skips quoted scalars, comments and block scalars.
fn check_flow_nesting(text: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut block_scalar_indent: Option<usize> = None;
    for (line_index, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent_indent) = block_scalar_indent {
            if line.trim().is_empty() || indent > parent_indent {
                continue;
            }
            block_scalar_indent = None;
        }
        let mut chars = line.char_indices().peekable();
        let mut previous = ' ';
        while let Some((column, c)) = chars.next() {
            match c {
                '#' if previous.is_whitespace() => break,
                '"' | '\'' if starts_scalar(previous) => skip_quoted(&mut chars, c),
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(too_deep(format!("line {} column {}", line_index + 1, column + 1)));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = c;
        }
        if depth == 0 && starts_block_scalar(line) {
            block_scalar_indent = Some(indent);
        }
    }
    Ok(())
}

fn starts_scalar(previous: char) -> bool {
    previous.is_whitespace() || matches!(previous, '[' | '{' | ',' | ':' | '-')
}

/// Skips to the end of a quoted scalar on this line (`''` and `\"` are escapes).
fn skip_quoted(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, quote: char) {
    while let Some((_, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
            } else {
                return;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_wider_than_64_bits_become_floats() {
        let tree = parse_tree("a: -9223372036854776000\nb: 18446744073709551616\nc: 7\n").unwrap();
        assert_eq!(tree["a"].as_f64(), Some(-9223372036854776000.0));
        assert!(tree["b"].is_f64());
        assert_eq!(tree["c"], 7);
    }

    #[test]
    fn keys_become_strings_and_tags_are_dropped() {
        let tree = parse_tree("200: ok\ntrue: yes\nx: !Tag 5\n").unwrap();
        assert_eq!(tree["200"], "ok");
        assert_eq!(tree["true"], "yes");
        assert_eq!(tree["x"], 5);
    }

    #[test]
    fn a_byte_order_mark_is_not_content() {
        assert_eq!(parse_tree("\u{feff}openapi: 3.1.0\n").unwrap()["openapi"], "3.1.0");
        assert_eq!(parse_tree("\u{feff}{\"openapi\": \"3.1.0\"}").unwrap()["openapi"], "3.1.0");
    }

    #[test]
    fn merge_keys_fill_in() {
        let tree = parse_tree("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(tree["thing"], serde_json::json!({"y": 3, "x": 1}));
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly_and_by_its_name() {
        let err = parse_tree(&"{a: ".repeat(100_000)).unwrap_err();
        assert!(err.message.contains("nests more than 128 levels"), "{err}");
        assert_eq!(err.location, "line 1 column 513");
        let err = parse_tree(&"[".repeat(100_000)).unwrap_err();
        assert!(err.message.contains("nests more than"), "{err}");
    }

    #[test]
    fn brackets_in_text_do_not_count_as_nesting() {
        let brackets = "[".repeat(200);
        let yaml = format!("a: '{brackets}'\nb: \"{brackets}\"\nc: |\n  {brackets}\nd: x # {brackets}\ne: don't [ok]\n");
        let tree = parse_tree(&yaml).unwrap();
        assert_eq!(tree["e"], "don't [ok]");
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = parse_tree("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        assert!(err.location.starts_with("line "), "{err}");
        assert!(err.message.starts_with("invalid YAML"), "{err}");
    }
}
