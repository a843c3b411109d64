//! Text to a JSON tree: YAML or JSON, read as leniently as the formats allow.
//!
//! Real documents carry what a strict reader trips over: a byte-order mark, integers outside
//! 64 bits (`minimum: -9223372036854776000`), integer map keys (`200:`), YAML merge keys and
//! tags. None of that makes a document invalid, so none of it is reported as such. YAML is
//! read by the 1.2 rules for line breaks and for what a quoted string may hold (see
//! [`yaml12`](super::yaml12)).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::yaml12::{self, Placeholders};
use crate::error::{Error, Result, Warning};

/// How deeply collections may nest. Both parsers refuse more (serde_json and serde_yaml stop
/// at 128); checking first keeps libyaml from spending quadratic time getting there.
pub const MAX_NESTING: usize = 128;

/// Parses a document: JSON when it starts with `{`, YAML otherwise; the warnings say where
/// the text breaks a rule of its format that has one reading.
pub fn parse_tree(text: &str) -> Result<(Value, Vec<Warning>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().starts_with('{') {
        let warnings = scan_yaml(text)?;
        return Ok((parse_yaml(text)?, warnings));
    }
    // `{` may also open a YAML flow mapping (`{openapi: 3.1.0, …}`): JSON first, as nearly
    // every such document is JSON, and its own error when YAML cannot read it either.
    match parse_json(text) {
        Ok(tree) => Ok((tree, Vec::new())),
        Err(json_error) => {
            let warnings = scan_yaml(text)?;
            Ok((parse_yaml(text).map_err(|_| json_error)?, warnings))
        }
    }
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

/// Refuses YAML that nests too deeply for the parser; warns of characters out of place.
fn scan_yaml(text: &str) -> Result<Vec<Warning>> {
    let scan = yaml12::scan(text, MAX_NESTING);
    match scan.too_deep {
        Some(at) => Err(too_deep(at)),
        None => Ok(scan.warnings),
    }
}

fn parse_yaml(text: &str) -> Result<Value> {
    let placeholders = Placeholders::for_text(text);
    let mut tree = Tree::deserialize(serde_yaml::Deserializer::from_str(&placeholders.substitute(text)))
        .map_err(|e| {
            let at = e.location().map(|l| format!("line {} column {}", l.line(), l.column())).unwrap_or_default();
            if e.to_string().starts_with("recursion limit exceeded") {
                return too_deep(at);
            }
            placeholders.restore_error(Error::at(at, format!("invalid YAML: {e}; fix the syntax at that place")))
        })?
        .0;
    placeholders.restore(&mut tree);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_tree_only(text: &str) -> Result<Value> {
        parse_tree(text).map(|(tree, _)| tree)
    }

    #[test]
    fn integers_wider_than_64_bits_become_floats() {
        let tree = parse_tree_only("a: -9223372036854776000\nb: 18446744073709551616\nc: 7\n").unwrap();
        assert_eq!(tree["a"].as_f64(), Some(-9223372036854776000.0));
        assert!(tree["b"].is_f64());
        assert_eq!(tree["c"], 7);
    }

    #[test]
    fn keys_become_strings_and_tags_are_dropped() {
        let tree = parse_tree_only("200: ok\ntrue: yes\nx: !Tag 5\n").unwrap();
        assert_eq!(tree["200"], "ok");
        assert_eq!(tree["true"], "yes");
        assert_eq!(tree["x"], 5);
    }

    #[test]
    fn a_byte_order_mark_is_not_content() {
        assert_eq!(parse_tree_only("\u{feff}openapi: 3.1.0\n").unwrap()["openapi"], "3.1.0");
        assert_eq!(parse_tree_only("\u{feff}{\"openapi\": \"3.1.0\"}").unwrap()["openapi"], "3.1.0");
    }

    #[test]
    fn merge_keys_fill_in() {
        let tree = parse_tree_only("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(tree["thing"], serde_json::json!({"y": 3, "x": 1}));
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly_and_by_its_name() {
        let err = parse_tree_only(&"{a: ".repeat(100_000)).unwrap_err();
        assert!(err.message.contains("nests more than 128 levels"), "{err}");
        assert_eq!(err.location, "line 1 column 513");
        let err = parse_tree_only(&"[".repeat(100_000)).unwrap_err();
        assert!(err.message.contains("nests more than"), "{err}");
    }

    #[test]
    fn brackets_in_text_do_not_count_as_nesting() {
        let brackets = "[".repeat(200);
        let yaml = format!("a: '{brackets}'\nb: \"{brackets}\"\nc: |\n  {brackets}\nd: x # {brackets}\ne: don't [ok]\n");
        let tree = parse_tree_only(&yaml).unwrap();
        assert_eq!(tree["e"], "don't [ok]");
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = parse_tree_only("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        assert!(err.location.starts_with("line "), "{err}");
        assert!(err.message.starts_with("invalid YAML"), "{err}");
    }
}

#[cfg(test)]
mod yaml_1_2 {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> (Value, Vec<Warning>) {
        parse_tree(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn line_and_paragraph_separators_and_next_line_are_ordinary_characters() {
        for c in ['\u{2028}', '\u{2029}', '\u{85}'] {
            let text = format!(
                "plain: a{c}b\nkey{c}name: 1\ndouble: \"a{c}b\"\nsingle: 'a{c}b'\nliteral: |\n  a{c}b\n  c\nfolded: >-\n  a{c}b\n  c\nflow: [a{c}b, {{k: x{c}}}]\nafter: 2\n"
            );
            let (tree, warnings) = parse(&text);
            assert_eq!(
                tree,
                json!({
                    "plain": format!("a{c}b"), format!("key{c}name"): 1, "double": format!("a{c}b"),
                    "single": format!("a{c}b"), "literal": format!("a{c}b\nc\n"), "folded": format!("a{c}b c"),
                    "flow": [format!("a{c}b"), {"k": format!("x{c}")}], "after": 2
                }),
                "{c:?}"
            );
            assert!(warnings.is_empty());
        }
    }

    #[test]
    fn quoted_strings_hold_any_character_from_space_up() {
        for c in ['\u{80}', '\u{92}', '\u{9f}', '\u{7f}', '\u{fffe}'] {
            let text = format!("double: \"a{c}b\"\nsingle: 'a{c}b'\nlong: \"first line\n  then a{c}b\"\nflow: {{\"k{c}\": ['x{c}']}}\n");
            let (tree, warnings) = parse(&text);
            assert_eq!(
                tree,
                json!({"double": format!("a{c}b"), "single": format!("a{c}b"), "long": format!("first line then a{c}b"), "flow": {format!("k{c}"): [format!("x{c}")]}}),
                "{c:?}"
            );
            assert!(warnings.is_empty(), "{c:?}: {warnings:?}");
        }
    }

    #[test]
    fn control_characters_outside_quotes_are_read_with_one_warning() {
        let (tree, warnings) = parse("a: \"ok\u{92}\"\nb: it\u{92}s\nc: |\n  x\u{93}y\n# note\u{94}\nd: 1\n");
        assert_eq!(tree, json!({"a": "ok\u{92}", "b": "it\u{92}s", "c": "x\u{93}y\n", "d": 1}));
        let [warning] = warnings.as_slice() else { panic!("{warnings:?}") };
        assert_eq!((warning.kind, warning.location.as_str()), ("yaml-control-character", "line 2 column 6"));
        assert!(warning.message.starts_with("U+0092, a control character (and 2 more), stands outside a quoted string"), "{warning}");
        // A quote inside a plain scalar does not open a quoted one.
        let (_, warnings) = parse("a: say \"x\u{92}\"\n");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn escapes_stay_what_they_say() {
        let (tree, _) = parse("a: \"\\L\\N\\P\\x85\"\nb: \"\\u2028\"\n");
        assert_eq!(tree, json!({"a": "\u{2028}\u{85}\u{2029}\u{85}", "b": "\u{2028}"}));
    }

    #[test]
    fn placeholders_are_characters_the_text_does_not_hold() {
        // The first placeholders are written and escaped in the text: they must survive.
        let (tree, _) = parse("a: \"\u{100000}\\U00100001\u{2028}\u{92}\"\n");
        assert_eq!(tree["a"], "\u{100000}\u{100001}\u{2028}\u{92}");
    }

    #[test]
    fn errors_after_such_characters_name_the_users_line_and_column() {
        let err = parse_tree("a: x\u{2028}y\u{2029}z\nb: [\n").unwrap_err();
        assert_eq!(err.location, "line 3 column 1");
        let err = parse_tree("k: \u{2028}\u{92}\u{85} b: c\n").unwrap_err();
        assert_eq!(err.location, "line 1 column 9", "{err}");
        // C0 controls stay refused, even quoted: YAML 1.2 allows them only escaped.
        assert!(parse_tree("a: \"\u{1}\"\n").is_err());
    }

    #[test]
    fn brackets_in_multi_line_quoted_strings_do_not_count_as_nesting() {
        let brackets = "[".repeat(200);
        let (tree, _) = parse(&format!("a: \"x\n  {brackets}\n  y\"\nb: 'it''s\n  {brackets}'\n"));
        assert_eq!(tree["b"], format!("it's {brackets}"));
    }
}
