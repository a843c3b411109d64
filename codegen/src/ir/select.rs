//! Generating a subset: the operations and webhooks a [`Selection`] chooses, and only the types
//! they reach.
//!
//! The pass runs on the IR of the whole document, so every name is the one the whole document
//! gives it: choosing one more operation adds types and never renames one, and the same
//! selection always gives the same crate. A type is kept when the chosen operations'
//! parameters, bodies and responses, or the chosen webhooks' payloads, reach it through
//! fields, union variants and aliases. That covers every way a schema uses another: a `$ref`
//! is an alias or a field's type, `allOf` members are merged into fields, `oneOf`/`anyOf`
//! members and the targets of a discriminator mapping are variants. It is exactly what the
//! generated code refers to, so nothing it needs can be pruned, and nothing else is kept.

use super::{
    Api, Content, ErrorVariant, ItemStream, Method, Operation, Parameter, RequestBody, Response, TypeDef, TypeId, TypeKind,
    TypeRef, Webhook,
};
use crate::error::Result;
use crate::settings::{Place, Rules, Selection, Setting};

/// The operations and webhooks `selection` chooses (callbacks go with their operation), and
/// the types they reach; every rule must choose something.
pub fn select(mut api: Api, selection: &Selection) -> Result<Api> {
    if selection.is_everything() {
        return Ok(api);
    }
    let mut include = selection.include.as_ref().map(RuleUse::new);
    let mut exclude = RuleUse::new(&selection.exclude);
    let mut choose = |candidate: &Candidate<'_>| {
        let included = include.as_mut().is_none_or(|rules| rules.matches(candidate));
        let excluded = exclude.matches(candidate);
        included && !excluded
    };
    let keep_operations: Vec<bool> = api.operations.iter().map(|op| choose(&Candidate::operation(op))).collect();
    let keep_webhooks: Vec<bool> = api
        .webhooks
        .iter()
        .map(|webhook| match &webhook.callback_of {
            None => choose(&Candidate::webhook(webhook)),
            Some(owner) => {
                let owner = api.operations.iter().position(|op| op.pointer == *owner);
                owner.is_some_and(|i| keep_operations[i])
            }
        })
        .collect();
    if let Some(include) = &include {
        include.check(&api)?;
    }
    exclude.check(&api)?;
    if !keep_operations.iter().chain(&keep_webhooks).any(|keep| *keep) {
        let place = exclude.first_place().or_else(|| include.as_ref().and_then(RuleUse::first_place));
        let place = place.cloned().unwrap_or_else(|| Place::flag("the selection"));
        return Err(place.error("the selection keeps nothing: `exclude` removes every operation and webhook that is chosen"));
    }
    api.operations = retain(std::mem::take(&mut api.operations), &keep_operations);
    api.webhooks = retain(std::mem::take(&mut api.webhooks), &keep_webhooks);
    prune_types(&mut api);
    Ok(api)
}

fn retain<T>(items: Vec<T>, keep: &[bool]) -> Vec<T> {
    items.into_iter().zip(keep).filter(|(_, keep)| **keep).map(|(item, _)| item).collect()
}

/// What rules look at in an operation or a webhook.
struct Candidate<'a> {
    operation_id: Option<&'a str>,
    tags: &'a [String],
    /// Operations only.
    path: Option<(Method, &'a str)>,
    /// Webhooks only: the event name.
    event: Option<&'a str>,
}

impl<'a> Candidate<'a> {
    fn operation(op: &'a Operation) -> Self {
        Candidate { operation_id: Some(&op.id), tags: &op.tags, path: Some((op.method, &op.path)), event: None }
    }

    fn webhook(webhook: &'a Webhook) -> Self {
        Candidate { operation_id: webhook.operation_id.as_deref(), tags: &webhook.tags, path: None, event: Some(&webhook.name) }
    }
}

/// Rules and how often each has matched, so a rule that matches nothing can be named.
struct RuleUse<'s> {
    rules: &'s Rules,
    tags: Vec<usize>,
    operations: Vec<usize>,
    paths: Vec<usize>,
    webhooks: Vec<usize>,
}

impl<'s> RuleUse<'s> {
    fn new(rules: &'s Rules) -> Self {
        RuleUse {
            rules,
            tags: vec![0; rules.tags.len()],
            operations: vec![0; rules.operations.len()],
            paths: vec![0; rules.paths.len()],
            webhooks: vec![0; rules.webhooks.len()],
        }
    }

    /// Whether any rule matches; every rule is tried, so each one's count is right.
    fn matches(&mut self, candidate: &Candidate<'_>) -> bool {
        let mut any = false;
        let mut count = |hit: bool, counter: &mut usize| {
            *counter += usize::from(hit);
            any |= hit;
        };
        for (rule, counter) in self.rules.tags.iter().zip(&mut self.tags) {
            count(candidate.tags.contains(&rule.value), counter);
        }
        for (rule, counter) in self.rules.operations.iter().zip(&mut self.operations) {
            count(candidate.operation_id == Some(rule.value.as_str()), counter);
        }
        for (rule, counter) in self.rules.paths.iter().zip(&mut self.paths) {
            count(candidate.path.is_some_and(|(method, path)| rule.value.matches(method, path)), counter);
        }
        for (rule, counter) in self.rules.webhooks.iter().zip(&mut self.webhooks) {
            count(candidate.event.is_some_and(|event| rule.value.matches(event)), counter);
        }
        any
    }

    /// The first rule that matched nothing, as an error that says what there is instead.
    fn check(&self, api: &Api) -> Result<()> {
        if let Some(rule) = unused(&self.rules.tags, &self.tags) {
            let tags: Vec<&str> = sorted_unique(api.operations.iter().flat_map(|op| &op.tags).chain(api.webhooks.iter().flat_map(|w| &w.tags)));
            return Err(rule.place.error(format!("no operation or webhook has the tag `{}`; {}", rule.value, listing("tags", &tags))));
        }
        if let Some(rule) = unused(&self.rules.operations, &self.operations) {
            let wanted = super::snake_name(&rule.value);
            let ids = api.operations.iter().map(|op| op.id.as_str()).chain(api.webhooks.iter().filter_map(|w| w.operation_id.as_deref()));
            let hint = match ids.into_iter().find(|id| super::snake_name(id) == wanted) {
                Some(close) => format!("; did you mean `{close}`?"),
                None => "; operationIds match exactly, as the spec writes them".to_owned(),
            };
            return Err(rule.place.error(format!("no operation or webhook has the operationId `{}`{hint}", rule.value)));
        }
        if let Some(rule) = unused(&self.rules.paths, &self.paths) {
            return Err(rule.place.error(format!(
                "`{}{}` matches no operation; `*` matches within one path segment, `**` any number of segments, and the rest must be as the spec writes it (`{{owner}}` included)",
                rule.value.method.map(|m| format!("{} ", m.as_str())).unwrap_or_default(),
                rule.value.path.as_str()
            )));
        }
        if let Some(rule) = unused(&self.rules.webhooks, &self.webhooks) {
            let events: Vec<&str> = sorted_unique(api.webhooks.iter().filter(|w| w.callback_of.is_none()).map(|w| &w.name));
            return Err(rule.place.error(format!("`{}` matches no webhook; {}", rule.value.as_str(), listing("webhooks", &events))));
        }
        Ok(())
    }

    fn first_place(&self) -> Option<&'s Place> {
        let rules = self.rules;
        let places = rules.tags.iter().map(|r| &r.place).chain(rules.operations.iter().map(|r| &r.place));
        let places = places.chain(rules.paths.iter().map(|r| &r.place)).chain(rules.webhooks.iter().map(|r| &r.place));
        places.min_by_key(|place| place.line)
    }
}

fn unused<'r, T>(rules: &'r [Setting<T>], counts: &[usize]) -> Option<&'r Setting<T>> {
    rules.iter().zip(counts).find(|(_, count)| **count == 0).map(|(rule, _)| rule)
}

fn sorted_unique<'a>(items: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let mut items: Vec<&str> = items.map(String::as_str).collect();
    items.sort_unstable();
    items.dedup();
    items
}

/// `the spec's tags are a, b, c` (the first 20), or that it has none.
fn listing(what: &str, items: &[&str]) -> String {
    const SHOWN: usize = 20;
    match items.len() {
        0 => format!("the spec has no {what}"),
        n if n <= SHOWN => format!("the spec's {what} are {}", items.join(", ")),
        n => format!("the spec's {what} are {}, and {} more", items[..SHOWN].join(", "), n - SHOWN),
    }
}

/// Drops the types nothing kept reaches, keeping the order (and names) of the rest.
fn prune_types(api: &mut Api) {
    let mut reached = vec![false; api.types.len()];
    let mut pending = Vec::new();
    let mut reach = |id: &mut TypeId| {
        if !reached[id.0] {
            reached[id.0] = true;
            pending.push(id.0);
        }
    };
    for op in &mut api.operations {
        operation_types(op, &mut reach);
    }
    for webhook in &mut api.webhooks {
        webhook_types(webhook, &mut reach);
    }
    while let Some(next) = pending.pop() {
        definition_types(&mut api.types[next].kind, &mut |id: &mut TypeId| {
            if !reached[id.0] {
                reached[id.0] = true;
                pending.push(id.0);
            }
        });
    }
    let mut new_ids = Vec::with_capacity(reached.len());
    let mut kept = 0;
    for reached in &reached {
        new_ids.push(reached.then_some(TypeId(kept)));
        kept += usize::from(*reached);
    }
    let mut renumber = |id: &mut TypeId| *id = new_ids[id.0].expect("a kept item refers only to reached types");
    let types = std::mem::take(&mut api.types).into_iter().zip(&reached).filter(|(_, r)| **r).map(|(def, _)| def);
    api.types = types
        .map(|mut def: TypeDef| {
            definition_types(&mut def.kind, &mut renumber);
            def
        })
        .collect();
    for op in &mut api.operations {
        operation_types(op, &mut renumber);
    }
    for webhook in &mut api.webhooks {
        webhook_types(webhook, &mut renumber);
    }
}

// The visitors below name every field, so that a field added to the IR makes this module
// fail to compile until someone decides whether it refers to types.

fn operation_types(op: &mut Operation, f: &mut impl FnMut(&mut TypeId)) {
    let Operation {
        id: _,
        method_name: _,
        method: _,
        path: _,
        fixed_query: _,
        pointer: _,
        summary: _,
        description: _,
        deprecated: _,
        tags: _,
        parameters,
        body,
        success,
        errors,
        security: _,
        names: _,
        // Field paths by wire name and method names; no types.
        pagination: _,
        page_methods: _,
        // Method names and a body property's name.
        streaming: _,
    } = op;
    for Parameter { ty, name: _, location: _, required: _, description: _, deprecated: _, style: _, explode: _, example: _ } in parameters {
        named_types(ty, f);
    }
    if let Some(RequestBody { content, required: _, description: _, part_content_types: _ }) = body {
        content_types(content, f);
    }
    for Response { content, status: _, description: _, stream } in success.iter_mut().chain(errors) {
        if let Some(content) = content {
            content_types(content, f);
        }
        if let Some(ItemStream { item, media_type: _, framing: _, error_variant }) = stream {
            named_types(item, f);
            if let Some(ErrorVariant { ty, name: _ }) = error_variant {
                named_types(ty, f);
            }
        }
    }
}

fn webhook_types(webhook: &mut Webhook, f: &mut impl FnMut(&mut TypeId)) {
    let Webhook {
        name: _,
        operation_id: _,
        variant: _,
        method: _,
        url: _,
        callback_of: _,
        tags: _,
        summary: _,
        description: _,
        payload,
        pointer: _,
    } = webhook;
    if let Some(content) = payload {
        content_types(content, f);
    }
}

fn content_types(content: &mut Content, f: &mut impl FnMut(&mut TypeId)) {
    match content {
        Content::Json(ty) | Content::Form(ty) | Content::Multipart(ty) => named_types(ty, f),
        Content::Text { media_type: _ } | Content::Bytes { media_type: _ } => {}
    }
}

fn definition_types(kind: &mut TypeKind, f: &mut impl FnMut(&mut TypeId)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                named_types(&mut field.ty, f);
            }
            if let Some(additional) = &mut s.additional {
                named_types(additional, f);
            }
        }
        TypeKind::Union(union) => {
            for variant in &mut union.variants {
                named_types(&mut variant.ty, f);
            }
        }
        TypeKind::Alias(target) => named_types(target, f),
        TypeKind::Enum(_) | TypeKind::IntegerEnum(_) | TypeKind::Const(_) => {}
    }
}

fn named_types(ty: &mut TypeRef, f: &mut impl FnMut(&mut TypeId)) {
    match ty {
        TypeRef::Named(id) => f(id),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_types(inner, f),
        TypeRef::Tuple(items) => items.iter_mut().for_each(|item| named_types(item, f)),
        TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_are_short() {
        assert_eq!(listing("tags", &["a", "b"]), "the spec's tags are a, b");
        assert_eq!(listing("tags", &[]), "the spec has no tags");
        let many: Vec<String> = (0..25).map(|i| format!("t{i:02}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(listing("tags", &many).ends_with("t19, and 5 more"));
    }

    #[test]
    fn every_named_type_in_a_reference_is_visited() {
        let mut ty = TypeRef::Tuple(vec![
            TypeRef::Array(Box::new(TypeRef::Named(TypeId(3)))),
            TypeRef::Nullable(Box::new(TypeRef::Map(Box::new(TypeRef::Named(TypeId(5)))))),
            TypeRef::Any,
        ]);
        let mut seen = Vec::new();
        named_types(&mut ty, &mut |id| seen.push(id.0));
        assert_eq!(seen, [3, 5]);
    }
}
