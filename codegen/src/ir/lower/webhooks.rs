//! `webhooks` and operation `callbacks`: the requests an API sends to its users' servers.

use openapiv3::{PathItem, ReferenceOr};

use super::names::{Namespace, type_name};
use super::operation::parse_method;
use super::Lowerer;
use crate::error::{Error, Result};
use crate::ir::Webhook;
use crate::pointer::Pointer;

/// One webhook operation found in the document, before lowering.
struct Found {
    name: String,
    url: Option<String>,
    /// For a callback, where its operation is.
    callback_of: Option<Pointer>,
    method: &'static str,
    operation: openapiv3::Operation,
    at: Pointer,
}

impl Lowerer<'_> {
    /// Every webhook (in `webhooks` order) and then every callback (in path order).
    pub(super) fn webhooks(&mut self) -> Result<Vec<Webhook>> {
        let mut found = self.declared_webhooks()?;
        found.extend(self.callbacks());
        let mut per_name = std::collections::HashMap::<&str, usize>::new();
        for f in &found {
            *per_name.entry(f.name.as_str()).or_default() += 1;
        }
        let mut variants = Namespace::default();
        let mut webhooks = Vec::with_capacity(found.len());
        for f in &found {
            let base = if per_name[f.name.as_str()] > 1 { format!("{} {}", f.name, f.method) } else { f.name.clone() };
            let variant = variants.unique(&type_name(&base));
            let body = match &f.operation.request_body {
                Some(body) => Some(self.request_body(body, &format!("{variant}Event"), &f.at.push("requestBody"))?.content),
                None => None,
            };
            webhooks.push(Webhook {
                name: f.name.clone(),
                operation_id: f.operation.operation_id.clone(),
                variant,
                method: parse_method(f.method),
                url: f.url.clone(),
                callback_of: f.callback_of.as_ref().map(Pointer::to_string),
                tags: f.operation.tags.clone(),
                summary: f.operation.summary.clone(),
                description: f.operation.description.clone(),
                payload: body,
                pointer: f.at.to_string(),
            });
        }
        Ok(webhooks)
    }

    /// OpenAPI 3.1's top-level `webhooks`, which the 3.0 model does not hold.
    fn declared_webhooks(&self) -> Result<Vec<Found>> {
        let base = Pointer::root().push("webhooks");
        let Some(serde_json::Value::Object(declared)) = self.raw_at(&base) else { return Ok(Vec::new()) };
        let mut found = Vec::new();
        for (name, item) in declared {
            let at = base.push(name);
            let item: ReferenceOr<PathItem> = serde::Deserialize::deserialize(item)
                .map_err(|e| Error::at(at.to_string(), format!("not a valid path item: {e}")))?;
            let (item, item_at) = self.resolve(&item, &at)?;
            for (method, operation) in item.iter() {
                found.push(Found {
                    name: name.clone(),
                    url: None,
                    callback_of: None,
                    method: method_name(method),
                    operation: operation.clone(),
                    at: item_at.push(method),
                });
            }
        }
        Ok(found)
    }

    fn callbacks(&self) -> Vec<Found> {
        let mut found = Vec::new();
        let paths = Pointer::root().push("paths");
        for (key, item) in self.doc.path_items() {
            let Some(item) = item.as_item() else { continue };
            for (method, operation) in item.iter() {
                for (name, callback) in &operation.callbacks {
                    for (expression, item) in callback {
                        let item_at = paths.push(key).push(method).push("callbacks").push(name).push(expression);
                        for (callback_method, callback_operation) in item.iter() {
                            found.push(Found {
                                name: name.clone(),
                                url: Some(expression.clone()),
                                callback_of: Some(paths.push(key).push(method)),
                                method: method_name(callback_method),
                                operation: callback_operation.clone(),
                                at: item_at.push(callback_method),
                            });
                        }
                    }
                }
            }
        }
        found
    }
}

fn method_name(method: &str) -> &'static str {
    crate::load::METHODS.iter().find(|m| **m == method).copied().unwrap_or("post")
}
