//! The summary of a generated crate's public API: what a caller can name, call, build and
//! match, by Rust name and type, each with the place in the spec it comes from. It is kept
//! in every generated crate as [`SUMMARY_FILE`] so that the next generation can say what
//! changed without any other history.
//!
//! It describes the API in terms that hold however a thing is spelled: an operation's
//! optional parameters are named, typed parameters whether they are passed in a struct or
//! by chained methods; a struct says whether a literal can build it and which fields a
//! caller must give.

use serde::{Deserialize, Serialize};

/// The file, in every generated crate, that holds its [`ApiSummary`].
pub const SUMMARY_FILE: &str = ".codegen-api.json";

/// The version of the summary's format; a summary of another version is not compared.
pub const FORMAT: u32 = 1;

/// The public API of one generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiSummary {
    /// [`FORMAT`] when it was written.
    pub format: u32,
    /// The package name.
    pub package: String,
    /// The package version.
    pub version: String,
    /// The API's own version (`info.version`).
    pub api_version: String,
    /// The client's methods, in the order the crate declares them.
    pub methods: Vec<Method>,
    /// Every public type, by path from the crate root, in the order the crate declares them.
    pub types: Vec<Type>,
    /// The credential setters of `ClientBuilder`, two per security scheme.
    pub credentials: Vec<Setter>,
}

/// A method of `ClientBuilder` that sets a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setter {
    /// Its Rust name.
    pub name: String,
    /// What it takes: `token`, `username, password`, `provider`.
    pub takes: String,
    /// The security scheme, as a JSON pointer.
    pub spec: String,
}

/// A method of `Client`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Method {
    /// Its Rust name.
    pub name: String,
    /// What it returns: a request read whole, a stream of items, a stream of pages.
    pub kind: MethodKind,
    /// The operation: `GET /pets/{id}`.
    pub operation: String,
    /// Where the operation is in the spec, as a JSON pointer.
    pub spec: String,
    /// The arguments every call gives, in order, as the method declares them.
    pub arguments: Vec<Argument>,
    /// The optional parameters, however they are given, by name.
    pub options: Vec<Argument>,
    /// The type of what it yields: the success body, or one item of a stream.
    pub returns: String,
    /// The type of its declared errors.
    pub error: String,
    /// Whether the `mock` module has a stand-in for it, of the same name.
    pub mock: bool,
}

/// What a method returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    /// A request whose response is read whole.
    Call,
    /// A request whose response is read item by item.
    Stream,
    /// Every item of every page.
    Items,
    /// Every page.
    Pages,
}

/// A named, typed argument or optional parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    /// Its Rust name.
    pub name: String,
    /// Its Rust type.
    #[serde(rename = "type")]
    pub ty: String,
}

/// A public type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Type {
    /// Its path from the crate root: `types::Pet`.
    pub path: String,
    /// Where it comes from in the spec, as a JSON pointer.
    pub spec: String,
    /// Whether the client may send it (in a parameter or request body, or inside one).
    pub sent: bool,
    /// What it is.
    #[serde(flatten)]
    pub shape: Shape,
}

/// The shape of a type, as far as callers can depend on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// A struct with public fields.
    Struct {
        /// Whether callers can build it with a struct literal (no `#[non_exhaustive]`).
        exhaustive: bool,
        /// Its fields, in order.
        fields: Vec<Field>,
    },
    /// An enum.
    Enum {
        /// Whether callers can `match` it without a wildcard (no `#[non_exhaustive]`).
        exhaustive: bool,
        /// The variant that holds what this client does not know (`Unknown`), if there is one.
        fallback: Option<String>,
        /// Its variants, in order, less the fallback.
        variants: Vec<Variant>,
    },
    /// A newtype over an integer with a constant per known value; any value decodes.
    Constants {
        /// The constants, in order.
        constants: Vec<Constant>,
    },
    /// Another name for a type.
    Alias {
        /// The type it stands for.
        target: String,
    },
    /// A unit struct that stands for exactly one value.
    Const {
        /// The value, as JSON.
        value: String,
    },
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Its Rust name.
    pub name: String,
    /// Its Rust type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the spec requires it (a caller building the struct must give it).
    pub required: bool,
    /// Where it is in the spec, as a JSON pointer.
    pub spec: String,
}

/// A variant of an enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Its Rust name.
    pub name: String,
    /// The type it holds, if any.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// Where it is in the spec, as a JSON pointer.
    pub spec: String,
}

/// A named value of a [`Shape::Constants`] type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constant {
    /// Its Rust name.
    pub name: String,
    /// Its value.
    pub value: i64,
}

impl ApiSummary {
    /// The summary as its file holds it: pretty JSON, whose first key is the generated-file
    /// `header` (JSON has no comments; a `"//"` key is the usual stand-in).
    pub fn to_text(&self, header: &str) -> String {
        let json = serde_json::to_string_pretty(self).unwrap_or_default();
        let header = serde_json::to_string(header).unwrap_or_default();
        // `{"//": "header",` on the first line, where the generator looks for its header.
        format!("{{\"//\": {header},\n\n{}\n", json.strip_prefix("{\n").unwrap_or(&json))
    }

    /// A summary read from its file; why not, when it is not one this generator can compare.
    pub fn from_text(text: &str) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("it is not JSON ({e})"))?;
        if value.get("format").and_then(serde_json::Value::as_u64) != Some(u64::from(FORMAT)) {
            return Err(format!("it is not a summary of format {FORMAT}"));
        }
        serde_json::from_value(value).map_err(|e| format!("it is not a summary this generator reads ({e})"))
    }
}
