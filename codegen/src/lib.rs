//! Generates typed Rust HTTP clients from OpenAPI 3.0, 3.1 and 3.2 and Swagger 2.0 documents.
//!
//! # Using the generator from your own code
//!
//! Three uses, each with an example that compiles, and these items **stable** (they change
//! only with a new major version): [`crates::generate`] writes one client crate into a
//! directory, or checks it, with every safety rule of the command line;
//! [`crates::regenerate`] does what `cargo xtask codegen` does for a workspace's `generated/`
//! and `specs/`; [`build::generate`] writes a client into `OUT_DIR` from a build script, for a
//! crate that `include!`s it. With them: their options structs, [`crates::Outcome`],
//! [`crates::settings_from`], [`Settings::read`], [`Settings::parse`], [`Settings::set_option`],
//! [`Error`] and [`Warning`]. Everything else (the stages below, [`generate_with`],
//! [`CrateFiles`]) is the pipeline inside: public for this repository's tests and tools, and
//! changed with the generator. `docs/command-line-and-library.md` in the repository is the guide.
//!
//! # Stages
//!
//! The pipeline has one module per stage, each with a plain data interface:
//! [`load`] (text to `openapiv3`, overlays applied first), [`ir`] (resolved, named, token-free
//! model, narrowed to a selection), [`emit`] (IR to Rust token trees and crate files),
//! [`format`](mod@format) (tokens to source text), and [`write`](mod@write) (all-or-nothing
//! files on disk). [`settings`] is what a user says about one spec: its crate, overlays and
//! which operations to generate.
//!
//! # One model for every version
//!
//! [`load`] turns every version into one model before anything else reads it: Swagger 2.0 is
//! converted into the OpenAPI 3.0 shape, and OpenAPI 3.1 and JSON Schema keywords are
//! rewritten into their 3.0 equivalents, in documents of any version (real documents mix
//! them). A source map keeps every error, doc comment and `$ref` pointing at the user's own
//! file. What each construct becomes, with the fixture (`codegen/tests/fixtures/*.yaml`, its
//! generated code in `codegen/tests/snapshots/`) that shows it:
//!
//! | written | generated Rust | fixture |
//! | --- | --- | --- |
//! | `type: [T, "null"]`, `type: "null"` | `Option<T>`; `Nullable<T>` for an optional field (absent and `null` differ) | `openapi31_type_lists` |
//! | `type: [A, B]` | an untagged enum, one variant per type, each with its own keywords (`format` on the right one) | `openapi31_type_lists` |
//! | `anyOf`/`oneOf` with a `{type: "null"}` member | the other members, nullable: one left is `Option<T>`, not a one-armed enum | `openapi31_null_unions` |
//! | `const` | a unit struct that writes its value and accepts no other | `openapi31_const` |
//! | a union whose members each pin one property (`const`, or an `enum` of one value) | an enum chosen by that property, with `Unknown(serde_json::Value)`, as with `discriminator` | `openapi31_const` |
//! | several members sharing one tag | tried in declaration order | `discriminator_shared_tag` |
//! | `$ref` with `description`, `nullable`, `readOnly`, `deprecated`, `default` beside it | the referenced type; the siblings document, make nullable, deprecate | `openapi31_reference_siblings` |
//! | `$defs`, and `$ref`s into them | named types | `openapi31_defs` |
//! | `prefixItems` (and draft 4's `items: [...]`) | a tuple `(A, B)`; with more items allowed, `Vec<serde_json::Value>` | `openapi31_tuples` |
//! | numeric `exclusiveMinimum`/`exclusiveMaximum`, `examples`, `contentEncoding`, `contentMediaType`, integers wider than 64 bits, 3.0's `nullable` and boolean bounds, `jsonSchemaDialect`, `info.summary`, `license.identifier` | read (constraints do not change types; binary content is an `Upload`) | `openapi31_keywords` |
//! | `webhooks`; operation `callbacks` (also as `$ref`s) | payload types in `types`; a `webhooks` module with an `Event` enum and `Event::decode(name, body)` by event name or `operationId` | `openapi31_webhooks`, `callbacks` |
//! | `components/pathItems`, `paths` absent, a path key with a query (`/responses?beta=true`) | operations; the key's query is sent with every call, and method names stay unique | `openapi31_path_items` |
//! | `host`, `basePath`, `schemes` (Swagger 2.0) | `Server` variants | `swagger2_servers` |
//! | `in: body`, `in: formData` | a body argument: JSON, form-encoded or multipart | `swagger2_body_and_form` |
//! | `type: file` | a `format: binary` field of a multipart body | `swagger2_file_upload` |
//! | `collectionFormat` | the matching `style`/`explode` (`tsv` is refused: OpenAPI 3 has no equivalent) | `swagger2_collection_format` |
//! | `definitions`, `parameters`, `responses` and `$ref`s into them | named types and shared parameters, as from `components` | `swagger2_definitions_refs` |
//! | `securityDefinitions`: `basic`, `apiKey`, `oauth2` | credential setters: basic, API key, bearer token | `swagger2_security` |
//! | `x-nullable` | `Option<T>` / `Nullable<T>` | `swagger2_nullable` |
//! | `consumes`, `produces` | request and response media types | `swagger2_media_types` |
//! | `text/event-stream` | a method returning a typed stream of each event's `data`; a tagged member `error` is a typed error | `event_stream` |
//! | JSON and `text/event-stream` on one response | `op` reads the JSON, `op_stream` streams and sets the body's `stream` flag | `event_stream_dual` |
//! | `itemSchema` (3.2) | the type of one streamed item; for an event stream whose `itemSchema` describes the whole event, its `data` (as `contentSchema` says when the data is JSON) | `openapi32_item_schema` |
//! | `application/jsonl`, `application/x-ndjson`, `application/json-seq` | a typed stream of lines or records | `json_lines` |
//! | binary responses (`application/octet-stream`, `audio/*`, `image/*`, `application/pdf`, `format: binary`) | `Bytes`, or a `ByteStream` by `.bytes_stream()` | `binary_download` |
//! | binary request bodies; `format: binary` multipart properties; `encoding` | an `Upload` (bytes, stream or file, sent as read); one part per property, with its declared content type | `uploads` |
//!
//! A version field that is missing or unknown (`openapi: 4.0.0`, `swagger: "1.2"`), and a
//! construct with no equivalent, are refused with one error naming the file and the JSON
//! pointer in it. The Swagger 2.0 conversion rules in full are in the `load::swagger2` module.

pub mod build;
pub mod changes;
pub mod crates;
pub mod emit;
pub mod error;
pub mod extensions;
pub mod format;
pub mod ir;
pub mod load;
pub mod marker;
pub mod pointer;
pub mod settings;
pub mod write;

use std::path::Path;

pub use emit::CrateOptions;
pub use error::{Error, Result, Warning, WARNING_KINDS};
pub use format::CrateFiles;
pub use settings::Settings;

/// Runs every stage but writing: the files of the client crate for the spec at `spec`.
pub fn generate(spec: &Path, options: &CrateOptions) -> Result<CrateFiles> {
    generate_with(spec, &Settings::default(), options)
}

/// The same, as `settings` say: their overlays and operation settings applied to the spec,
/// and only the operations they select generated. (The spec is the caller's to choose:
/// `settings.spec`, when set, names it.) Errors name the file they are in: the spec, an
/// overlay, or the settings file; so do the warnings the crate files carry, less those the
/// settings allow (and when they deny warnings, any left is an error).
pub fn generate_with(spec: &Path, settings: &Settings, options: &CrateOptions) -> Result<CrateFiles> {
    generate_over(spec, settings, options, None)
}

/// The same, to replace the crate generated earlier at `previous` (if there is one there):
/// the files carry a report of what changed in its public API, and with `crate.bump` the
/// version is raised to match and the report added to its `CHANGELOG.md`. A crate before
/// without a readable summary is no error: the report says it could not compare.
pub fn generate_over(spec: &Path, settings: &Settings, options: &CrateOptions, previous: Option<&Path>) -> Result<CrateFiles> {
    // The document goes once lowered: for a large spec its tree outweighs the IR many times.
    let mut api = ir::lower(&load::load_file_with(spec, &load::Edits::of(settings)?)?).map_err(|e| e.in_file(spec))?;
    let warnings = std::mem::take(&mut api.warnings).into_iter().map(|w| w.in_file(spec)).collect();
    let warnings = settings.warnings.judge(warnings).map_err(|e| e.in_file(spec))?;
    let api = ir::select(api, &settings.selection)?;
    let previous = previous.and_then(changes::Previous::read);
    let mut files = emit_revised(&api, options, previous.as_ref(), settings.crate_bump).map_err(|e| e.in_file(spec))?;
    files.warnings = warnings;
    Ok(files)
}

/// Emits and formats the crate, with its API summary, version and changelog settled against
/// the crate before.
fn emit_revised(api: &ir::Api, options: &CrateOptions, previous: Option<&changes::Previous>, bump: bool) -> Result<CrateFiles> {
    let analysis = emit::Analysis::of(api);
    let summary = emit::summarize(api, &analysis, &options.crate_name, &options.crate_version);
    let header = marker::header(&options.command, &options.source);
    let revision = changes::revise(summary, previous, bump, &header);
    let options = CrateOptions { crate_version: revision.summary.version.clone(), ..options.clone() };
    let mut files = format::format_crate(emit::emit(api, &analysis, &options))?;
    files.files.insert(changes::SUMMARY_FILE.into(), revision.summary.to_text(&header));
    if let Some(changelog) = revision.changelog {
        files.files.insert(changes::CHANGELOG_FILE.into(), changelog);
    }
    files.changes = revision.report;
    Ok(files)
}

/// The same, from a document already loaded.
pub fn generate_from(document: &load::Document, options: &CrateOptions) -> Result<CrateFiles> {
    emit_revised(&ir::lower(document)?, options, None, false)
}
