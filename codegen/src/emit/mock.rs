//! The `mock` module, behind the generated crate's `mock` feature: per operation, a typed
//! `wiremock` stand-in that matches the operation's method and path template and answers
//! with the bodies it declares, so tests of code that uses the client need no network.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::call::{success_type, variant};
use super::idents::{ident, is_raw};
use super::plan::{OperationPlan, ResponsePlan, Success};
use super::streaming::{framing_name, is_text_item};
use super::types::TypeWriter;
use super::{Piece, RustItems};
use crate::ir::{Api, Content, StatusMatch};

/// The `mock` module.
pub fn mock_module<'a>(api: &'a Api, writer: TypeWriter<'a>) -> RustItems<'a> {
    let head = quote! {
        //! Typed `wiremock` stand-ins for the operations, for tests of code that calls the client;
        //! compiled only with this crate's `mock` feature.
        //!
        //! Each function is named like the client method it stands in for, matches that
        //! operation's method and path template (any value in place of a path parameter), and
        //! answers with a body of the operation's own types: `respond` with a success,
        //! `respond_error` with a declared error, `respond_status` with a bare status. Mount the
        //! result on a `wiremock::MockServer` and point the client at the server with
        //! `Client::builder().base_url(server.uri())`.
        #![allow(deprecated)]
    };
    let reexport = Piece::Items(quote! { pub use crate::runtime::mock::MockOperation; });
    let functions = api.operations.iter().map(move |op| {
        // One stand-in per client method: the buffered one, the streaming one, or both.
        let plan = OperationPlan::of(api, op);
        let whole = plan.buffered_method.map(|_| mock_function(&writer, &plan));
        let stream = stream_mock_function(&writer, &plan);
        Piece::Items(quote! { #whole #stream })
    });
    RustItems { head, items: Box::new(std::iter::once(reexport).chain(functions)) }
}

fn mock_function(writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> TokenStream {
    let op = plan.op;
    let name = ident(&op.method_name);
    let success = match plan.success {
        Success::Enum(enum_name) => {
            let enum_name = format_ident!("{}", enum_name);
            quote! { crate::operations::#enum_name }
        }
        Success::Body(_) => success_type(writer, plan),
    };
    let error = format_ident!("{}", plan.error_enum);
    let http_method = op.method.as_str();
    let path = &op.path;
    let respond = success_closure(plan, &success);
    let respond_error = error_closure(plan, &error);
    let doc = format!(" Stands in for {}: `{http_method} {path}`.", client_link(&op.method_name));
    quote! {
        #[doc = #doc]
        pub fn #name() -> MockOperation<#success, crate::operations::#error> {
            MockOperation::new(#http_method, #path, #respond, #respond_error)
        }
    }
}

/// The stand-in of an operation's streaming method: it answers with a slice of items.
fn stream_mock_function(writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> Option<TokenStream> {
    let streaming = plan.stream.as_ref()?;
    let response = streaming.accepted.first()?;
    let stream = streaming.stream;
    let name = ident(streaming.method_name);
    let item = writer.rust(&stream.item);
    let error = format_ident!("{}", plan.error_enum);
    let status = Literal::u16_unsuffixed(stand_in_status(response.status, &declared_statuses(plan), Side::Success));
    let media_type = &stream.media_type;
    let framing = format_ident!("{}", framing_name(stream.framing));
    let data = if is_text_item(stream) { quote! { String::clone } } else { quote! { crate::runtime::mock::json_data } };
    let respond_error = error_closure(plan, &error);
    let (http_method, path) = (plan.op.method.as_str(), &plan.op.path);
    let link = client_link(streaming.method_name);
    let doc = format!(" Stands in for {link}: `{http_method} {path}`, answering with a stream of items.");
    Some(quote! {
        #[doc = #doc]
        pub fn #name() -> MockOperation<[#item], crate::operations::#error> {
            MockOperation::new(
                #http_method,
                #path,
                |items: &[#item]| {
                    crate::runtime::mock::stream(#status, #media_type, crate::runtime::Framing::#framing, items.iter().map(#data))
                },
                #respond_error,
            )
        }
    })
}

/// A rustdoc link to a client method; a raw identifier cannot be linked, so it is only named.
fn client_link(method_name: &str) -> String {
    if is_raw(method_name) {
        format!("`Client::{method_name}`")
    } else {
        format!("[`Client::{method_name}`](crate::Client::{method_name})")
    }
}

/// Turns a success value into the response the API would send for it.
fn success_closure(plan: &OperationPlan<'_>, success: &TokenStream) -> TokenStream {
    let declared = declared_statuses(plan);
    if let Success::Enum(enum_name) = plan.success {
        let enum_name = format_ident!("{}", enum_name);
        let arms = plan.success_responses.iter().map(|r| {
            let status = stand_in_status(r.response.status, &declared, Side::Success);
            arm(&quote! { crate::operations::#enum_name }, r, status)
        });
        return quote! { |body: &#success| match body { #(#arms)* } };
    }
    let first = plan.op.success.first();
    let status = Literal::u16_unsuffixed(first.map_or(200, |r| stand_in_status(r.status, &declared, Side::Success)));
    match first.and_then(|r| r.content.as_ref()) {
        Some(content) => {
            let response = body_response(content, &status);
            quote! { |body: &#success| #response }
        }
        None => quote! { |_: &#success| crate::runtime::mock::empty(#status) },
    }
}

/// Turns a declared error into its response.
fn error_closure(plan: &OperationPlan<'_>, error: &Ident) -> TokenStream {
    let declared = declared_statuses(plan);
    let mut arms: Vec<TokenStream> = plan
        .error_responses
        .iter()
        .map(|r| {
            let status = stand_in_status(r.response.status, &declared, Side::Error);
            arm(&quote! { crate::operations::#error }, r, status)
        })
        .collect();
    if let Some(event) = &plan.error_event {
        let variant = format_ident!("{}", event.variant);
        arms.push(quote! { crate::operations::#error::#variant(event) => crate::runtime::mock::error_event(200, event), });
    }
    if arms.is_empty() {
        // An operation that declares no errors has an empty error enum.
        return quote! { |error: &crate::operations::#error| match *error {} };
    }
    quote! { |error: &crate::operations::#error| match error { #(#arms)* } }
}

fn arm(enum_path: &TokenStream, response: &ResponsePlan<'_>, status: u16) -> TokenStream {
    let status = Literal::u16_unsuffixed(status);
    let variant = variant(response);
    match &response.response.content {
        Some(content) => {
            let response = body_response(content, &status);
            quote! { #enum_path::#variant(body) => #response, }
        }
        None => quote! { #enum_path::#variant => crate::runtime::mock::empty(#status), },
    }
}

/// The response for a value `body` of a declared content; the runtime decodes every
/// structured body as JSON, so that is what the stand-in sends.
fn body_response(content: &Content, status: impl quote::ToTokens) -> TokenStream {
    match content {
        Content::Json(_) | Content::Form(_) | Content::Multipart(_) => {
            quote! { crate::runtime::mock::json(#status, body) }
        }
        // Text bodies are `String`s; binary bodies are `Bytes` on success and kept as text in
        // errors, and both turn into bytes the same way.
        Content::Text { media_type } | Content::Bytes { media_type } => {
            quote! { crate::runtime::mock::raw(#status, #media_type, body) }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Success,
    Error,
}

/// Every status the operation names exactly, and every range it names.
fn declared_statuses(plan: &OperationPlan<'_>) -> Vec<StatusMatch> {
    plan.op.success.iter().chain(&plan.op.errors).map(|r| r.status).collect()
}

/// A status the client routes to this response: its own code, or for a range or `default`
/// the lowest code that no other declared response claims.
fn stand_in_status(status: StatusMatch, declared: &[StatusMatch], side: Side) -> u16 {
    let claimed = |code: u16, by_range: bool| {
        declared.iter().any(|d| match *d {
            StatusMatch::Code(c) => c == code,
            StatusMatch::Range(n) => by_range && n == code / 100,
            StatusMatch::Default => false,
        })
    };
    let candidates: Vec<u16> = match (status, side) {
        (StatusMatch::Code(code), _) => return code,
        (StatusMatch::Range(n), _) => (n * 100..n * 100 + 100).filter(|&c| !claimed(c, false)).collect(),
        (StatusMatch::Default, Side::Success) => (200..300).filter(|&c| !claimed(c, false)).collect(),
        (StatusMatch::Default, Side::Error) => (500..600).chain(400..500).filter(|&c| !claimed(c, true)).collect(),
    };
    candidates.first().copied().unwrap_or(match side {
        Side::Success => 200,
        Side::Error => 500,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_default_stand_in_with_a_status_nobody_else_claims() {
        let declared = [StatusMatch::Code(400), StatusMatch::Range(4), StatusMatch::Code(500), StatusMatch::Default];
        assert_eq!(stand_in_status(StatusMatch::Code(404), &declared, Side::Error), 404);
        assert_eq!(stand_in_status(StatusMatch::Range(4), &declared, Side::Error), 401);
        assert_eq!(stand_in_status(StatusMatch::Default, &declared, Side::Error), 501);
        assert_eq!(stand_in_status(StatusMatch::Default, &[], Side::Success), 200);
        assert_eq!(stand_in_status(StatusMatch::Range(2), &[StatusMatch::Code(200)], Side::Success), 201);
    }
}
