//! The API change report: one edit of `fixtures/api_report/base.yaml` per kind of change,
//! each with the report a regeneration over the base's crate prints (a snapshot), and the
//! versions and changelog `crate.bump` makes of them.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::write::Foreign;
use codegen::{CrateFiles, CrateOptions, Settings};
use serde_json::{Value, json};

/// One change to the spec: a JSON pointer and what to put there (`None` removes it).
type Edit = (&'static str, Option<Value>);

fn base_spec() -> Value {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api_report/base.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn edited(edits: &[Edit]) -> Value {
    let mut spec = base_spec();
    for (pointer, value) in edits {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let key = key.replace("~1", "/").replace("~0", "~");
        let parent = spec.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent} in the base spec"));
        match (parent, value) {
            (Value::Object(map), Some(value)) => {
                map.insert(key, value.clone());
            }
            (Value::Object(map), None) => {
                map.remove(&key).unwrap_or_else(|| panic!("no {pointer} in the base spec"));
            }
            (Value::Array(items), Some(value)) if key == "-" => items.push(value.clone()),
            (Value::Array(items), None) => {
                items.remove(key.parse::<usize>().unwrap());
            }
            _ => panic!("cannot edit {pointer}"),
        }
    }
    spec
}

fn scratch(case: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("api_report").join(case);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn options() -> CrateOptions {
    CrateOptions {
        crate_name: "pets-client".to_owned(),
        crate_version: "0.1.0".to_owned(),
        source: "base.yaml".to_owned(),
        command: "cargo test -p codegen".to_owned(),
    }
}

/// Generates `spec` over the crate in `crate_dir` and writes it there.
fn generate(spec: &Value, dir: &Path, name: &str, settings: &Settings) -> CrateFiles {
    let path = dir.join(name);
    fs::write(&path, serde_json::to_string_pretty(spec).unwrap()).unwrap();
    let crate_dir = dir.join("crate");
    let files = codegen::generate_over(&path, settings, &options(), Some(&crate_dir)).unwrap();
    codegen::write::replace_crates(&[(crate_dir, &files)], &[], Foreign::TakeOver).unwrap();
    files
}

/// The report of regenerating the base's crate from the base with `edits`.
fn report(case: &str, edits: &[Edit]) -> String {
    let dir = scratch(case);
    generate(&base_spec(), &dir, "old.json", &Settings::default());
    let files = generate(&edited(edits), &dir, "new.json", &Settings::default());
    files.changes.expect("a crate was there before").to_string()
}

fn string() -> Value {
    json!({"type": "string"})
}

/// One edit per kind of change the report knows.
fn cases() -> Vec<(&'static str, Vec<Edit>)> {
    let problem = json!({"description": "Too many requests.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    vec![
        ("no_change", vec![("/info/description", Some(json!("Only the docs change.")))]),
        (
            "operation_added",
            vec![(
                "/paths/~1pets~1{pet_id}/delete",
                Some(json!({"operationId": "delete_pet", "parameters": [{"name": "pet_id", "in": "path", "required": true, "schema": string()}], "responses": {"204": {"description": "Gone."}}})),
            )],
        ),
        ("operation_removed", vec![("/paths/~1pets~1{pet_id}/get", None)]),
        (
            "required_parameter_added",
            vec![("/paths/~1pets~1{pet_id}/get/parameters/-", Some(json!({"name": "store", "in": "query", "required": true, "schema": string()})))],
        ),
        (
            "optional_parameter_added",
            vec![("/paths/~1pets~1{pet_id}/get/parameters/-", Some(json!({"name": "expand", "in": "query", "schema": {"type": "boolean"}})))],
        ),
        (
            "first_optional_parameter_added",
            vec![("/paths/~1pets/post/parameters", Some(json!([{"name": "dry_run", "in": "query", "schema": {"type": "boolean"}}])))],
        ),
        ("optional_parameter_removed", vec![("/paths/~1pets~1{pet_id}/get/parameters/1", None)]),
        ("parameter_retyped", vec![("/paths/~1pets/get/parameters/1/schema/format", Some(json!("int64")))]),
        ("parameter_made_required", vec![("/paths/~1pets~1{pet_id}/get/parameters/1/required", Some(json!(true)))]),
        (
            "body_retyped",
            vec![("/paths/~1pets/post/requestBody/content/application~1json/schema", Some(json!({"$ref": "#/components/schemas/Pet"})))],
        ),
        (
            "success_retyped",
            vec![("/paths/~1pets~1{pet_id}/get/responses/200/content/application~1json/schema", Some(json!({"$ref": "#/components/schemas/NewPet"})))],
        ),
        ("type_added", vec![("/components/schemas/Toy", Some(json!({"type": "object", "properties": {"name": string()}})))]),
        ("type_removed", vec![("/components/schemas/Problem", None), ("/paths/~1pets/post/responses/409", None), ("/paths/~1pets~1{pet_id}/get/responses/404", None)]),
        ("required_field_added_to_sent_type", vec![("/components/schemas/NewPet/properties/age", Some(json!({"type": "integer"}))), ("/components/schemas/NewPet/required/-", Some(json!("age")))]),
        ("optional_field_added", vec![("/components/schemas/Pet/properties/age", Some(json!({"type": "integer"})))]),
        ("field_removed", vec![("/components/schemas/Pet/properties/tag", None)]),
        ("field_retyped", vec![("/components/schemas/Pet/properties/tag", Some(json!({"type": "array", "items": string()})))]),
        ("field_made_required", vec![("/components/schemas/Pet/required/-", Some(json!("tag")))]),
        ("enum_value_added", vec![("/components/schemas/Kind/enum/-", Some(json!("bird")))]),
        ("enum_value_removed", vec![("/components/schemas/Kind/enum/1", None)]),
        (
            "union_member_added",
            vec![
                ("/components/schemas/Owner/oneOf/-", Some(json!({"$ref": "#/components/schemas/Farm"}))),
                (
                    "/components/schemas/Farm",
                    Some(json!({"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["farm"]}}})),
                ),
            ],
        ),
        ("union_member_removed", vec![("/components/schemas/Owner/oneOf/1", None)]),
        ("error_added", vec![("/paths/~1pets~1{pet_id}/get/responses/429", Some(problem))]),
        ("error_removed", vec![("/paths/~1pets~1{pet_id}/get/responses/404", None)]),
        (
            "webhook_added",
            vec![("/webhooks", Some(json!({"petBorn": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}, "responses": {"200": {"description": "Seen."}}}}})))],
        ),
        ("security_scheme_added", vec![("/components/securitySchemes", Some(json!({"apiKey": {"type": "apiKey", "in": "header", "name": "X-Key"}})))]),
        ("server_added", vec![("/servers", Some(json!([{"url": "https://pets.example.com/v1"}])))]),
        ("pagination_removed", vec![("/paths/~1pets/get/parameters/0", None)]),
        (
            "stream_added",
            vec![(
                "/paths/~1pets~1{pet_id}/get/responses/200/content/text~1event-stream",
                Some(json!({"schema": {"$ref": "#/components/schemas/Pet"}})),
            )],
        ),
    ]
}

#[test]
fn one_report_per_kind_of_change() {
    for (case, edits) in cases() {
        insta::assert_snapshot!(format!("api_report_{case}"), report(case, &edits));
    }
}

#[test]
fn a_missing_or_corrupt_summary_is_reported_not_an_error() {
    let cases = [("missing_summary", None), ("truncated_summary", Some("{\"format\": 1, \"methods\": [")), ("corrupt_summary", Some("{\"format\": 1, \"methods\": 3}"))];
    for (case, damage) in cases {
        let dir = scratch(case);
        generate(&base_spec(), &dir, "old.json", &Settings::default());
        let summary = dir.join("crate").join(codegen::changes::SUMMARY_FILE);
        match damage {
            Some(text) => fs::write(&summary, text).unwrap(),
            None => fs::remove_file(&summary).unwrap(),
        }
        let files = generate(&base_spec(), &dir, "new.json", &Settings::default());
        insta::assert_snapshot!(format!("api_report_{case}"), files.changes.unwrap().to_string());
        assert!(summary.exists(), "the regeneration writes the summary anew");
    }
}

#[test]
fn bump_raises_the_version_and_writes_the_changelog() {
    let dir = scratch("bump");
    let bump = Settings { crate_bump: true, ..Settings::default() };
    let version = |files: &CrateFiles| files.changes.as_ref().map(|c| c.version.clone()).unwrap();
    generate(&base_spec(), &dir, "v1.json", &bump);
    let unchanged = generate(&base_spec(), &dir, "v1.json", &bump);
    assert_eq!(version(&unchanged), "0.1.0");
    assert!(!unchanged.files.contains_key(Path::new("CHANGELOG.md")), "no change, no changelog");
    let additive = generate(&edited(&[("/components/schemas/Toy", Some(json!({"type": "string"})))]), &dir, "v2.json", &bump);
    assert_eq!(version(&additive), "0.1.1");
    let changelog = dir.join("crate/CHANGELOG.md");
    // The user's words above the generator's sections stay.
    let text = fs::read_to_string(&changelog).unwrap().replace("one section per version.", "one section per version.\n\nOur own words.");
    fs::write(&changelog, text).unwrap();
    let breaking = generate(&edited(&[("/components/schemas/Pet/properties/tag", None)]), &dir, "v3.json", &bump);
    assert_eq!(version(&breaking), "0.2.0");
    let manifest = fs::read_to_string(dir.join("crate/Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"0.2.0\""), "{manifest}");
    insta::assert_snapshot!("api_report_changelog", fs::read_to_string(&changelog).unwrap());
    // Without the setting, the changelog stays and the version is the settings' again.
    let plain = generate(&edited(&[("/components/schemas/Pet/properties/tag", None)]), &dir, "v3.json", &Settings::default());
    assert_eq!(version(&plain), "0.1.0");
    assert!(plain.files.contains_key(Path::new("CHANGELOG.md")));
}

#[test]
fn the_summary_describes_the_public_api() {
    let dir = scratch("summary");
    let files = generate(&base_spec(), &dir, "base.json", &Settings::default());
    insta::assert_snapshot!("api_report_summary", files.files[Path::new(codegen::changes::SUMMARY_FILE)]);
}
