//! Recognising paginated list operations from the shape of their parameters and response.
//!
//! A GET whose one JSON success body is a list (an array, or an object with exactly one
//! array field) and that takes a paging query parameter pages in the first of these ways
//! its shape shows: a next-cursor field, a next-URL field, a declared `Link` header, a
//! last-item cursor with a `has_more` flag, an offset, a page number. Names are matched from
//! common conventions and types must fit (a `page` that is a string is a cursor, an integer
//! one a page number); a spec that names things otherwise says so with `x-rust-client-pagination`.

use super::check::{check, list_body};
use super::shape::{element, fields, find_field, Scalar};
use super::PagingHints;
use crate::ir::{Method, Operation, Pagination, PaginationStyle, ParamLocation, TypeDef, TypeRef};
use super::shape::is_scalar;

const CURSOR_PARAMS: &[&str] = &[
    "cursor", "page_token", "pageToken", "PageToken", "next_token", "nextToken", "continuation_token",
    "continuationToken", "page",
];
const NEXT_CURSOR_FIELDS: &[&str] = &[
    "next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token", "nextToken", "next_page",
    "nextPage", "continuation_token", "continuationToken",
];
const NEXT_URL_FIELDS: &[&str] = &[
    "next_page_uri", "next_page_url", "nextPageUri", "nextPageUrl", "next_url", "nextUrl", "next_link", "nextLink",
    "@odata.nextLink", "next",
];
const LAST_ITEM_PARAMS: &[&str] = &["starting_after", "startingAfter", "after_id", "afterId"];
const LAST_ITEM_FIELD: &str = "id";
const OFFSET_PARAMS: &[&str] = &["offset", "Offset", "skip"];
const PAGE_PARAMS: &[&str] = &["page", "Page", "page_number", "pageNumber", "pageNo"];
const PAGE_SIZE_PARAMS: &[&str] = &[
    "limit", "Limit", "per_page", "perPage", "page_size", "pageSize", "PageSize", "size", "max_results", "maxResults",
];
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage", "more"];
const TOTAL_FIELDS: &[&str] = &["total", "total_count", "totalCount", "total_results", "totalResults"];
const CURRENT_PAGE_FIELDS: &[&str] = &["page", "page_number", "pageNumber", "current_page", "currentPage"];
const TOTAL_PAGES_FIELDS: &[&str] = &["total_pages", "totalPages", "page_count", "pageCount", "num_pages", "numPages"];

/// The pagination `op` shows by its shape, if any.
pub(super) fn detect(types: &[TypeDef], op: &Operation, hints: &PagingHints) -> Option<Pagination> {
    if op.method != Method::Get {
        return None;
    }
    let body = list_body(op)?;
    let items = items_path(types, body)?;
    let candidates = candidates(types, op, body, hints);
    // Every candidate is checked like an explicit one, so detection never hands the emitter
    // something it cannot follow.
    candidates.into_iter().map(|style| Pagination { items: items.clone(), style }).find(|p| check(types, op, p).is_ok())
}

/// The styles the shape allows, most specific first.
fn candidates(types: &[TypeDef], op: &Operation, body: &TypeRef, hints: &PagingHints) -> Vec<PaginationStyle> {
    let param = |names: &[&str], scalar: Scalar| {
        op.parameters
            .iter()
            .find(|p| p.location == ParamLocation::Query && !p.required && names.contains(&p.name.as_str()) && is_scalar(types, &p.ty, scalar))
            .map(|p| p.name.clone())
    };
    let field = |names: &[&str], scalar: Scalar| find_field(types, body, names, scalar);
    let pages_by_param = [CURSOR_PARAMS, LAST_ITEM_PARAMS, OFFSET_PARAMS, PAGE_PARAMS, PAGE_SIZE_PARAMS]
        .iter()
        .any(|names| op.parameters.iter().any(|p| p.location == ParamLocation::Query && names.contains(&p.name.as_str())));
    if !pages_by_param {
        return Vec::new();
    }
    let has_more = field(HAS_MORE_FIELDS, Scalar::Boolean);
    let mut styles = Vec::new();
    if let (Some(param), Some(next_cursor)) = (param(CURSOR_PARAMS, Scalar::String), field(NEXT_CURSOR_FIELDS, Scalar::String)) {
        styles.push(PaginationStyle::Cursor { param, next_cursor, has_more: has_more.clone() });
    }
    if let Some(next_url) = field(NEXT_URL_FIELDS, Scalar::String) {
        styles.push(PaginationStyle::NextUrl { next_url });
    }
    if hints.link_header {
        styles.push(PaginationStyle::LinkHeader);
    }
    // Without a flag, a last-item cursor could only stop at an empty page: too weak a sign.
    if let (Some(param), Some(_)) = (param(LAST_ITEM_PARAMS, Scalar::String), &has_more) {
        styles.push(PaginationStyle::LastItem { param, item_field: vec![LAST_ITEM_FIELD.to_owned()], has_more: has_more.clone() });
    }
    if let Some(param) = param(OFFSET_PARAMS, Scalar::Integer) {
        styles.push(PaginationStyle::Offset { param, has_more: has_more.clone(), total: field(TOTAL_FIELDS, Scalar::Integer) });
    }
    if let Some(param) = param(PAGE_PARAMS, Scalar::Integer) {
        let first = hints.first_values.get(&param).copied().unwrap_or(1);
        styles.push(PaginationStyle::PageNumber {
            param,
            first,
            has_more,
            total_pages: field(TOTAL_PAGES_FIELDS, Scalar::Integer),
            current_page: field(CURRENT_PAGE_FIELDS, Scalar::Integer),
        });
    }
    styles
}

/// Where the items are: the body itself when it is an array, else its one array field.
pub(super) fn items_path(types: &[TypeDef], body: &TypeRef) -> Option<Vec<String>> {
    if element(types, body).is_some() {
        return Some(Vec::new());
    }
    let mut arrays = fields(types, body)?.iter().filter(|f| element(types, &f.ty).is_some());
    let items = arrays.next()?;
    arrays.next().is_none().then(|| vec![items.name.clone()])
}
