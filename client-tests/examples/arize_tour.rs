//! A tour of the generated Arize client: list with pagination, create, patch, delete, errors.
//! `docs/using-a-client.md` shows this file; `cargo run -p client-tests --example arize_tour` runs it
//! against the real API when `ARIZE_API_KEY` is set.

use arize_client::operations::AiIntegrationsGetError;
use arize_client::types::{AiIntegrationProvider, CreateAiIntegrationRequest, UpdateAiIntegrationRequest};
use arize_client::{Client, Error, Server};
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
    // `new` takes the required properties; the optional ones are set by name.
    let request = CreateAiIntegrationRequest::new("Production OpenAI", AiIntegrationProvider::OpenAi)
        .api_key("sk-...")
        .model_names(vec!["gpt-4o".to_owned()])
        .enable_default_models(true);
    let created = client.ai_integrations_create(&request).await?;

    // Rename it and remove its stored API key: a property not set is left alone,
    // `clear_api_key` sends `null`.
    let update = UpdateAiIntegrationRequest::default().name("OpenAI (no key)").clear_api_key();
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
