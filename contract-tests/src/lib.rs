//! Contract tests of the generated clients against [Prism](https://github.com/stoplightio/prism),
//! a mock server that reads the same spec, independently of the generator.
//!
//! Prism judges both directions of the wire: it validates every request the clients send
//! against the spec (a violation comes back with an `sl-violations` header listing each
//! error), and in dynamic mode it answers with random data that conforms to the response
//! schemas, which the generated types must decode. The tests live in `tests/`; this library
//! holds the harness: [`prism`] installs and runs Prism, [`observe`](mod@observe) judges what came back,
//! [`spec`] lists what a spec declares.

pub mod drive;
pub mod observe;
pub mod prism;
pub mod spec;

pub use drive::{Args, Caller};
pub use observe::{Failures, Observed};
pub use prism::{Mode, Prism};
