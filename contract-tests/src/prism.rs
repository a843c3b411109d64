//! Installing and running Prism (`@stoplight/prism-cli`), the mock server the contract tests
//! use as the independent judge of the wire.
//!
//! Prism is installed once with npm into `.tools/prism/` at the repository root (ignored by
//! git); later runs, and test processes running in parallel, reuse it. A file lock keeps two
//! processes from installing at the same time.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The Prism release the tests run: 5.14.2 is the newest 5.x that runs on Node.js 18 and 20
/// (5.15 and later need Node.js 24).
pub const PRISM_VERSION: &str = "5.14.2";

/// The oldest Node.js that Prism [`PRISM_VERSION`] supports (its `engines` field).
pub const MIN_NODE: (u32, u32, u32) = (18, 20, 1);

/// Set to a `prism` executable to use it instead of the one installed under `.tools/prism`.
pub const PRISM_ENV: &str = "CONTRACT_TESTS_PRISM";

const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// What to install when Node.js or npm is missing; every failure message ends with it.
fn what_to_install() -> String {
    format!(
        "The contract tests need Node.js >= {}.{}.{} with npm, which they use once to install \
         Prism {PRISM_VERSION} into .tools/prism (e.g. `apt-get install nodejs npm`, or from \
         https://nodejs.org/), and access to the npm registry for that first install. \
         Alternatively set {PRISM_ENV} to a Prism 5.x executable.",
        MIN_NODE.0, MIN_NODE.1, MIN_NODE.2
    )
}

/// The repository root (the workspace this crate belongs to).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("contract-tests lives in the workspace").to_owned()
}

/// A spec of this repository's `specs/` folder.
pub fn spec(name: &str) -> PathBuf {
    repo_root().join("specs").join(name)
}

/// The `prism` executable, installing it first if needed. Panics, saying what to install,
/// when that is impossible.
pub fn prism_executable() -> PathBuf {
    if let Some(path) = std::env::var_os(PRISM_ENV) {
        let path = PathBuf::from(path);
        let version = command_output(Command::new(&path).arg("--version"))
            .unwrap_or_else(|e| panic!("{PRISM_ENV}={} cannot be run: {e}\n{}", path.display(), what_to_install()));
        assert!(
            version.trim().starts_with("5."),
            "{PRISM_ENV}={} is Prism {}, not 5.x\n{}",
            path.display(),
            version.trim(),
            what_to_install()
        );
        return path;
    }
    check_node();
    let dir = repo_root().join(".tools/prism");
    let executable = dir.join("node_modules/.bin/prism");
    if installed_version(&dir).as_deref() == Some(PRISM_VERSION) && executable.exists() {
        return executable;
    }
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let lock_path = dir.parent().expect(".tools").join("prism.lock");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap_or_else(|e| panic!("cannot open the install lock {}: {e}", lock_path.display()));
    lock.lock().unwrap_or_else(|e| panic!("cannot lock {}: {e}", lock_path.display()));
    // Another process may have installed it while this one waited for the lock.
    if installed_version(&dir).as_deref() != Some(PRISM_VERSION) || !executable.exists() {
        install(&dir);
    }
    drop(lock);
    match installed_version(&dir) {
        Some(version) if version == PRISM_VERSION && executable.exists() => executable,
        other => panic!(
            "npm finished, but {} holds Prism {other:?} instead of {PRISM_VERSION}; delete the folder and run again\n{}",
            dir.display(),
            what_to_install()
        ),
    }
}

fn installed_version(dir: &Path) -> Option<String> {
    let text = fs::read_to_string(dir.join("node_modules/@stoplight/prism-cli/package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_owned)
}

fn check_node() {
    let version = command_output(Command::new("node").arg("--version"))
        .unwrap_or_else(|e| panic!("Node.js is missing (`node --version`: {e}).\n{}", what_to_install()));
    let numbers: Vec<u32> =
        version.trim().trim_start_matches('v').split('.').map(|n| n.parse().unwrap_or(0)).collect();
    let found = (
        numbers.first().copied().unwrap_or(0),
        numbers.get(1).copied().unwrap_or(0),
        numbers.get(2).copied().unwrap_or(0),
    );
    assert!(found >= MIN_NODE, "Node.js {} is too old for Prism {PRISM_VERSION}.\n{}", version.trim(), what_to_install());
}

fn install(dir: &Path) {
    if let Err(e) = command_output(Command::new("npm").arg("--version")) {
        panic!("npm is missing (`npm --version`: {e}).\n{}", what_to_install());
    }
    eprintln!("contract-tests: installing Prism {PRISM_VERSION} into {} (once)", dir.display());
    let log_path = dir.join("npm-install.log");
    let log = File::create(&log_path).unwrap_or_else(|e| panic!("cannot create {}: {e}", log_path.display()));
    let mut child = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(dir)
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .args(["--no-audit", "--no-fund", "--no-update-notifier"])
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone the log handle"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run npm: {e}\n{}", what_to_install()));
    let status = wait_with_timeout(&mut child, INSTALL_TIMEOUT);
    let output = fs::read_to_string(&log_path).unwrap_or_default();
    match status {
        Some(status) if status.success() => {}
        Some(status) => panic!(
            "`npm install @stoplight/prism-cli@{PRISM_VERSION}` failed ({status}):\n{output}\n{}",
            what_to_install()
        ),
        None => panic!(
            "`npm install @stoplight/prism-cli@{PRISM_VERSION}` did not finish in {INSTALL_TIMEOUT:?}:\n{output}\n{}",
            what_to_install()
        ),
    }
}

fn command_output(command: &mut Command) -> Result<String, String> {
    let output = command.stdin(Stdio::null()).output().map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!("{}: {}", output.status, String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// Waits for `child` at most `timeout`, killing it when time runs out.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// How Prism makes up its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// From the spec's examples, or from the schema with fixed values.
    Static,
    /// `-d`: random data that conforms to the response schema, new on every call.
    Dynamic,
}

/// A running `prism mock` on 127.0.0.1; killed when dropped, and (on Linux) when the test
/// process dies without dropping it.
#[derive(Debug)]
pub struct Prism {
    child: Child,
    base_url: String,
    log: PathBuf,
}

impl Prism {
    /// Starts `prism mock` for `spec` on a free port and waits until it listens. Panics with
    /// Prism's output when it does not come up.
    pub fn start(spec: &Path, mode: Mode) -> Prism {
        let executable = prism_executable();
        assert!(spec.exists(), "the spec {} does not exist", spec.display());
        let mut last_error = String::new();
        // A free port can be taken by someone else before Prism binds it: try a few.
        for _ in 0..3 {
            match Self::try_start(&executable, spec, mode) {
                Ok(prism) => return prism,
                Err(e) if e.contains("EADDRINUSE") => last_error = e,
                Err(e) => panic!("{e}"),
            }
        }
        panic!("{last_error}")
    }

    fn try_start(executable: &Path, spec: &Path, mode: Mode) -> Result<Prism, String> {
        let port = free_port();
        let log = log_dir().join(format!(
            "prism-{}-{}-{port}.log",
            spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        let log_file = File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let mut command = Command::new(executable);
        command.arg("mock");
        if mode == Mode::Dynamic {
            command.arg("-d");
        }
        command
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file);
        // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
        unsafe {
            command.pre_exec(|| {
                // Prism goes away with the test process even if `Drop` never runs (a test
                // binary killed on timeout).
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = command.spawn().map_err(|e| format!("cannot start {}: {e}\n{}", executable.display(), what_to_install()))?;
        let mut prism = Prism { child, base_url: format!("http://127.0.0.1:{port}"), log };
        let started = Instant::now();
        let ready = format!("listening on http://127.0.0.1:{port}");
        loop {
            if let Ok(Some(status)) = prism.child.try_wait() {
                return Err(format!(
                    "prism mock {} exited ({status}) before listening; its output:\n{}",
                    spec.display(),
                    prism.output()
                ));
            }
            if prism.output().contains(&ready) && TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], port))).is_ok() {
                return Ok(prism);
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "prism mock {} did not listen within {START_TIMEOUT:?}; its output:\n{}",
                    spec.display(),
                    prism.output()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Everything Prism printed so far (its request log), cut to the last 64 KiB.
    pub fn output(&self) -> String {
        let Ok(mut file) = File::open(&self.log) else { return String::new() };
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = file.seek(SeekFrom::Start(len.saturating_sub(64 * 1024)));
        let mut text = String::new();
        let _ = file.read_to_string(&mut text);
        text
    }

    /// Where Prism's output goes.
    pub fn log_path(&self) -> &Path {
        &self.log
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The log is kept when a test fails, for the requests Prism saw and what it said.
        if !std::thread::panicking() {
            let _ = fs::remove_file(&self.log);
        }
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port on 127.0.0.1");
    listener.local_addr().expect("local address").port()
}

/// `target/<profile>/prism-logs/`, next to the test binaries.
fn log_dir() -> PathBuf {
    let dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(|p| p.join("prism-logs")))
        .unwrap_or_else(|| std::env::temp_dir().join("contract-tests-prism-logs"));
    let _ = fs::create_dir_all(&dir);
    dir
}
