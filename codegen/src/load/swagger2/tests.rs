//! One test per row of the mapping, and the source map that points back into the user's file.

use serde_json::{json, Value};

use super::convert;
use crate::error::Error;
use crate::load::{parse, SourceMap};
use crate::pointer::Pointer;

/// Converts a YAML Swagger 2.0 document; `info` and `swagger` are added.
fn converted(yaml: &str) -> (Value, SourceMap) {
    let (value, map) = try_convert(yaml).unwrap_or_else(|e| panic!("{e}"));
    (value, map)
}

fn try_convert(yaml: &str) -> Result<(Value, SourceMap), Error> {
    let mut document: Value = serde_yaml::from_str(yaml).expect("test YAML parses");
    let object = document.as_object_mut().expect("test YAML is a mapping");
    object.entry("swagger").or_insert_with(|| "2.0".into());
    object.entry("info").or_insert_with(|| json!({"title": "t", "version": "1"}));
    let (value, moves) = convert(&document)?;
    let mut map = SourceMap::default();
    map.push(moves);
    Ok((value, map))
}

fn conversion_error(yaml: &str) -> Error {
    try_convert(yaml).expect_err("the conversion must fail")
}

fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
    value.pointer(pointer).unwrap_or_else(|| panic!("nothing at {pointer} in {value:#}"))
}

fn p(reference: &str) -> Pointer {
    Pointer::parse_reference(reference).expect("a local reference")
}

/// The place in the user's document that a converted pointer stands for.
fn original(map: &SourceMap, converted: &str) -> String {
    map.original(&p(converted)).to_string()
}

/// The error the whole pipeline (load and lowering) gives for a document.
fn pipeline_error(yaml: &str) -> Error {
    let result = parse(yaml).and_then(|doc| crate::ir::lower(&doc).map(|_| ()));
    result.expect_err("the document must be refused")
}

const PETS_POST: &str = "/paths/~1pets/post";

#[test]
fn the_result_is_openapi_3_0() {
    let (value, _) = converted("swagger: 2.0\npaths: {}\n");
    assert_eq!(value["openapi"], "3.0.3");
}

#[test]
fn servers_come_from_host_base_path_and_schemes_https_first() {
    let (value, _) = converted("host: api.example.com\nbasePath: /v1/\nschemes: [http, https]\npaths: {}\n");
    assert_eq!(
        value["servers"],
        json!([
            {"url": "https://api.example.com/v1", "description": "HTTPS"},
            {"url": "http://api.example.com/v1", "description": "HTTP"},
        ])
    );
    let (value, _) = converted("host: api.example.com\npaths: {}\n");
    assert_eq!(value["servers"], json!([{"url": "https://api.example.com", "description": "HTTPS"}]));
    let (value, _) = converted("host: 'https://api.example.com/'\nschemes: [ws, wss, ws]\npaths: {}\n");
    let urls: Vec<&Value> = value["servers"].as_array().unwrap().iter().map(|s| &s["url"]).collect();
    assert_eq!(urls, [&json!("wss://api.example.com"), &json!("ws://api.example.com")]);
}

#[test]
fn without_a_host_the_server_is_the_relative_base_path_or_none() {
    let (value, map) = converted("basePath: /api/v2\npaths: {}\n");
    assert_eq!(value["servers"], json!([{"url": "/api/v2"}]));
    assert_eq!(original(&map, "#/servers/0/url"), "#/basePath");
    let (value, _) = converted("basePath: /\npaths: {}\n");
    assert!(value.get("servers").is_none());
    let (value, _) = converted("paths: {}\n");
    assert!(value.get("servers").is_none());
}

#[test]
fn media_types_default_to_json_and_operations_override_the_document() {
    let yaml = "
produces: [application/xml]
paths:
  /a:
    get:
      responses:
        '200': {description: ok, schema: {type: string}}
    post:
      produces: [text/plain]
      parameters: [{name: b, in: body, schema: {type: string}}]
      responses:
        '200': {description: ok, schema: {type: string}}
";
    let (value, _) = converted(yaml);
    let content_types = |pointer: &str| at(&value, pointer).as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(content_types("/paths/~1a/get/responses/200/content"), ["application/xml"]);
    assert_eq!(content_types("/paths/~1a/post/responses/200/content"), ["text/plain"]);
    assert_eq!(content_types("/paths/~1a/post/requestBody/content"), ["application/json"]);
    assert!(at(&value, "/paths/~1a/post").get("produces").is_none());
}

#[test]
fn a_body_parameter_becomes_the_request_body() {
    let yaml = "
consumes: [application/json, application/xml]
paths:
  /pets:
    post:
      parameters:
        - {name: trace, in: header, type: string}
        - {name: pet, in: body, required: true, description: The pet., schema: {$ref: '#/definitions/Pet'}}
        - {name: dry_run, in: query, type: boolean}
      responses: {'204': {description: done}}
definitions:
  Pet: {type: object}
";
    let (value, map) = converted(yaml);
    let body = at(&value, &format!("{PETS_POST}/requestBody"));
    assert_eq!(body["required"], true);
    assert_eq!(body["description"], "The pet.");
    assert_eq!(body["content"]["application/json"]["schema"], json!({"$ref": "#/definitions/Pet"}));
    assert_eq!(body["content"]["application/xml"]["schema"], json!({"$ref": "#/definitions/Pet"}));
    let names: Vec<&Value> = at(&value, &format!("{PETS_POST}/parameters")).as_array().unwrap().iter().map(|p| &p["name"]).collect();
    assert_eq!(names, [&json!("trace"), &json!("dry_run")]);
    // The gap the body left is in the map: the second parameter is the user's third.
    assert_eq!(original(&map, &format!("#{PETS_POST}/parameters/1")), format!("#{PETS_POST}/parameters/2"));
    assert_eq!(original(&map, &format!("#{PETS_POST}/requestBody")), format!("#{PETS_POST}/parameters/1"));
    assert_eq!(
        original(&map, &format!("#{PETS_POST}/requestBody/content/application~1xml/schema")),
        format!("#{PETS_POST}/parameters/1/schema")
    );
    // A reference into the body's schema leads to its first copy.
    assert_eq!(
        map.converted(&p(&format!("#{PETS_POST}/parameters/1/schema"))).to_string(),
        format!("#{PETS_POST}/requestBody/content/application~1json/schema")
    );
}

#[test]
fn form_fields_become_one_urlencoded_object_schema() {
    let yaml = "
paths:
  /login:
    post:
      parameters:
        - {name: user, in: formData, type: string, required: true, description: Who.}
        - {name: mode, in: formData, type: string, enum: [a, b], default: a}
        - {name: ids, in: formData, type: array, items: {type: integer, format: int64}}
        - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi}
      responses: {'204': {description: done}}
";
    let (value, map) = converted(yaml);
    let body = at(&value, "/paths/~1login/post/requestBody");
    assert_eq!(body["required"], true);
    let media = &body["content"]["application/x-www-form-urlencoded"];
    assert_eq!(
        media["schema"],
        json!({
            "type": "object",
            "properties": {
                "user": {"type": "string", "description": "Who."},
                "mode": {"type": "string", "enum": ["a", "b"], "default": "a"},
                "ids": {"type": "array", "items": {"type": "integer", "format": "int64"}},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["user"],
        })
    );
    assert_eq!(
        media["encoding"],
        json!({"ids": {"style": "form", "explode": false}, "tags": {"style": "form", "explode": true}})
    );
    assert_eq!(at(&value, "/paths/~1login/post/parameters"), &json!([]));
    let schema = "#/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded/schema";
    assert_eq!(original(&map, &format!("{schema}/properties/ids/items")), "#/paths/~1login/post/parameters/2/items");
    assert_eq!(original(&map, schema), "#/paths/~1login/post/parameters");
}

#[test]
fn a_file_field_makes_the_form_multipart_and_binary() {
    let yaml = "
consumes: [application/x-www-form-urlencoded, multipart/form-data]
paths:
  /upload:
    post:
      parameters:
        - {name: file, in: formData, type: file}
      responses: {'204': {description: done}}
";
    let (value, _) = converted(yaml);
    let content = at(&value, "/paths/~1upload/post/requestBody/content");
    assert_eq!(
        content,
        &json!({"multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}})
    );
    // Without a file, multipart is used when `consumes` says so.
    let yaml = "
paths:
  /upload:
    post:
      consumes: [multipart/form-data]
      parameters: [{name: note, in: formData, type: string}]
      responses: {'204': {description: done}}
";
    let (value, _) = converted(yaml);
    assert!(at(&value, "/paths/~1upload/post/requestBody/content").get("multipart/form-data").is_some());
}

#[test]
fn other_parameters_get_a_schema_from_their_value_keywords() {
    let yaml = "
paths:
  /a:
    get:
      parameters:
        - {name: limit, in: query, type: integer, format: int32, minimum: 1, maximum: 50, default: 10, description: How many., x-go-name: Limit}
        - {name: q, in: query, type: string, allowEmptyValue: true, x-nullable: true, pattern: '^a'}
      responses: {'204': {description: done}}
";
    let (value, map) = converted(yaml);
    assert_eq!(
        at(&value, "/paths/~1a/get/parameters/0"),
        &json!({
            "name": "limit", "in": "query", "description": "How many.", "x-go-name": "Limit",
            "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 50, "default": 10},
        })
    );
    assert_eq!(
        at(&value, "/paths/~1a/get/parameters/1"),
        &json!({"name": "q", "in": "query", "allowEmptyValue": true, "schema": {"type": "string", "nullable": true, "pattern": "^a"}})
    );
    assert_eq!(original(&map, "#/paths/~1a/get/parameters/0/schema/minimum"), "#/paths/~1a/get/parameters/0/minimum");
}

/// The `style` and `explode` a parameter gets.
fn style_of(location: &str, format: Option<&str>) -> Result<(Value, Value), Error> {
    let format = format.map(|f| format!(", collectionFormat: {f}")).unwrap_or_default();
    let yaml = format!(
        "paths:\n  /a/{{p}}:\n    get:\n      parameters:\n        - {{name: p, in: {location}, required: true, type: array, items: {{type: string}}{format}}}\n      responses: {{'204': {{description: done}}}}\n"
    );
    let (value, _) = try_convert(&yaml)?;
    let parameter = at(&value, "/paths/~1a~1{p}/get/parameters/0");
    Ok((parameter["style"].clone(), parameter["explode"].clone()))
}

#[test]
fn collection_formats_become_styles() {
    let style = |location, format| style_of(location, format).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(style("query", None), (json!("form"), json!(false)));
    assert_eq!(style("query", Some("csv")), (json!("form"), json!(false)));
    assert_eq!(style("query", Some("ssv")), (json!("spaceDelimited"), json!(false)));
    assert_eq!(style("query", Some("pipes")), (json!("pipeDelimited"), json!(false)));
    assert_eq!(style("query", Some("multi")), (json!("form"), json!(true)));
    assert_eq!(style("path", Some("csv")), (json!("simple"), json!(false)));
    assert_eq!(style("header", None), (json!("simple"), json!(false)));
}

#[test]
fn collection_formats_without_an_equivalent_are_errors_at_their_place() {
    let error = style_of("query", Some("tsv")).unwrap_err();
    assert_eq!(error.location, "#/paths/~1a~1{p}/get/parameters/0/collectionFormat");
    assert!(error.message.contains("`tsv`") && error.message.contains("no OpenAPI 3.0 equivalent"), "{error}");
    let error = style_of("header", Some("pipes")).unwrap_err();
    assert!(error.message.contains("header parameters") && error.message.contains("use `csv`"), "{error}");
    let error = style_of("path", Some("multi")).unwrap_err();
    assert!(error.message.contains("path parameters"), "{error}");
    let error = conversion_error(
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: m, in: query, type: array, items: {type: array, items: {type: string}, collectionFormat: pipes}}\n      responses: {}\n",
    );
    assert_eq!(error.location, "#/paths/~1a/get/parameters/0/items/collectionFormat");
}

#[test]
fn definitions_become_component_schemas_with_references_kept() {
    let yaml = "
paths: {}
definitions:
  Pet:
    type: object
    properties:
      tag: {$ref: '#/definitions/Tag'}
  Tag: {type: string}
";
    let (value, map) = converted(yaml);
    assert_eq!(at(&value, "/components/schemas/Pet/properties/tag"), &json!({"$ref": "#/definitions/Tag"}));
    assert!(value.get("definitions").is_none());
    assert_eq!(map.converted(&p("#/definitions/Tag")).to_string(), "#/components/schemas/Tag");
    assert_eq!(original(&map, "#/components/schemas/Pet/properties/tag"), "#/definitions/Pet/properties/tag");
}

#[test]
fn component_parameters_keep_the_others_and_inline_body_and_form_ones() {
    let yaml = "
paths:
  /a:
    post:
      parameters:
        - $ref: '#/parameters/limit'
        - $ref: '#/parameters/payload'
      responses: {'204': {description: done}}
  /b:
    post:
      parameters: [{$ref: '#/parameters/field'}]
      responses: {'204': {description: done}}
parameters:
  limit: {name: limit, in: query, type: integer}
  payload: {name: payload, in: body, required: true, schema: {type: object}}
  field: {name: field, in: formData, type: string}
";
    let (value, map) = converted(yaml);
    assert_eq!(
        at(&value, "/components/parameters"),
        &json!({"limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}})
    );
    assert_eq!(at(&value, "/paths/~1a/post/parameters"), &json!([{"$ref": "#/parameters/limit"}]));
    assert_eq!(at(&value, "/paths/~1a/post/requestBody/content/application~1json/schema"), &json!({"type": "object"}));
    assert_eq!(original(&map, "#/paths/~1a/post/requestBody"), "#/parameters/payload");
    assert_eq!(
        at(&value, "/paths/~1b/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/field"),
        &json!({"type": "string"})
    );
    assert_eq!(map.converted(&p("#/parameters/limit")).to_string(), "#/components/parameters/limit");
}

#[test]
fn path_level_body_and_form_parameters_reach_every_operation() {
    let yaml = "
paths:
  /a:
    parameters:
      - {name: note, in: formData, type: string}
      - {name: mode, in: formData, type: string}
    post:
      parameters: [{name: mode, in: formData, type: integer, required: true}]
      responses: {'204': {description: done}}
    put:
      responses: {'204': {description: done}}
";
    let (value, _) = converted(yaml);
    let form = "content/application~1x-www-form-urlencoded/schema";
    assert_eq!(
        at(&value, &format!("/paths/~1a/post/requestBody/{form}/properties")),
        &json!({"note": {"type": "string"}, "mode": {"type": "integer"}})
    );
    assert_eq!(at(&value, &format!("/paths/~1a/post/requestBody/{form}/required")), &json!(["mode"]));
    assert!(at(&value, &format!("/paths/~1a/put/requestBody/{form}/properties")).get("note").is_some());
    assert_eq!(at(&value, "/paths/~1a/parameters"), &json!([]));
}

#[test]
fn body_and_form_parameters_together_are_refused() {
    let error = conversion_error(
        "paths:\n  /a:\n    post:\n      parameters:\n        - {name: b, in: body, schema: {}}\n        - {name: f, in: formData, type: string}\n      responses: {}\n",
    );
    assert_eq!(error.location, "#/paths/~1a/post/parameters/1");
    assert!(error.message.contains("`in: body` parameter (at #/paths/~1a/post/parameters/0)"), "{error}");
    let error = conversion_error(
        "paths:\n  /a:\n    post:\n      parameters:\n        - {name: b, in: body, schema: {}}\n        - {name: c, in: body, schema: {}}\n      responses: {}\n",
    );
    assert_eq!(error.location, "#/paths/~1a/post/parameters/1");
}

#[test]
fn responses_get_content_per_produced_type_and_headers_get_schemas() {
    let yaml = "
produces: [application/json, text/plain]
paths:
  /a:
    get:
      responses:
        '404': {$ref: '#/responses/NotFound'}
        '204': {description: nothing}
responses:
  NotFound:
    description: Not here.
    schema: {$ref: '#/definitions/Problem'}
    examples: {application/json: {message: gone}}
    headers:
      X-Rate-Limit: {type: integer, format: int32, description: Calls left.}
definitions:
  Problem: {type: object}
";
    let (value, map) = converted(yaml);
    assert_eq!(
        at(&value, "/components/responses/NotFound"),
        &json!({
            "description": "Not here.",
            "content": {
                "application/json": {"schema": {"$ref": "#/definitions/Problem"}, "example": {"message": "gone"}},
                "text/plain": {"schema": {"$ref": "#/definitions/Problem"}},
            },
            "headers": {"X-Rate-Limit": {"description": "Calls left.", "schema": {"type": "integer", "format": "int32"}}},
        })
    );
    assert_eq!(at(&value, "/paths/~1a/get/responses/404"), &json!({"$ref": "#/responses/NotFound"}));
    assert_eq!(at(&value, "/paths/~1a/get/responses/204"), &json!({"description": "nothing"}));
    assert_eq!(map.converted(&p("#/responses/NotFound")).to_string(), "#/components/responses/NotFound");
    assert_eq!(
        original(&map, "#/components/responses/NotFound/content/text~1plain/schema"),
        "#/responses/NotFound/schema"
    );
    assert_eq!(
        original(&map, "#/components/responses/NotFound/headers/X-Rate-Limit/schema"),
        "#/responses/NotFound/headers/X-Rate-Limit"
    );
}

#[test]
fn security_definitions_become_security_schemes() {
    let yaml = "
paths: {}
securityDefinitions:
  basic: {type: basic, description: Name and password.}
  key: {type: apiKey, in: header, name: X-Key, x-internal: true}
  implicit: {type: oauth2, flow: implicit, authorizationUrl: 'https://a', scopes: {read: Read.}}
  password: {type: oauth2, flow: password, tokenUrl: 'https://t'}
  application: {type: oauth2, flow: application, tokenUrl: 'https://t', scopes: {}}
  accessCode: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {}}
";
    let (value, map) = converted(yaml);
    let schemes = at(&value, "/components/securitySchemes");
    assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic", "description": "Name and password."}));
    assert_eq!(schemes["key"], json!({"type": "apiKey", "name": "X-Key", "in": "header", "x-internal": true}));
    assert_eq!(
        schemes["implicit"],
        json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {"read": "Read."}}}})
    );
    assert_eq!(schemes["password"]["flows"], json!({"password": {"tokenUrl": "https://t", "scopes": {}}}));
    assert_eq!(schemes["application"]["flows"], json!({"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}));
    assert_eq!(
        schemes["accessCode"]["flows"],
        json!({"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}})
    );
    assert_eq!(original(&map, "#/components/securitySchemes/password/flows/password"), "#/securityDefinitions/password");
}

#[test]
fn security_definitions_without_an_equivalent_are_errors() {
    let error = conversion_error("paths: {}\nsecurityDefinitions:\n  x: {type: digest}\n");
    assert_eq!(error.location, "#/securityDefinitions/x/type");
    let error = conversion_error("paths: {}\nsecurityDefinitions:\n  x: {type: oauth2, flow: password}\n");
    assert_eq!(error.location, "#/securityDefinitions/x");
    assert!(error.message.contains("needs `tokenUrl`"), "{error}");
}

#[test]
fn schemas_are_converted_wherever_they_nest() {
    let yaml = "
paths: {}
definitions:
  A:
    type: object
    discriminator: kind
    properties:
      kind: {type: string}
      note: {type: string, x-nullable: true}
      list: {type: array, items: {type: string, x-nullable: true}}
      map: {type: object, additionalProperties: {type: file}}
      both: {allOf: [{type: object, x-nullable: true}]}
    example: {note: {x-nullable: true}}
";
    let (value, _) = converted(yaml);
    let a = at(&value, "/components/schemas/A");
    assert_eq!(a["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(a["properties"]["note"], json!({"type": "string", "nullable": true}));
    assert_eq!(a["properties"]["list"]["items"], json!({"type": "string", "nullable": true}));
    assert_eq!(a["properties"]["map"]["additionalProperties"], json!({"type": "string", "format": "binary"}));
    assert_eq!(a["properties"]["both"]["allOf"][0], json!({"type": "object", "nullable": true}));
    // Examples are data, not schemas.
    assert_eq!(a["example"], json!({"note": {"x-nullable": true}}));
}

#[test]
fn a_nullable_reference_is_wrapped_in_all_of() {
    let yaml = "
paths: {}
definitions:
  A:
    properties:
      owner: {$ref: '#/definitions/B', x-nullable: true, description: Maybe.}
      plain: {$ref: '#/definitions/B'}
  B: {type: object}
";
    let (value, map) = converted(yaml);
    assert_eq!(
        at(&value, "/components/schemas/A/properties/owner"),
        &json!({"nullable": true, "description": "Maybe.", "allOf": [{"$ref": "#/definitions/B"}]})
    );
    assert_eq!(at(&value, "/components/schemas/A/properties/plain"), &json!({"$ref": "#/definitions/B"}));
    assert_eq!(original(&map, "#/components/schemas/A/properties/owner/allOf/0"), "#/definitions/A/properties/owner");
}

#[test]
fn what_three_oh_has_too_passes_through() {
    let yaml = "
info: {title: T, version: '2', description: D, contact: {name: C}}
tags: [{name: pets, description: Pets.}]
externalDocs: {url: 'https://docs'}
security: [{key: []}]
x-logo: logo.png
paths:
  x-paths-extension: 1
  /a:
    x-item: 2
    get:
      operationId: getA
      summary: S
      description: D
      deprecated: true
      tags: [pets]
      schemes: [http]
      x-op: 3
      responses: {'204': {description: done}, x-responses: 4}
";
    let (value, _) = converted(yaml);
    assert_eq!(value["info"], json!({"title": "T", "version": "2", "description": "D", "contact": {"name": "C"}}));
    assert_eq!(value["tags"], json!([{"name": "pets", "description": "Pets."}]));
    assert_eq!(value["externalDocs"], json!({"url": "https://docs"}));
    assert_eq!(value["security"], json!([{"key": []}]));
    assert_eq!(value["x-logo"], "logo.png");
    assert_eq!(value["paths"]["x-paths-extension"], 1);
    assert_eq!(value["paths"]["/a"]["x-item"], 2);
    assert_eq!(
        value["paths"]["/a"]["get"],
        json!({
            "operationId": "getA", "summary": "S", "description": "D", "deprecated": true, "tags": ["pets"],
            "x-op": 3, "responses": {"204": {"description": "done"}, "x-responses": 4},
        })
    );
}

#[test]
fn hostile_shapes_are_errors_not_panics() {
    assert_eq!(conversion_error("paths: []\n").location, "#/paths");
    assert_eq!(conversion_error("paths: {/a: {get: {parameters: 3}}}\n").location, "#/paths/~1a/get/parameters");
    assert_eq!(conversion_error("paths: {/a: {get: {parameters: [3]}}}\n").location, "#/paths/~1a/get/parameters/0");
    assert_eq!(conversion_error("paths: {}\nhost: 3\n").location, "#/host");
    assert_eq!(conversion_error("paths: {}\ndefinitions: []\n").location, "#/definitions");
    let cycle = conversion_error("paths: {/a: {get: {parameters: [{$ref: '#/parameters/x'}]}}}\nparameters: {x: {$ref: '#/parameters/x'}}\n");
    assert_eq!(cycle.location, "#/paths/~1a/get/parameters/0");
    assert!(convert(&json!("swagger")).is_err());
}

#[test]
fn an_error_deep_inside_a_definition_names_the_users_place() {
    let error = pipeline_error(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  Pet:\n    properties:\n      owner:\n        properties:\n          home: {$ref: '#/definitions/Nowhere'}\n",
    );
    assert_eq!(error.location, "#/definitions/Pet/properties/owner/properties/home");
}

#[test]
fn an_error_inside_a_body_parameter_names_the_parameter() {
    let error = pipeline_error(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      parameters:\n        - {name: q, in: query, type: string}\n        - {name: b, in: body, schema: {properties: {x: {$ref: '#/definitions/Nowhere'}}}}\n      responses: {'204': {description: done}}\n",
    );
    assert_eq!(error.location, "#/paths/~1a/post/parameters/1/schema/properties/x");
}
