//! Which types the client never sends: their `Serialize` impls are compiled only with the
//! crate's `serialize` feature, since nothing in the client needs them and type-checking them
//! is about a quarter of a large crate's compile time. A type the client sends reaches only
//! types it sends, so every `Serialize` impl compiled without the feature finds the impls of
//! its fields' types.

use crate::ir::{Api, Content, TypeId, TypeRef};

/// For each named type, whether the client may send it: in a parameter or a request body,
/// or inside one.
pub struct Usage {
    sent: Vec<bool>,
}

impl Usage {
    /// What every operation's parameters and request bodies reach.
    pub fn of(api: &Api) -> Self {
        let mut roots: Vec<TypeRef> = api.operations.iter().flat_map(|op| op.parameters.iter().map(|p| p.ty.clone())).collect();
        let bodies = api.operations.iter().filter_map(|op| op.body.as_ref().map(|b| &b.content));
        roots.extend(bodies.filter_map(Content::schema_type).cloned());
        Usage { sent: reachable(api, &roots) }
    }

    /// Whether the client may send the type.
    pub fn sends(&self, id: TypeId) -> bool {
        self.sent[id.0]
    }

    /// Whether the type's `Serialize` impl waits for the `serialize` feature.
    pub fn serialize_is_optional(&self, id: TypeId) -> bool {
        !self.sent[id.0]
    }
}

/// The named types `roots` lead to, through fields, variants, aliases and containers.
fn reachable(api: &Api, roots: &[TypeRef]) -> Vec<bool> {
    let mut seen = vec![false; api.types.len()];
    let mut pending: Vec<TypeId> = Vec::new();
    let visit = |ty: &TypeRef, pending: &mut Vec<TypeId>, seen: &mut Vec<bool>| {
        for part in ty.walk() {
            if let TypeRef::Named(id) = part
                && !seen[id.0]
            {
                seen[id.0] = true;
                pending.push(*id);
            }
        }
    };
    for root in roots {
        visit(root, &mut pending, &mut seen);
    }
    while let Some(id) = pending.pop() {
        for ty in api.type_def(id).kind.type_refs() {
            visit(ty, &mut pending, &mut seen);
        }
    }
    seen
}
