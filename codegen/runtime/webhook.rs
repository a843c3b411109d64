//! Decoding the requests an API sends to its users' servers (webhooks and callbacks).

use std::fmt;

use serde::de::DeserializeOwned;

/// Why the body of an incoming webhook request could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The API description declares no event of this name.
    UnknownEvent {
        /// The name asked for.
        name: String,
    },
    /// The body does not match the event's schema.
    Body {
        /// The event's name.
        event: &'static str,
        /// Where in the body decoding failed, e.g. `data.items[3].id` (`.` for the top).
        path: String,
        /// What was wrong there.
        message: String,
    },
}

impl WebhookError {
    #[doc(hidden)]
    pub fn unknown_event(name: &str) -> Self {
        WebhookError::UnknownEvent { name: name.to_owned() }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::UnknownEvent { name } => write!(f, "no webhook event is called `{name}`"),
            WebhookError::Body { event, path, message } => {
                write!(f, "the `{event}` event's body does not decode at `{path}`: {message}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// Decodes a JSON event body.
#[doc(hidden)]
pub fn decode_event_json<T: DeserializeOwned>(event: &'static str, body: &[u8]) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|e| WebhookError::Body {
        event,
        path: super::json_path::path_at(body, e.line(), e.column()),
        message: e.to_string(),
    })
}

/// Takes an event body as UTF-8 text.
#[doc(hidden)]
pub fn decode_event_text(event: &'static str, body: &[u8]) -> Result<String, WebhookError> {
    String::from_utf8(body.to_vec()).map_err(|e| WebhookError::Body { event, path: ".".to_owned(), message: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Pet {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn body_errors_name_the_field() {
        let error = decode_event_json::<Pet>("newPet", br#"{"name": 5}"#).unwrap_err();
        match &error {
            WebhookError::Body { event, path, .. } => {
                assert_eq!(*event, "newPet");
                assert_eq!(path, "name");
            }
            other => panic!("{other:?}"),
        }
        assert!(error.to_string().starts_with("the `newPet` event's body does not decode at `name`"), "{error}");
    }
}
