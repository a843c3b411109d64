//! Streaming methods: which operations get one, under which name, what it sets in the
//! request, and which events are errors. Runs once every type is defined and every operation
//! has its own method name, so a derived `<name>_stream` never takes a name an operation had.

use super::names::Namespace;
use crate::ir::{Content, ErrorVariant, Operation, Primitive, Streaming, TypeDef, TypeKind, TypeRef};

/// Sets [`Operation::streaming`], and the error events of every success stream.
pub(super) fn plan(types: &[TypeDef], operations: &mut [Operation], method_names: &mut Namespace) {
    for op in operations.iter_mut() {
        for response in op.success.iter_mut() {
            if let Some(stream) = &mut response.stream {
                stream.error_variant = error_variant(types, &stream.item);
            }
        }
        if !op.success.iter().any(|r| r.stream.is_some()) {
            continue;
        }
        let buffered_method = op.success.iter().any(|r| r.content.is_some());
        let method_name = match buffered_method {
            true => method_names.unique(&format!("{}_stream", op.method_name)),
            false => op.method_name.clone(),
        };
        let body_flag = op.body.as_ref().and_then(|body| match &body.content {
            Content::Json(ty) | Content::Multipart(ty) => stream_flag(types, ty),
            _ => None,
        });
        op.streaming = Some(Streaming { method_name, buffered_method, body_flag });
    }
}

/// The boolean `stream` property of a JSON or multipart body, which asks the server for the
/// stream.
fn stream_flag(types: &[TypeDef], body: &TypeRef) -> Option<String> {
    let fields = match &types[named(types, body)?.0].kind {
        TypeKind::Struct(s) => &s.fields,
        _ => return None,
    };
    let field = fields.iter().find(|f| f.name == "stream")?;
    let boolean = match &field.ty {
        TypeRef::Nullable(inner) => **inner == TypeRef::Primitive(Primitive::Boolean),
        ty => *ty == TypeRef::Primitive(Primitive::Boolean),
    };
    boolean.then(|| field.name.clone())
}

/// The member of a tagged item union whose tag is `error`.
fn error_variant(types: &[TypeDef], item: &TypeRef) -> Option<ErrorVariant> {
    let union = match &types[named(types, item)?.0].kind {
        TypeKind::Union(union) if union.discriminator.is_some() => union,
        _ => return None,
    };
    let variant = union.variants.iter().find(|v| v.tags.iter().any(|tag| tag == "error"))?;
    Some(ErrorVariant { name: variant.name.clone(), ty: variant.ty.clone() })
}

/// The named type `ty` is, through aliases.
fn named(types: &[TypeDef], ty: &TypeRef) -> Option<crate::ir::TypeId> {
    match ty {
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Alias(target) => named(types, target),
            _ => Some(*id),
        },
        _ => None,
    }
}
