//! Schemas to types: scalars stay inline, objects, enums and unions become named types.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use serde_json::Value;

use super::names::{Namespace, type_name};
use super::refs::{DeserializeAt, SchemaSource};
use super::Lowerer;
use crate::error::{Error, Result};
use crate::ir::{EnumValue, Field, Primitive, Struct, TypeId, TypeKind, TypeRef, Union, Variant};
use crate::pointer::Pointer;

/// The longest property name or enum value that gets a field or variant of its own.
/// serde's derive matches wire names as byte-string patterns, and rustc's memory grows with
/// the square of their length (30 KB: 6 GB); no real API comes near this.
const MAX_WIRE_NAME: usize = 1024;

/// How deep `allOf` may nest before it is taken for a cycle.
const MAX_ALL_OF_DEPTH: usize = 32;

/// What a schema lowers to: a type usable in place, or a definition that needs a name.
enum Shape {
    Inline(TypeRef),
    Definition(TypeKind),
}

/// The parts of an object schema, gathered from `type: object` or merged from `allOf`, each
/// with the place it was written (members of an `allOf` each have their own).
#[derive(Default)]
struct ObjectParts {
    properties: IndexMap<String, (ReferenceOr<Box<Schema>>, Pointer)>,
    required: Vec<String>,
    additional: Option<(AdditionalProperties, Pointer)>,
}

impl ObjectParts {
    fn of(
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: &Option<AdditionalProperties>,
        at: &Pointer,
    ) -> Self {
        ObjectParts {
            properties: properties
                .iter()
                .map(|(name, p)| (name.clone(), (p.clone(), at.push("properties").push(name))))
                .collect(),
            required: required.to_vec(),
            additional: additional.clone().map(|a| (a, at.push("additionalProperties"))),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The type of a schema as it stands in the document; `hint` names inline definitions.
    pub(super) fn type_of(&mut self, source: SchemaSource<'_>, hint: &str, at: &Pointer) -> Result<TypeRef> {
        match source {
            SchemaSource::Reference(reference) => self.referenced_type(reference, at),
            SchemaSource::Inline(schema) => self.inline_type(schema, hint, at),
        }
    }

    /// A referenced schema is always a named type, lowered once however often it is used.
    /// Only the first hop is taken, so a schema that is itself a reference keeps its name.
    fn referenced_type(&mut self, reference: &str, at: &Pointer) -> Result<TypeRef> {
        let direct = Pointer::parse_reference(reference).and_then(|p| self.doc.resolve_reference(&p));
        let pointer = match direct {
            Some((_, pointer)) => pointer,
            None => self.follow(reference, at).map(|(_, pointer)| pointer)?,
        };
        let name = pointer.last().unwrap_or_else(|| "Root".to_owned());
        let id = self.register_schema(pointer, &name);
        let named = TypeRef::Named(id);
        Ok(if self.nullable.contains(&id) { nullable(named) } else { named })
    }

    fn inline_type(&mut self, schema: &Schema, hint: &str, at: &Pointer) -> Result<TypeRef> {
        let wrap = |ty| if schema.schema_data.nullable { nullable(ty) } else { ty };
        // Met again while lowering itself: only a named type can hold itself.
        if let Some((first_hint, reserved)) = self.inline_in_progress.get(at).cloned() {
            // Named as where it was first met, not as deep inside itself.
            let id = reserved.unwrap_or_else(|| {
                let id = self.reserve(&first_hint, at);
                self.inline_in_progress.insert(at.clone(), (first_hint, Some(id)));
                id
            });
            return Ok(wrap(TypeRef::Named(id)));
        }
        self.inline_in_progress.insert(at.clone(), (hint.to_owned(), None));
        let shape = self.shape(schema, hint, at, 0);
        let reserved = self.inline_in_progress.remove(at).and_then(|(_, id)| id);
        let ty = match (shape?, reserved) {
            (Shape::Inline(ty), None) => ty,
            (Shape::Definition(kind), None) => TypeRef::Named(self.add_definition(hint, schema, at, kind)),
            (shape, Some(id)) => {
                let kind = match shape {
                    Shape::Inline(ty) => TypeKind::Alias(ty),
                    Shape::Definition(kind) => kind,
                };
                self.set_definition(id, &schema.schema_data, kind);
                TypeRef::Named(id)
            }
        };
        Ok(wrap(ty))
    }

    fn add_definition(&mut self, hint: &str, schema: &Schema, at: &Pointer, kind: TypeKind) -> TypeId {
        let id = self.reserve(hint, at);
        self.set_definition(id, &schema.schema_data, kind);
        id
    }

    fn set_definition(&mut self, id: TypeId, data: &SchemaData, kind: TypeKind) {
        if let Some(def) = self.types[id.0].as_mut() {
            def.description = description(data);
            def.deprecated = data.deprecated;
            def.kind = kind;
        }
    }

    /// Lowers a referenced schema into the named type reserved for it.
    pub(super) fn define_referenced(&mut self, id: TypeId, pointer: &Pointer) -> Result<()> {
        let value = pointer.resolve(&self.doc.raw).ok_or_else(|| {
            Error::at(pointer.to_string(), "referenced schema not found")
        })?;
        if let Some(target) = value.get("$ref").and_then(|r| r.as_str()) {
            let target = self.referenced_type(target, pointer)?;
            self.set_definition(id, &SchemaData::default(), TypeKind::Alias(target));
            return Ok(());
        }
        let schema = Schema::deserialize_from(value, pointer)?;
        let hint = self.name_of(id).to_owned();
        let kind = match self.shape(&schema, &hint, pointer, 0)? {
            Shape::Inline(ty) => TypeKind::Alias(ty),
            Shape::Definition(kind) => kind,
        };
        self.set_definition(id, &schema.schema_data, kind);
        Ok(())
    }

    fn shape(&mut self, schema: &Schema, hint: &str, at: &Pointer, depth: usize) -> Result<Shape> {
        let data = &schema.schema_data;
        // JSON Schema keywords the 3.0 model does not hold are read from the tree itself.
        let raw = self.raw_at(at);
        if let Some(value) = raw.and_then(|node| node.get("const")) {
            return Ok(Shape::Definition(TypeKind::Const(value.clone())));
        }
        if let Some(Value::Array(prefix)) = raw.and_then(|node| node.get("prefixItems")) {
            return self.tuple_shape(prefix, raw.and_then(|node| node.get("items")), hint, at);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => Ok(string_shape(&s.enumeration, &s.format)),
            SchemaKind::Type(Type::Integer(i)) => Ok(integer_shape(&i.enumeration, &i.format)),
            SchemaKind::Type(Type::Number(n)) => Ok(Shape::Inline(TypeRef::Primitive(number_primitive(&n.format)))),
            SchemaKind::Type(Type::Boolean(_)) => Ok(Shape::Inline(TypeRef::Primitive(Primitive::Boolean))),
            SchemaKind::Type(Type::Array(a)) => self.array_shape(a.items.as_ref(), hint, at),
            SchemaKind::Type(Type::Object(o)) => {
                let parts = ObjectParts::of(&o.properties, &o.required, &o.additional_properties, at);
                self.object_shape(parts, hint)
            }
            SchemaKind::OneOf { one_of } => self.union_shape(one_of, data, hint, &at.push("oneOf")),
            SchemaKind::AnyOf { any_of } => self.union_shape(any_of, data, hint, &at.push("anyOf")),
            SchemaKind::AllOf { all_of } => self.all_of_shape(all_of, None, hint, at, depth),
            SchemaKind::Not { .. } => Ok(Shape::Inline(TypeRef::Any)),
            SchemaKind::Any(any) => self.any_shape(any, data, hint, at, depth),
        }
    }

    fn array_shape(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, hint: &str, at: &Pointer) -> Result<Shape> {
        let item = match items {
            Some(items) => self.type_of(SchemaSource::of_boxed(items), &format!("{hint}Item"), &at.push("items"))?,
            None => TypeRef::Any,
        };
        Ok(Shape::Inline(TypeRef::Array(Box::new(item))))
    }

    /// `prefixItems` with no further items allowed is a tuple; an open one is a list of
    /// JSON values, the best a Rust type can say about it.
    fn tuple_shape(&mut self, prefix: &[Value], rest: Option<&Value>, hint: &str, at: &Pointer) -> Result<Shape> {
        let closed = rest.is_none_or(|items| *items == serde_json::json!({"not": {}}));
        // serde reads and writes tuples of up to 16 elements.
        if !closed || prefix.is_empty() || prefix.len() > 16 {
            return Ok(Shape::Inline(TypeRef::Array(Box::new(TypeRef::Any))));
        }
        let mut elements = Vec::with_capacity(prefix.len());
        for (i, element) in prefix.iter().enumerate() {
            let element_at = at.push("prefixItems").push(i.to_string());
            let element: ReferenceOr<Schema> = serde::Deserialize::deserialize(element)
                .map_err(|e| Error::at(element_at.to_string(), format!("not a valid schema: {e}")))?;
            elements.push(self.type_of(SchemaSource::of(&element), &format!("{hint}Item{}", i + 1), &element_at)?);
        }
        Ok(Shape::Inline(TypeRef::Tuple(elements)))
    }

    fn object_shape(&mut self, parts: ObjectParts, hint: &str) -> Result<Shape> {
        let additional = match &parts.additional {
            Some((AdditionalProperties::Schema(schema), at)) => {
                Some(self.type_of(SchemaSource::of(schema), &format!("{hint}Value"), at)?)
            }
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Any),
            Some((AdditionalProperties::Any(false), _)) | None => None,
        };
        let (named, too_long): (Vec<_>, Vec<_>) = parts.properties.iter().partition(|(name, _)| name.len() <= MAX_WIRE_NAME);
        // Properties no field can be made for still travel, in the map of other properties.
        let additional = if too_long.is_empty() { additional } else { additional.or(Some(TypeRef::Any)) };
        if named.is_empty() {
            return Ok(Shape::Inline(TypeRef::Map(Box::new(additional.unwrap_or(TypeRef::Any)))));
        }
        let required: std::collections::HashSet<&String> = parts.required.iter().collect();
        let mut fields = Vec::with_capacity(named.len());
        for (name, (property, property_at)) in named {
            let is_required = required.contains(name);
            fields.push(self.field(name, property, is_required, hint, property_at)?);
        }
        Ok(Shape::Definition(TypeKind::Struct(Struct { fields, additional })))
    }

    fn field(&mut self, name: &str, property: &ReferenceOr<Box<Schema>>, required: bool, parent: &str, at: &Pointer) -> Result<Field> {
        let source = SchemaSource::of_boxed(property);
        let mut ty = self.type_of(source, &format!("{parent}{}", type_name(name)), at)?;
        let data = match source {
            SchemaSource::Inline(schema) => schema.schema_data.clone(),
            SchemaSource::Reference(_) => SchemaData::default(),
        };
        if data.write_only {
            ty = secret_if_string(ty);
        }
        Ok(Field {
            name: name.to_owned(),
            ty,
            required: required && !data.read_only && !data.write_only,
            description: description(&data),
            deprecated: data.deprecated,
            read_only: data.read_only,
            write_only: data.write_only,
            default: data.default.clone(),
            example: data.example.clone(),
        })
    }

    fn union_shape(&mut self, members: &[ReferenceOr<Schema>], data: &SchemaData, hint: &str, at: &Pointer) -> Result<Shape> {
        if let [only] = members {
            return Ok(Shape::Inline(self.type_of(SchemaSource::of(only), hint, &at.push("0"))?));
        }
        let nodes: Vec<Option<(&'a Value, Pointer)>> = (0..members.len())
            .map(|i| {
                let member_at = at.push(i.to_string());
                self.raw_at(&member_at).and_then(|node| self.raw_schema(node, &member_at))
            })
            .collect();
        let discriminator = match &data.discriminator {
            Some(d) => Some(d.property_name.clone()),
            None => self.implicit_discriminator(&nodes),
        };
        let mut names = Namespace::default();
        names.unique("Unknown");
        let mut variants = Vec::with_capacity(members.len());
        for (i, (member, node)) in members.iter().zip(&nodes).enumerate() {
            let member_at = at.push(i.to_string());
            let source = SchemaSource::of(member);
            let ty = self.type_of(source, &format!("{hint}Variant{}", i + 1), &member_at)?;
            let tags = match &discriminator {
                Some(property) => self.discriminator_tags(data.discriminator.as_ref(), property, node.as_ref(), &member_at)?,
                None => Vec::new(),
            };
            let mapping = data.discriminator.as_ref().map(|d| &d.mapping);
            let mapping_key = tags.first().filter(|tag| mapping.is_some_and(|m| m.contains_key(tag.as_str())));
            let name = variant_name_in(&mut names, &self.variant_name(&ty, source), mapping_key.map(String::as_str), hint);
            variants.push(Variant { name, ty, tags });
        }
        Ok(Shape::Definition(TypeKind::Union(Union { discriminator, variants })))
    }

    /// A union whose every member pins the same property to its own value (`type: {const:
    /// message}` in one, `type: {const: error}` in the next) is tagged by it, though it says
    /// no `discriminator`: decoding by tag is what keeps one member from swallowing another's
    /// JSON.
    fn implicit_discriminator(&self, nodes: &[Option<(&'a Value, Pointer)>]) -> Option<String> {
        let (first, first_at) = nodes.first()?.as_ref()?;
        let candidates = self.pinned_properties(first, first_at, 0);
        candidates.into_iter().map(|(property, _)| property).find(|property| {
            let mut seen = std::collections::HashSet::new();
            nodes.iter().all(|node| {
                let Some((node, node_at)) = node else { return false };
                self.pinned_value(node, node_at, property, 0).is_some_and(|tag| seen.insert(tag))
            })
        })
    }

    /// Properties of an object schema (and its `allOf` members) that allow one string only.
    fn pinned_properties(&self, node: &'a Value, at: &Pointer, depth: usize) -> Vec<(String, String)> {
        let mut found = Vec::new();
        if depth > MAX_ALL_OF_DEPTH {
            return found;
        }
        if let Some(Value::Object(properties)) = node.get("properties") {
            for (name, property) in properties {
                let property_at = at.push("properties").push(name);
                if let Some(value) = self.raw_schema(property, &property_at).and_then(|(p, _)| single_string(p)) {
                    found.push((name.clone(), value));
                }
            }
        }
        for (i, member) in node.get("allOf").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let member_at = at.push("allOf").push(i.to_string());
            if let Some((member, member_at)) = self.raw_schema(member, &member_at) {
                found.extend(self.pinned_properties(member, &member_at, depth + 1));
            }
        }
        found
    }

    fn pinned_value(&self, node: &'a Value, at: &Pointer, property: &str, depth: usize) -> Option<String> {
        self.pinned_properties(node, at, depth).into_iter().find(|(name, _)| name == property).map(|(_, value)| value)
    }

        fn variant_name(&self, ty: &TypeRef, source: SchemaSource<'_>) -> String {
        if let SchemaSource::Inline(Schema { schema_data: SchemaData { title: Some(title), .. }, .. }) = source {
            return type_name(title);
        }
        match ty {
            TypeRef::Named(id) => self.name_of(*id).to_owned(),
            TypeRef::Primitive(p) => type_name(&format!("{p:?}")),
            TypeRef::Array(item) => format!("{}List", self.variant_name(item, source)),
            TypeRef::Map(_) => "Map".to_owned(),
            TypeRef::Tuple(_) => "Tuple".to_owned(),
            TypeRef::Nullable(inner) => self.variant_name(inner, source),
            TypeRef::Any => "Any".to_owned(),
        }
    }

    /// The discriminator values that select a member: from `mapping`, from the value the
    /// member pins its tag property to (`const`, or a one-value `enum`), or (the spec's
    /// implicit rule) the schema's name.
    fn discriminator_tags(
        &self,
        declared: Option<&openapiv3::Discriminator>,
        property: &str,
        node: Option<&(&'a Value, Pointer)>,
        at: &Pointer,
    ) -> Result<Vec<String>> {
        let member_pointer = node.map(|(_, pointer)| pointer.clone()).filter(|p| p != at);
        let mut tags = Vec::new();
        for (tag, target) in declared.iter().flat_map(|d| &d.mapping) {
            let target = if target.starts_with('#') { target.clone() } else { format!("#/components/schemas/{target}") };
            if member_pointer.is_some() && self.follow(&target, at).ok().map(|(_, p)| p) == member_pointer {
                tags.push(tag.clone());
            }
        }
        if tags.is_empty() {
            if let Some(value) = node.and_then(|(node, node_at)| self.pinned_value(node, node_at, property, 0)) {
                tags.push(value);
            } else if let Some(name) = member_pointer.and_then(|p| p.last()).filter(|_| declared.is_some()) {
                tags.push(name);
            }
        }
        Ok(tags)
    }

    /// `allOf`: one real member stands for itself; object members merge into one struct.
    fn all_of_shape(&mut self, members: &[ReferenceOr<Schema>], own: Option<ObjectParts>, hint: &str, at: &Pointer, depth: usize) -> Result<Shape> {
        let real: Vec<(usize, &ReferenceOr<Schema>)> =
            members.iter().enumerate().filter(|(_, m)| !is_annotation_only(m)).collect();
        if let ([(i, only)], None) = (real.as_slice(), &own) {
            let at = at.push("allOf").push(i.to_string());
            return match SchemaSource::of(only) {
                SchemaSource::Reference(r) => Ok(Shape::Inline(self.referenced_type(r, &at)?)),
                SchemaSource::Inline(schema) => self.shape(schema, hint, &at, depth + 1),
            };
        }
        let mut merged = own.unwrap_or_default();
        for (i, member) in real {
            let member_at = at.push("allOf").push(i.to_string());
            if !self.merge_member(&mut merged, SchemaSource::of(member), &member_at, depth)? {
                // A member that is not an object (a union, say) cannot be merged field by field.
                return Ok(Shape::Inline(TypeRef::Any));
            }
        }
        self.object_shape(merged, hint)
    }

    /// Adds an `allOf` member's properties; `false` when the member is not object-like.
    fn merge_member(&self, into: &mut ObjectParts, member: SchemaSource<'_>, at: &Pointer, depth: usize) -> Result<bool> {
        if depth > MAX_ALL_OF_DEPTH {
            return Err(Error::at(at.to_string(), "allOf nests too deep: is it a reference cycle?"));
        }
        let (schema, at) = self.schema_of(member, at)?;
        let parts = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => ObjectParts::of(&o.properties, &o.required, &o.additional_properties, &at),
            SchemaKind::AllOf { all_of } => {
                for (i, m) in all_of.iter().enumerate() {
                    if !self.merge_member(into, SchemaSource::of(m), &at.push("allOf").push(i.to_string()), depth + 1)? {
                        return Ok(false);
                    }
                }
                return Ok(true);
            }
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
                for (i, m) in any.all_of.iter().enumerate() {
                    if !self.merge_member(into, SchemaSource::of(m), &at.push("allOf").push(i.to_string()), depth + 1)? {
                        return Ok(false);
                    }
                }
                ObjectParts::of(&any.properties, &any.required, &any.additional_properties, &at)
            }
            _ => return Ok(false),
        };
        for (name, property) in parts.properties {
            if let Some((existing, existing_at)) = into.properties.get(&name) {
                self.check_compatible((existing, existing_at), (&property.0, &property.1), &name)?;
            }
            into.properties.insert(name, property);
        }
        for name in parts.required {
            if !into.required.contains(&name) {
                into.required.push(name);
            }
        }
        if parts.additional.is_some() {
            into.additional = parts.additional;
        }
        Ok(true)
    }

    /// Two `allOf` members may refine a property, but not change its JSON type.
    fn check_compatible(&self, a: (&ReferenceOr<Box<Schema>>, &Pointer), b: (&ReferenceOr<Box<Schema>>, &Pointer), name: &str) -> Result<()> {
        let ta = self.json_type(a.0, a.1)?;
        let tb = self.json_type(b.0, b.1)?;
        match (ta, tb) {
            (Some(x), Some(y)) if x != y => Err(Error::at(
                b.1.to_string(),
                format!("allOf members disagree on property `{name}`: `{x}` in one, `{y}` in another; make them agree"),
            )),
            _ => Ok(()),
        }
    }

    fn json_type(&self, schema: &ReferenceOr<Box<Schema>>, at: &Pointer) -> Result<Option<&'static str>> {
        let (schema, _) = self.schema_of(SchemaSource::of_boxed(schema), at)?;
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => Some("string"),
            SchemaKind::Type(Type::Integer(_) | Type::Number(_)) => Some("number"),
            SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
            SchemaKind::Type(Type::Array(_)) => Some("array"),
            SchemaKind::Type(Type::Object(_)) => Some("object"),
            _ => None,
        })
    }

    /// Schemas that fit no single `type`: decide by the keywords present.
    fn any_shape(&mut self, any: &AnySchema, data: &SchemaData, hint: &str, at: &Pointer, depth: usize) -> Result<Shape> {
        let object = || ObjectParts::of(&any.properties, &any.required, &any.additional_properties, at);
        if !any.all_of.is_empty() {
            let own = (!any.properties.is_empty()).then(object);
            return self.all_of_shape(&any.all_of, own, hint, at, depth);
        }
        if !any.one_of.is_empty() {
            return self.union_shape(&any.one_of, data, hint, &at.push("oneOf"));
        }
        if !any.any_of.is_empty() {
            return self.union_shape(&any.any_of, data, hint, &at.push("anyOf"));
        }
        match any.typ.as_deref() {
            Some("object") => self.object_shape(object(), hint),
            None if !any.properties.is_empty() || any.additional_properties.is_some() => self.object_shape(object(), hint),
            Some("array") => self.array_shape(any.items.as_ref(), hint, at),
            None if any.items.is_some() => self.array_shape(any.items.as_ref(), hint, at),
            Some("string") | None if !any.enumeration.is_empty() => Ok(json_enum_shape(&any.enumeration)),
            Some("string") => Ok(Shape::Inline(TypeRef::Primitive(string_primitive_named(any.format.as_deref())))),
            Some("integer") => Ok(Shape::Inline(TypeRef::Primitive(integer_primitive_named(any.format.as_deref())))),
            Some("number") => Ok(Shape::Inline(TypeRef::Primitive(Primitive::F64))),
            Some("boolean") => Ok(Shape::Inline(TypeRef::Primitive(Primitive::Boolean))),
            // Swagger's upload type, left in documents converted by hand.
            Some("file") => Ok(Shape::Inline(TypeRef::Primitive(Primitive::String))),
            Some(unknown) => Err(Error::at(
                at.push("type").to_string(),
                format!("`{unknown}` is not a JSON Schema type; use one of string, number, integer, boolean, array, object or null"),
            )),
            None => Ok(Shape::Inline(TypeRef::Any)),
        }
    }
}

/// The name a union's member goes by among its variants: the discriminator's mapping key when
/// the spec maps one to it (`user` → `User`), else the member's own name with the union's name
/// taken off as whole words, at the end, the start, or split around the rest
/// (`AwsProviderMetadata` in `ProviderMetadata` → `Aws`, `ChatCompletionRequestUserMessage` in
/// `ChatCompletionRequestMessage` → `User`). The member's full name when the short one is
/// empty, not an identifier, or already taken by an earlier variant.
fn variant_name_in(names: &mut Namespace, full: &str, mapping_key: Option<&str>, union_name: &str) -> String {
    let from_key = mapping_key.map(type_name).filter(|name| starts_identifier(name));
    let short = from_key.or_else(|| strip_words(full, &type_name(union_name)));
    match short {
        Some(short) if names.take(&short) => short,
        _ => names.unique(full),
    }
}

/// `name` without the words of `taken_off`, which it must start or end with (or both, split
/// anywhere); `None` when it does not, or nothing valid is left.
fn strip_words(name: &str, taken_off: &str) -> Option<String> {
    let (words, off) = (camel_words(name), camel_words(taken_off));
    if off.is_empty() || words.len() <= off.len() {
        return None;
    }
    // The whole name as a suffix first, then as a prefix, then split around the rest.
    let mut splits = std::iter::once(0).chain(std::iter::once(off.len())).chain(1..off.len());
    splits.find_map(|k| {
        let (head, tail) = off.split_at(k);
        let rest = &words[head.len()..words.len() - tail.len()];
        let fits = words.starts_with(head) && words.ends_with(tail);
        let short = rest.concat();
        (fits && starts_identifier(&short)).then_some(short)
    })
}

/// The words of an UpperCamelCase name: each starts at an upper-case letter.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if !name.is_empty() {
        words.push(&name[start..]);
    }
    words
}

fn starts_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

fn nullable(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(_) | TypeRef::Any => ty,
        other => TypeRef::Nullable(Box::new(other)),
    }
}

fn secret_if_string(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Primitive(Primitive::String) => TypeRef::Primitive(Primitive::Secret),
        TypeRef::Nullable(inner) => nullable(secret_if_string(*inner)),
        other => other,
    }
}

fn description(data: &SchemaData) -> Option<String> {
    data.description.clone().or_else(|| data.title.clone()).filter(|d| !d.trim().is_empty())
}

/// Members such as `{description: ...}` that add no type information to an `allOf`.
fn is_annotation_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default()),
    }
}

/// The one string a schema allows: its `const`, or an `enum` of one value.
fn single_string(schema: &Value) -> Option<String> {
    if let Some(value) = schema.get("const") {
        return value.as_str().map(str::to_owned);
    }
    match schema.get("enum").and_then(Value::as_array)?.as_slice() {
        [Value::String(only)] => Some(only.clone()),
        _ => None,
    }
}

fn string_shape(values: &[Option<String>], format: &VariantOrUnknownOrEmpty<StringFormat>) -> Shape {
    let values: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
    if !values.is_empty() {
        return Shape::Definition(TypeKind::Enum(enum_values(&values)));
    }
    let primitive = match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Primitive::Secret,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Primitive::Binary,
        VariantOrUnknownOrEmpty::Unknown(f) => string_primitive_named(Some(f)),
        _ => Primitive::String,
    };
    Shape::Inline(TypeRef::Primitive(primitive))
}

fn string_primitive_named(format: Option<&str>) -> Primitive {
    match format {
        Some("date-time") => Primitive::DateTime,
        Some("date") => Primitive::Date,
        Some("uuid") => Primitive::Uuid,
        Some("password") => Primitive::Secret,
        Some("binary") => Primitive::Binary,
        _ => Primitive::String,
    }
}

/// Variant names for string values, unique even when values differ only in case or symbols;
/// values too long to match on (see [`MAX_WIRE_NAME`]) decode as `Unknown(value)`.
pub(super) fn enum_values(values: &[&str]) -> Vec<EnumValue> {
    let mut names = Namespace::default();
    names.unique("Unknown");
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .filter(|v| v.len() <= MAX_WIRE_NAME && seen.insert(**v))
        .map(|v| EnumValue { value: (*v).to_owned(), name: names.unique(&type_name(v)) })
        .collect()
}

fn json_enum_shape(values: &[serde_json::Value]) -> Shape {
    let strings: Vec<&str> = values.iter().filter_map(|v| v.as_str()).collect();
    let non_null = values.iter().filter(|v| !v.is_null()).count();
    if strings.len() == non_null && !strings.is_empty() {
        return Shape::Definition(TypeKind::Enum(enum_values(&strings)));
    }
    let integers: Vec<i64> = values.iter().filter_map(|v| v.as_i64()).collect();
    if integers.len() == non_null && !integers.is_empty() {
        return Shape::Definition(TypeKind::IntegerEnum(integers));
    }
    Shape::Inline(TypeRef::Any)
}

fn integer_shape(values: &[Option<i64>], format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Shape {
    let values: Vec<i64> = values.iter().flatten().copied().collect();
    if !values.is_empty() {
        let mut unique = values.clone();
        unique.dedup();
        return Shape::Definition(TypeKind::IntegerEnum(unique));
    }
    let primitive = match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Primitive::I64,
        VariantOrUnknownOrEmpty::Unknown(f) => integer_primitive_named(Some(f)),
        VariantOrUnknownOrEmpty::Empty => Primitive::I64,
    };
    Shape::Inline(TypeRef::Primitive(primitive))
}

fn integer_primitive_named(format: Option<&str>) -> Primitive {
    match format {
        Some("int8") => Primitive::I8,
        Some("int16") => Primitive::I16,
        Some("int32") => Primitive::I32,
        Some("uint8") => Primitive::U8,
        Some("uint16") => Primitive::U16,
        Some("uint32") => Primitive::U32,
        Some("uint64" | "uint") => Primitive::U64,
        _ => Primitive::I64,
    }
}

fn number_primitive(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
        _ => Primitive::F64,
    }
}

#[cfg(test)]
mod tests {
    use super::strip_words;

    #[test]
    fn a_unions_name_comes_off_as_whole_words_at_either_end_or_around_the_rest() {
        let strip = |name: &str, union: &str| strip_words(name, union);
        assert_eq!(strip("AwsProviderMetadata", "ProviderMetadata").as_deref(), Some("Aws"));
        assert_eq!(strip("ProviderMetadataAws", "ProviderMetadata").as_deref(), Some("Aws"));
        assert_eq!(strip("ChatCompletionRequestUserMessage", "ChatCompletionRequestMessage").as_deref(), Some("User"));
        // Parts of words stay: `Pets` is not `Pet`, `Message2` not `Message`.
        assert_eq!(strip("PetsList", "Pet"), None);
        assert_eq!(strip("ChatMessage2", "ChatMessage"), None);
        // Nothing left, or not all of the union's words there.
        assert_eq!(strip("Pet", "Pet"), None);
        assert_eq!(strip("CatResponse", "PetResponse"), None);
    }
}
