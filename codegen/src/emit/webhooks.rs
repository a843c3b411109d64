//! The `webhooks` module: one enum of the events the API sends to its users' servers, and
//! the function that decodes an incoming request into it.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_parts;
use super::types::TypeWriter;
use crate::ir::{Api, Content, Webhook};

pub fn webhooks_module(api: &Api, writer: &TypeWriter<'_>) -> TokenStream {
    let variants = api.webhooks.iter().map(|w| variant(writer, w));
    // An event is known by its name and by its operationId; where two share one, the first
    // declared keeps it.
    let mut taken = HashSet::new();
    let decode_arms = api.webhooks.iter().filter_map(|w| {
        let names: Vec<&str> =
            std::iter::once(w.name.as_str()).chain(w.operation_id.as_deref()).filter(|n| taken.insert(*n)).collect();
        (!names.is_empty()).then(|| decode_arm(w, &names))
    });
    let name_arms = api.webhooks.iter().map(|w| {
        let variant = format_ident!("{}", w.variant);
        let name = &w.name;
        let pattern = if w.payload.is_some() { quote! { Self::#variant(_) } } else { quote! { Self::#variant } };
        quote! { #pattern => #name, }
    });
    quote! {
        //! The requests the API sends to your servers (webhooks and callbacks), decoded.

        use crate::runtime::WebhookError;

        /// An event the API sends to your server.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
        }

        impl Event {
            /// Decodes the body of a request the API sent for the event called `name`: the
            /// name the API description gives it, or its `operationId`.
            pub fn decode(name: &str, body: &[u8]) -> Result<Self, WebhookError> {
                match name {
                    #(#decode_arms)*
                    _ => Err(WebhookError::unknown_event(name)),
                }
            }

            /// The event's name in the API description.
            pub fn name(&self) -> &'static str {
                match self {
                    #(#name_arms)*
                }
            }
        }
    }
}

fn variant(writer: &TypeWriter<'_>, webhook: &Webhook) -> TokenStream {
    let variant = format_ident!("{}", webhook.variant);
    let delivery = match &webhook.url {
        Some(url) => format!("Sent as `{} {url}` (the `{}` callback).", webhook.method.as_str(), webhook.name),
        None => format!("Sent as a `{}` request for the `{}` webhook.", webhook.method.as_str(), webhook.name),
    };
    let docs = doc_parts(&[webhook.summary.as_deref(), webhook.description.as_deref(), Some(&delivery)], &delivery);
    match webhook.payload.as_ref().map(|content| payload_type(writer, content)) {
        Some(ty) => quote! { #docs #variant(#ty), },
        None => quote! { #docs #variant, },
    }
}

pub(super) fn payload_type(writer: &TypeWriter<'_>, content: &Content) -> TokenStream {
    match content {
        Content::Json(ty) => writer.rust(ty),
        // Form-encoded and multipart events are handed over as they came.
        Content::Form(_) | Content::Multipart(_) | Content::Text { .. } => quote! { String },
        Content::Bytes { .. } => quote! { bytes::Bytes },
    }
}

fn decode_arm(webhook: &Webhook, names: &[&str]) -> TokenStream {
    let variant = format_ident!("{}", webhook.variant);
    let name = &webhook.name;
    let decode = match &webhook.payload {
        Some(Content::Json(_)) => quote! { crate::runtime::decode_event_json(#name, body).map(Self::#variant) },
        Some(Content::Bytes { .. }) => quote! { Ok(Self::#variant(bytes::Bytes::copy_from_slice(body))) },
        Some(_) => quote! { crate::runtime::decode_event_text(#name, body).map(Self::#variant) },
        None => quote! { Ok(Self::#variant) },
    };
    quote! { #(#names)|* => #decode, }
}
