//! Paginated list operations: which operations page, how, and the methods that follow them.
//!
//! An operation's paging comes from `x-pagination` on it when there is one (`false` turns
//! detection off), otherwise from the shape of its parameters and response ([`detect`]).
//! Either way it is checked against the types ([`check`]), and then the operation gets its
//! `_stream` and `_pages` method names, allocated after every operation's own name so that a
//! derived name never takes one an operation asked for.

mod check;
mod detect;
mod explicit;
mod shape;

use std::collections::HashMap;

use openapiv3::{Parameter as OaParameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

use super::names::Namespace;
use super::refs::SchemaSource;
use super::Lowerer;
use crate::error::{Error, Result};
use crate::ir::{Operation, PageMethods, Pagination, TypeDef};
use crate::pointer::Pointer;
use explicit::Requested;

/// What the document says about one operation's paging that the IR does not keep.
#[derive(Debug)]
pub(super) struct PagingHints {
    /// What `x-pagination` asks for.
    requested: Requested,
    /// Where `x-pagination` is, for errors in it.
    at: Pointer,
    /// Whether a success response declares a `Link` header.
    link_header: bool,
    /// The `default` (else `minimum`) of integer query parameters: where page numbers start.
    first_values: HashMap<String, u64>,
}

impl Lowerer<'_> {
    /// Reads the paging hints of one operation.
    pub(super) fn paging_hints(
        &self,
        op: &openapiv3::Operation,
        shared_parameters: &[ReferenceOr<OaParameter>],
        at: &Pointer,
    ) -> Result<PagingHints> {
        let operation_at = at;
        // Errors about the paging name `x-pagination` where it is written, else the operation.
        let at = if op.extensions.contains_key("x-pagination") { at.push("x-pagination") } else { at.clone() };
        let requested = explicit::requested(op.extensions.get("x-pagination")).map_err(|m| Error::at(at.to_string(), m))?;
        let mut link_header = false;
        for (status, response) in &op.responses.responses {
            if status.to_string().starts_with('2') {
                let response_at = operation_at.push("responses").push(status.to_string());
                let (response, _) = self.resolve(response, &response_at)?;
                link_header |= response.headers.keys().any(|name| name.eq_ignore_ascii_case("link"));
            }
        }
        let mut first_values = HashMap::new();
        let shared_at = operation_at.parent().unwrap_or_default().push("parameters");
        let own_at = operation_at.push("parameters");
        let shared = shared_parameters.iter().enumerate().map(|(i, p)| (p, shared_at.push(i.to_string())));
        for (parameter, parameter_at) in shared.chain(op.parameters.iter().enumerate().map(|(i, p)| (p, own_at.push(i.to_string())))) {
            let (parameter, p_at) = self.resolve(parameter, &parameter_at)?;
            if let OaParameter::Query { parameter_data, .. } = parameter.as_ref()
                && let ParameterSchemaOrContent::Schema(schema) = &parameter_data.format
            {
                let (schema, _) = self.schema_of(SchemaSource::of(schema), &p_at.push("schema"))?;
                if let Some(first) = first_value(&schema) {
                    first_values.insert(parameter_data.name.clone(), first);
                }
            }
        }
        Ok(PagingHints { requested, at, link_header, first_values })
    }
}

/// Where an integer parameter's values start, when its schema says.
fn first_value(schema: &openapiv3::Schema) -> Option<u64> {
    let SchemaKind::Type(Type::Integer(integer)) = &schema.schema_kind else { return None };
    let default = schema.schema_data.default.as_ref().and_then(serde_json::Value::as_u64);
    default.or_else(|| integer.minimum.and_then(|m| u64::try_from(m).ok()))
}

/// Sets [`Operation::pagination`] and [`Operation::page_methods`] of every operation.
pub(super) fn paginate(
    types: &[TypeDef],
    operations: &mut [Operation],
    hints: Vec<PagingHints>,
    methods: &mut Namespace,
) -> Result<()> {
    for (op, hints) in operations.iter_mut().zip(hints) {
        // `x-pagination` on the operation wins over a pagination set beforehand (by settings).
        op.pagination = match (&hints.requested, op.pagination.take()) {
            (Requested::Off, _) => None,
            (Requested::Explicit(pagination), _) => Some(checked(types, op, &hints, pagination.clone())?),
            (Requested::Detect, Some(pagination)) => Some(checked(types, op, &hints, pagination)?),
            (Requested::Detect, None) => detect::detect(types, op, &hints),
        };
    }
    for op in operations.iter_mut().filter(|op| op.pagination.is_some()) {
        op.page_methods = Some(PageMethods {
            stream: methods.unique(&format!("{}_stream", op.method_name)),
            pages: methods.unique(&format!("{}_pages", op.method_name)),
        });
    }
    Ok(())
}

fn checked(types: &[TypeDef], op: &Operation, hints: &PagingHints, pagination: Pagination) -> Result<Pagination> {
    check::check(types, op, &pagination)
        .map_err(|m| Error::at(hints.at.to_string(), format!("the pagination does not fit the operation: {m}")))?;
    Ok(pagination)
}
