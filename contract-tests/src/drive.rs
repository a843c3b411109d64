//! The checks every client goes through, over every operation its spec declares.

use std::future::Future;
use std::pin::Pin;

use futures_util::StreamExt;

use crate::observe::{excerpt, range_variant, status_variant, Failures, Observed};
use crate::spec::SpecOperation;

/// Which arguments a call is made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Args {
    /// Only the required arguments; a body with only its required fields, an optional body left out.
    Required,
    /// Every optional argument and every optional body field set to a value.
    Every,
    /// Another full set where a spec has alternatives worth sending too: `null` for nullable
    /// fields, the other variant of a union.
    Alternative,
}

/// A boxed call in flight.
pub type Call<'a> = Pin<Box<dyn Future<Output = Option<Observed>> + 'a>>;

/// A request that no client can make valid, because the spec itself is at fault; Prism must
/// reject it with a violation of `code` (and nothing else is checked for it).
#[derive(Debug, Clone, Copy)]
pub struct SpecDefect {
    /// The violation code Prism reports, e.g. `oneOf`.
    pub code: &'static str,
    /// Why no valid request exists.
    pub reason: &'static str,
}

/// Calls operations of one generated client.
pub trait Caller {
    /// Calls `op` with `args`, adding `Prefer: <prefer>` when given; `None` when this caller
    /// does not know the operation (which fails the test: every operation must be covered).
    fn call<'a>(&'a self, op: &'a SpecOperation, args: Args, prefer: Option<&'a str>) -> Call<'a>;

    /// The argument sets `op` is called with in the request checks; `Required` and `Every`
    /// at least.
    fn arg_sets(&self, op: &SpecOperation) -> Vec<Args> {
        let _ = op;
        vec![Args::Required, Args::Every]
    }

    /// A known defect of the spec that makes the request for `op` with `args` invalid
    /// whatever the client does.
    fn spec_defect(&self, op: &SpecOperation, args: Args) -> Option<SpecDefect> {
        let _ = (op, args);
        None
    }
}

fn label(op: &SpecOperation) -> String {
    if op.id.is_empty() {
        format!("{} {}", op.method, op.path)
    } else {
        format!("{} ({} {})", op.id, op.method, op.path)
    }
}

/// How one call went.
enum Verdict {
    Pass,
    Fail(String),
    /// Not judged, and why (printed with the result).
    Note(String),
}

/// Judges one observed call with `check`, minding what Prism cannot answer and known spec
/// defects.
fn judge(
    caller: &impl Caller,
    op: &SpecOperation,
    args: Args,
    observed: &Observed,
    check: impl Fn(&Observed) -> Result<(), String>,
) -> Verdict {
    if let Some(defect) = caller.spec_defect(op, args) {
        return match observed.check_accepted() {
            Err(e) if e.contains(&format!("[{}]", defect.code)) => {
                Verdict::Note(format!("known spec defect, Prism rejects the request as expected: {}", defect.reason))
            }
            Err(e) => Verdict::Fail(format!("known spec defect ({}), but Prism's verdict is not the expected `{}` one: {e}", defect.reason, defect.code)),
            Ok(()) => Verdict::Fail(format!(
                "listed as a spec defect ({}), but Prism accepted the request: remove it from the list",
                defect.reason
            )),
        };
    }
    if let Some(reason) = observed.prism_cannot_answer() {
        return Verdict::Note(reason);
    }
    match check(observed) {
        Ok(()) => Verdict::Pass,
        Err(e) => Verdict::Fail(with_redirect_hint(op, observed, e)),
    }
}

/// A failure of an operation that declares a redirect, explained: the generated client lets
/// reqwest follow redirects, so what Prism judged was the second request, to `Location`.
fn with_redirect_hint(op: &SpecOperation, observed: &Observed, message: String) -> String {
    let redirects: Vec<String> = op.errors.iter().filter(|s| (300..400).contains(*s)).map(u16::to_string).collect();
    if redirects.is_empty() || observed.status.is_some_and(|s| (300..400).contains(&s)) {
        return message;
    }
    format!(
        "{message}\n    (the operation declares {}: the client followed the redirect to the made-up `Location` instead of returning the declared response, so the status and verdict above belong to that second request)",
        redirects.join(", ")
    )
}

fn record(failures: &mut Failures, what: &str, verdict: Verdict) {
    match verdict {
        Verdict::Pass => failures.check(what, Ok(())),
        Verdict::Fail(e) => failures.check(what, Err(e)),
        Verdict::Note(n) => failures.note(what, n),
    }
}

/// Requests: every operation with each of its argument sets; Prism must accept each request
/// and the answer must decode.
pub async fn check_requests(caller: &impl Caller, operations: &[SpecOperation], failures: &mut Failures) {
    for op in operations {
        for args in caller.arg_sets(op) {
            let what = format!("{} with {args:?} arguments", label(op));
            match caller.call(op, args, None).await {
                Some(observed) => {
                    let verdict = judge(caller, op, args, &observed, |o| expect_answer(op, o));
                    record(failures, &what, verdict);
                }
                None => failures.fail(&label(op), "the contract test does not call this operation"),
            }
        }
    }
}

/// What an un-forced call must give: a decoded success, or (for an operation that declares
/// no success response) a declared error.
fn expect_answer(op: &SpecOperation, observed: &Observed) -> Result<(), String> {
    if op.success.is_empty() && !op.errors.is_empty() {
        observed.check_accepted()?;
        match observed.status {
            Some(status) if op.errors.contains(&status) => observed.check_error_variant(status),
            _ => observed.check_success(),
        }
    } else {
        observed.check_success()
    }
}

/// Responses: `calls` calls of every operation (with every argument set) against a dynamic
/// Prism; every answer must decode. Failures are summarised per operation.
pub async fn check_dynamic_responses(
    caller: &impl Caller,
    operations: &[SpecOperation],
    calls: usize,
    failures: &mut Failures,
) {
    for op in operations {
        let outcomes: Vec<Option<Observed>> = futures_util::stream::iter(0..calls)
            .map(|_| caller.call(op, Args::Every, None))
            .buffer_unordered(4)
            .collect()
            .await;
        let what = format!("{}, {calls} dynamic answers", label(op));
        let mut failed: Vec<String> = Vec::new();
        let mut note = None;
        for outcome in &outcomes {
            match outcome {
                Some(observed) => match judge(caller, op, Args::Every, observed, |o| expect_answer(op, o)) {
                    Verdict::Pass => {}
                    Verdict::Fail(e) => failed.push(e),
                    Verdict::Note(n) => note = Some(n),
                },
                None => failed.push("the contract test does not call this operation".to_owned()),
            }
        }
        if !failed.is_empty() {
            let mut message = format!("{} of {calls} failed; the first:\n    {}", failed.len(), failed[0]);
            if let Some(other) = failed.iter().skip(1).find(|f| **f != failed[0]) {
                message.push_str(&format!("\n  another:\n    {}", excerpt(other)));
            }
            failures.fail(&what, message);
        } else if let Some(note) = note {
            failures.note(&what, note);
        } else {
            failures.check(&what, Ok(()));
        }
    }
}

/// Error statuses: each declared status of every operation, asked for with
/// `Prefer: code=NNN` (random body) and `Prefer: code=NNN, dynamic=false` (the spec's
/// example, or a body Prism builds from the schema); each must decode into its own variant.
/// A declared range (`4XX`) is asked for with its first code the operation does not declare
/// on its own (`400`).
pub async fn check_error_statuses(caller: &impl Caller, operations: &[SpecOperation], failures: &mut Failures) {
    for op in operations {
        let mut statuses: Vec<(u16, String)> = op.errors.iter().map(|&s| (s, status_variant(s))).collect();
        for &digit in &op.error_ranges {
            if let Some(status) = (digit * 100..digit * 100 + 100).find(|s| !op.errors.contains(s)) {
                statuses.push((status, range_variant(digit)));
            }
        }
        for (status, variant) in statuses {
            for prefer in [format!("code={status}"), format!("code={status}, dynamic=false")] {
                let what = format!("{} with Prefer: {prefer}", label(op));
                match caller.call(op, Args::Every, Some(&prefer)).await {
                    Some(observed) => {
                        let verdict = judge(caller, op, Args::Every, &observed, |o| o.check_error(status, &variant));
                        record(failures, &what, verdict);
                    }
                    None => failures.fail(&label(op), "the contract test does not call this operation"),
                }
            }
        }
    }
}

/// Static answers: every declared success status of every operation with
/// `Prefer: code=NNN, dynamic=false`: the spec's examples (or Prism's schema-built body)
/// must decode.
pub async fn check_static_responses(caller: &impl Caller, operations: &[SpecOperation], failures: &mut Failures) {
    for op in operations {
        for &status in &op.success {
            let prefer = format!("code={status}, dynamic=false");
            let what = format!("{} with Prefer: {prefer}", label(op));
            match caller.call(op, Args::Every, Some(&prefer)).await {
                Some(observed) => {
                    let verdict = judge(caller, op, Args::Every, &observed, |o| {
                        o.check_success()?;
                        if o.status == Some(status) {
                            Ok(())
                        } else {
                            Err(format!("asked for status {status}, got {:?}", o.status))
                        }
                    });
                    record(failures, &what, verdict);
                }
                None => failures.fail(&label(op), "the contract test does not call this operation"),
            }
        }
    }
}
