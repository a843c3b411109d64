//! `x-rust-client-pagination` on an operation: the style and fields written out where
//! detection cannot see them, or `false` to turn detection off.
//!
//! ```yaml
//! x-rust-client-pagination: {style: cursor, param: after, items: data, next_cursor: meta.next, has_more: meta.more}
//! ```
//!
//! Field paths are wire names joined with dots; `items` may be left out when the body is the
//! array. The older form `{cursor_param, items, next_cursor, has_more}` means `style: cursor`.
//! Before the namespace the extension was `x-pagination`, which is still read as ours when
//! [`is_ours`] (DataDog's specs use that name for their own vocabulary).

use serde_json::{Map, Value};

use crate::ir::{Pagination, PaginationStyle};

/// What an operation asks for.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::ir::lower) enum Requested {
    /// Nothing said: detect from the shape.
    Detect,
    /// `false`, or a vendor's way of saying there is one page.
    Off,
    /// A pagination written out in our extension, still to be checked against the types:
    /// one that does not fit is an error, since it was asked for.
    Explicit(Pagination),
    /// A pagination read from another tool's extension (`extension`), still to be checked:
    /// one that does not fit is a warning, and the operation is detected instead. `items`
    /// is `None` where the extension leaves the list to be found from the shape.
    Vendor { extension: &'static str, items: Option<Vec<String>>, style: PaginationStyle },
}

/// Whether the value of an `x-pagination` is in this generator's vocabulary, rather than
/// DataDog's (or anyone else's).
pub(in crate::ir::lower) fn is_ours(value: &Value) -> bool {
    match value {
        Value::Bool(false) => true,
        Value::Object(config) => config.contains_key("style") || config.contains_key("cursor_param"),
        _ => false,
    }
}

/// Reads our extension, written under `name`; the error says what is wrong with it.
pub(in crate::ir::lower) fn requested(name: &str, extension: Option<&Value>) -> Result<Requested, String> {
    match extension {
        None => Ok(Requested::Detect),
        Some(Value::Bool(false)) => Ok(Requested::Off),
        Some(Value::Object(config)) => Ok(Requested::Explicit(pagination(name, config)?)),
        Some(_) => Err(format!("`{name}` must be `false` or an object such as `{{style: cursor, param: cursor, next_cursor: next}}`")),
    }
}

fn pagination(name: &str, config: &Map<String, Value>) -> Result<Pagination, String> {
    let reader = Reader(config);
    let legacy = !config.contains_key("style") && config.contains_key("cursor_param");
    let style_name = if legacy { "cursor" } else { reader.text("style")?.ok_or_else(|| format!("`{name}` needs a `style`"))? };
    let (style, keys): (PaginationStyle, &[&str]) = match style_name {
        "cursor" => {
            let param_key = if legacy { "cursor_param" } else { "param" };
            let style = PaginationStyle::Cursor {
                param: reader.required_text(param_key)?,
                next_cursor: reader.required_path("next_cursor")?,
                has_more: reader.path("has_more")?,
            };
            (style, if legacy { &["cursor_param", "items", "next_cursor", "has_more"] } else { &["style", "items", "param", "next_cursor", "has_more"] })
        }
        "body_cursor" => (
            PaginationStyle::BodyCursor {
                field: reader.required_path("field")?,
                next_cursor: reader.required_path("next_cursor")?,
                has_more: reader.path("has_more")?,
            },
            &["style", "items", "field", "next_cursor", "has_more"],
        ),
        "last_item" => (
            PaginationStyle::LastItem {
                param: reader.required_text("param")?,
                item_field: reader.path("item_field")?.unwrap_or_else(|| vec!["id".to_owned()]),
                has_more: reader.path("has_more")?,
            },
            &["style", "items", "param", "item_field", "has_more"],
        ),
        "offset" => (
            PaginationStyle::Offset { param: reader.required_text("param")?, has_more: reader.path("has_more")?, total: reader.path("total")? },
            &["style", "items", "param", "has_more", "total"],
        ),
        "page_number" => (
            PaginationStyle::PageNumber {
                param: reader.required_text("param")?,
                first: reader.number("first_page")?.unwrap_or(1),
                has_more: reader.path("has_more")?,
                total_pages: reader.path("total_pages")?,
                current_page: reader.path("current_page")?,
            },
            &["style", "items", "param", "first_page", "has_more", "total_pages", "current_page"],
        ),
        "next_url" => (PaginationStyle::NextUrl { next_url: reader.required_path("next_url")? }, &["style", "items", "next_url"]),
        "link_header" => (PaginationStyle::LinkHeader, &["style", "items"]),
        other => {
            return Err(format!(
                "unknown pagination style `{other}`; use one of cursor, body_cursor, last_item, offset, page_number, next_url, link_header"
            ))
        }
    };
    if let Some(unknown) = config.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(format!("`{unknown}` does not belong to the `{style_name}` style, which takes {}", keys.join(", ")));
    }
    Ok(Pagination { items: reader.path("items")?.unwrap_or_default(), style })
}

struct Reader<'a>(&'a Map<String, Value>);

impl Reader<'_> {
    fn text(&self, key: &str) -> Result<Option<&str>, String> {
        match self.0.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(format!("`{key}` must be a string")),
        }
    }

    fn required_text(&self, key: &str) -> Result<String, String> {
        Ok(self.text(key)?.ok_or_else(|| format!("this style needs `{key}`"))?.to_owned())
    }

    /// A dotted path; the empty string is the response root.
    fn path(&self, key: &str) -> Result<Option<Vec<String>>, String> {
        Ok(self.text(key)?.map(|text| if text.is_empty() { Vec::new() } else { text.split('.').map(str::to_owned).collect() }))
    }

    fn required_path(&self, key: &str) -> Result<Vec<String>, String> {
        self.path(key)?.ok_or_else(|| format!("this style needs `{key}`"))
    }

    fn number(&self, key: &str) -> Result<Option<u64>, String> {
        match self.0.get(key) {
            None => Ok(None),
            Some(value) => value.as_u64().map(Some).ok_or_else(|| format!("`{key}` must be a whole number of zero or more")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<Requested, String> {
        requested("x-rust-client-pagination", Some(&value(yaml)))
    }

    fn value(yaml: &str) -> Value {
        serde_yaml::from_str::<Value>(yaml).unwrap()
    }

    fn path(dotted: &str) -> Vec<String> {
        dotted.split('.').map(str::to_owned).collect()
    }

    #[test]
    fn reads_every_style() {
        let offset = read("{style: offset, param: offset, items: data, has_more: more, total: meta.total}").unwrap();
        assert_eq!(
            offset,
            Requested::Explicit(Pagination {
                items: path("data"),
                style: PaginationStyle::Offset { param: "offset".into(), has_more: Some(path("more")), total: Some(path("meta.total")) },
            })
        );
        let Requested::Explicit(body) = read("{style: body_cursor, field: page.cursor, next_cursor: meta.after, items: data}").unwrap() else { panic!() };
        assert_eq!(body.style, PaginationStyle::BodyCursor { field: path("page.cursor"), next_cursor: path("meta.after"), has_more: None });
        let Requested::Explicit(link) = read("{style: link_header}").unwrap() else { panic!() };
        assert_eq!(link, Pagination { items: Vec::new(), style: PaginationStyle::LinkHeader });
        let Requested::Explicit(last) = read("{style: last_item, param: starting_after, items: data}").unwrap() else { panic!() };
        assert_eq!(last.style, PaginationStyle::LastItem { param: "starting_after".into(), item_field: path("id"), has_more: None });
        let Requested::Explicit(page) = read("{style: page_number, param: p, first_page: 0}").unwrap() else { panic!() };
        assert_eq!(page.style, PaginationStyle::PageNumber { param: "p".into(), first: 0, has_more: None, total_pages: None, current_page: None });
        assert_eq!(read("false").unwrap(), Requested::Off);
        assert_eq!(requested("x-rust-client-pagination", None).unwrap(), Requested::Detect);
    }

    #[test]
    fn keeps_the_older_cursor_form() {
        let Requested::Explicit(cursor) = read("{cursor_param: after, items: data, next_cursor: meta.next}").unwrap() else { panic!() };
        assert_eq!(cursor.style, PaginationStyle::Cursor { param: "after".into(), next_cursor: path("meta.next"), has_more: None });
    }

    #[test]
    fn tells_ours_from_datadogs() {
        for ours in ["false", "{style: offset, param: o}", "{cursor_param: after, next_cursor: next}"] {
            assert!(is_ours(&value(ours)), "{ours}");
        }
        for theirs in ["true", "{limitParam: 'page[size]', pageParam: 'page[number]'}", "{cursorParam: c, cursorPath: meta.after}", "[]"] {
            assert!(!is_ours(&value(theirs)), "{theirs}");
        }
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(read("true").unwrap_err().contains("must be `false` or an object"));
        assert!(read("{param: x}").unwrap_err().contains("`x-rust-client-pagination` needs a `style`"));
        assert!(read("{style: pages}").unwrap_err().contains("unknown pagination style `pages`"));
        assert!(read("{style: offset}").unwrap_err().contains("needs `param`"));
        assert!(read("{style: offset, param: o, next_url: n}").unwrap_err().contains("`next_url` does not belong to the `offset` style"));
        assert!(read("{style: page_number, param: p, first_page: -1}").unwrap_err().contains("`first_page` must be"));
        assert!(read("{style: cursor, param: 3, next_cursor: n}").unwrap_err().contains("`param` must be a string"));
    }
}
