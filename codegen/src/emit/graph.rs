//! Which types refer to themselves: recursive fields need a `Box`, recursive aliases a newtype.

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Strongly connected components of the type graph, for two kinds of edges.
pub struct Recursion {
    /// Component of each type over "contains directly" edges (not through `Vec` or maps).
    direct: Vec<usize>,
    /// Component of each type over all edges.
    any: Vec<usize>,
    /// Types with a direct edge to themselves, or to themselves through containers.
    direct_self: Vec<bool>,
    any_self: Vec<bool>,
    /// The number of members of each component over all edges.
    any_sizes: Vec<usize>,
    /// The longest chain of types held in place inside one another (cycles, being boxed,
    /// count once).
    nesting_depth: usize,
}

impl Recursion {
    pub fn of(api: &Api) -> Self {
        let direct_edges: Vec<Vec<usize>> = api.types.iter().map(|t| edges(&t.kind, false)).collect();
        let any_edges: Vec<Vec<usize>> = api.types.iter().map(|t| edges(&t.kind, true)).collect();
        let self_loop = |edges: &Vec<Vec<usize>>| edges.iter().enumerate().map(|(i, e)| e.contains(&i)).collect();
        let direct = components(&direct_edges);
        let any = components(&any_edges);
        let mut any_sizes = vec![0; api.types.len()];
        any.iter().for_each(|c| any_sizes[*c] += 1);
        Recursion {
            nesting_depth: nesting_depth(&direct_edges, &direct),
            direct,
            any,
            direct_self: self_loop(&direct_edges),
            any_self: self_loop(&any_edges),
            any_sizes,
        }
    }

    /// How deeply types are held in place inside one another, at most.
    pub fn nesting_depth(&self) -> usize {
        self.nesting_depth
    }

    /// Whether a value of `from` holding `to` in place would make `from` infinitely large.
    pub fn needs_box(&self, from: TypeId, to: TypeId) -> bool {
        if from == to { self.direct_self[from.0] } else { self.direct[from.0] == self.direct[to.0] }
    }

    /// Whether the type can reach itself at all, through any container.
    pub fn is_recursive(&self, id: TypeId) -> bool {
        self.any_self[id.0] || self.any_sizes[self.any[id.0]] > 1
    }
}

fn edges(kind: &TypeKind, through_containers: bool) -> Vec<usize> {
    let mut out = Vec::new();
    let additional = match kind {
        TypeKind::Struct(s) => s.additional.as_ref(),
        _ => None,
    };
    // A map of other properties is a container even though it is not written as one.
    let direct = kind.type_refs().into_iter().filter(|ty| through_containers || !additional.is_some_and(|a| std::ptr::eq(*ty, a)));
    for ty in direct {
        collect(ty, through_containers, &mut out);
    }
    out
}

fn collect(ty: &TypeRef, through_containers: bool, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        // Held in place: a tuple or an `Option` is as large as what it holds.
        TypeRef::Nullable(_) | TypeRef::Tuple(_) => ty.parts().iter().for_each(|t| collect(t, through_containers, out)),
        TypeRef::Array(inner) | TypeRef::Map(inner) if through_containers => collect(inner, true, out),
        _ => {}
    }
}

/// The longest path over direct edges between components. Tarjan numbers components in
/// reverse topological order, so every successor's depth is known before its predecessors'.
fn nesting_depth(edges: &[Vec<usize>], component: &[usize]) -> usize {
    let count = component.iter().max().map_or(0, |c| c + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (node, c) in component.iter().enumerate() {
        members[*c].push(node);
    }
    let mut depth = vec![1usize; count];
    for c in 0..count {
        for node in &members[c] {
            for next in &edges[*node] {
                let d = component[*next];
                if d != c {
                    depth[c] = depth[c].max(depth[d] + 1);
                }
            }
        }
    }
    depth.into_iter().max().unwrap_or(0)
}

/// Tarjan's algorithm, iterative so that deep type graphs cannot overflow the stack.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![UNVISITED; n], vec![0; n], vec![false; n]);
    let mut component = vec![UNVISITED; n];
    let (mut next_index, mut next_component) = (0, 0);
    let mut stack = Vec::new();
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(top) = work.last_mut() {
            let (node, child) = *top;
            if child == 0 && index[node] == UNVISITED {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(child) {
                top.1 += 1;
                if index[next] == UNVISITED {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn measures_the_longest_chain_of_components() {
        // 0 -> 1 -> 2, and 3 <-> 4 -> 0: the cycle counts once.
        let edges = [vec![1], vec![2], vec![], vec![4], vec![3, 0]];
        assert_eq!(super::nesting_depth(&edges, &components(&edges)), 4);
    }

    #[test]
    fn finds_cycles() {
        let c = components(&[vec![1], vec![0], vec![0]]);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
    }
}
