//! Resolving `$ref`: local JSON pointers, followed through chains, with clear errors.

use std::borrow::Cow;

use openapiv3::{ReferenceOr, Schema};
use serde::de::DeserializeOwned;

use super::Lowerer;
use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// How far a chain of references may go before it is taken for a cycle.
const MAX_REFERENCE_HOPS: usize = 32;

/// A schema as it stands in the document: a reference, or written out in place.
#[derive(Clone, Copy)]
pub(super) enum SchemaSource<'s> {
    Reference(&'s str),
    Inline(&'s Schema),
}

impl<'s> SchemaSource<'s> {
    pub(super) fn of(schema: &'s ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaSource::Reference(reference),
            ReferenceOr::Item(schema) => SchemaSource::Inline(schema),
        }
    }

    pub(super) fn of_boxed(schema: &'s ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaSource::Reference(reference),
            ReferenceOr::Item(schema) => SchemaSource::Inline(schema),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The item a reference points at (following chains), and where it is.
    pub(super) fn resolve<'b, T>(&self, item: &'b ReferenceOr<T>, at: &Pointer) -> Result<(Cow<'b, T>, Pointer)>
    where
        T: DeserializeOwned + Clone,
    {
        match item {
            ReferenceOr::Item(item) => Ok((Cow::Borrowed(item), at.clone())),
            ReferenceOr::Reference { reference } => {
                let (value, pointer) = self.follow(reference, at)?;
                let item = T::deserialize(value).map_err(|e| {
                    Error::at(pointer.to_string(), format!("the referenced object is not valid here: {e}"))
                })?;
                Ok((Cow::Owned(item), pointer))
            }
        }
    }

    /// The raw JSON a reference points at, following `$ref` chains.
    pub(super) fn follow(&self, reference: &str, at: &Pointer) -> Result<(&'a serde_json::Value, Pointer)> {
        let doc: &'a crate::load::Document = self.doc;
        let mut reference = reference.to_owned();
        for _ in 0..MAX_REFERENCE_HOPS {
            let written = parse_local(&reference, at)?;
            let (value, pointer) = doc.resolve_reference(&written).ok_or_else(|| {
                Error::at(
                    at.to_string(),
                    format!("$ref '{reference}' not found; define it or correct the reference"),
                )
            })?;
            match value.get("$ref").and_then(|r| r.as_str()) {
                Some(next) => reference = next.to_owned(),
                None => return Ok((value, pointer)),
            }
        }
        Err(Error::at(at.to_string(), format!("$ref '{reference}' is part of a reference cycle")))
    }

    /// The node at a place in the (converted) document.
    pub(super) fn raw_at(&self, at: &Pointer) -> Option<&'a serde_json::Value> {
        let doc: &'a crate::load::Document = self.doc;
        at.resolve(&doc.raw)
    }

    /// The node a schema stands for: itself, or what its `$ref` chain ends at.
    pub(super) fn raw_schema(&self, node: &'a serde_json::Value, at: &Pointer) -> Option<(&'a serde_json::Value, Pointer)> {
        match node.get("$ref").and_then(|r| r.as_str()) {
            Some(reference) => self.follow(reference, at).ok(),
            None => Some((node, at.clone())),
        }
    }

    /// The schema a source stands for, read from the document when it is a reference.
    pub(super) fn schema_of<'s>(&self, source: SchemaSource<'s>, at: &Pointer) -> Result<(Cow<'s, Schema>, Pointer)> {
        match source {
            SchemaSource::Inline(schema) => Ok((Cow::Borrowed(schema), at.clone())),
            SchemaSource::Reference(reference) => {
                let (value, pointer) = self.follow(reference, at)?;
                let schema = Schema::deserialize_from(value, &pointer)?;
                Ok((Cow::Owned(schema), pointer))
            }
        }
    }
}

/// Deserializing a schema from raw JSON with a located error.
pub(super) trait DeserializeAt: Sized {
    fn deserialize_from(value: &serde_json::Value, at: &Pointer) -> Result<Self>;
}

impl DeserializeAt for Schema {
    fn deserialize_from(value: &serde_json::Value, at: &Pointer) -> Result<Self> {
        serde::Deserialize::deserialize(value)
            .map_err(|e| Error::at(at.to_string(), format!("not a valid schema: {e}")))
    }
}

fn parse_local(reference: &str, at: &Pointer) -> Result<Pointer> {
    Pointer::parse_reference(reference).ok_or_else(|| {
        Error::at(
            at.to_string(),
            format!(
                "$ref '{reference}' points into another document; only local references \
                 (`#/...`) are supported: bundle the spec into one file first"
            ),
        )
    })
}
