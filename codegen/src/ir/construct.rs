//! What building a value of an object type asks of the caller: the properties a constructor
//! takes, and the ones whose value is already decided (a constant, or the tag a union writes
//! for its member), which are never the caller's job.

use super::{Api, Field, TypeId, TypeKind, TypeRef};

/// A property whose value is decided by the spec, so a constructor fills it in.
#[derive(Debug, Clone, PartialEq)]
pub enum Fixed<'a> {
    /// The property's type allows one value: a `const` (the unit type itself) or a string
    /// enum of one value, the named [`super::EnumValue`] of the type at `enum_type`.
    Constant(Constant<'a>),
    /// The property is the discriminator of a tagged union this type is a member of, and
    /// the union selects this member by the one tag, which the property holds.
    Tag(&'a str),
}

/// How a constant property's one value is spelled.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant<'a> {
    /// A `const` schema: its unit type is the value.
    Unit(TypeId),
    /// A string enum of one value: that variant of the enum type.
    EnumValue { enum_type: TypeId, variant: &'a str },
}

/// The properties `Type::new` takes for the object type `id`, in spec order: the required
/// ones that are not read-only, not constants and not the discriminator a union fills in.
/// Empty for a type that is not an object, or whose every property is optional or fixed.
pub fn constructor_fields(api: &Api, id: TypeId) -> Vec<&Field> {
    let TypeKind::Struct(s) = &api.type_def(id).kind else { return Vec::new() };
    s.fields.iter().filter(|f| f.required && !f.read_only && fixed_value(api, id, f).is_none()).collect()
}

/// The value a property of the object type `owner` always has, when the spec decides it:
/// a constant type, or the fixed tag of a tagged union `owner` is a member of. A tag is only
/// fixed when the property can hold it (a string, or a string enum, through aliases) and
/// every union that tags `owner` by this property agrees on one tag.
pub fn fixed_value<'a>(api: &'a Api, owner: TypeId, field: &Field) -> Option<Fixed<'a>> {
    if let Some(constant) = constant_of(api, &field.ty) {
        return Some(Fixed::Constant(constant));
    }
    let tag = member_tag(api, owner, &field.name)?;
    holds_text(api, &field.ty).then_some(Fixed::Tag(tag))
}

/// The one value a type allows, through aliases: a `const`, or a string enum of one value.
pub fn constant_of<'a>(api: &'a Api, ty: &TypeRef) -> Option<Constant<'a>> {
    let id = named(api, ty)?;
    match &api.type_def(id).kind {
        TypeKind::Const(_) => Some(Constant::Unit(id)),
        TypeKind::Enum(values) => match values.as_slice() {
            [only] => Some(Constant::EnumValue { enum_type: id, variant: &only.name }),
            _ => None,
        },
        _ => None,
    }
}

/// The tag every union that is tagged by `property` and has `owner` as a member selects it
/// by, when there is exactly one such tag.
fn member_tag<'a>(api: &'a Api, owner: TypeId, property: &str) -> Option<&'a str> {
    let unions = api.types.iter().filter_map(|def| match &def.kind {
        TypeKind::Union(u) if u.discriminator.as_deref() == Some(property) => Some(u),
        _ => None,
    });
    let mut found: Option<&str> = None;
    for variant in unions.flat_map(|u| &u.variants).filter(|v| named(api, &v.ty) == Some(owner)) {
        let [tag] = variant.tags.as_slice() else { return None };
        if found.is_some_and(|seen| seen != tag) {
            return None;
        }
        found = Some(tag);
    }
    found
}

/// Whether a value of `ty` can be made from a tag's text: a string, or a string enum.
fn holds_text(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(super::Primitive::String) => true,
        TypeRef::Named(_) => match named(api, ty).map(|id| &api.type_def(id).kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(target)) => holds_text(api, target),
            _ => false,
        },
        _ => false,
    }
}

/// The named type `ty` is, following aliases to the definition at their end (or the last
/// alias when an alias names a type that is not named, such as `String`).
pub fn named(api: &Api, ty: &TypeRef) -> Option<TypeId> {
    let &TypeRef::Named(mut id) = ty else { return None };
    // A chain of aliases longer than the list of types is a cycle.
    for _ in 0..=api.types.len() {
        match &api.type_def(id).kind {
            TypeKind::Alias(TypeRef::Named(next)) => id = *next,
            _ => return Some(id),
        }
    }
    None
}
