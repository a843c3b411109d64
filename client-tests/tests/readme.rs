//! The README's examples are compiled files, word for word.

#[test]
fn readme_shows_the_compiled_examples() {
    let readme = include_str!("../../README.md");
    let examples = [
        ("client-tests/examples/arize_tour.rs", include_str!("../examples/arize_tour.rs")),
        ("client-tests/examples/tokens_and_hooks.rs", include_str!("../examples/tokens_and_hooks.rs")),
        ("client-tests/tests/arize_mock.rs", include_str!("arize_mock.rs")),
        ("streaming-tests/tests/openai_chat.rs", include_str!("../../streaming-tests/tests/openai_chat.rs")),
    ];
    for (path, example) in examples {
        assert!(readme.contains(example), "README.md must contain {path} verbatim");
    }
}
