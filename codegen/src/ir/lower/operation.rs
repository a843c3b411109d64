//! Paths and operations: parameters, bodies, responses and security, all resolved.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Parameter as OaParameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr,
    RequestBody as OaRequestBody, Response as OaResponse, Schema, SecurityRequirement, StatusCode,
};

use super::names::{snake_name, type_name};
use super::pagination::PagingHints;
use super::refs::SchemaSource;
use super::Lowerer;
use crate::error::{Error, Result};
use crate::ir::{
    Content, Framing, ItemStream, Method, Operation, OperationNames, ParamLocation, ParamStyle, Parameter, Primitive,
    RequestBody, Response, StatusMatch, TypeRef,
};
use crate::pointer::Pointer;

impl Lowerer<'_> {
    /// Every operation, with what the document says about its paging.
    pub(super) fn operations(&mut self) -> Result<Vec<(Operation, PagingHints)>> {
        let mut operations = Vec::new();
        let paths = Pointer::root().push("paths");
        let doc = self.doc;
        for (key, item) in doc.path_items() {
            let at = paths.push(key);
            let (item, item_at) = self.resolve(&item, &at)?;
            let item: &PathItem = &item;
            for (method, op) in item.iter() {
                let op_at = item_at.push(method);
                let operation = self.operation(key, method, op, &item.parameters, &op_at)?;
                operations.push((operation, self.paging_hints(op, &item.parameters, &op_at)?));
            }
        }
        Ok(operations)
    }

    /// `key` is the path as written under `paths`, which may carry a query of its own.
    fn operation(
        &mut self,
        key: &str,
        method: &str,
        op: &openapiv3::Operation,
        shared_parameters: &[ReferenceOr<OaParameter>],
        at: &Pointer,
    ) -> Result<Operation> {
        let (path, fixed_query) = split_query(key);
        let path = path.as_str();
        let id = op.operation_id.clone().unwrap_or_else(|| derived_operation_id(method, key));
        let base = type_name(&id);
        let method_name = self.method_names.unique(&snake_name(&id));
        let parameters = self.parameters(key, path, shared_parameters, &op.parameters, &base, at)?;
        let body = match &op.request_body {
            Some(body) => Some(self.request_body(body, &base, &at.push("requestBody"))?),
            None => None,
        };
        let (success, errors) = self.responses(&op.responses, &base, &at.push("responses"))?;
        let security = security_alternatives(op.security.as_ref().or(self.doc.api.security.as_ref()));
        let names = OperationNames {
            params: parameters
                .iter()
                .any(|p| !p.required)
                .then(|| self.type_names.unique(&format!("{base}Params"))),
            error: self.type_names.unique(&format!("{base}Error")),
            response: success
                .iter()
                .any(|r| r.content != success[0].content)
                .then(|| self.type_names.unique(&format!("{base}Response"))),
        };
        Ok(Operation {
            id,
            method_name,
            method: parse_method(method),
            path: path.to_owned(),
            fixed_query,
            pointer: at.to_string(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            parameters,
            body,
            success,
            errors,
            security,
            names,
            // Set once every type is known (see `pagination::paginate`).
            pagination: None,
            page_methods: None,
            // Named once every operation has its own name (see `streaming::plan`).
            streaming: None,
        })
    }

    /// Path-level parameters overridden by operation-level ones; path parameters come first,
    /// in template order, and a template variable nobody declared becomes a string.
    fn parameters(
        &mut self,
        key: &str,
        path: &str,
        shared: &[ReferenceOr<OaParameter>],
        own: &[ReferenceOr<OaParameter>],
        base: &str,
        at: &Pointer,
    ) -> Result<Vec<Parameter>> {
        let mut declared: IndexMap<(String, &'static str), (OaParameter, Pointer)> = IndexMap::new();
        let path_item_at = Pointer::root().push("paths").push(key).push("parameters");
        let sources = shared.iter().enumerate().map(|(i, p)| (p, path_item_at.push(i.to_string())));
        let sources = sources.chain(own.iter().enumerate().map(|(i, p)| (p, at.push("parameters").push(i.to_string()))));
        for (parameter, p_at) in sources {
            let (parameter, p_at) = self.resolve(parameter, &p_at)?;
            let data = parameter.parameter_data_ref();
            declared.insert((data.name.clone(), location_name(&parameter)), (parameter.into_owned(), p_at));
        }
        let mut lowered = Vec::with_capacity(declared.len());
        for variable in template_variables(path) {
            match declared.shift_remove(&(variable.clone(), "path")) {
                Some((p, p_at)) => lowered.push(self.parameter(&p, base, &p_at)?),
                None => lowered.push(undeclared_path_parameter(variable)),
            }
        }
        for ((_, location), (p, p_at)) in declared {
            if location != "path" {
                lowered.push(self.parameter(&p, base, &p_at)?);
            }
        }
        Ok(lowered)
    }

    fn parameter(&mut self, parameter: &OaParameter, base: &str, at: &Pointer) -> Result<Parameter> {
        let data = parameter.parameter_data_ref();
        let hint = format!("{base}{}", type_name(&data.name));
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.type_of(SchemaSource::of(schema), &hint, &at.push("schema"))?,
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media_type, MediaType { schema: Some(schema), .. })) => {
                    let schema_at = at.push("content").push(media_type).push("schema");
                    self.type_of(SchemaSource::of(schema), &hint, &schema_at)?
                }
                _ => TypeRef::Primitive(Primitive::String),
            },
        };
        let (location, style) = location_and_style(parameter);
        Ok(Parameter {
            name: data.name.clone(),
            location,
            required: data.required || location == ParamLocation::Path,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            ty,
            style,
            explode: data.explode.unwrap_or(style == ParamStyle::Form),
            example: parameter_example(data),
        })
    }

    pub(super) fn request_body(&mut self, body: &ReferenceOr<OaRequestBody>, base: &str, at: &Pointer) -> Result<RequestBody> {
        let (body, at) = self.resolve(body, at)?;
        let content_at = at.push("content");
        let bodies = self.bodies(&body.content, &format!("{base}Body"), &content_at)?;
        // A request streamed in some framing of items is, to the client, bytes it uploads.
        let content = match (bodies.whole, bodies.stream) {
            (Some(content), _) => content,
            (None, Some(stream)) => Content::Bytes { media_type: stream.media_type },
            (None, None) => Content::Bytes { media_type: "application/octet-stream".to_owned() },
        };
        let part_content_types = match &content {
            Content::Multipart(_) => part_content_types(&body.content),
            _ => Vec::new(),
        };
        Ok(RequestBody { required: body.required, description: body.description.clone(), content, part_content_types })
    }

    /// Declared responses, split into success (2XX) and error; with no 2XX declared,
    /// `default` describes success.
    fn responses(&mut self, responses: &openapiv3::Responses, base: &str, at: &Pointer) -> Result<(Vec<Response>, Vec<Response>)> {
        let success_count = responses.responses.keys().filter(|s| is_success(s)).count();
        let mut success = Vec::new();
        let mut errors = Vec::new();
        for (status, response) in &responses.responses {
            let status_match = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(n) => StatusMatch::Range(*n),
            };
            let hint = if is_success(status) && success_count == 1 {
                format!("{base}Response")
            } else {
                format!("{base}{status}Response")
            };
            let lowered = self.response(response, status_match, &hint, &at.push(status.to_string()))?;
            if is_success(status) { success.push(lowered) } else { errors.push(lowered) }
        }
        if let Some(default) = &responses.default {
            let hint = if success.is_empty() { format!("{base}Response") } else { format!("{base}DefaultResponse") };
            let lowered = self.response(default, StatusMatch::Default, &hint, &at.push("default"))?;
            if success.is_empty() { success.push(lowered) } else { errors.push(lowered) }
        }
        Ok((success, errors))
    }

    fn response(&mut self, response: &ReferenceOr<OaResponse>, status: StatusMatch, hint: &str, at: &Pointer) -> Result<Response> {
        let (response, at) = self.resolve(response, at)?;
        let bodies = self.bodies(&response.content, hint, &at.push("content"))?;
        Ok(Response { status, description: response.description.clone(), content: bodies.whole, stream: bodies.stream })
    }

    /// The body read whole (one media type: JSON first, then form, multipart, text, and
    /// bytes for the rest) and the body as a stream of items, from the media types offered.
    fn bodies(&mut self, content: &IndexMap<String, MediaType>, hint: &str, at: &Pointer) -> Result<Bodies> {
        let kinds: Vec<(&String, &MediaType, MediaKind)> = content
            .iter()
            .map(|(name, media)| (name, media, media_kind(name, self.is_binary_schema(media))))
            .collect();
        let whole = kinds.iter().filter(|(.., kind)| !matches!(kind, MediaKind::Stream(_))).min_by_key(|(.., kind)| *kind);
        let stream = kinds.iter().find_map(|(name, media, kind)| match kind {
            MediaKind::Stream(framing) => Some((*name, *media, *framing)),
            _ => None,
        });
        let whole = match whole {
            Some((name, media, kind)) => Some(self.whole_body(name, media, *kind, hint, &at.push(name))?),
            None => None,
        };
        let stream = match stream {
            Some((name, media, framing)) => {
                let hint = if whole.is_some() { format!("{hint}Event") } else { hint.to_owned() };
                Some(self.item_stream(name, media, framing, &hint, &at.push(name))?)
            }
            None => None,
        };
        Ok(Bodies { whole, stream })
    }

    fn whole_body(&mut self, media_type: &str, media: &MediaType, kind: MediaKind, hint: &str, at: &Pointer) -> Result<Content> {
        let schema_type = |this: &mut Self| -> Result<TypeRef> {
            match &media.schema {
                Some(schema) => this.type_of(SchemaSource::of(schema), hint, &at.push("schema")),
                None => Ok(TypeRef::Any),
            }
        };
        Ok(match kind {
            MediaKind::Json => Content::Json(schema_type(self)?),
            MediaKind::Form => Content::Form(schema_type(self)?),
            MediaKind::Multipart => Content::Multipart(schema_type(self)?),
            MediaKind::Text => Content::Text { media_type: media_type.to_owned() },
            MediaKind::Bytes | MediaKind::Stream(_) => Content::Bytes { media_type: media_type.to_owned() },
        })
    }

    /// The type of one item: from `schema`, or from 3.2's `itemSchema`, which the typed
    /// model does not carry and is read from the raw tree.
    fn item_stream(&mut self, media_type: &str, media: &MediaType, framing: Framing, hint: &str, at: &Pointer) -> Result<ItemStream> {
        let item = match &media.schema {
            Some(schema) => self.type_of(SchemaSource::of(schema), hint, &at.push("schema"))?,
            None => {
                let item_at = event_data_schema(&self.doc.raw, at.push("itemSchema"), framing);
                match item_at.resolve(&self.doc.raw) {
                    Some(raw) => {
                        let schema: ReferenceOr<Schema> = serde::Deserialize::deserialize(raw)
                            .map_err(|e| Error::at(item_at.to_string(), format!("not a valid schema: {e}")))?;
                        self.type_of(SchemaSource::of(&schema), hint, &item_at)?
                    }
                    None => TypeRef::Any,
                }
            }
        };
        Ok(ItemStream { media_type: media_type.to_owned(), framing, item, error_variant: None })
    }

    /// Whether a media type's schema is `type: string, format: binary`.
    fn is_binary_schema(&self, media: &MediaType) -> bool {
        let Some(schema) = &media.schema else { return false };
        // A reference that does not resolve is reported where the schema itself is lowered.
        let Ok((schema, _)) = self.resolve(schema, &Pointer::root()) else { return false };
        matches!(
            &schema.schema_kind,
            openapiv3::SchemaKind::Type(openapiv3::Type::String(s))
                if s.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
        )
    }
}

/// Where the schema of one item's data is, given 3.2's `itemSchema` at `item_at`. For an event
/// stream, `itemSchema` may describe the whole event (`event`, `data`, `id`, `retry`); then
/// the item is its `data`, as the `contentSchema` of JSON data says, or as `data` itself.
fn event_data_schema(raw: &serde_json::Value, item_at: Pointer, framing: Framing) -> Pointer {
    if framing != Framing::Events {
        return item_at;
    }
    let data_at = item_at.push("properties").push("data");
    match data_at.resolve(raw) {
        Some(data) if data.get("contentSchema").is_some() => data_at.push("contentSchema"),
        Some(_) => data_at,
        None => item_at,
    }
}

/// The bodies a response or request offers.
struct Bodies {
    whole: Option<Content>,
    stream: Option<ItemStream>,
}

/// What a media type is, in order of preference for a body read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
    Stream(Framing),
}

fn media_kind(media_type: &str, binary_schema: bool) -> MediaKind {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    match (kind, subtype) {
        ("text", "event-stream") => MediaKind::Stream(Framing::Events),
        ("application", "jsonl" | "x-jsonl" | "x-ndjson" | "ndjson" | "jsonlines" | "x-jsonlines") => MediaKind::Stream(Framing::Lines),
        ("application", "json-seq") => MediaKind::Stream(Framing::Sequence),
        _ if binary_schema => MediaKind::Bytes,
        ("audio" | "image" | "video", _) | ("application", "octet-stream" | "pdf") => MediaKind::Bytes,
        ("application" | "text", "json") => MediaKind::Json,
        (_, subtype) if subtype.ends_with("+json") => MediaKind::Json,
        ("application", "x-www-form-urlencoded") => MediaKind::Form,
        ("multipart", "form-data") => MediaKind::Multipart,
        ("text", _) => MediaKind::Text,
        _ => MediaKind::Bytes,
    }
}

/// `encoding.<property>.contentType` of a multipart media type.
fn part_content_types(content: &IndexMap<String, MediaType>) -> Vec<(String, String)> {
    let Some(media) = content.iter().find(|(name, _)| media_kind(name, false) == MediaKind::Multipart).map(|(_, m)| m) else {
        return Vec::new();
    };
    media
        .encoding
        .iter()
        .filter_map(|(property, encoding)| {
            let first = encoding.content_type.as_deref()?.split(',').next()?.trim();
            (!first.is_empty()).then(|| (property.clone(), first.to_owned()))
        })
        .collect()
}


fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(n) => *n == 2,
    }
}

fn security_alternatives(requirements: Option<&Vec<SecurityRequirement>>) -> Vec<Vec<String>> {
    requirements
        .map(|alternatives| alternatives.iter().map(|r| r.keys().cloned().collect()).collect())
        .unwrap_or_default()
}

pub(super) fn parse_method(method: &str) -> Method {
    match method {
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => Method::Get,
    }
}

/// `GET /pets/{id}/toys` becomes `get_pets_by_id_toys`.
fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(variable) => {
                id.push_str("by_");
                id.push_str(variable);
            }
            None => id.push_str(segment),
        }
    }
    snake_name(&id)
}

/// `/responses?beta=true` is the path `/responses` with `beta=true` always sent.
fn split_query(key: &str) -> (String, Vec<(String, String)>) {
    let Some((path, query)) = key.split_once('?') else { return (key.to_owned(), Vec::new()) };
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (crate::pointer::percent_decode(name), crate::pointer::percent_decode(value))
        })
        .collect();
    (path.to_owned(), pairs)
}

/// `{name}` placeholders of a path template, in order.
pub(super) fn template_variables(template: &str) -> Vec<String> {
    let mut variables = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        let name = &rest[start + 1..start + len];
        if !variables.iter().any(|v| v == name) {
            variables.push(name.to_owned());
        }
        rest = &rest[start + len + 1..];
    }
    variables
}

fn undeclared_path_parameter(name: String) -> Parameter {
    Parameter {
        name,
        location: ParamLocation::Path,
        required: true,
        description: None,
        deprecated: false,
        ty: TypeRef::Primitive(Primitive::String),
        style: ParamStyle::Simple,
        explode: false,
        example: None,
    }
}

/// The value the spec gives as an example of a parameter, where it gives one inline.
fn parameter_example(data: &openapiv3::ParameterData) -> Option<serde_json::Value> {
    let own = data.example.clone().or_else(|| {
        data.examples.values().find_map(|example| match example {
            ReferenceOr::Item(example) => example.value.clone(),
            ReferenceOr::Reference { .. } => None,
        })
    });
    own.or_else(|| match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
            schema.schema_data.example.clone().or_else(|| schema.schema_data.default.clone())
        }
        _ => None,
    })
}

fn location_name(parameter: &OaParameter) -> &'static str {
    match parameter {
        OaParameter::Query { .. } => "query",
        OaParameter::Header { .. } => "header",
        OaParameter::Path { .. } => "path",
        OaParameter::Cookie { .. } => "cookie",
    }
}

fn location_and_style(parameter: &OaParameter) -> (ParamLocation, ParamStyle) {
    match parameter {
        OaParameter::Query { style, .. } => (
            ParamLocation::Query,
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
        ),
        OaParameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
        OaParameter::Path { .. } => (ParamLocation::Path, ParamStyle::Simple),
        OaParameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_ids_from_method_and_path() {
        assert_eq!(derived_operation_id("get", "/pets/{petId}/toys"), "get_pets_by_pet_id_toys");
        assert_eq!(derived_operation_id("post", "/"), "post");
    }

    #[test]
    fn a_query_in_the_path_key_is_sent_with_the_operation() {
        assert_eq!(split_query("/responses?beta=true&x=%2F"), ("/responses".to_owned(), vec![("beta".to_owned(), "true".to_owned()), ("x".to_owned(), "/".to_owned())]));
        assert_eq!(split_query("/a"), ("/a".to_owned(), vec![]));
    }

    #[test]
    fn finds_template_variables_in_order() {
        assert_eq!(template_variables("/a/{x}/b/{y}.{x}"), ["x", "y"]);
    }

    #[test]
    fn ranks_json_first() {
        assert!(media_kind("application/problem+json", false) < media_kind("text/plain", false));
        assert_eq!(media_kind("application/json; charset=utf-8", false), MediaKind::Json);
        assert!(media_kind("application/octet-stream", false) > media_kind("multipart/form-data", false));
    }

    #[test]
    fn knows_streams_and_binary_types() {
        assert_eq!(media_kind("text/event-stream", false), MediaKind::Stream(Framing::Events));
        assert_eq!(media_kind("application/x-ndjson", false), MediaKind::Stream(Framing::Lines));
        assert_eq!(media_kind("application/jsonl", false), MediaKind::Stream(Framing::Lines));
        assert_eq!(media_kind("application/json-seq", false), MediaKind::Stream(Framing::Sequence));
        for binary in ["audio/mpeg", "image/png", "video/mp4", "application/pdf", "application/octet-stream"] {
            assert_eq!(media_kind(binary, false), MediaKind::Bytes, "{binary}");
        }
        assert_eq!(media_kind("text/plain", true), MediaKind::Bytes, "a binary schema makes text bytes");
        assert_eq!(media_kind("text/csv", false), MediaKind::Text);
    }
}
