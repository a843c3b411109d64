//! A bounded, seeded mutation test: the fixture specs, changed a node at a time in every way
//! a careless edit or a hostile user might, must never make the generator panic; every
//! refusal must name a place that exists in the mutated document (or a line and column);
//! nothing may be written when generation fails; and a sample of what is accepted must
//! compile. A failure prints the seed and mutation that reproduce it:
//! `MUTATION_SEED=<seed> cargo test -p xtask --test mutations`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::pointer::Pointer;
use serde_json::{Value, json};

/// Mutated documents per fixture; with ~45 fixtures, a few thousand cases in all.
const CASES_PER_FIXTURE: usize = 60;
/// Every this many refusals, the command line is run too, to see that it writes nothing.
const CLI_CHECK_EVERY: usize = 40;
/// How many accepted mutants are compiled.
const COMPILED_SAMPLE: usize = 6;

/// SplitMix64: small, seedable and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures");
    let mut specs: Vec<PathBuf> = ["", "bad"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("fixtures").flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs
}

/// Every place in a document, as tokens from the root.
fn places(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                places(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(i.to_string());
                places(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(root: &'a mut Value, tokens: &[String]) -> Option<&'a mut Value> {
    tokens.iter().try_fold(root, |node, token| match node {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

fn pointer_of(tokens: &[String]) -> String {
    tokens.iter().fold(Pointer::root(), |p, t| p.push(t)).to_string()
}

/// Changes one node of `document`; says what it did.
fn mutate(document: &mut Value, rng: &mut Rng) -> String {
    let mut all = Vec::new();
    places(document, &mut Vec::new(), &mut all);
    let others: Vec<String> = all.iter().map(|t| pointer_of(t)).collect();
    let target = rng.pick(&all).clone();
    let at = pointer_of(&target);
    let Some(node) = node_mut(document, &target) else { return "nothing".to_owned() };
    let scalars = [json!(null), json!(true), json!(0), json!(-1), json!(1.5), json!(18446744073709551615u64), json!(""), json!("x"),
        json!("string"), json!("object"), json!("#/components/schemas/Missing"), json!("{id}"), json!([]), json!({})];
    match rng.below(9) {
        0 => {
            *node = rng.pick(&scalars).clone();
            format!("replaced {at} by a scalar")
        }
        1 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
                map.remove(&key);
                format!("removed {key} from {at}")
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(rng.below(items.len()));
                format!("removed an item of {at}")
            }
            _ => "nothing".to_owned(),
        },
        2 => {
            let reference = rng.pick(&others).clone();
            *node = json!({"$ref": reference});
            format!("replaced {at} by a $ref to {reference}")
        }
        3 => {
            if let Value::Object(map) = node {
                let key = rng.pick(&["type", "$ref", "nullable", "required", "items", "allOf", "oneOf", "enum", "const",
                    "properties", "discriminator", "in", "name", "schema", "content", "prefixItems", "additionalProperties"]);
                map.insert((*key).to_owned(), rng.pick(&scalars).clone());
                return format!("set {key} in {at}");
            }
            "nothing".to_owned()
        }
        4 => {
            let copy = node.clone();
            *node = json!([copy]);
            format!("wrapped {at} in a list")
        }
        5 => {
            if let Value::Object(map) = node {
                let key = map.keys().nth(rng.below(map.len().max(1))).cloned();
                if let Some(key) = key {
                    let value = map.remove(&key).unwrap_or_default();
                    map.insert(format!("{key}~/ {{x}}"), value);
                    return format!("renamed {key} in {at}");
                }
            }
            "nothing".to_owned()
        }
        6 => {
            let copy = node.clone();
            *node = json!({"allOf": [copy.clone(), copy]});
            format!("doubled {at} into an allOf")
        }
        7 => {
            let reference = at.clone();
            *node = json!({"$ref": reference});
            format!("made {at} refer to itself")
        }
        _ => {
            *node = json!({"type": ["string", "null", "integer"], "const": 3, "anyOf": [{"type": "null"}]});
            format!("replaced {at} by mixed 3.1 keywords")
        }
    }
}

/// What went wrong with one case, if anything.
fn check(text: &str, mutated: &Value, crate_name: String) -> Result<Option<codegen::CrateFiles>, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let document = codegen::load::parse(text)?;
        let options = codegen::CrateOptions {
            crate_name,
            crate_version: "0.1.0".to_owned(),
            source: "mutant.json".to_owned(),
            command: "cargo test -p xtask --test mutations".to_owned(),
        };
        codegen::generate_from(&document, &options)
    }));
    match outcome {
        Err(_) => Err("the generator panicked".to_owned()),
        Ok(Ok(files)) => Ok(Some(files)),
        Ok(Err(error)) => {
            let location = &error.location;
            let resolves = match Pointer::parse_reference(location) {
                Some(pointer) if location.starts_with('#') => pointer.resolve(mutated).is_some(),
                _ => location.starts_with("line "),
            };
            if resolves { Ok(None) } else { Err(format!("the error names a place that does not exist: {error}")) }
        }
    }
}

#[test]
fn mutated_specs_are_generated_or_refused_with_a_place_that_exists() {
    let base_seed: u64 = std::env::var("MUTATION_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261201);
    let scratch = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/mutations");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let (mut failures, mut refused, mut accepted) = (Vec::new(), 0usize, Vec::new());
    for (index, fixture) in fixtures().iter().enumerate() {
        let text = std::fs::read_to_string(fixture).unwrap();
        let Ok(original) = serde_yaml::from_str::<Value>(&text) else { continue };
        for case in 0..CASES_PER_FIXTURE {
            let seed = base_seed ^ ((index as u64) << 32) ^ case as u64;
            let mut rng = Rng(seed);
            let mut mutated = original.clone();
            let what = (0..1 + rng.below(3)).map(|_| mutate(&mut mutated, &mut rng)).collect::<Vec<_>>().join("; ");
            let text = mutated.to_string();
            if std::env::var_os("MUTATION_TRACE").is_some() {
                eprintln!("{} seed {seed} ({what})", fixture.display());
            }
            match check(&text, &mutated, format!("mutant-{index}-{case}")) {
                Err(problem) => failures.push(format!("{} seed {seed} ({what}): {problem}", fixture.display())),
                Ok(Some(files)) => {
                    if accepted.len() < COMPILED_SAMPLE && rng.below(8) == 0 {
                        accepted.push((format!("mutant-{index}-{case}"), files));
                    }
                }
                Ok(None) => {
                    refused += 1;
                    if refused % CLI_CHECK_EVERY == 0
                        && let Some(problem) = writes_nothing(&scratch, &text, seed)
                    {
                        failures.push(format!("{} seed {seed} ({what}): {problem}", fixture.display()));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failing case(s):\n{}", failures.len(), failures.join("\n"));
    assert!(refused > 0 && !accepted.is_empty(), "the mutations must both break and keep documents");
    compiles(&accepted);
}

/// Runs `cargo xtask generate` on a refused document: exit code 1, and no output directory.
fn writes_nothing(scratch: &Path, text: &str, seed: u64) -> Option<String> {
    let spec = scratch.join(format!("refused-{seed}.json"));
    std::fs::write(&spec, text).unwrap();
    let out = scratch.join(format!("refused-{seed}-client"));
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("xtask runs")
        .status;
    match (status.code(), out.exists()) {
        (Some(1), false) => None,
        (code, exists) => Some(format!("`generate` exited with {code:?} and {} the output", if exists { "wrote" } else { "did not write" })),
    }
}

fn compiles(crates: &[(String, codegen::CrateFiles)]) {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let scratch = target.join("mutant-crates");
    codegen::write::scratch_workspace(&scratch, crates).unwrap();
    if !scratch.join("Cargo.lock").exists() {
        std::fs::copy(target.join("../Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    }
    let output = Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--quiet", "--message-format=short"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", target.join("fixture-check"))
        .output()
        .expect("cargo runs");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "accepted mutants do not compile:\n{report}");
}
