//! The runtime every generated crate carries: hand-written, spec-independent, copied verbatim
//! so that a generated crate needs nothing but crates.io.

/// `(file name under src/runtime/, contents)` of every runtime file.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("auth.rs", include_str!("../../runtime/auth.rs")),
    ("body.rs", include_str!("../../runtime/body.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("constant.rs", include_str!("../../runtime/constant.rs")),
    ("encoding.rs", include_str!("../../runtime/encoding.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("framing.rs", include_str!("../../runtime/framing.rs")),
    ("hooks.rs", include_str!("../../runtime/hooks.rs")),
    ("json_path.rs", include_str!("../../runtime/json_path.rs")),
    ("link_header.rs", include_str!("../../runtime/link_header.rs")),
    ("mock.rs", include_str!("../../runtime/mock.rs")),
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("next_url.rs", include_str!("../../runtime/next_url.rs")),
    ("nullable.rs", include_str!("../../runtime/nullable.rs")),
    ("object.rs", include_str!("../../runtime/object.rs")),
    ("pagination.rs", include_str!("../../runtime/pagination.rs")),
    ("path.rs", include_str!("../../runtime/path.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("secret.rs", include_str!("../../runtime/secret.rs")),
    ("send.rs", include_str!("../../runtime/send.rs")),
    ("server.rs", include_str!("../../runtime/server.rs")),
    ("streaming.rs", include_str!("../../runtime/streaming.rs")),
    ("tagged.rs", include_str!("../../runtime/tagged.rs")),
    ("webhook.rs", include_str!("../../runtime/webhook.rs")),
];
