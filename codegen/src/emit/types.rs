//! Named schema types: structs, open enums, tagged and untagged unions, aliases.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_parts;
use super::graph::Recursion;
use super::idents::{ident, snake_names, unique_names};
use crate::ir::{Api, EnumValue, Field, Primitive, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union};

/// Spells IR types as Rust types; `prefix` is the path to the `types` module from the
/// module being written (empty inside it).
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
pub fn types_module(api: &Api, recursion: &Recursion) -> TokenStream {
    let writer = TypeWriter { api, recursion, prefix: TokenStream::new() };
    let items = api.types.iter().enumerate().map(|(i, def)| type_item(&writer, TypeId(i), def));
    let imports = (!api.types.is_empty()).then(|| quote! { use serde::{Deserialize, Serialize}; });
    quote! {
        //! Types of the request and response bodies, one per schema of the spec.
        #![allow(deprecated)]

        #imports

        #(#items)*
    }
}

fn type_item(writer: &TypeWriter<'_>, id: TypeId, def: &TypeDef) -> TokenStream {
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
        TypeKind::Struct(s) => struct_item(writer, id, &name, s),
        TypeKind::Enum(values) => enum_item(&name, values),
        TypeKind::IntegerEnum(values) => integer_enum_item(&name, values),
        TypeKind::Union(u) if u.discriminator.is_some() => tagged_union_item(writer, id, &name, u),
        TypeKind::Union(u) => untagged_union_item(writer, id, &name, u),
        TypeKind::Alias(target) if writer.recursion.is_recursive(id) => {
            let target = writer.held_in(id, target);
            quote! {
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
        TypeKind::Alias(target) => {
            let target = writer.rust(target);
            quote! { pub type #name = #target; }
        }
        TypeKind::Const(value) => const_item(&name, value),
    };
    quote! { #docs #deprecated #body }
}

fn struct_item(writer: &TypeWriter<'_>, id: TypeId, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let mut wire: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    if s.additional.is_some() {
        wire.push("additional_properties");
    }
    let rust_names = snake_names(wire, &[]);
    let fields = s.fields.iter().zip(&rust_names).map(|(f, rust)| field(writer, id, f, rust));
    let additional = s.additional.as_ref().map(|ty| {
        let field_name = ident(&rust_names[s.fields.len()]);
        let value = writer.rust(ty);
        quote! {
            /// Properties not named in the schema.
            #[serde(flatten)]
            pub #field_name: std::collections::BTreeMap<String, #value>,
        }
    });
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote! { Default, });
    quote! {
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn field(writer: &TypeWriter<'_>, owner: TypeId, f: &Field, rust_name: &str) -> TokenStream {
    let name = ident(rust_name);
    let rename = (rust_name != f.name).then(|| {
        let wire = &f.name;
        quote! { #[serde(rename = #wire)] }
    });
    let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
    let docs = field_docs(f);
    let (ty, serde_attr) = match (&f.ty, f.required) {
        (TypeRef::Nullable(inner), false) => {
            let inner = writer.held_in(owner, inner);
            (
                quote! { crate::runtime::Nullable<#inner> },
                quote! { #[serde(default, skip_serializing_if = "crate::runtime::Nullable::is_absent")] },
            )
        }
        (ty @ TypeRef::Nullable(_), true) => (writer.held_in(owner, ty), quote! { #[serde(default)] }),
        (ty, false) => {
            let inner = writer.held_in(owner, ty);
            (quote! { Option<#inner> }, quote! { #[serde(default, skip_serializing_if = "Option::is_none")] })
        }
        (ty, true) => (writer.held_in(owner, ty), TokenStream::new()),
    };
    quote! {
        #docs
        #deprecated
        #rename
        #serde_attr
        pub #name: #ty,
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

/// A string enum that also holds values added to the API after generation.
fn enum_item(name: &proc_macro2::Ident, values: &[EnumValue]) -> TokenStream {
    let variants = values.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let wire = &v.value;
        let doc = format!(" `{wire}`");
        quote! {
            #[doc = #doc]
            #[serde(rename = #wire)]
            #variant,
        }
    });
    let arms = values.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let wire = &v.value;
        quote! { Self::#variant => #wire, }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet: the API may add values over time.
            #[serde(untagged)]
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// A value that can only be one thing (`const`): a unit struct that writes the value and
/// accepts nothing else, so a field of this type needs no filling in.
fn const_item(name: &proc_macro2::Ident, value: &serde_json::Value) -> TokenStream {
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

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> Deserialize<'de> for #name {
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

/// An integer enum as a newtype with constants, so unknown values still decode.
fn integer_enum_item(name: &proc_macro2::Ident, values: &[i64]) -> TokenStream {
    let names = unique_names(values.iter().map(|v| crate::ir::type_name(&v.to_string()).to_shouty_snake_case()), &[], "_");
    let constants = values.iter().zip(names).map(|(v, constant)| {
        let constant = format_ident!("{}", constant);
        let doc = format!(" `{v}`");
        quote! {
            #[doc = #doc]
            pub const #constant: Self = Self(#v);
        }
    });
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub i64);

        impl #name {
            #(#constants)*
        }
    }
}

fn untagged_union_item(writer: &TypeWriter<'_>, id: TypeId, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let ty = writer.held_in(id, &v.ty);
        let doc = format!(" The `{}` alternative.", v.name);
        quote! {
            #[doc = #doc]
            #variant(#ty),
        }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// A union chosen by a discriminator property; a tag this client does not know is kept as
/// JSON instead of failing the whole response.
fn tagged_union_item(writer: &TypeWriter<'_>, id: TypeId, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
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
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A kind this client does not know yet, kept as JSON.
            Unknown(serde_json::Value),
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#deserialize_arms)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
    }
}
