//! Where each node of a converted document came from in the user's document.
//!
//! The loader rewrites documents (Swagger 2.0 into the OpenAPI 3.0 shape, 3.1 keywords into
//! their 3.0 equivalents). Everything after it reads the converted tree, but users know only
//! their own file: errors, docs and `$ref` targets must name places in it. A source map
//! records which subtrees moved; a pointer inside a moved subtree maps by its longest
//! recorded prefix, and a pointer nobody moved maps to itself.

use std::collections::HashMap;

use crate::pointer::Pointer;

/// The moves made by each conversion stage, in the order the stages ran.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    stages: Vec<Moves>,
}

/// The moves of one stage, indexed both ways.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Moves {
    to_original: HashMap<Pointer, Pointer>,
    to_converted: HashMap<Pointer, Pointer>,
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

    /// Where this stage found what is now at `converted`.
    pub fn original(&self, converted: &Pointer) -> Pointer {
        translate(&self.to_original, converted)
    }

    /// Whether the stage moved nothing.
    pub fn is_empty(&self) -> bool {
        self.to_original.is_empty()
    }
}

impl SourceMap {
    /// Appends the moves of a stage that ran after every stage already recorded.
    pub fn push(&mut self, moves: Moves) {
        if !moves.is_empty() {
            self.stages.push(moves);
        }
    }

    /// The place in the user's document that `converted` stands for.
    pub fn original(&self, converted: &Pointer) -> Pointer {
        self.stages.iter().rev().fold(converted.clone(), |p, stage| translate(&stage.to_original, &p))
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
}
