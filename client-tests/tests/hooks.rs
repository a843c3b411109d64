//! Hooks and credential providers, driven through a hand-written stand-in for
//! generated code against a local wiremock server: what they see, what they
//! change, and how they end a call.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_tests::runtime::*;
use reqwest::{Method, StatusCode};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------
// A miniature "generated" API and the hooks and providers the tests use.

static GET_ITEM: OperationInfo = OperationInfo {
    id: "getItem",
    method: Method::GET,
    path_template: "/items/{id}",
    security: &[&["bearer"]],
};

static CREATE_ITEM: OperationInfo = OperationInfo {
    id: "createItem",
    method: Method::POST,
    path_template: "/items",
    security: &[&["bearer"]],
};

static KEYED: OperationInfo = OperationInfo {
    id: "keyed",
    method: Method::GET,
    path_template: "/keyed",
    security: &[&["bearer", "keyQuery", "keyCookie"]],
};

fn call(client: &Client, info: &'static OperationInfo, path: &str) -> OperationRequest<(), ()> {
    let parts = RequestParts::new(info, path.to_owned());
    OperationRequest::<_, _>::new(client, parts, |r| match r.status().as_u16() {
        200..=299 => r.empty(),
        _ => Err(r.unexpected()),
    })
}

fn get_item(client: &Client) -> OperationRequest<(), ()> {
    call(client, &GET_ITEM, "/items/7")
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(5))
}

fn builder(server: &MockServer) -> ClientBuilder {
    ClientBuilder::new(None)
        .base_url(server.uri())
        .retry_policy(fast_retries())
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header_of(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

/// What hooks saw, in order.
type Log = Arc<Mutex<Vec<String>>>;

/// Records every call it gets, and can stamp or refuse requests.
#[derive(Clone)]
struct Recorder {
    name: &'static str,
    log: Log,
    stamp: bool,
    refuse_before: bool,
    refuse_after: bool,
}

impl Recorder {
    fn new(name: &'static str, log: &Log) -> Self {
        Recorder {
            name,
            log: Arc::clone(log),
            stamp: false,
            refuse_before: false,
            refuse_after: false,
        }
    }
}

#[derive(Debug)]
struct Refused(&'static str);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused by {}", self.0)
    }
}

impl std::error::Error for Refused {}

impl Hook for Recorder {
    fn before_attempt<'a>(
        &'a self,
        request: &'a mut OutgoingRequest,
        attempt: &'a Attempt,
    ) -> HookFuture<'a> {
        Box::pin(async move {
            self.log.lock().unwrap().push(format!(
                "{} before {} {} {}",
                self.name,
                attempt.number(),
                attempt.operation_id(),
                attempt.path_template()
            ));
            if self.refuse_before {
                return Err(Refused(self.name).into());
            }
            if self.stamp {
                let value = format!("{}-{}", attempt.operation_id(), attempt.number());
                request.headers_mut().insert("x-attempt", value.parse()?);
            }
            Ok(())
        })
    }

    fn after_attempt<'a>(
        &'a self,
        outcome: &'a AttemptOutcome<'a>,
        attempt: &'a Attempt,
    ) -> HookFuture<'a> {
        Box::pin(async move {
            let seen = match outcome {
                AttemptOutcome::Response { status, headers } => format!(
                    "{} x-served={}",
                    status.as_u16(),
                    headers.get("x-served").map_or("-", |v| v.to_str().unwrap())
                ),
                AttemptOutcome::TimedOut(_) => "timed out".to_owned(),
                AttemptOutcome::Failed(_) => "failed".to_owned(),
                _ => "other".to_owned(),
            };
            self.log.lock().unwrap().push(format!(
                "{} after {} {seen}",
                self.name,
                attempt.number()
            ));
            if self.refuse_after {
                return Err(Refused(self.name).into());
            }
            Ok(())
        })
    }
}

fn log_of(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

/// Answers with its current token, which starts as `first` and becomes
/// `fresh` once the current one is rejected; records what it was told.
struct Tokens {
    fresh: &'static str,
    current: Mutex<&'static str>,
    asked: Mutex<Vec<Option<String>>>,
}

impl Tokens {
    fn new(first: &'static str, fresh: &'static str) -> Arc<Self> {
        Arc::new(Tokens {
            fresh,
            current: Mutex::new(first),
            asked: Mutex::new(Vec::new()),
        })
    }

    fn asked(&self) -> Vec<Option<String>> {
        self.asked.lock().unwrap().clone()
    }
}

impl TokenProvider for Tokens {
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            assert!(["bearer", "keyCookie"].contains(&request.scheme()));
            let rejected = request.rejected().map(|s| s.expose().to_owned());
            self.asked.lock().unwrap().push(rejected.clone());
            let mut current = self.current.lock().unwrap();
            if rejected.as_deref() == Some(*current) {
                *current = self.fresh;
            }
            Ok(Secret::new(*current))
        })
    }
}

fn provided_bearer(provider: &Arc<Tokens>) -> Credential {
    Credential::Provided {
        kind: CredentialKind::Bearer,
        provider: Arc::clone(provider) as Arc<dyn TokenProvider>,
    }
}

// ---------------------------------------------------------------------------
// Hooks

#[tokio::test]
async fn a_hook_changes_every_attempt_and_sees_every_outcome() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("x-served", "first"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-served", "second"))
        .mount(&server)
        .await;
    let log = Log::default();
    let hook = Recorder {
        stamp: true,
        ..Recorder::new("client", &log)
    };
    let client = builder(&server).hook(hook).build().unwrap();
    get_item(&client).await.expect("the retry succeeds");

    let stamps: Vec<Option<String>> = received(&server)
        .await
        .iter()
        .map(|r| header_of(r, "x-attempt"))
        .collect();
    assert_eq!(
        stamps,
        [Some("getItem-1".to_owned()), Some("getItem-2".to_owned())],
        "the server sees the header on the retry too, computed again"
    );
    assert_eq!(
        log_of(&log),
        [
            "client before 1 getItem /items/{id}",
            "client after 1 503 x-served=first",
            "client before 2 getItem /items/{id}",
            "client after 2 200 x-served=second",
        ]
    );
}

#[tokio::test]
async fn a_hook_that_fails_stops_the_call_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let log = Log::default();
    let refusing = Recorder {
        refuse_before: true,
        ..Recorder::new("refusing", &log)
    };
    let later = Recorder::new("later", &log);
    let client = builder(&server).hook(refusing).hook(later).build().unwrap();
    let err = get_item(&client).await.unwrap_err();

    let Error::Hook(hook_error) = err else {
        panic!("{err:?}")
    };
    assert!(hook_error.is_before_send());
    assert_eq!(hook_error.attempt(), 1);
    assert_eq!(
        hook_error.to_string(),
        "a hook stopped the call before sending attempt 1"
    );
    let source = std::error::Error::source(&hook_error).expect("the hook's error");
    assert_eq!(source.to_string(), "refused by refusing");
    let own = hook_error
        .into_inner()
        .downcast::<Refused>()
        .expect("our type");
    assert_eq!(own.0, "refusing");
    assert_eq!(
        log_of(&log),
        ["refusing before 1 getItem /items/{id}"],
        "no later hook runs, and no after hook: nothing was sent"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_hook_that_fails_after_an_attempt_ends_the_call_without_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let log = Log::default();
    let hook = Recorder {
        refuse_after: true,
        ..Recorder::new("after", &log)
    };
    let client = builder(&server).hook(hook).build().unwrap();
    let err = get_item(&client).await.unwrap_err();
    let Error::Hook(hook_error) = &err else {
        panic!("{err:?}")
    };
    assert!(!hook_error.is_before_send());
    assert_eq!(err.status(), None);
    assert_eq!(
        received(&server).await.len(),
        1,
        "a 503 is retried, but not here"
    );
}

#[tokio::test]
async fn client_hooks_run_before_request_hooks_and_may_rewrite_the_request() {
    struct Rewrite;
    impl Hook for Rewrite {
        fn before_attempt<'a>(
            &'a self,
            request: &'a mut OutgoingRequest,
            _: &'a Attempt,
        ) -> HookFuture<'a> {
            Box::pin(async move {
                assert_eq!(request.body().map(|b| &b[..]), Some(&br#"{"id":1}"#[..]));
                request.set_body(r#"{"id":2}"#);
                request.url_mut().set_query(Some("signed=yes"));
                request.set_method(Method::PUT);
                Ok(())
            })
        }
    }

    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let log = Log::default();
    let client = builder(&server)
        .hook(Recorder::new("client", &log))
        .build()
        .unwrap();
    let mut parts = RequestParts::new(&CREATE_ITEM, "/items".to_owned());
    parts.json_body(&serde_json::json!({"id": 1}));
    OperationRequest::<_, _>::new(&client, parts, |r| r.empty::<()>())
        .hook(Rewrite)
        .hook(Recorder::new("request", &log))
        .await
        .unwrap();

    let request = &received(&server).await[0];
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.query(), Some("signed=yes"));
    assert_eq!(request.body, br#"{"id":2}"#);
    assert_eq!(
        log_of(&log),
        [
            "client before 1 createItem /items",
            "request before 1 createItem /items",
            "client after 1 200 x-served=-",
            "request after 1 200 x-served=-",
        ]
    );
}

#[tokio::test]
async fn hooks_see_timeouts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let log = Log::default();
    let client = builder(&server)
        .hook(Recorder::new("client", &log))
        .build()
        .unwrap();
    let err = get_item(&client)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::never())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(log_of(&log)[1], "client after 1 timed out");
}

// ---------------------------------------------------------------------------
// Credentials from a provider

/// 401 unless the request carries `Bearer fresh`.
async fn accepting_only(server: &MockServer, token: &str) {
    Mock::given(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401))
        .mount(server)
        .await;
}

fn authorizations(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| header_of(r, "authorization").unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn an_expired_token_is_refreshed_after_a_401_exactly_once() {
    let server = MockServer::start().await;
    accepting_only(&server, "fresh").await;
    let tokens = Tokens::new("expired", "fresh");
    let client = builder(&server)
        .credential("bearer", provided_bearer(&tokens))
        // Not a retry of the policy's: the 401 refresh happens even with none.
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    get_item(&client)
        .await
        .expect("the refreshed token is accepted");
    assert_eq!(
        authorizations(&received(&server).await),
        ["Bearer expired", "Bearer fresh"]
    );
    assert_eq!(tokens.asked(), [None, Some("expired".to_owned())]);

    // The provider decides what to keep: the next call asks again, and is told nothing.
    get_item(&client).await.unwrap();
    assert_eq!(received(&server).await.len(), 3);
    assert_eq!(tokens.asked().len(), 3);
    assert_eq!(tokens.asked()[2], None);
}

#[tokio::test]
async fn a_refreshed_token_that_is_refused_too_is_not_refreshed_again() {
    let server = MockServer::start().await;
    accepting_only(&server, "never-issued").await;
    let tokens = Tokens::new("expired", "fresh");
    let client = builder(&server)
        .credential("bearer", provided_bearer(&tokens))
        .build()
        .unwrap();
    // A POST too: the server refused it unread, so sending it again is safe.
    let err = call(&client, &CREATE_ITEM, "/items").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(
        authorizations(&received(&server).await),
        ["Bearer expired", "Bearer fresh"]
    );
    assert_eq!(tokens.asked(), [None, Some("expired".to_owned())]);
}

#[tokio::test]
async fn a_provider_with_nothing_new_gets_no_retry() {
    let server = MockServer::start().await;
    accepting_only(&server, "fresh").await;
    // Told "expired" was rejected, it has nothing but "expired" again.
    let tokens = Tokens::new("expired", "expired");
    let client = builder(&server)
        .credential("bearer", provided_bearer(&tokens))
        .build()
        .unwrap();
    let err = get_item(&client).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(received(&server).await.len(), 1);
    assert_eq!(tokens.asked(), [None, Some("expired".to_owned())]);
}

#[tokio::test]
async fn a_fixed_token_is_not_retried_after_a_401() {
    let server = MockServer::start().await;
    accepting_only(&server, "fresh").await;
    let client = builder(&server)
        .credential("bearer", Credential::Bearer("expired".into()))
        .build()
        .unwrap();
    let err = get_item(&client).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_provider_is_asked_for_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let tokens = Tokens::new("t", "unused");
    let client = builder(&server)
        .credential("bearer", provided_bearer(&tokens))
        .build()
        .unwrap();
    get_item(&client).await.unwrap();
    assert_eq!(tokens.asked(), [None, None]);
    assert_eq!(
        authorizations(&received(&server).await),
        ["Bearer t", "Bearer t"]
    );
}

#[tokio::test]
async fn a_provider_error_surfaces_as_its_own_error_and_nothing_is_sent() {
    struct Broken;
    impl TokenProvider for Broken {
        fn token<'a>(&'a self, _: TokenRequest<'a>) -> TokenFuture<'a> {
            Box::pin(async { Err(Refused("the token endpoint").into()) })
        }
    }
    /// Returns a token that cannot be a header value.
    struct Garbled;
    impl TokenProvider for Garbled {
        fn token<'a>(&'a self, _: TokenRequest<'a>) -> TokenFuture<'a> {
            Box::pin(async { Ok(Secret::new("s3cr3t\nline")) })
        }
    }

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let provided = |provider: Arc<dyn TokenProvider>| Credential::Provided {
        kind: CredentialKind::Bearer,
        provider,
    };
    let client = builder(&server)
        .credential("bearer", provided(Arc::new(Broken)))
        .build()
        .unwrap();
    let err = get_item(&client).await.unwrap_err();
    let Error::Credential(credential) = err else {
        panic!("{err:?}")
    };
    assert_eq!(credential.scheme(), "bearer");
    assert_eq!(credential.attempt(), 1);
    assert_eq!(
        credential.to_string(),
        "the credential provider for `bearer` failed (attempt 1)"
    );
    assert!(credential.into_inner().downcast::<Refused>().is_ok());

    let client = builder(&server)
        .credential("bearer", provided(Arc::new(Garbled)))
        .build()
        .unwrap();
    let err = get_item(&client).await.unwrap_err();
    let Error::Credential(credential) = &err else {
        panic!("{err:?}")
    };
    let text = format!("{err} {err:?} {}", credential.get_ref());
    assert!(text.contains("not allowed in HTTP headers"), "{text}");
    assert!(!text.contains("s3cr3t"), "the secret leaked: {text}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn provided_credentials_go_where_fixed_ones_go() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let cookie_tokens = Tokens::new("c;1", "unused");
    let client = builder(&server)
        .credential("bearer", Credential::Bearer("b1".into()))
        .credential(
            "keyQuery",
            Credential::ApiKey {
                location: ApiKeyLocation::Query,
                name: "api_key".into(),
                value: "q/1".into(),
            },
        )
        .credential(
            "keyCookie",
            Credential::Provided {
                kind: CredentialKind::ApiKey {
                    location: ApiKeyLocation::Cookie,
                    name: "sid".into(),
                },
                provider: cookie_tokens,
            },
        )
        .build()
        .unwrap();
    let mut parts = RequestParts::new(&KEYED, "/keyed".to_owned());
    parts.cookie("lang", &"en");
    parts.query("q", &"x", ParamStyle::Form, true);
    OperationRequest::<_, _>::new(&client, parts, |r| r.empty::<()>())
        .await
        .unwrap();
    let request = &received(&server).await[0];
    assert_eq!(request.url.query(), Some("q=x&api_key=q%2F1"));
    assert_eq!(header_of(request, "cookie").unwrap(), "lang=en; sid=c%3B1");
    assert_eq!(header_of(request, "authorization").unwrap(), "Bearer b1");

    // A header set on the call wins over a provided credential, as over a fixed one.
    let tokens = Tokens::new("provided", "unused");
    let client = builder(&server)
        .credential("bearer", provided_bearer(&tokens))
        .build()
        .unwrap();
    get_item(&client)
        .header("authorization", "Bearer from-the-call")
        .await
        .unwrap();
    let request = received(&server).await.pop().unwrap();
    assert_eq!(
        header_of(&request, "authorization").unwrap(),
        "Bearer from-the-call"
    );
}

#[tokio::test]
async fn hooks_see_no_secret_in_debug() {
    const SECRETS: [&str; 6] = [
        "s3cr3t-bearer",
        "s3cr3t-query",
        "s3cr3t-cookie",
        "s3cr3t-session",
        "s3cr3t-user",
        "s3cr3t-pass",
    ];
    struct Snoop(Log);
    impl Hook for Snoop {
        fn before_attempt<'a>(
            &'a self,
            request: &'a mut OutgoingRequest,
            attempt: &'a Attempt,
        ) -> HookFuture<'a> {
            Box::pin(async move {
                let text = format!("{request:?} {attempt:?}");
                self.0.lock().unwrap().push(text);
                Ok(())
            })
        }
        fn after_attempt<'a>(
            &'a self,
            outcome: &'a AttemptOutcome<'a>,
            attempt: &'a Attempt,
        ) -> HookFuture<'a> {
            Box::pin(async move {
                let text = format!("{outcome:?} {attempt:?}");
                self.0.lock().unwrap().push(text);
                Ok(())
            })
        }
    }
    struct Fixed(&'static str);
    impl TokenProvider for Fixed {
        fn token<'a>(&'a self, _: TokenRequest<'a>) -> TokenFuture<'a> {
            Box::pin(async move { Ok(Secret::new(self.0)) })
        }
    }

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).insert_header("set-cookie", "session=s3cr3t-session"),
        )
        .mount(&server)
        .await;
    let log = Log::default();
    let bearer = Credential::Provided {
        kind: CredentialKind::Bearer,
        provider: Arc::new(Fixed("s3cr3t-bearer")),
    };
    let query = Credential::Provided {
        kind: CredentialKind::ApiKey {
            location: ApiKeyLocation::Query,
            name: "api_key".into(),
        },
        provider: Arc::new(Fixed("s3cr3t-query")),
    };
    let cookie = Credential::ApiKey {
        location: ApiKeyLocation::Cookie,
        name: "sid".into(),
        value: "s3cr3t-cookie".into(),
    };
    let credentials = format!("{bearer:?} {query:?} {cookie:?}");
    let with_user_info = server.uri().replace("://", "://s3cr3t-user:s3cr3t-pass@");
    let builder = builder(&server)
        .base_url(with_user_info)
        .credential("bearer", bearer)
        .credential("keyQuery", query)
        .credential("keyCookie", cookie)
        .hook(Snoop(Arc::clone(&log)));
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let request = call(&client, &KEYED, "/keyed");
    let request_debug = format!("{request:?}");
    request.await.unwrap();

    // The secrets did go to the server…
    let sent = &received(&server).await[0];
    assert_eq!(
        header_of(sent, "authorization").unwrap(),
        "Bearer s3cr3t-bearer"
    );
    assert_eq!(sent.url.query(), Some("api_key=s3cr3t-query"));
    assert_eq!(header_of(sent, "cookie").unwrap(), "sid=s3cr3t-cookie");
    // …and hooks saw requests and responses, but no secret in what they print.
    let seen = log_of(&log);
    assert_eq!(seen.len(), 2);
    assert!(
        seen[0].contains("authorization") && seen[0].contains("/keyed?[redacted]"),
        "{}",
        seen[0]
    );
    assert!(
        seen[1].contains("set-cookie") && seen[1].contains("200"),
        "{}",
        seen[1]
    );
    let all = format!("{seen:?} {credentials} {builder_debug} {client:?} {request_debug}");
    for secret in SECRETS {
        assert!(!all.contains(secret), "{secret} leaked: {all}");
    }
}
