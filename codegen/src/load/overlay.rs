//! Edits of the user's document before anything reads it: OpenAPI Overlay 1.0 documents, then
//! the per-operation settings, which become extensions of their operation.
//!
//! An overlay's actions run in order, each on the document the previous one left. `target` is
//! an RFC 9535 JSONPath query; what it selects must be objects or arrays. `update` merges into
//! an object (objects merge recursively, arrays get the update's items appended, anything
//! else is replaced) and is appended to an array (an array's items one by one); `remove: true`
//! takes the selected nodes out of what holds them, and wins over `update`. An action whose
//! target selects nothing is an error, unless the action says `x-rust-client-optional: true`
//! (or, as before the generator's extensions had a namespace, `x-optional: true`).
//!
//! Every edit is a stage of the [`SourceMap`]: a node an edit put in maps to the action (or
//! setting) that wrote it, and removing array items maps the later items back to their places
//! in the user's file, so errors keep naming what the user wrote.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use super::source_map::{Moves, Origin, SourceMap};
use super::text;
use crate::error::{Error, Result, Warning};
use crate::extensions;
use crate::pointer::Pointer;
use crate::settings::{Place, Settings};

/// Everything that edits a document before it is read, in the order it applies.
#[derive(Debug, Clone, Default)]
pub struct Edits {
    /// Overlays, in order.
    pub overlays: Vec<Overlay>,
    /// Extensions set on operations, after every overlay.
    pub operations: Vec<OperationEdit>,
}

impl Edits {
    /// The edits `settings` ask for, overlays read from their files.
    pub fn of(settings: &Settings) -> Result<Self> {
        let overlays = settings.overlays.iter().map(|o| Overlay::read(&o.value, &o.place)).collect::<Result<_>>()?;
        let operations = settings
            .operations
            .iter()
            .map(|op| OperationEdit {
                operation_id: op.operation_id.clone(),
                place: op.place.clone(),
                extensions: op
                    .pagination
                    .iter()
                    .map(|p| (extensions::PAGINATION.to_owned(), p.value.clone(), Arc::new(origin_of(&p.place))))
                    .collect(),
            })
            .collect();
        Ok(Edits { overlays, operations })
    }

    /// Applies every edit to `document`, recording each as a stage of `source_map`.
    pub fn apply(&self, document: &mut Value, source_map: &mut SourceMap) -> Result<()> {
        for overlay in &self.overlays {
            overlay.apply(document, source_map)?;
        }
        let mut moves = Moves::default();
        for edit in &self.operations {
            edit.apply(document, &mut moves)?;
        }
        source_map.push(moves);
        Ok(())
    }
}

fn origin_of(place: &Place) -> Origin {
    Origin { file: place.file.clone(), location: place.to_string() }
}

/// Extensions to set on the operation with an `operationId`, replacing any already there.
#[derive(Debug, Clone)]
pub struct OperationEdit {
    /// The operation's `operationId`.
    pub operation_id: String,
    /// Where the setting is, for the error when no operation has that id.
    pub place: Place,
    /// Key, value, and where the value was written.
    pub extensions: Vec<(String, Value, Arc<Origin>)>,
}

impl OperationEdit {
    fn apply(&self, document: &mut Value, moves: &mut Moves) -> Result<()> {
        let found = operations_with_id(document, &self.operation_id);
        if found.is_empty() {
            return Err(self.place.error(format!(
                "no operation has operationId `{}`; operationIds match exactly (an operation without one can be given one by an overlay)",
                self.operation_id
            )));
        }
        for at in found {
            let Some(Value::Object(operation)) = at.resolve_mut(document) else { continue };
            for (key, value, origin) in &self.extensions {
                operation.insert(key.clone(), value.clone());
                moves.added(at.push(key), origin.clone());
            }
        }
        Ok(())
    }
}

/// Where the operations with `operation_id` are, under `paths` and `components/pathItems`.
fn operations_with_id(document: &Value, operation_id: &str) -> Vec<Pointer> {
    let mut found = Vec::new();
    let places = [Pointer::root().push("paths"), Pointer::root().push("components").push("pathItems")];
    for base in places {
        let Some(Value::Object(items)) = base.resolve(document) else { continue };
        for (key, item) in items {
            for method in super::METHODS {
                let operation = item.get(method);
                if operation.and_then(|op| op.get("operationId")).and_then(Value::as_str) == Some(operation_id) {
                    found.push(base.push(key).push(method));
                }
            }
        }
    }
    found
}

/// A parsed Overlay 1.0 document.
#[derive(Debug, Clone)]
pub struct Overlay {
    file: PathBuf,
    actions: Vec<Action>,
    /// What reading the overlay's text assumed, located in its file.
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone)]
struct Action {
    index: usize,
    target_text: String,
    target: JsonPath,
    change: Change,
    optional: bool,
}

#[derive(Debug, Clone)]
enum Change {
    Update(Value),
    Remove,
}

/// The fields of an overlay and of an action; other keys are errors unless they are `x-`.
const OVERLAY_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

impl Overlay {
    /// Reads the overlay at `path`, which the setting at `place` names.
    pub fn read(path: &Path, place: &Place) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| place.error(format!("cannot read the overlay {}: {e}", path.display())))?;
        Self::parse(&text, path)
    }

    /// Parses an overlay written in `file`; errors name the file and the field or action.
    pub fn parse(text: &str, file: &Path) -> Result<Self> {
        let in_file = |e: Error| e.in_file(file);
        let (tree, warnings) = text::parse_tree(text).map_err(in_file)?;
        let warnings = warnings.into_iter().map(|w| w.in_file(file)).collect();
        let root = tree
            .as_object()
            .ok_or_else(|| in_file(Error::at("", "not an overlay: the top level is not a mapping with `overlay`, `info` and `actions`")))?;
        match root.get("overlay") {
            Some(Value::String(version)) if is_version_1_0(version) => {}
            Some(other) => {
                let version = other.as_str().map_or_else(|| other.to_string(), str::to_owned);
                return Err(in_file(Error::at(
                    "overlay",
                    format!("Overlay `{version}` is not supported: this generator applies Overlay 1.0 documents (`overlay: 1.0.0`)"),
                )));
            }
            None => return Err(in_file(Error::at("", "not an overlay: it has no `overlay: 1.0.0` field"))),
        }
        check_fields(root, OVERLAY_FIELDS, "").map_err(in_file)?;
        check_info(root.get("info")).map_err(in_file)?;
        let actions = match root.get("actions") {
            Some(Value::Array(actions)) if !actions.is_empty() => actions,
            _ => return Err(in_file(Error::at("actions", "an overlay needs `actions`: a list of at least one action"))),
        };
        let actions = actions.iter().enumerate().map(|(i, a)| Action::parse(i, a)).collect::<Result<_>>().map_err(in_file)?;
        Ok(Overlay { file: file.to_path_buf(), actions, warnings })
    }

    /// Applies the actions in order, each a stage of `source_map`.
    pub fn apply(&self, document: &mut Value, source_map: &mut SourceMap) -> Result<()> {
        for action in &self.actions {
            action.apply(&self.file, document, source_map).map_err(|e| e.in_file(&self.file))?;
        }
        Ok(())
    }
}

fn is_version_1_0(version: &str) -> bool {
    version.strip_prefix("1.0.").is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn check_fields(object: &Map<String, Value>, fields: &[&str], at: &str) -> Result<()> {
    match object.keys().find(|k| !fields.contains(&k.as_str()) && !k.starts_with("x-")) {
        Some(unknown) => Err(Error::at(
            format!("{at}{unknown}"),
            format!("unknown field `{unknown}`: Overlay 1.0 has {} (and `x-` extensions)", fields.join(", ")),
        )),
        None => Ok(()),
    }
}

fn check_info(info: Option<&Value>) -> Result<()> {
    let Some(Value::Object(info)) = info else {
        return Err(Error::at("info", "an overlay needs `info` with a `title` and a `version`"));
    };
    check_fields(info, &["title", "version"], "info.")?;
    for key in ["title", "version"] {
        if !matches!(info.get(key), Some(Value::String(_))) {
            return Err(Error::at(format!("info.{key}"), format!("`info.{key}` must be text")));
        }
    }
    Ok(())
}

impl Action {
    fn parse(index: usize, value: &Value) -> Result<Self> {
        let at = format!("actions[{index}]");
        let Value::Object(action) = value else {
            return Err(Error::at(at, "an action is a mapping with a `target` and an `update` or `remove: true`"));
        };
        check_fields(action, ACTION_FIELDS, &format!("{at}."))?;
        let Some(Value::String(target_text)) = action.get("target") else {
            return Err(Error::at(format!("{at}.target"), "an action needs a `target`: a JSONPath query such as `$.paths['/pets'].get`"));
        };
        let target = JsonPath::parse(target_text)
            .map_err(|e| Error::at(format!("{at}.target"), format!("`{target_text}` is not a JSONPath query (RFC 9535): {e}")))?;
        let flag = |key: &str| match action.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(Error::at(format!("{at}.{key}"), format!("`{key}` must be `true` or `false`"))),
        };
        // The namespaced name wins where an action has both.
        let optional = if action.contains_key(extensions::OPTIONAL) { flag(extensions::OPTIONAL)? } else { flag(extensions::OLD_OPTIONAL)? };
        let change = match (flag("remove")?, action.get("update")) {
            (true, _) => Change::Remove,
            (false, Some(update)) => Change::Update(update.clone()),
            (false, None) => {
                return Err(Error::at(at, "the action changes nothing: give it an `update`, or `remove: true`"));
            }
        };
        Ok(Action { index, target_text: target_text.clone(), target, change, optional })
    }

    fn apply(&self, file: &Path, document: &mut Value, source_map: &mut SourceMap) -> Result<()> {
        let mut targets: Vec<Vec<Step>> = self
            .target
            .query_located(document)
            .locations()
            .map(|location| location.iter().map(Step::of).collect())
            .collect();
        if targets.is_empty() {
            if self.optional {
                return Ok(());
            }
            return Err(Error::at(
                format!("actions[{}].target", self.index),
                format!(
                    "`{}` matches nothing in the document; correct the target, or add `x-rust-client-optional: true` to the action if the document may lack it",
                    self.target_text
                ),
            ));
        }
        match &self.change {
            Change::Remove => {
                // Last first: later array items and inner nodes go before what holds them,
                // so no removal moves a node another one still has to find.
                targets.sort();
                targets.dedup();
                for target in targets.iter().rev() {
                    source_map.push(self.remove(document, target)?);
                }
            }
            Change::Update(update) => {
                let origin = Arc::new(Origin { file: file.to_path_buf(), location: format!("actions[{}].update", self.index) });
                let mut moves = Moves::default();
                for target in &targets {
                    self.update(document, &pointer_of(target), update, &mut moves, &origin)?;
                }
                source_map.push(moves);
            }
        }
        Ok(())
    }

    fn remove(&self, document: &mut Value, target: &[Step]) -> Result<Moves> {
        let mut moves = Moves::default();
        let Some((last, parent)) = target.split_last() else {
            return Err(Error::at(format!("actions[{}].target", self.index), "the target is the whole document, which cannot be removed"));
        };
        let parent_at = pointer_of(parent);
        match (parent_at.resolve_mut(document), last) {
            (Some(Value::Object(object)), Step::Name(name)) => {
                object.shift_remove(name);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
                // Items after it moved up one; they still name their places in the user's file.
                for later in *index..items.len() {
                    moves.made_from(parent_at.push(later.to_string()), parent_at.push((later + 1).to_string()));
                }
            }
            _ => {}
        }
        Ok(moves)
    }

    fn update(&self, document: &mut Value, at: &Pointer, update: &Value, moves: &mut Moves, origin: &Arc<Origin>) -> Result<()> {
        match (at.resolve_mut(document), update) {
            (Some(Value::Object(node)), Value::Object(update)) => merge(node, update, at, moves, origin),
            (Some(Value::Array(items)), Value::Array(update)) => append(items, update, at, moves, origin),
            (Some(Value::Array(items)), single) => append(items, std::slice::from_ref(single), at, moves, origin),
            (Some(Value::Object(_)), _) => {
                return Err(Error::at(
                    format!("actions[{}].update", self.index),
                    format!("the target {at} is an object, so `update` must be an object of the fields to merge into it"),
                ));
            }
            (Some(other), _) => {
                return Err(Error::at(
                    format!("actions[{}].target", self.index),
                    format!(
                        "the target {at} is {}; an overlay updates objects and arrays only: target the object that holds it and update the field there",
                        kind(other)
                    ),
                ));
            }
            // Gone since the query ran: an earlier target of this action replaced what held it.
            (None, _) => {}
        }
        Ok(())
    }
}

/// Merges `update` into `node`: objects recursively, arrays appended, the rest replaced.
fn merge(node: &mut Map<String, Value>, update: &Map<String, Value>, at: &Pointer, moves: &mut Moves, origin: &Arc<Origin>) {
    for (key, value) in update {
        let key_at = at.push(key);
        match (node.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(update)) => merge(inner, update, &key_at, moves, origin),
            (Some(Value::Array(items)), Value::Array(update)) => append(items, update, &key_at, moves, origin),
            _ => {
                node.insert(key.clone(), value.clone());
                moves.added(key_at, origin.clone());
            }
        }
    }
}

fn append(items: &mut Vec<Value>, update: &[Value], at: &Pointer, moves: &mut Moves, origin: &Arc<Origin>) {
    for value in update {
        moves.added(at.push(items.len().to_string()), origin.clone());
        items.push(value.clone());
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One step of a location, ordered so that later array items sort after earlier ones.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Name(String),
}

impl Step {
    fn of(element: &serde_json_path::PathElement<'_>) -> Self {
        match element.as_index() {
            Some(index) => Step::Index(index),
            None => Step::Name(element.as_name().unwrap_or_default().to_owned()),
        }
    }
}

fn pointer_of(steps: &[Step]) -> Pointer {
    steps.iter().fold(Pointer::root(), |p, step| match step {
        Step::Index(i) => p.push(i.to_string()),
        Step::Name(name) => p.push(name),
    })
}
