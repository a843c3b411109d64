//! A token that expires, and a hook on every attempt: OAuth 2 client-credentials tokens kept
//! until they are about to lapse or the API refuses one, and a request id and a log line per
//! attempt. `docs/hooks-and-credentials.md` shows this file; `cargo run -p client-tests --example tokens_and_hooks`
//! runs it when `TOKEN_URL`, `CLIENT_ID` and `CLIENT_SECRET` are set.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use arize_client::runtime::{
    Attempt, AttemptOutcome, BoxError, Hook, HookFuture, OutgoingRequest, TokenFuture, TokenProvider, TokenRequest,
};
use arize_client::{Client, Secret};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// Access tokens from an OAuth 2 token endpoint. The client asks before every attempt and
/// keeps nothing, so the caching is here.
struct ClientCredentials {
    http: reqwest::Client,
    token_url: String,
    /// `grant_type=client_credentials&client_id=…&client_secret=…`
    form: Secret,
    current: Mutex<Option<(Secret, Instant)>>,
}

impl ClientCredentials {
    /// The cached token, unless it is about to expire or is the one the API just refused.
    fn cached(&self, rejected: Option<&Secret>) -> Option<Secret> {
        let current = self.current.lock().unwrap();
        let (token, renew_at) = current.as_ref()?;
        (Instant::now() < *renew_at && Some(token) != rejected).then(|| token.clone())
    }

    async fn fetch(&self) -> Result<Secret, BoxError> {
        #[derive(serde::Deserialize)]
        struct Grant {
            access_token: Secret,
            expires_in: u64,
        }
        let response = self
            .http
            .post(&self.token_url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(self.form.expose().to_owned())
            .send()
            .await?
            .error_for_status()?;
        let grant: Grant = serde_json::from_slice(&response.bytes().await?)?;
        // A minute early, so no request leaves with a token about to lapse.
        let renew_at = Instant::now() + Duration::from_secs(grant.expires_in.saturating_sub(60));
        *self.current.lock().unwrap() = Some((grant.access_token.clone(), renew_at));
        Ok(grant.access_token)
    }
}

impl TokenProvider for ClientCredentials {
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            match self.cached(request.rejected()) {
                Some(token) => Ok(token),
                None => self.fetch().await,
            }
        })
    }
}

/// A request id that stays the same across the retries of one call, and a line per attempt.
struct RequestLog {
    id: String,
}

impl Hook for RequestLog {
    fn before_attempt<'a>(&'a self, request: &'a mut OutgoingRequest, attempt: &'a Attempt) -> HookFuture<'a> {
        Box::pin(async move {
            request.headers_mut().insert("x-request-id", self.id.parse()?);
            // Headers print by name only: the token in `authorization` stays hidden.
            eprintln!("{} attempt {}: {request:?}", self.id, attempt.number());
            Ok(())
        })
    }

    fn after_attempt<'a>(&'a self, outcome: &'a AttemptOutcome<'a>, attempt: &'a Attempt) -> HookFuture<'a> {
        Box::pin(async move {
            let (operation, elapsed) = (attempt.operation_id(), attempt.elapsed());
            eprintln!("{} {operation} attempt {}: {outcome:?} after {elapsed:?}", self.id, attempt.number());
            Ok(())
        })
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let encoded = |name| std::env::var(name).map(|v| utf8_percent_encode(&v, NON_ALPHANUMERIC).to_string());
    let form = format!("grant_type=client_credentials&client_id={}&client_secret={}", encoded("CLIENT_ID")?, encoded("CLIENT_SECRET")?);
    let tokens = ClientCredentials {
        http: reqwest::Client::new(),
        token_url: std::env::var("TOKEN_URL")?,
        form: Secret::new(form),
        current: Mutex::new(None),
    };
    let client = Client::builder().bearer_auth_provider(tokens).build()?;

    // A hook for one call; `ClientBuilder::hook` adds one to every call.
    let request_id = format!("{:016x}", fastrand::u64(..));
    let page = client.ai_integrations_list().hook(RequestLog { id: request_id }).await?;
    println!("{} integrations on the first page", page.ai_integrations.len());
    Ok(())
}
