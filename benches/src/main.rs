//! Client overhead: what the generated Arize client adds to a request.
//!
//! Run with `cargo run --release -p benches` (BENCHMARKS.md has the method and results).
//!
//! A hand-rolled HTTP/1.1 server on 127.0.0.1 answers every request with the same
//! `200 OK` JSON body, a valid `AiIntegration`, over keep-alive connections. The benchmark
//! then compares requests per second of
//!
//! - **generated**: `client.ai_integrations_get("abc").await` on an `arize_client::Client`
//!   built with `Client::builder().base_url(..).bearer_auth(..).build()`, and
//! - **hand-written**: a plain `reqwest::Client` GET of the same URL with the same bearer
//!   header, then `serde_json::from_slice::<AiIntegration>` of the body,
//!
//! on the same multi-threaded tokio runtime with the same number of concurrent tasks. Rounds
//! alternate between the two so a change in machine load hits both alike; the medians and
//! their ratio are printed (the target is ≥ 0.9).
//!
//! A third subject, the hand-written call inside `tokio::time::timeout`, shows the price of the
//! one thing the generated runtime adds on purpose to every call: the default 60 s per-attempt
//! limit. A fifth, the generated client with one hook that does nothing, shows what a hook
//! costs (the first four have none).
//!
//! The server runs on its own thread and single-threaded runtime, so its cost is the same for
//! both clients. Every connection it serves is on loopback; nothing leaves the machine.

use std::error::Error;
use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use arize_client::types::AiIntegration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Concurrent request loops per round.
const TASKS: usize = 16;

/// How much to measure; the defaults are for throughput, smaller runs of one subject are for
/// counting instructions under `valgrind --tool=callgrind` (see BENCHMARKS.md).
struct Settings {
    /// Requests per measured round, shared among the tasks (`--requests`).
    requests: usize,
    /// Requests per client before measuring: connections opened, allocator and caches warm
    /// (`--warmup`).
    warmup: usize,
    /// Measured rounds per client; the median is reported (`--rounds`).
    rounds: usize,
    /// Measure only the subject with this name (`--only`).
    only: Option<String>,
}

impl Settings {
    fn from_args() -> Result<Settings, Box<dyn Error>> {
        let mut settings = Settings { requests: 20_000, warmup: 2_000, rounds: 7, only: None };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--requests" => settings.requests = value.parse()?,
                "--warmup" => settings.warmup = value.parse()?,
                "--rounds" => settings.rounds = value.parse()?,
                "--only" => settings.only = Some(value),
                _ => return Err(format!("unknown flag {flag}; flags: --requests N --warmup N --rounds N --only SUBJECT").into()),
            }
        }
        Ok(settings)
    }
}

const TOKEN: &str = "bench-token";

/// A valid `AiIntegration`, as in `client-tests/tests/arize.rs`.
const BODY: &str = r#"{"id":"abc","name":"Production OpenAI","provider":"openAI","has_api_key":true,"enable_default_models":true,"function_calling_enabled":true,"auth_type":"default","scopings":[{"organization_id":"QWNjb3VudE9yZzoxMjM6YWJj","space_id":null}],"created_at":"2026-02-13T21:27:19.055Z","updated_at":"2026-02-13T21:27:19.279Z","created_by_user_id":"VXNlcjoxOm5OYkM="}"#;

fn main() -> Result<(), Box<dyn Error>> {
    refuse_proxies()?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let server = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    // Detached: the process ends when `main` returns.
    std::thread::spawn(move || server.block_on(serve(listener)));

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(compare(addr, &Settings::from_args()?))
}

/// The clients would send loopback traffic to a proxy named in the environment.
fn refuse_proxies() -> Result<(), Box<dyn Error>> {
    let proxied = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"].iter().any(|v| std::env::var_os(v).is_some());
    let exempt = ["no_proxy", "NO_PROXY"].iter().any(|v| std::env::var(v).is_ok_and(|s| s.contains("127.0.0.1")));
    if proxied && !exempt {
        return Err("an HTTP proxy is set in the environment; unset it or set NO_PROXY=127.0.0.1".into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

async fn serve(listener: std::net::TcpListener) -> std::io::Result<()> {
    let listener = TcpListener::from_std(listener)?;
    let response: Arc<[u8]> = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    )
    .into_bytes()
    .into();
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let response = Arc::clone(&response);
        tokio::spawn(async move {
            // A connection error only ends that connection; the client side reports it.
            let _ = connection(stream, &response).await;
        });
    }
}

/// Answers each request on a keep-alive connection, in order, until the client closes it.
async fn connection(mut stream: TcpStream, response: &[u8]) -> std::io::Result<()> {
    let mut pending = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(head_end) = find(&pending, b"\r\n\r\n") {
            let request_end = head_end + 4 + content_length(&pending[..head_end]);
            if pending.len() < request_end {
                break;
            }
            pending.drain(..request_end);
            stream.write_all(response).await?;
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(());
        }
        pending.extend_from_slice(&chunk[..read]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The request body's length from its head (a GET has none).
fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// The clients
// ---------------------------------------------------------------------------------------------

/// One way of making the call.
enum Subject {
    /// The generated client, as a user writes it.
    Generated(arize_client::Client),
    /// The same call through `.send()`, which is not boxed.
    GeneratedSend(arize_client::Client),
    /// The generated client with a hook that does nothing.
    GeneratedHooked(arize_client::Client),
    /// Plain reqwest and serde_json.
    HandWritten {
        http: reqwest::Client,
        url: String,
        /// Wrap the attempt in `tokio::time::timeout`, as the runtime does (60 s by default).
        timeout: Option<Duration>,
    },
}

impl Subject {
    async fn call(&self) -> Result<AiIntegration, Box<dyn Error + Send + Sync>> {
        match self {
            Subject::Generated(client) => Ok(client.ai_integrations_get("abc").await?),
            Subject::GeneratedSend(client) => Ok(client.ai_integrations_get("abc").send().await?),
            Subject::GeneratedHooked(client) => Ok(client.ai_integrations_get("abc").await?),
            Subject::HandWritten { http, url, timeout } => {
                let attempt = async {
                    let response = http.get(url).bearer_auth(TOKEN).send().await?;
                    if !response.status().is_success() {
                        return Err(format!("status {}", response.status()).into());
                    }
                    Ok::<_, Box<dyn Error + Send + Sync>>(response.bytes().await?)
                };
                let body = match timeout {
                    Some(limit) => tokio::time::timeout(*limit, attempt).await??,
                    None => attempt.await?,
                };
                Ok(serde_json::from_slice(&body)?)
            }
        }
    }
}

/// A hook that does nothing: what remains is the cost of having one.
struct NoOp;

impl arize_client::runtime::Hook for NoOp {}

/// One measured round: requests per second, and CPU time per request.
#[derive(Clone, Copy)]
struct Sample {
    rate: f64,
    cpu_micros: f64,
}

/// `requests` calls spread over [`TASKS`] concurrent loops.
async fn round(subject: &Arc<Subject>, requests: usize) -> Result<Sample, Box<dyn Error>> {
    let issued = Arc::new(AtomicUsize::new(0));
    let (started, cpu_before) = (Instant::now(), process_cpu());
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (subject, issued) = (Arc::clone(subject), Arc::clone(&issued));
            tokio::spawn(async move {
                while issued.fetch_add(1, Ordering::Relaxed) < requests {
                    black_box(subject.call().await?);
                }
                Ok::<(), Box<dyn Error + Send + Sync>>(())
            })
        })
        .collect();
    for task in tasks {
        task.await?.map_err(|e| format!("a request failed: {e}"))?;
    }
    let cpu = process_cpu().saturating_sub(cpu_before);
    Ok(Sample { rate: requests as f64 / started.elapsed().as_secs_f64(), cpu_micros: cpu.as_secs_f64() * 1e6 / requests as f64 })
}

/// User + system time of the whole process (client, server and runtime threads) from
/// `/proc/self/stat`, in clock ticks of 1/100 s; zero off Linux. The server's share is the
/// same for every subject, so differences are the clients'.
fn process_cpu() -> Duration {
    const TICKS_PER_SECOND: u64 = 100;
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<u64> = stat.rsplit_once(')').map_or(Vec::new(), |(_, rest)| {
        rest.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect()
    });
    // `utime` and `stime` are fields 14 and 15; the slice starts at field 3.
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND)
}

async fn compare(addr: SocketAddr, settings: &Settings) -> Result<(), Box<dyn Error>> {
    let base_url = format!("http://{addr}");
    let generated = arize_client::Client::builder().base_url(&base_url).bearer_auth(TOKEN).build()?;
    let hooked = arize_client::Client::builder().base_url(&base_url).bearer_auth(TOKEN).hook(NoOp).build()?;
    let url = format!("{base_url}/v2/ai-integrations/abc");
    let http = reqwest::Client::new();
    let hand_written = |timeout| Subject::HandWritten { http: http.clone(), url: url.clone(), timeout };
    let subjects = [
        ("generated", Arc::new(Subject::Generated(generated.clone()))),
        ("hand-written", Arc::new(hand_written(None))),
        ("hand-written + timeout", Arc::new(hand_written(Some(Duration::from_secs(60))))),
        ("generated, .send()", Arc::new(Subject::GeneratedSend(generated.clone()))),
        ("generated + no-op hook", Arc::new(Subject::GeneratedHooked(hooked))),
    ];

    // All must see the same thing, or the comparison means nothing.
    let expected = subjects[1].1.call().await.map_err(|e| format!("the hand-written call failed: {e}"))?;
    for (name, subject) in &subjects {
        let got = subject.call().await.map_err(|e| format!("the {name} call failed: {e}"))?;
        if got != expected {
            return Err(format!("the {name} call decoded something else: {got:?}").into());
        }
    }
    let chosen: Vec<_> = subjects.iter().filter(|(name, _)| settings.only.as_deref().is_none_or(|o| o == *name)).collect();
    if chosen.is_empty() {
        return Err(format!("--only: no subject is called that; they are {:?}", subjects.map(|(name, _)| name)).into());
    }

    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let Settings { requests, warmup, rounds, .. } = *settings;
    println!(
        "client overhead: GET /v2/ai-integrations/abc on {addr}, {TASKS} tasks, multi-thread runtime ({workers} workers), \
         {requests} requests per round, {rounds} rounds each (the subjects take turns, each round led by the next), after {warmup} warm-up requests each\n"
    );
    for (_, subject) in &chosen {
        round(subject, warmup).await?;
    }
    let names: Vec<&str> = chosen.iter().map(|(name, _)| *name).collect();
    println!("| round | {} (req/s) |\n| ---: |{}", names.join(" (req/s) | "), " ---: |".repeat(names.len()));
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); chosen.len()];
    for n in 1..=rounds {
        // Each round starts with a different subject, so none always runs first.
        for offset in 0..chosen.len() {
            let index = (n + offset) % chosen.len();
            samples[index].push(round(&chosen[index].1, requests).await?);
        }
        let row: Vec<String> = samples.iter().map(|r| format!("{:.0}", r[n - 1].rate)).collect();
        println!("| {n} | {} |", row.join(" | "));
    }
    let medians: Vec<f64> = samples.iter().map(|s| median(s.iter().map(|s| s.rate).collect())).collect();
    let cpu: Vec<f64> = samples.iter().map(|s| median(s.iter().map(|s| s.cpu_micros).collect())).collect();
    let row: Vec<String> = medians.iter().map(|m| format!("**{m:.0}**")).collect();
    println!("| median | {} |", row.join(" | "));
    let row: Vec<String> = cpu.iter().map(|c| format!("{c:.1} µs")).collect();
    println!("| CPU per request (median; whole process, server included) | {} |", row.join(" | "));
    if let [generated, baseline, rest @ ..] = medians.as_slice() {
        let ratio = generated / baseline;
        println!(
            "\nratio generated / hand-written: {ratio:.3} (target ≥ 0.9: {}); wall time per request at {TASKS} in flight: \
             {:.1} µs vs {:.1} µs ({:+.1} µs)",
            if ratio >= 0.9 { "met" } else { "NOT met" },
            1e6 / generated,
            1e6 / baseline,
            1e6 / generated - 1e6 / baseline,
        );
        for (name, rate) in names.iter().skip(2).zip(rest) {
            println!("  {name}: {:.3} of hand-written ({:+.1} µs per request)", rate / baseline, 1e6 / rate - 1e6 / baseline);
        }
    }
    Ok(())
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    let mid = samples.len() / 2;
    if samples.len().is_multiple_of(2) { (samples[mid - 1] + samples[mid]) / 2.0 } else { samples[mid] }
}
