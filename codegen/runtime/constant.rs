//! Values that can only be one thing (`const` in the API description).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// Accepts exactly the string `expected`.
#[doc(hidden)]
pub fn expect_str<'de, D: Deserializer<'de>>(deserializer: D, expected: &'static str) -> Result<(), D::Error> {
    struct Exactly(&'static str);

    impl Visitor<'_> for Exactly {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "the string `{}`", self.0)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
            if value == self.0 {
                Ok(())
            } else {
                Err(E::invalid_value(de::Unexpected::Str(value), &self))
            }
        }
    }

    deserializer.deserialize_str(Exactly(expected))
}

/// Accepts exactly the JSON value written as `expected`.
#[doc(hidden)]
pub fn expect_json<'de, D: Deserializer<'de>>(deserializer: D, expected: &'static str) -> Result<(), D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let wanted: serde_json::Value = serde_json::from_str(expected).map_err(de::Error::custom)?;
    if value == wanted {
        Ok(())
    } else {
        Err(de::Error::custom(format_args!("expected `{expected}`, found `{value}`")))
    }
}

/// Writes the JSON value written as `json`.
#[doc(hidden)]
pub fn serialize_json_text<S: Serializer>(serializer: S, json: &'static str) -> Result<S::Ok, S::Error> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(serde::ser::Error::custom)?;
    value.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug)]
    struct Tag;

    impl<'de> Deserialize<'de> for Tag {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::expect_str(deserializer, "message").map(|()| Tag)
        }
    }

    #[test]
    fn accepts_only_its_value() {
        assert!(serde_json::from_str::<Tag>("\"message\"").is_ok());
        let error = serde_json::from_str::<Tag>("\"error\"").unwrap_err().to_string();
        assert!(error.contains("the string `message`"), "{error}");
    }

    #[test]
    fn json_constants_compare_as_values() {
        let de = &mut serde_json::Deserializer::from_str("{\"b\": 2, \"a\": 1}");
        assert!(super::expect_json(de, "{\"a\":1,\"b\":2}").is_ok());
        let de = &mut serde_json::Deserializer::from_str("3");
        assert!(super::expect_json(de, "2").is_err());
    }
}
