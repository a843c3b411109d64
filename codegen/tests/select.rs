//! Selection: the operations and webhooks a settings file chooses, and exactly the types they
//! reach, named as in the whole spec.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::ir::{self, Api, Content, TypeRef};
use codegen::Settings;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/settings").join(name)
}

fn full() -> Api {
    ir::lower(&codegen::load::load_file(&fixture("shop.yaml")).unwrap()).unwrap()
}

fn settings(toml: &str) -> Settings {
    Settings::parse(toml, &fixture("shop.toml")).unwrap()
}

fn selected(toml: &str) -> codegen::Result<Api> {
    ir::select(full(), &settings(toml).selection)
}

/// What a selection keeps, one line each: operations, webhooks, then types with their place.
fn render(api: &Api) -> String {
    let mut out = String::new();
    for op in &api.operations {
        out.push_str(&format!("operation {} {} {}\n", op.method.as_str(), op.path, op.id));
    }
    for webhook in &api.webhooks {
        let kind = if webhook.callback_of.is_some() { "callback" } else { "webhook" };
        out.push_str(&format!("{kind} {}\n", webhook.name));
    }
    for def in &api.types {
        out.push_str(&format!("type {} {}\n", def.name, def.pointer));
    }
    out
}

/// The names of the types the kept items reach, found independently of the pass: a plain
/// walk of the whole spec's IR from the kept operations' and webhooks' types.
fn reachable_in_full(full: &Api, kept: &Api) -> BTreeSet<String> {
    let op_ids: BTreeSet<&str> = kept.operations.iter().map(|op| op.pointer.as_str()).collect();
    let hook_ids: BTreeSet<&str> = kept.webhooks.iter().map(|w| w.pointer.as_str()).collect();
    let mut roots: Vec<&TypeRef> = Vec::new();
    for op in full.operations.iter().filter(|op| op_ids.contains(op.pointer.as_str())) {
        roots.extend(op.parameters.iter().map(|p| &p.ty));
        let contents = op.body.iter().map(|b| &b.content).chain(op.success.iter().chain(&op.errors).filter_map(|r| r.content.as_ref()));
        roots.extend(contents.filter_map(Content::schema_type));
    }
    for webhook in full.webhooks.iter().filter(|w| hook_ids.contains(w.pointer.as_str())) {
        roots.extend(webhook.payload.as_ref().and_then(Content::schema_type));
    }
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&TypeRef> = roots;
    while let Some(ty) = pending.pop() {
        for part in ty.walk() {
            if let TypeRef::Named(id) = part
                && seen.insert(id.0)
            {
                pending.extend(full.type_def(*id).kind.type_refs());
            }
        }
    }
    seen.into_iter().map(|i| full.types[i].name.clone()).collect()
}

/// Every kept type is the whole spec's type of that name, field for field (by type name).
fn assert_named_as_in_full(full: &Api, kept: &Api) {
    let describe = |api: &Api, ty: &TypeRef| -> String {
        ty.walk().iter().map(|t| match t {
            TypeRef::Named(id) => api.type_def(*id).name.clone(),
            other => format!("{:?}", std::mem::discriminant(*other)),
        }).collect::<Vec<_>>().join(",")
    };
    for def in &kept.types {
        let original = full.types.iter().find(|t| t.name == def.name).unwrap_or_else(|| panic!("{} is not in the full spec", def.name));
        assert_eq!(def.pointer, original.pointer);
        let ours: Vec<String> = def.kind.type_refs().into_iter().map(|t| describe(kept, t)).collect();
        let theirs: Vec<String> = original.kind.type_refs().into_iter().map(|t| describe(full, t)).collect();
        assert_eq!(ours, theirs, "{}", def.name);
    }
}

#[test]
fn a_selection_keeps_exactly_the_types_its_operations_reach() {
    let full = full();
    let cases = [
        ("get_pet_and_create_order", "[include]\noperations = [\"getPet\", \"createOrder\"]\n"),
        ("tag_pets_but_not_the_list", "[include]\ntags = [\"pets\"]\n[exclude]\npaths = [\"GET /pets\"]\n"),
        ("everything_but_admin_and_webhooks", "[exclude]\ntags = [\"admin\"]\nwebhooks = [\"*\"]\n"),
        ("one_webhook_by_name", "[include]\nwebhooks = [\"news*\"]\n"),
        ("paths_by_glob", "[include]\npaths = [\"/store/**\", \"DELETE /admin/*\"]\n"),
    ];
    let mut snapshot = String::new();
    for (name, toml) in cases {
        let kept = selected(toml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let names: BTreeSet<String> = kept.types.iter().map(|t| t.name.clone()).collect();
        assert_eq!(names, reachable_in_full(&full, &kept), "{name}");
        assert_named_as_in_full(&full, &kept);
        snapshot.push_str(&format!("=== {name}\n{toml}---\n{}\n", render(&kept)));
    }
    insta::assert_snapshot!("selected_type_lists", snapshot);
}

#[test]
fn adding_an_operation_adds_types_and_renames_none() {
    let one = selected("[include]\noperations = [\"getPet\"]\n").unwrap();
    let two = selected("[include]\noperations = [\"getPet\", \"createOrder\"]\n").unwrap();
    let names = |api: &Api| api.types.iter().map(|t| t.name.clone()).collect::<BTreeSet<_>>();
    assert!(names(&one).is_subset(&names(&two)));
    assert!(names(&two).len() > names(&one).len());
    let methods = |api: &Api| api.operations.iter().map(|o| (o.id.clone(), o.method_name.clone())).collect::<Vec<_>>();
    assert!(methods(&two).contains(&methods(&one)[0]));
}

#[test]
fn the_same_selection_gives_the_same_crate() {
    let settings = settings("[include]\ntags = [\"store\"]\n");
    let options = codegen::CrateOptions {
        crate_name: "shop".to_owned(),
        crate_version: "0.1.0".to_owned(),
        source: "shop.yaml".to_owned(),
        command: "cargo test".to_owned(),
    };
    let first = codegen::generate_with(&fixture("shop.yaml"), &settings, &options).unwrap();
    let second = codegen::generate_with(&fixture("shop.yaml"), &settings, &options).unwrap();
    assert_eq!(first, second);
    let types = &first.files.iter().find(|(p, _)| p.ends_with("src/types.rs")).unwrap().1;
    assert!(types.contains("pub struct Shipment"), "the callback's payload stays");
    assert!(!types.contains("pub struct Pet "), "pets are not selected");
}

#[test]
fn no_selection_changes_nothing() {
    assert_eq!(ir::select(full(), &Settings::default().selection).unwrap(), full());
}

#[test]
fn a_rule_that_matches_nothing_is_named_with_its_file_and_line() {
    let cases = [
        ("[include]\ntags = [\"pets\", \"cats\"]\n", "include.tags[1] (line 2)", "no operation or webhook has the tag `cats`; the spec's tags are admin, pets, store"),
        ("[include]\noperations = [\"get_pet\"]\n", "include.operations[0] (line 2)", "no operation or webhook has the operationId `get_pet`; did you mean `getPet`?"),
        ("[exclude]\npaths = [\"/pets/{petId}\"]\n", "exclude.paths[0] (line 2)", "`/pets/{petId}` matches no operation"),
        ("[include]\nwebhooks = [\"shipped\"]\n", "include.webhooks[0] (line 2)", "`shipped` matches no webhook; the spec's webhooks are newsletter, petAdopted"),
        ("[exclude]\ntags = [\"pets\", \"store\", \"admin\"]\nwebhooks = [\"*\"]\n", "exclude.tags[0] (line 2)", "the selection keeps nothing"),
    ];
    for (toml, location, message) in cases {
        let err = selected(toml).unwrap_err();
        assert_eq!(err.file, fixture("shop.toml"), "{toml}");
        assert_eq!(err.location, location, "{toml}");
        assert!(err.message.starts_with(message), "{toml}: {err}");
    }
}

#[test]
fn operations_without_an_id_are_chosen_by_the_name_derived_for_them() {
    let kept = selected("[include]\noperations = [\"delete_admin_cache\"]\n").unwrap();
    assert_eq!(kept.operations.len(), 1);
    assert_eq!(kept.operations[0].path, "/admin/cache");
}
