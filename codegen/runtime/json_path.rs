//! Where in a JSON document a decoding error happened, as a path like
//! `data.items[3].id`.
//!
//! Bodies are decoded with plain `serde_json`, which reports only a line and
//! column. Tracking the path while decoding (as `serde_path_to_error` does)
//! would cost an allocation per key on every response and a second copy of
//! every `Deserialize` impl in the binary; instead, on the rare failure, the
//! text is scanned once up to the error's position.

/// One open container, outermost first.
enum Frame {
    Object {
        /// The last key read.
        key: Option<String>,
        /// Whether the scan is past that key's `:`, i.e. inside its value.
        in_value: bool,
    },
    Array {
        index: usize,
        /// Whether element `index` has begun; an error at the `[` itself is
        /// about the array, not its first element.
        started: bool,
    },
}

/// The path to the value being decoded when `serde_json` stopped at `line`
/// and `column` (as its errors report them); `.` at the top level.
pub(super) fn path_at(body: &[u8], line: usize, column: usize) -> String {
    let end = byte_offset(body, line, column);
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        if let Some(Frame::Array { started, .. }) = frames.last_mut() {
            *started |= !body[i].is_ascii_whitespace() && body[i] != b']';
        }
        match body[i] {
            b'{' => frames.push(Frame::Object { key: None, in_value: false }),
            b'[' => frames.push(Frame::Array { index: 0, started: false }),
            b'}' | b']' => {
                frames.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = frames.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object { in_value, .. }) => *in_value = false,
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b'"' => {
                let close = string_end(body, i);
                if let Some(Frame::Object { key, in_value: false }) = frames.last_mut() {
                    *key = Some(decode_key(&body[i..(close + 1).min(body.len())]));
                }
                i = close;
            }
            _ => {}
        }
        i += 1;
    }
    render(&frames)
}

/// `serde_json` counts lines from 1 and columns as bytes from the start of
/// the line; together they give the offset of the first byte not yet read.
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(body.len(), |(i, _)| i + 1)
    };
    (line_start + column).min(body.len())
}

/// The index of the quote closing the string that opens at `start`, or the
/// last index if the body ends first.
fn string_end(body: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    body.len().saturating_sub(1)
}

fn decode_key(quoted: &[u8]) -> String {
    serde_json::from_slice(quoted).unwrap_or_else(|_| {
        let text = String::from_utf8_lossy(quoted);
        text.trim_matches('"').to_owned()
    })
}

/// Keys joined by `.`, array indexes as `[i]`.
fn render(frames: &[Frame]) -> String {
    let mut path = String::new();
    for frame in frames {
        match frame {
            Frame::Object { key: Some(key), in_value: true } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array { index, started: true } => path.push_str(&format!("[{index}]")),
            Frame::Object { .. } | Frame::Array { .. } => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    // The fields are only decoded, never read.
    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Page {
        data: Vec<Entry>,
        next: Option<String>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Entry {
        id: u64,
        tags: Vec<String>,
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Small,
        Large,
    }

    fn path_of(body: &str) -> String {
        let error = serde_json::from_str::<Page>(body).expect_err(body);
        super::path_at(body.as_bytes(), error.line(), error.column())
    }

    #[test]
    fn names_the_value_that_failed() {
        let cases = [
            (r#"{"data": [{"id": "x", "tags": [], "kind": "small"}]}"#, "data[0].id"),
            (r#"{"data": [{"id": 1, "tags": [], "kind": "small"}, {"id": 2, "tags": ["a", 3], "kind": "large"}]}"#, "data[1].tags[1]"),
            (r#"{"data": [{"id": 1, "tags": [], "kind": "medium"}]}"#, "data[0].kind"),
            (r#"{"data": [], "next": ["a"]}"#, "next"),
            (r#"{"d\"a,ta": [1, {"x": 2}], "data": [], "next": 5}"#, "next"),
            (r#"{"data": [{"id": 1, "tags": ["a,]}\"[{"], "kind": "huge"}]}"#, "data[0].kind"),
            ("{\n  \"data\": [\n    {\"id\": -1, \"tags\": [], \"kind\": \"small\"}\n  ]\n}", "data[0].id"),
        ];
        for (body, expected) in cases {
            assert_eq!(path_of(body), expected, "{body}");
        }
    }

    #[test]
    fn a_missing_field_or_wrong_container_names_its_owner() {
        let cases = [
            (r#"{"data": [{"id": 1, "kind": "small"}]}"#, "data[0]"),
            (r#"{"data": {"id": 1}}"#, "data"),
            (r#"{"next": "a"}"#, "."),
            (r#""a page""#, "."),
        ];
        for (body, expected) in cases {
            assert_eq!(path_of(body), expected, "{body}");
        }
    }

    #[test]
    fn broken_json_is_located_where_it_breaks() {
        let cases = [
            (r#"{"data": [{"id": 1, "tags": ["a""#, "data[0].tags[0]"),
            (r#"{"data": []} trailing"#, "."),
            ("", "."),
        ];
        for (body, expected) in cases {
            assert_eq!(path_of(body), expected, "{body}");
        }
    }
}
