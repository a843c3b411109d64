//! Edited copies of a generated crate, each leaving one thing out, to see what it costs to
//! compile.

use std::path::Path;

use codegen::CrateFiles;

use super::compile::Subject;

/// Edited copies of a generated crate, each leaving out one thing, to see what it costs.
/// The edits are textual and specific to what the generator emits today.
pub(super) fn variant_crates(base_name: &str, base: &CrateFiles) -> Result<Vec<Subject>, String> {
    let mut out = Vec::new();
    let mut add = |suffix: &str, note: &str, edit: &dyn Fn(&Path, &str) -> String| {
        let name = format!("{base_name}-{suffix}");
        let mut files = CrateFiles::default();
        for (path, text) in &base.files {
            let text = if path == Path::new("Cargo.toml") {
                text.replacen(&format!("name = \"{base_name}\""), &format!("name = \"{name}\""), 1)
            } else {
                edit(path, text)
            };
            files.files.insert(path.clone(), text);
        }
        out.push(Subject { name, note: note.to_owned(), files });
    };
    let rust = |path: &Path| path.extension().is_some_and(|e| e == "rs");

    // 1. No doc comments (rustdoc text is carried through parsing and metadata).
    add("nodocs", "doc comments removed", &|path, text| {
        if !rust(path) || path.starts_with("src/runtime") {
            return text.to_owned();
        }
        // `#![warn(missing_docs)]` goes too: thousands of warnings would cost time themselves.
        text.lines()
            .filter(|l| !l.trim_start().starts_with("///") && l.trim() != "#![warn(missing_docs)]")
            .map(|l| format!("{l}\n"))
            .collect()
    });

    // 2. Types and operation enums without `PartialEq`/`Eq`/`Hash`/`PartialOrd`/`Ord`
    //    (derives that serde does not need).
    add("nocmp", "no PartialEq/Eq/Hash/Ord derives", &|path, text| {
        if !rust(path) || path.starts_with("src/runtime") {
            return text.to_owned();
        }
        strip_derives(text, &["PartialEq", "Eq", "Hash", "PartialOrd", "Ord"])
    });

    // 3. The types alone: no operation methods, error enums or parameter structs.
    add("typesonly", "types only (operations.rs emptied)", &|path, text| {
        if path == Path::new("src/operations.rs") {
            "//! Removed for the benchmark.\n".to_owned()
        } else {
            text.to_owned()
        }
    });

    // 4. Open string enums (`Unknown(String)` fallback, an untagged variant that makes serde
    //    buffer every value) with hand-written `Serialize`/`Deserialize` through `as_str`.
    add("strenum", "string enums without derived serde", &|path, text| {
        if path == Path::new("src/types.rs") { plain_string_enums(text) } else { text.to_owned() }
    });

    // 5. Responses not decoded at all: how much of the build is `Deserialize` code that the
    //    operations instantiate (the client is useless like this; it is only a measurement).
    add("nodecode", "no response decoding (measurement only)", &|path, text| {
        if path != Path::new("src/runtime/request.rs") {
            return text.to_owned();
        }
        let signature = "    fn decode_json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {\n";
        let Some(start) = text.find(signature).map(|i| i + signature.len()) else { return text.to_owned() };
        let Some(end) = text[start..].find("\n    }\n").map(|i| start + i) else { return text.to_owned() };
        format!("{}        Err(self.decode_error(String::new(), String::new())){}", &text[..start], &text[end..])
    });

    let request_rs = Path::new("src/runtime/request.rs");
    let undecoded = out.iter().find(|s| s.name.ends_with("-nodecode")).map(|s| &s.files.files[request_rs]);
    if undecoded == Some(&base.files[request_rs]) {
        return Err("error: the `nodecode` variant no longer applies: src/runtime/request.rs changed".to_owned());
    }
    Ok(out)
}

/// Rewrites every string enum with an `Unknown(String)` fallback so serde is implemented by
/// hand: serialize `as_str()`, deserialize a `String` and match it. Items are the blank-line
/// separated chunks the formatter writes; an enum whose `as_str` cannot be read is left alone.
fn plain_string_enums(text: &str) -> String {
    let chunks: Vec<&str> = text.split("\n\n").collect();
    let mut out: Vec<String> = Vec::with_capacity(chunks.len());
    for chunk in &chunks {
        let is_open_enum = chunk.contains("\npub enum ") && chunk.contains("#[serde(untagged)]\n    Unknown(String),");
        let name = chunk.split_once("\npub enum ").and_then(|(_, rest)| rest.split_once(" {")).map(|(name, _)| name.trim());
        let arms = name.and_then(|name| as_str_arms(text, name));
        let (true, Some(name), Some(arms)) = (is_open_enum, name, arms) else {
            out.push((*chunk).to_owned());
            continue;
        };
        let body: String = strip_derives(chunk, &["Serialize", "Deserialize"])
            .lines()
            .filter(|l| !l.trim_start().starts_with("#[serde("))
            .collect::<Vec<_>>()
            .join("\n");
        let matches: String = arms.iter().map(|(variant, wire)| format!("            {wire} => Self::{variant},\n")).collect();
        out.push(format!(
            "{body}\n\nimpl serde::Serialize for {name} {{\n    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n        serializer.serialize_str(self.as_str())\n    }}\n}}\n\n\
             impl<'de> serde::Deserialize<'de> for {name} {{\n    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {{\n        \
             let value = String::deserialize(deserializer)?;\n        Ok(match value.as_str() {{\n{matches}            _ => Self::Unknown(value),\n        }})\n    }}\n}}"
        ));
    }
    out.join("\n\n")
}

/// The `Self::Variant => "wire"` arms of the generated `as_str` of enum `name`.
fn as_str_arms(text: &str, name: &str) -> Option<Vec<(String, String)>> {
    let start = text.find(&format!("impl {name} {{\n    /// The value as sent on the wire.\n"))?;
    let body = text[start..].split_once("match self {\n")?.1;
    let mut arms = Vec::new();
    let mut lines = body.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line.starts_with("Self::Unknown(") {
            return Some(arms);
        }
        let (variant, wire) = line.strip_prefix("Self::")?.split_once(" => ")?;
        // A long literal goes on its own line inside braces.
        let wire = if wire == "{" { lines.next()?.to_owned() } else { wire.trim_end_matches(',').to_owned() };
        if wire == "{" || !wire.starts_with('"') {
            return None;
        }
        if line.ends_with('{') {
            lines.next()?; // the closing brace
        }
        arms.push((variant.to_owned(), wire));
    }
    None
}

/// Removes the named traits from every `#[derive(...)]` (which prettyplease may spread over
/// several lines).
fn strip_derives(text: &str, traits: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("#[derive(") {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = from.find(")]") else { break };
        let inner = &from["#[derive(".len()..end];
        let kept: Vec<&str> = inner.split(',').map(str::trim).filter(|t| !t.is_empty() && !traits.contains(t)).collect();
        if !kept.is_empty() {
            out.push_str(&format!("#[derive({})]", kept.join(", ")));
        }
        rest = &from[end + 2..];
    }
    out.push_str(rest);
    out
}
