//! Named schema types: structs, open enums, tagged and untagged unions, aliases.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builders::{derives_default, struct_builders, union_froms};
use super::docs::doc_parts;
use super::graph::Recursion;
use super::idents::{ident, snake_names, unique_names};
use super::usage::Usage;
use super::{Piece, RustItems};
use crate::ir::{Api, EnumValue, Field, Primitive, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union};

/// Spells IR types as Rust types; `prefix` is the path to the `types` module from the
/// module being written (empty inside it).
#[derive(Clone)]
pub struct TypeWriter<'a> {
    pub api: &'a Api,
    pub recursion: &'a Recursion,
    pub prefix: TokenStream,
}

impl TypeWriter<'_> {
    /// The Rust type of a value of `ty`.
    pub fn rust(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(id) => {
                let name = format_ident!("{}", self.api.type_def(*id).name);
                let prefix = &self.prefix;
                quote! { #prefix #name }
            }
            TypeRef::Primitive(p) => primitive(*p),
            TypeRef::Array(item) => {
                let item = self.rust(item);
                quote! { Vec<#item> }
            }
            TypeRef::Map(value) if **value == TypeRef::Any => quote! { serde_json::Map<String, serde_json::Value> },
            TypeRef::Map(value) => {
                let value = self.rust(value);
                quote! { std::collections::BTreeMap<String, #value> }
            }
            TypeRef::Nullable(inner) => {
                let inner = self.rust(inner);
                quote! { Option<#inner> }
            }
            TypeRef::Tuple(items) => {
                let items = items.iter().map(|item| self.rust(item));
                quote! { (#(#items,)*) }
            }
            TypeRef::Any => quote! { serde_json::Value },
        }
    }

    /// `ty`, boxed when holding it in place inside `owner` would make `owner` infinitely large.
    pub fn held_in(&self, owner: TypeId, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(id) if self.recursion.needs_box(owner, *id) => {
                let inner = self.rust(ty);
                quote! { Box<#inner> }
            }
            TypeRef::Nullable(inner) => {
                let inner = self.held_in(owner, inner);
                quote! { Option<#inner> }
            }
            TypeRef::Tuple(items) => {
                let items = items.iter().map(|item| self.held_in(owner, item));
                quote! { (#(#items,)*) }
            }
            _ => self.rust(ty),
        }
    }
}

/// The Rust type of a scalar.
pub fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote! { String },
        Primitive::Secret => quote! { crate::runtime::Secret },
        Primitive::DateTime => quote! { chrono::DateTime<chrono::Utc> },
        Primitive::Date => quote! { chrono::NaiveDate },
        Primitive::Uuid => quote! { uuid::Uuid },
        Primitive::Binary => quote! { crate::runtime::Upload },
        Primitive::Boolean => quote! { bool },
        Primitive::I8 => quote! { i8 },
        Primitive::I16 => quote! { i16 },
        Primitive::I32 => quote! { i32 },
        Primitive::I64 => quote! { i64 },
        Primitive::U8 => quote! { u8 },
        Primitive::U16 => quote! { u16 },
        Primitive::U32 => quote! { u32 },
        Primitive::U64 => quote! { u64 },
        Primitive::F32 => quote! { f32 },
        Primitive::F64 => quote! { f64 },
    }
}

/// The `types` module: every named type of the API.
pub fn types_module<'a>(api: &'a Api, recursion: &'a Recursion, usage: &'a Usage) -> RustItems<'a> {
    let writer = TypeWriter { api, recursion, prefix: TokenStream::new() };
    let items = api.types.iter().enumerate().map(move |(i, def)| {
        let id = TypeId(i);
        let gate = if usage.serialize_is_optional(id) { quote! { #[cfg(feature = "serialize")] } } else { TokenStream::new() };
        Piece::Items(type_item(&writer, id, def, &gate))
    });
    let head = quote! {
        //! Types of the request and response bodies, one per schema of the spec.
        #![allow(deprecated)]
    };
    RustItems { head, items: Box::new(items) }
}

/// `gate` goes before the type's `Serialize` impl: a `cfg` when only responses hold it.
fn type_item(writer: &TypeWriter<'_>, id: TypeId, def: &TypeDef, gate: &TokenStream) -> TokenStream {
    let fallback = format!("The `{}` schema (`{}`).", def.name, def.pointer);
    let always = match &def.kind {
        TypeKind::Const(serde_json::Value::String(value)) => Some(format!("Always `{value}`.")),
        TypeKind::Const(value) => Some(format!("Always `{value}`.")),
        _ => None,
    };
    let docs = doc_parts(&[def.description.as_deref(), always.as_deref()], &fallback);
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    let name = format_ident!("{}", def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_item(writer, id, &name, s, gate),
        TypeKind::Enum(values) => enum_item(&name, values, gate),
        TypeKind::IntegerEnum(values) => integer_enum_item(&name, values, gate),
        TypeKind::Union(u) if u.discriminator.is_some() => tagged_union_item(writer, id, &name, u, gate),
        TypeKind::Union(u) => untagged_union_item(writer, id, &name, u, gate),
        TypeKind::Alias(target) if writer.recursion.is_recursive(id) => {
            let target = writer.held_in(id, target);
            let serde = newtype_serde(&name, gate);
            quote! {
                #[derive(Debug, Clone, PartialEq)]
                pub struct #name(pub #target);

                #serde
            }
        }
        TypeKind::Alias(target) => {
            let target = writer.rust(target);
            quote! { pub type #name = #target; }
        }
        TypeKind::Const(value) => const_item(&name, value, gate),
    };
    quote! { #docs #deprecated #body }
}

/// How a field is filled in when its property is absent from the JSON.
#[derive(Clone, Copy, PartialEq)]
enum WhenAbsent {
    /// Decoding fails: the property is required.
    Fail,
    /// `None`: an `Option`, for optional properties and required nullable ones.
    None,
    /// `Nullable::Absent`: an optional nullable property, where absent and `null` differ.
    Absent,
}

/// One field of a struct as the generated code spells it.
pub(super) struct FieldPlan<'f> {
    pub(super) field: &'f Field,
    /// The field's name, as text (no `r#`) and as an identifier.
    pub(super) rust: String,
    pub(super) name: proc_macro2::Ident,
    /// The field's type as it is held: in `Option` or `Nullable` when optional, boxed when recursive.
    pub(super) ty: TokenStream,
    when_absent: WhenAbsent,
}

fn struct_item(writer: &TypeWriter<'_>, id: TypeId, name: &proc_macro2::Ident, s: &Struct, gate: &TokenStream) -> TokenStream {
    let rust_names = field_names(s);
    let plans: Vec<FieldPlan<'_>> = s.fields.iter().zip(&rust_names).map(|(f, rust)| field_plan(writer, id, f, rust)).collect();
    let fields = plans.iter().map(field);
    let additional = s.additional.as_ref().map(|ty| (ident(&rust_names[s.fields.len()]), writer.rust(ty)));
    let additional_field = additional.as_ref().map(|(field_name, value)| {
        quote! {
            /// Properties not named in the schema.
            pub #field_name: std::collections::BTreeMap<String, #value>,
        }
    });
    let default = derives_default(writer, id, &s.fields).then(|| quote! { Default, });
    let additional_name = additional.as_ref().map(|(n, _)| n);
    let builders = struct_builders(writer, id, name, &plans, additional_name, gate);
    let serialize = struct_serialize(name, &plans, additional_name, gate);
    let deserialize = struct_deserialize(name, &plans, additional_name);
    quote! {
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #additional_field
        }

        #builders

        #serialize

        #deserialize
    }
}

/// The Rust names of a struct's fields, in spec order, then its field of other properties.
pub(super) fn field_names(s: &Struct) -> Vec<String> {
    let mut wire: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    if s.additional.is_some() {
        wire.push("additional_properties");
    }
    snake_names(wire, &[])
}

/// The Rust type of a struct's field, as the struct declares it.
pub(super) fn field_type(writer: &TypeWriter<'_>, owner: TypeId, f: &Field) -> TokenStream {
    field_plan(writer, owner, f, "field").ty
}

fn field_plan<'f>(writer: &TypeWriter<'_>, owner: TypeId, f: &'f Field, rust_name: &str) -> FieldPlan<'f> {
    let (ty, when_absent) = match (&f.ty, f.required) {
        (TypeRef::Nullable(inner), false) => {
            let inner = writer.held_in(owner, inner);
            (quote! { crate::runtime::Nullable<#inner> }, WhenAbsent::Absent)
        }
        (ty @ TypeRef::Nullable(_), true) => (writer.held_in(owner, ty), WhenAbsent::None),
        (ty, false) => {
            let inner = writer.held_in(owner, ty);
            (quote! { Option<#inner> }, WhenAbsent::None)
        }
        (ty, true) => (writer.held_in(owner, ty), WhenAbsent::Fail),
    };
    FieldPlan { field: f, rust: rust_name.to_owned(), name: ident(rust_name), ty, when_absent }
}

fn field(plan: &FieldPlan<'_>) -> TokenStream {
    let f = plan.field;
    let name = &plan.name;
    let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
    let docs = field_docs(f);
    let ty = &plan.ty;
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

/// `Serialize` written out to match the `Deserialize` beside it: every property under its
/// wire name, absent ones left out.
fn struct_serialize(
    name: &proc_macro2::Ident,
    plans: &[FieldPlan<'_>],
    additional: Option<&proc_macro2::Ident>,
    gate: &TokenStream,
) -> TokenStream {
    let entries = plans.iter().map(|p| {
        let (field, wire) = (&p.name, &p.field.name);
        match (p.when_absent, p.field.required) {
            (WhenAbsent::Absent, _) => quote! {
                if !self.#field.is_absent() {
                    map.serialize_entry(#wire, &self.#field)?;
                }
            },
            (WhenAbsent::None, false) => quote! {
                if let Some(value) = &self.#field {
                    map.serialize_entry(#wire, value)?;
                }
            },
            _ => quote! { map.serialize_entry(#wire, &self.#field)?; },
        }
    });
    let rest = additional.map(|rest| {
        quote! {
            for (key, value) in &self.#rest {
                map.serialize_entry(key, value)?;
            }
        }
    });
    quote! {
        #gate

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #(#entries)*
                #rest
                map.end()
            }
        }
    }
}

/// The serde impls of a newtype that stands for what it holds.
fn newtype_serde(name: &proc_macro2::Ident, gate: &TokenStream) -> TokenStream {
    quote! {
        #gate

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.0, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                serde::Deserialize::deserialize(deserializer).map(Self)
            }
        }
    }
}

/// `Deserialize` written out rather than derived: one pass over the object's properties
/// into typed locals. serde's derive writes several times as much code per field (a field
/// enum and its visitor, a sequence form nobody sends), and type-checking it was most of a
/// large client's compile time.
fn struct_deserialize(name: &proc_macro2::Ident, plans: &[FieldPlan<'_>], additional: Option<&proc_macro2::Ident>) -> TokenStream {
    // Locals are the fields' own names; the map and key get names no field has.
    let additional_name = additional.map(|a| a.to_string());
    let taken: Vec<&str> = plans.iter().map(|p| p.rust.as_str()).chain(additional_name.as_deref()).collect();
    let locals = unique_names(["map".to_owned(), "key".to_owned()], &taken, "_");
    let (map, key) = (ident(&locals[0]), ident(&locals[1]));
    let lets = plans.iter().map(|p| {
        let (local, ty) = (&p.name, &p.ty);
        match p.when_absent {
            WhenAbsent::Fail => quote! { let mut #local: Option<#ty> = None; },
            WhenAbsent::None => quote! { let mut #local: #ty = None; },
            WhenAbsent::Absent => quote! { let mut #local: #ty = crate::runtime::Nullable::Absent; },
        }
    });
    let arms = plans.iter().map(|p| {
        let (local, wire) = (&p.name, &p.field.name);
        match p.when_absent {
            WhenAbsent::Fail => quote! { #wire => #local = Some(#map.next_value()?), },
            WhenAbsent::None | WhenAbsent::Absent => quote! { #wire => #local = #map.next_value()?, },
        }
    });
    let others = match additional {
        Some(rest) => quote! {
            _ => {
                #rest.insert(#key.into_owned(), #map.next_value()?);
            }
        },
        None => quote! {
            _ => {
                #map.next_value::<serde::de::IgnoredAny>()?;
            }
        },
    };
    let rest_local = additional.map(|rest| quote! { let mut #rest = std::collections::BTreeMap::new(); });
    let inits = plans.iter().map(|p| {
        let (local, wire) = (&p.name, &p.field.name);
        match p.when_absent {
            WhenAbsent::Fail => quote! { #local: crate::runtime::required(#local, #wire)?, },
            WhenAbsent::None | WhenAbsent::Absent => quote! { #local, },
        }
    });
    let rest_init = additional.map(|rest| quote! { #rest, });
    let expecting = format!("an object ({name})");
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(crate::runtime::ObjectVisitor::<Self>::new())
            }
        }

        impl crate::runtime::FromProperties for #name {
            const EXPECTING: &'static str = #expecting;

            fn from_properties<'de, M: serde::de::MapAccess<'de>>(mut #map: M) -> Result<Self, M::Error> {
                #(#lets)*
                #rest_local
                while let Some(#key) = #map.next_key::<crate::runtime::Key<'de>>()? {
                    match #key.as_str() {
                        #(#arms)*
                        #others
                    }
                }
                Ok(Self {
                    #(#inits)*
                    #rest_init
                })
            }
        }
    }
}

fn field_docs(f: &Field) -> TokenStream {
    let mut notes = Vec::new();
    if f.read_only {
        notes.push("Read-only: set by the server and ignored in requests.".to_owned());
    }
    if f.write_only {
        notes.push("Write-only: sent to the server, never returned.".to_owned());
    }
    if let Some(default) = &f.default {
        notes.push(format!("Defaults to `{default}` when absent."));
    }
    let notes = (!notes.is_empty()).then(|| notes.join(" "));
    let fallback = format!("The `{}` property.", f.name);
    doc_parts(&[f.description.as_deref(), notes.as_deref()], &fallback)
}

/// A string enum that also holds values added to the API after generation. Its serde impls
/// go through the wire text: cheaper to compile than a derive with an untagged fallback.
fn enum_item(name: &proc_macro2::Ident, values: &[EnumValue], gate: &TokenStream) -> TokenStream {
    let variants = values.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let doc = super::docs::doc_attrs(&format!("`{}`", v.value));
        quote! {
            #doc
            #variant,
        }
    });
    let to_wire = values.iter().map(|v| {
        let (variant, wire) = (format_ident!("{}", v.name), &v.value);
        quote! { Self::#variant => #wire, }
    });
    let from_wire = values.iter().map(|v| {
        let (variant, wire) = (format_ident!("{}", v.name), &v.value);
        quote! { #wire => Self::#variant, }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet: the API may add values over time.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            /// The variant for a wire value; `Unknown` for one this client does not know.
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_wire)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #gate

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// A value that can only be one thing (`const`): a unit struct that writes the value and
/// accepts nothing else, so a field of this type needs no filling in.
fn const_item(name: &proc_macro2::Ident, value: &serde_json::Value, gate: &TokenStream) -> TokenStream {
    let (value_item, serialize, deserialize) = match value {
        serde_json::Value::String(text) => (
            quote! {
                /// The value, as sent on the wire.
                pub const VALUE: &'static str = #text;
            },
            quote! { serializer.serialize_str(Self::VALUE) },
            quote! { crate::runtime::expect_str(deserializer, Self::VALUE) },
        ),
        other => {
            let json = other.to_string();
            (
                quote! {
                    /// The value as JSON text, as sent on the wire.
                    pub const JSON: &'static str = #json;
                },
                quote! { crate::runtime::serialize_json_text(serializer, Self::JSON) },
                quote! { crate::runtime::expect_json(deserializer, Self::JSON) },
            )
        }
    };
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct #name;

        impl #name {
            #value_item
        }

        #gate

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #deserialize.map(|()| Self)
            }
        }
    }
}

/// Tags with the variants they select, in declaration order. Several variants may share a
/// tag (OpenAI's input and output messages are both `message`): those are tried in turn.
fn tag_groups(u: &Union) -> Vec<(Vec<&str>, Vec<&str>)> {
    let mut by_tag: Vec<(&str, Vec<&str>)> = Vec::new();
    for variant in &u.variants {
        for tag in &variant.tags {
            match by_tag.iter_mut().find(|(t, _)| *t == tag.as_str()) {
                Some((_, variants)) => variants.push(&variant.name),
                None => by_tag.push((tag, vec![&variant.name])),
            }
        }
    }
    let mut groups: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for (tag, variants) in by_tag {
        match groups.iter_mut().find(|(_, v)| *v == variants) {
            Some((tags, _)) => tags.push(tag),
            None => groups.push((vec![tag], variants)),
        }
    }
    groups
}

/// The names of an integer enum's constants, in spec order.
pub(super) fn integer_constant_names(values: &[i64]) -> Vec<String> {
    unique_names(values.iter().map(|v| crate::ir::type_name(&v.to_string()).to_shouty_snake_case()), &[], "_")
}

/// An integer enum as a newtype with constants, so unknown values still decode.
fn integer_enum_item(name: &proc_macro2::Ident, values: &[i64], gate: &TokenStream) -> TokenStream {
    let names = integer_constant_names(values);
    let constants = values.iter().zip(names).map(|(v, constant)| {
        let constant = format_ident!("{}", constant);
        let doc = format!(" `{v}`");
        quote! {
            #[doc = #doc]
            pub const #constant: Self = Self(#v);
        }
    });
    let serde = newtype_serde(name, gate);
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(pub i64);

        impl #name {
            #(#constants)*
        }

        #serde
    }
}

fn untagged_union_item(writer: &TypeWriter<'_>, id: TypeId, name: &proc_macro2::Ident, u: &Union, gate: &TokenStream) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let ty = writer.held_in(id, &v.ty);
        let doc = format!(" The `{}` alternative.", v.name);
        quote! {
            #[doc = #doc]
            #variant(#ty),
        }
    });
    let serialize_arms = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        quote! { Self::#variant(value) => serde::Serialize::serialize(value, serializer), }
    });
    // The first alternative the JSON decodes as wins, as with serde's `untagged`, whose
    // derive costs several times the compile time of these few lines.
    let attempts = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        quote! {
            if let Ok(decoded) = serde::Deserialize::deserialize(&value) {
                return Ok(Self::#variant(decoded));
            }
        }
    });
    let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    let mismatch = format!("the value matches none of {name}'s alternatives ({})", names.join(", "));
    let froms = union_froms(writer, id, name, u);
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #froms

        #gate

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #(#attempts)*
                Err(serde::de::Error::custom(#mismatch))
            }
        }
    }
}

/// A union chosen by a discriminator property; a tag this client does not know is kept as
/// JSON instead of failing the whole response.
fn tagged_union_item(writer: &TypeWriter<'_>, id: TypeId, name: &proc_macro2::Ident, u: &Union, gate: &TokenStream) -> TokenStream {
    let property = u.discriminator.as_deref().unwrap_or_default();
    let variants = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let ty = writer.held_in(id, &v.ty);
        let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
        let doc = format!(" `{property}` is {}.", tags.join(" or "));
        quote! {
            #[doc = #doc]
            #variant(#ty),
        }
    });
    let serialize_arms = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let tag = v.tags.first().cloned().unwrap_or_default();
        quote! { Self::#variant(value) => crate::runtime::serialize_tagged(serializer, #property, #tag, value), }
    });
    let deserialize_arms = tag_groups(u).into_iter().map(|(tags, variants)| {
        let decode = |i: usize, variant: &str| {
            let variant = format_ident!("{}", variant);
            let value = if i + 1 == variants.len() { quote! { value } } else { quote! { value.clone() } };
            // `or_else` drops every error but the last unseen, so their type has to be spelled out.
            let error = (i + 1 < variants.len()).then(|| quote! { ::<_, D::Error> });
            quote! { crate::runtime::from_tagged #error (#value).map(Self::#variant) }
        };
        let first = decode(0, variants[0]);
        let rest = variants.iter().enumerate().skip(1).map(|(i, v)| decode(i, v));
        quote! { #(Some(#tags))|* => #first #(.or_else(|_| #rest))*, }
    });
    let froms = union_froms(writer, id, name, u);
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A kind this client does not know yet, kept as JSON.
            Unknown(serde_json::Value),
        }

        #froms

        #gate

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#deserialize_arms)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
    }
}
