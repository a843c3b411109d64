//! One client method per operation, with its optional-parameter struct, error enum and,
//! when success responses differ, response enum.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_parts};
use super::idents::{ident, is_raw, snake_names, unique_names};
use super::pagination::page_methods;
use super::status;
use super::streaming::{error_event, event_stream_method};
use super::types::TypeWriter;
use super::{Piece, RustItems};
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
        // A binary parameter is a string on the wire.
        TypeRef::Primitive(Primitive::String | Primitive::Secret | Primitive::Binary) => Passing::Str,
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
pub fn operations_module<'a>(api: &'a Api, writer: TypeWriter<'a>) -> RustItems<'a> {
    let head = quote! {
        //! One method per operation, with the types that belong to each.
        #![allow(deprecated)]
    };
    let use_client = Piece::Items(quote! { use crate::runtime::Client; });
    let items_writer = writer.clone();
    let items = api.operations.iter().map(move |op| Piece::Items(operation_items(api, &items_writer, op)));
    let methods = api.operations.iter().map(move |op| {
        // An operation whose success is only a stream has only the streaming method.
        let buffered = op.streaming.as_ref().is_none_or(|s| s.buffered_method);
        let method = buffered.then(|| method(api, &writer, op));
        let pages = page_methods(api, &writer, op);
        let events = event_stream_method(api, &writer, op);
        quote! { #method #pages #events }
    });
    let client = std::iter::once_with(move || Piece::Impl { header: quote! { impl Client }, members: Box::new(methods) });
    RustItems { head, items: Box::new(std::iter::once(use_client).chain(items).chain(client)) }
}

fn operation_items(api: &Api, writer: &TypeWriter<'_>, op: &Operation) -> TokenStream {
    let params = op.names.params.as_ref().map(|name| params_struct(api, writer, op, name));
    let errors = error_enum(api, writer, op);
    let responses = op.names.response.as_ref().map(|name| response_enum(writer, op, name));
    quote! { #params #errors #responses }
}

pub(super) fn method_link(op: &Operation) -> String {
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
        let ty = optional_parameter_type(writer, plan.param);
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

/// The type an optional parameter's value is given as.
pub(super) fn optional_parameter_type(writer: &TypeWriter<'_>, param: &Parameter) -> TokenStream {
    // A parameter left out and a parameter sent as null mean the same: one `Option` will do.
    match &param.ty {
        TypeRef::Nullable(inner) => writer.rust(inner),
        ty => writer.rust(ty),
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

fn error_enum(api: &Api, writer: &TypeWriter<'_>, op: &Operation) -> TokenStream {
    let doc = format!(" Error responses that {} declares.", method_link(op));
    let variants = response_variants(&op.errors).into_iter().map(|(variant, response)| {
        let docs = response_doc(response);
        match error_payload(writer, response.content.as_ref()) {
            Some(ty) => quote! { #docs #variant(#ty), },
            None => quote! { #docs #variant, },
        }
    });
    let event = error_event(api, writer, op).map(|event| {
        let (variant, ty) = (&event.variant, &event.payload);
        let doc = format!(" The error event of the stream of `{}`, which ends it.", event.method_name);
        quote! { #[doc = #doc] #variant(#ty), }
    });
    let name = format_ident!("{}", op.names.error);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #event
        }
    }
}

fn response_enum(writer: &TypeWriter<'_>, op: &Operation, name: &str) -> TokenStream {
    let doc = format!(" Success responses of {}.", method_link(op));
    let name = format_ident!("{}", name);
    let variants = response_variants(&op.success).into_iter().map(|(variant, response)| {
        let docs = response_doc(response);
        match payload(writer, response.content.as_ref()) {
            Some(ty) => quote! { #docs #variant(#ty), },
            None => quote! { #docs #variant, },
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
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
pub(super) fn payload(writer: &TypeWriter<'_>, content: Option<&Content>) -> Option<TokenStream> {
    Some(match content? {
        Content::Json(ty) | Content::Form(ty) | Content::Multipart(ty) => writer.rust(ty),
        Content::Text { .. } => quote! { String },
        Content::Bytes { .. } => quote! { bytes::Bytes },
    })
}

/// The type an error response's body is kept as: binary bodies are kept as text.
pub(super) fn error_payload(writer: &TypeWriter<'_>, content: Option<&Content>) -> Option<TokenStream> {
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
    let binary = op.names.response.is_none()
        && matches!(op.success.first().and_then(|r| r.content.as_ref()), Some(Content::Bytes { .. }));
    let note = binary.then_some(
        "[`bytes_stream`](crate::runtime::OperationRequest::bytes_stream) reads the body as it arrives, \
         instead of whole.",
    );
    let docs = method_docs_with(op, &plans, note);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let success = success_type(writer, op);
    let error = format_ident!("{}", op.names.error);
    let build_parts = request_parts(api, op, &plans, None);
    let decode = decode_closure(op);
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> crate::runtime::OperationRequest<#success, #error> {
            #build_parts
            crate::runtime::OperationRequest::new(self, parts, #decode)
        }
    }
}

/// The statements that fill in `parts`: the operation's facts, its path, its fixed query,
/// its parameters and its body (with `flag`, a boolean property, set to `true`).
pub(super) fn request_parts(api: &Api, op: &Operation, plans: &[ParamPlan<'_>], flag: Option<&str>) -> TokenStream {
    let info = operation_info(op);
    let path = path_expression(op, plans);
    let fixed = op.fixed_query.iter().map(|(name, value)| {
        quote! { parts.query(#name, #value, crate::runtime::ParamStyle::Form, true); }
    });
    let statements: Vec<TokenStream> =
        fixed.chain(plans.iter().filter_map(parameter_statement)).chain(body_statement(api, op, flag)).collect();
    let parts_binding = if statements.is_empty() { quote! { let parts } } else { quote! { let mut parts } };
    quote! {
        #info
        #parts_binding = crate::runtime::RequestParts::new(&OPERATION, #path);
        #(#statements)*
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
            // `Option<impl Into<_>>` would make a plain `None` need a type.
            Content::Bytes { .. } if !body.required => quote! { crate::runtime::Upload },
            Content::Bytes { .. } => quote! { impl Into<crate::runtime::Upload> },
        };
        arguments.push(if body.required { quote! { body: #ty } } else { quote! { body: Option<#ty> } });
    }
    if let Some(params) = &op.names.params {
        let params = format_ident!("{}", params);
        arguments.push(quote! { params: &#params });
    }
    arguments
}

/// The docs of a method of `op`, with `note` after the endpoint.
pub(super) fn method_docs_with(op: &Operation, plans: &[ParamPlan<'_>], note: Option<&str>) -> TokenStream {
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
    let Some(note) = note else {
        return doc_parts(&[op.summary.as_deref(), op.description.as_deref(), Some(&endpoint), arguments.as_deref()], &endpoint);
    };
    // The note is the generator's own text, links and all: it is not escaped as spec text is.
    let spec = doc_parts(&[op.summary.as_deref(), op.description.as_deref(), Some(&endpoint)], &endpoint);
    let note = format!(" {note}");
    let arguments = arguments.map(|a| {
        let a = doc_attrs(&a);
        quote! { #[doc = ""] #a }
    });
    quote! { #spec #[doc = ""] #[doc = #note] #arguments }
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

fn body_statement(api: &Api, op: &Operation, flag: Option<&str>) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let call = match (&body.content, flag) {
        (Content::Json(_), Some(flag)) => quote! { parts.json_body_with_flag("application/json", body, #flag); },
        (Content::Json(_), None) => quote! { parts.json_body(body); },
        (Content::Form(_), _) => quote! { parts.form_body(body); },
        (Content::Multipart(ty), flag) => super::streaming::multipart_statement(api, ty, &body.part_content_types, flag),
        (Content::Text { media_type }, _) => {
            let media_type = Literal::string(media_type);
            quote! { parts.bytes_body(#media_type, body); }
        }
        (Content::Bytes { media_type }, _) => {
            let media_type = Literal::string(media_type);
            quote! { parts.upload_body(#media_type, body); }
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
    let error_arms = error_arms(op).into_iter().map(|(pattern, error)| quote! { #pattern => Err(#error), });
    quote! {
        |response| match response.status().as_u16() {
            #(#success_arms)*
            #(#error_arms)*
        }
    }
}

/// Status patterns and the error each means, the last one `_` for every other status.
pub(super) fn error_arms(op: &Operation) -> Vec<(TokenStream, TokenStream)> {
    let error_variants = response_variants(&op.errors);
    let error_name = format_ident!("{}", op.names.error);
    let (fallbacks, mut declared): (Vec<_>, Vec<_>) =
        error_variants.iter().partition(|(_, r)| r.status == StatusMatch::Default);
    // Exact codes before ranges, so a `4XX` arm does not shadow a `404` one.
    declared.sort_by_key(|(_, r)| r.status);
    let mut error_arms: Vec<(TokenStream, TokenStream)> = declared
        .iter()
        .map(|(variant, response)| {
            (status_pattern(response.status), error_value(&error_name, variant, response.content.as_ref()))
        })
        .collect();
    error_arms.push(match fallbacks.first() {
        Some((variant, response)) => (quote! { _ }, error_value(&error_name, variant, response.content.as_ref())),
        None => (quote! { _ }, quote! { response.unexpected() }),
    });
    error_arms
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

pub(super) fn status_pattern(status: StatusMatch) -> TokenStream {
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
