//! Other tools' pagination extensions, read into the IR's pagination so that a spec written
//! for one of them pages here as it does in that tool's SDKs:
//!
//! | extension | reads |
//! | --- | --- |
//! | DataDog's `x-pagination` | `cursorParam` (a query parameter, or `body.` and a request-body field) + `cursorPath`, `pageOffsetParam`, `pageParam` (+ `pageStart`); `resultsPath` |
//! | Speakeasy's `x-speakeasy-pagination` | `type: cursor, offsetLimit, url`; `inputs` in `parameters` (a cursor also in the `requestBody`); `outputs.results`, `nextCursor` (`$.items[-1].id`: the last item's field), `numPages`, `nextUrl` |
//! | Fern's `x-fern-pagination` | `cursor` (a query parameter, else a request-body field) + `next_cursor`, `offset` (+ `step`: by items, else by pages), `next_uri`, `next_path`; `results`, `has-next-page`; `true` for the document's own |
//! | Azure's `x-ms-pageable` | `nextLinkName` (`null`: one page), `itemName` (default `value`) |
//!
//! What a limit or page size says (`limitParam`, a `limit` input, `step`) is not needed: the
//! caller sets the size, and a page shorter than the first is the last unless the page says
//! more. A reader's error says why the extension cannot be followed (a number in the request body, a
//! JSONPath beyond a chain of field names, a key missing); the caller makes it a warning.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::ir::PaginationStyle;

/// What a vendor's extension says about its operation.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::ir::lower) enum Reading {
    /// The operation answers in one page (Azure's `nextLinkName: null`).
    Off,
    /// It pages so; `items` is `None` where the extension leaves the list to the shape.
    Paged { items: Option<Vec<String>>, style: PaginationStyle },
}

/// What the readers need besides the extension.
pub(in crate::ir::lower) struct Context<'a> {
    /// Where integer query parameters start (their `default`, else `minimum`).
    pub first_values: &'a HashMap<String, u64>,
    /// The document's own `x-fern-pagination`, which an operation's `true` stands for.
    pub fern_default: Option<&'a Value>,
}

type Reader = fn(&Value, &Context<'_>) -> Result<Reading, String>;

/// The vendor extensions read, in the order they are tried.
pub(in crate::ir::lower) const VENDORS: &[(&str, Reader)] = &[
    ("x-pagination", datadog),
    ("x-speakeasy-pagination", speakeasy),
    ("x-fern-pagination", fern),
    ("x-ms-pageable", azure),
];

/// DataDog: parameter names, and dotted paths into the response. Page numbers start at
/// `pageStart`, else where the parameter's schema says, else at 0 as DataDog's do.
fn datadog(value: &Value, context: &Context<'_>) -> Result<Reading, String> {
    let config = object(value)?;
    let param = |key: &str| -> Result<Option<String>, String> {
        match text(config, key)? {
            Some(name) if name.starts_with("body.") => Err(format!("`{key}` ({name}) is in the request body; {BODY_INPUTS}")),
            name => Ok(name.map(str::to_owned)),
        }
    };
    let items = text(config, "resultsPath")?.map(dotted);
    let style = if let Some(cursor) = text(config, "cursorParam")? {
        let next_cursor = text(config, "cursorPath")?.map(dotted).ok_or("`cursorParam` needs `cursorPath`, the response field with the next cursor")?;
        match cursor.strip_prefix("body.") {
            Some(field) => PaginationStyle::BodyCursor { field: dotted(field), next_cursor, has_more: None },
            None => PaginationStyle::Cursor { param: cursor.to_owned(), next_cursor, has_more: None },
        }
    } else if let Some(param) = param("pageOffsetParam")? {
        PaginationStyle::Offset { param, has_more: None, total: None }
    } else if let Some(param) = param("pageParam")? {
        let first = match config.get("pageStart") {
            Some(start) => start.as_u64().ok_or("`pageStart` must be a whole number of zero or more")?,
            None => context.first_values.get(&param).copied().unwrap_or(0),
        };
        PaginationStyle::PageNumber { param, first, has_more: None, total_pages: None, current_page: None }
    } else {
        return Err("it has none of `cursorParam`, `pageOffsetParam`, `pageParam`".to_owned());
    };
    Ok(Reading::Paged { items, style })
}

/// Speakeasy: typed inputs, and JSONPath outputs. An offset advances by the items received,
/// a page by one (from where its schema says, else 1).
fn speakeasy(value: &Value, context: &Context<'_>) -> Result<Reading, String> {
    let config = object(value)?;
    let inputs = match config.get("inputs") {
        None => &[][..],
        Some(Value::Array(inputs)) => inputs.as_slice(),
        Some(_) => return Err("`inputs` must be a list".to_owned()),
    };
    let empty = Map::new();
    let outputs = match config.get("outputs") {
        None => &empty,
        Some(Value::Object(outputs)) => outputs,
        Some(_) => return Err("`outputs` must be a mapping".to_owned()),
    };
    // An input's name, and whether it is a field of the request body.
    let located_input = |role: &str| -> Result<Option<(String, bool)>, String> {
        let Some(input) = inputs.iter().filter_map(Value::as_object).find(|i| i.get("type").and_then(Value::as_str) == Some(role)) else {
            return Ok(None);
        };
        let name = text(input, "name")?.ok_or_else(|| format!("the `{role}` input has no `name`"))?;
        match text(input, "in")?.unwrap_or("parameters") {
            "parameters" => Ok(Some((name.to_owned(), false))),
            "requestBody" => Ok(Some((name.to_owned(), true))),
            place => Err(format!("the `{role}` input `{name}` is in `{place}`, neither `parameters` nor `requestBody`")),
        }
    };
    let input = |role: &str| -> Result<Option<String>, String> {
        match located_input(role)? {
            Some((name, true)) => Err(format!("the `{role}` input `{name}` is in the `requestBody`; {BODY_INPUTS}")),
            located => Ok(located.map(|(name, _)| name)),
        }
    };
    let output = |key: &str| text(outputs, key)?.map(json_path).transpose();
    let mut items = output("results")?;
    let style = match text(config, "type")?.ok_or("it has no `type`")? {
        "offsetLimit" => {
            if let Some(param) = input("offset")? {
                PaginationStyle::Offset { param, has_more: None, total: None }
            } else if let Some(param) = input("page")? {
                let first = context.first_values.get(&param).copied().unwrap_or(1);
                PaginationStyle::PageNumber { param, first, has_more: None, total_pages: output("numPages")?, current_page: None }
            } else {
                return Err("an `offsetLimit` pagination needs an `offset` or a `page` input".to_owned());
            }
        }
        "cursor" => {
            let (param, in_body) = located_input("cursor")?.ok_or("a `cursor` pagination needs a `cursor` input")?;
            let next = text(outputs, "nextCursor")?.ok_or("a `cursor` pagination needs the `nextCursor` output")?;
            match next.split_once("[-1]") {
                None if in_body => PaginationStyle::BodyCursor { field: dotted(&param), next_cursor: json_path(next)?, has_more: None },
                Some(_) if in_body => return Err(format!("the `cursor` input `{param}` is in the `requestBody` and `nextCursor` ({next}) is a field of the last item; {BODY_INPUTS}")),
                Some((list, field)) => {
                    let list = json_path(list)?;
                    if items.as_ref().is_some_and(|items| *items != list) {
                        return Err(format!("`nextCursor` ({next}) reads the last item of another list than `results`"));
                    }
                    let item_field = field.strip_prefix('.').map(|f| json_path(&format!("$.{f}"))).transpose()?;
                    let item_field = item_field.ok_or_else(|| format!("`nextCursor` ({next}) must name a field of the last item"))?;
                    items = Some(list);
                    PaginationStyle::LastItem { param, item_field, has_more: None }
                }
                None => PaginationStyle::Cursor { param, next_cursor: json_path(next)?, has_more: None },
            }
        }
        "url" => PaginationStyle::NextUrl { next_url: output("nextUrl")?.ok_or("a `url` pagination needs the `nextUrl` output")? },
        other => return Err(format!("its `type` is `{other}`, not one of offsetLimit, cursor, url")),
    };
    Ok(Reading::Paged { items, style })
}

/// Fern: `$request.<parameter>` and `$response.<dotted path>`. An `offset` with a `step`
/// advances by the items received; without one it counts pages (from where its schema says,
/// else 1).
fn fern(value: &Value, context: &Context<'_>) -> Result<Reading, String> {
    let value = match value {
        Value::Bool(true) => context.fern_default.ok_or("it is `true`, but the document has no `x-fern-pagination` of its own")?,
        value => value,
    };
    let config = object(value)?;
    let request = |key: &str| -> Result<Option<String>, String> {
        let Some(expression) = text(config, key)? else { return Ok(None) };
        let name = expression.strip_prefix("$request.").ok_or_else(|| format!("`{key}` ({expression}) does not begin with `$request.`"))?;
        Ok(Some(name.to_owned()))
    };
    let response = |key: &str| -> Result<Option<Vec<String>>, String> {
        let Some(expression) = text(config, key)? else { return Ok(None) };
        match expression.strip_prefix("$response") {
            Some("") => Ok(Some(Vec::new())),
            Some(path) if path.starts_with('.') => Ok(Some(dotted(&path[1..]))),
            _ => Err(format!("`{key}` ({expression}) does not begin with `$response`")),
        }
    };
    let items = response("results")?;
    let has_more = response("has-next-page")?;
    let style = if let Some(param) = request("cursor")? {
        let next_cursor = response("next_cursor")?.ok_or("a `cursor` needs a `next_cursor`")?;
        PaginationStyle::Cursor { param, next_cursor, has_more }
    } else if let Some(param) = request("offset")? {
        if config.contains_key("step") {
            PaginationStyle::Offset { param, has_more, total: None }
        } else {
            let first = context.first_values.get(&param).copied().unwrap_or(1);
            PaginationStyle::PageNumber { param, first, has_more, total_pages: None, current_page: None }
        }
    } else if let Some(next_url) = response("next_uri")?.or(response("next_path")?) {
        PaginationStyle::NextUrl { next_url }
    } else {
        return Err("it has none of `cursor`, `offset`, `next_uri`, `next_path`".to_owned());
    };
    Ok(Reading::Paged { items, style })
}

/// Azure: names of single response fields (`@odata.nextLink` is one field). Which operation
/// fetches the next page (`operationName`) does not matter: the URL says it.
fn azure(value: &Value, _: &Context<'_>) -> Result<Reading, String> {
    let config = object(value)?;
    let items = match config.get("itemName") {
        None | Some(Value::Null) => "value",
        Some(Value::String(name)) => name,
        Some(_) => return Err("`itemName` must be text".to_owned()),
    };
    match config.get("nextLinkName") {
        None | Some(Value::Null) => Ok(Reading::Off),
        Some(Value::String(name)) => {
            Ok(Reading::Paged { items: Some(vec![items.to_owned()]), style: PaginationStyle::NextUrl { next_url: vec![name.clone()] } })
        }
        Some(_) => Err("`nextLinkName` must be text or null".to_owned()),
    }
}

/// Why a number in the request body cannot be followed.
const BODY_INPUTS: &str = "only a cursor is set in the request body page by page, numbers only in query parameters";

fn object(value: &Value) -> Result<&Map<String, Value>, String> {
    value.as_object().ok_or_else(|| "it is not a mapping".to_owned())
}

fn text<'v>(config: &'v Map<String, Value>, key: &str) -> Result<Option<&'v str>, String> {
    match config.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("`{key}` must be text")),
    }
}

/// `a.b.c` as field names; the empty string is the response itself.
fn dotted(path: &str) -> Vec<String> {
    if path.is_empty() { Vec::new() } else { path.split('.').map(str::to_owned).collect() }
}

/// A JSONPath that is a chain of field names (`$`, `$.data.items`, `$['next-page']`) as
/// those names; any other query has no one field to read.
fn json_path(query: &str) -> Result<Vec<String>, String> {
    let unsupported = || format!("`{query}` is not a chain of field names such as `$.data.items`");
    let mut rest = query.strip_prefix('$').ok_or_else(unsupported)?;
    let mut names = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty() || name == "*" {
                return Err(unsupported());
            }
            names.push(name.to_owned());
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix("['").or_else(|| rest.strip_prefix("[\"")) {
            let quote = if rest.starts_with("['") { "']" } else { "\"]" };
            let end = after.find(quote).ok_or_else(unsupported)?;
            names.push(after[..end].to_owned());
            rest = &after[end + 2..];
        } else {
            return Err(unsupported());
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(reader: Reader, yaml: &str) -> Result<Reading, String> {
        let first_values = HashMap::from([("page[number]".to_owned(), 1), ("p".to_owned(), 0)]);
        reader(&serde_yaml::from_str(yaml).unwrap(), &Context { first_values: &first_values, fern_default: None })
    }

    fn paged(items: Option<&str>, style: PaginationStyle) -> Reading {
        Reading::Paged { items: items.map(path), style }
    }

    fn path(dotted_path: &str) -> Vec<String> {
        dotted(dotted_path)
    }

    #[test]
    fn reads_datadog() {
        let cursor = read(datadog, "{cursorParam: 'page[cursor]', cursorPath: meta.page.after, limitParam: 'page[limit]', resultsPath: data}");
        assert_eq!(
            cursor.unwrap(),
            paged(Some("data"), PaginationStyle::Cursor { param: "page[cursor]".into(), next_cursor: path("meta.page.after"), has_more: None })
        );
        let body = read(datadog, "{cursorParam: body.page.cursor, cursorPath: meta.page.after, limitParam: body.page.limit, resultsPath: data}");
        assert_eq!(
            body.unwrap(),
            paged(Some("data"), PaginationStyle::BodyCursor { field: path("page.cursor"), next_cursor: path("meta.page.after"), has_more: None })
        );
        let offset = read(datadog, "{limitParam: 'page[limit]', pageOffsetParam: 'page[offset]', resultsPath: data}");
        assert_eq!(offset.unwrap(), paged(Some("data"), PaginationStyle::Offset { param: "page[offset]".into(), has_more: None, total: None }));
        let page = |yaml| match read(datadog, yaml).unwrap() {
            Reading::Paged { style: PaginationStyle::PageNumber { first, .. }, items } => (first, items),
            other => panic!("{other:?}"),
        };
        assert_eq!(page("{limitParam: 'page[size]', pageParam: 'page[number]'}"), (1, None), "where the schema starts");
        assert_eq!(page("{limitParam: count, pageParam: start}"), (0, None), "DataDog's own default");
        assert_eq!(page("{pageParam: start, pageStart: 3, resultsPath: ''}").0, 3);
    }

    #[test]
    fn reads_speakeasy() {
        let cursor = "{type: cursor, inputs: [{name: page_token, in: parameters, type: cursor}, {name: page_size, in: parameters, type: limit}], outputs: {results: $.data, nextCursor: $.next_page_token}}";
        assert_eq!(
            read(speakeasy, cursor).unwrap(),
            paged(Some("data"), PaginationStyle::Cursor { param: "page_token".into(), next_cursor: path("next_page_token"), has_more: None })
        );
        let last = "{type: cursor, inputs: [{name: after, in: parameters, type: cursor}], outputs: {results: $.data.rows, nextCursor: '$.data.rows[-1].id'}}";
        assert_eq!(
            read(speakeasy, last).unwrap(),
            paged(Some("data.rows"), PaginationStyle::LastItem { param: "after".into(), item_field: path("id"), has_more: None })
        );
        let body = "{type: cursor, inputs: [{name: cursor, in: requestBody, type: cursor}], outputs: {nextCursor: $.next}}";
        assert_eq!(read(speakeasy, body).unwrap(), paged(None, PaginationStyle::BodyCursor { field: path("cursor"), next_cursor: path("next"), has_more: None }));
        let pages = "{type: offsetLimit, inputs: [{name: p, in: parameters, type: page}], outputs: {numPages: $.meta.pages}}";
        assert_eq!(
            read(speakeasy, pages).unwrap(),
            paged(None, PaginationStyle::PageNumber { param: "p".into(), first: 0, has_more: None, total_pages: Some(path("meta.pages")), current_page: None })
        );
        let offset = "{type: offsetLimit, inputs: [{name: offset, in: parameters, type: offset}], outputs: {results: \"$['the items']\"}}";
        assert_eq!(read(speakeasy, offset).unwrap(), paged(Some("the items"), PaginationStyle::Offset { param: "offset".into(), has_more: None, total: None }));
        let url = "{type: url, outputs: {nextUrl: $.links.next}}";
        assert_eq!(read(speakeasy, url).unwrap(), paged(None, PaginationStyle::NextUrl { next_url: path("links.next") }));
    }

    #[test]
    fn reads_fern() {
        let cursor = "{cursor: $request.starting_after, next_cursor: $response.page.next.starting_after, results: $response.data}";
        assert_eq!(
            read(fern, cursor).unwrap(),
            paged(Some("data"), PaginationStyle::Cursor { param: "starting_after".into(), next_cursor: path("page.next.starting_after"), has_more: None })
        );
        let by_items = "{offset: $request.offset, step: $request.limit, results: $response.items, has-next-page: $response.more}";
        assert_eq!(
            read(fern, by_items).unwrap(),
            paged(Some("items"), PaginationStyle::Offset { param: "offset".into(), has_more: Some(path("more")), total: None })
        );
        let by_pages = "{offset: $request.page, results: $response}";
        assert_eq!(
            read(fern, by_pages).unwrap(),
            paged(Some(""), PaginationStyle::PageNumber { param: "page".into(), first: 1, has_more: None, total_pages: None, current_page: None })
        );
        let uri = "{next_uri: $response.links.next, results: $response.data}";
        assert_eq!(read(fern, uri).unwrap(), paged(Some("data"), PaginationStyle::NextUrl { next_url: path("links.next") }));
        let root: Value = serde_yaml::from_str("{next_path: $response.next, results: $response.data}").unwrap();
        let first_values = HashMap::new();
        let context = Context { first_values: &first_values, fern_default: Some(&root) };
        assert_eq!(fern(&Value::Bool(true), &context).unwrap(), paged(Some("data"), PaginationStyle::NextUrl { next_url: path("next") }));
    }

    #[test]
    fn reads_azure() {
        assert_eq!(
            read(azure, "{nextLinkName: '@odata.nextLink', itemName: items, operationName: List_Next}").unwrap(),
            Reading::Paged { items: Some(vec!["items".into()]), style: PaginationStyle::NextUrl { next_url: vec!["@odata.nextLink".into()] } }
        );
        assert_eq!(
            read(azure, "{nextLinkName: nextLink}").unwrap(),
            Reading::Paged { items: Some(vec!["value".into()]), style: PaginationStyle::NextUrl { next_url: vec!["nextLink".into()] } }
        );
        assert_eq!(read(azure, "{nextLinkName: null}").unwrap(), Reading::Off);
    }

    #[test]
    fn says_why_it_cannot_follow() {
        let cases: &[(Reader, &str, &str)] = &[
            (datadog, "{pageOffsetParam: body.page.offset}", "is in the request body"),
            (datadog, "{limitParam: limit}", "none of `cursorParam`"),
            (datadog, "{cursorParam: c}", "needs `cursorPath`"),
            (datadog, "true", "not a mapping"),
            (speakeasy, "{type: offsetLimit, inputs: [{name: offset, in: requestBody, type: offset}]}", "is in the `requestBody`"),
            (speakeasy, "{type: offsetLimit, inputs: [{name: limit, in: parameters, type: limit}]}", "needs an `offset` or a `page`"),
            (speakeasy, "{type: cursor, inputs: [{name: c, type: cursor}], outputs: {nextCursor: '$..next'}}", "not a chain of field names"),
            (speakeasy, "{type: pages}", "`pages`, not one of"),
            (fern, "{cursor: cursor, next_cursor: $response.next}", "does not begin with `$request.`"),
            (fern, "true", "no `x-fern-pagination` of its own"),
            (azure, "{nextLinkName: 3}", "must be text or null"),
        ];
        for (reader, yaml, why) in cases {
            let error = read(*reader, yaml).unwrap_err();
            assert!(error.contains(why), "{yaml}: {error}");
        }
    }

    #[test]
    fn json_paths_are_chains_of_names() {
        assert_eq!(json_path("$").unwrap(), Vec::<String>::new());
        assert_eq!(json_path("$.a.b").unwrap(), path("a.b"));
        assert_eq!(json_path("$['a.b'].c").unwrap(), vec!["a.b".to_owned(), "c".to_owned()]);
        for unsupported in ["a.b", "$.a[0]", "$.a.*", "$..a", "$['a"] {
            assert!(json_path(unsupported).is_err(), "{unsupported}");
        }
    }
}
