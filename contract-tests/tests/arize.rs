//! The Arize client against Prism serving `specs/arize.yaml`: every request must pass Prism's
//! validation, every answer must decode.

use std::collections::BTreeMap;
use std::time::Duration;

use arize_client::types::{
    AiIntegrationAuthType, AiIntegrationProvider, AiIntegrationScoping, AwsProviderMetadata, AwsProviderMetadataKind,
    CreateAiIntegrationRequest, GcpProviderMetadata, GcpProviderMetadataKind, ProviderMetadata,
    UpdateAiIntegrationRequest,
};
use arize_client::{Client, Nullable, RetryPolicy};
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
    let required = CreateAiIntegrationRequest {
        name: "Production OpenAI".to_owned(),
        provider: AiIntegrationProvider::OpenAi,
        api_key: None,
        base_url: None,
        model_names: None,
        headers: None,
        enable_default_models: None,
        function_calling_enabled: None,
        auth_type: None,
        provider_metadata: None,
        scopings: None,
    };
    match args {
        Args::Required => required,
        Args::Every => CreateAiIntegrationRequest {
            provider: AiIntegrationProvider::AwsBedrock,
            api_key: Some("sk-contract-test".into()),
            base_url: Some("https://bedrock.example.com/v1".to_owned()),
            model_names: Some(vec!["claude-3".to_owned(), "titan".to_owned()]),
            headers: Some(BTreeMap::from([("X-Team".to_owned(), "ml".to_owned())])),
            enable_default_models: Some(true),
            function_calling_enabled: Some(false),
            auth_type: Some(AiIntegrationAuthType::ProxyWithHeaders),
            provider_metadata: Some(ProviderMetadata::Aws(AwsProviderMetadata {
                kind: AwsProviderMetadataKind::Aws,
                role_arn: "arn:aws:iam::123456789012:role/ArizeBedrockAccess".to_owned(),
                external_id: Some("external-42".to_owned()),
            })),
            scopings: Some(vec![AiIntegrationScoping {
                organization_id: Nullable::Value("QWNjb3VudE9yZzoxMjM6YWJj".to_owned()),
                space_id: Nullable::Value("U3BhY2U6MTIzOmFiYw==".to_owned()),
            }]),
            ..required
        },
        Args::Alternative => CreateAiIntegrationRequest {
            provider: AiIntegrationProvider::VertexAi,
            auth_type: Some(AiIntegrationAuthType::BearerToken),
            provider_metadata: Some(ProviderMetadata::Gcp(gcp())),
            scopings: Some(vec![
                AiIntegrationScoping { organization_id: Nullable::Null, space_id: Nullable::Null },
                AiIntegrationScoping {
                    organization_id: Nullable::Value("QWNjb3VudE9yZzoxMjM6YWJj".to_owned()),
                    space_id: Nullable::Null,
                },
                AiIntegrationScoping::default(),
            ]),
            ..required
        },
    }
}

fn gcp() -> GcpProviderMetadata {
    GcpProviderMetadata {
        kind: GcpProviderMetadataKind::Gcp,
        project_id: "my-gcp-project".to_owned(),
        location: "us-central1".to_owned(),
        project_access_label: "arize-access".to_owned(),
    }
}

fn update_body(args: Args) -> UpdateAiIntegrationRequest {
    match args {
        // The schema has `minProperties: 1`: the least a valid body holds is one field.
        Args::Required => UpdateAiIntegrationRequest { name: Some("Renamed".to_owned()), ..Default::default() },
        Args::Every => UpdateAiIntegrationRequest {
            name: Some("Renamed".to_owned()),
            provider: Some(AiIntegrationProvider::VertexAi),
            api_key: Nullable::Value("sk-rotated".into()),
            base_url: Nullable::Value("https://vertex.example.com".to_owned()),
            model_names: Some(vec!["gemini-1.5-pro".to_owned()]),
            headers: Nullable::Value(BTreeMap::from([("X-Env".to_owned(), "prod".to_owned())])),
            enable_default_models: Some(false),
            function_calling_enabled: Some(true),
            auth_type: Some(AiIntegrationAuthType::Default),
            provider_metadata: Nullable::Value(ProviderMetadata::Gcp(gcp())),
            scopings: Some(vec![AiIntegrationScoping {
                organization_id: Nullable::Value("QWNjb3VudE9yZzoxMjM6YWJj".to_owned()),
                space_id: Nullable::Null,
            }]),
        },
        // `null` removes a stored value: every nullable field sent as `null`.
        Args::Alternative => UpdateAiIntegrationRequest {
            api_key: Nullable::Null,
            base_url: Nullable::Null,
            headers: Nullable::Null,
            provider_metadata: Nullable::Null,
            ..Default::default()
        },
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
