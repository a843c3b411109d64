//! Settings files end to end: what they change in the generated crate, and that every mistake
//! in them is one error naming the file and the place.

use std::path::{Path, PathBuf};

use codegen::load::{self, Edits};
use codegen::{CrateOptions, Settings, ir};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/settings").join(name)
}

fn options(settings: &Settings) -> CrateOptions {
    CrateOptions {
        crate_name: settings.crate_name.as_ref().map_or("shop", |n| n.value.as_str()).to_owned(),
        crate_version: settings.crate_version.as_ref().map_or("0.1.0", |v| v.value.as_str()).to_owned(),
        source: "shop.yaml".to_owned(),
        command: "cargo test -p codegen --test settings".to_owned(),
    }
}

fn generate(settings: &Settings) -> codegen::Result<codegen::CrateFiles> {
    codegen::generate_with(&fixture("shop.yaml"), settings, &options(settings))
}

fn file<'a>(files: &'a codegen::CrateFiles, path: &str) -> &'a str {
    files.files.iter().find(|(p, _)| p.as_path() == Path::new(path)).unwrap_or_else(|| panic!("no {path}")).1
}

#[test]
fn a_settings_file_names_the_crate_applies_its_overlay_and_selects() {
    let settings = Settings::read(&fixture("shop.toml")).unwrap();
    let files = generate(&settings).unwrap();
    let manifest = file(&files, "Cargo.toml");
    assert!(manifest.contains("name = \"pets-only\"\nversion = \"2.1.0\"\n"), "{manifest}");
    let operations = file(&files, "src/operations.rs");
    assert!(operations.contains("pub fn get_pet("), "chosen by tag");
    assert!(!operations.contains("pub fn list_pets("), "excluded by operationId");
    assert!(!operations.contains("create_order"), "not chosen");
    let types = file(&files, "src/types.rs");
    assert!(types.contains("pub born: Option<chrono::NaiveDate>"), "the overlay's new field: {types}");
    assert!(!types.contains("pub struct Address"), "the overlay removed the only use of Address");
    assert!(file(&files, "src/webhooks.rs").contains("PetAdopted"), "the pets webhook comes along");
}

#[test]
fn operation_settings_are_written_into_the_spec_as_extensions() {
    let settings = Settings::read(&fixture("shop.toml")).unwrap();
    let doc = load::load_file_with(&fixture("shop.yaml"), &Edits::of(&settings).unwrap()).unwrap();
    assert_eq!(doc.raw["paths"]["/pets/{id}"]["get"]["x-rust-client-pagination"], serde_json::Value::Bool(false));
}

#[test]
fn pagination_from_settings_reaches_the_operation() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      \
                parameters: [{name: after, in: query, schema: {type: string}}]\n      responses:\n        '200':\n          \
                description: ok\n          content:\n            application/json:\n              schema:\n                \
                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  \
                continuation: {type: string}\n";
    let lowered = |toml: &str| {
        let settings = Settings::parse(toml, Path::new("things.toml")).unwrap();
        ir::lower(&load::parse_with(spec, &Edits::of(&settings).unwrap()).unwrap()).unwrap()
    };
    assert!(lowered("").operations[0].pagination.is_none(), "nothing to detect by name");
    let toml = "[operations.listThings]\npagination = { cursor_param = \"after\", items = \"things\", next_cursor = \"continuation\" }\n";
    assert!(lowered(toml).operations[0].pagination.is_some());
}

#[test]
fn mistakes_are_one_error_naming_the_file_and_place() {
    let cases: &[(&str, &str, &str)] = &[
        ("[include]\ntag = [\"pets\"]\n", "include.tag (line 2)", "unknown key `tag`"),
        ("[crate]\nname = \"x\"\nedition = \"2021\"\n", "crate.edition (line 3)", "unknown key `edition`"),
        ("[include]\noperations = [\"getPet\", \"adoptPet\"]\n", "include.operations[1] (line 2)", "no operation or webhook has the operationId `adoptPet`"),
        ("[operations.adoptPet]\npagination = false\n", "operations.adoptPet (line 1)", "no operation has operationId `adoptPet`"),
        ("overlays = [\"missing.yaml\"]\n", "overlays[0] (line 1)", "cannot read the overlay"),
    ];
    for (toml, location, message) in cases {
        let err = Settings::parse(toml, &fixture("shop.toml")).and_then(|settings| generate(&settings).map(drop)).unwrap_err();
        assert_eq!(err.file, fixture("shop.toml"), "{toml}");
        assert_eq!(err.location, *location, "{toml}");
        assert!(err.message.contains(message), "{toml}: {err}");
    }
}

#[test]
fn an_overlay_that_targets_nothing_names_the_overlay_and_action() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("settings-bad-overlay");
    std::fs::create_dir_all(&dir).unwrap();
    let overlay = dir.join("fix.yaml");
    std::fs::write(&overlay, "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Pet\n    update: {}\n  - target: $.components.schemas.Dog\n    remove: true\n").unwrap();
    let settings = Settings::parse("overlays = [\"fix.yaml\"]\n", &dir.join("shop.toml")).unwrap();
    let err = generate(&settings).unwrap_err();
    assert_eq!(err.file, overlay);
    assert_eq!(err.location, "actions[1].target");
    assert!(err.message.contains("matches nothing"), "{err}");
}

/// The settings guide's examples are a settings file and an overlay the generator reads.
#[test]
fn the_settings_guide_shows_a_settings_file_and_an_overlay_that_parse() {
    let guide_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/settings-and-overlays.md");
    let guide = std::fs::read_to_string(&guide_path).unwrap();
    let block = |fence: &str| {
        let start = guide.find(fence).unwrap_or_else(|| panic!("the guide has a {fence} block")) + fence.len();
        guide[start..start + guide[start..].find("\n```").unwrap()].to_owned()
    };
    let settings = Settings::parse(&block("```toml\n"), &guide_path.with_file_name("github.toml")).unwrap();
    assert_eq!(settings.crate_name.unwrap().value, "github-issues-client");
    assert_eq!(settings.selection.include.unwrap().paths.len(), 2);
    assert_eq!(settings.operations.len(), 1);
    codegen::load::overlay::Overlay::parse(&block("```yaml\n"), Path::new("github.overlay.yaml")).unwrap();
}
