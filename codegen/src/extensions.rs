//! The `x-` keys this generator defines. They all begin with [`PREFIX`], a namespace of its
//! own, so that no other tool's extension is taken for one of them: DataDog's specs carry an
//! `x-pagination` that means something else. The names used before the namespace are still
//! read where their value cannot be another tool's.
//!
//! Other tools' extensions that the generator understands (pagination by DataDog,
//! Speakeasy, Fern and Azure) are read where they are used; see `ir::lower::pagination`.

/// What every extension this generator defines begins with.
pub const PREFIX: &str = "x-rust-client-";

/// On an operation: how it pages, or `false` for not at all (README, *Pagination*).
pub const PAGINATION: &str = "x-rust-client-pagination";

/// The name [`PAGINATION`] had before the namespace: read when its value is in this
/// generator's vocabulary (`false`, a `style`, or the older `cursor_param` form), and as
/// DataDog's otherwise.
pub const OLD_PAGINATION: &str = "x-pagination";

/// On an overlay action: a target that selects nothing is not an error.
pub const OPTIONAL: &str = "x-rust-client-optional";

/// The name [`OPTIONAL`] had before the namespace; overlays are ours, so it is always read.
pub const OLD_OPTIONAL: &str = "x-optional";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_is_in_the_namespace() {
        for name in [PAGINATION, OPTIONAL] {
            assert!(name.starts_with(PREFIX), "{name}");
        }
    }
}
