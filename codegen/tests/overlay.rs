//! Overlays: Overlay 1.0 actions applied to the user's document before anything reads it, and
//! errors that name the overlay file and action, or the place in the user's own file.

use std::path::Path;

use codegen::load::{self, Edits, Overlay};
use serde_json::json;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Pets, version: '1'}
tags: [{name: pets}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: legacy, in: query, schema: {type: string}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, description: The name.}
        status: {type: string, description: available or adopted}
"#;

fn overlay(actions: &str) -> Overlay {
    let text = format!("overlay: 1.0.0\ninfo: {{title: fixes, version: '1'}}\nactions:\n{actions}");
    Overlay::parse(&text, Path::new("fixes.yaml")).unwrap_or_else(|e| panic!("{e}"))
}

fn apply(spec: &str, overlays: Vec<Overlay>) -> codegen::Result<load::Document> {
    load::parse_with(spec, &Edits { overlays, operations: Vec::new() })
}

fn raw(spec: &str, actions: &str) -> serde_json::Value {
    apply(spec, vec![overlay(actions)]).unwrap().raw
}

#[test]
fn update_merges_objects_recursively_appends_to_arrays_and_replaces_the_rest() {
    let doc = raw(
        SPEC,
        "  - target: $.components.schemas.Pet\n    update:\n      required: [status]\n      description: A pet.\n      \
         properties:\n        status: {enum: [available, adopted]}\n        name: {description: What it is called.}\n",
    );
    let pet = &doc["components"]["schemas"]["Pet"];
    assert_eq!(pet["required"], json!(["name", "status"]));
    assert_eq!(pet["description"], "A pet.");
    assert_eq!(pet["properties"]["status"], json!({"type": "string", "description": "available or adopted", "enum": ["available", "adopted"]}));
    assert_eq!(pet["properties"]["name"], json!({"type": "string", "description": "What it is called."}));
}

#[test]
fn update_of_an_array_appends_the_value_or_its_items() {
    let doc = raw(SPEC, "  - target: $.tags\n    update: {name: store}\n  - target: $.tags\n    update: [{name: a}, {name: b}]\n");
    assert_eq!(doc["tags"], json!([{"name": "pets"}, {"name": "store"}, {"name": "a"}, {"name": "b"}]));
}

#[test]
fn remove_takes_out_every_node_the_target_selects() {
    let doc = raw(
        SPEC,
        "  - target: $.paths['/pets'].get.parameters[?@.name == 'legacy' || @.name == 'limit']\n    remove: true\n  \
         - target: $.components.schemas.Pet.properties.status\n    remove: true\n    update: {type: integer}\n",
    );
    let names: Vec<&str> = doc["paths"]["/pets"]["get"]["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["cursor"]);
    assert!(doc["components"]["schemas"]["Pet"]["properties"].get("status").is_none(), "remove wins over update");
}

#[test]
fn actions_apply_in_order_and_overlays_one_after_another() {
    let first = overlay("  - target: $.paths['/pets'].get\n    update: {operationId: listAllPets}\n");
    let second = overlay("  - target: $.paths.*[?@.operationId == 'listAllPets']\n    update: {summary: Every pet.}\n");
    let doc = apply(SPEC, vec![first, second]).unwrap();
    assert_eq!(doc.raw["paths"]["/pets"]["get"]["summary"], "Every pet.");
}

#[test]
fn overlays_apply_to_the_document_as_written_before_swagger_conversion() {
    let swagger = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  Pet: {type: object}\n";
    let doc = raw(swagger, "  - target: $.definitions.Pet\n    update: {properties: {id: {type: integer}}}\n");
    assert_eq!(doc["components"]["schemas"]["Pet"]["properties"]["id"]["type"], "integer");
}

#[test]
fn a_target_that_matches_nothing_is_an_error_unless_the_action_is_optional() {
    let err = apply(SPEC, vec![overlay("  - target: $.paths['/pets'].get\n    update: {}\n  - target: $.paths['/dogs']\n    remove: true\n")])
        .unwrap_err();
    assert_eq!(err.file, Path::new("fixes.yaml"));
    assert_eq!(err.location, "actions[1].target");
    assert!(err.message.starts_with("`$.paths['/dogs']` matches nothing in the document"), "{err}");
    assert!(err.message.contains("x-rust-client-optional: true"), "{err}");
    let doc = raw(SPEC, "  - target: $.paths['/dogs']\n    remove: true\n    x-rust-client-optional: true\n");
    assert!(doc["paths"].get("/dogs").is_none());
}

#[test]
fn the_name_optional_had_before_the_namespace_is_still_read() {
    let doc = raw(SPEC, "  - target: $.paths['/dogs']\n    remove: true\n    x-optional: true\n");
    assert!(doc["paths"].get("/dogs").is_none());
    // The namespaced name wins over the older one.
    let both = "  - target: $.paths['/dogs']\n    remove: true\n    x-optional: true\n    x-rust-client-optional: false\n";
    assert!(apply(SPEC, vec![overlay(both)]).is_err());
}

#[test]
fn an_error_in_what_an_action_added_names_the_action() {
    let fixes = overlay("  - target: $.components.schemas.Pet.properties\n    update:\n      age: {$ref: '#/components/schemas/Age'}\n");
    let err = codegen::ir::lower(&apply(SPEC, vec![fixes]).unwrap()).unwrap_err();
    assert_eq!(err.file, Path::new("fixes.yaml"));
    assert_eq!(err.location, "actions[0].update");
    assert!(err.message.contains("at #/components/schemas/Pet/properties/age in the edited document"), "{err}");
}

#[test]
fn errors_after_a_removal_name_the_users_own_place() {
    let spec = SPEC.replace("{name: cursor, in: query, schema: {type: string}}", "{name: cursor, in: query, schema: {$ref: '#/nowhere'}}");
    let removal = overlay("  - target: $.paths['/pets'].get.parameters[0]\n    remove: true\n");
    let err = codegen::ir::lower(&apply(&spec, vec![removal]).unwrap()).unwrap_err();
    assert_eq!(err.file, Path::new(""), "the fault is in the user's spec: {err}");
    assert!(err.location.starts_with("#/paths/~1pets/get/parameters/2"), "the item was third in the user's file: {err}");
}

#[test]
fn bad_overlays_are_refused_naming_the_file_and_place() {
    let parse = |text: &str| Overlay::parse(text, Path::new("fixes.yaml")).unwrap_err();
    let head = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n";
    let cases = [
        ("overlay: 1.0.0\ninfo: [\n", "line ", "invalid YAML"),
        ("openapi: 3.1.0\n", "", "not an overlay"),
        ("overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions: []\n", "overlay", "Overlay `1.1.0` is not supported"),
        ("overlay: 1.0.0\nactions: [{target: $, update: {}}]\n", "info", "needs `info`"),
        (&format!("{head}actions: []\n"), "actions", "at least one action"),
        (&format!("{head}actions:\n  - target: $.a\n    copy: $.b\n"), "actions[0].copy", "unknown field `copy`"),
        (&format!("{head}actions:\n  - update: {{}}\n"), "actions[0].target", "needs a `target`"),
        (&format!("{head}actions:\n  - target: $.paths[\n    remove: true\n"), "actions[0].target", "is not a JSONPath query"),
        (&format!("{head}actions:\n  - target: $.a\n    remove: yes please\n"), "actions[0].remove", "`true` or `false`"),
        (&format!("{head}actions:\n  - target: $.a\n    description: nothing\n"), "actions[0]", "changes nothing"),
        (&format!("{head}color: blue\nactions:\n  - {{target: $.a, remove: true}}\n"), "color", "unknown field `color`"),
    ];
    for (text, location, message) in cases {
        let err = parse(text);
        assert_eq!(err.file, Path::new("fixes.yaml"), "{text}");
        assert!(err.location.starts_with(location), "{text}: {err}");
        assert!(err.message.contains(message), "{text}: {err}");
    }
}

#[test]
fn updates_must_fit_what_they_target() {
    let err = apply(SPEC, vec![overlay("  - target: $.info.title\n    update: Dogs\n")]).unwrap_err();
    assert_eq!(err.location, "actions[0].target");
    assert!(err.message.contains("is a string; an overlay updates objects and arrays only"), "{err}");
    let err = apply(SPEC, vec![overlay("  - target: $.info\n    update: Dogs\n")]).unwrap_err();
    assert_eq!(err.location, "actions[0].update");
    let err = apply(SPEC, vec![overlay("  - target: $\n    remove: true\n")]).unwrap_err();
    assert!(err.message.contains("whole document"), "{err}");
}
