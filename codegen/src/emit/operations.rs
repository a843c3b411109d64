//! One client method per operation, with its optional-parameter struct, error enum and,
//! when success responses differ, response enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::call::{self, method_link, payload, status_pattern, variant};
use super::docs::{doc_attrs, doc_parts};
use super::example::Examples;
use super::idents::ident;
use super::pagination::page_methods;
use super::plan::{OperationPlan, ResponsePlan, SetterInput, Success};
use super::streaming::event_stream_method;
use super::types::TypeWriter;
use super::{Piece, RustItems};
use crate::ir::{Api, Content, ParamLocation, Parameter, Response, StatusMatch};

/// The `operations` module.
pub fn operations_module<'a>(api: &'a Api, writer: TypeWriter<'a>, library: String) -> RustItems<'a> {
    let head = quote! {
        //! One method per operation, with the types that belong to each.
        #![allow(deprecated)]
    };
    let use_client = Piece::Items(quote! { use crate::runtime::Client; });
    let items_writer = writer.clone();
    let items =
        api.operations.iter().map(move |op| Piece::Items(operation_items(api, &items_writer, &OperationPlan::of(api, op))));
    let methods = api.operations.iter().map(move |op| {
        let plan = OperationPlan::of(api, op);
        let examples = Examples { api, writer: &writer, library: &library };
        let method = plan.buffered_method.map(|_| method(api, &writer, &examples, &plan));
        let pages = page_methods(api, &writer, &plan);
        let events = event_stream_method(api, &writer, &examples, &plan);
        quote! { #method #pages #events }
    });
    let client = std::iter::once_with(move || Piece::Impl { header: quote! { impl Client }, members: Box::new(methods) });
    RustItems { head, items: Box::new(std::iter::once(use_client).chain(items).chain(client)) }
}

fn operation_items(api: &Api, writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> TokenStream {
    let params = plan.params_struct.map(|name| params_struct(api, writer, plan, name));
    let errors = error_enum(writer, plan);
    let responses = match plan.success {
        Success::Enum(name) => Some(response_enum(writer, plan, name)),
        Success::Body(_) => None,
    };
    quote! { #params #errors #responses }
}

/// The struct that holds the optional parameters set on a request, how they are written
/// into it, and their setters on each kind of request the operation makes.
fn params_struct(api: &Api, writer: &TypeWriter<'_>, plan: &OperationPlan<'_>, name: &str) -> TokenStream {
    let name = format_ident!("{}", name);
    let setter_list: Vec<String> = plan.optional().map(|p| format!("`.{}(…)`", p.rust_name)).collect();
    let doc = format!(
        " The optional parameters of {}, each set by its method on the request: {}.",
        method_link(plan.op),
        setter_list.join(", ")
    );
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in plan.optional() {
        let field = ident(&p.rust_name);
        let ty = call::optional_parameter_type(writer, p.param);
        let docs = param_docs(p.param);
        let deprecated = p.param.deprecated.then(|| quote! { #[deprecated] });
        fields.push(quote! { #field: Option<#ty>, });
        let (input, value) = match p.setter_input(api) {
            SetterInput::Into => (quote! { impl Into<#ty> }, quote! { #field.into() }),
            SetterInput::Value => (ty, quote! { #field }),
        };
        setters.push(quote! {
            #docs
            #deprecated
            pub fn #field(mut self, #field: #input) -> Self {
                self.params.#field = Some(#value);
                self
            }
        });
    }
    let statements = call::optional_statements(plan);
    let error = format_ident!("{}", plan.error_enum);
    let buffered = plan.buffered_method.map(|_| {
        quote! { impl<T> crate::runtime::OperationRequest<T, #error, #name> { #(#setters)* } }
    });
    let pages = plan.pages.as_ref().map(|_| {
        quote! { impl<T, M> crate::runtime::Paginated<T, #error, #name, M> { #(#setters)* } }
    });
    let stream = plan.stream.as_ref().map(|_| {
        quote! { impl<T> crate::runtime::StreamRequest<T, #error, #name> { #(#setters)* } }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl crate::runtime::OptionalParameters for #name {
            fn write(&self, parts: &mut crate::runtime::RequestParts) {
                #(#statements)*
            }
        }

        #buffered
        #pages
        #stream
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

fn error_enum(writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> TokenStream {
    let doc = format!(" Error responses that {} declares.", method_link(plan.op));
    let variants = plan.error_responses.iter().map(|r| {
        let (docs, variant) = (response_doc(r.response), variant(r));
        match error_payload(writer, r.response.content.as_ref()) {
            Some(ty) => quote! { #docs #variant(#ty), },
            None => quote! { #docs #variant, },
        }
    });
    let event = plan.error_event.as_ref().map(|event| {
        let variant = format_ident!("{}", event.variant);
        let ty = writer.held_in(event.union, &event.member.ty);
        let doc = format!(" The error event of the stream of `{}`, which ends it.", event.method_name);
        quote! { #[doc = #doc] #variant(#ty), }
    });
    let name = format_ident!("{}", plan.error_enum);
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

fn response_enum(writer: &TypeWriter<'_>, plan: &OperationPlan<'_>, name: &str) -> TokenStream {
    let doc = format!(" Success responses of {}.", method_link(plan.op));
    let name = format_ident!("{}", name);
    let variants = plan.success_responses.iter().map(|r| {
        let (docs, variant) = (response_doc(r.response), variant(r));
        match payload(writer, r.response.content.as_ref()) {
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
    let text = format!("{}: {}", super::status::label(response.status), response.description.trim());
    doc_attrs(&text)
}

/// The type an error response's body is kept as: binary bodies are kept as text.
pub(super) fn error_payload(writer: &TypeWriter<'_>, content: Option<&Content>) -> Option<TokenStream> {
    match content? {
        Content::Bytes { .. } => Some(quote! { String }),
        other => payload(writer, Some(other)),
    }
}

fn method(api: &Api, writer: &TypeWriter<'_>, examples: &Examples<'_>, plan: &OperationPlan<'_>) -> TokenStream {
    let op = plan.op;
    let name = ident(&op.method_name);
    let arguments = call::method_arguments(writer, plan);
    let binary = matches!(plan.success, Success::Body(Some(Content::Bytes { .. })));
    let note = binary.then_some(
        "[`bytes_stream`](crate::runtime::OperationRequest::bytes_stream) reads the body as it arrives, \
         instead of whole.",
    );
    let docs = call::method_docs(plan, note);
    let example = examples.doc(plan, &op.method_name, false);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let success = call::success_type(writer, plan);
    let error = format_ident!("{}", plan.error_enum);
    let params = call::params_argument(plan);
    let build_parts = call::request_parts(api, plan, None);
    let decode = decode_closure(plan);
    quote! {
        #docs
        #example
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> crate::runtime::OperationRequest<#success, #error #params> {
            #build_parts
            crate::runtime::OperationRequest::new(self, parts, #decode)
        }
    }
}

/// Routes a response by status code (never by body shape) to the declared type.
fn decode_closure(plan: &OperationPlan<'_>) -> TokenStream {
    let success_arms = success_arms(plan);
    let error_arms = call::error_arms(plan).into_iter().map(|(pattern, error)| quote! { #pattern => Err(#error), });
    quote! {
        |response| match response.status().as_u16() {
            #(#success_arms)*
            #(#error_arms)*
        }
    }
}

fn success_arms(plan: &OperationPlan<'_>) -> Vec<TokenStream> {
    let mut responses: Vec<&ResponsePlan<'_>> = plan.success_responses.iter().collect();
    responses.sort_by_key(|r| r.response.status);
    let enum_name = match plan.success {
        Success::Enum(name) => Some(format_ident!("{}", name)),
        Success::Body(_) => None,
    };
    responses
        .iter()
        .map(|r| {
            let pattern = match r.response.status {
                StatusMatch::Default => quote! { 200..=299 },
                status => status_pattern(status),
            };
            let decode = decode_call(r.response.content.as_ref());
            let variant = variant(r);
            match (&enum_name, &r.response.content) {
                (Some(name), Some(_)) => quote! { #pattern => #decode.map(#name::#variant), },
                (Some(name), None) => quote! { #pattern => #decode.map(|()| #name::#variant), },
                (None, _) => quote! { #pattern => #decode, },
            }
        })
        .collect()
}

fn decode_call(content: Option<&Content>) -> TokenStream {
    match content {
        Some(Content::Json(_) | Content::Form(_) | Content::Multipart(_)) => quote! { response.json() },
        Some(Content::Text { .. }) => quote! { response.text() },
        Some(Content::Bytes { .. }) => quote! { response.bytes() },
        None => quote! { response.empty() },
    }
}
