//! Streamed bodies: the method that returns an operation's event stream.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::call::{self, method_link, status_pattern};
use super::example::Examples;
use super::idents::ident;
use super::plan::{OperationPlan, StreamPlan};
use super::types::TypeWriter;
use crate::ir::{Api, Framing, ItemStream, Primitive, StatusMatch, TypeRef};

/// The method that sends the request and returns the typed stream of its response.
pub fn event_stream_method(api: &Api, writer: &TypeWriter<'_>, examples: &Examples<'_>, plan: &OperationPlan<'_>) -> Option<TokenStream> {
    let streaming = plan.stream.as_ref()?;
    let stream = streaming.stream;
    let name = ident(streaming.method_name);
    let arguments = call::method_arguments(writer, plan);
    let note = stream_note(plan, streaming);
    let docs = call::method_docs(plan, Some(&note));
    // The operation's example is on its buffered method when it has one.
    let example = plan.buffered_method.is_none().then(|| examples.doc(plan, streaming.method_name, true));
    let deprecated = plan.op.deprecated.then(|| quote! { #[deprecated] });
    let item = writer.rust(&stream.item);
    let error = format_ident!("{}", plan.error_enum);
    let params = call::params_argument(plan);
    let build_parts = call::request_parts(api, plan, streaming.body_flag);
    let framing = format_ident!("{}", framing_name(stream.framing));
    let accepted = streaming.accepted.iter().map(|r| match r.status {
        StatusMatch::Default => quote! { 200..=299 },
        status => status_pattern(status),
    });
    let arms = call::error_arms(plan);
    // A lone `_` arm would be a `match` with nothing to match.
    let errors = match arms.as_slice() {
        [(_, only)] => only.clone(),
        _ => {
            let arms = arms.iter().map(|(pattern, error)| quote! { #pattern => #error, });
            quote! { match response.status().as_u16() { #(#arms)* } }
        }
    };
    let decode_item = if is_text_item(stream) { quote! { crate::runtime::text_item } } else { quote! { crate::runtime::json_item } };
    let split = match &plan.error_event {
        Some(event) => {
            let union = format_ident!("{}", api.type_def(event.union).name);
            let (member, variant) = (format_ident!("{}", event.member.name), format_ident!("{}", event.variant));
            quote! {
                Some(|item| match item {
                    crate::types::#union::#member(event) => Err(#error::#variant(event)),
                    other => Ok(other),
                })
            }
        }
        None => quote! { None },
    };
    Some(quote! {
        #docs
        #example
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> crate::runtime::StreamRequest<#item, #error #params> {
            #build_parts
            crate::runtime::StreamRequest::new(
                self,
                parts,
                crate::runtime::StreamDecoding {
                    framing: crate::runtime::Framing::#framing,
                    accepts: |status| matches!(status, #(#accepted)|*),
                    error: |response| #errors,
                    item: #decode_item,
                    split: #split,
                },
            )
        }
    })
}

/// Whether each item is an event's `data` as it is, not JSON: events of a string schema.
pub fn is_text_item(stream: &ItemStream) -> bool {
    matches!((stream.framing, &stream.item), (Framing::Events, TypeRef::Primitive(Primitive::String)))
}

/// The runtime's `Framing` variant for `framing`.
pub fn framing_name(framing: Framing) -> &'static str {
    match framing {
        Framing::Events => "Events",
        Framing::Lines => "Lines",
        Framing::Sequence => "Sequence",
    }
}

/// What the streaming method's docs say about the stream.
fn stream_note(plan: &OperationPlan<'_>, streaming: &StreamPlan<'_>) -> String {
    let what = match streaming.stream.framing {
        Framing::Events => "server-sent events (`text/event-stream`), one item per event",
        Framing::Lines => "JSON Lines, one item per line",
        Framing::Sequence => "a JSON text sequence, one item per record",
    };
    let mut note = format!("Streams the response as {what}, decoded as they arrive.");
    if plan.buffered_method.is_some() {
        note.push_str(&format!(" {} reads the whole response instead.", method_link(plan.op)));
    }
    if let Some(flag) = streaming.body_flag {
        note.push_str(&format!(" Sends `\"{flag}\": true` in the body, whatever `body` says."));
    }
    note
}
