//! The Arize client against Prism serving `specs/arize.yaml`: every request must pass Prism's
//! validation, every answer must decode.

use std::collections::BTreeMap;
use std::time::Duration;

use arize_client::types::{
    AiIntegrationAuthType, AiIntegrationProvider, AiIntegrationScoping, AwsProviderMetadata, CreateAiIntegrationRequest,
    GcpProviderMetadata, UpdateAiIntegrationRequest,
};
use arize_client::{Client, RetryPolicy};
use contract_tests::drive::{self, Call};
use contract_tests::spec::{self, SpecOperation};
use contract_tests::{observe, Args, Caller, Failures, Mode, Prism};

/// Calls of each operation against the dynamic mock.
const DYNAMIC_CALLS: usize = 50;

/// A plain identifier, and one with every base64 character that must be escaped in a path.
const ID: &str = "TGxtSW50ZWdyYXRpb246MTI6YUJjRA==";
const ESCAPED_ID: &str = "TGxt/SW50+ZWdy=";

struct Arize {
    client: Client,
}

fn start() -> (Prism, Arize, Vec<SpecOperation>) {
    let spec = contract_tests::prism::spec("arize.yaml");
    let prism = Prism::start(&spec, Mode::Dynamic);
    let client = Client::builder()
        .base_url(prism.base_url())
        .bearer_auth("contract-test-token")
        .retry_policy(RetryPolicy::never())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let operations = spec::operations(&spec);
    assert!(!operations.is_empty(), "no operations in {}", spec.display());
    (prism, Arize { client }, operations)
}

fn create_body(args: Args) -> CreateAiIntegrationRequest {
    let name = "Production OpenAI";
    match args {
        Args::Required => CreateAiIntegrationRequest::new(name, AiIntegrationProvider::OpenAi),
        Args::Every => {
            let scoping = AiIntegrationScoping::default()
                .organization_id("QWNjb3VudE9yZzoxMjM6YWJj")
                .space_id("U3BhY2U6MTIzOmFiYw==");
            CreateAiIntegrationRequest::new(name, AiIntegrationProvider::AwsBedrock)
                .api_key("sk-contract-test")
                .base_url("https://bedrock.example.com/v1")
                .model_names(vec!["claude-3".to_owned(), "titan".to_owned()])
                .headers(BTreeMap::from([("X-Team".to_owned(), "ml".to_owned())]))
                .enable_default_models(true)
                .function_calling_enabled(false)
                .auth_type(AiIntegrationAuthType::ProxyWithHeaders)
                .provider_metadata(
                    AwsProviderMetadata::new("arn:aws:iam::123456789012:role/ArizeBedrockAccess").external_id("external-42"),
                )
                .scopings(vec![scoping])
        }
        Args::Alternative => CreateAiIntegrationRequest::new(name, AiIntegrationProvider::VertexAi)
            .auth_type(AiIntegrationAuthType::BearerToken)
            .provider_metadata(gcp())
            .scopings(vec![
                AiIntegrationScoping::default().clear_organization_id().clear_space_id(),
                AiIntegrationScoping::default().organization_id("QWNjb3VudE9yZzoxMjM6YWJj").clear_space_id(),
                AiIntegrationScoping::default(),
            ]),
    }
}

fn gcp() -> GcpProviderMetadata {
    GcpProviderMetadata::new("my-gcp-project", "us-central1", "arize-access")
}

fn update_body(args: Args) -> UpdateAiIntegrationRequest {
    let renamed = UpdateAiIntegrationRequest::default().name("Renamed");
    match args {
        // The schema has `minProperties: 1`: the least a valid body holds is one field.
        Args::Required => renamed,
        Args::Every => renamed
            .provider(AiIntegrationProvider::VertexAi)
            .api_key("sk-rotated")
            .base_url("https://vertex.example.com")
            .model_names(vec!["gemini-1.5-pro".to_owned()])
            .headers(BTreeMap::from([("X-Env".to_owned(), "prod".to_owned())]))
            .enable_default_models(false)
            .function_calling_enabled(true)
            .auth_type(AiIntegrationAuthType::Default)
            .provider_metadata(gcp())
            .scopings(vec![AiIntegrationScoping::default().organization_id("QWNjb3VudE9yZzoxMjM6YWJj").clear_space_id()]),
        // `null` removes a stored value: every nullable field sent as `null`.
        Args::Alternative => {
            UpdateAiIntegrationRequest::default().clear_api_key().clear_base_url().clear_headers().clear_provider_metadata()
        }
    }
}

impl Caller for Arize {
    fn call<'a>(&'a self, op: &'a SpecOperation, args: Args, prefer: Option<&'a str>) -> Call<'a> {
        Box::pin(async move {
            let client = &self.client;
            let id = if args == Args::Required { ID } else { ESCAPED_ID };
            macro_rules! send {
                ($request:expr) => {{
                    let request = $request;
                    let request = match prefer {
                        Some(prefer) => request.header("Prefer", prefer),
                        None => request,
                    };
                    observe!(arize_client, request.send_with_response().await)
                }};
            }
            Some(match op.id.as_str() {
                "ai_integrations_list" => {
                    let request = client.ai_integrations_list();
                    send!(match args {
                        Args::Required => request,
                        Args::Every | Args::Alternative => request
                            .space_id("U3BhY2U6MTIzOmFiYw==")
                            .space_name("production & staging")
                            .name("Open AI/ß")
                            .limit(100)
                            .cursor("eyJvZmZzZXQiOjUwfQ=="),
                    })
                }
                "ai_integrations_create" => send!(client.ai_integrations_create(&create_body(args))),
                "ai_integrations_get" => send!(client.ai_integrations_get(id)),
                "ai_integrations_update" => send!(client.ai_integrations_update(id, &update_body(args))),
                "ai_integrations_delete" => send!(client.ai_integrations_delete(id)),
                _ => return None,
            })
        })
    }

    fn arg_sets(&self, op: &SpecOperation) -> Vec<Args> {
        match op.id.as_str() {
            "ai_integrations_create" | "ai_integrations_update" => vec![Args::Required, Args::Every, Args::Alternative],
            _ => vec![Args::Required, Args::Every],
        }
    }
}

#[tokio::test]
async fn requests_pass_prism_validation() {
    let (prism, arize, operations) = start();
    let mut failures = Failures::default();
    drive::check_requests(&arize, &operations, &mut failures).await;

    // The judge itself: a request that breaks the spec must be caught.
    let observed = observe!(arize_client, arize.client.ai_integrations_list().limit(500).send_with_response().await);
    assert!(
        observed.check_accepted().is_err(),
        "Prism accepted limit=500 (the spec's maximum is 100): the harness does not see violations: {observed:?}"
    );
    failures.assert_none(&format!("arize requests (Prism's log: {})", prism.log_path().display()));
}

#[tokio::test]
async fn dynamic_responses_decode() {
    let (prism, arize, operations) = start();
    let mut failures = Failures::default();
    drive::check_dynamic_responses(&arize, &operations, DYNAMIC_CALLS, &mut failures).await;
    failures.assert_none(&format!("arize dynamic responses (Prism's log: {})", prism.log_path().display()));
}

#[tokio::test]
async fn declared_error_statuses_decode_into_their_variants() {
    let (prism, arize, operations) = start();
    let mut failures = Failures::default();
    drive::check_error_statuses(&arize, &operations, &mut failures).await;
    failures.assert_none(&format!("arize error statuses (Prism's log: {})", prism.log_path().display()));
}

#[tokio::test]
async fn spec_examples_decode() {
    let (prism, arize, operations) = start();
    let mut failures = Failures::default();
    drive::check_static_responses(&arize, &operations, &mut failures).await;
    failures.assert_none(&format!("arize static responses (Prism's log: {})", prism.log_path().display()));
}
