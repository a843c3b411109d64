//! The crate's public API as a [summary](crate::changes::summary): made from the IR with the
//! same naming and spelling functions the items are written with, so that it names what the
//! crate declares.

use proc_macro2::TokenStream;
use quote::quote;

use super::Analysis;
use super::idents::unique_names;
use super::operations::{method_arguments, optional_parameter_type, param_plans, payload, response_variants, success_type};
use super::pagination::page_item;
use super::streaming::{error_event, success_stream};
use super::types::{TypeWriter, field_names, field_type, integer_constant_names};
use crate::changes::summary::{ApiSummary, Argument, Constant, FORMAT, Field, Method, MethodKind, Setter, Shape, Type, Variant};
use crate::ir::{Api, Operation, Response, SecurityKind, TypeDef, TypeId, TypeKind};

/// The public API that [`emit`](super::emit) writes for `api`, as a crate of `package` at `version`.
pub fn summarize(api: &Api, analysis: &Analysis, package: &str, version: &str) -> ApiSummary {
    let writer = TypeWriter { api, recursion: &analysis.recursion, prefix: quote! { types:: } };
    let mut types: Vec<Type> = api.types.iter().enumerate().map(|(i, def)| schema_type(&writer, analysis, TypeId(i), def)).collect();
    types.extend(api.operations.iter().flat_map(|op| operation_types(&writer, op)));
    types.extend(server_types(api));
    types.extend(webhook_event(&writer));
    ApiSummary {
        format: FORMAT,
        package: package.to_owned(),
        version: version.to_owned(),
        api_version: api.version.clone(),
        methods: api.operations.iter().flat_map(|op| methods(&writer, op)).collect(),
        types,
        credentials: credential_setters(api),
    }
}

/// Rust tokens as a person writes them: `Vec<types::Pet>`, `&str`, `crate::runtime::Upload`.
fn spelled(tokens: &TokenStream) -> String {
    let text = tokens.to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let before = out.chars().last();
        let after = chars.peek().copied();
        // The only spaces kept are after a comma or a colon that ends an argument name, and
        // around words (`impl Into`, `dyn Trait`).
        let after_comma = before == Some(',') && !matches!(after, Some(')' | '>' | ']'));
        let keep = after_comma || (before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric));
        if keep {
            out.push(' ');
        }
    }
    out
}

fn argument(tokens: &TokenStream) -> Argument {
    // `name: Type`: the name is the first token.
    let mut parts = tokens.clone().into_iter();
    let name = parts.next().map(|t| t.to_string()).unwrap_or_default();
    let ty: TokenStream = parts.skip(1).collect();
    Argument { name, ty: spelled(&ty) }
}

/// Every client method of `op`, as [`operations_module`](super::operations::operations_module) writes them.
fn methods(writer: &TypeWriter<'_>, op: &Operation) -> Vec<Method> {
    let api = writer.api;
    let plans = param_plans(api, op);
    // The arguments exactly as the method declares them: the optional parameters' struct too,
    // while they are passed in one, since a method that gains it breaks every call.
    let arguments: Vec<Argument> = method_arguments(writer, op, &plans).iter().map(argument).collect();
    let options: Vec<Argument> = plans
        .iter()
        .filter(|p| !p.param.required)
        .map(|p| Argument { name: p.rust_name.clone(), ty: spelled(&optional_parameter_type(writer, p.param)) })
        .collect();
    let method = |name: &str, kind: MethodKind, returns: &TokenStream| Method {
        name: name.to_owned(),
        kind,
        operation: format!("{} {}", op.method.as_str(), op.path),
        spec: op.pointer.clone(),
        arguments: arguments.clone(),
        options: options.clone(),
        returns: spelled(returns),
        error: format!("operations::{}", op.names.error),
        // `mock_module` stands in for the methods that send one request.
        mock: matches!(kind, MethodKind::Call | MethodKind::Stream),
    };
    let mut out = Vec::new();
    if op.streaming.as_ref().is_none_or(|s| s.buffered_method) {
        let success = success_type(writer, op);
        let success = match &op.names.response {
            Some(_) => quote! { operations::#success },
            None => success,
        };
        out.push(method(&op.method_name, MethodKind::Call, &success));
    }
    if let (Some(names), Some(item)) = (&op.page_methods, page_item(api, op)) {
        let item = writer.rust(item);
        out.push(method(&names.stream, MethodKind::Items, &item));
        out.push(method(&names.pages, MethodKind::Pages, &item));
    }
    if let (Some(streaming), Some(stream)) = (&op.streaming, success_stream(op)) {
        out.push(method(&streaming.method_name, MethodKind::Stream, &writer.rust(&stream.item)));
    }
    out
}

/// The type of a schema, as [`types_module`](super::types::types_module) writes it.
fn schema_type(writer: &TypeWriter<'_>, analysis: &Analysis, id: TypeId, def: &TypeDef) -> Type {
    let spec = def.pointer.clone();
    let shape = match &def.kind {
        TypeKind::Struct(s) => {
            let names = field_names(s);
            let mut fields: Vec<Field> = s
                .fields
                .iter()
                .zip(&names)
                .map(|(f, name)| Field {
                    name: name.clone(),
                    ty: spelled(&field_type(writer, id, f)),
                    required: f.required,
                    spec: format!("{spec}/properties/{}", escaped(&f.name)),
                })
                .collect();
            if let (Some(value), Some(name)) = (&s.additional, names.last()) {
                let value = writer.rust(value);
                let ty = quote! { std::collections::BTreeMap<String, #value> };
                fields.push(Field { name: name.clone(), ty: spelled(&ty), required: false, spec: format!("{spec}/additionalProperties") });
            }
            Shape::Struct { exhaustive: true, fields }
        }
        // Open enums: every value the client does not know decodes as `Unknown`.
        TypeKind::Enum(values) => Shape::Enum {
            exhaustive: true,
            fallback: Some("Unknown".to_owned()),
            variants: values.iter().map(|v| Variant { name: v.name.clone(), ty: None, spec: format!("{spec}/enum ({:?})", v.value) }).collect(),
        },
        TypeKind::IntegerEnum(values) => Shape::Constants {
            constants: integer_constant_names(values).into_iter().zip(values).map(|(name, value)| Constant { name, value: *value }).collect(),
        },
        TypeKind::Union(u) => Shape::Enum {
            exhaustive: true,
            // A tagged union keeps a tag it does not know as `Unknown`; an untagged one has nothing to fall back on.
            fallback: u.discriminator.is_some().then(|| "Unknown".to_owned()),
            variants: u
                .variants
                .iter()
                .enumerate()
                .map(|(i, v)| Variant { name: v.name.clone(), ty: Some(spelled(&writer.held_in(id, &v.ty))), spec: format!("{spec}/oneOf/{i}") })
                .collect(),
        },
        TypeKind::Alias(target) if writer.recursion.is_recursive(id) => Shape::Struct {
            exhaustive: true,
            fields: vec![Field { name: "0".to_owned(), ty: spelled(&writer.held_in(id, target)), required: true, spec: spec.clone() }],
        },
        TypeKind::Alias(target) => Shape::Alias { target: spelled(&writer.rust(target)) },
        TypeKind::Const(value) => Shape::Const { value: value.to_string() },
    };
    Type { path: format!("types::{}", def.name), spec, sent: analysis.usage.sends(id), shape }
}

/// The types the `operations` module declares for `op`: its optional parameters (while they
/// are a struct), its errors, and its success responses when they differ.
fn operation_types(writer: &TypeWriter<'_>, op: &Operation) -> Vec<Type> {
    let api = writer.api;
    let mut out = Vec::new();
    if let Some(name) = &op.names.params {
        let fields = param_plans(api, op)
            .into_iter()
            .filter(|p| !p.param.required)
            .map(|p| {
                let ty = optional_parameter_type(writer, p.param);
                Field {
                    name: p.rust_name.clone(),
                    ty: spelled(&quote! { Option<#ty> }),
                    required: false,
                    spec: format!("{}/parameters ({:?})", op.pointer, p.param.name),
                }
            })
            .collect();
        out.push(Type { path: format!("operations::{name}"), spec: op.pointer.clone(), sent: true, shape: Shape::Struct { exhaustive: true, fields } });
    }
    let mut errors = response_summaries(writer, op, &op.errors, true);
    if let Some(event) = error_event(api, writer, op) {
        let statuses = op.errors.iter().map(|r| super::status::variant_name(r.status));
        let name = unique_names(statuses.chain(["ErrorEvent".to_owned()]), &[], "").pop().unwrap_or_default();
        errors.push(Variant { name, ty: Some(spelled(&event.payload)), spec: format!("{} (error event)", op.pointer) });
    }
    // Error enums are `#[non_exhaustive]`: the API may declare more errors.
    out.push(Type {
        path: format!("operations::{}", op.names.error),
        spec: op.pointer.clone(),
        sent: false,
        shape: Shape::Enum { exhaustive: false, fallback: None, variants: errors },
    });
    if let Some(name) = &op.names.response {
        let variants = response_summaries(writer, op, &op.success, false);
        out.push(Type {
            path: format!("operations::{name}"),
            spec: op.pointer.clone(),
            sent: false,
            shape: Shape::Enum { exhaustive: true, fallback: None, variants },
        });
    }
    out
}

fn response_summaries(writer: &TypeWriter<'_>, op: &Operation, responses: &[Response], errors: bool) -> Vec<Variant> {
    response_variants(responses)
        .into_iter()
        .map(|(variant, response)| {
            let content = response.content.as_ref();
            let ty = if errors { super::operations::error_payload(writer, content) } else { payload(writer, content) };
            Variant {
                name: variant.to_string(),
                ty: ty.as_ref().map(spelled),
                spec: format!("{}/responses/{}", op.pointer, super::status::label(response.status)),
            }
        })
        .collect()
}

/// The `servers` module: `Server`, one variant per server (fields for its variables), and an
/// enum per enumerated variable, as [`servers_module`](super::client::servers_module) writes them.
fn server_types(api: &Api) -> Vec<Type> {
    if api.servers.is_empty() {
        return Vec::new();
    }
    let variants = api
        .servers
        .iter()
        .enumerate()
        .map(|(i, server)| {
            let fields: Vec<String> = super::client::variable_fields(server)
                .into_iter()
                .map(|(field, variable)| format!("{field}: {}", spelled(&super::client::variable_type(variable))))
                .collect();
            let ty = (!fields.is_empty()).then(|| format!("{{ {} }}", fields.join(", ")));
            Variant { name: server.name.clone(), ty, spec: format!("#/servers/{i}") }
        })
        .collect();
    let server = Type { path: "servers::Server".to_owned(), spec: "#/servers".to_owned(), sent: false, shape: Shape::Enum { exhaustive: true, fallback: None, variants } };
    let variables = api.servers.iter().enumerate().flat_map(|(i, server)| {
        server.variables.iter().filter_map(move |variable| {
            let name = variable.enum_name.as_ref()?;
            let spec = format!("#/servers/{i}/variables/{}", escaped(&variable.name));
            let variants = variable.values.iter().map(|v| Variant { name: v.name.clone(), ty: None, spec: format!("{spec}/enum ({:?})", v.value) }).collect();
            Some(Type { path: format!("servers::{name}"), spec, sent: false, shape: Shape::Enum { exhaustive: true, fallback: None, variants } })
        })
    });
    std::iter::once(server).chain(variables).collect()
}

/// `webhooks::Event`, one variant per webhook and callback, `#[non_exhaustive]` as
/// [`webhooks_module`](super::webhooks::webhooks_module) writes it.
fn webhook_event(writer: &TypeWriter<'_>) -> Option<Type> {
    let webhooks = &writer.api.webhooks;
    if webhooks.is_empty() {
        return None;
    }
    let variants = webhooks
        .iter()
        .map(|w| Variant {
            name: w.variant.clone(),
            ty: w.payload.as_ref().map(|content| spelled(&super::webhooks::payload_type(writer, content))),
            spec: w.pointer.clone(),
        })
        .collect();
    Some(Type { path: "webhooks::Event".to_owned(), spec: "#/webhooks".to_owned(), sent: false, shape: Shape::Enum { exhaustive: false, fallback: None, variants } })
}

/// `ClientBuilder`'s credential setters, as [`client_module`](super::client::client_module) writes them.
fn credential_setters(api: &Api) -> Vec<Setter> {
    super::client::credential_setter_names(api)
        .into_iter()
        .flat_map(|(scheme, fixed, provider)| {
            let spec = format!("#/components/securitySchemes/{}", escaped(&scheme.name));
            let takes = match scheme.kind {
                SecurityKind::Basic => "username, password",
                SecurityKind::Bearer => "token",
                SecurityKind::ApiKey { .. } => "key",
            };
            [
                Setter { name: fixed, takes: takes.to_owned(), spec: spec.clone() },
                Setter { name: provider, takes: "provider".to_owned(), spec },
            ]
        })
        .collect()
}

/// A JSON pointer token: `~` and `/` escaped.
fn escaped(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_as_written() {
        assert_eq!(spelled(&quote! { Vec<types::Pet> }), "Vec<types::Pet>");
        assert_eq!(spelled(&quote! { &str }), "&str");
        assert_eq!(spelled(&quote! { impl Into<crate::runtime::Upload> }), "impl Into<crate::runtime::Upload>");
        assert_eq!(spelled(&quote! { std::collections::BTreeMap<String, (i64, bool,)> }), "std::collections::BTreeMap<String, (i64, bool,)>");
        assert_eq!(argument(&quote! { pet_id: &types::PetId }), Argument { name: "pet_id".to_owned(), ty: "&types::PetId".to_owned() });
    }
}
