//! Unit tests of the IR: what lowering makes of specs, independent of the Rust it becomes.

use codegen::ir::{self, Api, Content, PaginationStyle, ParamLocation, ParamStyle, StatusMatch, TypeKind, TypeRef};

fn lower(yaml: &str) -> Api {
    ir::lower(&codegen::load::parse(yaml).unwrap()).unwrap()
}

fn lower_file(path: &str) -> Api {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    ir::lower(&codegen::load::load_file(&path).unwrap()).unwrap()
}

fn type_named<'a>(api: &'a Api, name: &str) -> &'a ir::TypeDef {
    api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}"))
}

#[test]
fn arize_list_is_paginated_by_cursor() {
    let api = lower_file("../specs/arize.yaml");
    let list = api.operations.iter().find(|o| o.id == "ai_integrations_list").unwrap();
    let pagination = list.pagination.as_ref().expect("pagination detected");
    let path = |dotted: &str| dotted.split('.').map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(pagination.items, ["ai_integrations"]);
    assert_eq!(
        pagination.style,
        PaginationStyle::Cursor {
            param: "cursor".to_owned(),
            next_cursor: path("pagination.next_cursor"),
            has_more: Some(path("pagination.has_more")),
        }
    );
    let methods = list.page_methods.as_ref().unwrap();
    assert_eq!((methods.stream.as_str(), methods.pages.as_str()), ("ai_integrations_list_stream", "ai_integrations_list_pages"));
}

#[test]
fn arize_errors_route_by_status_with_problem_bodies() {
    let api = lower_file("../specs/arize.yaml");
    let create = api.operations.iter().find(|o| o.id == "ai_integrations_create").unwrap();
    let statuses: Vec<StatusMatch> = create.errors.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [400, 401, 403, 404, 409, 422, 429].map(StatusMatch::Code)
    );
    let problem = api.types.iter().position(|t| t.name == "Problem").unwrap();
    for error in &create.errors {
        assert_eq!(error.content, Some(Content::Json(TypeRef::Named(ir::TypeId(problem)))));
    }
    let delete = api.operations.iter().find(|o| o.id == "ai_integrations_delete").unwrap();
    assert_eq!(delete.success[0].status, StatusMatch::Code(204));
    assert_eq!(delete.success[0].content, None);
}

#[test]
fn arize_servers_and_security() {
    let api = lower_file("../specs/arize.yaml");
    let names: Vec<&str> = api.servers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Global", "Regional", "CustomHost"]);
    let region = &api.servers[1].variables[0];
    let values: Vec<&str> = region.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["eu-west-1a", "ca-central-1a"]);
    assert!(region.in_authority);
    assert_eq!(api.security_schemes[0].name, "bearerAuth");
    assert!(api.operations.iter().all(|o| o.security == [vec!["bearerAuth".to_owned()]]));
}

#[test]
fn optional_nullable_fields_stay_nullable() {
    let api = lower_file("../specs/arize.yaml");
    let TypeKind::Struct(update) = &type_named(&api, "UpdateAiIntegrationRequest").kind else { panic!() };
    let api_key = update.fields.iter().find(|f| f.name == "api_key").unwrap();
    assert!(!api_key.required);
    assert!(matches!(api_key.ty, TypeRef::Nullable(_)));
}

#[test]
fn discriminator_tags_come_from_the_mapping() {
    let api = lower_file("../specs/arize.yaml");
    let TypeKind::Union(union) = &type_named(&api, "ProviderMetadata").kind else { panic!() };
    assert_eq!(union.discriminator.as_deref(), Some("kind"));
    let tags: Vec<&[String]> = union.variants.iter().map(|v| v.tags.as_slice()).collect();
    assert_eq!(tags, [&["AWS".to_owned()][..], &["GCP".to_owned()][..]]);
}

#[test]
fn inline_schemas_get_names_from_their_context() {
    let api = lower(
        r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  owner: {type: object, properties: {name: {type: string}}}
                  status: {type: string, enum: [a, b]}
"#,
    );
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["ListPetsResponseOwner", "ListPetsResponseStatus", "ListPetsResponse"]);
}

#[test]
fn parameters_default_style_and_explode_per_location() {
    let api = lower_file("tests/fixtures/parameters.yaml");
    let op = &api.operations[0];
    let by_name = |n: &str| op.parameters.iter().find(|p| p.name == n).unwrap();
    assert_eq!(op.parameters[0].name, "org", "path parameters come first, in template order");
    assert_eq!(op.parameters[1].name, "item_id");
    assert_eq!((by_name("tags").style, by_name("tags").explode), (ParamStyle::Form, true));
    assert_eq!((by_name("ids").style, by_name("ids").explode), (ParamStyle::PipeDelimited, false));
    assert_eq!(by_name("X-Request-Id").location, ParamLocation::Header);
    assert_eq!(by_name("session").location, ParamLocation::Cookie);
}

#[test]
fn operations_without_ids_get_names_from_method_and_path() {
    let api = lower_file("tests/fixtures/names.yaml");
    let ids: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["type", "post_no_operation_id_by_id"]);
}

#[test]
fn type_names_never_collide() {
    let api = lower_file("tests/fixtures/names.yaml");
    let mut names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    names.extend(api.operations.iter().flat_map(|o| o.names.params.as_deref().into_iter().chain([o.names.error.as_str()])));
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "{names:?}");
    assert!(names.contains(&"TypeParams") && names.contains(&"TypeParams2"));
}

#[test]
fn all_of_members_merge() {
    let api = lower_file("tests/fixtures/all_of.yaml");
    let TypeKind::Struct(extended) = &type_named(&api, "Extended").kind else { panic!() };
    let fields: Vec<(&str, bool)> = extended.fields.iter().map(|f| (f.name.as_str(), f.required)).collect();
    assert_eq!(fields, [("id", true), ("extra", true)]);
    assert!(matches!(type_named(&api, "Described").kind, TypeKind::Alias(TypeRef::Named(_))));
}

fn pagination_of<'a>(api: &'a Api, operation_id: &str) -> Option<&'a ir::Pagination> {
    api.operations.iter().find(|o| o.id == operation_id).unwrap_or_else(|| panic!("no operation {operation_id}")).pagination.as_ref()
}

fn path(dotted: &str) -> Vec<String> {
    dotted.split('.').map(str::to_owned).collect()
}

#[test]
fn each_pagination_style_is_detected_from_the_shape() {
    let cursor = lower_file("tests/fixtures/pagination_cursor.yaml");
    assert_eq!(
        pagination_of(&cursor, "list_events").unwrap().style,
        PaginationStyle::Cursor {
            param: "cursor".to_owned(),
            next_cursor: path("meta.paging.next_cursor"),
            has_more: Some(path("meta.paging.has_more")),
        }
    );
    let last_item = lower_file("tests/fixtures/pagination_last_item.yaml");
    let customers = pagination_of(&last_item, "GetCustomers").unwrap();
    assert_eq!(customers.items, ["data"]);
    assert_eq!(
        customers.style,
        PaginationStyle::LastItem { param: "starting_after".to_owned(), item_field: path("id"), has_more: Some(path("has_more")) }
    );
    let offset = lower_file("tests/fixtures/pagination_offset.yaml");
    let incidents = pagination_of(&offset, "listIncidents").unwrap();
    assert_eq!(incidents.items, ["incidents"]);
    assert_eq!(
        incidents.style,
        PaginationStyle::Offset { param: "offset".to_owned(), has_more: Some(path("more")), total: Some(path("total")) }
    );
    let page_number = lower_file("tests/fixtures/pagination_page_number.yaml");
    assert_eq!(
        pagination_of(&page_number, "search").unwrap().style,
        PaginationStyle::PageNumber {
            param: "page".to_owned(),
            first: 0,
            has_more: None,
            total_pages: Some(path("total_pages")),
            current_page: Some(path("page")),
        }
    );
    let next_url = lower_file("tests/fixtures/pagination_next_url.yaml");
    assert_eq!(pagination_of(&next_url, "ListCall").unwrap().style, PaginationStyle::NextUrl { next_url: path("next_page_uri") });
    let link_header = lower_file("tests/fixtures/pagination_link_header.yaml");
    let issues = pagination_of(&link_header, "issues/list-for-repo").unwrap();
    assert_eq!((issues.items.as_slice(), &issues.style), (&[][..], &PaginationStyle::LinkHeader));
}

#[test]
fn look_alikes_of_lists_get_no_stream() {
    let api = lower_file("tests/fixtures/pagination_no_misfire.yaml");
    for op in &api.operations {
        assert_eq!(op.pagination, None, "{}", op.id);
        assert_eq!(op.page_methods, None, "{}", op.id);
    }
}

#[test]
fn page_numbers_start_where_the_parameter_says() {
    let spec = |schema: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: a\n      \
             parameters: [{{name: page, in: query, schema: {schema}}}]\n      responses:\n        '200':\n          \
             description: ok\n          content: {{application/json: {{schema: {{type: array, items: {{type: string}}}}}}}}\n"
        )
    };
    let first = |schema: &str| match &pagination_of(&lower(&spec(schema)), "a").unwrap().style {
        PaginationStyle::PageNumber { first, .. } => *first,
        other => panic!("{other:?}"),
    };
    assert_eq!(first("{type: integer}"), 1);
    assert_eq!(first("{type: integer, minimum: 0}"), 0);
    assert_eq!(first("{type: integer, minimum: 0, default: 1}"), 1);
    // A string `page` is a cursor, and without a next-cursor field nothing pages.
    assert_eq!(pagination_of(&lower(&spec("{type: string}")), "a"), None);
}

#[test]
fn derived_method_names_never_take_an_operation_name() {
    let api = lower_file("tests/fixtures/pagination_names.yaml");
    let list = api.operations.iter().find(|o| o.id == "list").unwrap();
    let methods = list.page_methods.as_ref().unwrap();
    assert_eq!((methods.stream.as_str(), methods.pages.as_str()), ("list_stream2", "list_pages2"));
    let mut names: Vec<&str> = api.operations.iter().map(|o| o.method_name.as_str()).collect();
    names.extend(api.operations.iter().filter_map(|o| o.page_methods.as_ref()).flat_map(|m| [m.stream.as_str(), m.pages.as_str()]));
    let unique: std::collections::HashSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "{names:?}");
}

#[test]
fn explicit_pagination_is_taken_as_written_and_checked() {
    let api = lower_file("tests/fixtures/pagination_explicit.yaml");
    assert_eq!(
        pagination_of(&api, "list_logs").unwrap().style,
        PaginationStyle::Offset { param: "from".to_owned(), has_more: Some(path("window.more")), total: Some(path("window.count")) }
    );
    let audit = pagination_of(&api, "list_audit").unwrap();
    assert_eq!((audit.items.as_slice(), &audit.style), (&["events".to_owned()][..], &PaginationStyle::NextUrl { next_url: path("_links.following") }));
    let wrong_param = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
        x-pagination: {style: page_number, param: page}\n      \
        parameters: [{name: page, in: query, required: true, schema: {type: integer}}]\n      \
        responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}\n";
    let error = ir::lower(&codegen::load::parse(wrong_param).unwrap()).unwrap_err();
    assert_eq!(error.location, "#/paths/~1a/get/x-pagination");
    assert!(error.message.contains("`page` is required"), "{}", error.message);
}

#[test]
fn a_response_with_json_and_events_keeps_both() {
    let api = lower_file("tests/fixtures/event_stream_dual.yaml");
    let chat = api.operations.iter().find(|o| o.id == "createChatCompletion").unwrap();
    let ok = &chat.success[0];
    assert!(matches!(ok.content, Some(Content::Json(_))));
    let stream = ok.stream.as_ref().expect("the event stream is kept");
    assert_eq!((stream.media_type.as_str(), stream.framing), ("text/event-stream", ir::Framing::Events));
    let streaming = chat.streaming.as_ref().unwrap();
    assert!(streaming.buffered_method);
    // `create_chat_completion_stream` is another operation's own name: the derived one yields.
    assert_eq!(streaming.method_name, "create_chat_completion_stream2");
    assert_eq!(streaming.body_flag.as_deref(), Some("stream"));
    let speech = api.operations.iter().find(|o| o.id == "createSpeech").unwrap();
    assert!(matches!(speech.success[0].content, Some(Content::Bytes { .. })));
    assert_eq!(speech.streaming.as_ref().unwrap().body_flag, None, "no `stream` property, no flag");
}

#[test]
fn a_stream_only_response_has_one_method_under_the_operations_name() {
    let api = lower_file("tests/fixtures/event_stream.yaml");
    let watch = api.operations.iter().find(|o| o.id == "watch_conversation").unwrap();
    assert_eq!(watch.success[0].content, None);
    let streaming = watch.streaming.as_ref().unwrap();
    assert_eq!((streaming.method_name.as_str(), streaming.buffered_method), ("watch_conversation", false));
    let error = watch.success[0].stream.as_ref().unwrap().error_variant.as_ref().expect("the `error` member");
    // Named by its mapping key, `error`.
    assert_eq!(error.name, "Error");
    let logs = api.operations.iter().find(|o| o.id == "tail_logs").unwrap();
    assert_eq!(logs.success[0].stream.as_ref().unwrap().item, TypeRef::Primitive(ir::Primitive::String));
}

#[test]
fn json_lines_sequences_and_item_schemas_are_streams() {
    let api = lower_file("tests/fixtures/json_lines.yaml");
    let framing = |id: &str| api.operations.iter().find(|o| o.id == id).unwrap().success[0].stream.as_ref().unwrap().framing;
    assert_eq!(framing("system_events"), ir::Framing::Lines);
    assert_eq!(framing("export_records"), ir::Framing::Sequence);
    assert_eq!(framing("build"), ir::Framing::Lines);
    let api = lower_file("tests/fixtures/openapi32_item_schema.yaml");
    let item = &api.operations[0].success[0].stream.as_ref().unwrap().item;
    let TypeRef::Named(id) = item else { panic!("{item:?}") };
    assert!(matches!(&api.type_def(*id).kind, TypeKind::Struct(s) if s.fields.len() == 2), "itemSchema is the item's type");
    let item = &api.operations[1].success[0].stream.as_ref().unwrap().item;
    let TypeRef::Named(id) = item else { panic!("{item:?}") };
    let TypeKind::Struct(data) = &api.type_def(*id).kind else { panic!("{item:?}") };
    let fields: Vec<&str> = data.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(fields, ["bid"], "an event's itemSchema gives the type of its data's contentSchema");
}

#[test]
fn binary_types_and_part_encodings() {
    let api = lower_file("tests/fixtures/binary_download.yaml");
    for op in &api.operations {
        assert!(matches!(op.success[0].content, Some(Content::Bytes { .. })), "{}", op.id);
        assert!(op.streaming.is_none());
    }
    let api = lower_file("tests/fixtures/uploads.yaml");
    let transcribe = api.operations.iter().find(|o| o.id == "create_transcription").unwrap();
    let body = transcribe.body.as_ref().unwrap();
    assert_eq!(
        body.part_content_types,
        [("file".to_owned(), "audio/mpeg".to_owned()), ("metadata".to_owned(), "application/json".to_owned())]
    );
    let Content::Multipart(TypeRef::Named(id)) = &body.content else { panic!("{:?}", body.content) };
    let TypeKind::Struct(fields) = &api.type_def(*id).kind else { panic!() };
    assert_eq!(fields.fields[0].ty, TypeRef::Primitive(ir::Primitive::Binary));
}

fn constructor_field_names(api: &Api, name: &str) -> Vec<String> {
    let id = ir::TypeId(api.types.iter().position(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}")));
    ir::constructor_fields(api, id).into_iter().map(|f| f.name.clone()).collect()
}

#[test]
fn constructors_take_the_required_properties_nobody_else_decides() {
    let api = lower(
        r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: pet_type, mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}
    Animal:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Bird'}]
      discriminator: {propertyName: pet_type, mapping: {cat: '#/components/schemas/Cat', bird: '#/components/schemas/Bird'}}
    Flying:
      oneOf: [{$ref: '#/components/schemas/Bird'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: pet_type, mapping: {flyer: '#/components/schemas/Bird', dog: '#/components/schemas/Dog'}}
    Version: {const: 2}
    VersionAlias: {$ref: '#/components/schemas/Version'}
    Cat:
      type: object
      required: [pet_type, name, version, lives, id, color]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        pet_type: {type: string}
        version: {$ref: '#/components/schemas/VersionAlias'}
        lives: {type: integer}
        color: {type: string, enum: [black]}
        nickname: {type: string}
    Dog:
      type: object
      required: [pet_type, name]
      properties:
        pet_type: {type: string, enum: [dog, puppy]}
        name: {type: string}
    Bird:
      type: object
      required: [pet_type, wings]
      properties:
        pet_type: {type: string}
        wings: {type: integer}
    Plain:
      type: object
      properties:
        note: {type: string}
"#,
    );
    // Cat: `id` is read-only, `version` a constant through an alias, `color` an enum of one
    // value, `pet_type` the tag both of its unions give it (`cat`).
    assert_eq!(constructor_field_names(&api, "Cat"), ["name", "lives"]);
    // Dog's tag is `dog` in both unions that hold it, and its enum can hold it.
    assert_eq!(constructor_field_names(&api, "Dog"), ["name"]);
    // Bird is `bird` in one union and `flyer` in another: the caller says which.
    assert_eq!(constructor_field_names(&api, "Bird"), ["pet_type", "wings"]);
    assert!(constructor_field_names(&api, "Plain").is_empty());
    assert!(constructor_field_names(&api, "Pet").is_empty());

    let cat = ir::TypeId(api.types.iter().position(|t| t.name == "Cat").unwrap());
    let TypeKind::Struct(s) = &api.type_def(cat).kind else { panic!() };
    let pet_type = s.fields.iter().find(|f| f.name == "pet_type").unwrap();
    assert_eq!(ir::construct::fixed_value(&api, cat, pet_type), Some(ir::construct::Fixed::Tag("cat")));
}

#[test]
fn union_variants_are_named_by_mapping_key_or_without_the_unions_words() {
    let api = lower_file("tests/fixtures/union_names.yaml");
    let variant_names = |union: &str| -> Vec<String> {
        let TypeKind::Union(u) = &type_named(&api, union).kind else { panic!("{union} is not a union") };
        u.variants.iter().map(|v| v.name.clone()).collect()
    };
    // `Chat…Message` taken off at both ends, at the end, at the start; `Message2` is not `Message`.
    assert_eq!(variant_names("ChatMessage"), ["User", "Attachment", "System", "ChatMessage2"]);
    // Mapping keys; `unknown` would be the fallback variant's name, so the member keeps its own.
    assert_eq!(variant_names("Event"), ["ObjectCreated", "V2xx", "UnknownEvent"]);
}
