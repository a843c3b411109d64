//! Whether a pagination fits its operation: every field it names exists with the kind the
//! generated code reads, and every parameter it sets is an optional query parameter of the
//! kind it sends (or a request-body field the generated code can set). Detected and
//! explicit pagination both pass here, so the emitter can rely on what it reads.

use super::shape::{at_path, element, fields, is_nullable, is_scalar, Scalar};
use crate::ir::{Content, Operation, Pagination, PaginationStyle, ParamLocation, TypeDef, TypeRef};

/// The type of the one JSON success body a paginated operation must have.
pub(super) fn list_body(op: &Operation) -> Option<&TypeRef> {
    if op.names.response.is_some() {
        return None;
    }
    match op.success.first()?.content.as_ref()? {
        Content::Json(ty) => Some(ty),
        _ => None,
    }
}

/// Checks `pagination` against `op`; the error says what does not fit.
pub(super) fn check(types: &[TypeDef], op: &Operation, pagination: &Pagination) -> Result<(), String> {
    let body = list_body(op).ok_or("the operation needs exactly one JSON success response to be paginated")?;
    let items = at_path(types, body, &pagination.items).ok_or_else(|| missing("items", &pagination.items))?;
    let item = element(types, items).ok_or_else(|| format!("`items` ({}) is not an array", shown(&pagination.items)))?;
    let field = |key: &str, path: &[String], scalar: Scalar| -> Result<(), String> {
        let ty = at_path(types, body, path).ok_or_else(|| missing(key, path))?;
        if is_scalar(types, ty, scalar) { Ok(()) } else { Err(format!("`{key}` ({}) is not {}", shown(path), kind(scalar))) }
    };
    let optional = |key: &str, path: &Option<Vec<String>>, scalar: Scalar| path.as_ref().map_or(Ok(()), |p| field(key, p, scalar));
    match &pagination.style {
        PaginationStyle::Cursor { param, next_cursor, has_more } => {
            query_param(types, op, param, Scalar::String)?;
            field("next_cursor", next_cursor, Scalar::String)?;
            optional("has_more", has_more, Scalar::Boolean)
        }
        PaginationStyle::BodyCursor { field: body_field, next_cursor, has_more } => {
            settable_body_field(types, op, body_field)?;
            field("next_cursor", next_cursor, Scalar::String)?;
            optional("has_more", has_more, Scalar::Boolean)
        }
        PaginationStyle::LastItem { param, item_field, has_more } => {
            query_param(types, op, param, Scalar::String)?;
            match at_path(types, item, item_field) {
                Some(ty) if is_scalar(types, ty, Scalar::String) => {}
                Some(_) => return Err(format!("`item_field` ({}) is not a string", shown(item_field))),
                None if fields(types, item).is_none() => return Err("the items are not objects, so `item_field` cannot name one of their fields".to_owned()),
                None => return Err(missing("item_field", item_field)),
            }
            optional("has_more", has_more, Scalar::Boolean)
        }
        PaginationStyle::Offset { param, has_more, total } => {
            query_param(types, op, param, Scalar::Integer)?;
            optional("has_more", has_more, Scalar::Boolean)?;
            optional("total", total, Scalar::Integer)
        }
        PaginationStyle::PageNumber { param, has_more, total_pages, current_page, .. } => {
            query_param(types, op, param, Scalar::Integer)?;
            optional("has_more", has_more, Scalar::Boolean)?;
            optional("total_pages", total_pages, Scalar::Integer)?;
            optional("current_page", current_page, Scalar::Integer)
        }
        PaginationStyle::NextUrl { next_url } => field("next_url", next_url, Scalar::String),
        PaginationStyle::LinkHeader => Ok(()),
    }
}

fn query_param(types: &[TypeDef], op: &Operation, name: &str, scalar: Scalar) -> Result<(), String> {
    let param = op
        .parameters
        .iter()
        .find(|p| p.name == name && p.location == ParamLocation::Query)
        .ok_or_else(|| format!("the operation has no query parameter `{name}`"))?;
    if param.required {
        return Err(format!("the query parameter `{name}` is required; pagination sets it, so it must be optional"));
    }
    if !is_scalar(types, &param.ty, scalar) {
        return Err(format!("the query parameter `{name}` is not {}", kind(scalar)));
    }
    Ok(())
}

/// Whether the cursor can be written into a copy of the JSON request body at `path`: every
/// step a field, none of them nullable, the last an optional or required string, and every
/// object that may be absent on the way (the body too, when it is optional) one with only
/// optional fields, so that an empty one can be made.
fn settable_body_field(types: &[TypeDef], op: &Operation, path: &[String]) -> Result<(), String> {
    let shown_path = shown(path);
    let body = op.body.as_ref().ok_or("the operation has no request body to send the cursor in")?;
    let Content::Json(body_type) = &body.content else { return Err("the request body is not JSON, so the cursor cannot be set in it".to_owned()) };
    let mut ty = body_type;
    let can_be_made = |ty: &TypeRef| fields(types, ty).is_some_and(|fields| fields.iter().all(|f| !f.required));
    if is_nullable(types, ty) || (!body.required && !can_be_made(ty)) {
        return Err("the request body may be null or absent and cannot be made empty, so the cursor cannot be set in it".to_owned());
    }
    for (depth, name) in path.iter().enumerate() {
        let field = fields(types, ty)
            .and_then(|fields| fields.iter().find(|f| &f.name == name))
            .ok_or_else(|| format!("the request body has no field `{}`", path[..=depth].join(".")))?;
        if is_nullable(types, &field.ty) {
            return Err(format!("the request body's `{}` may be null", path[..=depth].join(".")));
        }
        ty = &field.ty;
        let last = depth + 1 == path.len();
        if !last && !field.required && !can_be_made(ty) {
            return Err(format!("the request body's `{}` may be absent and cannot be made empty", path[..=depth].join(".")));
        }
    }
    if path.is_empty() || !is_scalar(types, ty, Scalar::String) {
        return Err(format!("the request body's `{shown_path}` is not a string"));
    }
    Ok(())
}

fn missing(key: &str, path: &[String]) -> String {
    format!("`{key}` names `{}`, which the response does not have", shown(path))
}

fn shown(path: &[String]) -> String {
    if path.is_empty() { "the response body itself".to_owned() } else { path.join(".") }
}

fn kind(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String => "a string",
        Scalar::Boolean => "a boolean",
        Scalar::Integer => "an integer",
    }
}
