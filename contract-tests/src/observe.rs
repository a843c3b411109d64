//! What came back from one call of a generated client, reduced to what the contract checks
//! need, and the checks themselves.

use std::fmt::Write as _;

use codegen::emit;
use codegen::ir::StatusMatch;

/// The outcome of one call, whatever client made it (see [`observe!`](crate::observe!)).
#[derive(Debug, Clone, Default)]
pub struct Observed {
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Whether the body decoded into the operation's success type.
    pub success: bool,
    /// The declared error variant the body decoded into (`NotFound`), for `Error::Api`.
    pub variant: Option<String>,
    /// Prism's `sl-violations` header: its verdict that the request breaks the spec.
    pub violations: Option<String>,
    /// The decoded value or the error, for messages.
    pub detail: String,
    /// The raw body of a response that did not decode, or of an undeclared status.
    pub body: Option<String>,
}

/// Turns the `Result` of `send_with_response()` of any generated client into an
/// [`Observed`]. The first argument is the path of the client crate (or module) whose `Error`
/// the result carries: `observe!(arize_client, result)`.
#[macro_export]
macro_rules! observe {
    ($($krate:ident)::+, $result:expr) => {{
        let result = $result;
        let mut observed = $crate::Observed::default();
        match &result {
            Ok(response) => {
                observed.status = Some(response.status().as_u16());
                observed.success = true;
                observed.violations = response
                    .headers()
                    .get("sl-violations")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                observed.detail = $crate::observe::excerpt(&format!("{:?}", response.body()));
            }
            Err(error) => {
                observed.status = error.status().map(|s| s.as_u16());
                observed.violations = error
                    .headers()
                    .and_then(|h| h.get("sl-violations"))
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                observed.variant = error.api().map(|body| $crate::observe::variant_name(&format!("{body:?}")));
                observed.detail = $crate::observe::excerpt(&format!("{error} ({error:?})"));
                observed.body = match error {
                    $($krate)::+::Error::Decode(e) => Some(e.body().to_owned()),
                    $($krate)::+::Error::UnexpectedStatus(e) => Some(e.body().to_owned()),
                    _ => None,
                };
            }
        }
        observed
    }};
}

/// The variant name at the start of a `Debug` rendering: `NotFound` of `NotFound(Problem { .. })`.
pub fn variant_name(debug: &str) -> String {
    debug.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or_default().to_owned()
}

/// JSON equality where numbers compare by value (`1` equals `1.0`: a float field sends the
/// integer it was given as `1.0`).
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// At most 1,500 characters of `text`.
pub fn excerpt(text: &str) -> String {
    const LIMIT: usize = 1500;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(LIMIT).collect();
        format!("{cut}… ({} characters in all)", text.chars().count())
    }
}

impl Observed {
    /// The kind of error Prism made up itself (`NO_PATH_MATCHED_ERROR` of
    /// `https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR`), when the answer is one.
    pub fn prism_error(&self) -> Option<String> {
        const MARK: &str = "stoplight.io/prism/errors#";
        [self.body.as_deref().unwrap_or_default(), self.detail.as_str()].iter().find_map(|text| {
            let at = text.find(MARK)? + MARK.len();
            Some(text[at..].chars().take_while(|c| c.is_ascii_uppercase() || *c == '_').collect())
        })
    }

    /// Why Prism could not make up an answer to a request it accepted, when that is so: then
    /// only the request, not the response, can be judged.
    pub fn prism_cannot_answer(&self) -> Option<String> {
        match self.prism_error()?.as_str() {
            "NO_COMPLEX_OBJECT_TEXT" => Some(
                "Prism validated the request but cannot make up the response (NO_COMPLEX_OBJECT_TEXT: a schema-less \
                 body of a non-JSON media type such as `*/*`), so the answer is not judged"
                    .to_owned(),
            ),
            _ => None,
        }
    }

    /// Prism did not reject the request: no `sl-violations`, and no error Prism made up
    /// itself (`https://stoplight.io/prism/errors#…`: invalid request, unsupported media type,
    /// missing credentials, no such route, …) other than its inability to make up an answer.
    pub fn check_accepted(&self) -> Result<(), String> {
        let status = self.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
        if let Some(violations) = &self.violations {
            return Err(format!("Prism rejected the request (status {status}) as breaking the spec:\n{}", format_violations(violations)));
        }
        match self.prism_error() {
            None => Ok(()),
            Some(_) if self.prism_cannot_answer().is_some() => Ok(()),
            Some(kind) => {
                let body = self.body.as_deref().unwrap_or(&self.detail);
                let validation = serde_json::from_str::<serde_json::Value>(body)
                    .ok()
                    .and_then(|json| json.get("validation").map(ToString::to_string))
                    .map(|list| format!(":\n{}", format_violations(&list)))
                    .unwrap_or_else(|| format!(": {body}"));
                Err(format!("Prism refused the request with its own error {kind} (status {status}){validation}"))
            }
        }
    }

    /// Prism accepted the request and the answer decoded into the success type.
    pub fn check_success(&self) -> Result<(), String> {
        self.check_accepted()?;
        if self.success {
            Ok(())
        } else {
            Err(self.failure_description("a decoded success response"))
        }
    }

    /// Prism accepted the request and answered with `status`, whose body decoded into the
    /// error variant the generator names after it.
    pub fn check_error_variant(&self, status: u16) -> Result<(), String> {
        self.check_error(status, &status_variant(status))
    }

    /// Prism accepted the request and answered with `status`, whose body decoded into the
    /// error variant `expected`.
    pub fn check_error(&self, status: u16, expected: &str) -> Result<(), String> {
        self.check_accepted()?;
        if self.status == Some(status) && self.variant.as_deref() == Some(expected) {
            Ok(())
        } else {
            Err(self.failure_description(&format!("Error::Api with status {status} and variant {expected}")))
        }
    }

    fn failure_description(&self, expected: &str) -> String {
        let mut text = format!(
            "expected {expected}, got status {}: {}",
            self.status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
            self.detail
        );
        if let Some(body) = &self.body {
            let _ = write!(text, "\n    response body: {}", excerpt(body));
        }
        text
    }
}

/// Prism's `sl-violations` (a JSON array of `{location, severity, code, message}`), one line each.
pub fn format_violations(header: &str) -> String {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(header) else {
        return format!("    {header}");
    };
    items
        .iter()
        .map(|item| {
            let location = item
                .get("location")
                .and_then(serde_json::Value::as_array)
                .map(|parts| parts.iter().map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned)).collect::<Vec<_>>().join("."))
                .unwrap_or_default();
            let message = item.get("message").and_then(serde_json::Value::as_str).unwrap_or_default();
            let code = item.get("code").map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned)).unwrap_or_default();
            format!("    - {location}: {message} [{code}]")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The name of the error variant the generator gives a status (`404`: `NotFound`).
pub fn status_variant(code: u16) -> String {
    emit::variant_name(StatusMatch::Code(code))
}

/// The name of the error variant the generator gives a range of statuses (`4XX`: `ClientError`).
pub fn range_variant(first_digit: u16) -> String {
    emit::variant_name(StatusMatch::Range(first_digit))
}

/// Collects every failed check of a test, so one run reports them all.
#[derive(Debug, Default)]
pub struct Failures {
    failures: Vec<String>,
    notes: Vec<String>,
    checks: usize,
}

impl Failures {
    /// Records the outcome of one check of `what` (e.g. `ai_integrations_get, required arguments`).
    pub fn check(&mut self, what: &str, outcome: Result<(), String>) {
        self.checks += 1;
        if let Err(message) = outcome {
            self.failures.push(format!("{what}: {message}"));
        }
    }

    /// Records a failure directly.
    pub fn fail(&mut self, what: &str, message: impl Into<String>) {
        self.checks += 1;
        self.failures.push(format!("{what}: {}", message.into()));
    }

    /// Records something that was not judged, and why; reported with the result.
    pub fn note(&mut self, what: &str, message: impl Into<String>) {
        self.notes.push(format!("{what}: {}", message.into()));
    }

    /// How many checks ran.
    pub fn checks(&self) -> usize {
        self.checks
    }

    /// Panics listing every failure, if there is any.
    pub fn assert_none(self, summary: &str) {
        let mut notes = String::new();
        if !self.notes.is_empty() {
            let _ = writeln!(notes, "\n{} not judged:", self.notes.len());
            for note in &self.notes {
                let _ = writeln!(notes, "- {note}");
            }
        }
        if self.failures.is_empty() {
            eprintln!("{summary}: {} checks passed{notes}", self.checks);
            return;
        }
        let mut text = format!("{summary}: {} of {} checks failed\n", self.failures.len(), self.checks);
        for failure in &self.failures {
            let _ = writeln!(text, "\n* {failure}");
        }
        panic!("{text}{notes}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_are_listed_one_per_line() {
        let header = r#"[{"location":["request","query","limit"],"severity":"Error","code":"maximum","message":"Request query parameter limit must be <= 100"}]"#;
        assert_eq!(
            format_violations(header),
            "    - request.query.limit: Request query parameter limit must be <= 100 [maximum]"
        );
        let observed = Observed { status: Some(400), violations: Some(header.to_owned()), ..Observed::default() };
        assert!(observed.check_accepted().unwrap_err().contains("limit must be <= 100"));
    }

    #[test]
    fn prism_errors_are_told_apart() {
        let refused = Observed {
            status: Some(422),
            body: Some(r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","validation":[{"location":["body"],"code":"oneOf","message":"Request body must match exactly one schema in oneOf"}]}"#.to_owned()),
            ..Observed::default()
        };
        assert_eq!(refused.prism_error().as_deref(), Some("UNPROCESSABLE_ENTITY"));
        assert!(refused.check_accepted().unwrap_err().contains("[oneOf]"));
        let mute = Observed {
            status: Some(500),
            body: Some(r#"{"type":"https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT"}"#.to_owned()),
            ..Observed::default()
        };
        assert!(mute.check_accepted().is_ok());
        assert!(mute.prism_cannot_answer().is_some());
    }

    #[test]
    fn variants_are_named_after_statuses() {
        assert_eq!(variant_name("NotFound(Problem { title: \"x\" })"), "NotFound");
        assert_eq!(status_variant(429), "TooManyRequests");
        assert_eq!(status_variant(499), "Status499");
        assert_eq!(range_variant(4), "ClientError");
        assert!(same_json(&serde_json::json!({"a": [1]}), &serde_json::json!({"a": [1.0]})));
    }
}
