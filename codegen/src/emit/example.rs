//! The usage example in each operation's docs, compiled as a doctest (`no_run`): its required
//! arguments and one optional parameter from the values the spec gives (`example`,
//! `examples`, `default`), typed placeholders where it gives none, and its body built with
//! the type's own constructor (`Type::new` with the properties a caller must choose, or
//! `Type::default()`).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::builders::takes_into;
use super::plan::{OperationPlan, Passing, SetterInput};
use super::types::TypeWriter;
use crate::ir::construct;
use crate::ir::{Api, Content, Primitive, TypeId, TypeKind, TypeRef};

/// How deep nested constructors go before a placeholder takes over.
const MAX_DEPTH: usize = 3;

/// How an argument takes its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Taking {
    /// `impl Into<T>`, or `&str` for text.
    Into,
    /// Exactly `T`.
    Exact,
}

/// Writes examples of calls to one crate's client.
pub struct Examples<'a> {
    /// The API.
    pub api: &'a Api,
    /// For the recursion the types have (a boxed union member).
    pub writer: &'a TypeWriter<'a>,
    /// The crate's library name, e.g. `arize_client`.
    pub library: &'a str,
}

/// One example being written: the types it names, and the statements before the call.
struct Draft {
    uses: BTreeSet<String>,
    lets: Vec<String>,
}

impl Examples<'_> {
    /// `# Example` doc lines for the method `method` of the operation.
    pub fn doc(&self, plan: &OperationPlan<'_>, method: &str, stream: bool) -> TokenStream {
        let mut draft = Draft { uses: BTreeSet::new(), lets: Vec::new() };
        let mut arguments = Vec::new();
        for param in plan.required() {
            let name = &param.rust_name;
            let (taking, by_ref) = match param.passing {
                Passing::Str => (Taking::Into, false),
                Passing::Copy => (Taking::Exact, false),
                Passing::Ref => (Taking::Exact, true),
            };
            let value = match param.passing {
                // The method takes `&str` for whatever the path segment holds.
                Passing::Str => Some(format!("{:?}", text(param.param.example.as_ref(), name))),
                _ => self.value(&mut draft, &param.param.ty, param.param.example.as_ref(), name, taking, 0),
            };
            arguments.push(self.argument(&mut draft, name, value, &param.param.ty, by_ref));
        }
        if let Some(body) = plan.body {
            arguments.push(self.body_argument(&mut draft, &body.content, body.required));
        }
        let mut call = format!("client.{}({})", super::idents::ident(method), arguments.join(", "));
        // One optional parameter shows how they are set: one the spec gives a value for, else
        // one whose placeholder says more than an empty list would.
        let optional = plan
            .optional()
            .find(|p| p.param.example.is_some())
            .or_else(|| plan.optional().find(|p| !matches!(p.param.ty, TypeRef::Array(_) | TypeRef::Map(_))))
            .or_else(|| plan.optional().next());
        if let Some(param) = optional {
            let ty = match &param.param.ty {
                TypeRef::Nullable(inner) => inner,
                ty => ty,
            };
            let taking = match param.setter_input(self.api) {
                SetterInput::Into => Taking::Into,
                SetterInput::Value => Taking::Exact,
            };
            if let Some(value) = self.value(&mut draft, ty, param.param.example.as_ref(), &param.rust_name, taking, 0) {
                let _ = write!(call, ".{}({value})", super::idents::ident(&param.rust_name));
            }
        }
        let mut lines = vec![
            "```no_run".to_owned(),
            format!("# async fn example(client: {}::Client) -> Result<(), Box<dyn std::error::Error>> {{", self.library),
        ];
        if stream {
            lines.push("use futures_util::StreamExt;".to_owned());
        }
        if !draft.uses.is_empty() {
            let names: Vec<&str> = draft.uses.iter().map(String::as_str).collect();
            match names.as_slice() {
                [one] => lines.push(format!("use {}::types::{one};", self.library)),
                many => lines.push(format!("use {}::types::{{{}}};", self.library, many.join(", "))),
            }
        }
        if stream || !draft.uses.is_empty() {
            lines.push(String::new());
        }
        lines.extend(draft.lets);
        if stream {
            lines.push(format!("let mut items = {call}.await?;"));
            lines.push("while let Some(item) = items.next().await {".to_owned());
            lines.push("    println!(\"{:?}\", item?);".to_owned());
            lines.push("}".to_owned());
        } else {
            lines.push(format!("let answer = {call}.await?;"));
            lines.push("println!(\"{answer:?}\");".to_owned());
        }
        lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
        let attrs = std::iter::once(String::new())
            .chain(std::iter::once(" # Example".to_owned()))
            .chain(std::iter::once(String::new()))
            .chain(lines.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") }))
            .map(|line| quote! { #[doc = #line] });
        quote! { #(#attrs)* }
    }

    /// An argument: its value inline, or a typed placeholder bound before the call.
    fn argument(&self, draft: &mut Draft, name: &str, value: Option<String>, ty: &TypeRef, by_ref: bool) -> String {
        let value = value.unwrap_or_else(|| {
            let ty = self.writer.rust(ty).to_string().replace(' ', "").replace("crate::", &format!("{}::", self.library));
            draft.lets.push(format!("let {name}: {ty} = todo!();"));
            name.to_owned()
        });
        if by_ref { format!("&{value}") } else { value }
    }

    /// The body argument, its value bound to `body` before the call when it is built.
    fn body_argument(&self, draft: &mut Draft, content: &Content, required: bool) -> String {
        match content {
            Content::Json(ty) | Content::Form(ty) | Content::Multipart(ty) => {
                let value = self.value(draft, ty, None, "body", Taking::Exact, 0);
                let value = match value {
                    Some(value) => {
                        draft.lets.push(format!("let body = {value};"));
                        "body".to_owned()
                    }
                    None => self.argument(draft, "body", None, ty, false),
                };
                if required { format!("&{value}") } else { format!("Some(&{value})") }
            }
            Content::Text { .. } => "\"text\".to_owned()".to_owned(),
            Content::Bytes { .. } if required => "b\"file content\".to_vec()".to_owned(),
            Content::Bytes { .. } => "None".to_owned(),
        }
    }

    /// A value of `ty`, from the spec's `example` when it fits, else a placeholder; `None` when
    /// no short expression makes one.
    fn value(&self, draft: &mut Draft, ty: &TypeRef, example: Option<&Value>, name: &str, taking: Taking, depth: usize) -> Option<String> {
        match ty {
            TypeRef::Primitive(p) => Some(self.primitive(*p, example, name, taking)),
            TypeRef::Named(id) => self.named(draft, *id, example, name, taking, depth),
            TypeRef::Nullable(_) => Some("None".to_owned()),
            TypeRef::Array(_) => Some("vec![]".to_owned()),
            TypeRef::Map(_) => Some("Default::default()".to_owned()),
            TypeRef::Any => Some("serde_json::Value::Null".to_owned()),
            TypeRef::Tuple(_) => None,
        }
    }

    fn primitive(&self, primitive: Primitive, example: Option<&Value>, name: &str, taking: Taking) -> String {
        match primitive {
            Primitive::String => {
                let text = format!("{:?}", text(example, name));
                if taking == Taking::Into { text } else { format!("String::from({text})") }
            }
            Primitive::Secret => {
                let text = format!("{:?}", text(example, name));
                if taking == Taking::Into { text } else { format!("{}::Secret::from({text})", self.library) }
            }
            Primitive::Binary if taking == Taking::Into => "b\"file content\".to_vec()".to_owned(),
            Primitive::Binary => format!("{}::runtime::Upload::from(b\"file content\".to_vec())", self.library),
            Primitive::Boolean => example.and_then(Value::as_bool).unwrap_or(true).to_string(),
            Primitive::F32 | Primitive::F64 => match example.and_then(Value::as_f64).filter(|f| f.is_finite()) {
                Some(f) => format!("{f:?}"),
                None => "0.5".to_owned(),
            },
            Primitive::DateTime => "chrono::DateTime::<chrono::Utc>::UNIX_EPOCH".to_owned(),
            Primitive::Date => "chrono::NaiveDate::default()".to_owned(),
            Primitive::Uuid => "uuid::Uuid::nil()".to_owned(),
            integer => integer_literal(integer, example),
        }
    }

    fn named(&self, draft: &mut Draft, id: TypeId, example: Option<&Value>, name: &str, taking: Taking, depth: usize) -> Option<String> {
        let def = self.api.type_def(id);
        let type_name = def.name.clone();
        match &def.kind {
            // A recursive alias is a newtype, not another name for its target.
            TypeKind::Alias(_) if self.writer.recursion.is_recursive(id) => None,
            TypeKind::Alias(target) => self.value(draft, target, example, name, taking, depth),
            TypeKind::Enum(values) => {
                let wanted = example.and_then(Value::as_str);
                let value = values.iter().find(|v| Some(v.value.as_str()) == wanted).or(values.first())?;
                draft.uses.insert(type_name.clone());
                Some(format!("{type_name}::{}", value.name))
            }
            TypeKind::Struct(_) => {
                let fields = construct::constructor_fields(self.api, id);
                if fields.is_empty() {
                    draft.uses.insert(type_name.clone());
                    return Some(format!("{type_name}::default()"));
                }
                if depth >= MAX_DEPTH {
                    return None;
                }
                let mut arguments = Vec::new();
                for field in fields {
                    let taking = if takes_into(self.api, &field.ty) { Taking::Into } else { Taking::Exact };
                    let example = field.example.as_ref().or(field.default.as_ref());
                    let value = self.value(draft, &field.ty, example, &field.name, taking, depth + 1)?;
                    let value = match (&field.ty, self.boxed(id, &field.ty)) {
                        (TypeRef::Named(_), true) => format!("Box::new({value})"),
                        _ => value,
                    };
                    arguments.push(value);
                }
                draft.uses.insert(type_name.clone());
                Some(format!("{type_name}::new({})", arguments.join(", ")))
            }
            TypeKind::Union(union) if depth < MAX_DEPTH => union.variants.iter().find_map(|variant| {
                let mut attempt = Draft { uses: draft.uses.clone(), lets: draft.lets.clone() };
                let inner = self.value(&mut attempt, &variant.ty, None, name, Taking::Exact, depth + 1)?;
                let inner = if self.boxed(id, &variant.ty) { format!("Box::new({inner})") } else { inner };
                attempt.uses.insert(type_name.clone());
                *draft = attempt;
                Some(format!("{type_name}::{}({inner})", variant.name))
            }),
            _ => None,
        }
    }

    /// Whether the generated type holds `ty` in a `Box` inside `owner`.
    fn boxed(&self, owner: TypeId, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(to) if self.writer.recursion.needs_box(owner, *to))
    }
}

/// The example's text, or the name of what it stands for.
fn text(example: Option<&Value>, name: &str) -> String {
    match example {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => name.to_owned(),
    }
}

/// An integer literal that fits the type: the example's when it does.
fn integer_literal(primitive: Primitive, example: Option<&Value>) -> String {
    let (low, high): (i128, i128) = match primitive {
        Primitive::I8 => (i8::MIN.into(), i8::MAX.into()),
        Primitive::I16 => (i16::MIN.into(), i16::MAX.into()),
        Primitive::I32 => (i32::MIN.into(), i32::MAX.into()),
        Primitive::U8 => (0, u8::MAX.into()),
        Primitive::U16 => (0, u16::MAX.into()),
        Primitive::U32 => (0, u32::MAX.into()),
        Primitive::U64 => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    };
    let example = example.and_then(|v| v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from)));
    match example.filter(|n| (low..=high).contains(n)) {
        Some(n) => n.to_string(),
        None => "10".to_owned(),
    }
}
