//! Cargo package names: the one a spec's file name gives, and whether a name is one cargo
//! accepts.

/// The client crate's package name for a spec named `stem`: `<stem>-client`, in lower case
/// with every run of other characters a dash, and `api-` in front when it would start with a
/// digit. A stem with no ASCII letter or digit (`名前`) has no such name.
///
/// ```
/// assert_eq!(codegen::crates::derived_crate_name("my api").unwrap(), "my-api-client");
/// assert_eq!(codegen::crates::derived_crate_name("2fa").unwrap(), "api-2fa-client");
/// assert!(codegen::crates::derived_crate_name("名前").is_err());
/// ```
pub fn derived_crate_name(stem: &str) -> Result<String, String> {
    let base = package_name(stem);
    if base.is_empty() {
        return Err(format!("cannot derive a Cargo package name from `{stem}`: it has no ASCII letter or digit"));
    }
    let base = if base.starts_with(|c: char| c.is_ascii_digit()) { format!("api-{base}") } else { base };
    let name = format!("{base}-client");
    check_package_name(&name)?;
    Ok(name)
}

/// Lower-case ASCII letters, digits and single dashes: `text` with every run of other
/// characters a dash, trimmed.
pub fn package_name(text: &str) -> String {
    let name: String = text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let mut collapsed = String::with_capacity(name.len());
    for c in name.chars() {
        if !(c == '-' && collapsed.ends_with('-')) {
            collapsed.push(c);
        }
    }
    collapsed.trim_matches('-').to_owned()
}

/// Names cargo refuses for a package, or that clash with what every crate can name: Rust's own
/// crates, keywords (the library is named after the package), cargo's build directories and
/// names Windows reserves for devices.
const RESERVED: &[&str] = &[
    "alloc", "core", "proc_macro", "std", "test", "deps", "examples", "build", "incremental", "con", "prn", "aux", "nul",
    "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6",
    "lpt7", "lpt8", "lpt9", "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
    "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Why `name` is not a package name cargo accepts and crates.io could publish, if it is not.
pub fn check_package_name(name: &str) -> Result<(), String> {
    let rule = "package names are ASCII letters, digits, `-` and `_`, starting with a letter or `_`";
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(format!("`{name}` is not a valid package name: it holds {c:?}; {rule}"));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return Err(format!("`{name}` is not a valid package name: {rule}"));
    }
    if name.len() > 64 {
        return Err(format!("`{name}` is not a valid package name: it is longer than 64 characters"));
    }
    let library = name.to_ascii_lowercase().replace('-', "_");
    if RESERVED.contains(&library.as_str()) {
        return Err(format!("`{name}` is not a valid package name: it is reserved (a Rust keyword, crate or build directory, or a Windows device name)"));
    }
    Ok(())
}
