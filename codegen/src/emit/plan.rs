//! What each operation's methods need, worked out once per operation: its parameters with
//! their Rust names and passing, its body, its success and error responses with their variant
//! names, its page-following and streaming methods. Plain data, no tokens: the writers of
//! the operations, pagination, streaming and mock modules each read a plan and nothing else
//! about the operation's shape.

use crate::ir::{
    Api, Content, ErrorVariant, ItemStream, Operation, PageMethods, Pagination, ParamLocation, Parameter, Primitive,
    RequestBody, Response, TypeId, TypeKind, TypeRef,
};

use super::idents::{snake_names, unique_names};

/// How a required parameter is passed to its method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passing {
    /// `&str`.
    Str,
    /// By value: numbers and booleans.
    Copy,
    /// `&T`.
    Ref,
}

/// A parameter with its Rust name and how it is passed.
#[derive(Clone, Debug)]
pub struct ParamPlan<'a> {
    /// The parameter as the IR has it.
    pub param: &'a Parameter,
    /// Its argument (if required) or field (if optional) name, unique within the method.
    pub rust_name: String,
    /// How the method takes it, if it is required.
    pub passing: Passing,
}

/// Names no parameter takes: the body argument, the generated code's own locals, and the
/// methods every request has, beside which the optional parameters' setters stand.
const RESERVED_NAMES: &[&str] = &[
    "body", "params", "self", "client", "new", "send", "send_with_response", "bytes_stream", "into_future",
    "timeout", "idle_timeout", "header", "retry_policy", "retry_non_idempotent", "hook", "last_event_id", "items",
];

/// The Rust names and passing of an operation's parameters, in the IR's order.
pub fn param_plans<'a>(api: &Api, op: &'a Operation) -> Vec<ParamPlan<'a>> {
    let names = snake_names(op.parameters.iter().map(|p| p.name.as_str()), RESERVED_NAMES);
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

/// What an optional parameter's setter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetterInput {
    /// `impl Into<T>`: text, so a `&str` does.
    Into,
    /// The value's type itself.
    Value,
}

impl ParamPlan<'_> {
    /// What the parameter's setter takes, when it is optional.
    pub fn setter_input(&self, api: &Api) -> SetterInput {
        let ty = match &self.param.ty {
            TypeRef::Nullable(inner) => inner,
            ty => ty,
        };
        match resolve_alias(api, ty) {
            TypeRef::Primitive(Primitive::String | Primitive::Secret) => SetterInput::Into,
            _ => SetterInput::Value,
        }
    }
}

/// A declared response with the name of its variant in the operation's enum.
#[derive(Clone, Debug)]
pub struct ResponsePlan<'a> {
    /// Unique within its enum, from the status.
    pub variant: String,
    /// The response.
    pub response: &'a Response,
}

/// What the buffered method returns on success.
#[derive(Clone, Copy, Debug)]
pub enum Success<'a> {
    /// The operation's own enum of success responses, named so.
    Enum(&'a str),
    /// The first success response's body, or `()` for none.
    Body(Option<&'a Content>),
}

/// The page-following methods of a paginated list operation.
#[derive(Clone, Debug)]
pub struct PagePlan<'a> {
    /// Where the items are and how the next page is found.
    pub pagination: &'a Pagination,
    /// `_stream` and `_pages`.
    pub names: &'a PageMethods,
    /// The JSON type of one page.
    pub page: &'a TypeRef,
}

/// The method that streams the success body.
#[derive(Clone, Debug)]
pub struct StreamPlan<'a> {
    /// Its name.
    pub method_name: &'a str,
    /// The stream of the first success response that has one.
    pub stream: &'a ItemStream,
    /// The body property set to `true` to ask for the stream.
    pub body_flag: Option<&'a str>,
    /// Every success response with this same stream; the rest is read whole as an error.
    pub accepted: Vec<&'a Response>,
}

/// The stream's error event, a variant of the operation's error enum.
#[derive(Clone, Debug)]
pub struct ErrorEventPlan<'a> {
    /// The variant in the operation's error enum.
    pub variant: String,
    /// The item union that has the error member.
    pub union: TypeId,
    /// The union's error member.
    pub member: &'a ErrorVariant,
    /// The streaming method, for docs.
    pub method_name: &'a str,
}

/// Everything an operation's methods need.
#[derive(Clone, Debug)]
pub struct OperationPlan<'a> {
    /// The operation, for its facts (method, path, docs, security).
    pub op: &'a Operation,
    /// Every parameter, in the IR's order.
    pub params: Vec<ParamPlan<'a>>,
    /// The request body.
    pub body: Option<&'a RequestBody>,
    /// The struct that holds the optional parameters set on a request, when there are any.
    pub params_struct: Option<&'a str>,
    /// The name of the method that reads the body whole; `None` when the operation's
    /// success is only a stream.
    pub buffered_method: Option<&'a str>,
    /// What the buffered method returns.
    pub success: Success<'a>,
    /// The success responses, with variant names.
    pub success_responses: Vec<ResponsePlan<'a>>,
    /// The error enum's name.
    pub error_enum: &'a str,
    /// The declared error responses, with variant names.
    pub error_responses: Vec<ResponsePlan<'a>>,
    /// The stream's error event, when its items declare one.
    pub error_event: Option<ErrorEventPlan<'a>>,
    /// The page-following methods.
    pub pages: Option<PagePlan<'a>>,
    /// The streaming method.
    pub stream: Option<StreamPlan<'a>>,
}

impl<'a> OperationPlan<'a> {
    /// The plan of `op`.
    pub fn of(api: &'a Api, op: &'a Operation) -> Self {
        let buffered = op.streaming.as_ref().is_none_or(|s| s.buffered_method);
        let success = match &op.names.response {
            Some(name) => Success::Enum(name),
            None => Success::Body(op.success.first().and_then(|r| r.content.as_ref())),
        };
        let stream = stream_plan(op);
        OperationPlan {
            op,
            params: param_plans(api, op),
            body: op.body.as_ref(),
            params_struct: op.names.params.as_deref(),
            buffered_method: buffered.then_some(op.method_name.as_str()),
            success,
            success_responses: response_plans(&op.success),
            error_enum: &op.names.error,
            error_responses: response_plans(&op.errors),
            error_event: stream.as_ref().and_then(|s| error_event(api, op, s)),
            pages: page_plan(op),
            stream,
        }
    }

    /// The required parameters, in order: the method's first arguments.
    pub fn required(&self) -> impl Iterator<Item = &ParamPlan<'a>> {
        self.params.iter().filter(|p| p.param.required)
    }

    /// The optional parameters, in order.
    pub fn optional(&self) -> impl Iterator<Item = &ParamPlan<'a>> {
        self.params.iter().filter(|p| !p.param.required)
    }

    /// The optional parameter named `wire_name` on the wire.
    pub fn optional_named(&self, wire_name: &str) -> Option<&ParamPlan<'a>> {
        self.optional().find(|p| p.param.name == wire_name)
    }
}

/// Unique variant names for a list of responses, by status.
fn response_plans(responses: &[Response]) -> Vec<ResponsePlan<'_>> {
    let names = unique_names(responses.iter().map(|r| super::status::variant_name(r.status)), &[], "");
    names.into_iter().zip(responses).map(|(variant, response)| ResponsePlan { variant, response }).collect()
}

fn page_plan(op: &Operation) -> Option<PagePlan<'_>> {
    let (pagination, names) = (op.pagination.as_ref()?, op.page_methods.as_ref()?);
    let Some(Content::Json(page)) = op.success.first().and_then(|r| r.content.as_ref()) else { return None };
    Some(PagePlan { pagination, names, page })
}

fn stream_plan(op: &Operation) -> Option<StreamPlan<'_>> {
    let streaming = op.streaming.as_ref()?;
    let stream = op.success.iter().find_map(|r| r.stream.as_ref())?;
    Some(StreamPlan {
        method_name: &streaming.method_name,
        stream,
        body_flag: streaming.body_flag.as_deref(),
        accepted: op.success.iter().filter(|r| r.stream.as_ref() == Some(stream)).collect(),
    })
}

fn error_event<'a>(api: &Api, op: &'a Operation, stream: &StreamPlan<'a>) -> Option<ErrorEventPlan<'a>> {
    let member = stream.stream.error_variant.as_ref()?;
    let TypeRef::Named(union) = resolve_alias(api, &stream.stream.item) else { return None };
    let statuses = op.errors.iter().map(|r| super::status::variant_name(r.status));
    let names = unique_names(statuses.chain(["ErrorEvent".to_owned()]), &[], "");
    Some(ErrorEventPlan {
        variant: names.last().cloned().unwrap_or_else(|| "ErrorEvent".to_owned()),
        union: *union,
        member,
        method_name: stream.method_name,
    })
}
