//! The generated crate's README: how to install it, authenticate with the spec's own schemes,
//! make a first call, handle errors, retries and timeouts, follow pages and read streams (where
//! the API has them), and a table of every operation.

use std::fmt::Write as _;

use super::client::{credential_setter_names, default_base_url};
use super::plan::{OperationPlan, ParamPlan, Passing, resolve_alias};
use crate::ir::{Api, Method, Primitive, SecurityKind, TypeKind, TypeRef};

/// What the README needs to know about the crate besides the API.
pub struct ReadmeCrate<'a> {
    /// The package name.
    pub name: &'a str,
    /// The package version.
    pub version: &'a str,
    /// The spec, as headers name it.
    pub source: &'a str,
    /// The generated-file header, as an HTML comment line.
    pub header: &'a str,
}

/// The README.
pub fn readme(api: &Api, krate: &ReadmeCrate<'_>) -> String {
    let library = krate.name.replace('-', "_");
    let plans: Vec<OperationPlan<'_>> = api.operations.iter().map(|op| OperationPlan::of(api, op)).collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "{}\n# {}\n\nA typed async Rust client for the **{}** (version `{}`), generated from `{}`.\n",
        krate.header,
        krate.name,
        one_line(&api.title),
        one_line(&api.version),
        krate.source
    );
    installation(&mut out, krate);
    let builder = authentication(&mut out, api, &library);
    // The first call reads something: a GET that streams nothing, else whatever comes first.
    let first = plans
        .iter()
        .find(|p| p.op.method == Method::Get && p.buffered_method.is_some())
        .or_else(|| plans.iter().find(|p| p.buffered_method.is_some()));
    if let Some(first) = first {
        first_call(&mut out, api, &library, &builder, first);
        errors(&mut out, api, &library, first);
        retries(&mut out, api, &library, first);
    }
    if let Some(paged) = plans.iter().find(|p| p.pages.is_some()) {
        pagination(&mut out, api, paged);
    }
    if let Some(streamed) = plans.iter().find(|p| p.stream.is_some()) {
        streaming(&mut out, api, streamed);
    }
    testing(&mut out, &library, plans.first());
    operations_table(&mut out, &plans);
    out
}

fn installation(out: &mut String, krate: &ReadmeCrate<'_>) {
    let _ = write!(
        out,
        "\n## Installation\n\n```toml\n[dependencies]\n{} = \"{}\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n\n\
         The client is async and runs on tokio; `futures-util` (its `StreamExt`) reads the streams \
         that pagination and streamed responses return.\n",
        krate.name, krate.version
    );
}

/// Writes the authentication section; returns the builder chain a client is made with.
fn authentication(out: &mut String, api: &Api, library: &str) -> String {
    out.push_str("\n## Authentication\n\n");
    let base = match default_base_url(api) {
        Some(url) => format!("The client talks to `{url}` unless `.base_url(url)` says otherwise"),
        None => "The spec names no absolute server URL, so give one with `.base_url(url)`".to_owned(),
    };
    let servers = if api.servers.len() > 1 { "; `.server(Server::…)` picks another of the spec's servers" } else { "" };
    let _ = writeln!(out, "{base}{servers}.\n");
    let setters = credential_setter_names(api);
    let Some((first, first_setter, _)) = setters.first() else {
        out.push_str("The API declares no authentication.\n\n```rust,ignore\n");
        let builder = "Client::builder().build()?".to_owned();
        let _ = writeln!(out, "use {library}::Client;\n\nlet client = {builder};\n```");
        return builder;
    };
    out.push_str("The spec's security schemes, each a method of `Client::builder()`:\n\n");
    out.push_str("| scheme | sent as | fixed secret | refreshed by a `TokenProvider` |\n| --- | --- | --- | --- |\n");
    for (scheme, fixed, provider) in &setters {
        let sent = match &scheme.kind {
            SecurityKind::Bearer => "`Authorization: Bearer …`".to_owned(),
            SecurityKind::Basic => "HTTP basic authentication".to_owned(),
            SecurityKind::ApiKey { location, parameter } => format!("the `{parameter}` {}", location_name(*location)),
        };
        let argument = if matches!(scheme.kind, SecurityKind::Basic) { "username, password" } else { "secret" };
        let _ = writeln!(out, "| `{}` | {sent} | `.{fixed}({argument})` | `.{provider}(provider)` |", escape_cell(&scheme.name));
    }
    let variable = format!("{}_{}", library.trim_end_matches("_client").to_uppercase(), secret_word(&first.kind));
    let arguments = match first.kind {
        SecurityKind::Basic => format!("std::env::var(\"{variable}_USER\")?, std::env::var(\"{variable}\")?"),
        _ => format!("std::env::var(\"{variable}\")?"),
    };
    let builder = format!("Client::builder().{first_setter}({arguments}).build()?");
    let _ = write!(
        out,
        "\n```rust,ignore\nuse {library}::Client;\n\nlet client = {builder};\n```\n\n\
         Secrets are kept as `Secret`s, which never show in `Debug` or `Display` output. A provider is \
         asked before every attempt and once more after a 401, for tokens that expire.\n"
    );
    builder
}

fn location_name(location: crate::ir::ParamLocation) -> &'static str {
    match location {
        crate::ir::ParamLocation::Query => "query parameter",
        crate::ir::ParamLocation::Cookie => "cookie",
        _ => "header",
    }
}

fn secret_word(kind: &SecurityKind) -> &'static str {
    match kind {
        SecurityKind::Bearer => "TOKEN",
        SecurityKind::Basic => "PASSWORD",
        SecurityKind::ApiKey { .. } => "API_KEY",
    }
}

fn first_call(out: &mut String, api: &Api, library: &str, builder: &str, plan: &OperationPlan<'_>) {
    let call = call_expression(api, plan, &plan.op.method_name, true);
    let _ = write!(
        out,
        "\n## A first call\n\nEvery operation is a method of `Client`. Required parameters are its arguments, \
         in the spec's order, then the request body; every optional parameter is a method of the request \
         it returns, set by name before it is awaited.\n\n\
         ```rust,ignore\nuse {library}::Client;\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    \
         let client = {builder};\n    let answer = {call}.await?;\n    println!(\"{{answer:?}}\");\n    Ok(())\n}}\n```\n"
    );
}

fn errors(out: &mut String, api: &Api, library: &str, plan: &OperationPlan<'_>) {
    let call = call_expression(api, plan, &plan.op.method_name, false);
    let _ = write!(
        out,
        "\n## Errors\n\nA call fails with `{library}::Error<E>`, where `E` is the operation's own enum of the \
         error responses the spec declares (`{library}::operations::{}` here), chosen by status code. \
         The other variants say what else went wrong: a status the spec does not declare, a body that \
         does not decode (naming the field), a timeout, a transport failure, a request that could not be \
         built. `status()`, `headers()` and `retry_after()` work on every error.\n\n\
         ```rust,ignore\nuse {library}::Error;\n\nmatch {call}.await {{\n    Ok(answer) => println!(\"{{answer:?}}\"),\n    \
         Err(Error::Api(error)) => println!(\"{{}}: {{:?}}\", error.status(), error.body()),\n    \
         Err(error) if error.is_timeout() => println!(\"timed out: {{error}}\"),\n    \
         Err(error) => println!(\"failed: {{error}}\"),\n}}\n```\n",
        plan.error_enum
    );
}

fn retries(out: &mut String, api: &Api, library: &str, plan: &OperationPlan<'_>) {
    let call = call_expression(api, plan, &plan.op.method_name, false);
    let _ = write!(
        out,
        "\n## Retries and timeouts\n\nConnection failures and 408, 429 and 5xx answers are retried twice, \
         with exponential backoff and jitter, honouring `Retry-After`; only idempotent methods (GET, HEAD, \
         OPTIONS, PUT, DELETE, TRACE) unless a call says otherwise. Each attempt is limited to 60 seconds. \
         Both can be set for the client and for one call:\n\n\
         ```rust,ignore\nuse std::time::Duration;\nuse {library}::{{Client, RetryPolicy}};\n\n\
         let client = Client::builder()\n    .retry_policy(RetryPolicy::default().with_max_retries(4))\n    \
         .timeout(Duration::from_secs(20))\n    .build()?;\n\
         let answer = {call}\n    .timeout(Duration::from_secs(5))\n    .retry_policy(RetryPolicy::never())\n    .await?;\n```\n"
    );
}

fn pagination(out: &mut String, api: &Api, plan: &OperationPlan<'_>) {
    let Some(pages) = &plan.pages else { return };
    let call = call_expression(api, plan, &pages.names.stream, true);
    let _ = write!(
        out,
        "\n## Pagination\n\nA list operation that pages has two more methods: `<operation>_stream` yields \
         every item of every page, `<operation>_pages` every page with its status and headers. They take \
         the operation's arguments and optional parameters, and send each page as an ordinary request \
         (retried, with the same headers and timeouts); the walk ends after the last page or the first \
         error.\n\n```rust,ignore\nuse futures_util::StreamExt;\n\nlet mut items = {call};\n\
         while let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}\n```\n"
    );
}

fn streaming(out: &mut String, api: &Api, plan: &OperationPlan<'_>) {
    let Some(stream) = &plan.stream else { return };
    let call = call_expression(api, plan, stream.method_name, true);
    let _ = write!(
        out,
        "\n## Streaming\n\nAn operation that answers with a stream (server-sent events, JSON Lines, JSON \
         text sequences) has a method that returns its items as they arrive, each decoded into the \
         spec's type; an error event the spec declares ends the stream as a typed error.\n\n\
         ```rust,ignore\nuse futures_util::StreamExt;\n\nlet mut events = {call}.await?;\n\
         while let Some(event) = events.next().await {{\n    println!(\"{{:?}}\", event?);\n}}\n```\n"
    );
}

fn testing(out: &mut String, library: &str, plan: Option<&OperationPlan<'_>>) {
    let example = plan.map_or("operation", |p| p.op.method_name.as_str());
    let _ = write!(
        out,
        "\n## Testing code that uses the client\n\nThe `mock` feature adds `{library}::mock`: per operation, a \
         typed `wiremock` stand-in that matches its method and path and answers with the operation's own \
         types, such as `mock::{example}().respond(&body)`. Point the client at the mock server with \
         `.base_url(server.uri())`.\n"
    );
}

fn operations_table(out: &mut String, plans: &[OperationPlan<'_>]) {
    out.push_str("\n## Operations\n\n| method | path | Rust method | summary |\n| --- | --- | --- | --- |\n");
    for plan in plans {
        let op = plan.op;
        let mut methods: Vec<&str> = plan.buffered_method.into_iter().collect();
        if let Some(pages) = &plan.pages {
            methods.extend([pages.names.stream.as_str(), pages.names.pages.as_str()]);
        }
        if let Some(stream) = &plan.stream {
            methods.push(stream.method_name);
        }
        let methods: Vec<String> = methods.iter().map(|m| format!("`{m}`")).collect();
        let summary = op.summary.as_deref().or(op.description.as_deref()).map(first_sentence).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            op.method.as_str(),
            escape_cell(&op.path),
            methods.join(", "),
            escape_cell(&summary)
        );
    }
}

/// `client.method(arguments)` with placeholders, and one optional parameter set when `setter`.
fn call_expression(api: &Api, plan: &OperationPlan<'_>, method: &str, setter: bool) -> String {
    let mut arguments: Vec<String> = plan.required().map(|p| argument(api, p)).collect();
    if let Some(body) = plan.body {
        arguments.push(if body.required { "&body".to_owned() } else { "None".to_owned() });
    }
    let mut call = format!("client.{}({})", super::idents::ident(method), arguments.join(", "));
    if let Some(optional) = plan.optional().next().filter(|_| setter) {
        let ty = match &optional.param.ty {
            TypeRef::Nullable(inner) => inner,
            ty => ty,
        };
        let _ = write!(call, ".{}({})", super::idents::ident(&optional.rust_name), value(api, ty, &optional.param.name));
    }
    call
}

/// A required argument's placeholder, passed as the method takes it.
fn argument(api: &Api, param: &ParamPlan<'_>) -> String {
    match param.passing {
        Passing::Str => format!("{:?}", param.param.name),
        Passing::Copy => value(api, &param.param.ty, &param.param.name),
        Passing::Ref => format!("&{}", value(api, &param.param.ty, &param.param.name)),
    }
}

/// A value of `ty` for the README's examples: a string says what it stands for.
fn value(api: &Api, ty: &TypeRef, name: &str) -> String {
    match resolve_alias(api, ty) {
        TypeRef::Primitive(p) => match p {
            Primitive::String | Primitive::Secret | Primitive::Binary => format!("{name:?}"),
            Primitive::Boolean => "true".to_owned(),
            Primitive::F32 | Primitive::F64 => "1.0".to_owned(),
            Primitive::DateTime => "chrono::DateTime::<chrono::Utc>::UNIX_EPOCH".to_owned(),
            Primitive::Date => "chrono::NaiveDate::default()".to_owned(),
            Primitive::Uuid => "uuid::Uuid::nil()".to_owned(),
            _ => "10".to_owned(),
        },
        TypeRef::Named(id) => {
            let def = api.type_def(*id);
            match &def.kind {
                TypeKind::Enum(values) if !values.is_empty() => format!("{}::{}", def.name, values[0].name),
                _ => format!("{}::default()", def.name),
            }
        }
        TypeRef::Array(_) => "vec![]".to_owned(),
        _ => "Default::default()".to_owned(),
    }
}

/// The first sentence (or line) of a text, on one line.
fn first_sentence(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default().trim();
    match line.find(". ") {
        Some(end) => line[..=end].to_owned(),
        None => line.to_owned(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside a Markdown table cell.
fn escape_cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_in_their_column() {
        assert_eq!(escape_cell("a | b\nc"), "a \\| b c");
        assert_eq!(first_sentence("List pets. Paginated.\nMore"), "List pets.");
    }
}
