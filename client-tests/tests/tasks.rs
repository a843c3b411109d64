//! Issue 19's second and fourth tasks as a user writes them (BENCHMARKS.md, *Lines per task*,
//! counts the lines after `// The task.`, as its method says): Arize and Flashback
//! against wiremock stand-ins. Each stand-in answers only the exact request the task must
//! send (method, path, query, JSON body) and expects it once, so a task that sends anything
//! else fails, either on the answer or when the server checks its expectations.

use arize_client::types::{
    AiIntegrationProvider, CreateAiIntegrationRequest, UpdateAiIntegrationRequest,
};
use flashback_client::types::{AiType, CreateAiLlmRequest};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Outcome = Result<(), Box<dyn std::error::Error>>;

/// Answers `verb url` (and, if given, that JSON body) once with `answer`: 201 for a POST to
/// Arize, which says so, and 200 otherwise.
async fn expect(server: &MockServer, verb: &str, url: &str, body: Option<Value>, answer: Value) {
    let (url, query) = url.split_once('?').unwrap_or((url, ""));
    let mut mock = Mock::given(method(verb)).and(path(url));
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').expect("name=value");
        mock = mock.and(query_param(name, value));
    }
    if let Some(body) = body {
        mock = mock.and(body_json(body));
    }
    let status = if (verb, url) == ("POST", "/v2/ai-integrations") {
        201
    } else {
        200
    };
    let answer = ResponseTemplate::new(status).set_body_json(answer);
    mock.respond_with(answer).expect(1).mount(server).await;
}

fn integration(name: &str, has_api_key: bool) -> Value {
    json!({
        "id": "TGxtSW50ZWdyYXRpb246MTI6YUJjRA==", "name": name, "provider": "openAI",
        "has_api_key": has_api_key, "enable_default_models": true,
        "function_calling_enabled": true, "auth_type": "default", "scopings": [],
        "created_at": "2026-02-13T21:27:19.055Z", "updated_at": "2026-02-13T21:27:19.279Z",
        "created_by_user_id": "VXNlcjoxOm5OYkM="
    })
}

#[tokio::test]
async fn arize_create_list_rename_and_clear_the_key() -> Outcome {
    let server = MockServer::start().await;
    let one = "/v2/ai-integrations/TGxtSW50ZWdyYXRpb246MTI6YUJjRA%3D%3D";
    let new = json!({"name": "Production OpenAI", "provider": "openAI", "api_key": "sk-1"});
    let created = integration("Production OpenAI", true);
    expect(
        &server,
        "POST",
        "/v2/ai-integrations",
        Some(new),
        created.clone(),
    )
    .await;
    let page = json!({"ai_integrations": [created], "pagination": {"has_more": false}});
    expect(&server, "GET", "/v2/ai-integrations?limit=100", None, page).await;
    let renamed = integration("OpenAI", true);
    let rename = json!({"name": "OpenAI"});
    expect(&server, "PATCH", one, Some(rename), renamed).await;
    let cleared = integration("OpenAI", false);
    let clear_key = json!({"api_key": null});
    expect(&server, "PATCH", one, Some(clear_key), cleared).await;
    let client = arize_client::Client::builder()
        .base_url(server.uri())
        .build()?;

    // The task.
    let new = CreateAiIntegrationRequest::new("Production OpenAI", AiIntegrationProvider::OpenAi)
        .api_key("sk-1");
    let created = client.ai_integrations_create(&new).await?;
    let mut integrations = client.ai_integrations_list_stream().limit(100);
    while let Some(integration) = integrations.next().await {
        println!("{}", integration?.name);
    }
    let rename = UpdateAiIntegrationRequest::default().name("OpenAI");
    client.ai_integrations_update(&created.id, &rename).await?;
    let clear = UpdateAiIntegrationRequest::default().clear_api_key();
    let cleared = client.ai_integrations_update(&created.id, &clear).await?;
    // What went out: each stand-in above matched once (checked when `server` drops).

    assert!(!cleared.has_api_key);
    Ok(())
}

#[tokio::test]
async fn flashback_create_then_list_by_workspace_and_available() -> Outcome {
    let server = MockServer::start().await;
    let new = json!({"name": "Production OpenAI", "aiType": "OPENAI", "workspaceId": "w1", "key": "sk-1"});
    let created = json!({"success": true, "aiLlmId": "llm-1"});
    expect(&server, "POST", "/ai/llm", Some(new), created).await;
    let llm = json!({
        "id": "llm-1", "orgId": "o1", "workspaceId": "w1", "userId": "u1",
        "name": "Production OpenAI", "aiType": "OPENAI", "endpoint": null, "key": "sk-***",
        "createdAt": "2026-01-01T00:00:00Z"
    });
    let list = json!({"success": true, "aiLlms": [llm]});
    expect(&server, "GET", "/ai/llm?workspaceId=w1", None, list.clone()).await;
    expect(&server, "GET", "/ai/llm/available", None, list).await;
    let client = flashback_client::Client::builder()
        .base_url(server.uri())
        .build()?;

    // The task.
    let new = CreateAiLlmRequest::new("Production OpenAI", AiType::Openai, "w1").key("sk-1");
    let created = client.create_ai_llm(&new).await?;
    let in_workspace = client.get_ai_llms().workspace_id("w1").await?;
    let available = client.get_available_ai_llms().await?;
    // What went out: each stand-in above matched once (checked when `server` drops).

    assert_eq!(created.ai_llm_id, "llm-1");
    assert_eq!(in_workspace.ai_llms[0].id, created.ai_llm_id);
    assert_eq!(available.ai_llms.len(), 1);
    Ok(())
}
