//! Deterministic, unique names for types, variants and methods.

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Names the generated crate already uses in the modules where schema types are referenced,
/// so a schema called `Option` or `Client` does not shadow them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Self", "Default", "From", "Into",
    "BTreeMap", "HashMap", "Value", "Map", "Serialize", "Deserialize", "Nullable", "Secret",
    "Client", "ClientBuilder", "Error", "Server", "Response", "OperationRequest", "RetryPolicy",
    "Credential", "Stream", "Bytes", "DateTime", "NaiveDate", "Utc", "Uuid",
    // The type parameters of the serde impls the generator writes, which name field types.
    "D", "M", "S",
];

/// The methods `Client` has besides the operations: `builder` (generated), `base_url` (the
/// runtime's only inherent method) and those of the traits it implements. Operations must not
/// take these names; a test keeps the list equal to what the runtime defines.
const RESERVED_METHOD_NAMES: &[&str] = &["base_url", "builder", "clone", "clone_from", "fmt"];

/// Hands out names that are unique within one namespace, suffixing `2`, `3`, … on collision.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    used: HashSet<String>,
    /// The next suffix to try per base name, so that n collisions cost n steps, not n².
    next_suffix: HashMap<String, usize>,
}

impl Namespace {
    /// The namespace of type names, with the crate's own names taken.
    pub fn types() -> Self {
        Self::with_reserved(RESERVED_TYPE_NAMES)
    }

    /// The namespace of client method names.
    pub fn methods() -> Self {
        Self::with_reserved(RESERVED_METHOD_NAMES)
    }

    /// A namespace with `reserved` already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { used: reserved.iter().map(|s| (*s).to_owned()).collect(), next_suffix: HashMap::new() }
    }

    /// `base` followed by `separator` if free, otherwise `base{separator}2`, `…3`, …; the
    /// result is taken. `Self` is never handed out: it is the one UpperCamelCase keyword.
    pub fn unique_with(&mut self, base: &str, separator: &str) -> String {
        if base != "Self" && self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        let n = self.next_suffix.entry(base.to_owned()).or_insert(2);
        loop {
            let candidate = format!("{base}{separator}{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// Takes `name` as it is, when it is free; `false` (and nothing taken) when it is not.
    pub fn take(&mut self, name: &str) -> bool {
        name != "Self" && self.used.insert(name.to_owned())
    }

    /// [`Self::unique_with`] without a separator: `Name`, `Name2`, ….
    pub fn unique(&mut self, base: &str) -> String {
        self.unique_with(base, "")
    }
}

/// Names longer than this are cut (a 100 KB property name is no use as an identifier, and
/// rustc pays for every byte of it); the wire name stays whole in `#[serde(rename)]`. Real
/// names stay whole: GitHub's longest operationIds have about 90 characters.
const MAX_NAME_LENGTH: usize = 128;

/// `UpperCamelCase` from any text; a leading digit gets a `V` prefix, and text with no
/// letters or digits spells out its symbols (`>=` becomes `GtEq`).
pub fn type_name(text: &str) -> String {
    capped(camel_name(text), text, "")
}

/// `snake_case` from any text; a leading digit gets an `n` prefix.
pub fn snake_name(text: &str) -> String {
    capped(plain_snake_name(text), text, "_")
}

/// A name within [`MAX_NAME_LENGTH`]: long ones keep their start and end in a hash of the
/// whole text, so they stay distinct and the same from run to run.
fn capped(name: String, text: &str, separator: &str) -> String {
    if name.len() <= MAX_NAME_LENGTH {
        return name;
    }
    // Names are ASCII (`words` keeps only ASCII letters and digits), so any index is a boundary.
    let kept = name[..MAX_NAME_LENGTH - separator.len() - 16].trim_end_matches('_');
    format!("{kept}{separator}{:016x}", fnv1a(text.as_bytes()))
}

/// FNV-1a: stable across runs and platforms, unlike `std`'s hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

fn camel_name(text: &str) -> String {
    let plain = words(text).to_upper_camel_case();
    let name = if plain.is_empty() || plain.starts_with(|c: char| c.is_ascii_digit()) {
        spelled(text).to_upper_camel_case()
    } else {
        plain
    };
    match name.chars().next() {
        None => "Empty".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("V{name}"),
        Some(_) => name,
    }
}

fn plain_snake_name(text: &str) -> String {
    let plain = words(text).to_snake_case();
    let name = if plain.is_empty() { spelled(text).to_snake_case() } else { plain };
    match name.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{name}"),
        Some(_) => name,
    }
}

/// Non-identifier characters become word breaks.
fn words(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// Symbols become words, so values such as `+1` and `-1` keep distinct names.
fn spelled(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match symbol_word(c) {
            Some(word) => {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
            }
            None if c.is_ascii_alphanumeric() => out.push(c),
            None => out.push(' '),
        }
    }
    out
}

fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '>' => "gt",
        '<' => "lt",
        '=' => "eq",
        '!' => "not",
        '-' => "minus",
        '+' => "plus",
        '*' => "star",
        '/' => "slash",
        '.' => "dot",
        '@' => "at",
        '#' => "hash",
        '$' => "dollar",
        '%' => "percent",
        '&' => "and",
        '|' => "or",
        '^' => "caret",
        '~' => "tilde",
        ':' => "colon",
        '?' => "question",
        ',' => "comma",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_identifiers() {
        assert_eq!(type_name("ai_integrations_list"), "AiIntegrationsList");
        assert_eq!(type_name("openAI"), "OpenAi");
        assert_eq!(type_name("eu-west-1a"), "EuWest1a");
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(type_name(">="), "GtEq");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(type_name("-1"), "Minus1");
        assert_eq!(type_name(""), "Empty");
    }

    #[test]
    fn snake_names_are_identifiers() {
        assert_eq!(snake_name("ai_integrations_list"), "ai_integrations_list");
        assert_eq!(snake_name("getAiLlms"), "get_ai_llms");
        assert_eq!(snake_name("X-Request-ID"), "x_request_id");
        assert_eq!(snake_name("3d"), "n3d");
        assert_eq!(snake_name("$"), "dollar");
    }

    #[test]
    fn long_names_are_cut_deterministically_and_stay_distinct() {
        let long = "x".repeat(100_000);
        let a = snake_name(&long);
        assert_eq!(a.len(), 128);
        assert_eq!(a, snake_name(&long));
        assert_ne!(a, snake_name(&format!("{long}y")));
        assert!(type_name(&long).starts_with("Xxxx"));
        assert_eq!(type_name(&long).len(), 128);
        // A cut right after a word break leaves no doubled underscore.
        let broken = format!("{}_b{}", "a".repeat(110), "c".repeat(100));
        assert!(!snake_name(&broken).contains("__"), "{}", snake_name(&broken));
    }

    #[test]
    fn namespaces_suffix_collisions() {
        let mut ns = Namespace::types();
        assert_eq!(ns.unique("Asc"), "Asc");
        assert_eq!(ns.unique("Asc"), "Asc2");
        assert_eq!(ns.unique("Client"), "Client2");
        assert_eq!(Namespace::default().unique("Self"), "Self2");
    }

    /// Methods of the traits the runtime implements for `Client`, provided ones included.
    fn trait_methods(name: &str) -> &'static [&'static str] {
        match name {
            "Clone" => &["clone", "clone_from"],
            "Debug" => &["fmt"],
            other => panic!("`Client` implements `{other}`: list its methods here and in RESERVED_METHOD_NAMES"),
        }
    }

    #[test]
    fn reserved_method_names_are_what_the_runtime_client_has() {
        let mut has = vec!["builder".to_owned()];
        let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        for entry in std::fs::read_dir(runtime).unwrap() {
            let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for item in syn::parse_file(&source).unwrap().items {
                match item {
                    syn::Item::Impl(block) if is_client(&block.self_ty) => match &block.trait_ {
                        None => has.extend(block.items.iter().filter_map(|item| match item {
                            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                            _ => None,
                        })),
                        Some((path, _)) => {
                            let name = path.segments.last().unwrap().ident.to_string();
                            has.extend(trait_methods(&name).iter().map(|m| (*m).to_owned()));
                        }
                    },
                    syn::Item::Struct(s) if s.ident == "Client" => {
                        for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                            attr.parse_nested_meta(|derived| {
                                let name = derived.path.get_ident().unwrap().to_string();
                                has.extend(trait_methods(&name).iter().map(|m| (*m).to_owned()));
                                Ok(())
                            })
                            .unwrap();
                        }
                    }
                    _ => {}
                }
            }
        }
        has.sort();
        has.dedup();
        assert_eq!(has, RESERVED_METHOD_NAMES);
    }

    fn is_client(ty: &syn::Type) -> bool {
        matches!(ty, syn::Type::Path(p) if p.path.is_ident("Client"))
    }
}
