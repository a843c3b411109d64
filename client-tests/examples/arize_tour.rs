//! A tour of the generated Arize client: list with pagination, create, patch, delete, errors.
//! The README shows this file; `cargo run -p client-tests --example arize_tour` runs it
//! against the real API when `ARIZE_API_KEY` is set.

use arize_client::operations::AiIntegrationsGetError;
use arize_client::types::{AiIntegrationProvider, CreateAiIntegrationRequest, UpdateAiIntegrationRequest};
use arize_client::{Client, Error, Nullable, Server};
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api_key = std::env::var("ARIZE_API_KEY")?;
    let client = Client::builder().server(Server::Global).bearer_auth(api_key).build()?;

    // Every integration, page after page.
    let mut integrations = client.ai_integrations_list_stream().limit(100);
    while let Some(integration) = integrations.next().await {
        let integration = integration?;
        println!("{} {} ({})", integration.id, integration.name, integration.provider);
    }

    // Create one; the API key is a `Secret`: it never shows in `Debug` output.
    let created = client
        .ai_integrations_create(&CreateAiIntegrationRequest {
            name: "Production OpenAI".to_owned(),
            provider: AiIntegrationProvider::OpenAi,
            api_key: Some("sk-...".into()),
            base_url: None,
            model_names: Some(vec!["gpt-4o".to_owned()]),
            headers: None,
            enable_default_models: Some(true),
            function_calling_enabled: None,
            auth_type: None,
            provider_metadata: None,
            scopings: None,
        })
        .await?;

    // Rename it and remove its stored API key: `Null` clears, `Absent` leaves alone.
    let update = UpdateAiIntegrationRequest {
        name: Some("OpenAI (no key)".to_owned()),
        api_key: Nullable::Null,
        ..Default::default()
    };
    client.ai_integrations_update(&created.id, &update).await?;

    client.ai_integrations_delete(&created.id).await?;

    // Errors are typed per operation and routed by status code.
    match client.ai_integrations_get(&created.id).await {
        Err(Error::Api(error)) => match error.body() {
            AiIntegrationsGetError::NotFound(problem) => println!("gone: {}", problem.title),
            other => println!("refused ({}): {other:?}", error.status()),
        },
        Err(error) if error.is_timeout() => println!("timed out: {error}"),
        Err(error) => println!("failed: {error} (retry after {:?})", error.retry_after()),
        Ok(still_there) => println!("still there: {}", still_there.name),
    }
    Ok(())
}
