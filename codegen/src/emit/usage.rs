//! Which types the client only ever receives: their `Serialize` impls are compiled only with
//! the crate's `serialize` feature, since nothing in the client needs them and type-checking
//! them is about a quarter of a large crate's compile time.

use crate::ir::{Api, Content, TypeId, TypeRef};

/// For each named type, whether only responses (and events) reach it.
pub struct Usage {
    received_only: Vec<bool>,
}

impl Usage {
    pub fn of(api: &Api) -> Self {
        let contents = |contents: &mut dyn Iterator<Item = &Content>| -> Vec<TypeRef> {
            contents.filter_map(Content::schema_type).cloned().collect()
        };
        let mut sent_roots: Vec<TypeRef> = api.operations.iter().flat_map(|op| op.parameters.iter().map(|p| p.ty.clone())).collect();
        sent_roots.extend(contents(&mut api.operations.iter().filter_map(|op| op.body.as_ref().map(|b| &b.content))));
        let received_roots = contents(
            &mut api
                .operations
                .iter()
                .flat_map(|op| op.success.iter().chain(&op.errors))
                .filter_map(|r| r.content.as_ref())
                .chain(api.webhooks.iter().filter_map(|w| w.payload.as_ref())),
        );
        let mut received_roots = received_roots;
        received_roots.extend(
            api.operations.iter().flat_map(|op| op.success.iter().chain(&op.errors)).filter_map(|r| r.stream.as_ref()).map(|s| s.item.clone()),
        );
        let sent = reachable(api, &sent_roots);
        let received = reachable(api, &received_roots);
        Usage { received_only: received.iter().zip(&sent).map(|(r, s)| *r && !*s).collect() }
    }

    /// Whether the type's `Serialize` impl waits for the `serialize` feature.
    pub fn serialize_is_optional(&self, id: TypeId) -> bool {
        self.received_only[id.0]
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
