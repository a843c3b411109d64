//! The crate's public API as a [summary](crate::changes::summary): made from the IR with the
//! same naming and spelling functions the items are written with, so that it names what the
//! crate declares.

use proc_macro2::TokenStream;
use quote::quote;

use super::Analysis;
use super::call::{method_arguments, optional_parameter_type, payload, success_type};
use super::operations::error_payload;
use super::pagination::page_item;
use super::plan::{OperationPlan, ResponsePlan};
use super::types::{TypeWriter, field_names, field_type, integer_constant_names};
use crate::changes::summary::{ApiSummary, Argument, Constant, FORMAT, Field, Method, MethodKind, Setter, Shape, Type, Variant};
use crate::ir::{Api, SecurityKind, TypeDef, TypeId, TypeKind};

/// The public API that [`emit`](super::emit) writes for `api`, as a crate of `package` at `version`.
pub fn summarize(api: &Api, analysis: &Analysis, package: &str, version: &str) -> ApiSummary {
    let writer = TypeWriter { api, recursion: &analysis.recursion, prefix: quote! { types:: } };
    let mut types: Vec<Type> = api.types.iter().enumerate().map(|(i, def)| schema_type(&writer, analysis, TypeId(i), def)).collect();
    let plans: Vec<OperationPlan<'_>> = api.operations.iter().map(|op| OperationPlan::of(api, op)).collect();
    types.extend(plans.iter().flat_map(|plan| operation_types(&writer, plan)));
    types.extend(server_types(api));
    types.extend(webhook_event(&writer));
    ApiSummary {
        format: FORMAT,
        package: package.to_owned(),
        version: version.to_owned(),
        api_version: api.version.clone(),
        methods: plans.iter().flat_map(|plan| methods(&writer, plan)).collect(),
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

/// Every client method of an operation, as [`operations_module`](super::operations::operations_module) writes them.
fn methods(writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> Vec<Method> {
    let (api, op) = (writer.api, plan.op);
    let arguments: Vec<Argument> = method_arguments(writer, plan).iter().map(argument).collect();
    let options: Vec<Argument> = plan
        .optional()
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
        error: format!("operations::{}", plan.error_enum),
        // `mock_module` stands in for the methods that send one request.
        mock: matches!(kind, MethodKind::Call | MethodKind::Stream),
    };
    let mut out = Vec::new();
    if let Some(name) = plan.buffered_method {
        let success = success_type(writer, plan);
        let success = match &op.names.response {
            Some(_) => quote! { operations::#success },
            None => success,
        };
        out.push(method(name, MethodKind::Call, &success));
    }
    if let Some((pages, item)) = plan.pages.as_ref().and_then(|pages| Some((pages, page_item(api, pages)?))) {
        let item = writer.rust(item);
        out.push(method(&pages.names.stream, MethodKind::Items, &item));
        out.push(method(&pages.names.pages, MethodKind::Pages, &item));
    }
    if let Some(stream) = &plan.stream {
        out.push(method(stream.method_name, MethodKind::Stream, &writer.rust(&stream.stream.item)));
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
fn operation_types(writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> Vec<Type> {
    // The optional parameters' struct is no type of the public API: its fields are private and
    // its setters are summed up as each method's `options`.
    let op = plan.op;
    let mut out = Vec::new();
    let mut errors = response_summaries(writer, op.pointer.as_str(), &plan.error_responses, true);
    if let Some(event) = &plan.error_event {
        let ty = writer.held_in(event.union, &event.member.ty);
        errors.push(Variant { name: event.variant.clone(), ty: Some(spelled(&ty)), spec: format!("{} (error event)", op.pointer) });
    }
    // Error enums are `#[non_exhaustive]`: the API may declare more errors.
    out.push(Type {
        path: format!("operations::{}", plan.error_enum),
        spec: op.pointer.clone(),
        sent: false,
        shape: Shape::Enum { exhaustive: false, fallback: None, variants: errors },
    });
    if let Some(name) = &op.names.response {
        let variants = response_summaries(writer, op.pointer.as_str(), &plan.success_responses, false);
        out.push(Type {
            path: format!("operations::{name}"),
            spec: op.pointer.clone(),
            sent: false,
            shape: Shape::Enum { exhaustive: true, fallback: None, variants },
        });
    }
    out
}

fn response_summaries(writer: &TypeWriter<'_>, pointer: &str, responses: &[ResponsePlan<'_>], errors: bool) -> Vec<Variant> {
    responses
        .iter()
        .map(|r| {
            let content = r.response.content.as_ref();
            let ty = if errors { error_payload(writer, content) } else { payload(writer, content) };
            Variant {
                name: r.variant.clone(),
                ty: ty.as_ref().map(spelled),
                spec: format!("{pointer}/responses/{}", super::status::label(r.response.status)),
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
