//! The canonical form of a licenseId: UUIDs are accepted in either case, and
//! every comparison (supersession, a store's memory, a fleet's duplicates,
//! the issuer's ledger) is of the lowercase form this gives.

/// The lowercase form of a hyphenated UUID (36 characters; the braced, URN
/// and bare-hex forms the uuid crate also takes are refused), or `None`
/// when `text` is not one. A license's [`licenseId`](crate::License::license_id)
/// and [`supersedes`](crate::License::supersedes) are already in this form.
#[must_use]
pub fn canonical_license_id(text: &str) -> Option<String> {
    if text.len() != 36 {
        return None;
    }
    // 36 characters that parse are the hyphenated form: its lowercase is
    // the canonical text (formatting the parsed UUID costs ten times more).
    uuid::Uuid::try_parse(text).ok().map(|_| text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_case_gives_the_lowercase_form() {
        let lower = "2b1e9c3a-4f5d-4e6a-8b7c-9d0e1f2a3b4c";
        assert_eq!(canonical_license_id(lower).as_deref(), Some(lower));
        assert_eq!(canonical_license_id(&lower.to_uppercase()).as_deref(), Some(lower));
        assert_eq!(canonical_license_id("2B1E9c3a-4f5d-4E6A-8b7c-9d0e1f2a3b4c").as_deref(), Some(lower));
    }

    #[test]
    fn only_the_hyphenated_form_is_one() {
        for text in ["", "not-a-uuid", "{2b1e9c3a-4f5d-4e6a-8b7c-9d0e1f2a3b4c}", "2b1e9c3a4f5d4e6a8b7c9d0e1f2a3b4c"] {
            assert_eq!(canonical_license_id(text), None, "{text}");
        }
    }
}
