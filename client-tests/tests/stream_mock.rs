//! The mock stand-in of a streaming method answers with items framed the way the operation
//! streams them, and the client reads back exactly those items: one test per framing, through
//! the runtime's own parser.

use client_tests::runtime::mock::{self, MockOperation};
use client_tests::runtime::*;
use futures_util::StreamExt;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use wiremock::MockServer;

static EVENTS: OperationInfo = OperationInfo { id: "events", method: Method::GET, path_template: "/events", security: &[] };

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Delta {
    text: String,
}

/// What a generated `mock` function of a streaming method returns, for `framing`.
fn stand_in<T: Serialize>(framing: Framing) -> MockOperation<[T], ()> {
    // The generated functions pass closures that name their constants; a test needs several.
    let success: fn(&[T]) -> wiremock::ResponseTemplate = match framing {
        Framing::Events => |items| mock::stream(200, "text/event-stream", Framing::Events, items.iter().map(mock::json_data)),
        Framing::Lines => |items| mock::stream(200, "application/jsonl", Framing::Lines, items.iter().map(mock::json_data)),
        Framing::Sequence => {
            |items| mock::stream(200, "application/json-seq", Framing::Sequence, items.iter().map(mock::json_data))
        }
    };
    MockOperation::new("GET", "/events", success, |_| mock::empty(500))
}

async fn read_back<T: Send + 'static>(server: &MockServer, framing: Framing, item: fn(&str) -> Result<T, ItemError>) -> Vec<T> {
    let client = ClientBuilder::new(None).base_url(server.uri()).build().unwrap();
    let decoding = StreamDecoding {
        framing,
        accepts: |status| status == 200,
        error: |response| response.unexpected(),
        item,
        split: None,
    };
    let request: StreamRequest<T, ()> = StreamRequest::<_, _>::new(&client, RequestParts::new(&EVENTS, "/events".to_owned()), decoding);
    let stream = request.await.unwrap();
    stream.map(|item| item.unwrap()).collect().await
}

#[tokio::test]
async fn every_framing_reads_back_the_items_the_stand_in_was_given() {
    let items = vec![Delta { text: "hello".into() }, Delta { text: "line one\nline two".into() }, Delta { text: "".into() }];
    for framing in [Framing::Events, Framing::Lines, Framing::Sequence] {
        let server = MockServer::start().await;
        stand_in::<Delta>(framing).respond(&items).expect(1).mount(&server).await;
        let received: Vec<Delta> = read_back(&server, framing, json_item).await;
        assert_eq!(received, items, "{framing:?}");
    }
}

#[tokio::test]
async fn text_events_over_several_lines_arrive_whole() {
    let server = MockServer::start().await;
    let lines = vec!["first".to_owned(), "two\nlines".to_owned()];
    let text_events = |items: &[String]| mock::stream(200, "text/event-stream", Framing::Events, items.iter().map(String::clone));
    MockOperation::<[String], ()>::new("GET", "/events", text_events, |_| mock::empty(500))
        .respond(&lines)
        .mount(&server)
        .await;
    assert_eq!(read_back(&server, Framing::Events, text_item).await, lines);
}
