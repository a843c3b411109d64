//! Support for the `Deserialize` impls the generator writes for object types.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// An object type decoded property by property, by code the generator writes for it.
#[doc(hidden)]
pub trait FromProperties: Sized {
    /// What the input should have been, for error messages: `an object (Pet)`.
    const EXPECTING: &'static str;

    /// Reads every property of the object from `map`.
    fn from_properties<'de, M: MapAccess<'de>>(map: M) -> Result<Self, M::Error>;
}

/// The one visitor every object type shares.
#[doc(hidden)]
pub struct ObjectVisitor<T>(PhantomData<T>);

impl<T> ObjectVisitor<T> {
    /// A visitor for `T`.
    pub fn new() -> Self {
        ObjectVisitor(PhantomData)
    }
}

impl<T> Default for ObjectVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: FromProperties> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
        T::from_properties(map)
    }
}

/// A property name, borrowed from the input where the format allows.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The value of a required property, or serde's "missing field" error.
#[doc(hidden)]
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_borrow_where_they_can() {
        let mut de = serde_json::Deserializer::from_str("\"id\"");
        let key = Key::deserialize(&mut de).unwrap();
        assert!(matches!(key.0, Cow::Borrowed("id")));
        let mut de = serde_json::Deserializer::from_str("\"a\\nb\"");
        assert_eq!(Key::deserialize(&mut de).unwrap().into_owned(), "a\nb");
    }

    #[derive(Debug)]
    struct Point {
        x: i64,
        label: Option<String>,
    }

    impl FromProperties for Point {
        const EXPECTING: &'static str = "an object (Point)";

        fn from_properties<'de, M: MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
            let (mut x, mut label) = (None, None);
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "x" => x = Some(map.next_value()?),
                    "label" => label = map.next_value()?,
                    _ => {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
            }
            Ok(Point { x: required(x, "x")?, label })
        }
    }

    impl<'de> Deserialize<'de> for Point {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(ObjectVisitor::<Self>::new())
        }
    }

    #[test]
    fn objects_decode_through_the_shared_visitor() {
        let point: Point = serde_json::from_str(r#"{"label": null, "extra": [1, {"a": 2}], "x": 3}"#).unwrap();
        assert_eq!((point.x, point.label), (3, None));
        let error = serde_json::from_str::<Point>(r#"{"label": "a"}"#).unwrap_err().to_string();
        assert!(error.starts_with("missing field `x`"), "{error}");
        let error = serde_json::from_str::<Point>("[1]").unwrap_err().to_string();
        assert!(error.contains("expected an object (Point)"), "{error}");
    }

    #[test]
    fn a_missing_required_value_is_a_missing_field() {
        let error = required::<u8, serde_json::Error>(None, "id").unwrap_err();
        assert_eq!(error.to_string(), "missing field `id`");
    }
}
