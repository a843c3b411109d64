//! `cargo xtask generate --out DIR`: what it may replace, what it refuses even with `--force`,
//! what it names the crate, and that concurrent runs leave exactly one crate.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures").join(name).canonicalize().unwrap()
}

/// A fresh directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generate").join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn generate(cwd: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.arg("generate").args(args).current_dir(cwd);
    command.output().expect("xtask runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn put(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Every file under `dir` with its contents.
fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    codegen::write::files_under(dir).into_iter().map(|p| (p.clone(), fs::read_to_string(dir.join(&p)).unwrap())).collect()
}

fn spec() -> String {
    fixture("object_fields.yaml").display().to_string()
}

#[test]
fn a_directory_it_did_not_write_is_refused_and_untouched_unless_forced() {
    let dir = scratch("foreign");
    let out = dir.join("home-like");
    for (path, text) in [(".ssh/id_ed25519", "key"), (".git/config", "[core]"), ("src/main.rs", "fn main() {}")] {
        put(&out.join(path), text);
    }
    let before = tree(&out);
    let output = generate(&dir, &["--spec", &spec(), "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains(&out.display().to_string()) && message.contains("not a crate the generator wrote"), "{message}");
    assert!(message.contains("--force"), "{message}");
    assert_eq!(tree(&out), before, "nothing is deleted or written");

    let output = generate(&dir, &["--spec", &spec(), "--out", out.to_str().unwrap(), "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let after = tree(&out);
    assert!(before.iter().all(|(path, text)| after.get(path) == Some(text)), "--force keeps every file not in the way");
    assert!(after.contains_key(Path::new("src/lib.rs")) && after.contains_key(Path::new("Cargo.toml")));
}

#[test]
fn a_regular_file_is_refused_unless_forced() {
    let dir = scratch("file");
    let out = dir.join("client");
    put(&out, "a file");
    let output = generate(&dir, &["--spec", &spec(), "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is a file, not a directory"), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&out).unwrap(), "a file");
    let output = generate(&dir, &["--spec", &spec(), "--out", out.to_str().unwrap(), "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(out.join("Cargo.toml").exists());
}

#[test]
fn places_whose_loss_would_take_more_than_a_crate_are_refused_even_with_force() {
    let dir = scratch("always-refused");
    let sub = dir.join("sub");
    let home = dir.join("home");
    let spec_dir = dir.join("specs");
    fs::create_dir_all(&sub).unwrap();
    put(&home.join("keep"), "keep");
    put(&spec_dir.join("api.yaml"), &fs::read_to_string(fixture("object_fields.yaml")).unwrap());
    std::os::unix::fs::symlink(&home, dir.join("link-to-home")).unwrap();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let spec_in_dir = spec_dir.join("api.yaml").display().to_string();
    // Outside the workspace, so that the workspace is not also above the current directory.
    let elsewhere = std::env::temp_dir().canonicalize().unwrap();
    let cases: [(&Path, String, &str, &str); 8] = [
        (&sub, ".".into(), "current directory", &spec()),
        (&sub, "..".into(), "current directory", &spec()),
        (&sub, "/".into(), "current directory", &spec()),
        (&sub, "../sub/../sub".into(), "current directory", &spec()),
        (&dir, home.display().to_string(), "home directory", &spec()),
        (&dir, dir.join("link-to-home").display().to_string(), "home directory", &spec()),
        (&dir, spec_dir.display().to_string(), "directory of the spec", &spec_in_dir),
        (&elsewhere, workspace.display().to_string(), "holds this workspace", &spec()),
    ];
    for (cwd, out, why, spec) in cases {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command.args(["generate", "--spec", spec, "--out", &out, "--force"]).current_dir(cwd).env("HOME", &home);
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1), "--out {out}");
        let message = stderr(&output);
        assert!(message.contains("refusing to write a crate at") && message.contains(why), "--out {out}: {message}");
    }
    assert_eq!(fs::read_to_string(home.join("keep")).unwrap(), "keep");
    assert!(spec_dir.join("api.yaml").exists() && !spec_dir.join("Cargo.toml").exists());
    assert!(!sub.join("Cargo.toml").exists() && !dir.join("Cargo.toml").exists());
}

#[test]
fn a_crate_it_generated_is_replaced_and_the_users_files_kept() {
    let dir = scratch("regenerate");
    let out = dir.join("client");
    let problem_json = fixture("problem_json.yaml").display().to_string();
    let first = generate(&dir, &["--spec", &problem_json, "--out", "client", "--name", "client"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(out.join("src/servers.rs").exists());
    put(&out.join("tests/mine.rs"), "mine");
    put(&out.join("src/extra.rs"), "extra");
    let second = generate(&dir, &["--spec", &spec(), "--out", "./client/../client", "--name", "client"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(!out.join("src/servers.rs").exists(), "a file the new spec does not produce is removed");
    assert_eq!(fs::read_to_string(out.join("tests/mine.rs")).unwrap(), "mine");
    assert_eq!(fs::read_to_string(out.join("src/extra.rs")).unwrap(), "extra");
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(stdout.contains("kept what the generator did not write") && stdout.contains("tests"), "{stdout}");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "nothing staged is left beside the crate");
}

#[test]
fn concurrent_runs_into_one_directory_leave_exactly_one_of_the_crates() {
    let dir = scratch("concurrent");
    let specs = [fixture("object_fields.yaml"), fixture("problem_json.yaml")];
    let mut expected = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let reference = dir.join(format!("reference-{i}"));
        let output = generate(&dir, &["--spec", spec.to_str().unwrap(), "--out", reference.to_str().unwrap(), "--name", "client"]);
        assert!(output.status.success(), "{}", stderr(&output));
        expected.push(tree(&reference));
    }
    assert_ne!(expected[0].keys().collect::<Vec<_>>(), expected[1].keys().collect::<Vec<_>>());
    let out = dir.join("shared");
    let runs: Vec<_> = (0..20)
        .map(|i| {
            let spec = specs[i % 2].to_str().unwrap();
            Command::new(env!("CARGO_BIN_EXE_xtask"))
                .args(["generate", "--spec", spec, "--out", out.to_str().unwrap(), "--name", "client"])
                .current_dir(&dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let result = tree(&out);
    assert!(result == expected[0] || result == expected[1], "a mix of both specs: {:?}", result.keys().collect::<Vec<_>>());
}

#[test]
fn crate_names_from_file_names_are_valid_or_refused() {
    let dir = scratch("names");
    let text = fs::read_to_string(fixture("object_fields.yaml")).unwrap();
    for (file, name) in [("2fa.yaml", "api-2fa-client"), ("my api.yaml", "my-api-client"), ("Café_API.v2.yaml", "caf-api-v2-client")] {
        put(&dir.join(file), &text);
        let out = dir.join(format!("out-{name}"));
        let output = generate(&dir, &["--spec", file, "--out", out.to_str().unwrap()]);
        assert!(output.status.success(), "{file}: {}", stderr(&output));
        let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.contains(&format!("name = \"{name}\"")), "{file}: {manifest}");
    }
    put(&dir.join("名前.yaml"), &text);
    let output = generate(&dir, &["--spec", "名前.yaml", "--out", "unnamed"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("名前") && stderr(&output).contains("pass --name"), "{}", stderr(&output));
    assert!(!dir.join("unnamed").exists());
    let output = generate(&dir, &["--spec", "名前.yaml", "--out", "named", "--name", "namae_client"]);
    assert!(output.status.success(), "{}", stderr(&output));

    for bad in ["", "1x", "a b", "名前", "test", "core", "std", "fn", "-x", "con", "x/y"] {
        let output = generate(&dir, &["--spec", "2fa.yaml", "--out", "bad-name", "--name", bad]);
        assert_eq!(output.status.code(), Some(1), "--name {bad:?}");
        assert!(stderr(&output).contains("is not a valid package name"), "--name {bad:?}: {}", stderr(&output));
        assert!(!dir.join("bad-name").exists());
    }
}

/// Cargo itself accepts every name the generator derives: the crates above load as members of
/// one workspace.
#[test]
fn cargo_accepts_the_derived_names() {
    let dir = scratch("names-cargo");
    let text = fs::read_to_string(fixture("object_fields.yaml")).unwrap();
    fs::write(dir.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n").unwrap();
    for file in ["2fa.yaml", "my api.yaml", "Café_API.v2.yaml"] {
        let spec = dir.join(file);
        put(&spec, &text);
        let out = dir.join("crates").join(file.replace(['.', ' '], "-"));
        let output = generate(&dir, &["--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert!(output.status.success(), "{file}: {}", stderr(&output));
    }
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn warnings_are_printed_and_deny_warnings_makes_them_an_error() {
    let dir = scratch("warnings");
    let spec = fixture("lenient_type_is_a_format.yaml").display().to_string();
    let out = dir.join("client");
    let output = generate(&dir, &["--spec", &spec, "--out", out.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("6 warning(s), and warnings are denied"), "{message}");
    assert!(message.contains("#/components/schemas/Event/properties/at/type: `type: date-time` names a format"), "{message}");
    assert!(!out.exists(), "nothing is written");

    let output = generate(&dir, &["--spec", &spec, "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert_eq!(message.matches("warning: ").count(), 6, "{message}");
    assert!(message.contains(&format!("warning: {spec}: #/components/schemas/Event/properties/id/type")), "{message}");

    let allowed = ["--allow-warning", "type-is-a-format", "--deny-warnings", "--force"];
    let output = generate(&dir, &[&["--spec", spec.as_str(), "--out", out.to_str().unwrap()][..], &allowed[..]].concat());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
}
