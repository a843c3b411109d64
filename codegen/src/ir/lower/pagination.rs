//! Recognises cursor-paginated list operations from the shape of their parameters and response.
//!
//! A GET with a cursor query parameter whose JSON response holds one array of items and a
//! next-cursor string (at the root or one object down) is a list that can be followed page
//! by page. Names are matched from common conventions; a spec that names things otherwise
//! says so with an `x-pagination` extension on the operation (see the README).

use crate::ir::{Content, Field, Method, Operation, Pagination, ParamLocation, Primitive, TypeDef, TypeKind, TypeRef};

const CURSOR_PARAMETERS: &[&str] =
    &["cursor", "page_token", "pageToken", "next_token", "nextToken", "continuation_token", "continuationToken"];
const NEXT_CURSOR_FIELDS: &[&str] =
    &["next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token", "nextToken", "next_page", "continuation_token", "continuationToken"];
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next", "hasNext"];

/// Fills [`Operation::pagination`] for every operation that looks paginated and has none yet.
pub(super) fn detect(types: &[TypeDef], operations: &mut [Operation]) {
    for op in operations.iter_mut().filter(|op| op.pagination.is_none() && op.method == Method::Get) {
        op.pagination = detect_one(types, op);
    }
}

fn detect_one(types: &[TypeDef], op: &Operation) -> Option<Pagination> {
    let cursor = op.parameters.iter().find(|p| {
        p.location == ParamLocation::Query && !p.required && CURSOR_PARAMETERS.contains(&p.name.as_str()) && is_string(&p.ty)
    })?;
    let [response] = op.success.as_slice() else { return None };
    let Some(Content::Json(TypeRef::Named(root))) = &response.content else { return None };
    let root_fields = struct_fields(types, &TypeRef::Named(*root))?;
    let mut arrays = root_fields.iter().filter(|f| matches!(strip_nullable(&f.ty), TypeRef::Array(_)));
    let items = arrays.next()?;
    if arrays.next().is_some() {
        return None;
    }
    let (next_cursor, has_more) = find_cursor(types, root_fields, Vec::new())?;
    Some(Pagination {
        cursor_param: cursor.name.clone(),
        items: vec![items.name.clone()],
        next_cursor,
        has_more,
    })
}

/// The path to a next-cursor field, at the root or one object down, and a sibling flag.
fn find_cursor(types: &[TypeDef], fields: &[Field], prefix: Vec<String>) -> Option<(Vec<String>, Option<Vec<String>>)> {
    let path_to = |f: &Field| {
        let mut path = prefix.clone();
        path.push(f.name.clone());
        path
    };
    if let Some(next) = fields.iter().find(|f| NEXT_CURSOR_FIELDS.contains(&f.name.as_str()) && is_string(&f.ty)) {
        let has_more = fields
            .iter()
            .find(|f| HAS_MORE_FIELDS.contains(&f.name.as_str()) && matches!(f.ty, TypeRef::Primitive(Primitive::Boolean)) && f.required)
            .map(path_to);
        return Some((path_to(next), has_more));
    }
    if !prefix.is_empty() {
        return None;
    }
    fields.iter().filter(|f| f.required).find_map(|f| find_cursor(types, struct_fields(types, &f.ty)?, path_to(f)))
}

fn struct_fields<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t [Field]> {
    match ty {
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(s) => Some(&s.fields),
            TypeKind::Alias(target) => struct_fields(types, target),
            _ => None,
        },
        _ => None,
    }
}

fn strip_nullable(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Nullable(inner) => inner,
        other => other,
    }
}

fn is_string(ty: &TypeRef) -> bool {
    matches!(strip_nullable(ty), TypeRef::Primitive(Primitive::String))
}
