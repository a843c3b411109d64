//! The client generated from `specs/vendor-pagination.yaml` walks list operations paged by
//! other tools' extensions (DataDog's, Speakeasy's, Fern's, Azure's) across several pages of
//! a server on 127.0.0.1, sending each page's parameter as the extension says and stopping
//! where it says the list ends.

use futures_core::Stream;
use futures_util::StreamExt;
use serde_json::{Value, json};
use vendor_pagination_client::types::{DatadogSearchLogsBody, DatadogSearchLogsBodyFilter, Entry, SpeakeasySearchBody};
use vendor_pagination_client::{Client, Error};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

fn entries(ids: &[&str]) -> Vec<Value> {
    ids.iter().map(|id| json!({"id": id})).collect()
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn ids<E: std::fmt::Debug>(stream: impl Stream<Item = Result<Entry, Error<E>>>) -> Vec<String> {
    stream.map(|item| item.unwrap().id).collect().await
}

/// Serves `body` at `route` for requests whose `param` is `value`, or lacks it for `None`.
async fn serve(server: &MockServer, route: &str, param: &str, value: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET")).and(path(route));
    let mock = match value {
        Some(value) => mock.and(query_param(param, value)),
        None => mock.and(query_param_is_missing(param)),
    };
    mock.respond_with(ok(body)).expect(1).mount(server).await;
}

/// Fails the test (when the server is dropped) if a page past the end is asked for.
async fn never(server: &MockServer, route: &str, param: &str, value: &str) {
    Mock::given(method("GET")).and(path(route)).and(query_param(param, value)).respond_with(ok(json!({}))).expect(0).mount(server).await;
}

#[tokio::test]
async fn datadog_cursor_follows_meta_page_after() {
    let server = MockServer::start().await;
    let route = "/datadog/logs";
    serve(&server, route, "page[cursor]", None, json!({"data": entries(&["a", "b"]), "meta": {"page": {"after": "c2"}}})).await;
    serve(&server, route, "page[cursor]", Some("c2"), json!({"data": entries(&["c", "d"]), "meta": {"page": {"after": "c3"}}})).await;
    serve(&server, route, "page[cursor]", Some("c3"), json!({"data": entries(&["e"]), "meta": {"page": {}}})).await;
    let client = client(&server);
    assert_eq!(ids(client.datadog_list_logs_stream().page_limit(2)).await, ["a", "b", "c", "d", "e"]);
    // Each request kept the caller's page size.
    for request in server.received_requests().await.unwrap() {
        assert!(request.url.query().unwrap_or("").contains("page%5Blimit%5D=2"), "{}", request.url);
    }
}

/// Serves `body` at `route` for POST requests whose JSON body is `request`.
async fn serve_post(server: &MockServer, route: &str, request: Value, body: Value) {
    Mock::given(method("POST")).and(path(route)).and(body_json(request)).respond_with(ok(body)).expect(1).mount(server).await;
}

#[tokio::test]
async fn datadog_cursor_in_the_request_body_keeps_the_rest_of_the_body() {
    let server = MockServer::start().await;
    let route = "/datadog/logs/search";
    let filter = json!({"query": "service:web"});
    serve_post(&server, route, json!({"filter": filter}), json!({"data": entries(&["a", "b"]), "meta": {"page": {"after": "c2"}}})).await;
    let second = json!({"filter": filter, "page": {"cursor": "c2"}});
    serve_post(&server, route, second, json!({"data": entries(&["c"]), "meta": {"page": {"after": "c3"}}})).await;
    serve_post(&server, route, json!({"filter": filter, "page": {"cursor": "c3"}}), json!({"data": []})).await;
    let body = DatadogSearchLogsBody::default().filter(DatadogSearchLogsBodyFilter::default().query("service:web"));
    assert_eq!(ids(client(&server).datadog_search_logs_stream(Some(&body))).await, ["a", "b", "c"]);
}

#[tokio::test]
async fn datadog_cursor_in_an_absent_request_body_makes_one() {
    let server = MockServer::start().await;
    let route = "/datadog/logs/search";
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(ok(json!({"data": entries(&["a"]), "meta": {"page": {"after": "c2"}}})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    serve_post(&server, route, json!({"page": {"cursor": "c2"}}), json!({"data": entries(&["b"])})).await;
    assert_eq!(ids(client(&server).datadog_search_logs_stream(None)).await, ["a", "b"]);
    let first = &server.received_requests().await.unwrap()[0];
    assert!(first.body.is_empty(), "the first request sends no body: {:?}", String::from_utf8_lossy(&first.body));
}

#[tokio::test]
async fn speakeasy_cursor_in_the_request_body() {
    let server = MockServer::start().await;
    let route = "/speakeasy/search";
    serve_post(&server, route, json!({"query": "q"}), json!({"hits": entries(&["a", "b"]), "next": "k2"})).await;
    serve_post(&server, route, json!({"query": "q", "cursor": "k2"}), json!({"hits": entries(&["c"])})).await;
    let body = SpeakeasySearchBody::new("q");
    assert_eq!(ids(client(&server).speakeasy_search_stream(&body)).await, ["a", "b", "c"]);
}

#[tokio::test]
async fn datadog_pages_are_pages_of_the_response() {
    let server = MockServer::start().await;
    let route = "/datadog/logs";
    serve(&server, route, "page[cursor]", None, json!({"data": entries(&["a", "b"]), "meta": {"page": {"after": "c2"}}})).await;
    serve(&server, route, "page[cursor]", Some("c2"), json!({"data": entries(&["c"])})).await;
    let pages: Vec<usize> = client(&server)
        .datadog_list_logs_pages()
        .map(|page| page.unwrap().items().len())
        .collect()
        .await;
    assert_eq!(pages, [2, 1]);
}

#[tokio::test]
async fn datadog_offset_advances_by_the_page_and_ignores_the_other_array() {
    let server = MockServer::start().await;
    let route = "/datadog/incidents";
    let page = |ids: &[&str]| json!({"data": entries(ids), "included": ["x", "y", "z"]});
    serve(&server, route, "page[offset]", None, page(&["a", "b"])).await;
    serve(&server, route, "page[offset]", Some("2"), page(&["c", "d"])).await;
    serve(&server, route, "page[offset]", Some("4"), page(&["e"])).await;
    never(&server, route, "page[offset]", "5").await;
    assert_eq!(ids(client(&server).datadog_list_incidents_stream().page_size(2)).await, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn datadog_page_numbers_count_from_zero() {
    let server = MockServer::start().await;
    let route = "/datadog/monitors";
    serve(&server, route, "page", None, json!(entries(&["a", "b"]))).await;
    serve(&server, route, "page", Some("1"), json!(entries(&["c", "d"]))).await;
    serve(&server, route, "page", Some("2"), json!([])).await;
    assert_eq!(ids(client(&server).datadog_list_monitors_stream().page_size(2)).await, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn speakeasy_cursor_follows_its_next_cursor_output() {
    let server = MockServer::start().await;
    let route = "/speakeasy/agents";
    serve(&server, route, "from", None, json!({"data": entries(&["a", "b"]), "paging": {"continue_from": "k2"}})).await;
    serve(&server, route, "from", Some("k2"), json!({"data": entries(&["c", "d"]), "paging": {"continue_from": "k3"}})).await;
    serve(&server, route, "from", Some("k3"), json!({"data": entries(&["e"]), "paging": {}})).await;
    assert_eq!(ids(client(&server).speakeasy_list_agents_stream()).await, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn speakeasy_cursor_of_the_last_item_sends_its_id() {
    let server = MockServer::start().await;
    let route = "/speakeasy/rows";
    serve(&server, route, "after", None, json!({"rows": entries(&["a", "b"])})).await;
    serve(&server, route, "after", Some("b"), json!({"rows": entries(&["c", "d"])})).await;
    serve(&server, route, "after", Some("d"), json!({"rows": []})).await;
    assert_eq!(ids(client(&server).speakeasy_list_rows_stream()).await, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn speakeasy_page_numbers_stop_at_num_pages() {
    let server = MockServer::start().await;
    let route = "/speakeasy/sheets";
    let page = |ids: &[&str]| json!({"items": entries(ids), "meta": {"num_pages": 3}});
    serve(&server, route, "pg", None, page(&["a", "b"])).await;
    serve(&server, route, "pg", Some("2"), page(&["c", "d"])).await;
    serve(&server, route, "pg", Some("3"), page(&["e", "f"])).await;
    never(&server, route, "pg", "4").await;
    let sheets = ids(client(&server).speakeasy_list_sheets_stream()).await;
    assert_eq!(sheets, ["a", "b", "c", "d", "e", "f"]);
}

#[tokio::test]
async fn speakeasy_url_follows_the_next_url_output() {
    let server = MockServer::start().await;
    let route = "/speakeasy/events";
    serve(&server, route, "after", None, json!({"events": entries(&["a", "b"]), "links": {"following": "/speakeasy/events?after=2"}})).await;
    serve(&server, route, "after", Some("2"), json!({"events": entries(&["c"]), "links": {"following": "/speakeasy/events?after=3"}})).await;
    serve(&server, route, "after", Some("3"), json!({"events": entries(&["d"]), "links": {}})).await;
    assert_eq!(ids(client(&server).speakeasy_list_events_stream()).await, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn fern_offset_without_a_step_counts_pages() {
    let server = MockServer::start().await;
    let route = "/fern/plants";
    serve(&server, route, "page_number", None, json!({"results": entries(&["a", "b"])})).await;
    serve(&server, route, "page_number", Some("2"), json!({"results": entries(&["c", "d"])})).await;
    serve(&server, route, "page_number", Some("3"), json!({"results": []})).await;
    assert_eq!(ids(client(&server).fern_list_plants_stream()).await, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn fern_offset_with_a_step_counts_items_until_has_next_page_is_false() {
    let server = MockServer::start().await;
    let route = "/fern/trees";
    serve(&server, route, "skip_count", None, json!({"trees": entries(&["a", "b"]), "has_next": true})).await;
    // A short page that says more follow is not the last.
    serve(&server, route, "skip_count", Some("2"), json!({"trees": entries(&["c"]), "has_next": true})).await;
    serve(&server, route, "skip_count", Some("3"), json!({"trees": entries(&["d", "e"]), "has_next": false})).await;
    never(&server, route, "skip_count", "5").await;
    assert_eq!(ids(client(&server).fern_list_trees_stream().count(2)).await, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn fern_cursor_follows_next_cursor() {
    let server = MockServer::start().await;
    let route = "/fern/seeds";
    serve(&server, route, "starting_from", None, json!({"data": entries(&["a"]), "page": {"next": "n2"}})).await;
    serve(&server, route, "starting_from", Some("n2"), json!({"data": entries(&["b"]), "page": {"next": "n3"}})).await;
    serve(&server, route, "starting_from", Some("n3"), json!({"data": entries(&["c"]), "page": {}})).await;
    assert_eq!(ids(client(&server).fern_list_seeds_stream()).await, ["a", "b", "c"]);
}

#[tokio::test]
async fn fern_next_uri_is_followed() {
    let server = MockServer::start().await;
    let route = "/fern/bulbs";
    let next = |n: u32| format!("{}/fern/bulbs?page={n}", server.uri());
    serve(&server, route, "page", None, json!({"data": entries(&["a"]), "links": {"next_page": next(2)}})).await;
    serve(&server, route, "page", Some("2"), json!({"data": entries(&["b"]), "links": {"next_page": next(3)}})).await;
    serve(&server, route, "page", Some("3"), json!({"data": entries(&["c"]), "links": {}})).await;
    assert_eq!(ids(client(&server).fern_list_bulbs_stream()).await, ["a", "b", "c"]);
}

#[tokio::test]
async fn azure_next_link_is_followed_with_its_own_query() {
    let server = MockServer::start().await;
    let route = "/azure/widgets";
    let next = |token: &str| format!("{}/azure/widgets?api-version=2024-01-01&$skiptoken={token}", server.uri());
    serve(&server, route, "$skiptoken", None, json!({"value": entries(&["a", "b"]), "nextLink": next("t2")})).await;
    serve(&server, route, "$skiptoken", Some("t2"), json!({"value": entries(&["c", "d"]), "nextLink": next("t3")})).await;
    serve(&server, route, "$skiptoken", Some("t3"), json!({"value": entries(&["e"])})).await;
    assert_eq!(ids(client(&server).widgets_list_stream("2024-01-01")).await, ["a", "b", "c", "d", "e"]);
    for request in server.received_requests().await.unwrap() {
        assert!(request.url.query().unwrap_or("").contains("api-version=2024-01-01"), "{}", request.url);
    }
}

#[tokio::test]
async fn azure_odata_next_link_and_item_name_are_read() {
    let server = MockServer::start().await;
    let route = "/azure/gadgets";
    let next = |token: &str| format!("{}/azure/gadgets?$skiptoken={token}", server.uri());
    serve(&server, route, "$skiptoken", None, json!({"gadgets": entries(&["a"]), "@odata.nextLink": next("t2")})).await;
    serve(&server, route, "$skiptoken", Some("t2"), json!({"gadgets": entries(&["b"]), "@odata.nextLink": next("t3")})).await;
    serve(&server, route, "$skiptoken", Some("t3"), json!({"gadgets": entries(&["c"]), "@odata.nextLink": null})).await;
    assert_eq!(ids(client(&server).gadgets_list_stream()).await, ["a", "b", "c"]);
}
