//! Support code shared by the generated client: the HTTP client, retries,
//! authentication, parameter encoding and error types.
//!
//! This module is copied verbatim into every generated crate; the generated
//! operation methods are thin layers over it.

pub mod auth;
pub mod client;
pub mod encoding;
pub mod error;
mod json_path;
mod link_header;
mod multipart;
mod next_url;
pub mod nullable;
pub mod pagination;
pub mod request;
pub mod retry;
pub mod secret;
mod send;
pub mod server;
pub mod tagged;

pub use auth::{ApiKeyLocation, Credential};
pub use client::{Client, ClientBuilder};
pub use encoding::ParamStyle;
pub use error::{
    ApiError, DecodeError, Error, InvalidRequest, TimeoutError, TransportError, UnexpectedStatus,
};
pub use nullable::Nullable;
pub use pagination::{ItemStream, Page, PageStream};
pub use request::{OperationRequest, Response};
pub use retry::RetryPolicy;
pub use secret::Secret;

#[doc(hidden)]
pub use encoding::{encode_path_segment, header_param, path_param};
#[doc(hidden)]
pub use pagination::{PageAt, PageSignals, Paging, items, paginate};
#[doc(hidden)]
pub use request::{OperationInfo, RawResponse, RequestParts};
#[doc(hidden)]
pub use server::{check_host, check_path_variable};
#[doc(hidden)]
pub use tagged::{from_tagged, serialize_tagged};
