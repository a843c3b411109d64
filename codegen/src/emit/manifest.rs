//! The crate around the code: `Cargo.toml`, `README.md` and `lib.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{inner_doc_attrs, own_inner_doc_attrs};
use crate::ir::{Api, Content, Primitive, TypeRef};

/// Third-party crates a generated crate depends on beyond the always-needed ones.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct OptionalDependencies {
    pub chrono: bool,
    pub uuid: bool,
}

impl OptionalDependencies {
    /// What the API's types need.
    pub fn of(api: &Api) -> Self {
        let mut deps = OptionalDependencies::default();
        let definitions = api.types.iter().flat_map(|def| def.kind.type_refs());
        let parameters = api.operations.iter().flat_map(|op| op.parameters.iter().map(|p| &p.ty));
        let bodies = api
            .operations
            .iter()
            .flat_map(|op| op.body.iter().map(|b| &b.content).chain(op.success.iter().chain(&op.errors).filter_map(|r| r.content.as_ref())))
            .chain(api.webhooks.iter().filter_map(|w| w.payload.as_ref()))
            .filter_map(Content::schema_type);
        for ty in definitions.chain(parameters).chain(bodies).flat_map(TypeRef::walk) {
            match ty {
                TypeRef::Primitive(Primitive::DateTime | Primitive::Date) => deps.chrono = true,
                TypeRef::Primitive(Primitive::Uuid) => deps.uuid = true,
                _ => {}
            }
        }
        deps
    }
}

/// `Cargo.toml`: only crates.io dependencies, so the crate builds wherever it is copied.
pub fn cargo_toml(api: &Api, crate_name: &str, crate_version: &str, header: &str) -> String {
    let deps = OptionalDependencies::of(api);
    // A title is one line of prose; whatever whitespace the spec put in it becomes one space.
    let title = api.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = toml_string(&format!("Typed async client for the {title} (generated from its OpenAPI document)"));
    let name = toml_string(crate_name);
    let version = toml_string(crate_version);
    let mut toml = format!(
        "{header}\n[package]\nname = {name}\nversion = {version}\nedition = \"2021\"\n\
         rust-version = \"1.85\"\ndescription = {description}\npublish = false\n\n[dependencies]\n\
         bytes = \"1\"\n"
    );
    if deps.chrono {
        toml.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    toml.push_str(
        "fastrand = \"2\"\nfutures-core = \"0.3\"\nfutures-util = { version = \"0.3\", default-features = false, features = [\"std\"] }\n\
         http-body = \"1\"\nhttpdate = \"1\"\npercent-encoding = \"2\"\n\
         reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
         tokio = { version = \"1\", features = [\"fs\", \"time\"] }\ntracing = \"0.1\"\n",
    );
    if deps.uuid {
        toml.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
    }
    // Test doubles for users' tests; nothing of them is built unless the feature is on.
    toml.push_str(
        "wiremock = { version = \"0.6\", optional = true }\n\n[features]\n\
         # Typed wiremock stand-ins for every operation (the `mock` module), for tests.\n\
         mock = [\"dep:wiremock\", \"serialize\"]\n\
         # `Serialize` for the types the client never sends (to store or forward responses);\n\
         # off by default, since it adds about a quarter to the crate's compile time.\n\
         serialize = []\n",
    );
    toml
}

/// `text` as a TOML basic string: quotes, backslashes and every control character escaped
/// (TOML allows none unescaped but tab, which is escaped too for clarity).
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// How deeply types may nest before rustc's default recursion limit (128) is at risk: drop
/// checking and layout recurse through every type held in place, and a chain of ~70 schemas
/// each holding the next already overflows it.
const SAFE_NESTING: usize = 32;

/// `lib.rs`: crate documentation, modules and the names users reach for first.
pub fn lib_rs(api: &Api, nesting_depth: usize) -> TokenStream {
    let title = format!("# {} client", api.title);
    let from_spec = inner_doc_attrs(&[title.as_str(), api.description.as_deref().unwrap_or_default().trim()].join("\n\n"));
    let own = own_inner_doc_attrs(&format!(
        "\nA typed async client for version `{}` of the API, generated from its OpenAPI document.\n\
         Start with [`Client::builder`]; each operation is a method on [`Client`] (see [`operations`]),\n\
         and the bodies it sends and receives are in [`types`].",
        api.version
    ));
    let servers = (!api.servers.is_empty()).then(|| {
        quote! {
            pub mod servers;
            pub use servers::Server;
        }
    });
    let webhooks = (!api.webhooks.is_empty()).then(|| quote! { pub mod webhooks; });
    let recursion_limit = (nesting_depth > SAFE_NESTING).then(|| {
        let limit = (nesting_depth * 4).next_power_of_two().max(256).to_string();
        quote! { #![recursion_limit = #limit] }
    });
    quote! {
        #from_spec
        #own
        #![warn(missing_docs)]
        #recursion_limit

        mod client;
        pub mod operations;
        pub mod runtime;
        pub mod types;
        #servers
        #webhooks
        #[cfg(feature = "mock")]
        pub mod mock;

        pub use runtime::{Client, ClientBuilder, Error, Nullable, Response, RetryPolicy, Secret};
    }
}

