//! Where each node of a converted document came from in the user's document.
//!
//! The loader rewrites documents (overlays and settings edit them, Swagger 2.0 is converted
//! into the OpenAPI 3.0 shape, 3.1 keywords into their 3.0 equivalents). Everything after it
//! reads the converted tree, but users know only their own files: errors, docs and `$ref`
//! targets must name places in them. A source map records which subtrees moved; a pointer
//! inside a moved subtree maps by its longest recorded prefix, and a pointer nobody moved maps
//! to itself. A node an edit put in is nowhere in the user's document: it maps to the edit
//! that wrote it (an overlay's action, a settings key), so an error in it names that instead.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Error, Warning};
use crate::pointer::Pointer;

/// The moves made by each conversion stage, in the order the stages ran.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    stages: Vec<Moves>,
}

/// The moves of one stage, indexed both ways, and the nodes it put in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Moves {
    to_original: HashMap<Pointer, Pointer>,
    to_converted: HashMap<Pointer, Pointer>,
    added: HashMap<Pointer, Arc<Origin>>,
}

/// Where the text of an edit is written: a file and a place in it, such as an overlay's
/// `actions[2].update` or a settings file's `operations.list-pets.pagination (line 9)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The overlay or settings file.
    pub file: PathBuf,
    /// The place in it, as errors name it.
    pub location: String,
}

/// Where a node of the converted document is in what the user wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Traced<'a> {
    /// In the document: the pointer there.
    Document(Pointer),
    /// Put in by an edit: where it stands in the edited document, and the edit.
    Added(Pointer, &'a Origin),
}

impl Moves {
    /// The subtree now at `converted` is the subtree that was at `original`.
    pub fn moved(&mut self, converted: Pointer, original: Pointer) {
        if converted != original {
            self.to_converted.insert(original.clone(), converted.clone());
            self.to_original.insert(converted, original);
        }
    }

    /// The node at `converted` was made from the node at `original`, which is not itself
    /// anywhere in the converted tree (a Swagger body parameter that became a request body):
    /// errors about it name `original`, but references to `original` do not lead to it.
    pub fn made_from(&mut self, converted: Pointer, original: Pointer) {
        if converted != original {
            self.to_original.insert(converted, original);
        }
    }

    /// The node at `at` was put in by the edit at `origin`; no earlier document holds it.
    pub fn added(&mut self, at: Pointer, origin: Arc<Origin>) {
        self.added.insert(at, origin);
    }

    /// Where this stage found what is now at `converted`.
    pub fn original(&self, converted: &Pointer) -> Pointer {
        translate(&self.to_original, converted)
    }

    /// Whether the stage moved and added nothing.
    pub fn is_empty(&self) -> bool {
        self.to_original.is_empty() && self.added.is_empty()
    }

    /// One step back: where the stage found `converted`, or the edit that put it in.
    fn trace(&self, converted: &Pointer) -> Result<Pointer, &Origin> {
        if self.added.is_empty() {
            return Ok(translate(&self.to_original, converted));
        }
        let mut prefix = converted.clone();
        loop {
            if let Some(origin) = self.added.get(&prefix) {
                return Err(origin);
            }
            if let Some(target) = self.to_original.get(&prefix) {
                return Ok(target.join(converted.strip_prefix(&prefix).unwrap_or_default()));
            }
            match prefix.parent() {
                Some(parent) => prefix = parent,
                None => return Ok(converted.clone()),
            }
        }
    }
}

impl SourceMap {
    /// Appends the moves of a stage that ran after every stage already recorded.
    pub fn push(&mut self, moves: Moves) {
        if !moves.is_empty() {
            self.stages.push(moves);
        }
    }

    /// Where `converted` is in what the user wrote: their document, or an edit of it.
    pub fn trace(&self, converted: &Pointer) -> Traced<'_> {
        let mut pointer = converted.clone();
        for stage in self.stages.iter().rev() {
            match stage.trace(&pointer) {
                Ok(earlier) => pointer = earlier,
                Err(origin) => return Traced::Added(pointer, origin),
            }
        }
        Traced::Document(pointer)
    }

    /// The place in the user's document that `converted` stands for; for a node an edit put
    /// in, its place in the edited document.
    pub fn original(&self, converted: &Pointer) -> Pointer {
        match self.trace(converted) {
            Traced::Document(pointer) | Traced::Added(pointer, _) => pointer,
        }
    }

    /// Where the user's `original` is in the converted document.
    pub fn converted(&self, original: &Pointer) -> Pointer {
        self.stages.iter().fold(original.clone(), |p, stage| translate(&stage.to_converted, &p))
    }

    /// [`Self::original`] of a location string, which may also be `line L column C` or empty.
    pub fn original_location(&self, location: &str) -> String {
        match Pointer::parse_reference(location) {
            Some(pointer) if location.starts_with('#') => self.original(&pointer).to_string(),
            _ => location.to_owned(),
        }
    }

    /// An error located in the converted document, relocated to what the user wrote: a place
    /// in their document, or the overlay action or setting that put the faulty node in.
    pub fn relocate(&self, mut error: Error) -> Error {
        let Some(pointer) = Pointer::parse_reference(&error.location).filter(|_| error.location.starts_with('#')) else {
            return error;
        };
        match self.trace(&pointer) {
            Traced::Document(original) => error.location = original.to_string(),
            Traced::Added(at, origin) => {
                error.message = format!("{} (at {at} in the edited document, which this put there)", error.message);
                error.file = origin.file.clone();
                error.location = origin.location.clone();
            }
        }
        error
    }

    /// A warning located in the converted document, relocated as [`Self::relocate`] does an
    /// error.
    pub fn relocate_warning(&self, warning: Warning) -> Warning {
        let Warning { file, location, kind, message, silence } = warning;
        let error = self.relocate(Error { file, location, message });
        Warning { file: error.file, location: error.location, kind, message: error.message, silence }
    }
}

/// Replaces the longest prefix of `pointer` that `moves` knows.
fn translate(moves: &HashMap<Pointer, Pointer>, pointer: &Pointer) -> Pointer {
    if moves.is_empty() {
        return pointer.clone();
    }
    let mut prefix = pointer.clone();
    loop {
        if let Some(target) = moves.get(&prefix) {
            return target.join(pointer.strip_prefix(&prefix).unwrap_or_default());
        }
        match prefix.parent() {
            Some(parent) => prefix = parent,
            None => return pointer.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Pointer {
        Pointer::parse_reference(text).unwrap()
    }

    #[test]
    fn maps_by_longest_prefix_both_ways() {
        let mut moves = Moves::default();
        moves.moved(p("#/components/schemas"), p("#/definitions"));
        moves.moved(p("#/components/schemas/Pet/allOf/0"), p("#/definitions/Pet"));
        let mut map = SourceMap::default();
        map.push(moves);
        assert_eq!(map.original(&p("#/components/schemas/Tag/properties/id")), p("#/definitions/Tag/properties/id"));
        assert_eq!(map.original(&p("#/components/schemas/Pet/allOf/0")), p("#/definitions/Pet"));
        assert_eq!(map.original(&p("#/paths/~1a")), p("#/paths/~1a"));
        assert_eq!(map.converted(&p("#/definitions/Tag")), p("#/components/schemas/Tag"));
    }

    #[test]
    fn made_from_maps_one_way_only() {
        let mut moves = Moves::default();
        moves.made_from(p("#/paths/~1a/post/requestBody"), p("#/paths/~1a/post/parameters/0"));
        let mut map = SourceMap::default();
        map.push(moves);
        assert_eq!(map.original(&p("#/paths/~1a/post/requestBody/content")), p("#/paths/~1a/post/parameters/0/content"));
        assert_eq!(map.converted(&p("#/paths/~1a/post/parameters/0")), p("#/paths/~1a/post/parameters/0"));
    }

    #[test]
    fn stages_compose_in_order() {
        let mut first = Moves::default();
        first.moved(p("#/components/schemas"), p("#/definitions"));
        let mut second = Moves::default();
        second.moved(p("#/components/schemas/A/allOf/0"), p("#/components/schemas/A"));
        let mut map = SourceMap::default();
        map.push(first);
        map.push(second);
        assert_eq!(map.original(&p("#/components/schemas/A/allOf/0/type")), p("#/definitions/A/type"));
        assert_eq!(map.converted(&p("#/definitions/A")), p("#/components/schemas/A/allOf/0"));
    }

    #[test]
    fn added_nodes_name_the_edit_through_later_stages() {
        let origin = Arc::new(Origin { file: PathBuf::from("fix.yaml"), location: "actions[1].update".to_owned() });
        let mut edit = Moves::default();
        edit.added(p("#/definitions/Pet/properties/tag"), origin.clone());
        let mut convert = Moves::default();
        convert.moved(p("#/components/schemas"), p("#/definitions"));
        let mut map = SourceMap::default();
        map.push(edit);
        map.push(convert);
        assert_eq!(map.trace(&p("#/components/schemas/Pet/properties/tag/type")), Traced::Added(p("#/definitions/Pet/properties/tag/type"), &origin));
        assert_eq!(map.trace(&p("#/components/schemas/Pet/properties/id")), Traced::Document(p("#/definitions/Pet/properties/id")));
        let error = map.relocate(Error::at("#/components/schemas/Pet/properties/tag", "not a valid schema"));
        assert_eq!(error.file, PathBuf::from("fix.yaml"));
        assert_eq!(error.location, "actions[1].update");
        assert!(error.message.contains("at #/definitions/Pet/properties/tag in the edited document"), "{error}");
        let warning = map.relocate_warning(Warning::at("#/components/schemas/Pet/properties/tag/type", "keyword-case", "`String`", "write `string`"));
        assert_eq!((warning.file.as_path(), warning.location.as_str(), warning.kind), (std::path::Path::new("fix.yaml"), "actions[1].update", "keyword-case"));
        let warning = map.relocate_warning(Warning::at("#/components/schemas/Pet/properties/id", "null-as-empty", "null", "delete it"));
        assert_eq!(warning.location, "#/definitions/Pet/properties/id");
    }
}
