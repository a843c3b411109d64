//! Lowering: from `openapiv3` types to the IR, resolving references and naming types.

mod names;
mod operation;
mod pagination;
mod refs;
mod schema;
mod servers;
mod streaming;
mod webhooks;

use std::collections::{HashMap, HashSet};
use crate::error::{Error, Result, Warning};
use crate::load::Document;
use crate::pointer::Pointer;

use super::{Api, TypeDef, TypeId, TypeKind, TypeRef};


pub use names::{Namespace, snake_name, type_name};

/// Builds the IR of a loaded document.
pub fn lower(doc: &Document) -> Result<Api> {
    let mut api = lower_converted(doc).map_err(|e| doc.relocate(e))?;
    // Docs and messages name places in the document the user wrote.
    for def in &mut api.types {
        def.pointer = doc.source_map.original_location(&def.pointer);
    }
    for op in &mut api.operations {
        op.pointer = doc.source_map.original_location(&op.pointer);
    }
    api.warnings = std::mem::take(&mut api.warnings).into_iter().map(|w| doc.source_map.relocate_warning(w)).collect();
    api.warnings.splice(0..0, doc.warnings.iter().cloned());
    for webhook in &mut api.webhooks {
        webhook.pointer = doc.source_map.original_location(&webhook.pointer);
        if let Some(operation) = &mut webhook.callback_of {
            *operation = doc.source_map.original_location(operation);
        }
    }
    Ok(api)
}

fn lower_converted(doc: &Document) -> Result<Api> {
    let mut lowerer = Lowerer::new(doc);
    lowerer.register_components();
    lowerer.define_pending()?;
    let servers = lowerer.servers()?;
    let security_schemes = lowerer.security_schemes()?;
    let (mut operations, paging_hints): (Vec<_>, Vec<_>) = lowerer.operations()?.into_iter().unzip();
    let webhooks = lowerer.webhooks()?;
    lowerer.define_pending()?;
    let mut method_names = std::mem::take(&mut lowerer.method_names);
    let mut warnings = std::mem::take(&mut lowerer.warnings);
    let types = lowerer.finish()?;
    streaming::plan(&types, &mut operations, &mut method_names);
    pagination::paginate(&types, &mut operations, paging_hints, &mut method_names, &mut warnings)?;
    let info = &doc.api.info;
    Ok(Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers,
        security_schemes,
        operations,
        types,
        webhooks,
        warnings,
    })
}

/// The state of one lowering: the types made so far and the names taken.
struct Lowerer<'a> {
    doc: &'a Document,
    /// Named types by id; `None` until its schema has been lowered.
    types: Vec<Option<TypeDef>>,
    /// Type names, shared by schemas, parameter structs, error enums and server variables.
    type_names: Namespace,
    method_names: Namespace,
    /// Referenced schemas (by pointer) that already have a named type.
    by_pointer: HashMap<Pointer, TypeId>,
    /// Named types whose schema says `nullable: true`: every reference to them is nullable.
    nullable: HashSet<TypeId>,
    /// Referenced schemas still to be lowered.
    pending: Vec<(TypeId, Pointer)>,
    /// Inline schemas being lowered, with the name reserved for them if they turned out to
    /// contain themselves (an `allOf` that merges a schema holding that very `allOf`).
    inline_in_progress: HashMap<Pointer, (String, Option<TypeId>)>,
    /// What was read one way where the document broke a rule, at pointers into `doc.raw`.
    warnings: Vec<Warning>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Document) -> Self {
        Lowerer {
            doc,
            types: Vec::new(),
            type_names: Namespace::types(),
            method_names: Namespace::methods(),
            by_pointer: HashMap::new(),
            nullable: HashSet::new(),
            pending: Vec::new(),
            inline_in_progress: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Component schemas are named first, so they keep their own names on collisions.
    fn register_components(&mut self) {
        let base = Pointer::root().push("components").push("schemas");
        let doc = self.doc;
        for name in doc.schema_names() {
            self.register_schema(base.push(name), name);
        }
    }

    /// Gives the schema at `pointer` a named type, to be lowered by [`Self::define_pending`].
    fn register_schema(&mut self, pointer: Pointer, name: &str) -> TypeId {
        if let Some(id) = self.by_pointer.get(&pointer) {
            return *id;
        }
        let id = self.reserve(name, &pointer);
        let nullable = pointer.resolve(&self.doc.raw).and_then(|v| v.get("nullable"));
        if nullable == Some(&serde_json::Value::Bool(true)) {
            self.nullable.insert(id);
        }
        self.by_pointer.insert(pointer.clone(), id);
        self.pending.push((id, pointer));
        id
    }

    /// Takes a unique name and a slot for a type defined later.
    fn reserve(&mut self, name_hint: &str, pointer: &Pointer) -> TypeId {
        let name = self.type_names.unique(&type_name(name_hint));
        let id = TypeId(self.types.len());
        self.types.push(Some(TypeDef {
            name,
            description: None,
            pointer: pointer.to_string(),
            deprecated: false,
            kind: TypeKind::Alias(TypeRef::Any),
        }));
        // The placeholder keeps the name readable while the definition is under way.
        id
    }

    fn name_of(&self, id: TypeId) -> &str {
        self.types[id.0].as_ref().map_or("", |t| t.name.as_str())
    }

    fn define_pending(&mut self) -> Result<()> {
        while !self.pending.is_empty() {
            let batch = std::mem::take(&mut self.pending);
            for (id, pointer) in batch {
                self.define_referenced(id, &pointer)?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<TypeDef>> {
        let types: Vec<TypeDef> = self.types.into_iter().flatten().collect();
        check_alias_cycles(&types)?;
        Ok(types)
    }
}

/// `type A = B; type B = A;` cannot be written in Rust: report the cycle. Each type is
/// walked once, so a chain of n aliases costs n steps, not n².
fn check_alias_cycles(types: &[TypeDef]) -> Result<()> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unseen,
        OnPath,
        Done,
    }
    let mut state = vec![State::Unseen; types.len()];
    for start in 0..types.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut current = Some(start);
        while let Some(id) = current {
            match state[id] {
                State::Done => break,
                State::OnPath => {
                    let cycle_start = path.iter().position(|p| *p == id).unwrap_or(0);
                    let chain: Vec<&str> = path[cycle_start..].iter().map(|i| types[*i].name.as_str()).collect();
                    return Err(Error::at(
                        types[id].pointer.clone(),
                        format!(
                            "reference cycle that cannot be represented: {} -> {}; \
                             give one of these schemas a concrete type",
                            chain.join(" -> "),
                            types[id].name
                        ),
                    ));
                }
                State::Unseen => {
                    state[id] = State::OnPath;
                    path.push(id);
                    current = match &types[id].kind {
                        TypeKind::Alias(target) => alias_target(target).map(|t| t.0),
                        _ => None,
                    };
                }
            }
        }
        for id in path {
            state[id] = State::Done;
        }
    }
    Ok(())
}

/// The named type an alias stands for directly (through `Nullable`, not through containers).
fn alias_target(target: &TypeRef) -> Option<crate::ir::TypeId> {
    match target {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => alias_target(inner),
        _ => None,
    }
}
