//! Looking at response and parameter types the way pagination needs: through aliases and
//! nullability, field by wire name.

use crate::ir::{Field, Primitive, TypeDef, TypeKind, TypeRef};

/// The scalar kinds pagination reads or sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scalar {
    String,
    Boolean,
    Integer,
}

/// The type `ty` stands for, with aliases and `Nullable` looked through.
pub(super) fn core<'t>(types: &'t [TypeDef], ty: &'t TypeRef) -> &'t TypeRef {
    match ty {
        TypeRef::Nullable(inner) => core(types, inner),
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Alias(target) => core(types, target),
            _ => ty,
        },
        _ => ty,
    }
}

/// Whether `ty` may be `null`, itself or through aliases.
pub(super) fn is_nullable(types: &[TypeDef], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Nullable(_) => true,
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Alias(target) => is_nullable(types, target),
            _ => false,
        },
        _ => false,
    }
}

/// The fields of an object type.
pub(super) fn fields<'t>(types: &'t [TypeDef], ty: &'t TypeRef) -> Option<&'t [Field]> {
    match core(types, ty) {
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        },
        _ => None,
    }
}

/// The element type of an array type.
pub(super) fn element<'t>(types: &'t [TypeDef], ty: &'t TypeRef) -> Option<&'t TypeRef> {
    match core(types, ty) {
        TypeRef::Array(item) => Some(item),
        _ => None,
    }
}

/// The type reached from `root` through the fields named by `path`.
pub(super) fn at_path<'t>(types: &'t [TypeDef], root: &'t TypeRef, path: &[String]) -> Option<&'t TypeRef> {
    path.iter().try_fold(root, |ty, name| Some(&fields(types, ty)?.iter().find(|f| &f.name == name)?.ty))
}

pub(super) fn is_scalar(types: &[TypeDef], ty: &TypeRef, scalar: Scalar) -> bool {
    let TypeRef::Primitive(primitive) = core(types, ty) else { return false };
    match scalar {
        Scalar::String => *primitive == Primitive::String,
        Scalar::Boolean => *primitive == Primitive::Boolean,
        Scalar::Integer => matches!(
            primitive,
            Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 | Primitive::U8 | Primitive::U16 | Primitive::U32 | Primitive::U64
        ),
    }
}

/// How far below the response root a paging field is looked for.
const MAX_DEPTH: usize = 3;

/// The path to the one field of kind `scalar` named one of `names`, at the shallowest depth
/// where there is any; `None` when there is none, or more than one at that depth.
pub(super) fn find_field(types: &[TypeDef], root: &TypeRef, names: &[&str], scalar: Scalar) -> Option<Vec<String>> {
    let mut level: Vec<(Vec<String>, &TypeRef)> = vec![(Vec::new(), root)];
    for _ in 0..MAX_DEPTH {
        let mut found = Vec::new();
        let mut below = Vec::new();
        for (path, ty) in &level {
            for field in fields(types, ty).unwrap_or_default() {
                let mut field_path = path.clone();
                field_path.push(field.name.clone());
                if names.contains(&field.name.as_str()) && is_scalar(types, &field.ty, scalar) {
                    found.push(field_path);
                } else if fields(types, &field.ty).is_some() {
                    below.push((field_path, &field.ty));
                }
            }
        }
        match found.len() {
            0 => level = below,
            1 => return found.pop(),
            _ => return None,
        }
    }
    None
}
