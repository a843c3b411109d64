//! The README's Arize example is the compiled example, word for word.

#[test]
fn readme_shows_the_compiled_example() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../examples/arize_tour.rs");
    assert!(readme.contains(example), "README.md must contain client-tests/examples/arize_tour.rs verbatim");
}
