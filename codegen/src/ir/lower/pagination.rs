//! Paginated list operations: which operations page, how, and the methods that follow them.
//!
//! An operation's paging comes from the first of these that says it: our own extension
//! (`x-rust-client-pagination`, or `x-pagination` in our vocabulary; `false` turns paging
//! off), a pagination set by the settings, another tool's extension ([`vendor`]), and the
//! shape of its parameters and response ([`detect`]). Whatever says it is checked against the
//! types ([`check`]): our own extension that does not fit is an error, since it was asked
//! for; a vendor's is a warning, and the operation is detected as if it were not there. Then
//! the operation gets its `_stream` and `_pages` method names, allocated after every
//! operation's own name so that a derived name never takes one an operation asked for.

mod check;
mod detect;
mod explicit;
mod shape;
mod vendor;

use std::collections::HashMap;

use openapiv3::{Parameter as OaParameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

use super::names::Namespace;
use super::refs::SchemaSource;
use super::Lowerer;
use crate::error::{Error, Result, Warning};
use crate::extensions;
use crate::ir::{Operation, PageMethods, Pagination, PaginationStyle, ParamLocation, TypeDef};
use crate::pointer::Pointer;
use explicit::Requested;

/// The kind of the warning for a vendor's pagination extension that cannot be followed.
const IGNORED: &str = "pagination-extension-ignored";

/// What the document says about one operation's paging that the IR does not keep.
#[derive(Debug)]
pub(super) struct PagingHints {
    /// What the operation's extensions ask for.
    requested: Requested,
    /// Where the extension that asks is (else the operation), for what is wrong with it.
    at: Pointer,
    /// Whether a success response declares a `Link` header.
    link_header: bool,
    /// The `default` (else `minimum`) of integer query parameters: where page numbers start.
    first_values: HashMap<String, u64>,
}

impl Lowerer<'_> {
    /// Reads the paging hints of one operation.
    pub(super) fn paging_hints(
        &mut self,
        op: &openapiv3::Operation,
        shared_parameters: &[ReferenceOr<OaParameter>],
        at: &Pointer,
    ) -> Result<PagingHints> {
        let operation_at = at;
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
        let (requested, at) = self.requested_paging(op, operation_at, &first_values)?;
        Ok(PagingHints { requested, at, link_header, first_values })
    }

    /// What the operation's extensions ask for, and where the one that asks is. Ours comes
    /// first; vendors' follow in [`vendor::VENDORS`] order, and one that cannot be read is a
    /// warning and the next is tried.
    fn requested_paging(
        &mut self,
        op: &openapiv3::Operation,
        operation_at: &Pointer,
        first_values: &HashMap<String, u64>,
    ) -> Result<(Requested, Pointer)> {
        let ours = match op.extensions.get(extensions::PAGINATION) {
            Some(value) => Some((extensions::PAGINATION, value)),
            None => op.extensions.get(extensions::OLD_PAGINATION).filter(|value| explicit::is_ours(value)).map(|value| (extensions::OLD_PAGINATION, value)),
        };
        if let Some((name, value)) = ours {
            let at = operation_at.push(name);
            let requested = explicit::requested(name, Some(value)).map_err(|m| Error::at(at.to_string(), m))?;
            return Ok((requested, at));
        }
        let context = vendor::Context { first_values, fern_default: self.doc.raw.get("x-fern-pagination") };
        for (extension, read) in vendor::VENDORS {
            let Some(value) = op.extensions.get(*extension) else { continue };
            let at = operation_at.push(extension);
            match read(value, &context) {
                Ok(vendor::Reading::Off) => return Ok((Requested::Off, at)),
                Ok(vendor::Reading::Paged { items, style }) => return Ok((Requested::Vendor { extension, items, style }, at)),
                Err(why) => self.warnings.push(ignored(&at, extension, &format!("cannot be followed: {why}"))),
            }
        }
        Ok((Requested::Detect, operation_at.clone()))
    }
}

/// The warning for a vendor's extension the generator reads no pagination from.
fn ignored(at: &Pointer, extension: &str, why: &str) -> Warning {
    Warning::at(
        at.to_string(),
        IGNORED,
        format!("`{extension}` {why}; the operation is paged as its shape shows, if it does"),
        format!(
            "remove the extension, or write `{}` on the operation (`false` for no paging) in the spec, an overlay or \
             the settings' `[operations.\"ID\"] pagination`",
            extensions::PAGINATION
        ),
    )
}

/// Where an integer parameter's values start, when its schema says.
fn first_value(schema: &openapiv3::Schema) -> Option<u64> {
    let SchemaKind::Type(Type::Integer(integer)) = &schema.schema_kind else { return None };
    let default = schema.schema_data.default.as_ref().and_then(serde_json::Value::as_u64);
    default.or_else(|| integer.minimum.and_then(|m| u64::try_from(m).ok()))
}

/// Sets [`Operation::pagination`] and [`Operation::page_methods`] of every operation; a
/// vendor's pagination that does not fit its operation adds to `warnings`.
pub(super) fn paginate(
    types: &[TypeDef],
    operations: &mut [Operation],
    hints: Vec<PagingHints>,
    methods: &mut Namespace,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    for (op, hints) in operations.iter_mut().zip(hints) {
        // Our extension on the operation wins over a pagination set beforehand (by settings),
        // which wins over a vendor's.
        op.pagination = match (&hints.requested, op.pagination.take()) {
            (Requested::Off, _) => None,
            (Requested::Explicit(pagination), _) => Some(checked(types, op, &hints, pagination.clone())?),
            (_, Some(pagination)) => Some(checked(types, op, &hints, pagination)?),
            (Requested::Vendor { extension, items, style }, None) => match vendor_pagination(types, op, items, style) {
                Ok(pagination) => Some(pagination),
                Err(why) => {
                    warnings.push(ignored(&hints.at, extension, &format!("does not fit the operation: {why}")));
                    detect::detect(types, op, &hints)
                }
            },
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

/// A vendor's pagination, its list found from the shape where the extension leaves it out,
/// if it fits the operation.
fn vendor_pagination(types: &[TypeDef], op: &Operation, items: &Option<Vec<String>>, style: &PaginationStyle) -> Result<Pagination, String> {
    let items = match items {
        Some(items) => items.clone(),
        None => check::list_body(op)
            .and_then(|body| detect::items_path(types, body))
            .ok_or("it does not say where the items are, and the response has no one list")?,
    };
    let pagination = Pagination { items, style: style.clone() };
    let Err(why) = check::check(types, op, &pagination) else { return Ok(pagination) };
    // A cursor input that is no query parameter of the operation may name a field of its
    // request body (Fern's `$request.` names either).
    if let PaginationStyle::Cursor { param, next_cursor, has_more } = style
        && !op.parameters.iter().any(|p| &p.name == param && p.location == ParamLocation::Query)
    {
        let field = param.split('.').map(str::to_owned).collect();
        let style = PaginationStyle::BodyCursor { field, next_cursor: next_cursor.clone(), has_more: has_more.clone() };
        let in_body = Pagination { items: pagination.items, style };
        if check::check(types, op, &in_body).is_ok() {
            return Ok(in_body);
        }
    }
    Err(why)
}
