//! Streamed bodies: the method that returns an operation's event stream, the error-enum
//! variant of its declared error event, and multipart bodies sent part by part.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::idents::{ident, snake_names, unique_names};
use super::operations::{
    error_arms, method_arguments, method_docs_with, method_link, param_plans, request_parts, resolve_alias, status_pattern,
};
use super::types::TypeWriter;
use crate::ir::{Api, Framing, ItemStream, Operation, Primitive, StatusMatch, TypeKind, TypeRef};

/// The variant of an operation's error enum that holds its stream's error event.
pub struct ErrorEvent {
    /// The variant in the operation's error enum.
    pub variant: Ident,
    /// The type it holds: what the item union's error member holds.
    pub payload: TokenStream,
    /// The streaming method, for docs.
    pub method_name: String,
    /// The item union, spelled from the operations module.
    pub union: TokenStream,
    /// The item union's error member.
    pub member: Ident,
}

/// The stream of the operation's first success response that has one.
pub(super) fn success_stream(op: &Operation) -> Option<&ItemStream> {
    op.success.iter().find_map(|r| r.stream.as_ref())
}

/// The error event of the operation's stream, if its items declare one.
pub fn error_event(api: &Api, writer: &TypeWriter<'_>, op: &Operation) -> Option<ErrorEvent> {
    let streaming = op.streaming.as_ref()?;
    let stream = success_stream(op)?;
    let error = stream.error_variant.as_ref()?;
    let TypeRef::Named(union_id) = resolve_alias(api, &stream.item) else { return None };
    let statuses = op.errors.iter().map(|r| super::status::variant_name(r.status));
    let names = unique_names(statuses.chain(["ErrorEvent".to_owned()]), &[], "");
    let union_name = format_ident!("{}", api.type_def(*union_id).name);
    Some(ErrorEvent {
        variant: format_ident!("{}", names.last().map_or("ErrorEvent", String::as_str)),
        payload: writer.held_in(*union_id, &error.ty),
        method_name: streaming.method_name.clone(),
        union: quote! { crate::types::#union_name },
        member: format_ident!("{}", error.name),
    })
}

/// The method that sends the request and returns the typed stream of its response.
pub fn event_stream_method(api: &Api, writer: &TypeWriter<'_>, op: &Operation) -> Option<TokenStream> {
    let streaming = op.streaming.as_ref()?;
    let stream = success_stream(op)?;
    let name = ident(&streaming.method_name);
    let plans = param_plans(api, op);
    let arguments = method_arguments(writer, op, &plans);
    let note = stream_note(op, stream, streaming.body_flag.as_deref());
    let docs = method_docs_with(op, &plans, Some(&note));
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let item = writer.rust(&stream.item);
    let error = format_ident!("{}", op.names.error);
    let build_parts = request_parts(api, op, &plans, streaming.body_flag.as_deref());
    let framing = format_ident!("{}", framing_name(stream.framing));
    // Every success response with this same stream; the rest is read whole as an error.
    let accepted = op.success.iter().filter(|r| r.stream.as_ref() == Some(stream)).map(|r| match r.status {
        StatusMatch::Default => quote! { 200..=299 },
        status => status_pattern(status),
    });
    let arms = error_arms(op);
    // A lone `_` arm would be a `match` with nothing to match.
    let errors = match arms.as_slice() {
        [(_, only)] => only.clone(),
        _ => {
            let arms = arms.iter().map(|(pattern, error)| quote! { #pattern => #error, });
            quote! { match response.status().as_u16() { #(#arms)* } }
        }
    };
    let decode_item = if is_text_item(stream) { quote! { crate::runtime::text_item } } else { quote! { crate::runtime::json_item } };
    let split = match error_event(api, writer, op) {
        Some(ErrorEvent { variant, union, member, .. }) => quote! {
            Some(|item| match item {
                #union::#member(event) => Err(#error::#variant(event)),
                other => Ok(other),
            })
        },
        None => quote! { None },
    };
    Some(quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> crate::runtime::StreamRequest<#item, #error> {
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
pub(super) fn is_text_item(stream: &ItemStream) -> bool {
    matches!((stream.framing, &stream.item), (Framing::Events, TypeRef::Primitive(Primitive::String)))
}

pub(super) fn framing_name(framing: Framing) -> &'static str {
    match framing {
        Framing::Events => "Events",
        Framing::Lines => "Lines",
        Framing::Sequence => "Sequence",
    }
}

/// What the streaming method's docs say about the stream.
fn stream_note(op: &Operation, stream: &ItemStream, flag: Option<&str>) -> String {
    let what = match stream.framing {
        Framing::Events => "server-sent events (`text/event-stream`), one item per event",
        Framing::Lines => "JSON Lines, one item per line",
        Framing::Sequence => "a JSON text sequence, one item per record",
    };
    let mut note = format!("Streams the response as {what}, decoded as they arrive.");
    if op.streaming.as_ref().is_some_and(|s| s.buffered_method) {
        note.push_str(&format!(" {} reads the whole response instead.", method_link(op)));
    }
    if let Some(flag) = flag {
        note.push_str(&format!(" Sends `\"{flag}\": true` in the body, whatever `body` says."));
    }
    note
}

/// The statements that send a multipart body: each property of a struct as its own part,
/// binary ones streamed, each with the content type its `encoding` declares, and the
/// property `flag` sent as `true`; any other type one part per property of its JSON form.
pub fn multipart_statement(api: &Api, ty: &TypeRef, content_types: &[(String, String)], flag: Option<&str>) -> TokenStream {
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
