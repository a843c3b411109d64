//! The Flashback client against Prism serving `specs/flashback.yaml`: every request must pass
//! Prism's validation, every answer must decode.

use std::time::Duration;

use contract_tests::drive::{self, Call};
use contract_tests::spec::{self, SpecOperation};
use contract_tests::{observe, Args, Caller, Failures, Mode, Prism};
use flashback_client::types::{AiType, CreateAiLlmRequest, UpdateAiLlmRequest};
use flashback_client::{Client, RetryPolicy};

/// Calls of each operation against the dynamic mock.
const DYNAMIC_CALLS: usize = 50;

const ID: &str = "3c59dc04-8e4a-4b8f-9d3e-2a1b0c9d8e7f";
/// An identifier with characters that must be escaped in a path segment.
const ESCAPED_ID: &str = "llm config/1?x=#2";

struct Flashback {
    client: Client,
}

fn start() -> (Prism, Flashback, Vec<SpecOperation>) {
    let spec = contract_tests::prism::spec("flashback.yaml");
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
    (prism, Flashback { client }, operations)
}

fn create_body(args: Args) -> CreateAiLlmRequest {
    let (name, workspace) = ("Team OpenAI", "8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60");
    match args {
        Args::Required => CreateAiLlmRequest::new(name, AiType::Openai, workspace),
        Args::Every => CreateAiLlmRequest::new(name, AiType::Aws, workspace)
            .endpoint("https://bedrock-runtime.us-east-1.amazonaws.com")
            .key("AKIA-contract-test")
            .secret("aws-secret-contract-test")
            .api_key_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        // `null` for every nullable field.
        Args::Alternative => CreateAiLlmRequest::new(name, AiType::Other, workspace).clear_endpoint().clear_key().clear_secret(),
    }
}

fn update_body(args: Args) -> UpdateAiLlmRequest {
    match args {
        // Every field is optional: the required-only body is empty.
        Args::Required => UpdateAiLlmRequest::default(),
        Args::Every => UpdateAiLlmRequest::default()
            .name("Renamed")
            .ai_type(AiType::Anthropic)
            .endpoint("https://api.anthropic.com")
            .key("sk-ant-contract-test")
            .secret("secret-contract-test")
            .api_key_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Args::Alternative => UpdateAiLlmRequest::default().clear_endpoint().clear_key().clear_secret(),
    }
}

impl Caller for Flashback {
    fn call<'a>(&'a self, op: &'a SpecOperation, args: Args, prefer: Option<&'a str>) -> Call<'a> {
        Box::pin(async move {
            let client = &self.client;
            let id = if args == Args::Required { ID } else { ESCAPED_ID };
            let every = args != Args::Required;
            macro_rules! send {
                ($request:expr) => {{
                    let request = $request;
                    let request = match prefer {
                        Some(prefer) => request.header("Prefer", prefer),
                        None => request,
                    };
                    observe!(flashback_client, request.send_with_response().await)
                }};
            }
            Some(match op.id.as_str() {
                "getAiLlms" => {
                    let request = client.get_ai_llms();
                    send!(if every { request.workspace_id("8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60") } else { request })
                }
                "createAiLlm" => send!(client.create_ai_llm(&create_body(args))),
                "getAvailableAiLlms" => send!(client.get_available_ai_llms()),
                "getAiLlmStats" => {
                    let request = client.get_ai_llm_stats();
                    send!(if every { request.ai_llm_id(ID) } else { request })
                }
                "updateAiLlm" => send!(client.update_ai_llm(id, &update_body(args))),
                "deleteAiLlm" => send!(client.delete_ai_llm(id)),
                "validateAiLlm" => send!(client.validate_ai_llm(id)),
                _ => return None,
            })
        })
    }

    fn arg_sets(&self, op: &SpecOperation) -> Vec<Args> {
        match op.id.as_str() {
            "createAiLlm" | "updateAiLlm" => vec![Args::Required, Args::Every, Args::Alternative],
            _ => vec![Args::Required, Args::Every],
        }
    }
}

#[tokio::test]
async fn requests_pass_prism_validation() {
    let (prism, flashback, operations) = start();
    let mut failures = Failures::default();
    drive::check_requests(&flashback, &operations, &mut failures).await;

    // The judge itself: a request that breaks the spec must be caught (`aiType` is an enum).
    let mut body = create_body(Args::Required);
    body.ai_type = AiType::Unknown("MISTRAL".to_owned());
    let observed = observe!(flashback_client, flashback.client.create_ai_llm(&body).send_with_response().await);
    assert!(
        observed.check_accepted().is_err(),
        "Prism accepted aiType MISTRAL (not in the enum): the harness does not see violations: {observed:?}"
    );
    failures.assert_none(&format!("flashback requests (Prism's log: {})", prism.log_path().display()));
}

#[tokio::test]
async fn dynamic_responses_decode() {
    let (prism, flashback, operations) = start();
    let mut failures = Failures::default();
    drive::check_dynamic_responses(&flashback, &operations, DYNAMIC_CALLS, &mut failures).await;
    failures.assert_none(&format!("flashback dynamic responses (Prism's log: {})", prism.log_path().display()));
}

#[tokio::test]
async fn declared_error_statuses_decode_into_their_variants() {
    let (prism, flashback, operations) = start();
    let mut failures = Failures::default();
    drive::check_error_statuses(&flashback, &operations, &mut failures).await;
    failures.assert_none(&format!("flashback error statuses (Prism's log: {})", prism.log_path().display()));
}

#[tokio::test]
async fn spec_examples_decode() {
    let (prism, flashback, operations) = start();
    let mut failures = Failures::default();
    drive::check_static_responses(&flashback, &operations, &mut failures).await;
    failures.assert_none(&format!("flashback static responses (Prism's log: {})", prism.log_path().display()));
}
