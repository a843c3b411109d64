//! What every method of an operation writes the same way, from its plan: its arguments and
//! docs, the statements that fill in its request, and how error statuses are routed.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_parts};
use super::idents::{ident, is_raw, snake_names};
use super::plan::{OperationPlan, ParamPlan, Passing, ResponsePlan, Success, resolve_alias};
use super::types::TypeWriter;
use crate::ir::{Api, Content, Operation, ParamLocation, Parameter, ParamStyle, Primitive, StatusMatch, TypeKind, TypeRef};

/// A rustdoc link to the operation's buffered method; a raw identifier is only named.
pub fn method_link(op: &Operation) -> String {
    if is_raw(&op.method_name) {
        format!("`Client::{}`", op.method_name)
    } else {
        format!("[`Client::{}`]", op.method_name)
    }
}

/// A response's variant name as an identifier.
pub fn variant(response: &ResponsePlan<'_>) -> Ident {
    format_ident!("{}", response.variant)
}

/// The Rust type a response body decodes into; `None` for no body.
pub fn payload(writer: &TypeWriter<'_>, content: Option<&Content>) -> Option<TokenStream> {
    Some(match content? {
        Content::Json(ty) | Content::Form(ty) | Content::Multipart(ty) => writer.rust(ty),
        Content::Text { .. } => quote! { String },
        Content::Bytes { .. } => quote! { bytes::Bytes },
    })
}

/// The success type the buffered method returns, spelled from the operations module.
pub fn success_type(writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> TokenStream {
    match plan.success {
        Success::Enum(name) => {
            let name = format_ident!("{}", name);
            quote! { #name }
        }
        Success::Body(content) => payload(writer, content).unwrap_or_else(|| quote! { () }),
    }
}

/// The struct of optional parameters as the last generic argument of a request type; nothing
/// when there are none (the runtime's default, `()`).
pub fn params_argument(plan: &OperationPlan<'_>) -> Option<TokenStream> {
    plan.params_struct.map(|name| {
        let name = format_ident!("{}", name);
        quote! { , #name }
    })
}

/// The statements that fill in `parts`: the operation's facts, its path, its fixed query,
/// its parameters and its body (with `flag`, a boolean property, set to `true`).
pub fn request_parts(api: &Api, plan: &OperationPlan<'_>, flag: Option<&str>) -> TokenStream {
    let op = plan.op;
    let info = operation_info(op);
    let path = path_expression(op, &plan.params);
    let fixed = op.fixed_query.iter().map(|(name, value)| {
        quote! { parts.query(#name, #value, crate::runtime::ParamStyle::Form, true); }
    });
    let statements: Vec<TokenStream> = fixed
        .chain(plan.required().filter_map(parameter_statement))
        .chain(body_statement(api, plan, flag))
        .collect();
    let parts_binding = if statements.is_empty() { quote! { let parts } } else { quote! { let mut parts } };
    quote! {
        #info
        #parts_binding = crate::runtime::RequestParts::new(&OPERATION, #path);
        #(#statements)*
    }
}

/// The type an optional parameter's setter stores: a parameter left out and a parameter sent
/// as null mean the same, so one `Option` will do.
pub fn optional_parameter_type(writer: &TypeWriter<'_>, param: &Parameter) -> TokenStream {
    match &param.ty {
        TypeRef::Nullable(inner) => writer.rust(inner),
        ty => writer.rust(ty),
    }
}

/// The statements that write the optional parameters that are set (`self`'s fields) into
/// `parts`.
pub fn optional_statements(plan: &OperationPlan<'_>) -> Vec<TokenStream> {
    plan.optional().filter_map(parameter_statement).collect()
}

/// The method's arguments after `&self`: required parameters, then the body.
pub fn method_arguments(writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> Vec<TokenStream> {
    let mut arguments: Vec<TokenStream> = plan
        .required()
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = writer.rust(&p.param.ty);
            match p.passing {
                Passing::Str => quote! { #name: &str },
                Passing::Copy => quote! { #name: #ty },
                Passing::Ref => quote! { #name: &#ty },
            }
        })
        .collect();
    if let Some(body) = plan.body {
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
    arguments
}

/// The names the method's arguments are passed on with, in order.
pub fn argument_names(plan: &OperationPlan<'_>) -> Vec<Ident> {
    let mut names: Vec<Ident> = plan.required().map(|p| ident(&p.rust_name)).collect();
    if plan.body.is_some() {
        names.push(format_ident!("body"));
    }
    names
}

/// The docs of a method of the operation, with `note` after the endpoint.
pub fn method_docs(plan: &OperationPlan<'_>, note: Option<&str>) -> TokenStream {
    let op = plan.op;
    let query: Vec<String> = op.fixed_query.iter().map(|(name, value)| format!("{name}={value}")).collect();
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    let endpoint = format!("`{} {}{query}`", op.method.as_str(), op.path);
    let mut arguments: Vec<String> = plan
        .required()
        .map(|p| {
            let text = p.param.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
            format!("- `{}`: {}", p.rust_name, text.unwrap_or_else(|| format!("the `{}` parameter.", p.param.name)))
        })
        .collect();
    if let Some(body) = plan.body {
        let text = body.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
        arguments.push(format!("- `body`: {}", text.unwrap_or_else(|| "the request body.".to_owned())));
    }
    let mut arguments = (!arguments.is_empty()).then(|| format!("# Arguments\n\n{}", arguments.join("\n")));
    let optional: Vec<String> = plan
        .optional()
        .map(|p| {
            let text = p.param.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
            format!("- `.{}(…)`: {}", p.rust_name, text.unwrap_or_else(|| format!("the `{}` parameter.", p.param.name)))
        })
        .collect();
    if !optional.is_empty() {
        let section = format!("# Optional parameters\n\nEach is a method of the request this returns:\n\n{}", optional.join("\n"));
        arguments = Some(match arguments {
            Some(required) => format!("{required}\n\n{section}"),
            None => section,
        });
    }
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
fn path_expression(op: &Operation, plans: &[ParamPlan<'_>]) -> TokenStream {
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
        (false, _) => quote! { &self.#field },
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

fn body_statement(api: &Api, plan: &OperationPlan<'_>, flag: Option<&str>) -> Option<TokenStream> {
    let body = plan.body?;
    let call = match (&body.content, flag) {
        (Content::Json(_), Some(flag)) => quote! { parts.json_body_with_flag("application/json", body, #flag); },
        (Content::Json(_), None) => quote! { parts.json_body(body); },
        (Content::Form(_), _) => quote! { parts.form_body(body); },
        (Content::Multipart(ty), flag) => multipart_statement(api, ty, &body.part_content_types, flag),
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

/// The statements that send a multipart body: each property of a struct as its own part,
/// binary ones streamed, each with the content type its `encoding` declares, and the
/// property `flag` sent as `true`; any other type one part per property of its JSON form.
fn multipart_statement(api: &Api, ty: &TypeRef, content_types: &[(String, String)], flag: Option<&str>) -> TokenStream {
    let fields = match resolve_alias(api, ty) {
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Struct(s) => s,
            _ => return quote! { parts.multipart_body(body); },
        },
        _ => return quote! { parts.multipart_body(body); },
    };
    let mut wire: Vec<&str> = fields.fields.iter().map(|f| f.name.as_str()).collect();
    if fields.additional.is_some() {
        wire.push("additional_properties");
    }
    let rust_names = snake_names(wire, &[]);
    let parts = fields.fields.iter().zip(&rust_names).map(|(field, rust)| {
        let (wire, member) = (&field.name, ident(rust));
        let content_type = match content_types.iter().find(|(name, _)| name == wire) {
            Some((_, content_type)) => quote! { Some(#content_type) },
            None => quote! { None },
        };
        if flag == Some(wire.as_str()) {
            quote! { form.field(#wire, &true, #content_type); }
        } else if holds_upload(api, &field.ty) {
            quote! { form.uploads(#wire, &body.#member, #content_type); }
        } else {
            quote! { form.field(#wire, &body.#member, #content_type); }
        }
    });
    let additional = fields.additional.as_ref().map(|_| {
        let member = ident(&rust_names[fields.fields.len()]);
        quote! {
            for (name, value) in &body.#member {
                form.field(name, value, None);
            }
        }
    });
    quote! {
        let mut form = crate::runtime::Form::new();
        #(#parts)*
        #additional
        parts.multipart(form);
    }
}

/// Whether a property's value is file content, alone, optional or in a list.
fn holds_upload(api: &Api, ty: &TypeRef) -> bool {
    match resolve_alias(api, ty) {
        TypeRef::Primitive(Primitive::Binary) => true,
        TypeRef::Nullable(inner) | TypeRef::Array(inner) => holds_upload(api, inner),
        _ => false,
    }
}

/// Status patterns and the error each means, the last one `_` for every other status.
pub fn error_arms(plan: &OperationPlan<'_>) -> Vec<(TokenStream, TokenStream)> {
    let error_name = format_ident!("{}", plan.error_enum);
    let (fallbacks, mut declared): (Vec<_>, Vec<_>) =
        plan.error_responses.iter().partition(|r| r.response.status == StatusMatch::Default);
    // Exact codes before ranges, so a `4XX` arm does not shadow a `404` one.
    declared.sort_by_key(|r| r.response.status);
    let mut error_arms: Vec<(TokenStream, TokenStream)> = declared
        .iter()
        .map(|r| (status_pattern(r.response.status), error_value(&error_name, &variant(r), r.response.content.as_ref())))
        .collect();
    error_arms.push(match fallbacks.first() {
        Some(r) => (quote! { _ }, error_value(&error_name, &variant(r), r.response.content.as_ref())),
        None => (quote! { _ }, quote! { response.unexpected() }),
    });
    error_arms
}

/// The pattern of a status; `default` matches everything else.
pub fn status_pattern(status: StatusMatch) -> TokenStream {
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

fn error_value(error_name: &Ident, variant: &Ident, content: Option<&Content>) -> TokenStream {
    match content {
        Some(Content::Json(_) | Content::Form(_) | Content::Multipart(_)) => {
            quote! { response.api_error_json(#error_name::#variant) }
        }
        Some(Content::Text { .. } | Content::Bytes { .. }) => quote! { response.api_error_text(#error_name::#variant) },
        None => quote! { response.api_error_empty(#error_name::#variant) },
    }
}
