//! Support code shared by the generated client: the HTTP client, retries,
//! authentication, hooks, parameter encoding, streamed bodies and error types.
//!
//! This module is copied verbatim into every generated crate; the generated
//! operation methods are thin layers over it.

pub mod auth;
mod body;
pub mod client;
mod constant;
pub mod encoding;
pub mod error;
mod framing;
pub mod hooks;
mod json_path;
mod link_header;
#[cfg(feature = "mock")]
pub mod mock;
mod multipart;
mod next_url;
pub mod nullable;
mod object;
pub mod pagination;
mod path;
pub mod request;
pub mod retry;
pub mod secret;
mod send;
pub mod server;
mod streaming;
pub mod tagged;
mod webhook;

pub use body::Upload;
pub use auth::{
    ApiKeyLocation, Credential, CredentialKind, TokenFuture, TokenProvider, TokenRequest,
};
pub use client::{Client, ClientBuilder};
pub use encoding::ParamStyle;
pub use error::{
    ApiError, CredentialError, DecodeError, Error, HookError, InvalidRequest, TimeoutError,
    TransportError, UnexpectedStatus,
};
pub use hooks::{Attempt, AttemptOutcome, BoxError, Hook, HookFuture, OutgoingRequest};
pub use nullable::Nullable;
pub use pagination::{EachItem, EachPage, ItemStream, Page, PageStream, Paginated};
pub use request::{OperationRequest, Response};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use streaming::{ByteStream, EventStream, StreamRequest};
pub use webhook::WebhookError;

#[doc(hidden)]
pub use object::{FromProperties, Key, ObjectVisitor, required};
pub use body::Uploads;
#[doc(hidden)]
pub use framing::Framing;
#[doc(hidden)]
pub use multipart::Form;
#[doc(hidden)]
pub use streaming::{json_item, text_item, ItemError, StreamDecoding};
#[doc(hidden)]
pub use constant::{expect_json, expect_str, serialize_json_text};
#[doc(hidden)]
pub use encoding::{encode_path_segment, header_param, path_param};
#[doc(hidden)]
pub use pagination::{PageAt, PageSignals, Paging, items, paginate};
#[doc(hidden)]
pub use request::{OperationInfo, OptionalParameters, RawResponse, RequestParts};
#[doc(hidden)]
pub use server::{check_host, check_path_variable};
#[doc(hidden)]
pub use tagged::{from_tagged, serialize_tagged};
#[doc(hidden)]
pub use webhook::{decode_event_json, decode_event_text};
