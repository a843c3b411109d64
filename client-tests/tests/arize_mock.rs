//! Testing code that uses the Arize client, without a network: the crate's `mock` feature
//! (`arize-client = { …, features = ["mock"] }` under `[dev-dependencies]`) has a typed
//! wiremock stand-in for every operation. The README shows this file.

use arize_client::operations::AiIntegrationsGetError;
use arize_client::types::{AiIntegration, AiIntegrationAuthType, AiIntegrationProvider, Problem};
use arize_client::{mock, Client, Error, RetryPolicy};
use wiremock::MockServer;

/// The code under test: a line about an integration, or `None` if it is gone.
async fn describe(client: &Client, id: &str) -> Result<Option<String>, Error<AiIntegrationsGetError>> {
    match client.ai_integrations_get(id).await {
        Ok(found) => Ok(Some(format!("{} ({}, key stored: {})", found.name, found.provider, found.has_api_key))),
        Err(Error::Api(error)) if matches!(error.body(), AiIntegrationsGetError::NotFound(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

fn integration(id: &str) -> AiIntegration {
    let created = "2026-02-13T21:27:19Z".parse().unwrap();
    let (has_api_key, enable_default_models, function_calling_enabled) = (true, true, true);
    AiIntegration::new(
        id,
        "Production OpenAI",
        AiIntegrationProvider::OpenAi,
        has_api_key,
        enable_default_models,
        function_calling_enabled,
        AiIntegrationAuthType::Default,
        Vec::new(),
        created,
        created,
        "VXNlcjoxOm5OYkM=",
    )
    .model_names(vec!["gpt-4o".to_owned()])
}

async fn client_for(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_auth("test-token").retry_policy(RetryPolicy::never()).build().unwrap()
}

#[tokio::test]
async fn describes_an_integration() {
    let server = MockServer::start().await;
    // Arize ids are base64: the stand-in matches them percent-encoded in the path.
    mock::ai_integrations_get().respond(&integration("a/b+c==")).expect(1).mount(&server).await;
    let line = describe(&client_for(&server).await, "a/b+c==").await.unwrap();
    assert_eq!(line.as_deref(), Some("Production OpenAI (openAI, key stored: true)"));
}

#[tokio::test]
async fn a_missing_integration_is_none() {
    let server = MockServer::start().await;
    let gone = Problem::new("Not found", 404);
    mock::ai_integrations_get().respond_error(&AiIntegrationsGetError::NotFound(gone)).mount(&server).await;
    assert_eq!(describe(&client_for(&server).await, "abc").await.unwrap(), None);
}

#[tokio::test]
async fn other_failures_reach_the_caller() {
    let server = MockServer::start().await;
    mock::ai_integrations_get().respond_status(503).mount(&server).await;
    let error = describe(&client_for(&server).await, "abc").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}
