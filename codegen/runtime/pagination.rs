//! Turning cursor-paginated list operations into streams of items.

use std::collections::HashSet;
use std::pin::Pin;

use futures_core::Stream;

use super::error::Error;
use super::request::OperationRequest;

/// The items of every page of a list operation, in order; the first error ends it.
///
/// Boxed, so it is `Unpin` and works with `StreamExt::next` as it is.
pub type ItemStream<T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send>>;

/// Where the next page comes from.
enum Next {
    First,
    Cursor(String),
    Done,
}

struct Pager<Fetch, Split, Item> {
    fetch: Fetch,
    split: Split,
    buffered: std::vec::IntoIter<Item>,
    next: Next,
    seen: HashSet<String>,
}

/// Streams the items of all pages of a cursor-paginated operation.
///
/// `fetch` builds the request for a page (`None` for the first one); `split`
/// takes a page apart into its items and the cursor of the next page. The
/// stream ends when there is no cursor, the cursor is empty, or a cursor
/// comes back a second time (a server bug that would otherwise loop
/// forever). An error is yielded once and ends the stream.
#[doc(hidden)]
pub fn paginate<Page, Item, E, Fetch, Split>(
    fetch: Fetch,
    split: Split,
) -> ItemStream<Item, E>
where
    Fetch: FnMut(Option<String>) -> OperationRequest<Page, E> + Send + 'static,
    Split: FnMut(Page) -> (Vec<Item>, Option<String>) + Send + 'static,
    Page: Send + 'static,
    Item: Send + 'static,
    E: Send + 'static,
{
    let pager = Pager {
        fetch,
        split,
        buffered: Vec::new().into_iter(),
        next: Next::First,
        seen: HashSet::new(),
    };
    Box::pin(futures_util::stream::unfold(pager, |mut pager| async move {
        loop {
            if let Some(item) = pager.buffered.next() {
                return Some((Ok(item), pager));
            }
            let cursor = match std::mem::replace(&mut pager.next, Next::Done) {
                Next::Done => return None,
                Next::First => None,
                Next::Cursor(cursor) => Some(cursor),
            };
            let page = match (pager.fetch)(cursor).send().await {
                Ok(page) => page,
                Err(e) => return Some((Err(e), pager)),
            };
            let (items, next) = (pager.split)(page);
            pager.buffered = items.into_iter();
            pager.next = match next {
                Some(cursor) if !cursor.is_empty() && pager.seen.insert(cursor.clone()) => {
                    Next::Cursor(cursor)
                }
                _ => Next::Done,
            };
        }
    }))
}
