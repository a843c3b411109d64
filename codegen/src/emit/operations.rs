//! One client method per operation, with its optional-parameter struct, error enum and,
//! when success responses differ, response enum.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_parts};
use super::idents::{ident, is_raw, snake_names, unique_names};
use super::pagination::page_methods;
use super::status;
use super::types::TypeWriter;
use crate::ir::{
    Api, Content, Operation, ParamLocation, ParamStyle, Parameter, Primitive, Response, StatusMatch, TypeKind,
    TypeRef,
};

/// How a required parameter is passed to its method.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// `&str`.
    Str,
    /// By value: numbers and booleans.
    Copy,
    /// `&T`.
    Ref,
}

/// A parameter with its Rust name and how it is passed.
pub struct ParamPlan<'a> {
    /// The parameter as the IR has it.
    pub param: &'a Parameter,
    /// Its argument (if required) or field (if optional) name, unique within the method.
    pub rust_name: String,
    /// How the method takes it, if it is required.
    pub passing: Passing,
}

/// Names the body argument and the optional-parameter argument take in every method.
const RESERVED_ARGUMENTS: &[&str] = &["body", "params", "self"];

/// The Rust names and passing of an operation's parameters, in the IR's order.
pub fn param_plans<'a>(api: &Api, op: &'a Operation) -> Vec<ParamPlan<'a>> {
    let names = snake_names(op.parameters.iter().map(|p| p.name.as_str()), RESERVED_ARGUMENTS);
    op.parameters
        .iter()
        .zip(names)
        .map(|(param, rust_name)| ParamPlan { param, rust_name, passing: passing(api, param) })
        .collect()
}

fn passing(api: &Api, param: &Parameter) -> Passing {
    let ty = resolve_alias(api, &param.ty);
    match ty {
        TypeRef::Primitive(Primitive::String | Primitive::Secret) => Passing::Str,
        TypeRef::Primitive(Primitive::DateTime | Primitive::Date | Primitive::Uuid) => Passing::Ref,
        TypeRef::Primitive(_) => Passing::Copy,
        TypeRef::Named(id) if matches!(api.type_def(*id).kind, TypeKind::Enum(_)) => Passing::Ref,
        // Path segments are text: a type that cannot display itself is taken as a string.
        _ if param.location == ParamLocation::Path => Passing::Str,
        _ => Passing::Ref,
    }
}

/// Follows aliases to the type they stand for.
pub fn resolve_alias<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    match ty {
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(target) => resolve_alias(api, target),
            _ => ty,
        },
        _ => ty,
    }
}

/// The `operations` module.
pub fn operations_module(api: &Api, writer: &TypeWriter<'_>) -> TokenStream {
    let items = api.operations.iter().map(|op| operation_items(api, writer, op));
    let methods = api.operations.iter().map(|op| {
        let method = method(api, writer, op);
        let pages = page_methods(api, writer, op);
        quote! { #method #pages }
    });
    quote! {
        //! One method per operation, with the types that belong to each.
        #![allow(deprecated)]

        use crate::runtime::Client;

        #(#items)*

        impl Client {
            #(#methods)*
        }
    }
}

fn operation_items(api: &Api, writer: &TypeWriter<'_>, op: &Operation) -> TokenStream {
    let params = op.names.params.as_ref().map(|name| params_struct(api, writer, op, name));
    let errors = error_enum(writer, op);
    let responses = op.names.response.as_ref().map(|name| response_enum(writer, op, name));
    quote! { #params #errors #responses }
}

fn method_link(op: &Operation) -> String {
    if is_raw(&op.method_name) {
        format!("`Client::{}`", op.method_name)
    } else {
        format!("[`Client::{}`]", op.method_name)
    }
}

fn params_struct(api: &Api, writer: &TypeWriter<'_>, op: &Operation, name: &str) -> TokenStream {
    let name = format_ident!("{}", name);
    let doc = format!(" Optional parameters of {}.", method_link(op));
    let fields = param_plans(api, op).into_iter().filter(|p| !p.param.required).map(|plan| {
        let field = ident(&plan.rust_name);
        // A parameter left out and a parameter sent as null mean the same: one `Option` will do.
        let ty = match &plan.param.ty {
            TypeRef::Nullable(inner) => writer.rust(inner),
            ty => writer.rust(ty),
        };
        let docs = param_docs(plan.param);
        let deprecated = plan.param.deprecated.then(|| quote! { #[deprecated] });
        quote! { #docs #deprecated pub #field: Option<#ty>, }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn param_docs(param: &Parameter) -> TokenStream {
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let origin = format!("Sent as the `{}` {location} parameter.", param.name);
    doc_parts(&[param.description.as_deref(), Some(&origin)], &origin)
}

fn error_enum(writer: &TypeWriter<'_>, op: &Operation) -> TokenStream {
    let doc = format!(" Error responses that {} declares.", method_link(op));
    let variants = response_variants(&op.errors).into_iter().map(|(variant, response)| {
        (variant, response, error_payload(writer, response.content.as_ref()))
    });
    responses_enum(&op.names.error, &doc, variants, quote! { #[non_exhaustive] })
}

fn response_enum(writer: &TypeWriter<'_>, op: &Operation, name: &str) -> TokenStream {
    let doc = format!(" Success responses of {}.", method_link(op));
    let variants = response_variants(&op.success).into_iter().map(|(variant, response)| {
        (variant, response, payload(writer, response.content.as_ref()))
    });
    responses_enum(name, &doc, variants, TokenStream::new())
}

/// An enum with one variant per response, holding its body when it has one.
fn responses_enum<'r>(
    name: &str,
    doc: &str,
    variants: impl Iterator<Item = (Ident, &'r Response, Option<TokenStream>)>,
    attributes: TokenStream,
) -> TokenStream {
    let name = format_ident!("{}", name);
    let variants = variants.map(|(variant, response, payload)| {
        let docs = response_doc(response);
        match payload {
            Some(ty) => quote! { #docs #variant(#ty), },
            None => quote! { #docs #variant, },
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #attributes
        pub enum #name {
            #(#variants)*
        }
    }
}

fn response_doc(response: &Response) -> TokenStream {
    let text = format!("{}: {}", status::label(response.status), response.description.trim());
    doc_attrs(&text)
}

/// Unique variant names for a list of responses, by status.
pub(super) fn response_variants(responses: &[Response]) -> Vec<(Ident, &Response)> {
    let names = unique_names(responses.iter().map(|r| status::variant_name(r.status)), &[], "");
    names.iter().map(|n| format_ident!("{}", n)).zip(responses).collect()
}

/// The Rust type a response body decodes into; `None` for no body.
fn payload(writer: &TypeWriter<'_>, content: Option<&Content>) -> Option<TokenStream> {
    Some(match content? {
        Content::Json(ty) | Content::Form(ty) | Content::Multipart(ty) => writer.rust(ty),
        Content::Text { .. } => quote! { String },
        Content::Bytes { .. } => quote! { bytes::Bytes },
    })
}

/// The type an error response's body is kept as: binary bodies are kept as text.
fn error_payload(writer: &TypeWriter<'_>, content: Option<&Content>) -> Option<TokenStream> {
    match content? {
        Content::Bytes { .. } => Some(quote! { String }),
        other => payload(writer, Some(other)),
    }
}

/// The success type the method returns.
pub fn success_type(writer: &TypeWriter<'_>, op: &Operation) -> TokenStream {
    if let Some(name) = &op.names.response {
        let name = format_ident!("{}", name);
        return quote! { #name };
    }
    let content = op.success.first().and_then(|r| r.content.as_ref());
    payload(writer, content).unwrap_or_else(|| quote! { () })
}

fn method(api: &Api, writer: &TypeWriter<'_>, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let plans = param_plans(api, op);
    let arguments = method_arguments(writer, op, &plans);
    let docs = method_docs(op, &plans);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let success = success_type(writer, op);
    let error = format_ident!("{}", op.names.error);
    let info = operation_info(op);
    let path = path_expression(op, &plans);
    let fixed = op.fixed_query.iter().map(|(name, value)| {
        quote! { parts.query(#name, #value, crate::runtime::ParamStyle::Form, true); }
    });
    let statements: Vec<TokenStream> =
        fixed.chain(plans.iter().filter_map(parameter_statement)).chain(body_statement(op)).collect();
    let parts_binding = if statements.is_empty() { quote! { let parts } } else { quote! { let mut parts } };
    let decode = decode_closure(op);
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> crate::runtime::OperationRequest<#success, #error> {
            #info
            #parts_binding = crate::runtime::RequestParts::new(&OPERATION, #path);
            #(#statements)*
            crate::runtime::OperationRequest::new(self, parts, #decode)
        }
    }
}

/// The method's arguments after `&self`: required parameters, the body, optional parameters.
pub fn method_arguments(writer: &TypeWriter<'_>, op: &Operation, plans: &[ParamPlan<'_>]) -> Vec<TokenStream> {
    let mut arguments: Vec<TokenStream> = plans
        .iter()
        .filter(|p| p.param.required)
        .map(|plan| {
            let name = ident(&plan.rust_name);
            let ty = writer.rust(&plan.param.ty);
            match plan.passing {
                Passing::Str => quote! { #name: &str },
                Passing::Copy => quote! { #name: #ty },
                Passing::Ref => quote! { #name: &#ty },
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = match &body.content {
            Content::Json(ty) | Content::Form(ty) | Content::Multipart(ty) => {
                let ty = writer.rust(ty);
                quote! { &#ty }
            }
            Content::Text { .. } => quote! { String },
            Content::Bytes { .. } => quote! { Vec<u8> },
        };
        arguments.push(if body.required { quote! { body: #ty } } else { quote! { body: Option<#ty> } });
    }
    if let Some(params) = &op.names.params {
        let params = format_ident!("{}", params);
        arguments.push(quote! { params: &#params });
    }
    arguments
}

fn method_docs(op: &Operation, plans: &[ParamPlan<'_>]) -> TokenStream {
    let query: Vec<String> = op.fixed_query.iter().map(|(name, value)| format!("{name}={value}")).collect();
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    let endpoint = format!("`{} {}{query}`", op.method.as_str(), op.path);
    let mut arguments: Vec<String> = plans
        .iter()
        .filter(|p| p.param.required)
        .map(|p| {
            let text = p.param.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
            format!("- `{}`: {}", p.rust_name, text.unwrap_or_else(|| format!("the `{}` parameter.", p.param.name)))
        })
        .collect();
    if let Some(body) = &op.body {
        let text = body.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
        arguments.push(format!("- `body`: {}", text.unwrap_or_else(|| "the request body.".to_owned())));
    }
    if op.names.params.is_some() {
        arguments.push("- `params`: the optional parameters.".to_owned());
    }
    let arguments = (!arguments.is_empty()).then(|| format!("# Arguments\n\n{}", arguments.join("\n")));
    doc_parts(&[op.summary.as_deref(), op.description.as_deref(), Some(&endpoint), arguments.as_deref()], &endpoint)
}

fn operation_info(op: &Operation) -> TokenStream {
    let id = &op.id;
    let path = &op.path;
    let method = format_ident!("{}", op.method.as_str());
    let alternatives = op.security.iter().map(|schemes| quote! { &[#(#schemes),*] });
    quote! {
        static OPERATION: crate::runtime::OperationInfo = crate::runtime::OperationInfo {
            id: #id,
            method: reqwest::Method::#method,
            path_template: #path,
            security: &[#(#alternatives),*],
        };
    }
}

/// The request path: literal pieces of the template joined with encoded parameter values.
pub fn path_expression(op: &Operation, plans: &[ParamPlan<'_>]) -> TokenStream {
    let mut pieces = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            let literal = &rest[..start];
            pieces.push(quote! { #literal });
        }
        let variable = &rest[start + 1..start + len];
        let plan = plans.iter().find(|p| p.param.location == ParamLocation::Path && p.param.name == variable);
        if let Some(plan) = plan {
            let segment = segment_expression(plan);
            pieces.push(quote! { #segment.as_str() });
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        pieces.push(quote! { #rest });
    }
    match pieces.as_slice() {
        [] => quote! { String::new() },
        [only] if plans.iter().all(|p| p.param.location != ParamLocation::Path) => quote! { #only.to_owned() },
        _ => quote! { [#(#pieces),*].concat() },
    }
}

fn segment_expression(plan: &ParamPlan<'_>) -> TokenStream {
    let name = ident(&plan.rust_name);
    match plan.passing {
        Passing::Str => quote! { crate::runtime::encode_path_segment(#name) },
        Passing::Copy | Passing::Ref => quote! { crate::runtime::encode_path_segment(&#name.to_string()) },
    }
}

fn parameter_statement(plan: &ParamPlan<'_>) -> Option<TokenStream> {
    let param = plan.param;
    let wire = &param.name;
    let field = ident(&plan.rust_name);
    let value = match (param.required, plan.passing) {
        (false, _) => quote! { &params.#field },
        (true, Passing::Copy) => quote! { &#field },
        (true, Passing::Str | Passing::Ref) => quote! { #field },
    };
    Some(match param.location {
        ParamLocation::Path => return None,
        ParamLocation::Query => {
            let style = format_ident!("{}", style_name(param.style));
            let explode = param.explode;
            quote! { parts.query(#wire, #value, crate::runtime::ParamStyle::#style, #explode); }
        }
        ParamLocation::Header => quote! { parts.header(#wire, #value); },
        ParamLocation::Cookie => quote! { parts.cookie(#wire, #value); },
    })
}

fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Simple => "Simple",
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    }
}

fn body_statement(op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let call = match &body.content {
        Content::Json(_) => quote! { parts.json_body(body); },
        Content::Form(_) => quote! { parts.form_body(body); },
        Content::Multipart(_) => quote! { parts.multipart_body(body); },
        Content::Text { media_type } | Content::Bytes { media_type } => {
            let media_type = Literal::string(media_type);
            quote! { parts.bytes_body(#media_type, body); }
        }
    };
    Some(if body.required {
        call
    } else {
        quote! { if let Some(body) = body { #call } }
    })
}

/// Routes a response by status code (never by body shape) to the declared type.
fn decode_closure(op: &Operation) -> TokenStream {
    let success_arms = success_arms(op);
    let error_variants = response_variants(&op.errors);
    let error_name = format_ident!("{}", op.names.error);
    let (fallbacks, mut declared): (Vec<_>, Vec<_>) =
        error_variants.iter().partition(|(_, r)| r.status == StatusMatch::Default);
    // Exact codes before ranges, so a `4XX` arm does not shadow a `404` one.
    declared.sort_by_key(|(_, r)| r.status);
    let mut error_arms: Vec<TokenStream> = declared
        .iter()
        .map(|(variant, response)| {
            let pattern = status_pattern(response.status);
            let error = error_value(&error_name, variant, response.content.as_ref());
            quote! { #pattern => Err(#error), }
        })
        .collect();
    error_arms.push(match fallbacks.first() {
        Some((variant, response)) => {
            let error = error_value(&error_name, variant, response.content.as_ref());
            quote! { _ => Err(#error), }
        }
        None => quote! { _ => Err(response.unexpected()), },
    });
    quote! {
        |response| match response.status().as_u16() {
            #(#success_arms)*
            #(#error_arms)*
        }
    }
}

fn success_arms(op: &Operation) -> Vec<TokenStream> {
    let mut variants = response_variants(&op.success);
    variants.sort_by_key(|(_, r)| r.status);
    let enum_name = op.names.response.as_ref().map(|n| format_ident!("{}", n));
    variants
        .iter()
        .map(|(variant, response)| {
            let pattern = match response.status {
                StatusMatch::Default => quote! { 200..=299 },
                status => status_pattern(status),
            };
            let decode = decode_call(response.content.as_ref());
            match (&enum_name, &response.content) {
                (Some(name), Some(_)) => quote! { #pattern => #decode.map(#name::#variant), },
                (Some(name), None) => quote! { #pattern => #decode.map(|()| #name::#variant), },
                (None, _) => quote! { #pattern => #decode, },
            }
        })
        .collect()
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        StatusMatch::Range(n) => {
            let low = Literal::u16_unsuffixed(n * 100);
            let high = Literal::u16_unsuffixed(n * 100 + 99);
            quote! { #low..=#high }
        }
        StatusMatch::Default => quote! { _ },
    }
}

fn decode_call(content: Option<&Content>) -> TokenStream {
    match content {
        Some(Content::Json(_) | Content::Form(_) | Content::Multipart(_)) => quote! { response.json() },
        Some(Content::Text { .. }) => quote! { response.text() },
        Some(Content::Bytes { .. }) => quote! { response.bytes() },
        None => quote! { response.empty() },
    }
}

fn error_value(error_name: &Ident, variant: &Ident, content: Option<&Content>) -> TokenStream {
    match content {
        Some(Content::Json(_) | Content::Form(_) | Content::Multipart(_)) => {
            quote! { response.api_error_json(#error_name::#variant) }
        }
        Some(Content::Text { .. } | Content::Bytes { .. }) => quote! { response.api_error_text(#error_name::#variant) },
        None => quote! { response.api_error_empty(#error_name::#variant) },
    }
}
