//! Support for unions chosen by a discriminator property (`oneOf` with `discriminator`).

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};

/// Serializes `value` with `property: tag` set, adding the property when the value's own
/// type does not carry it.
#[doc(hidden)]
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let Some(object) = json.as_object_mut() {
        object.entry(property).or_insert_with(|| tag.into());
    }
    json.serialize(serializer)
}

/// Decodes the alternative a discriminator selected from the whole JSON object.
#[doc(hidden)]
pub fn from_tagged<T: DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}
