//! What changed between two summaries, each change judged breaking or additive by what it
//! does to code written against the older crate: whether that code may stop compiling.

use std::collections::HashMap;

use super::summary::{ApiSummary, Argument, Field, Method, MethodKind, Setter, Shape, Type, Variant};
use super::{Change, Impact};

/// The changes from `old` to `new`, breaking ones first, each group in declaration order.
pub fn diff(old: &ApiSummary, new: &ApiSummary) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_methods(&old.methods, &new.methods, &mut changes);
    diff_types(&old.types, &new.types, &mut changes);
    diff_setters(&old.credentials, &new.credentials, &mut changes);
    // A stable sort keeps declaration order within each group.
    changes.sort_by_key(|c| c.impact != Impact::Breaking);
    changes
}

fn change(impact: Impact, item: String, what: String, spec: &str) -> Change {
    Change { impact, item, what, spec: spec.to_owned() }
}

/// Pairs items of two lists by name: the removed ones (in old order), then the kept and
/// added ones (in new order).
fn pairs<'a, T>(old: &'a [T], new: &'a [T], name: impl Fn(&T) -> &str) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let old_by_name: HashMap<&str, &T> = old.iter().map(|t| (name(t), t)).collect();
    let new_names: std::collections::HashSet<&str> = new.iter().map(&name).collect();
    let removed = old.iter().filter(|t| !new_names.contains(name(t))).map(|t| (Some(t), None));
    let kept = new.iter().map(|t| (old_by_name.get(name(t)).copied(), Some(t)));
    removed.chain(kept).collect()
}

fn kind_name(kind: MethodKind) -> &'static str {
    match kind {
        MethodKind::Call => "a request",
        MethodKind::Stream => "a stream of items",
        MethodKind::Items => "a stream of every page's items",
        MethodKind::Pages => "a stream of pages",
    }
}

fn method_place(method: &Method) -> String {
    format!("{}, {}", method.operation, method.spec)
}

fn signature(arguments: &[Argument]) -> String {
    let list: Vec<String> = arguments.iter().map(|a| format!("{}: {}", a.name, a.ty)).collect();
    format!("({})", list.join(", "))
}

fn diff_methods(old: &[Method], new: &[Method], changes: &mut Vec<Change>) {
    for pair in pairs(old, new, |m| &m.name) {
        match pair {
            (Some(old), None) => {
                changes.push(change(Impact::Breaking, format!("Client::{}", old.name), "removed".to_owned(), &method_place(old)));
                if old.mock {
                    let what = "stand-in removed (the `mock` feature)".to_owned();
                    changes.push(change(Impact::Breaking, format!("mock::{}", old.name), what, &method_place(old)));
                }
            }
            (None, Some(new)) => {
                let what = format!("added: {} returning {} of `{}`", signature(&new.arguments), kind_name(new.kind), new.returns);
                changes.push(change(Impact::Additive, format!("Client::{}", new.name), what, &method_place(new)));
            }
            (Some(old), Some(new)) => diff_method(old, new, changes),
            (None, None) => {}
        }
    }
}

fn diff_method(old: &Method, new: &Method, changes: &mut Vec<Change>) {
    let item = || format!("Client::{}", new.name);
    let place = method_place(new);
    let breaking = |what: String| change(Impact::Breaking, item(), what, &place);
    let mut found = Vec::new();
    if old.kind != new.kind {
        found.push(breaking(format!("now returns {} (was {})", kind_name(new.kind), kind_name(old.kind))));
    }
    // Positional arguments are matched by place: their names are not part of a call.
    let types = |arguments: &[Argument]| arguments.iter().map(|a| a.ty.clone()).collect::<Vec<_>>();
    if types(&old.arguments) != types(&new.arguments) {
        found.push(breaking(format!("arguments are now {} (were {})", signature(&new.arguments), signature(&old.arguments))));
    }
    if old.returns != new.returns {
        found.push(breaking(format!("now yields `{}` (was `{}`)", new.returns, old.returns)));
    }
    if old.error != new.error {
        found.push(breaking(format!("errors are now `{}` (were `{}`)", new.error, old.error)));
    }
    for pair in pairs(&old.options, &new.options, |a| &a.name) {
        match pair {
            (Some(old), None) => found.push(breaking(format!("optional parameter `{}` removed", old.name))),
            (Some(old), Some(new)) if old.ty != new.ty => {
                found.push(breaking(format!("optional parameter `{}` is now `{}` (was `{}`)", new.name, new.ty, old.ty)));
            }
            (None, Some(new)) => {
                let what = format!("new optional parameter `{}: {}`", new.name, new.ty);
                found.push(change(Impact::Additive, item(), what, &place));
            }
            _ => {}
        }
    }
    changes.extend(found);
}

fn diff_setters(old: &[Setter], new: &[Setter], changes: &mut Vec<Change>) {
    let item = |setter: &Setter| format!("ClientBuilder::{}", setter.name);
    for pair in pairs(old, new, |s| &s.name) {
        match pair {
            (Some(old), None) => changes.push(change(Impact::Breaking, item(old), "credential setter removed".to_owned(), &old.spec)),
            (Some(old), Some(new)) if old.takes != new.takes => {
                let what = format!("now takes {} (took {})", new.takes, old.takes);
                changes.push(change(Impact::Breaking, item(new), what, &new.spec));
            }
            (None, Some(new)) => changes.push(change(Impact::Additive, item(new), format!("credential setter added, taking {}", new.takes), &new.spec)),
            _ => {}
        }
    }
}

fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Struct { .. } => "a struct",
        Shape::Enum { .. } => "an enum",
        Shape::Constants { .. } => "an integer newtype with constants",
        Shape::Alias { .. } => "a type alias",
        Shape::Const { .. } => "a constant unit struct",
    }
}

fn diff_types(old: &[Type], new: &[Type], changes: &mut Vec<Change>) {
    for pair in pairs(old, new, |t| &t.path) {
        match pair {
            (Some(old), None) => changes.push(change(Impact::Breaking, old.path.clone(), format!("{} removed", shape_name(&old.shape).split_once(' ').map_or("", |(_, kind)| kind)), &old.spec)),
            (None, Some(new)) => changes.push(change(Impact::Additive, new.path.clone(), format!("{} added", shape_name(&new.shape).split_once(' ').map_or("", |(_, kind)| kind)), &new.spec)),
            (Some(old), Some(new)) => diff_type(old, new, changes),
            (None, None) => {}
        }
    }
}

fn diff_type(old: &Type, new: &Type, changes: &mut Vec<Change>) {
    let breaking = |what: String| change(Impact::Breaking, new.path.clone(), what, &new.spec);
    if old.sent && !new.sent {
        changes.push(breaking("no longer sent by the client: its `Serialize` impl now needs the crate's `serialize` feature".to_owned()));
    }
    match (&old.shape, &new.shape) {
        (Shape::Struct { exhaustive: was, fields: old_fields }, Shape::Struct { exhaustive, fields }) => {
            if *exhaustive != *was {
                let impact = if *exhaustive { Impact::Additive } else { Impact::Breaking };
                let what = if *exhaustive { "no longer `#[non_exhaustive]`" } else { "now `#[non_exhaustive]`: struct literals outside the crate stop compiling" };
                changes.push(change(impact, new.path.clone(), what.to_owned(), &new.spec));
            }
            diff_fields(new, old_fields, fields, *exhaustive, changes);
        }
        (Shape::Enum { exhaustive: was, fallback: old_fallback, variants: old_variants }, Shape::Enum { exhaustive, fallback, variants }) => {
            if *was && !*exhaustive {
                changes.push(breaking("now `#[non_exhaustive]`: a `match` on it needs a wildcard arm".to_owned()));
            }
            if let (Some(old_fallback), None) = (old_fallback, fallback) {
                changes.push(breaking(format!("variant `{old_fallback}` removed: values this client does not know now fail to decode")));
            }
            diff_variants(new, old_variants, variants, *exhaustive, fallback.as_deref(), changes);
        }
        (Shape::Constants { constants: old_constants }, Shape::Constants { constants }) => {
            for pair in pairs(old_constants, constants, |c| &c.name) {
                match pair {
                    (Some(old), None) => changes.push(breaking(format!("constant `{}` ({}) removed", old.name, old.value))),
                    (Some(old), Some(new)) if old.value != new.value => {
                        changes.push(breaking(format!("constant `{}` is now {} (was {})", new.name, new.value, old.value)));
                    }
                    (None, Some(added)) => {
                        let what = format!("new constant `{}` ({}); any value decoded before as well", added.name, added.value);
                        changes.push(change(Impact::Additive, new.path.clone(), what, &new.spec));
                    }
                    _ => {}
                }
            }
        }
        (Shape::Alias { target: was }, Shape::Alias { target }) if was != target => {
            changes.push(breaking(format!("now stands for `{target}` (was `{was}`)")));
        }
        (Shape::Const { value: was }, Shape::Const { value }) if was != value => {
            changes.push(breaking(format!("now always `{value}` (was `{was}`)")));
        }
        (was, now) if std::mem::discriminant(was) != std::mem::discriminant(now) => {
            changes.push(breaking(format!("is now {} (was {})", shape_name(now), shape_name(was))));
        }
        _ => {}
    }
}

fn diff_fields(owner: &Type, old: &[Field], new: &[Field], exhaustive: bool, changes: &mut Vec<Change>) {
    let item = |field: &Field| format!("{}.{}", owner.path, field.name);
    for pair in pairs(old, new, |f| &f.name) {
        match pair {
            (Some(old), None) => changes.push(change(Impact::Breaking, item(old), "field removed".to_owned(), &old.spec)),
            (Some(old), Some(new)) if old.ty != new.ty => {
                let what = match (old.required, new.required) {
                    (false, true) => format!("now required: `{}` (was `{}`)", new.ty, old.ty),
                    (true, false) => format!("now optional: `{}` (was `{}`)", new.ty, old.ty),
                    _ => format!("now `{}` (was `{}`)", new.ty, old.ty),
                };
                changes.push(change(Impact::Breaking, item(new), what, &new.spec));
            }
            (None, Some(added)) => changes.push(field_added(owner, added, exhaustive, item(added))),
            _ => {}
        }
    }
}

/// A new field breaks a struct literal, which must name every field; behind
/// `#[non_exhaustive]` only a new required field of a type the caller builds does.
fn field_added(owner: &Type, field: &Field, exhaustive: bool, item: String) -> Change {
    let requirement = if field.required { "required" } else { "optional" };
    let (impact, why) = match (exhaustive, field.required && owner.sent) {
        (true, _) => (Impact::Breaking, ": struct literals must name it"),
        (false, true) => (Impact::Breaking, ": callers that build the type must give it"),
        (false, false) => (Impact::Additive, ""),
    };
    change(impact, item, format!("new {requirement} field `{}`{why}", field.ty), &field.spec)
}

fn diff_variants(owner: &Type, old: &[Variant], new: &[Variant], exhaustive: bool, fallback: Option<&str>, changes: &mut Vec<Change>) {
    let item = |variant: &Variant| format!("{}::{}", owner.path, variant.name);
    let payload = |variant: &Variant| variant.ty.as_ref().map_or_else(String::new, |ty| format!(" holding `{ty}`"));
    for pair in pairs(old, new, |v| &v.name) {
        match pair {
            (Some(old), None) => changes.push(change(Impact::Breaking, item(old), "variant removed".to_owned(), &old.spec)),
            (Some(old), Some(new)) if old.ty != new.ty => {
                let what = format!("now holds `{}` (was `{}`)", new.ty.as_deref().unwrap_or("nothing"), old.ty.as_deref().unwrap_or("nothing"));
                changes.push(change(Impact::Breaking, item(new), what, &new.spec));
            }
            (None, Some(added)) => {
                let known = fallback.map(|f| format!("; the API's value decoded as `{f}` before")).unwrap_or_default();
                let (impact, why) = if exhaustive {
                    (Impact::Breaking, format!(": a `match` without a wildcard arm must handle it{known}"))
                } else {
                    (Impact::Additive, format!(" (the enum is `#[non_exhaustive]`){known}"))
                };
                changes.push(change(impact, item(added), format!("new variant{}{why}", payload(added)), &added.spec));
            }
            _ => {}
        }
    }
}
