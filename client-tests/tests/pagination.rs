//! Behaviour of the runtime's pagination in every style, against a local wiremock server,
//! driven the way generated `_pages` methods drive it: three pages, each way a walk stops,
//! repeats, errors, retries, and next-page URLs that try to leave the client's base URL.

use std::time::Duration;

use client_tests::runtime::*;
use futures_util::StreamExt;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------
// A miniature "generated" list operation, paged in whichever style a test picks.

#[derive(Debug, Clone, Default)]
struct ListParams {
    cursor: Option<String>,
    starting_after: Option<String>,
    offset: Option<i64>,
    page: Option<i32>,
    limit: Option<i32>,
}

/// Every field any style reads; each test's server sends the ones its style uses.
#[derive(Debug, Deserialize)]
struct ListPage {
    items: Vec<String>,
    next_cursor: Option<String>,
    next: Option<String>,
    has_more: Option<bool>,
    total: Option<i64>,
    total_pages: Option<i64>,
    page: Option<i64>,
}

static LIST: OperationInfo = OperationInfo {
    id: "list",
    method: Method::GET,
    path_template: "/items",
    security: &[&["bearer"]],
};

fn list(client: &Client, tenant: &str, params: &ListParams) -> OperationRequest<ListPage, ()> {
    let mut parts = RequestParts::new(&LIST, "/items".to_owned());
    parts.query("cursor", &params.cursor, ParamStyle::Form, true);
    parts.query("starting_after", &params.starting_after, ParamStyle::Form, true);
    parts.query("offset", &params.offset, ParamStyle::Form, true);
    parts.query("page", &params.page, ParamStyle::Form, true);
    parts.query("limit", &params.limit, ParamStyle::Form, true);
    parts.header("x-tenant", tenant);
    OperationRequest::<_, _>::new(client, parts, |r| match r.status().as_u16() {
        200 => r.json(),
        _ => Err(r.unexpected()),
    })
}

/// What generated code does per style: how it sets the page's parameter and what it reads.
fn pages(client: &Client, paging: Paging, params: ListParams) -> PageStream<String, ()> {
    let fetcher = client.clone();
    paginate(
        client,
        paging,
        move |at| {
            let mut params = params.clone();
            match (paging, at) {
                (Paging::Cursor, PageAt::Cursor(cursor)) => params.cursor = Some(cursor),
                (Paging::Offset { .. }, PageAt::Number(n)) => params.offset = Some(i64::try_from(n).unwrap_or(i64::MAX)),
                (Paging::PageNumber { .. }, PageAt::Number(n)) => params.page = Some(i32::try_from(n).unwrap_or(i32::MAX)),
                _ => {}
            }
            list(&fetcher, "acme", &params)
        },
        if paging == Paging::Cursor { split_by_cursor } else { split_by_next },
    )
}

fn signals(page: &ListPage, next: Option<String>) -> PageSignals {
    PageSignals {
        next,
        more: page.has_more,
        total_items: page.total.and_then(|n| u64::try_from(n).ok()),
        total_pages: page.total_pages.and_then(|n| u64::try_from(n).ok()),
        current_page: page.page.and_then(|n| u64::try_from(n).ok()),
    }
}

fn split_by_cursor(page: ListPage) -> (Vec<String>, PageSignals) {
    let signals = signals(&page, page.next_cursor.clone());
    (page.items, signals)
}

fn split_by_next(page: ListPage) -> (Vec<String>, PageSignals) {
    let signals = signals(&page, page.next.clone());
    (page.items, signals)
}

/// The last-item style: the next cursor is (a field of) the last item.
fn last_item_pages(client: &Client) -> PageStream<String, ()> {
    let fetcher = client.clone();
    paginate(
        client,
        Paging::Cursor,
        move |at| {
            let mut params = ListParams::default();
            if let PageAt::Cursor(cursor) = at {
                params.starting_after = Some(cursor);
            }
            list(&fetcher, "acme", &params)
        },
        |page: ListPage| {
            let next = page.items.last().cloned();
            (page.items, PageSignals { next, more: page.has_more, ..Default::default() })
        },
    )
}

fn client_for(base_url: &str) -> Client {
    ClientBuilder::new(None)
        .base_url(base_url)
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(1)).with_max_delay(Duration::from_millis(5)))
        .header("x-client", "tests")
        .credential("bearer", Credential::Bearer("tok".into()))
        .build()
        .expect("client")
}

fn body(items: &[&str], extra: Value) -> ResponseTemplate {
    let mut body = json!({ "items": items });
    body.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    ResponseTemplate::new(200).set_body_json(body)
}

async fn mount(server: &MockServer, matcher: impl wiremock::Match + 'static, response: ResponseTemplate) {
    Mock::given(method("GET")).and(matcher).respond_with(response).mount(server).await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// Every item, or the error that ended the walk. `take` turns a missing loop guard into a
/// failed assertion instead of a hang.
async fn walk(pages: PageStream<String, ()>) -> (Vec<String>, Option<Error<()>>) {
    let results: Vec<Result<String, Error<()>>> = items(pages).take(50).collect().await;
    let mut items = Vec::new();
    let mut error = None;
    for result in results {
        match result {
            Ok(item) => items.push(item),
            Err(e) => {
                assert!(error.is_none(), "a second result after an error");
                error = Some(e);
            }
        }
    }
    (items, error)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn query_of(request: &Request, name: &str) -> Option<String> {
    request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

// ---------------------------------------------------------------------------
// Cursor from a response field

#[tokio::test]
async fn cursor_walks_three_pages_and_stops_when_it_runs_out() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("cursor"), body(&["a", "b"], json!({"next_cursor": "c2"}))).await;
    mount(&server, query_param("cursor", "c2"), body(&[], json!({"next_cursor": "c3"}))).await;
    mount(&server, query_param("cursor", "c3"), body(&["c"], json!({"next_cursor": null}))).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::Cursor, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b", "c"]), true));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn cursor_stops_on_has_more_false_an_empty_cursor_and_a_repeat() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("cursor"), body(&["a"], json!({"next_cursor": "x", "has_more": false}))).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::Cursor, ListParams::default())).await;
    assert_eq!((items, received(&server).await.len()), (strings(&["a"]), 1));

    server.reset().await;
    mount(&server, query_param_is_missing("cursor"), body(&["a"], json!({"next_cursor": ""}))).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::Cursor, ListParams::default())).await;
    assert_eq!((items, received(&server).await.len()), (strings(&["a"]), 1));

    server.reset().await;
    mount(&server, query_param_is_missing("cursor"), body(&["1"], json!({"next_cursor": "a"}))).await;
    mount(&server, query_param("cursor", "a"), body(&["2"], json!({"next_cursor": "b"}))).await;
    mount(&server, query_param("cursor", "b"), body(&["3"], json!({"next_cursor": "a"}))).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::Cursor, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["1", "2", "3"]), true));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_walk() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("cursor"), body(&["a"], json!({"next_cursor": "x"}))).await;
    mount(&server, query_param("cursor", "x"), ResponseTemplate::new(400)).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::Cursor, ListParams::default())).await;
    assert_eq!(items, strings(&["a"]));
    assert_eq!(error.unwrap().status(), Some(reqwest::StatusCode::BAD_REQUEST));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn each_page_is_retried_like_any_request() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("cursor"), body(&["a"], json!({"next_cursor": "x"}))).await;
    Mock::given(query_param("cursor", "x")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    mount(&server, query_param("cursor", "x"), body(&["b"], json!({}))).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::Cursor, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b"]), true));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn every_page_keeps_the_operations_parameters_headers_and_credentials() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("cursor"), body(&["a"], json!({"next_cursor": "x"}))).await;
    mount(&server, query_param("cursor", "x"), body(&["b"], json!({}))).await;
    let params = ListParams { limit: Some(1), ..Default::default() };
    walk(pages(&client_for(&server.uri()), Paging::Cursor, params)).await;
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(query_of(request, "limit").as_deref(), Some("1"));
        assert_eq!(request.headers["authorization"], "Bearer tok");
        assert_eq!(request.headers["x-tenant"], "acme");
        assert_eq!(request.headers["x-client"], "tests");
    }
}

#[tokio::test]
async fn pages_carry_their_items_status_and_headers() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("cursor"), body(&["a", "b"], json!({"next_cursor": "x"})).insert_header("x-rate-limit-remaining", "9")).await;
    mount(&server, query_param("cursor", "x"), body(&["c"], json!({})).insert_header("x-rate-limit-remaining", "8")).await;
    let pages: Vec<Page<String>> = pages(&client_for(&server.uri()), Paging::Cursor, ListParams::default())
        .map(Result::unwrap)
        .collect()
        .await;
    let seen: Vec<(&[String], &str)> =
        pages.iter().map(|p| (p.items(), p.headers()["x-rate-limit-remaining"].to_str().unwrap())).collect();
    assert_eq!(seen, [(&strings(&["a", "b"])[..], "9"), (&strings(&["c"])[..], "8")]);
    assert!(pages.iter().all(|p| p.status() == reqwest::StatusCode::OK));
    assert_eq!(pages[1].clone().into_items(), ["c"]);
}

// ---------------------------------------------------------------------------
// Last-item cursor

#[tokio::test]
async fn last_item_cursor_sends_the_last_id_while_has_more() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("starting_after"), body(&["a", "b"], json!({"has_more": true}))).await;
    mount(&server, query_param("starting_after", "b"), body(&["c", "d"], json!({"has_more": true}))).await;
    mount(&server, query_param("starting_after", "d"), body(&["e"], json!({"has_more": false}))).await;
    let (items, error) = walk(last_item_pages(&client_for(&server.uri()))).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b", "c", "d", "e"]), true));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn last_item_cursor_stops_on_an_empty_page_and_a_page_served_again() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("starting_after"), body(&["a"], json!({"has_more": true}))).await;
    mount(&server, query_param("starting_after", "a"), body(&[], json!({"has_more": true}))).await;
    let (items, _) = walk(last_item_pages(&client_for(&server.uri()))).await;
    assert_eq!((items, received(&server).await.len()), (strings(&["a"]), 2));

    // A server that ignores `starting_after` serves the first page again: not yielded twice.
    server.reset().await;
    mount(&server, path("/items"), body(&["a", "b"], json!({"has_more": true}))).await;
    let (items, error) = walk(last_item_pages(&client_for(&server.uri()))).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b"]), true));
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------
// Offset

#[tokio::test]
async fn offset_advances_by_the_items_received_until_more_is_false() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("offset"), body(&["a", "b"], json!({"has_more": true}))).await;
    mount(&server, query_param("offset", "2"), body(&["c", "d"], json!({"has_more": true}))).await;
    mount(&server, query_param("offset", "4"), body(&["e"], json!({"has_more": false}))).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::Offset { start: 0 }, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b", "c", "d", "e"]), true));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn offset_starts_where_the_caller_says() {
    let server = MockServer::start().await;
    mount(&server, query_param("offset", "10"), body(&["k", "l"], json!({"has_more": true}))).await;
    mount(&server, query_param("offset", "12"), body(&["m"], json!({"has_more": false}))).await;
    let params = ListParams { offset: Some(10), ..Default::default() };
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::Offset { start: 10 }, params)).await;
    assert_eq!(items, strings(&["k", "l", "m"]));
}

#[tokio::test]
async fn offset_stops_at_the_total_a_short_page_or_an_empty_page() {
    let server = MockServer::start().await;
    // The total is reached exactly: no fourth request, though the last page is full.
    mount(&server, query_param_is_missing("offset"), body(&["a", "b"], json!({"total": 6}))).await;
    mount(&server, query_param("offset", "2"), body(&["c", "d"], json!({"total": 6}))).await;
    mount(&server, query_param("offset", "4"), body(&["e", "f"], json!({"total": 6}))).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::Offset { start: 0 }, ListParams::default())).await;
    assert_eq!((items.len(), received(&server).await.len()), (6, 3));

    // With nothing said, a page shorter than the first is the last.
    server.reset().await;
    mount(&server, query_param_is_missing("offset"), body(&["a", "b"], json!({}))).await;
    mount(&server, query_param("offset", "2"), body(&["c", "d"], json!({}))).await;
    mount(&server, query_param("offset", "4"), body(&["e"], json!({}))).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::Offset { start: 0 }, ListParams::default())).await;
    assert_eq!((items.len(), received(&server).await.len()), (5, 3));

    // An empty page ends it even when the server says more follow.
    server.reset().await;
    mount(&server, query_param_is_missing("offset"), body(&["a", "b"], json!({"has_more": true}))).await;
    mount(&server, query_param("offset", "2"), body(&[], json!({"has_more": true}))).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::Offset { start: 0 }, ListParams::default())).await;
    assert_eq!((items.len(), received(&server).await.len()), (2, 2));
}

#[tokio::test]
async fn offset_stops_when_the_server_ignores_it() {
    let server = MockServer::start().await;
    mount(&server, path("/items"), body(&["a", "b"], json!({"has_more": true}))).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::Offset { start: 0 }, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b"]), true));
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------
// Page number

#[tokio::test]
async fn page_number_counts_up_until_a_short_page() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("page"), body(&["a", "b"], json!({}))).await;
    mount(&server, query_param("page", "2"), body(&["c", "d"], json!({}))).await;
    mount(&server, query_param("page", "3"), body(&["e"], json!({}))).await;
    let paging = Paging::PageNumber { first: 1, start: 1 };
    let (items, error) = walk(pages(&client_for(&server.uri()), paging, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b", "c", "d", "e"]), true));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn page_number_stops_at_total_pages_counting_from_the_first_page() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("page"), body(&["a"], json!({"total_pages": 3}))).await;
    mount(&server, query_param("page", "1"), body(&["b"], json!({"total_pages": 3}))).await;
    mount(&server, query_param("page", "2"), body(&["c"], json!({"total_pages": 3}))).await;
    let paging = Paging::PageNumber { first: 0, start: 0 };
    let (items, _) = walk(pages(&client_for(&server.uri()), paging, ListParams::default())).await;
    assert_eq!((items, received(&server).await.len()), (strings(&["a", "b", "c"]), 3));
}

#[tokio::test]
async fn page_number_follows_the_number_a_page_says_it_has() {
    // Counted from 0, though the spec did not say so: the echoed number keeps page 1.
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("page"), body(&["a", "b"], json!({"page": 0}))).await;
    mount(&server, query_param("page", "1"), body(&["c", "d"], json!({"page": 1}))).await;
    mount(&server, query_param("page", "2"), body(&["e"], json!({"page": 2}))).await;
    let paging = Paging::PageNumber { first: 1, start: 1 };
    let (items, error) = walk(pages(&client_for(&server.uri()), paging, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b", "c", "d", "e"]), true));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn page_number_stops_on_an_empty_page_and_a_page_served_again() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("page"), body(&["a"], json!({}))).await;
    mount(&server, query_param("page", "2"), body(&[], json!({}))).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::PageNumber { first: 1, start: 1 }, ListParams::default())).await;
    assert_eq!((items, received(&server).await.len()), (strings(&["a"]), 2));

    server.reset().await;
    mount(&server, path("/items"), body(&["a", "b"], json!({"has_more": true}))).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::PageNumber { first: 1, start: 1 }, ListParams::default())).await;
    assert_eq!((items, received(&server).await.len()), (strings(&["a", "b"]), 2));
}

// ---------------------------------------------------------------------------
// Next URL in the body

#[tokio::test]
async fn next_url_follows_relative_and_absolute_urls_with_credentials() {
    let server = MockServer::start().await;
    let absolute = format!("{}/items?page=3&token=t%2B3", server.uri());
    mount(&server, query_param_is_missing("page"), body(&["a"], json!({"next": "/items?page=2"}))).await;
    mount(&server, query_param("page", "2"), body(&["b"], json!({"next": absolute}))).await;
    mount(&server, query_param("page", "3"), body(&["c"], json!({"next": null}))).await;
    let params = ListParams { limit: Some(1), ..Default::default() };
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::NextUrl, params)).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b", "c"]), true));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    // The server's query replaces the operation's, byte for byte; headers and credentials stay.
    assert_eq!(requests[0].url.query(), Some("limit=1"));
    assert_eq!(requests[2].url.query(), Some("page=3&token=t%2B3"));
    for request in &requests {
        assert_eq!(request.url.path(), "/items");
        assert_eq!(request.headers["authorization"], "Bearer tok");
        assert_eq!(request.headers["x-tenant"], "acme");
    }
}

#[tokio::test]
async fn next_url_on_another_host_or_port_is_refused_never_requested() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(path("/items")).respond_with(body(&["stolen"], json!({}))).mount(&elsewhere).await;
    let other_port = format!("{}/items?page=2", elsewhere.uri());
    for next in [other_port.as_str(), "https://evil.example/items?page=2", "//evil.example/items"] {
        server.reset().await;
        mount(&server, query_param_is_missing("page"), body(&["a"], json!({ "next": next }))).await;
        let (items, error) = walk(pages(&client_for(&server.uri()), Paging::NextUrl, ListParams::default())).await;
        assert_eq!(items, strings(&["a"]), "{next}");
        let error = error.unwrap_or_else(|| panic!("{next} was not refused"));
        assert!(matches!(error, Error::InvalidRequest(_)), "{next}: {error:?}");
        assert!(error.to_string().contains("not followed"), "{error}");
        assert_eq!(received(&server).await.len(), 1);
    }
    assert!(received(&elsewhere).await.is_empty(), "a request left the base URL");
}

#[tokio::test]
async fn next_url_outside_the_base_path_is_refused() {
    let server = MockServer::start().await;
    mount(&server, path("/api/items"), body(&["a"], json!({"next": "/admin/items"}))).await;
    let (items, error) = walk(pages(&client_for(&format!("{}/api", server.uri())), Paging::NextUrl, ListParams::default())).await;
    assert_eq!(items, strings(&["a"]));
    assert!(matches!(error, Some(Error::InvalidRequest(_))));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn next_url_under_the_base_path_keeps_the_base_path() {
    let server = MockServer::start().await;
    mount(&server, path("/api/items"), body(&["a"], json!({"next": "/api/items/more?after=a"}))).await;
    mount(&server, path("/api/items/more"), body(&["b"], json!({}))).await;
    let (items, error) = walk(pages(&client_for(&format!("{}/api", server.uri())), Paging::NextUrl, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b"]), true));
}

#[tokio::test]
async fn a_next_value_that_is_not_a_url_is_refused() {
    let server = MockServer::start().await;
    mount(&server, path("/items"), body(&["a"], json!({"next": "eyJwYWdlIjoyfQ"}))).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::NextUrl, ListParams::default())).await;
    assert_eq!(items, strings(&["a"]));
    assert!(matches!(error, Some(Error::InvalidRequest(_))), "{error:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn next_url_stops_on_a_url_seen_before() {
    let server = MockServer::start().await;
    mount(&server, query_param_is_missing("page"), body(&["a"], json!({"next": "/items?page=2"}))).await;
    mount(&server, query_param("page", "2"), body(&["b"], json!({"next": "/items?page=2"}))).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::NextUrl, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b"]), true));
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------
// Next URL in the Link header

fn linked(items: &[&str], link: &str) -> ResponseTemplate {
    body(items, json!({})).insert_header("link", link)
}

#[tokio::test]
async fn link_header_follows_rel_next_across_three_pages() {
    let server = MockServer::start().await;
    let uri = server.uri();
    mount(&server, query_param_is_missing("page"), linked(&["a", "b"], &format!(r#"<{uri}/items?page=2>; rel="next", <{uri}/items?page=3>; rel="last""#))).await;
    mount(&server, query_param("page", "2"), linked(&["c", "d"], &format!(r#"<{uri}/items?page=1>; rel="prev", <{uri}/items?page=3>; rel="next""#))).await;
    mount(&server, query_param("page", "3"), linked(&["e"], &format!(r#"<{uri}/items?page=2>; rel="prev", <{uri}/items?page=1>; rel="first""#))).await;
    let (items, error) = walk(pages(&client_for(&uri), Paging::LinkHeader, ListParams::default())).await;
    assert_eq!((items, error.is_none()), (strings(&["a", "b", "c", "d", "e"]), true));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.headers["authorization"] == "Bearer tok"));
}

#[tokio::test]
async fn link_header_to_another_host_is_refused() {
    let server = MockServer::start().await;
    mount(&server, path("/items"), linked(&["a"], r#"<https://evil.example/items?page=2>; rel="next""#)).await;
    let (items, error) = walk(pages(&client_for(&server.uri()), Paging::LinkHeader, ListParams::default())).await;
    assert_eq!(items, strings(&["a"]));
    assert!(matches!(error, Some(Error::InvalidRequest(_))));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn link_header_stops_without_a_next_link_and_on_a_repeat() {
    let server = MockServer::start().await;
    mount(&server, path("/items"), linked(&["a"], r#"</items?page=0>; rel="prev""#)).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::LinkHeader, ListParams::default())).await;
    assert_eq!((items, received(&server).await.len()), (strings(&["a"]), 1));

    // Page 2 links to itself.
    server.reset().await;
    mount(&server, query_param_is_missing("page"), linked(&["a"], r#"</items?page=2>; rel="next""#)).await;
    mount(&server, query_param("page", "2"), linked(&["b"], r#"</items?page=2>; rel="next""#)).await;
    let (items, _) = walk(pages(&client_for(&server.uri()), Paging::LinkHeader, ListParams::default())).await;
    assert_eq!((items, received(&server).await.len()), (strings(&["a", "b"]), 2));
}
