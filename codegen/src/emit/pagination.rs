//! `*_stream` methods: a list operation followed cursor by cursor, as a stream of items.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::idents::{ident, snake_names};
use super::operations::{method_arguments, param_plans, success_type, Passing};
use super::types::TypeWriter;
use crate::ir::{Api, Content, Field, Operation, Pagination, TypeKind, TypeRef};

pub fn stream_method(api: &Api, writer: &TypeWriter<'_>, op: &Operation, pagination: &Pagination) -> Option<TokenStream> {
    let Some(Content::Json(page_type)) = op.success.first().and_then(|r| r.content.as_ref()) else { return None };
    let cursor_field = param_plans(api, op)
        .into_iter()
        .find(|p| p.param.name == pagination.cursor_param && !p.param.required)
        .map(|p| ident(&p.rust_name))?;
    let items = field_chain(api, page_type, &pagination.items)?;
    let next = field_chain(api, page_type, &pagination.next_cursor)?;
    let item_type = match items.ty {
        TypeRef::Array(item) => writer.rust(item),
        _ => return None,
    };
    let has_more = match &pagination.has_more {
        Some(path) => Some(field_chain(api, page_type, path)?),
        None => None,
    };
    let name = format_ident!("{}_stream", op.method_name);
    let list = ident(&op.method_name);
    let page = success_type(writer, op);
    let error = format_ident!("{}", op.names.error);
    let plans = param_plans(api, op);
    let arguments = method_arguments(writer, op, &plans);
    let (owned, call_arguments) = captured_arguments(op, &plans);
    let items_expression = items.or_default();
    let next_expression = next.as_option();
    let next_expression = match has_more {
        Some(flag) => {
            let flag = flag.or_default();
            quote! { if #flag { #next_expression } else { None } }
        }
        None => next_expression,
    };
    let doc = format!(
        " Every item of [`Client::{}`], following `{}` page after page until the last.",
        op.method_name,
        pagination.next_cursor.join(".")
    );
    Some(quote! {
        #[doc = #doc]
        ///
        /// The stream ends after the first error, which it yields.
        pub fn #name(&self, #(#arguments),*) -> crate::runtime::ItemStream<#item_type, #error> {
            let client = self.clone();
            #(#owned)*
            crate::runtime::paginate(
                move |cursor| {
                    let mut params = params.clone();
                    params.#cursor_field = cursor;
                    client.#list(#(#call_arguments),*)
                },
                |page: #page| {
                    let next = #next_expression;
                    (#items_expression, next)
                },
            )
        }
    })
}

/// Owned copies of the arguments for the closure that fetches each page, and how the
/// closure passes them on.
fn captured_arguments(op: &Operation, plans: &[super::operations::ParamPlan<'_>]) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut owned = Vec::new();
    let mut calls = Vec::new();
    for plan in plans.iter().filter(|p| p.param.required) {
        let name = ident(&plan.rust_name);
        match plan.passing {
            Passing::Str => {
                owned.push(quote! { let #name = #name.to_owned(); });
                calls.push(quote! { &#name });
            }
            Passing::Copy => calls.push(quote! { #name }),
            Passing::Ref => {
                owned.push(quote! { let #name = #name.clone(); });
                calls.push(quote! { &#name });
            }
        }
    }
    if let Some(body) = &op.body {
        owned.push(quote! { let body = body.clone(); });
        calls.push(if body.required { quote! { &body } } else { quote! { body.as_ref() } });
    }
    owned.push(quote! { let params = params.clone(); });
    calls.push(quote! { &params });
    (owned, calls)
}

/// An expression reaching a field through a path, and whether it is an `Option` by then.
struct Chain<'a> {
    expression: TokenStream,
    optional: bool,
    ty: &'a TypeRef,
}

impl Chain<'_> {
    fn or_default(&self) -> TokenStream {
        let e = &self.expression;
        if self.optional { quote! { #e.unwrap_or_default() } } else { e.clone() }
    }

    fn as_option(&self) -> TokenStream {
        let e = &self.expression;
        if self.optional { e.clone() } else { quote! { Some(#e) } }
    }
}

fn field_chain<'a>(api: &'a Api, root: &'a TypeRef, path: &[String]) -> Option<Chain<'a>> {
    let mut chain = Chain { expression: quote! { page }, optional: false, ty: root };
    for step in path {
        let fields = struct_fields(api, chain.ty)?;
        let index = fields.iter().position(|f| &f.name == step)?;
        let field = &fields[index];
        let rust = snake_names(fields.iter().map(|f| f.name.as_str()), &[]).swap_remove(index);
        let member = ident(&rust);
        let (access, field_optional, ty) = access(field, &member);
        let e = &chain.expression;
        chain.expression = match (chain.optional, field_optional) {
            (false, _) => quote! { #e #access },
            (true, true) => quote! { #e.and_then(|v| v #access) },
            (true, false) => quote! { #e.map(|v| v #access) },
        };
        chain.optional |= field_optional;
        chain.ty = ty;
    }
    Some(chain)
}

/// `.field` (or `.field.into_option()`), whether that is optional, and the value's type.
fn access<'a>(field: &'a Field, member: &proc_macro2::Ident) -> (TokenStream, bool, &'a TypeRef) {
    match (&field.ty, field.required) {
        (TypeRef::Nullable(inner), false) => (quote! { .#member.into_option() }, true, inner),
        (TypeRef::Nullable(inner), true) => (quote! { .#member }, true, inner),
        (ty, false) => (quote! { .#member }, true, ty),
        (ty, true) => (quote! { .#member }, false, ty),
    }
}

fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [Field]> {
    match ty {
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Struct(s) => Some(&s.fields),
            TypeKind::Alias(target) => struct_fields(api, target),
            _ => None,
        },
        _ => None,
    }
}
