//! `<operation>_pages` and `<operation>_stream`: a paginated list operation followed page by
//! page, as a stream of pages (with their headers) and as a stream of items.
//!
//! The runtime's `paginate` does the walking; the generated code only says how to ask for a
//! page (`fetch`) and what a page says (`split`), reading the fields the IR names.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::call::{argument_names, method_arguments, success_type};
use super::idents::{ident, is_raw, snake_names};
use super::plan::{OperationPlan, PagePlan, Passing, resolve_alias};
use super::types::TypeWriter;
use crate::ir::{Api, Content, Field, Operation, PageMethods, Pagination, PaginationStyle, Primitive, TypeKind, TypeRef};

/// The type of one item of the pages, as the page-following methods yield it; `None` when
/// the items cannot be reached (lowering checks they can).
pub fn page_item<'a>(api: &'a Api, pages: &PagePlan<'a>) -> Option<&'a TypeRef> {
    let items = Chain::take(api, pages.page, &pages.pagination.items)?;
    let TypeRef::Array(item) = core(api, items.ty) else { return None };
    Some(item)
}

/// Both page-following methods of a paginated operation; nothing when the IR's fields cannot
/// be reached (lowering checks they can).
pub fn page_methods(api: &Api, writer: &TypeWriter<'_>, plan: &OperationPlan<'_>) -> Option<TokenStream> {
    let op = plan.op;
    let page_plan = plan.pages.as_ref()?;
    let (pagination, names, body) = (page_plan.pagination, page_plan.names, page_plan.page);
    let item = page_item(api, page_plan)?;
    let item_type = writer.rust(item);
    let error = format_ident!("{}", plan.error_enum);
    let arguments = method_arguments(writer, plan);
    let forwarded = argument_names(plan);
    let (stream, pages) = (ident(&names.stream), ident(&names.pages));
    let (owned, calls) = captured_arguments(api, plan);
    let params_type = match plan.params_struct {
        Some(name) => format_ident!("{}", name).into_token_stream(),
        None => quote! { () },
    };
    let paging = paging(api, plan, &params_type, &pagination.style)?;
    let fetch = fetch_closure(api, plan, &pagination.style, &calls)?;
    let at_page = at_page(api, writer, plan, &params_type, &pagination.style)?;
    let split = split_closure(api, writer, plan, body, item, pagination)?;
    let (stream_doc, pages_doc) = docs(op, names, pagination);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let walk = quote! { crate::runtime::Paginated<#item_type, #error, #params_type };
    Some(quote! {
        #stream_doc
        #deprecated
        pub fn #stream(&self, #(#arguments),*) -> #walk, crate::runtime::EachItem> {
            self.#pages(#(#forwarded),*).items()
        }

        #pages_doc
        #deprecated
        pub fn #pages(&self, #(#arguments),*) -> #walk> {
            let client = self.clone();
            #(#owned)*
            crate::runtime::Paginated::new(
                self,
                #paging,
                #at_page,
                #fetch,
                #split,
            )
        }
    })
}

fn docs(op: &Operation, names: &PageMethods, pagination: &Pagination) -> (TokenStream, TokenStream) {
    let link = |name: &str| if is_raw(name) { format!("`Client::{name}`") } else { format!("[`Client::{name}`]") };
    let how = match &pagination.style {
        PaginationStyle::Cursor { param, next_cursor, .. } => {
            format!("each page's `{}` is sent back as `{param}`", next_cursor.join("."))
        }
        PaginationStyle::BodyCursor { field, next_cursor, .. } => {
            format!("each page's `{}` is sent back in the request body's `{}`", next_cursor.join("."), field.join("."))
        }
        PaginationStyle::LastItem { param, item_field, .. } => {
            format!("the last item's `{}` is sent back as `{param}`", item_field.join("."))
        }
        PaginationStyle::Offset { param, .. } => format!("`{param}` advances by the number of items received"),
        PaginationStyle::PageNumber { param, .. } => format!("`{param}` counts the pages up"),
        PaginationStyle::NextUrl { next_url } => format!("each page's `{}` URL is followed", next_url.join(".")),
        PaginationStyle::LinkHeader => "each response's `Link: <…>; rel=\"next\"` URL is followed".to_owned(),
    };
    let list = link(&op.method_name);
    let stream = format!(" Every item of {list}, page after page: {how}.");
    let pages = format!(" Every page of {list}, with its items and response headers: {how}.");
    let end = format!(
        " The stream ends after the last page, or after the first error, which it yields. {}",
        "Each page is one request, retried like any other."
    );
    let see = format!(" {} gives each page with its response headers.", link(&names.pages));
    (
        quote! { #[doc = #stream] #[doc = ""] #[doc = #end] #[doc = #see] },
        quote! { #[doc = #pages] #[doc = ""] #[doc = #end] },
    )
}

/// The function that gives the runtime's `Paging` for the style from the caller's
/// parameters: number styles start where the caller's parameter says, or at the first page.
fn paging(api: &Api, plan: &OperationPlan<'_>, params_type: &TokenStream, style: &PaginationStyle) -> Option<TokenStream> {
    let start = |default: u64| -> Option<TokenStream> {
        let (field, primitive) = number_param(api, plan, style.param()?)?;
        let as_u64 = if primitive == Primitive::U64 {
            quote! { params.#field }
        } else {
            quote! { params.#field.and_then(|n| u64::try_from(n).ok()) }
        };
        let default = Literal::u64_unsuffixed(default);
        Some(quote! { #as_u64.unwrap_or(#default) })
    };
    let fixed = |paging: TokenStream| quote! { |_: &#params_type| #paging };
    Some(match style {
        PaginationStyle::Cursor { .. } | PaginationStyle::BodyCursor { .. } | PaginationStyle::LastItem { .. } => fixed(quote! { crate::runtime::Paging::Cursor }),
        PaginationStyle::Offset { .. } => {
            let start = start(0)?;
            quote! { |params: &#params_type| crate::runtime::Paging::Offset { start: #start } }
        }
        PaginationStyle::PageNumber { first, .. } => {
            let start = start(*first)?;
            let first = Literal::u64_unsuffixed(*first);
            quote! { |params: &#params_type| crate::runtime::Paging::PageNumber { first: #first, start: #start } }
        }
        PaginationStyle::NextUrl { .. } => fixed(quote! { crate::runtime::Paging::NextUrl }),
        PaginationStyle::LinkHeader => fixed(quote! { crate::runtime::Paging::LinkHeader }),
    })
}

/// The closure that makes the request for a page from the method's arguments; a cursor sent
/// in the request body goes into a copy of the caller's body.
fn fetch_closure(api: &Api, plan: &OperationPlan<'_>, style: &PaginationStyle, calls: &[TokenStream]) -> Option<TokenStream> {
    let list = ident(&plan.op.method_name);
    Some(match style {
        PaginationStyle::BodyCursor { field, .. } => {
            let place = body_field(api, plan.op, field)?;
            quote! {
                move |at: &crate::runtime::PageAt| {
                    let mut body = body.clone();
                    if let crate::runtime::PageAt::Cursor(cursor) = at {
                        let cursor = cursor.clone();
                        #place;
                    }
                    client.#list(#(#calls),*)
                }
            }
        }
        _ => quote! { move |_: &crate::runtime::PageAt| client.#list(#(#calls),*) },
    })
}

/// The assignment of `cursor` to a field of the (cloned, mutable) request body: objects that
/// may be absent on the way are made empty first (lowering checks they can be).
fn body_field(api: &Api, op: &Operation, path: &[String]) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let Content::Json(mut ty) = body.content.clone() else { return None };
    let mut place = if body.required { quote! { body } } else { quote! { body.get_or_insert_default() } };
    let (last, on_the_way) = path.split_last()?;
    for step in on_the_way {
        let (member, field) = member(api, &ty, step)?;
        place = if field.required { quote! { #place.#member } } else { quote! { #place.#member.get_or_insert_default() } };
        ty = field.ty.clone();
    }
    let (member, field) = member(api, &ty, last)?;
    Some(if field.required { quote! { #place.#member = cursor } } else { quote! { #place.#member = Some(cursor) } })
}

/// The function that sets the style's parameter for pages after the first, among those the
/// caller set.
fn at_page(
    api: &Api,
    writer: &TypeWriter<'_>,
    plan: &OperationPlan<'_>,
    params_type: &TokenStream,
    style: &PaginationStyle,
) -> Option<TokenStream> {
    let set = match style {
        PaginationStyle::Cursor { param, .. } | PaginationStyle::LastItem { param, .. } => {
            let field = ident(&plan.optional_named(param)?.rust_name);
            quote! { if let crate::runtime::PageAt::Cursor(cursor) = at { params.#field = Some(cursor); } }
        }
        PaginationStyle::Offset { param, .. } | PaginationStyle::PageNumber { param, .. } => {
            let (field, primitive) = number_param(api, plan, param)?;
            let value = if primitive == Primitive::U64 {
                quote! { n }
            } else {
                let ty = writer.rust(&TypeRef::Primitive(primitive));
                // Past the type's range the same value goes out again, which ends the walk.
                quote! { #ty::try_from(n).unwrap_or(#ty::MAX) }
            };
            quote! { if let crate::runtime::PageAt::Number(n) = at { params.#field = Some(#value); } }
        }
        // The URL the server gave is followed as it is; a cursor in the body is set by `fetch`.
        PaginationStyle::NextUrl { .. } | PaginationStyle::LinkHeader | PaginationStyle::BodyCursor { .. } => return Some(quote! { |_: &mut #params_type, _: crate::runtime::PageAt| {} }),
    };
    Some(quote! { |params: &mut #params_type, at: crate::runtime::PageAt| { #set } })
}

/// The closure that takes a decoded page apart into its items and what it says about the
/// next page. Signals are read (cloned) before the items are moved out.
fn split_closure(
    api: &Api,
    writer: &TypeWriter<'_>,
    plan: &OperationPlan<'_>,
    body: &TypeRef,
    item: &TypeRef,
    pagination: &Pagination,
) -> Option<TokenStream> {
    let page_type = success_type(writer, plan);
    let read = |path: &[String], leaf: Leaf| Chain::read(api, quote! { page }, body, path).map(|c| c.value(leaf));
    let read_optional = |path: &Option<Vec<String>>, leaf: Leaf| match path {
        Some(path) => read(path, leaf).map(Some),
        None => Some(None),
    };
    let mut signals: Vec<(Ident, TokenStream)> = Vec::new();
    let mut next_from_items = None;
    let mut current_page = &None;
    let (more, next, total_items, total_pages) = match &pagination.style {
        PaginationStyle::Cursor { next_cursor, has_more, .. } | PaginationStyle::BodyCursor { next_cursor, has_more, .. } => {
            (has_more, Some(next_cursor), &None, &None)
        }
        PaginationStyle::LastItem { item_field, has_more, .. } => {
            let field = Chain::read(api, quote! { item }, item, item_field)?;
            next_from_items = Some(if field.optional {
                let value = field.value(Leaf::Clone);
                quote! { let next = items.last().and_then(|item| #value); }
            } else {
                let place = &field.expression;
                quote! { let next = items.last().map(|item| #place.clone()); }
            });
            (has_more, None, &None, &None)
        }
        PaginationStyle::Offset { has_more, total, .. } => (has_more, None, total, &None),
        PaginationStyle::PageNumber { has_more, total_pages, current_page: page, .. } => {
            current_page = page;
            (has_more, None, &None, total_pages)
        }
        PaginationStyle::NextUrl { next_url } => (&None, Some(next_url), &None, &None),
        PaginationStyle::LinkHeader => (&None, None, &None, &None),
    };
    if let Some(path) = next {
        signals.push((format_ident!("next"), read(path, Leaf::Clone)?));
    }
    if let Some(more) = read_optional(more, Leaf::Copy)? {
        signals.push((format_ident!("more"), more));
    }
    if let Some(total) = read_optional(total_items, Leaf::Count(count_primitive(api, body, total_items)))? {
        signals.push((format_ident!("total_items"), total));
    }
    if let Some(total) = read_optional(total_pages, Leaf::Count(count_primitive(api, body, total_pages)))? {
        signals.push((format_ident!("total_pages"), total));
    }
    if let Some(page) = read_optional(current_page, Leaf::Count(count_primitive(api, body, current_page)))? {
        signals.push((format_ident!("current_page"), page));
    }
    let items = Chain::take(api, body, &pagination.items)?.owned();
    let mut names: Vec<&Ident> = signals.iter().map(|(name, _)| name).collect();
    let next_ident = format_ident!("next");
    if next_from_items.is_some() {
        names.insert(0, &next_ident);
    }
    let reads = signals.iter().map(|(name, value)| quote! { let #name = #value; });
    let result = if names.is_empty() {
        quote! { crate::runtime::PageSignals::default() }
    } else {
        quote! { crate::runtime::PageSignals { #(#names,)* ..Default::default() } }
    };
    Some(quote! {
        |page: #page_type| {
            #(#reads)*
            let items = #items;
            #next_from_items
            (items, #result)
        }
    })
}

/// The integer type of a total field, for converting it to `u64`.
fn count_primitive(api: &Api, body: &TypeRef, path: &Option<Vec<String>>) -> Primitive {
    let Some(path) = path else { return Primitive::U64 };
    match Chain::read(api, quote! { page }, body, path).map(|c| core(api, c.ty)) {
        Some(TypeRef::Primitive(p)) => *p,
        _ => Primitive::U64,
    }
}

/// Owned copies of the arguments for the closure that makes each page's request, and how the
/// closure passes them on.
fn captured_arguments(api: &Api, plan: &OperationPlan<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut owned = Vec::new();
    let mut calls = Vec::new();
    for param in plan.required() {
        let name = ident(&param.rust_name);
        match param.passing {
            Passing::Str => {
                owned.push(quote! { let #name = #name.to_owned(); });
                calls.push(quote! { &#name });
            }
            Passing::Copy => calls.push(quote! { #name }),
            Passing::Ref if is_copy(api, &param.param.ty) => {
                owned.push(quote! { let #name = *#name; });
                calls.push(quote! { &#name });
            }
            Passing::Ref => {
                owned.push(quote! { let #name = #name.clone(); });
                calls.push(quote! { &#name });
            }
        }
    }
    if let Some(body) = plan.body {
        let by_reference = matches!(body.content, Content::Json(_) | Content::Form(_) | Content::Multipart(_));
        match (by_reference, body.required) {
            (true, true) => {
                owned.push(quote! { let body = body.clone(); });
                calls.push(quote! { &body });
            }
            (true, false) => {
                owned.push(quote! { let body = body.cloned(); });
                calls.push(quote! { body.as_ref() });
            }
            (false, _) => calls.push(quote! { body.clone() }),
        }
    }
    (owned, calls)
}

/// Whether a parameter passed by reference has a `Copy` type (dates, UUIDs, integer enums),
/// so the closure copies it rather than cloning.
fn is_copy(api: &Api, ty: &TypeRef) -> bool {
    match resolve_alias(api, ty) {
        TypeRef::Primitive(p) => matches!(p, Primitive::DateTime | Primitive::Date | Primitive::Uuid),
        TypeRef::Named(id) => matches!(api.type_def(*id).kind, TypeKind::IntegerEnum(_)),
        _ => false,
    }
}

/// The field of an optional integer parameter, and its integer type.
fn number_param(api: &Api, plan: &OperationPlan<'_>, name: &str) -> Option<(Ident, Primitive)> {
    let param = plan.optional_named(name)?;
    match core(api, &param.param.ty) {
        TypeRef::Primitive(p) => Some((ident(&param.rust_name), *p)),
        _ => None,
    }
}

/// What a read field becomes.
#[derive(Clone, Copy)]
enum Leaf {
    /// An `Option` of a clone (strings).
    Clone,
    /// An `Option` of a copy (booleans).
    Copy,
    /// An `Option<u64>` from an integer of this type.
    Count(Primitive),
}

/// An expression reaching a field through a path of fields: a place (`page.a.b`) while no
/// step may be absent, an `Option` after one may.
struct Chain<'a> {
    expression: TokenStream,
    optional: bool,
    ty: &'a TypeRef,
    /// How the expression ends, where a shorter spelling of its value exists.
    tail: Tail,
}

/// The endings [`Chain::value`] spells more simply.
enum Tail {
    Other,
    /// `place.as_ref()`: the value is `place.clone()` (or `place` itself for a copy).
    AsRef(TokenStream),
    /// `option.map(|v| &v.member)`: the value is `option.map(|v| v.member)`.
    MapMember(TokenStream, Ident),
}

impl<'a> Chain<'a> {
    /// Reads through references: the result is a place, or an `Option<&T>`.
    fn read(api: &'a Api, root: TokenStream, root_ty: &'a TypeRef, path: &[String]) -> Option<Self> {
        let mut chain = Chain { expression: root, optional: false, ty: root_ty, tail: Tail::Other };
        chain.unwrap_by_reference(&wrappers_of_alias(api, root_ty));
        for step in path {
            let (member, field) = member(api, chain.ty, step)?;
            let wrappers = wrappers_of_field(api, field);
            let e = chain.expression.clone();
            chain.ty = &field.ty;
            if !chain.optional {
                chain.expression = quote! { #e.#member };
                chain.tail = Tail::Other;
                chain.unwrap_by_reference(&wrappers);
                continue;
            }
            // Inside an `Option` already: reach the member and its first layer in one closure.
            let (first, rest) = match wrappers.split_first() {
                Some((first, rest)) => (Some(first), rest),
                None => (None, &[][..]),
            };
            chain.expression = match first {
                None => quote! { #e.map(|v| &v.#member) },
                Some(Wrapper::Option) => quote! { #e.and_then(|v| v.#member.as_ref()) },
                Some(Wrapper::Nullable) => quote! { #e.and_then(|v| v.#member.as_ref().into_option()) },
            };
            chain.tail = if first.is_none() { Tail::MapMember(e, member) } else { Tail::Other };
            chain.unwrap_by_reference(rest);
        }
        Some(chain)
    }

    fn unwrap_by_reference(&mut self, wrappers: &[Wrapper]) {
        for wrapper in wrappers {
            let e = &self.expression;
            self.tail = match (self.optional, wrapper) {
                (false, Wrapper::Option) => Tail::AsRef(e.clone()),
                _ => Tail::Other,
            };
            self.expression = match (self.optional, wrapper) {
                (false, Wrapper::Option) => quote! { #e.as_ref() },
                (false, Wrapper::Nullable) => quote! { #e.as_ref().into_option() },
                (true, Wrapper::Option) => quote! { #e.and_then(Option::as_ref) },
                (true, Wrapper::Nullable) => quote! { #e.and_then(|v| v.as_ref().into_option()) },
            };
            self.optional = true;
        }
    }

    /// The value read, as an `Option` of an owned value.
    fn value(&self, leaf: Leaf) -> TokenStream {
        let e = &self.expression;
        let copy = matches!(leaf, Leaf::Copy | Leaf::Count(_));
        let owned = match (&self.tail, copy) {
            (Tail::AsRef(place), false) => quote! { #place.clone() },
            (Tail::AsRef(place), true) => place.clone(),
            (Tail::MapMember(option, member), false) => quote! { #option.map(|v| v.#member.clone()) },
            (Tail::MapMember(option, member), true) => quote! { #option.map(|v| v.#member) },
            (Tail::Other, false) if self.optional => quote! { #e.cloned() },
            (Tail::Other, true) if self.optional => quote! { #e.copied() },
            (Tail::Other, false) => quote! { Some(#e.clone()) },
            (Tail::Other, true) => match leaf {
                Leaf::Count(p) if p != Primitive::U64 => return quote! { u64::try_from(#e).ok() },
                _ => quote! { Some(#e) },
            },
        };
        match leaf {
            Leaf::Count(p) if p != Primitive::U64 => quote! { #owned.and_then(|n| u64::try_from(n).ok()) },
            _ => owned,
        }
    }

    /// Moves the value out of `page`: a place, or an `Option<T>`.
    fn take(api: &'a Api, root_ty: &'a TypeRef, path: &[String]) -> Option<Self> {
        let mut chain = Chain { expression: quote! { page }, optional: false, ty: root_ty, tail: Tail::Other };
        chain.unwrap_by_value(&wrappers_of_alias(api, root_ty));
        for step in path {
            let (member, field) = member(api, chain.ty, step)?;
            let wrappers = wrappers_of_field(api, field);
            let e = &chain.expression;
            chain.ty = &field.ty;
            if !chain.optional {
                chain.expression = quote! { #e.#member };
                chain.unwrap_by_value(&wrappers);
                continue;
            }
            let (first, rest) = match wrappers.split_first() {
                Some((first, rest)) => (Some(first), rest),
                None => (None, &[][..]),
            };
            chain.expression = match first {
                None => quote! { #e.map(|v| v.#member) },
                Some(Wrapper::Option) => quote! { #e.and_then(|v| v.#member) },
                Some(Wrapper::Nullable) => quote! { #e.and_then(|v| v.#member.into_option()) },
            };
            chain.unwrap_by_value(rest);
        }
        Some(chain)
    }

    fn unwrap_by_value(&mut self, wrappers: &[Wrapper]) {
        for wrapper in wrappers {
            let e = &self.expression;
            self.expression = match (self.optional, wrapper) {
                (false, Wrapper::Option) => e.clone(),
                (false, Wrapper::Nullable) => quote! { #e.into_option() },
                (true, Wrapper::Option) => quote! { #e.flatten() },
                (true, Wrapper::Nullable) => quote! { #e.and_then(crate::runtime::Nullable::into_option) },
            };
            self.optional = true;
        }
    }

    /// The moved value, an absent one as its default (an empty list).
    fn owned(&self) -> TokenStream {
        let e = &self.expression;
        if self.optional { quote! { #e.unwrap_or_default() } } else { e.clone() }
    }
}

/// A layer of `Option` or `Nullable` around a field's value in the generated type.
#[derive(Clone, Copy)]
enum Wrapper {
    Option,
    Nullable,
}

/// The layers the field's declaration adds, then those of its type's aliases.
fn wrappers_of_field(api: &Api, field: &Field) -> Vec<Wrapper> {
    let (mut wrappers, inner) = match (&field.ty, field.required) {
        (TypeRef::Nullable(inner), false) => (vec![Wrapper::Nullable], &**inner),
        (TypeRef::Nullable(inner), true) => (vec![Wrapper::Option], &**inner),
        (ty, false) => (vec![Wrapper::Option], ty),
        (ty, true) => (Vec::new(), ty),
    };
    wrappers.extend(wrappers_of_alias(api, inner));
    wrappers
}

/// The `Option` layers a type adds by itself: `Nullable`, or an alias of a nullable type.
fn wrappers_of_alias(api: &Api, ty: &TypeRef) -> Vec<Wrapper> {
    match ty {
        TypeRef::Nullable(inner) => {
            let mut wrappers = vec![Wrapper::Option];
            wrappers.extend(wrappers_of_alias(api, inner));
            wrappers
        }
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(target) => wrappers_of_alias(api, target),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The Rust member for the field `wire_name` of an object type, and the field.
fn member<'a>(api: &'a Api, ty: &TypeRef, wire_name: &str) -> Option<(Ident, &'a Field)> {
    let TypeRef::Named(id) = core(api, ty) else { return None };
    let TypeKind::Struct(s) = &api.type_def(*id).kind else { return None };
    let index = s.fields.iter().position(|f| f.name == wire_name)?;
    let rust = snake_names(s.fields.iter().map(|f| f.name.as_str()), &[]).swap_remove(index);
    Some((ident(&rust), &s.fields[index]))
}

/// The type `ty` stands for, with aliases and `Nullable` looked through.
fn core<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    match ty {
        TypeRef::Nullable(inner) => core(api, inner),
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(target) => core(api, target),
            _ => ty,
        },
        _ => ty,
    }
}
