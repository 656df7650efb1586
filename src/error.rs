//! The one error type of the crate, and its FusionAuth-style rendering.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

/// Everything that can go wrong, from reading license text to judging its dates.
///
/// Each variant carries what a person needs to act: the field, the value
/// (escaped and shortened when it came from unverified input), the instant.
/// [`Error::kind`] sorts them into the verdicts the CLI turns into exit codes;
/// [`Error::code`] and [`Error::field`] give the FusionAuth error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The license text is longer than [`MAX_LICENSE_TEXT`](crate::MAX_LICENSE_TEXT).
    #[error("the license text is larger than the limit of {max} bytes")]
    TooLarge {
        /// Length of the text given (a reader may stop at `max + 1`).
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The license text holds nothing but whitespace (and perhaps armor lines).
    #[error("the license text is empty")]
    Empty,
    /// The `-----BEGIN/END AIRGAP LICENSE-----` armor is incomplete or misplaced.
    #[error("license armor: {problem}")]
    Armor {
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The license text uses both `+`/`/` and `-`/`_`.
    #[error("the license text mixes the standard (+ /) and URL-safe (- _) Base64 alphabets")]
    MixedAlphabet,
    /// Some Base64 did not decode; `part` says which.
    #[error("{} is not valid Base64: {detail}", if *part == "license" { "the license text" } else { part })]
    Base64 {
        /// `license` (the whole text), `payload` or `signature`.
        part: &'static str,
        /// What the decoder found.
        detail: String,
    },
    /// Some JSON did not parse, or is not an object.
    #[error("{part} is not a JSON object: {detail}")]
    Json {
        /// `envelope` or `payload` (the license document).
        part: &'static str,
        /// What the parser found.
        detail: String,
    },
    /// A JSON object names the same member twice.
    #[error("{part} names the member {member} more than once")]
    DuplicateMember {
        /// `envelope` or `payload`.
        part: &'static str,
        /// The path of the repeated member, quoted.
        member: String,
    },
    /// The envelope has a member other than `alg`, `kid`, `payload`, `signature`.
    #[error("the envelope has an unexpected member {member}")]
    UnexpectedMember {
        /// The member's name, quoted.
        member: String,
    },
    /// A required field is absent.
    #[error("{field} is missing")]
    Missing {
        /// The field's name or path.
        field: String,
    },
    /// A field is present with the wrong JSON type (including `null`).
    #[error("{field} must be {expected}")]
    WrongType {
        /// The field's name or path.
        field: String,
        /// What it must be.
        expected: &'static str,
    },
    /// A required text field is empty or whitespace.
    #[error("{field} is blank")]
    Blank {
        /// The field's name or path.
        field: String,
    },
    /// `alg` is not `Ed25519`.
    #[error("alg {alg} is not supported; the only algorithm is \"Ed25519\"")]
    UnsupportedAlg {
        /// The algorithm named, quoted.
        alg: String,
    },
    /// A key id is not 1 to 64 characters of `A-Z a-z 0-9 . _ -`.
    #[error("kid {kid} is not a key id: it must be 1 to 64 characters of A-Z a-z 0-9 . _ -")]
    InvalidKid {
        /// The id given, quoted.
        kid: String,
    },
    /// The signature does not decode to 64 bytes.
    #[error("the signature is {len} bytes; an Ed25519 signature is 64")]
    SignatureLength {
        /// Its decoded length.
        len: usize,
    },
    /// No trusted key has the envelope's `kid`.
    #[error("no trusted key has the kid {kid}")]
    UnknownKey {
        /// The key id.
        kid: String,
    },
    /// The signature does not verify (strictly) with the trusted key.
    #[error("the signature does not verify with the trusted key {kid}")]
    BadSignature {
        /// The key id.
        kid: String,
    },
    /// A document field has the right type but an unacceptable value.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field's name or path.
        field: String,
        /// Why it is refused.
        reason: String,
    },
    /// A date is not exactly `YYYY-MM-DD` or not a real day.
    #[error("{field} is {value}: {reason}")]
    InvalidDate {
        /// `issued`, `notBefore`, `expiration`, or the caller's own label.
        field: String,
        /// The text given, quoted.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `LicensedPlan` is not a plan of the catalog.
    #[error("licenseAttributes.LicensedPlan {plan} is not a plan of the catalog ({known})")]
    UnknownPlan {
        /// The plan named, quoted.
        plan: String,
        /// The catalog's plans, comma separated.
        known: String,
    },
    /// `expiration` is before `notBefore`.
    #[error("expiration {expiration} is before notBefore {not_before}")]
    ExpirationBeforeNotBefore {
        /// The last day in effect.
        expiration: NaiveDate,
        /// The first day in effect.
        not_before: NaiveDate,
    },
    /// The license ended before `now`.
    #[error("the license expired at the end of {expiration} UTC; it is now {}", instant(now))]
    Expired {
        /// The instant evaluated.
        now: DateTime<Utc>,
        /// Its last day in effect.
        expiration: NaiveDate,
    },
    /// The license has not started at `now`.
    #[error("the license is not in effect until {not_before} UTC; it is now {}", instant(now))]
    NotYetInEffect {
        /// The instant evaluated.
        now: DateTime<Utc>,
        /// Its first day in effect.
        not_before: NaiveDate,
    },
    /// `now` is so long before the license was issued that the clock must be wrong.
    #[error(
        "the clock cannot be trusted: it is {}, more than {tolerance_hours} hours before the license was issued on {issued}",
        instant(now)
    )]
    ClockUntrusted {
        /// The instant evaluated.
        now: DateTime<Utc>,
        /// The day the license was issued.
        issued: NaiveDate,
        /// The tolerance of the policy, in hours.
        tolerance_hours: i64,
    },
    /// The license is in effect now but ends before `now + valid_for`.
    #[error("the license ends at the end of {expiration} UTC, before {} as required", instant(until))]
    EndsWithin {
        /// The instant evaluated.
        now: DateTime<Utc>,
        /// The instant it had to stay in effect through.
        until: DateTime<Utc>,
        /// Its last day in effect.
        expiration: NaiveDate,
    },
    /// A trusted key could not be loaded.
    #[error("trusted key \"{kid}\": {reason}")]
    Key {
        /// The key id (or file name) concerned.
        kid: String,
        /// Why it was refused.
        reason: String,
    },
    /// A trusted key is a weak (small-order) Ed25519 point, refused at load.
    #[error("trusted key \"{kid}\" is a weak (small-order) Ed25519 key and is refused")]
    WeakKey {
        /// The key id.
        kid: String,
    },
    /// Two trusted keys share an id.
    #[error("two trusted keys have the kid \"{kid}\"")]
    DuplicateKey {
        /// The key id.
        kid: String,
    },
    /// The plan and feature catalog is malformed.
    #[error("the catalog is malformed: {reason}")]
    Catalog {
        /// What is wrong with it.
        reason: String,
    },
    /// The operating system's random source failed (issuer only).
    #[error("the system random source failed: {reason}")]
    Random {
        /// What it said.
        reason: String,
    },
}

/// The verdict an [`Error`] stands for: what the CLI maps to its exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The license is malformed, forged or unknown: nothing in it counts.
    Rejected,
    /// The license is genuine but ended.
    Expired,
    /// The license is genuine but has not started.
    NotYetInEffect,
    /// The license is genuine but the clock is too far behind its issue date.
    ClockUntrusted,
    /// The license is genuine and in effect, but ends within the required period.
    EndsWithin,
    /// The trusted keys or the catalog are unusable: a configuration problem.
    Configuration,
}

impl Error {
    /// Which verdict this error stands for.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Expired { .. } => ErrorKind::Expired,
            Self::NotYetInEffect { .. } => ErrorKind::NotYetInEffect,
            Self::ClockUntrusted { .. } => ErrorKind::ClockUntrusted,
            Self::EndsWithin { .. } => ErrorKind::EndsWithin,
            Self::Key { .. }
            | Self::WeakKey { .. }
            | Self::DuplicateKey { .. }
            | Self::Catalog { .. }
            | Self::Random { .. } => ErrorKind::Configuration,
            _ => ErrorKind::Rejected,
        }
    }

    /// The field the error is about, as FusionAuth keys `fieldErrors`:
    /// `license` for the text as a whole, an envelope member (`alg`, `kid`,
    /// `payload`, `signature`) or a document field (`licenseId`,
    /// `licenseAttributes.LicensedPlan`, ...). `None` for configuration errors,
    /// which are not about the license.
    #[must_use]
    pub fn field(&self) -> Option<&str> {
        Some(match self {
            Self::TooLarge { .. }
            | Self::Empty
            | Self::Armor { .. }
            | Self::MixedAlphabet
            | Self::UnexpectedMember { .. }
            | Self::Expired { .. }
            | Self::NotYetInEffect { .. }
            | Self::ClockUntrusted { .. }
            | Self::EndsWithin { .. } => "license",
            Self::Base64 { part, .. } => part,
            Self::Json { part, .. } | Self::DuplicateMember { part, .. } => match *part {
                "envelope" => "license",
                other => other,
            },
            Self::Missing { field }
            | Self::WrongType { field, .. }
            | Self::Blank { field }
            | Self::Invalid { field, .. }
            | Self::InvalidDate { field, .. } => field,
            Self::UnsupportedAlg { .. } => "alg",
            Self::InvalidKid { .. } | Self::UnknownKey { .. } => "kid",
            Self::SignatureLength { .. } | Self::BadSignature { .. } => "signature",
            Self::UnknownPlan { .. } => "licenseAttributes.LicensedPlan",
            Self::ExpirationBeforeNotBefore { .. } => "expiration",
            Self::Key { .. }
            | Self::WeakKey { .. }
            | Self::DuplicateKey { .. }
            | Self::Catalog { .. }
            | Self::Random { .. } => return None,
        })
    }

    /// The FusionAuth error code, `[reason]field`: `[expired]license`,
    /// `[blank]licenseId`, `[unknown]kid`, `[invalid]signature`, ...
    #[must_use]
    pub fn code(&self) -> String {
        let reason = match self {
            Self::TooLarge { .. } => "tooLarge",
            Self::Empty | Self::Blank { .. } => "blank",
            Self::Missing { .. } => "missing",
            Self::DuplicateMember { .. } => "duplicate",
            Self::UnexpectedMember { .. } => "unexpected",
            Self::UnsupportedAlg { .. } => "unsupported",
            Self::UnknownKey { .. } | Self::UnknownPlan { .. } => "unknown",
            Self::Expired { .. } => "expired",
            Self::NotYetInEffect { .. } => "notYetInEffect",
            Self::ClockUntrusted { .. } => "untrustedClock",
            Self::EndsWithin { .. } => "expiresSoon",
            Self::WeakKey { .. } => "weak",
            Self::DuplicateKey { .. } => "duplicate",
            _ => "invalid",
        };
        let field = match self {
            Self::Key { .. } | Self::WeakKey { .. } | Self::DuplicateKey { .. } => "key",
            Self::Catalog { .. } => "catalog",
            Self::Random { .. } => "random",
            _ => self.field().unwrap_or("license"),
        };
        format!("[{reason}]{field}")
    }

    /// The FusionAuth Errors object for this error:
    /// `{"fieldErrors": {field: [{"code", "message"}]}, "generalErrors": []}`,
    /// with configuration errors under `generalErrors` instead.
    #[must_use]
    pub fn errors_body(&self) -> Value {
        let entry = json!({ "code": self.code(), "message": self.to_string() });
        let mut field_errors = Map::new();
        let mut general_errors = Vec::new();
        match self.field() {
            Some(field) => {
                field_errors.insert(field.to_owned(), Value::Array(vec![entry]));
            }
            None => general_errors.push(entry),
        }
        json!({ "fieldErrors": field_errors, "generalErrors": general_errors })
    }
}

/// An instant as RFC 3339 in UTC, to the second: `2026-06-01T00:00:00Z`.
pub(crate) fn instant(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Quotes text that came from unverified or vendor input for an error message:
/// control characters escaped, and cut at 64 characters so that a hostile
/// license cannot flood a log or a terminal.
pub(crate) fn quoted(text: &str) -> String {
    const MAX_CHARS: usize = 64;
    let mut out = String::from("\"");
    for (count, c) in text.chars().enumerate() {
        if count == MAX_CHARS {
            out.push_str("...");
            break;
        }
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_code_field_and_kind() {
        use chrono::{NaiveDate, TimeZone};
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let s = String::new;
        let table: Vec<(Error, &str, Option<&str>, ErrorKind)> = vec![
            (Error::TooLarge { len: 2, max: 1 }, "[tooLarge]license", Some("license"), ErrorKind::Rejected),
            (Error::Empty, "[blank]license", Some("license"), ErrorKind::Rejected),
            (Error::Armor { problem: "x" }, "[invalid]license", Some("license"), ErrorKind::Rejected),
            (Error::MixedAlphabet, "[invalid]license", Some("license"), ErrorKind::Rejected),
            (Error::Base64 { part: "payload", detail: s() }, "[invalid]payload", Some("payload"), ErrorKind::Rejected),
            (Error::Json { part: "envelope", detail: s() }, "[invalid]license", Some("license"), ErrorKind::Rejected),
            (Error::Json { part: "payload", detail: s() }, "[invalid]payload", Some("payload"), ErrorKind::Rejected),
            (
                Error::DuplicateMember { part: "envelope", member: s() },
                "[duplicate]license",
                Some("license"),
                ErrorKind::Rejected,
            ),
            (
                Error::DuplicateMember { part: "payload", member: s() },
                "[duplicate]payload",
                Some("payload"),
                ErrorKind::Rejected,
            ),
            (Error::UnexpectedMember { member: s() }, "[unexpected]license", Some("license"), ErrorKind::Rejected),
            (Error::Missing { field: "kid".into() }, "[missing]kid", Some("kid"), ErrorKind::Rejected),
            (
                Error::WrongType { field: "alg".into(), expected: "a string" },
                "[invalid]alg",
                Some("alg"),
                ErrorKind::Rejected,
            ),
            (Error::Blank { field: "issuedTo".into() }, "[blank]issuedTo", Some("issuedTo"), ErrorKind::Rejected),
            (Error::UnsupportedAlg { alg: s() }, "[unsupported]alg", Some("alg"), ErrorKind::Rejected),
            (Error::InvalidKid { kid: s() }, "[invalid]kid", Some("kid"), ErrorKind::Rejected),
            (Error::SignatureLength { len: 3 }, "[invalid]signature", Some("signature"), ErrorKind::Rejected),
            (Error::UnknownKey { kid: s() }, "[unknown]kid", Some("kid"), ErrorKind::Rejected),
            (Error::BadSignature { kid: s() }, "[invalid]signature", Some("signature"), ErrorKind::Rejected),
            (
                Error::Invalid { field: "features".into(), reason: s() },
                "[invalid]features",
                Some("features"),
                ErrorKind::Rejected,
            ),
            (
                Error::InvalidDate { field: "issued".into(), value: s(), reason: "r" },
                "[invalid]issued",
                Some("issued"),
                ErrorKind::Rejected,
            ),
            (
                Error::UnknownPlan { plan: s(), known: s() },
                "[unknown]licenseAttributes.LicensedPlan",
                Some("licenseAttributes.LicensedPlan"),
                ErrorKind::Rejected,
            ),
            (
                Error::ExpirationBeforeNotBefore { expiration: day, not_before: day },
                "[invalid]expiration",
                Some("expiration"),
                ErrorKind::Rejected,
            ),
            (Error::Expired { now, expiration: day }, "[expired]license", Some("license"), ErrorKind::Expired),
            (
                Error::NotYetInEffect { now, not_before: day },
                "[notYetInEffect]license",
                Some("license"),
                ErrorKind::NotYetInEffect,
            ),
            (
                Error::ClockUntrusted { now, issued: day, tolerance_hours: 24 },
                "[untrustedClock]license",
                Some("license"),
                ErrorKind::ClockUntrusted,
            ),
            (
                Error::EndsWithin { now, until: now, expiration: day },
                "[expiresSoon]license",
                Some("license"),
                ErrorKind::EndsWithin,
            ),
            (Error::Key { kid: s(), reason: s() }, "[invalid]key", None, ErrorKind::Configuration),
            (Error::WeakKey { kid: s() }, "[weak]key", None, ErrorKind::Configuration),
            (Error::DuplicateKey { kid: s() }, "[duplicate]key", None, ErrorKind::Configuration),
            (Error::Catalog { reason: s() }, "[invalid]catalog", None, ErrorKind::Configuration),
            (Error::Random { reason: s() }, "[invalid]random", None, ErrorKind::Configuration),
        ];
        for (error, code, field, kind) in table {
            assert_eq!(error.code(), code, "{error:?}");
            assert_eq!(error.field(), field, "{error:?}");
            assert_eq!(error.kind(), kind, "{error:?}");
        }
    }

    #[test]
    fn quoted_escapes_controls_and_truncates() {
        assert_eq!(quoted("a\"b\u{1b}[31m"), "\"a\\\"b\\u{1b}[31m\"");
        // Printable non-ASCII text stays as it is.
        assert_eq!(quoted("Société Générale"), "\"Société Générale\"");
        let long = "x".repeat(100);
        assert_eq!(quoted(&long), format!("\"{}...\"", "x".repeat(64)));
    }

    #[test]
    fn configuration_errors_are_general_errors() {
        let body = Error::WeakKey { kid: "k".into() }.errors_body();
        assert_eq!(body["generalErrors"][0]["code"], "[weak]key");
        assert_eq!(body["fieldErrors"], json!({}));
    }

    #[test]
    fn field_errors_are_keyed_by_field() {
        let body = Error::Blank { field: "licenseId".into() }.errors_body();
        assert_eq!(body["fieldErrors"]["licenseId"][0]["code"], "[blank]licenseId");
        assert_eq!(body["fieldErrors"]["licenseId"][0]["message"], "licenseId is blank");
        assert_eq!(body["generalErrors"], json!([]));
    }
}
