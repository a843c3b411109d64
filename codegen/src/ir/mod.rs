//! Stage 2: the intermediate representation, plain data that the emitter reads.
//!
//! Every `$ref` is resolved, every type has a unique name, and nothing here knows about
//! tokens or YAML. [`lower`] builds it from a loaded document; [`select()`] narrows it to
//! the operations a selection chooses and the types they reach.

pub mod construct;
mod lower;
pub mod select;

pub use construct::constructor_fields;
pub use lower::{Namespace, lower, snake_name, type_name};
pub use select::select;

/// Everything the emitter needs to write one client crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Where the API is served, in spec order.
    pub servers: Vec<Server>,
    /// Ways to authenticate, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Operations in path order, then method order.
    pub operations: Vec<Operation>,
    /// Named types; [`TypeRef::Named`] indexes into this list.
    pub types: Vec<TypeDef>,
    /// Requests the API sends to its users' servers (`webhooks` and operation `callbacks`).
    pub webhooks: Vec<Webhook>,
    /// What the load and the lowering read one way where the document broke a rule, in
    /// document order of the stage that found them.
    pub warnings: Vec<crate::error::Warning>,
}

impl Api {
    /// The definition a [`TypeRef::Named`] points at.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// Index of a named type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// A unique UpperCamelCase name, from the description where there is one.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// The URL with `{variable}` placeholders, trailing `/` removed.
    pub url: String,
    /// The variables that occur in `url`, in order of appearance.
    pub variables: Vec<ServerVariable>,
}

/// A `{variable}` of a server URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The name in the URL template.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// `default`.
    pub default: String,
    /// `enum`, without repeats, each with a unique variant name; empty when any value is allowed.
    pub values: Vec<EnumValue>,
    /// A UpperCamelCase name for the type of an enumerated variable.
    pub enum_name: Option<String>,
    /// Whether the variable stands in the authority (`host[:port]`) part of the URL.
    pub in_authority: bool,
}

/// An entry of `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key under `securitySchemes`.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// How a credential is sent.
    pub kind: SecurityKind,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>`; also OAuth 2 and OpenID Connect access tokens.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// A key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: ParamLocation,
        /// The header, parameter or cookie name.
        parameter: String,
    },
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// The method's name in upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation: a method on a path.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`, or a name made from the method and path when there is none.
    pub id: String,
    /// A unique snake_case name for the client method.
    pub method_name: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/v2/ai-integrations/{integration_id}`.
    pub path: String,
    /// Query parameters written into the path key itself (`/responses?beta=true`), sent with
    /// every call, decoded.
    pub fixed_query: Vec<(String, String)>,
    /// Where the operation is, for messages.
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `tags`, in spec order.
    pub tags: Vec<String>,
    /// Path-level and operation-level parameters, path parameters first, in template order.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// Responses with a 2XX status (or `default` when no 2XX is declared).
    pub success: Vec<Response>,
    /// All other declared responses.
    pub errors: Vec<Response>,
    /// Alternatives, each a set of scheme names that together authorize the call.
    pub security: Vec<Vec<String>>,
    /// Unique names for the types made for this operation.
    pub names: OperationNames,
    /// How to follow pages, when the operation is a paginated list.
    pub pagination: Option<Pagination>,
    /// The page-following methods; lowering sets them exactly when `pagination` is set.
    pub page_methods: Option<PageMethods>,
    /// The method that reads the success body as a stream, when a success response offers one.
    pub streaming: Option<Streaming>,
}

/// The method of an operation that returns its success body as a stream of items.
///
/// A success response that offers both a stream and a body read whole (OpenAI's chat
/// completions answer with JSON or, when the request says `"stream": true`, with server-sent
/// events) gives two methods: [`Operation::method_name`] reads the body whole and this one
/// streams. A response that is only a stream gives only this one, under the operation's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Streaming {
    /// A unique snake_case name: `<method_name>_stream`, allocated after every operation's
    /// own name; or [`Operation::method_name`] itself when there is no other method.
    pub method_name: String,
    /// Whether the operation also has its [`Operation::method_name`] method, which reads the
    /// body whole.
    pub buffered_method: bool,
    /// The boolean property of the JSON or multipart request body that asks for the stream
    /// (`stream`), which the streaming method sets to `true`.
    pub body_flag: Option<String>,
}

/// Type names belonging to one operation, allocated in the same namespace as schemas.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationNames {
    /// The struct that holds the optional parameters set on a request by their setters, when
    /// there are any; it only appears in the request's type, no caller builds one.
    pub params: Option<String>,
    /// The enum of declared error responses.
    pub error: String,
    /// The enum of success responses, when their bodies differ.
    pub response: Option<String>,
}

/// A request the API sends to a server of its user: a webhook or a callback.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The event's name: its key under `webhooks`, or the callback's name.
    pub name: String,
    /// The operation's `operationId`, which also names the event when there is one.
    pub operation_id: Option<String>,
    /// A unique UpperCamelCase name for the event's variant.
    pub variant: String,
    /// The method the API sends it with.
    pub method: Method,
    /// For callbacks, the URL expression the API calls (`{$request.body#/callbackUrl}`).
    pub url: Option<String>,
    /// For callbacks, the [`Operation::pointer`] of the operation that declares it.
    pub callback_of: Option<String>,
    /// `tags`, in spec order.
    pub tags: Vec<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The body the API sends, if any.
    pub payload: Option<Content>,
    /// Where the operation is, for messages.
    pub pointer: String,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How an array or object parameter is serialized (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    Simple,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The name on the wire.
    pub name: String,
    /// Where it is sent.
    pub location: ParamLocation,
    /// `required` (always true for path parameters).
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The value's type.
    pub ty: TypeRef,
    /// `style`, defaulted per location.
    pub style: ParamStyle,
    /// `explode`, defaulted per style.
    pub explode: bool,
    /// A value the spec gives for it: its `example`, its first `examples` entry, or its schema's
    /// `example` or `default`; for documentation.
    pub example: Option<serde_json::Value>,
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// `required`.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// The chosen media type and its content.
    pub content: Content,
    /// For a multipart body, the content type its `encoding` declares per property, by
    /// property name (the first one where a list is given).
    pub part_content_types: Vec<(String, String)>,
}

/// A body, by how it is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// JSON (`application/json` or any `+json` type).
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`.
    Form(TypeRef),
    /// `multipart/form-data`.
    Multipart(TypeRef),
    /// Any `text/*` type.
    Text {
        /// The media type.
        media_type: String,
    },
    /// Binary media types (`application/octet-stream`, `audio/*`, `image/*`, `video/*`,
    /// `application/pdf`, any type whose schema is `format: binary`) and anything else, as
    /// raw bytes, which can also be read as a stream of chunks and sent from a stream or file.
    Bytes {
        /// The media type.
        media_type: String,
    },
}

impl Content {
    /// The type of a body decoded by schema (JSON, form, multipart); `None` for text and bytes.
    pub fn schema_type(&self) -> Option<&TypeRef> {
        match self {
            Content::Json(ty) | Content::Form(ty) | Content::Multipart(ty) => Some(ty),
            Content::Text { .. } | Content::Bytes { .. } => None,
        }
    }
}

/// Which responses a [`Response`] covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `1XX` .. `5XX`: the hundreds digit.
    Range(u16),
    /// `default`: every status not otherwise declared.
    Default,
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// `description`.
    pub description: String,
    /// The body read whole, if the response declares one that is not only a stream: the
    /// first by preference (JSON, form, multipart, text, bytes) of the media types that are
    /// not streams.
    pub content: Option<Content>,
    /// The body as a stream of items, if the response offers one (`text/event-stream`,
    /// JSON Lines, JSON text sequences); kept beside [`Self::content`] when it offers both.
    pub stream: Option<ItemStream>,
}

/// A response body that arrives item by item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStream {
    /// The media type, e.g. `text/event-stream`.
    pub media_type: String,
    /// How the body is cut into items.
    pub framing: Framing,
    /// The type of one item: an event's `data`, a line, a record. From the media type's
    /// `schema` (OpenAPI 3.0 and 3.1 write the schema of one event there) or `itemSchema`
    /// (3.2); a string schema means an event's data is taken as text, not as JSON.
    pub item: TypeRef,
    /// The variant of the item union that is the API's error event, when the item is a
    /// tagged union with a member tagged `error`: such an item is an error, not an item.
    pub error_variant: Option<ErrorVariant>,
}

/// The member of an event union that reports an error.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    /// Its name among the union's [`Variant`]s.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
}

/// How a streamed body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Framing {
    /// `text/event-stream`: server-sent events, each item one event's `data`.
    Events,
    /// `application/jsonl`, `application/x-ndjson`: one JSON value per line.
    Lines,
    /// `application/json-seq` (RFC 7464): JSON texts each after an RS character.
    Sequence,
}

/// How a list operation is followed page by page: where a page keeps its items, and how
/// the next page is asked for. Filled by detection from the spec's shape or by an explicit
/// `x-rust-client-pagination` (or another tool's pagination extension) on the operation;
/// field paths are wire names from the response root.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Field names from the response root to the array of items; empty when the body is the array.
    pub items: Vec<String>,
    /// How the next page is found, and when the list ends.
    pub style: PaginationStyle,
}

/// The ways APIs page, each with the fields it reads.
#[derive(Debug, Clone, PartialEq)]
pub enum PaginationStyle {
    /// A response field holds the next page's cursor, sent back in a query parameter.
    Cursor {
        /// The optional string query parameter that takes the cursor.
        param: String,
        /// Field names from the response root to the next cursor.
        next_cursor: Vec<String>,
        /// Field names to a "more pages follow" flag, when there is one.
        has_more: Option<Vec<String>>,
    },
    /// A response field holds the next page's cursor, sent back in a field of the JSON
    /// request body (DataDog's search operations take it at `page.cursor`).
    BodyCursor {
        /// Field names from the request body's root to the string field that takes the
        /// cursor; the objects on the way that may be absent have only optional fields, so
        /// an absent one is made empty.
        field: Vec<String>,
        /// Field names from the response root to the next cursor.
        next_cursor: Vec<String>,
        /// Field names to a "more pages follow" flag, when there is one.
        has_more: Option<Vec<String>>,
    },
    /// A field of the last item is sent back in a query parameter, while a flag says more
    /// follow (Stripe: `starting_after` takes the last item's `id` while `has_more`).
    LastItem {
        /// The optional string query parameter that takes the field's value.
        param: String,
        /// Field names from an item to the value, e.g. `["id"]`.
        item_field: Vec<String>,
        /// Field names to a "more pages follow" flag, when there is one.
        has_more: Option<Vec<String>>,
    },
    /// A query parameter counts the items to skip; it advances by the number of items received.
    Offset {
        /// The optional integer query parameter.
        param: String,
        /// Field names to a "more pages follow" flag, when there is one.
        has_more: Option<Vec<String>>,
        /// Field names to the total number of items, when there is one.
        total: Option<Vec<String>>,
    },
    /// A query parameter numbers the pages; it advances by one.
    PageNumber {
        /// The optional integer query parameter.
        param: String,
        /// The number of the first page, sent when the caller leaves the parameter out.
        first: u64,
        /// Field names to a "more pages follow" flag, when there is one.
        has_more: Option<Vec<String>>,
        /// Field names to the total number of pages, when there is one.
        total_pages: Option<Vec<String>>,
        /// Field names to the number of the page itself, when the response echoes it: the
        /// next page is one after it, wherever the API counts from.
        current_page: Option<Vec<String>>,
    },
    /// A response field holds the next page's URL (absolute, or relative to the request's).
    NextUrl {
        /// Field names from the response root to the URL.
        next_url: Vec<String>,
    },
    /// The RFC 8288 `Link` response header holds the next page's URL, as `rel="next"`.
    LinkHeader,
}

impl PaginationStyle {
    /// The style's name as `x-rust-client-pagination` writes it.
    pub fn name(&self) -> &'static str {
        match self {
            PaginationStyle::Cursor { .. } => "cursor",
            PaginationStyle::BodyCursor { .. } => "body_cursor",
            PaginationStyle::LastItem { .. } => "last_item",
            PaginationStyle::Offset { .. } => "offset",
            PaginationStyle::PageNumber { .. } => "page_number",
            PaginationStyle::NextUrl { .. } => "next_url",
            PaginationStyle::LinkHeader => "link_header",
        }
    }

    /// The query parameter the style sets for each page, if it sets one.
    pub fn param(&self) -> Option<&str> {
        match self {
            PaginationStyle::Cursor { param, .. }
            | PaginationStyle::LastItem { param, .. }
            | PaginationStyle::Offset { param, .. }
            | PaginationStyle::PageNumber { param, .. } => Some(param),
            PaginationStyle::BodyCursor { .. } | PaginationStyle::NextUrl { .. } | PaginationStyle::LinkHeader => None,
        }
    }
}

/// The client methods made for a paginated operation, allocated after every operation's own.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMethods {
    /// `<operation>_stream`: every item of every page.
    pub stream: String,
    /// `<operation>_pages`: every page, with its items and response headers.
    pub pages: String,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A named type.
    Named(TypeId),
    /// A scalar.
    Primitive(Primitive),
    /// `type: array`.
    Array(Box<TypeRef>),
    /// An object with only `additionalProperties`: string keys to values.
    Map(Box<TypeRef>),
    /// `nullable: true`.
    Nullable(Box<TypeRef>),
    /// `prefixItems`: a fixed-length array whose elements each have their own type.
    Tuple(Vec<TypeRef>),
    /// Any JSON value.
    Any,
}

impl TypeRef {
    /// The types this one is built from directly.
    pub fn parts(&self) -> &[TypeRef] {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => std::slice::from_ref(inner),
            TypeRef::Tuple(items) => items,
            TypeRef::Named(_) | TypeRef::Primitive(_) | TypeRef::Any => &[],
        }
    }

    /// This type and every type it is built from, outermost first.
    pub fn walk(&self) -> Vec<&TypeRef> {
        let mut out = vec![self];
        let mut i = 0;
        while i < out.len() {
            let ty = out[i];
            out.extend(ty.parts());
            i += 1;
        }
        out
    }
}

/// Scalar types, by `type` and `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    String,
    /// `format: password`, or a `writeOnly` string: a secret.
    Secret,
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: binary`: file content, sent as a file part of a multipart body.
    Binary,
    Boolean,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// A unique UpperCamelCase name.
    pub name: String,
    /// `description` (or `title` when there is no description).
    pub description: Option<String>,
    /// Where the schema is, for messages and docs.
    pub pointer: String,
    /// `deprecated`.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enumeration.
    Enum(Vec<EnumValue>),
    /// An integer enumeration.
    IntegerEnum(Vec<i64>),
    /// `oneOf` / `anyOf`.
    Union(Union),
    /// Another name for a type (a component schema that is a scalar, array or reference).
    Alias(TypeRef),
    /// `const`: exactly one value is allowed.
    Const(serde_json::Value),
}

impl TypeKind {
    /// The types this definition refers to directly: fields, variants, alias targets.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(&s.additional).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            TypeKind::Enum(_) | TypeKind::IntegerEnum(_) | TypeKind::Const(_) => Vec::new(),
        }
    }
}

/// An object with known properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// The type of other properties, when `additionalProperties` allows them.
    pub additional: Option<TypeRef>,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub name: String,
    /// The property's type; `Nullable` when it may be `null`.
    pub ty: TypeRef,
    /// Listed in `required` (and not read- or write-only).
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `readOnly`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only.
    pub write_only: bool,
    /// `default`, as JSON.
    pub default: Option<serde_json::Value>,
    /// `example`, as JSON, for documentation.
    pub example: Option<serde_json::Value>,
}

/// One value of a string enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// A unique UpperCamelCase variant name.
    pub name: String,
}

/// `oneOf` or `anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// `discriminator.propertyName`, when the union is tagged.
    pub discriminator: Option<String>,
    /// The alternatives, in spec order.
    pub variants: Vec<Variant>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// A unique UpperCamelCase name.
    pub name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// Discriminator values that select this alternative (tagged unions only).
    pub tags: Vec<String>,
}
