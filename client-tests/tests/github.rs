//! The GitHub selection (`generated/github-issues`) as a user calls it: create an issue with a
//! title, a body and two labels, then every open issue with a label, as a stream. The requests
//! are what is checked; the stand-in server answers just enough.

use futures_util::StreamExt;
use github_issues_client::Client;
use github_issues_client::types::{IssuesCreateBody, IssuesListForRepoState};
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("client")
}

#[tokio::test]
async fn an_issue_is_created_with_a_title_a_body_and_two_labels() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/octo/hello/issues"))
        .and(body_json(json!({"title": "Found a bug", "body": "It crashes.", "labels": ["bug", "ui"]})))
        .respond_with(ResponseTemplate::new(422))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let issue = IssuesCreateBody::new("Found a bug").body("It crashes.").labels(vec!["bug".into(), "ui".into()]);
    let created = client.issues_create("octo", "hello", &issue).await;

    // The stand-in refuses it, as a declared error: the request is what this test is about.
    assert_eq!(created.unwrap_err().status().map(|s| s.as_u16()), Some(422));
}

#[tokio::test]
async fn open_issues_with_a_label_are_a_stream_that_follows_the_next_link() {
    let server = MockServer::start().await;
    let next = format!("<{}/repos/octo/hello/issues?state=open&labels=bug&page=2>; rel=\"next\"", server.uri());
    let filtered = || {
        Mock::given(method("GET"))
            .and(path("/repos/octo/hello/issues"))
            .and(query_param("state", "open"))
            .and(query_param("labels", "bug"))
    };
    filtered().and(query_param("page", "2")).respond_with(ResponseTemplate::new(200).set_body_json(json!([]))).expect(1).mount(&server).await;
    filtered()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])).insert_header("link", next.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let mut issues = client.issues_list_for_repo_stream("octo", "hello").state(IssuesListForRepoState::Open).labels("bug");
    let mut titles = Vec::new();
    while let Some(issue) = issues.next().await {
        titles.push(issue.expect("an issue").title);
    }

    // Both pages were asked for (the mocks expect one request each), and neither had issues.
    assert!(titles.is_empty());
}
