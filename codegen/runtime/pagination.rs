//! Following paginated list operations page by page, in every style the generator knows:
//! a cursor (from a response field or the last item), an offset, a page number, or a
//! next-page URL (in the body or in a `Link` header).
//!
//! Each page is an ordinary request of the operation, so retries, timeouts, credentials
//! and headers apply to every page. A walk ends when the page says it is the last, on an
//! empty page, on a cursor, URL or page that comes back a second time (a server bug that
//! would otherwise loop forever), and after the first error, which it yields.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};

use super::client::Client;
use super::encoding::QueryString;
use super::error::{Error, InvalidRequest};
use super::link_header::next_link;
use super::next_url::{NextTarget, looks_like_url, within_base};
use super::request::{OperationRequest, OptionalParameters, RawResponse, RequestOptions, RequestParts};
use super::send::Failure;

/// The items of every page of a list operation, in order; the first error ends it.
///
/// Boxed, so it is `Unpin` and works with `StreamExt::next` as it is.
pub type ItemStream<T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send>>;

/// Every page of a list operation, in order; the first error ends it.
pub type PageStream<T, E> = Pin<Box<dyn Stream<Item = Result<Page<T>, Error<E>>> + Send>>;

/// One page of a list: its items, and the status and headers of the response that brought
/// it (rate limits, totals, links).
#[derive(Debug, Clone)]
pub struct Page<T> {
    items: Vec<T>,
    status: StatusCode,
    headers: HeaderMap,
}

impl<T> Page<T> {
    /// The page's items.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// Takes the page's items.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

/// How an operation finds its next page; generated code picks one.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// [`PageSignals::next`] is a cursor for the next request ([`PageAt::Cursor`]).
    Cursor,
    /// An item offset ([`PageAt::Number`]) that advances by the items received, from `start`.
    Offset {
        /// The offset of the first request.
        start: u64,
    },
    /// A page number ([`PageAt::Number`]) that advances by one, from `start`.
    PageNumber {
        /// The number of the first page the API has.
        first: u64,
        /// The number of the first request's page.
        start: u64,
    },
    /// [`PageSignals::next`] is the next page's URL.
    NextUrl,
    /// The `Link` header's `rel="next"` target is the next page's URL.
    LinkHeader,
}

/// Which page generated code is asked to request.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAt {
    /// The first page: the parameters as the caller gave them. Pages reached by URL start
    /// from this request too, with the path and query replaced.
    First,
    /// The page after this cursor.
    Cursor(String),
    /// The page at this offset or page number.
    Number(u64),
}

/// What a page says about the pages after it; generated code fills what its style reads.
#[doc(hidden)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageSignals {
    /// The next cursor or URL, when the page gives one.
    pub next: Option<String>,
    /// A "more pages follow" flag (`has_more`, `more`), when the page has one.
    pub more: Option<bool>,
    /// The total number of items, when the page says.
    pub total_items: Option<u64>,
    /// The total number of pages, when the page says.
    pub total_pages: Option<u64>,
    /// The number of this page, when the page says: the next is one after it.
    pub current_page: Option<u64>,
}

/// Streams the pages of a paginated operation.
///
/// `fetch` builds the request for a page; `split` takes a decoded page apart into its items
/// and what it says about the next page.
#[doc(hidden)]
pub fn paginate<Body, Item, E, P, Fetch>(
    client: &Client,
    paging: Paging,
    mut fetch: Fetch,
    split: fn(Body) -> (Vec<Item>, PageSignals),
) -> PageStream<Item, E>
where
    Fetch: FnMut(PageAt) -> OperationRequest<Body, E, P> + Send + 'static,
    P: OptionalParameters,
    Body: Send + 'static,
    Item: Clone + PartialEq + Send + 'static,
    E: Send + 'static,
{
    Box::pin(Pager {
        fetch: Box::new(move |at| fetch(at).into_call()),
        split,
        decode: None,
        walk: Walk::new(client.base_url(), paging),
        sent: None,
        previous_ends: None,
    })
}

/// The items of every page, in order; an error ends the stream after it.
#[doc(hidden)]
pub fn items<Item, E>(pages: PageStream<Item, E>) -> ItemStream<Item, E>
where
    Item: Send + 'static,
    E: Send + 'static,
{
    Box::pin(Items {
        pages,
        buffered: Vec::new().into_iter(),
    })
}

/// The mode of a [`Paginated`] walk that yields whole [`Page`]s (`_pages` methods).
#[derive(Debug)]
pub enum EachPage {}

/// The mode of a [`Paginated`] walk that yields the items one by one (`_stream` methods).
#[derive(Debug)]
pub enum EachItem {}

/// A walk through the pages of a list operation, not started yet: set the operation's
/// optional parameters and this call's settings on it by name, then read it as a stream, of
/// [`Page`]s or of items as `Mode` says. The first request goes out when it is first polled;
/// every page is a request with the same parameters (but for the page's own) and settings.
///
/// ```text
/// let mut pets = client.list_pets_stream().limit(100).timeout(Duration::from_secs(5));
/// while let Some(pet) = pets.next().await { println!("{}", pet?.name); }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Paginated<Item, E, P, Mode = EachPage> {
    /// The optional parameters set so far.
    pub(crate) params: P,
    options: RequestOptions,
    start: Option<Start<Item, E, P>>,
    pages: Option<PageStream<Item, E>>,
    buffered: std::vec::IntoIter<Item>,
    mode: std::marker::PhantomData<fn() -> Mode>,
}

/// What starts a walk, given the caller's parameters and settings.
type Start<Item, E, P> = Box<dyn FnOnce(P, RequestOptions) -> PageStream<Item, E> + Send>;

impl<Item, E, P, Mode> std::fmt::Debug for Paginated<Item, E, P, Mode> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated")
            .field("started", &self.start.is_none())
            .field("timeout", &self.options.timeout)
            .finish_non_exhaustive()
    }
}

impl<Item, E, P> Paginated<Item, E, P, EachPage>
where
    Item: Clone + PartialEq + Send + 'static,
    E: Send + 'static,
    P: OptionalParameters + Clone,
{
    /// A walk that asks for each page with `fetch`'s request for it, its optional parameters those the
    /// caller set with the page's own set by `at_page`, and takes each page apart with `split`.
    /// `paging` says how pages are found, from where the caller's parameters start.
    #[doc(hidden)]
    pub fn new<Body: Send + 'static>(
        client: &Client,
        paging: fn(&P) -> Paging,
        at_page: fn(&mut P, PageAt),
        fetch: impl Fn(&PageAt) -> OperationRequest<Body, E, P> + Send + 'static,
        split: fn(Body) -> (Vec<Item>, PageSignals),
    ) -> Self {
        let client = client.clone();
        let start = move |params: P, options: RequestOptions| {
            let paging = paging(&params);
            let request = move |at| {
                let request = fetch(&at);
                let mut page_params = params.clone();
                at_page(&mut page_params, at);
                request.with_call(page_params, options.clone())
            };
            paginate(&client, paging, request, split)
        };
        Paginated {
            params: P::default(),
            options: RequestOptions::default(),
            start: Some(Box::new(start)),
            pages: None,
            buffered: Vec::new().into_iter(),
            mode: std::marker::PhantomData,
        }
    }

    /// The same walk, yielding the items one by one.
    pub fn items(self) -> Paginated<Item, E, P, EachItem> {
        let Paginated { params, options, start, pages, buffered, .. } = self;
        Paginated { params, options, start, pages, buffered, mode: std::marker::PhantomData }
    }
}

impl<Item, E, P, Mode> Paginated<Item, E, P, Mode> {
    /// Limits each attempt of each page's request to `timeout`.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Adds a header to every page's request. An invalid name or value makes the first
    /// request fail with [`Error::InvalidRequest`] without sending anything.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.options.add_header(name.as_ref(), value.as_ref());
        self
    }

    /// Uses this retry policy instead of the client's for every page.
    pub fn retry_policy(mut self, policy: super::retry::RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Adds a hook that runs around every attempt of every page's request.
    pub fn hook(mut self, hook: impl super::hooks::Hook + 'static) -> Self {
        self.options.hooks.push(std::sync::Arc::new(hook));
        self
    }

    /// The next page, the walk started on the first call.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<Item>, Error<E>>>>
    where
        P: Default,
    {
        if let Some(start) = self.start.take() {
            let params = std::mem::take(&mut self.params);
            self.pages = Some(start(params, std::mem::take(&mut self.options)));
        }
        match &mut self.pages {
            Some(pages) => pages.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

// Nothing in a walk is pinned in place: the page stream is boxed and pinned on its own.
impl<Item, E, P, Mode> Unpin for Paginated<Item, E, P, Mode> {}

impl<Item, E, P: Default> Stream for Paginated<Item, E, P, EachPage> {
    type Item = Result<Page<Item>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

impl<Item, E, P: Default> Stream for Paginated<Item, E, P, EachItem> {
    type Item = Result<Item, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(this.poll_page(cx)) {
                Some(Ok(page)) => this.buffered = page.items.into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

/// A page request on its way. Boxed and not generic, like everything that does not touch
/// the page's types, so that sending and retrying is shared by every paginated operation
/// rather than copied into each.
struct Sent {
    response: Pin<Box<dyn Future<Output = Result<RawResponse, Failure>> + Send>>,
    /// The request's URL, when the walk follows URLs.
    url: Option<Url>,
}

/// A response, its headers (kept for the page), and the URL of its request.
struct Received {
    raw: RawResponse,
    headers: HeaderMap,
    url: Option<Url>,
}

impl Sent {
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<Received, Failure>> {
        let raw = ready!(self.response.as_mut().poll(cx))?;
        let headers = raw.headers().clone();
        Poll::Ready(Ok(Received {
            raw,
            headers,
            url: self.url.take(),
        }))
    }
}

/// The stream of pages, written out rather than built from combinators and kept thin:
/// every paginated operation instantiates it.
struct Pager<Body, Item, E> {
    fetch: Box<dyn FnMut(PageAt) -> Call<Body, E> + Send>,
    split: fn(Body) -> (Vec<Item>, PageSignals),
    /// The operation's decoder, taken from its first request.
    decode: Option<Decode<Body, E>>,
    walk: Walk,
    sent: Option<Sent>,
    /// The first and last items of the previous page, to notice a page served twice.
    previous_ends: Option<(Item, Item)>,
}

type Decode<Body, E> = fn(RawResponse) -> Result<Body, Error<E>>;

/// A page's request taken apart, ready to send.
type Call<Body, E> = (Client, RequestParts, RequestOptions, Decode<Body, E>);

// Nothing in a pager is pinned in place: the request future is boxed and pinned on its own.
impl<Body, Item, E> Unpin for Pager<Body, Item, E> {}

impl<Body, Item: Clone + PartialEq, E> Stream for Pager<Body, Item, E> {
    type Item = Result<Page<Item>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(sent) = &mut this.sent {
                let received = ready!(sent.poll(cx));
                this.sent = None;
                return Poll::Ready(this.page(received));
            }
            let (at, target) = match this.walk.next_request() {
                Ok(Some(next)) => next,
                Ok(None) => return Poll::Ready(None),
                Err(e) => return Poll::Ready(Some(Err(Error::InvalidRequest(e)))),
            };
            let (client, parts, options, decode) = (this.fetch)(at);
            this.decode = Some(decode);
            this.sent = Some(this.walk.send(client, parts, options, target));
        }
    }
}

impl<Body, Item: Clone + PartialEq, E> Pager<Body, Item, E> {
    /// The page a response makes, and the step after it; `None` for a page served again.
    fn page(
        &mut self,
        received: Result<Received, Failure>,
    ) -> Option<Result<Page<Item>, Error<E>>> {
        let received = match received {
            Ok(received) => received,
            Err(failure) => return Some(Err(failure.into_error())),
        };
        let status = received.raw.status();
        let decode = self.decode?;
        let body = match decode(received.raw) {
            Ok(body) => body,
            Err(e) => return Some(Err(e)),
        };
        let (items, signals) = (self.split)(body);
        if self.repeats_previous(&items) {
            return None;
        }
        self.walk.step = self
            .walk
            .after(items.len(), signals, &received.headers, received.url);
        Some(Ok(Page {
            items,
            status,
            headers: received.headers,
        }))
    }

    /// Whether a page begins and ends with the same items as the one before: a server that
    /// ignores the offset, page number or cursor would serve the same page forever, and the
    /// repeat is not yielded.
    fn repeats_previous(&mut self, items: &[Item]) -> bool {
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return false;
        };
        let ends = (first.clone(), last.clone());
        self.previous_ends.replace(ends.clone()) == Some(ends)
    }
}

/// The items of a stream of pages, one by one.
struct Items<Item, E> {
    pages: PageStream<Item, E>,
    buffered: std::vec::IntoIter<Item>,
}

impl<Item, E> Unpin for Items<Item, E> {}

impl<Item, E> Stream for Items<Item, E> {
    type Item = Result<Item, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(this.pages.as_mut().poll_next(cx)) {
                Some(Ok(page)) => this.buffered = page.items.into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

/// What to do for the next page.
enum Step {
    Fetch(PageAt),
    Follow(NextTarget),
    /// Yield this error, then end.
    Refuse(InvalidRequest),
    Done,
}

/// The state of a walk through the pages, apart from the items themselves.
struct Walk {
    paging: Paging,
    base_url: String,
    step: Step,
    /// The offset or page number of the page just requested.
    position: u64,
    /// How many items the first page had: a shorter page is the last when nothing else says.
    first_len: Option<usize>,
    /// Every cursor and URL seen so far.
    seen: HashSet<String>,
}

impl Walk {
    fn new(base_url: &str, paging: Paging) -> Self {
        let position = match paging {
            Paging::Offset { start } | Paging::PageNumber { start, .. } => start,
            Paging::Cursor | Paging::NextUrl | Paging::LinkHeader => 0,
        };
        Walk {
            paging,
            base_url: base_url.to_owned(),
            step: Step::Fetch(PageAt::First),
            position,
            first_len: None,
            seen: HashSet::new(),
        }
    }

    /// Where the next request goes, `None` when the walk is over, or the error that ends it.
    fn next_request(&mut self) -> Result<Option<(PageAt, Option<NextTarget>)>, InvalidRequest> {
        match std::mem::replace(&mut self.step, Step::Done) {
            Step::Done => Ok(None),
            Step::Refuse(e) => Err(e),
            Step::Fetch(at) => Ok(Some((at, None))),
            // A next-page URL replaces the first request's path and query.
            Step::Follow(target) => Ok(Some((PageAt::First, Some(target)))),
        }
    }

    /// Sends a page request, pointed at `target` when the walk follows a URL.
    fn send(
        &mut self,
        client: Client,
        mut parts: RequestParts,
        options: RequestOptions,
        target: Option<NextTarget>,
    ) -> Sent {
        if let Some(target) = target {
            parts.path = target.path;
            parts.query = QueryString::from_encoded(target.query);
        }
        let url = self.page_url(&parts.path, parts.query.as_str());
        Sent {
            response: Box::pin(async move { super::send::execute(&client, parts, options).await }),
            url,
        }
    }

    fn follows_urls(&self) -> bool {
        matches!(self.paging, Paging::NextUrl | Paging::LinkHeader)
    }

    /// The URL a request goes to (before credentials are added), when the walk follows URLs:
    /// relative next-page URLs resolve against it, and seeing it again ends the walk.
    fn page_url(&mut self, path: &str, query: &str) -> Option<Url> {
        if !self.follows_urls() {
            return None;
        }
        let mut url = format!("{}{path}", self.base_url);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        let url = Url::parse(&url).ok()?;
        self.seen.insert(url.to_string());
        Some(url)
    }

    /// The step after a page with `count` items that said `signals`.
    fn after(
        &mut self,
        count: usize,
        signals: PageSignals,
        headers: &HeaderMap,
        url: Option<Url>,
    ) -> Step {
        if signals.more == Some(false) {
            return Step::Done;
        }
        match self.paging {
            Paging::Cursor => match signals.next {
                Some(cursor) if !cursor.is_empty() && self.seen.insert(cursor.clone()) => {
                    Step::Fetch(PageAt::Cursor(cursor))
                }
                _ => Step::Done,
            },
            Paging::Offset { .. } | Paging::PageNumber { .. } => self.advance(count, &signals),
            Paging::NextUrl => match signals.next.as_deref() {
                Some(next) if !next.trim().is_empty() && !looks_like_url(next) => {
                    Step::Refuse(InvalidRequest::new(
                        "the server's next-page value is not a URL, so it was not followed",
                    ))
                }
                next => self.follow(next, url),
            },
            Paging::LinkHeader => self.follow(next_link(headers).as_deref(), url),
        }
    }

    /// The next offset or page number, unless this page was the last.
    fn advance(&mut self, count: usize, signals: &PageSignals) -> Step {
        let first_len = *self.first_len.get_or_insert(count);
        let told = signals.more.is_some()
            || signals.total_items.is_some()
            || signals.total_pages.is_some();
        if count == 0 || (!told && count < first_len) {
            return Step::Done;
        }
        let next = match self.paging {
            Paging::Offset { .. } => self.position.checked_add(count as u64),
            // A page that says its own number settles where the API counts from.
            _ => signals.current_page.unwrap_or(self.position).checked_add(1),
        };
        let Some(next) = next else { return Step::Done };
        let past_the_end = match self.paging {
            Paging::Offset { .. } => signals.total_items.is_some_and(|total| next >= total),
            Paging::PageNumber { first, .. } => signals
                .total_pages
                .is_some_and(|pages| next.saturating_sub(first) >= pages),
            _ => false,
        };
        if past_the_end {
            return Step::Done;
        }
        self.position = next;
        Step::Fetch(PageAt::Number(next))
    }

    /// Follows a next-page URL when it is one, new, and on the base URL.
    fn follow(&mut self, link: Option<&str>, current: Option<Url>) -> Step {
        let (Some(link), Some(current)) = (link.filter(|l| !l.trim().is_empty()), current) else {
            return Step::Done;
        };
        match within_base(&self.base_url, &current, link) {
            Ok(target) if self.seen.insert(target.url.to_string()) => Step::Follow(target),
            Ok(_) => Step::Done,
            Err(e) => Step::Refuse(e),
        }
    }
}
