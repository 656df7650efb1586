//! The one name syntax the format uses, for key ids and feature names.

/// Members of the status map that are not features, so no feature may use them.
pub(crate) const RESERVED_STATUS_MEMBERS: [&str; 3] = ["expiration", "licenseAttributes", "licensed"];

/// 1 to 64 characters of `A-Z a-z 0-9 . _ -`.
pub(crate) fn is_name(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::is_name;

    #[test]
    fn name_syntax() {
        assert!(is_name("a"));
        assert!(is_name("Vendor-2026_v1.0"));
        assert!(is_name(&"k".repeat(64)));
        assert!(!is_name(&"k".repeat(65)));
        assert!(!is_name(""));
        for bad in ["a b", "a/b", "a:b", "é", "a\0", "../x"] {
            assert!(!is_name(bad), "{bad:?}");
        }
    }
}
