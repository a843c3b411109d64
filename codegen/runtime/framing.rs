//! Cutting a streamed response body into items: server-sent events (the WHATWG
//! `text/event-stream` rules), JSON Lines / NDJSON, and JSON text sequences (RFC 7464).
//!
//! Written here rather than taken from a crate: `eventsource-stream` is unmaintained and
//! copies its buffer once per line; `sse-stream` ends the stream on invalid UTF-8 (the
//! standard says to replace it) and brings `thiserror` and the default features of
//! `futures-util` into every generated crate. This is one small state machine over bytes.
//!
//! Bytes may arrive cut anywhere, even inside a UTF-8 character or between the CR and LF of
//! one line end: only complete lines are decoded, and a CR at the end of a chunk is
//! remembered so that an LF starting the next one does not count as a second line end.

use std::collections::VecDeque;
use std::time::Duration;

/// How a body is cut into items.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `text/event-stream`: each event's `data`.
    Events,
    /// `application/jsonl`, `application/x-ndjson`: one JSON value per line.
    Lines,
    /// `application/json-seq`: records that start with the RS character (U+001E).
    Sequence,
}

/// One item cut from the body, before decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawItem {
    /// The event type (`message` unless the event named one); empty for lines and records.
    pub(super) event: String,
    /// The event's data, or the line or record.
    pub(super) data: String,
}

/// The body ended inside an item: the connection was closed early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Truncated;

const BOM: &[u8] = b"\xEF\xBB\xBF";
const RECORD_SEPARATOR: u8 = 0x1E;

/// The state of one body being cut into items.
#[derive(Debug)]
pub(super) struct Decoder {
    framing: Framing,
    /// The unfinished line (or record) so far.
    partial: Vec<u8>,
    /// Whether the first line is still to come (it may start with a byte-order mark).
    at_start: bool,
    /// The previous chunk ended with CR: an LF first in the next one ends no line.
    after_cr: bool,
    event: EventFields,
    ready: VecDeque<RawItem>,
}

/// The buffers of the event being read (WHATWG "event type", "data" and "last event ID").
#[derive(Debug, Default)]
struct EventFields {
    event_type: String,
    data: String,
    /// Whether a `data` field was seen since the last dispatch (the data may be empty).
    has_data: bool,
    /// Whether any field was seen since the last dispatch, to tell a cut-off event.
    pending: bool,
    id_buffer: String,
    /// The id of the last dispatched event, kept for `Last-Event-ID`.
    last_event_id: Option<String>,
    retry: Option<Duration>,
}

impl Decoder {
    pub(super) fn new(framing: Framing) -> Self {
        Decoder {
            framing,
            partial: Vec::new(),
            at_start: true,
            after_cr: false,
            event: EventFields::default(),
            ready: VecDeque::new(),
        }
    }

    /// The id the server gave the last complete event (WHATWG "last event ID string").
    pub(super) fn last_event_id(&self) -> Option<&str> {
        self.event.last_event_id.as_deref()
    }

    /// The reconnection time the server asked for with `retry:`.
    pub(super) fn retry(&self) -> Option<Duration> {
        self.event.retry
    }

    /// The next complete item, if one is ready.
    pub(super) fn next_item(&mut self) -> Option<RawItem> {
        self.ready.pop_front()
    }

    /// Takes the next bytes of the body.
    pub(super) fn push(&mut self, mut chunk: &[u8]) {
        if chunk.is_empty() {
            return;
        }
        if self.after_cr && self.framing != Framing::Sequence {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        while let Some(end) = self.line_end(chunk) {
            let (line, delimiter_len) = (&chunk[..end], self.delimiter_len(chunk, end));
            if delimiter_len == 0 {
                // A CR last in the chunk: the LF that may follow comes with the next one.
                self.after_cr = true;
            }
            if self.partial.is_empty() {
                self.line(line);
            } else {
                let mut whole = std::mem::take(&mut self.partial);
                whole.extend_from_slice(line);
                self.line(&whole);
                // Keep the allocation for the next partial line.
                whole.clear();
                self.partial = whole;
            }
            chunk = &chunk[(end + delimiter_len.max(1)).min(chunk.len())..];
        }
        self.partial.extend_from_slice(chunk);
    }

    /// The end of the body: what is left must not be half an item.
    pub(super) fn finish(&mut self) -> Result<(), Truncated> {
        let rest = std::mem::take(&mut self.partial);
        match self.framing {
            Framing::Events if !rest.is_empty() || self.event.pending => Err(Truncated),
            Framing::Events => Ok(()),
            // The last line of JSON Lines may lack its newline; a record ends with the body.
            Framing::Lines | Framing::Sequence => {
                self.line(&rest);
                Ok(())
            }
        }
    }

    fn line_end(&self, chunk: &[u8]) -> Option<usize> {
        match self.framing {
            Framing::Sequence => chunk.iter().position(|b| *b == RECORD_SEPARATOR),
            Framing::Events | Framing::Lines => chunk.iter().position(|b| *b == b'\n' || *b == b'\r'),
        }
    }

    /// How many bytes the line end at `end` takes; 0 for a CR that ends the chunk.
    fn delimiter_len(&self, chunk: &[u8], end: usize) -> usize {
        match (chunk[end], chunk.get(end + 1)) {
            (b'\r', Some(b'\n')) => 2,
            (b'\r', None) if self.framing != Framing::Sequence => 0,
            _ => 1,
        }
    }

    fn line(&mut self, mut line: &[u8]) {
        if std::mem::take(&mut self.at_start) {
            line = line.strip_prefix(BOM).unwrap_or(line);
        }
        match self.framing {
            Framing::Events => self.event_line(line),
            Framing::Lines | Framing::Sequence => {
                let text = String::from_utf8_lossy(line);
                let text = text.trim();
                if !text.is_empty() {
                    self.ready.push_back(RawItem { event: String::new(), data: text.to_owned() });
                }
            }
        }
    }

    /// One line of an event stream, by the WHATWG rules.
    fn event_line(&mut self, line: &[u8]) {
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return;
        }
        let (field, value) = match line.iter().position(|b| *b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let fields = &mut self.event;
        match field {
            b"event" => {
                fields.pending = true;
                fields.event_type = String::from_utf8_lossy(value).into_owned();
            }
            b"data" => {
                fields.pending = true;
                fields.has_data = true;
                fields.data.push_str(&String::from_utf8_lossy(value));
                fields.data.push('\n');
            }
            b"id" if !value.contains(&0) => {
                fields.pending = true;
                fields.id_buffer = String::from_utf8_lossy(value).into_owned();
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Digits only, so this parses unless it overflows; then it is ignored.
                if let Ok(ms) = std::str::from_utf8(value).unwrap_or_default().parse::<u64>() {
                    fields.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        let fields = &mut self.event;
        fields.pending = false;
        fields.last_event_id = Some(fields.id_buffer.clone()).filter(|id| !id.is_empty());
        let event_type = std::mem::take(&mut fields.event_type);
        let mut data = std::mem::take(&mut fields.data);
        if !std::mem::take(&mut fields.has_data) {
            return;
        }
        data.pop();
        let event = if event_type.is_empty() { "message".to_owned() } else { event_type };
        self.ready.push_back(RawItem { event, data });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&[u8]]) -> Vec<(String, String)> {
        let mut decoder = Decoder::new(Framing::Events);
        let mut out = Vec::new();
        for chunk in chunks {
            decoder.push(chunk);
            while let Some(item) = decoder.next_item() {
                out.push((item.event, item.data));
            }
        }
        decoder.finish().expect("the stream ends between events");
        out
    }

    fn pair(event: &str, data: &str) -> (String, String) {
        (event.to_owned(), data.to_owned())
    }

    #[test]
    fn data_over_several_lines_joins_with_line_feeds() {
        assert_eq!(events(&[b"data: a\ndata:b\ndata\n\n"]), [pair("message", "a\nb\n")]);
    }

    #[test]
    fn event_names_comments_and_unknown_fields() {
        let body = b": keep-alive\nevent: delta\nfoo: bar\ndata: {}\n\ndata: next\n\n";
        assert_eq!(events(&[body]), [pair("delta", "{}"), pair("message", "next")]);
    }

    #[test]
    fn cr_lf_and_crlf_all_end_lines() {
        let body = b"data: a\r\rdata: b\n\ndata: c\r\n\r\n";
        assert_eq!(events(&[body]), [pair("message", "a"), pair("message", "b"), pair("message", "c")]);
    }

    #[test]
    fn a_crlf_cut_between_its_two_bytes_is_one_line_end() {
        assert_eq!(events(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]), [pair("message", "a\nb")]);
    }

    #[test]
    fn every_cut_of_a_body_gives_the_same_events() {
        let body = "\u{feff}id: 7\r\nevent: note\r\ndata: h\u{e9}llo \u{1f600}\r\n: c\r\n\r\ndata: [DONE]\n\n".as_bytes();
        let whole = events(&[body]);
        assert_eq!(whole, [pair("note", "h\u{e9}llo \u{1f600}"), pair("message", "[DONE]")]);
        for cut in 0..=body.len() {
            assert_eq!(events(&[&body[..cut], &body[cut..]]), whole, "cut at byte {cut}");
        }
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(events(&bytes), whole);
    }

    #[test]
    fn a_byte_order_mark_counts_only_at_the_start() {
        assert_eq!(events(&[b"\xEF\xBB", b"\xBFdata: x\n\n"]), [pair("message", "x")]);
        let mut decoder = Decoder::new(Framing::Events);
        decoder.push(b"data: x\n\n\xEF\xBB\xBFdata: y\n\n");
        assert_eq!(decoder.next_item().unwrap().data, "x");
        // A second BOM makes the field name `\u{feff}data`, which is not `data`.
        assert_eq!(decoder.next_item(), None);
    }

    #[test]
    fn ids_persist_until_changed_and_retry_takes_digits_only() {
        let mut decoder = Decoder::new(Framing::Events);
        decoder.push(b"id: 1\ndata: a\n\ndata: b\n\nretry: 250\nretry: x\nid: 2\0\n\n");
        assert_eq!(decoder.next_item().unwrap().data, "a");
        assert_eq!(decoder.next_item().unwrap().data, "b");
        assert_eq!(decoder.next_item(), None);
        assert_eq!(decoder.last_event_id(), Some("1"));
        assert_eq!(decoder.retry(), Some(Duration::from_millis(250)));
        decoder.push(b"id\ndata: c\n\n");
        decoder.next_item();
        assert_eq!(decoder.last_event_id(), None, "an empty id resets it");
    }

    #[test]
    fn an_event_without_data_is_not_dispatched() {
        assert_eq!(events(&[b"event: ping\n\nid: 3\n\n"]), []);
        assert_eq!(events(&[b"data\n\n"]), [pair("message", "")]);
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        assert_eq!(events(&[b"data: a\xFFb\n\n"]), [pair("message", "a\u{fffd}b")]);
    }

    #[test]
    fn the_body_ending_inside_an_event_is_truncation() {
        let mut decoder = Decoder::new(Framing::Events);
        decoder.push(b"data: {\"a\":");
        assert_eq!(decoder.finish(), Err(Truncated));
        let mut decoder = Decoder::new(Framing::Events);
        decoder.push(b"data: done\n");
        assert_eq!(decoder.finish(), Err(Truncated), "no blank line ended the event");
    }

    #[test]
    fn json_lines_skip_blank_lines_and_may_end_without_a_newline() {
        let mut decoder = Decoder::new(Framing::Lines);
        decoder.push(b"{\"a\":1}\r\n\n{\"a\"");
        decoder.push(b":2}");
        decoder.finish().unwrap();
        let items: Vec<String> = std::iter::from_fn(|| decoder.next_item()).map(|i| i.data).collect();
        assert_eq!(items, ["{\"a\":1}", "{\"a\":2}"]);
    }

    #[test]
    fn json_sequences_split_on_the_record_separator() {
        let mut decoder = Decoder::new(Framing::Sequence);
        decoder.push(b"\x1E{\"a\":\n1}\n\x1E");
        decoder.push(b"[2]\n");
        decoder.finish().unwrap();
        let items: Vec<String> = std::iter::from_fn(|| decoder.next_item()).map(|i| i.data).collect();
        assert_eq!(items, ["{\"a\":\n1}", "[2]"]);
    }
}
