//! A caller's own rule refusing a license: the library judges the license,
//! a caller such as a store may hold rules of its own (superseded, older
//! than a copy seen, a clock wound back under its mark) and says so in the
//! same verdict object, in the same vocabulary.

use serde_json::{Map, Value, json};

use crate::verdict::Verdict;

/// What a caller's rule says of a license: the verdict it stands for, the
/// field of the FusionAuth Errors object, the reason (`[reason]field` is the
/// code) and the message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    verdict: Verdict,
    field: &'static str,
    reason: &'static str,
    message: String,
}

impl Refusal {
    /// A refusal standing for `verdict`, reported under `field` with the
    /// code `[reason]field`.
    #[must_use]
    pub fn new(verdict: Verdict, field: &'static str, reason: &'static str, message: String) -> Refusal {
        Refusal { verdict, field, reason, message }
    }

    /// The verdict it stands for.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// The field it is about (`licenseId`, `license`, `issued`, ...).
    #[must_use]
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// The FusionAuth code, `[reason]field`.
    #[must_use]
    pub fn code(&self) -> String {
        format!("[{}]{}", self.reason, self.field)
    }

    /// The message for people (already escaped where it quotes a license).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The FusionAuth Errors object, as [`Error::errors_body`](crate::Error::errors_body).
    #[must_use]
    pub fn errors_body(&self) -> Value {
        let mut field_errors = Map::new();
        field_errors.insert(self.field.to_owned(), json!([{ "code": self.code(), "message": self.message }]));
        json!({ "fieldErrors": field_errors, "generalErrors": [] })
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
