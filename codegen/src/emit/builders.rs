//! What makes a value of a generated type short to build: `new` with the properties the
//! caller must choose, `Default` where there are none, a setter per optional property, and
//! `From` conversions into unions.
//!
//! Setters are named like their fields (`.temperature(0.2)`), except where that name is also
//! a method the type already has (`new`, `default`, a method of a trait it implements):
//! those take `with_` in front (`.with_default(…)`), so the trait's method keeps working, and
//! a number after that if another field has the name. An optional nullable property also has
//! `clear_<field>()`, which sends `null`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::idents::ident;
use super::types::{FieldPlan, TypeWriter};
use crate::ir::construct::{self, Constant, Fixed};
use crate::ir::{Api, Field, Namespace, Primitive, TypeId, TypeKind, TypeRef, Union};

/// Names a setter cannot have: the constructor, and the methods of the traits every struct
/// implements (or gets through a blanket impl), which a by-value inherent method would hide.
const TAKEN_METHOD_NAMES: &[&str] = &[
    "new", "default", "clone", "clone_from", "clone_into", "eq", "ne", "fmt", "serialize", "deserialize",
    "deserialize_in_place", "from_properties", "from", "into", "try_from", "try_into", "to_owned", "borrow",
    "borrow_mut", "type_id",
];

/// Method names clippy expects to belong to a trait (`should_implement_trait`).
const TRAIT_LIKE_NAMES: &[&str] = &[
    "add", "as_mut", "as_ref", "bitand", "bitor", "bitxor", "cmp", "deref", "deref_mut", "div", "drop", "from_iter",
    "from_str", "hash", "index", "index_mut", "into_iter", "mul", "neg", "next", "not", "partial_cmp", "rem", "shl",
    "shr", "sub",
];

/// The inherent impl of an object type (`new` and setters) and its `Default`, when it has one.
///
/// `gate` goes before the inherent impl, as before the type's `Serialize`: a type the client
/// only receives is built by hand only where it is also serialized (tests with `mock`, code
/// that stores or forwards it), and its setters would be most of a large client's.
pub fn struct_builders(
    writer: &TypeWriter<'_>,
    id: TypeId,
    name: &Ident,
    plans: &[FieldPlan<'_>],
    additional: Option<&Ident>,
    gate: &TokenStream,
) -> TokenStream {
    let fixed: Vec<Option<Fixed<'_>>> = plans.iter().map(|p| construct::fixed_value(writer.api, id, p.field)).collect();
    let arguments = construct::constructor_fields(writer.api, id);
    let is_argument: Vec<bool> = plans.iter().map(|p| arguments.iter().any(|a| std::ptr::eq(*a, p.field))).collect();
    let value = new_value(writer, plans, &fixed, &is_argument, additional);
    let setters = setters(writer, id, plans, &fixed);
    if arguments.is_empty() {
        let default = default_impl(name, &fixed, value);
        if setters.is_empty() {
            return default;
        }
        return quote! {
            #default

            #gate
            impl #name {
                #(#setters)*
            }
        };
    }
    let params = plans.iter().zip(&is_argument).filter(|(_, argument)| **argument).map(|(p, _)| {
        let (field, ty) = (&p.name, argument_type(writer, p));
        quote! { #field: #ty }
    });
    let many = (arguments.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let names: Vec<String> = arguments.iter().map(|f| format!("`{}`", f.name)).collect();
    let doc = format!(" Builds `{name}` from its required properties ({}); the optional ones start absent.", names.join(", "));
    quote! {
        #gate
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                #value
            }

            #(#setters)*
        }
    }
}

/// The value `new` (or `default`) makes: arguments in place, fixed properties filled in,
/// every other property absent.
fn new_value(
    writer: &TypeWriter<'_>,
    plans: &[FieldPlan<'_>],
    fixed: &[Option<Fixed<'_>>],
    is_argument: &[bool],
    additional: Option<&Ident>,
) -> TokenStream {
    let inits = plans.iter().zip(fixed).zip(is_argument).map(|((plan, fixed), argument)| {
        let field = &plan.name;
        let value = match fixed {
            Some(fixed) => wrapped(plan, fixed_expr(writer, plan.field, fixed)),
            None if *argument && takes_into(writer.api, &plan.field.ty) => quote! { #field.into() },
            None if *argument => return quote! { #field, },
            None => absent(plan),
        };
        quote! { #field: #value, }
    });
    let rest = additional.map(|rest| quote! { #rest: std::collections::BTreeMap::new(), });
    quote! { Self { #(#inits)* #rest } }
}

/// `Default`: derived when every field starts absent, written out when some are fixed.
fn default_impl(name: &Ident, fixed: &[Option<Fixed<'_>>], body: TokenStream) -> TokenStream {
    if fixed.iter().all(Option::is_none) {
        return TokenStream::new();
    }
    quote! {
        impl Default for #name {
            fn default() -> Self {
                #body
            }
        }
    }
}

/// Whether `Default` is derived: no property to take and none fixed.
pub fn derives_default(writer: &TypeWriter<'_>, id: TypeId, fields: &[Field]) -> bool {
    let api = writer.api;
    construct::constructor_fields(api, id).is_empty() && fields.iter().all(|f| construct::fixed_value(api, id, f).is_none())
}

/// A setter per optional property that is not fixed, named like its field; then, for each
/// that may be `null`, a `clear_` method that sends the `null`. A name already taken (a
/// trait's method, or another setter's) gets `with_` in front, then a number.
fn setters(writer: &TypeWriter<'_>, id: TypeId, plans: &[FieldPlan<'_>], fixed: &[Option<Fixed<'_>>]) -> Vec<TokenStream> {
    let optional: Vec<&FieldPlan<'_>> =
        plans.iter().zip(fixed).filter(|(p, fixed)| !p.field.required && fixed.is_none()).map(|(p, _)| p).collect();
    let mut names = Namespace::with_reserved(TAKEN_METHOD_NAMES);
    let own: Vec<bool> = optional.iter().map(|p| names.take(&p.rust)).collect();
    let methods: Vec<String> = optional
        .iter()
        .zip(own)
        .map(|(p, own)| if own { p.rust.clone() } else { names.unique_with(&format!("with_{}", p.rust), "_") })
        .collect();
    let mut items: Vec<TokenStream> = optional.iter().zip(&methods).map(|(plan, method)| setter(writer, id, plan, method)).collect();
    for plan in optional.iter().filter(|p| matches!(p.field.ty, TypeRef::Nullable(_))) {
        let method = names.unique_with(&format!("clear_{}", plan.rust), "_");
        items.push(clearer(plan, &method));
    }
    items
}

/// Sets an optional nullable property to `null`, which the API reads as "clear it".
fn clearer(plan: &FieldPlan<'_>, method: &str) -> TokenStream {
    let field = &plan.name;
    let doc = format!(" Sends `{}` as `null`.", plan.field.name);
    let method = ident(method);
    quote! {
        #[doc = #doc]
        pub fn #method(mut self) -> Self {
            self.#field = crate::runtime::Nullable::Null;
            self
        }
    }
}

fn setter(writer: &TypeWriter<'_>, id: TypeId, plan: &FieldPlan<'_>, method: &str) -> TokenStream {
    let field = &plan.name;
    let inner = match &plan.field.ty {
        TypeRef::Nullable(inner) => inner.as_ref(),
        ty => ty,
    };
    let (param, value) = param_and_value(writer, id, inner);
    let value = if matches!(plan.field.ty, TypeRef::Nullable(_)) {
        quote! { crate::runtime::Nullable::Value(#value) }
    } else {
        quote! { Some(#value) }
    };
    let docs = setter_docs(plan.field);
    let lint = setter_lint(method);
    let method = ident(method);
    quote! {
        #docs
        #lint
        pub fn #method(mut self, value: #param) -> Self {
            self.#field = #value;
            self
        }
    }
}

/// The first paragraph of the property's description, after what the setter does.
fn setter_docs(field: &Field) -> TokenStream {
    let first = field.description.as_deref().and_then(|d| d.split("\n\n").next()).map(str::trim).filter(|d| !d.is_empty());
    let text = match first {
        Some(description) => format!("Sets `{}`: {description}", field.name),
        None => format!("Sets `{}`.", field.name),
    };
    doc_attrs(&text)
}

/// Clippy lints a setter's name would trip: a name a trait method has, or a conversion
/// prefix (`to_`, `is_`, …) on a method that takes `self` by value.
fn setter_lint(method: &str) -> TokenStream {
    let convention = ["as_", "to_", "is_", "from_", "into_"].iter().any(|p| method.starts_with(p));
    match (TRAIT_LIKE_NAMES.contains(&method), convention) {
        (true, _) => quote! { #[allow(clippy::should_implement_trait)] },
        (false, true) => quote! { #[allow(clippy::wrong_self_convention)] },
        (false, false) => TokenStream::new(),
    }
}

/// How a value of `ty` is taken and stored: `impl Into<T>` and `value.into()` where that
/// spares the caller a conversion (text, named types), `T` itself where an `Into` bound
/// would leave a literal's type open (numbers, lists of `.into()`s).
fn param_and_value(writer: &TypeWriter<'_>, owner: TypeId, ty: &TypeRef) -> (TokenStream, TokenStream) {
    let held = writer.held_in(owner, ty);
    if takes_into(writer.api, ty) { (quote! { impl Into<#held> }, quote! { value.into() }) } else { (held, quote! { value }) }
}

/// A constructor parameter: as [`param_and_value`], for the field's type as it is held.
fn argument_type(writer: &TypeWriter<'_>, plan: &FieldPlan<'_>) -> TokenStream {
    let ty = &plan.ty;
    if takes_into(writer.api, &plan.field.ty) { quote! { impl Into<#ty> } } else { ty.clone() }
}

/// Whether a parameter of this type is better as `impl Into<…>`: text, files, and named
/// types (a union then takes its members, a string enum a `String`); not numbers, lists,
/// maps or `Option`s, whose literals need the exact type to be inferred. Doc examples pass
/// their arguments by the same rule.
pub(super) fn takes_into(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(p) => matches!(p, Primitive::String | Primitive::Secret | Primitive::Binary),
        TypeRef::Named(id) => match &api.type_def(construct::named(api, ty).unwrap_or(*id)).kind {
            TypeKind::Alias(target) => takes_into(api, target),
            _ => true,
        },
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::Tuple(_) | TypeRef::Any => false,
    }
}

/// A field's value when it starts absent.
fn absent(plan: &FieldPlan<'_>) -> TokenStream {
    match plan.field.ty {
        TypeRef::Nullable(_) if !plan.field.required => quote! { crate::runtime::Nullable::Absent },
        _ => quote! { None },
    }
}

/// `value` as the field holds it: in `Some` or `Nullable::Value` when it is optional or nullable.
fn wrapped(plan: &FieldPlan<'_>, value: TokenStream) -> TokenStream {
    match (&plan.field.ty, plan.field.required) {
        (TypeRef::Nullable(_), false) => quote! { crate::runtime::Nullable::Value(#value) },
        (TypeRef::Nullable(_), true) | (_, false) => quote! { Some(#value) },
        (_, true) => value,
    }
}

/// The value of a fixed property: its constant, or its tag as the variant of its enum that
/// has that value, or as text.
fn fixed_expr(writer: &TypeWriter<'_>, field: &Field, fixed: &Fixed<'_>) -> TokenStream {
    let prefix = &writer.prefix;
    match fixed {
        Fixed::Constant(Constant::Unit(id)) => {
            let name = format_ident!("{}", writer.api.type_def(*id).name);
            quote! { #prefix #name }
        }
        Fixed::Constant(Constant::EnumValue { enum_type, variant }) => {
            let (name, variant) = (format_ident!("{}", writer.api.type_def(*enum_type).name), format_ident!("{}", variant));
            quote! { #prefix #name::#variant }
        }
        Fixed::Tag(tag) => {
            let api = writer.api;
            let target = construct::named(api, &field.ty);
            let variant = target.and_then(|id| match &api.type_def(id).kind {
                TypeKind::Enum(values) => values.iter().find(|v| v.value == *tag).map(|v| (id, &v.name)),
                _ => None,
            });
            match (variant, target) {
                (Some((id, variant)), _) => {
                    let (name, variant) = (format_ident!("{}", api.type_def(id).name), format_ident!("{}", variant));
                    quote! { #prefix #name::#variant }
                }
                // A string, or an enum that does not list the tag (it keeps it as unknown).
                (None, Some(_)) => quote! { From::from(#tag.to_owned()) },
                (None, None) => quote! { #tag.to_owned() },
            }
        }
    }
}

/// `From` conversions into a union: from each member whose Rust type no other member has,
/// and from `&str` when one member is a `String`.
pub fn union_froms(writer: &TypeWriter<'_>, id: TypeId, name: &Ident, u: &Union) -> TokenStream {
    let keys: Vec<String> = u.variants.iter().map(|v| spelling(writer, &v.ty)).collect();
    let own = &writer.api.type_def(id).name;
    let once = |key: &String| keys.iter().filter(|k| *k == key).count() == 1 && key != own;
    let froms = u.variants.iter().zip(&keys).filter(|(_, key)| once(key)).filter_map(|(v, key)| {
        let (member, held) = (writer.rust(&v.ty), writer.held_in(id, &v.ty));
        let variant = format_ident!("{}", v.name);
        let value = if member.to_string() == held.to_string() {
            quote! { value }
        } else if matches!(v.ty, TypeRef::Named(_)) {
            quote! { Box::new(value) }
        } else {
            return None;
        };
        let text = (key == "String").then(|| {
            quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant(value.to_owned())
                    }
                }
            }
        });
        Some(quote! {
            impl From<#member> for #name {
                fn from(value: #member) -> Self {
                    Self::#variant(#value)
                }
            }

            #text
        })
    });
    quote! { #(#froms)* }
}

/// A type as Rust spells it with plain aliases seen through, so two members that are the
/// same Rust type compare equal.
fn spelling(writer: &TypeWriter<'_>, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => match &writer.api.type_def(*id).kind {
            TypeKind::Alias(target) if !writer.recursion.is_recursive(*id) => spelling(writer, target),
            _ => writer.api.type_def(*id).name.clone(),
        },
        TypeRef::Primitive(p) => format!("{p:?}"),
        TypeRef::Array(item) => format!("Vec<{}>", spelling(writer, item)),
        TypeRef::Map(value) => format!("Map<{}>", spelling(writer, value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", spelling(writer, inner)),
        TypeRef::Tuple(items) => format!("({})", items.iter().map(|i| spelling(writer, i)).collect::<Vec<_>>().join(",")),
        TypeRef::Any => "Any".to_owned(),
    }
}
