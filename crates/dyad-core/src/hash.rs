//! Stable content hashes: article keys and event ids must not change between runs or machines.

use sha2::{Digest, Sha256};

/// Hex SHA-256 of the given parts, each followed by a unit separator so that
/// `("ab", "c")` and `("a", "bc")` differ.
pub fn content_hash(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The first 16 hex digits of [`content_hash`]: short enough for ids, long enough not to collide.
pub fn short_hash(parts: &[&str]) -> String {
    content_hash(parts)[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_distinguishes_splits() {
        assert_ne!(content_hash(&["ab", "c"]), content_hash(&["a", "bc"]));
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(
            short_hash(&["dyad"]),
            content_hash(&["dyad"])[..16].to_string()
        );
        assert_eq!(content_hash(&["x"]).len(), 64);
    }
}
