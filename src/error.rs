//! The one error type of the crate, and its FusionAuth-style rendering.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::escape::{Escaped, Quoted};
use crate::verdict::Verdict;

/// Which part of a license an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Part {
    /// The license text as a whole.
    License,
    /// The envelope's JSON.
    Envelope,
    /// The `payload` member: the license document.
    Payload,
    /// The `signature` member.
    Signature,
    /// A plan and feature catalog.
    Catalog,
}

impl Part {
    /// The name used in messages and as the FusionAuth field: `license`,
    /// `envelope`, `payload`, `signature`, `catalog`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Part::License => "license",
            Part::Envelope => "envelope",
            Part::Payload => "payload",
            Part::Signature => "signature",
            Part::Catalog => "catalog",
        }
    }
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Part::License => "the license text",
            Part::Envelope | Part::Payload | Part::Signature | Part::Catalog => self.as_str(),
        })
    }
}

/// Everything that can go wrong with a license, from reading its text to
/// judging its dates: each variant is a verdict, never a configuration
/// problem (those are [`ConfigError`](crate::ConfigError)).
///
/// Each variant carries what a person needs to act: the field, the value as
/// the license gave it, the instant. Values from the license are stored raw
/// and escaped and shortened only when displayed ([`Quoted`], [`Escaped`]),
/// so a caller can compare them and a terminal cannot be repainted by them.
/// [`Error::kind`] sorts them into verdicts; [`Error::code`] and
/// [`Error::field`] give the FusionAuth error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The license text is longer than [`MAX_LICENSE_TEXT`](crate::MAX_LICENSE_TEXT).
    #[error("the license text is larger than the limit of {max} bytes")]
    TooLarge {
        /// Length of the text given (a reader may stop one byte past the limit).
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The license text holds nothing but whitespace (and perhaps armor lines).
    #[error("the license text is empty")]
    Empty,
    /// The text's encoding cannot be read: UTF-16 without a byte-order mark,
    /// or broken UTF-16.
    #[error("the license text's encoding: {problem}")]
    Encoding {
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The `-----BEGIN/END AIRGAP LICENSE-----` armor is incomplete, misplaced or repeated.
    #[error("license armor: {problem}")]
    Armor {
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The license text uses both `+`/`/` and `-`/`_`.
    #[error("the license text mixes the standard (+ /) and URL-safe (- _) Base64 alphabets")]
    MixedAlphabet,
    /// Some Base64 did not decode.
    #[error("{part} is not valid Base64: {detail}")]
    Base64 {
        /// [`Part::License`], [`Part::Payload`] or [`Part::Signature`].
        part: Part,
        /// What the decoder found (offsets and symbols, escaped).
        detail: String,
    },
    /// Some JSON did not parse, or is not an object.
    #[error("{part} is not a JSON object: {detail}")]
    Json {
        /// [`Part::Envelope`] or [`Part::Payload`].
        part: Part,
        /// What the parser found.
        detail: String,
    },
    /// A JSON object names the same member twice.
    #[error("{part} names the member {} more than once", Quoted(.member))]
    DuplicateMember {
        /// [`Part::Envelope`] or [`Part::Payload`].
        part: Part,
        /// The path of the repeated member (`licenseAttributes.LicensedPlan`).
        member: String,
    },
    /// The envelope has a member other than `alg`, `kid`, `payload`, `signature`.
    #[error("the envelope has an unexpected member {}", Quoted(.member))]
    UnexpectedMember {
        /// The member's name.
        member: String,
    },
    /// A required field is absent.
    #[error("{} is missing", Escaped(.field))]
    Missing {
        /// The field's name or path.
        field: String,
    },
    /// A field is present with the wrong JSON type (including `null`).
    #[error("{} must be {expected}", Escaped(.field))]
    WrongType {
        /// The field's name or path (`licenseAttributes.Seats`).
        field: String,
        /// What it must be.
        expected: &'static str,
    },
    /// A required text field is empty or whitespace.
    #[error("{} is blank", Escaped(.field))]
    Blank {
        /// The field's name or path.
        field: String,
    },
    /// `alg` is not `Ed25519`.
    #[error("alg {} is not supported; the only algorithm is \"Ed25519\"", Quoted(.alg))]
    UnsupportedAlg {
        /// The algorithm named.
        alg: String,
    },
    /// A key id is not 1 to 64 characters of `A-Z a-z 0-9 . _ -`.
    #[error("kid {} is not a key id: it must be 1 to 64 characters of A-Z a-z 0-9 . _ -", Quoted(.kid))]
    InvalidKid {
        /// The id given.
        kid: String,
    },
    /// The signature does not decode to 64 bytes.
    #[error("the signature is {len} bytes; an Ed25519 signature is 64")]
    SignatureLength {
        /// Its decoded length.
        len: usize,
    },
    /// No trusted key has the envelope's `kid`.
    #[error(
        "no trusted key has the kid {}; {} (a key's kid is the name of its .pem file)",
        Escaped(.kid),
        trusted_kids(.trusted)
    )]
    UnknownKey {
        /// The key id.
        kid: String,
        /// The kids that are trusted, in order.
        trusted: Vec<String>,
    },
    /// The signature does not verify (strictly) with the trusted key.
    #[error("the signature does not verify with the trusted key {}", Escaped(.kid))]
    BadSignature {
        /// The key id.
        kid: String,
    },
    /// `licenseId` is not a UUID.
    #[error("licenseId: {} is not a UUID (8-4-4-4-12 hex digits)", Quoted(.value))]
    InvalidLicenseId {
        /// The text given.
        value: String,
    },
    /// A name in `features` is not a feature name.
    #[error(
        "features: {} is not a feature name (1 to 64 characters of A-Z a-z 0-9 . _ -, not expiration, licensed or licenseAttributes)",
        Quoted(.name)
    )]
    InvalidFeatureName {
        /// The name given.
        name: String,
    },
    /// `critical` is not a non-empty array of distinct names of members
    /// present in the document.
    #[error("critical: {problem}")]
    InvalidCritical {
        /// What is wrong (names quoted and escaped).
        problem: String,
    },
    /// The license lists in `critical` a member this validator does not
    /// implement: such a member narrows where the license is in effect, and
    /// ignoring it would be failing open.
    #[error(
        "this license needs a validator that understands {}: it is listed in critical, and this version of airgap-license does not implement it (docs/FORMAT.md lists what it does)",
        Quoted(.member)
    )]
    NotUnderstood {
        /// The member's name.
        member: String,
    },
    /// `machine` breaks a rule of the format (its members, its components,
    /// `match`, the label).
    #[error("machine: {problem}")]
    InvalidMachine {
        /// What is wrong (names quoted and escaped).
        problem: String,
    },
    /// An entry of `supersedes` is not a licenseId (a UUID).
    #[error("supersedes: {} is not a licenseId (8-4-4-4-12 hex digits)", Quoted(.value))]
    InvalidSupersedes {
        /// The text given.
        value: String,
    },
    /// A date is not exactly `YYYY-MM-DD` or not a real day.
    #[error("{} is {}: {reason}", Escaped(.field), Quoted(.value))]
    InvalidDate {
        /// `issued`, `notBefore`, `expiration`, or the caller's own label.
        field: String,
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `LicensedPlan` is not a plan of the catalog.
    #[error("licenseAttributes.LicensedPlan {} is not a plan of the catalog ({known})", Quoted(.plan))]
    UnknownPlan {
        /// The plan named.
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
    /// `issued` is after `expiration`: such a license can never be in effect
    /// (the issuer refuses to sign it; a validator judges it by its dates).
    #[error("issued {issued} is after expiration {expiration}: such a license could never be in effect")]
    IssuedAfterExpiration {
        /// The day it says it was issued.
        issued: NaiveDate,
        /// Its last day in effect.
        expiration: NaiveDate,
    },
    /// `graceDays` or `noticeDays` in a license with no `expiration` (the
    /// issuer refuses to sign it; a validator ignores both there).
    #[error("{member} needs an expiration: a perpetual license never ends, so it has no grace or notice period")]
    PerpetualWithEndRule {
        /// `graceDays` or `noticeDays`.
        member: String,
    },
    /// A template (`machines`) is in effect on no machine until the vendor
    /// binds it to one.
    #[error(
        "this license is a template for {machines} machine(s): it is in effect only on a machine it is bound to; send `airgap-license request` to the vendor and activate the bound license that comes back"
    )]
    NotActivated {
        /// How many machines it may be bound to at once.
        machines: u64,
    },
    /// A bound license on a machine whose store has no device key.
    #[error(
        "this license is bound to the machine {}, and it was never activated here (this store has no device key)",
        Quoted(.label)
    )]
    NeverActivatedHere {
        /// The bound machine's label.
        label: String,
    },
    /// A bound license on a machine with another device key.
    #[error("this license is bound to another machine, {} (device key {fingerprint})", Quoted(.label))]
    BoundElsewhere {
        /// The bound machine's label.
        label: String,
        /// The bound device key's fingerprint.
        fingerprint: String,
    },
    /// A bound license on its machine, whose components no longer match.
    #[error(
        "this machine changed since the license was bound to it ({}): components that no longer match: {}; {matched} of {total} match, {required} needed{}",
        Quoted(.label), .mismatched.join(", "), hardware_rule(.hardware)
    )]
    MachineChanged {
        /// The bound machine's label.
        label: String,
        /// The components that no longer match, by name.
        mismatched: Vec<String>,
        /// How many match.
        matched: usize,
        /// How many the binding names.
        total: usize,
        /// How many must match.
        required: usize,
        /// The binding's hardware-backed components when none of them
        /// matches (at least one must); empty otherwise.
        hardware: Vec<String>,
    },
    /// A bound license judged with no machine to judge it against.
    #[error(
        "this license is bound to the machine {}, and it was judged without this machine's identity (a store's, or License::on_machine)",
        Quoted(.label)
    )]
    NoMachineGiven {
        /// The bound machine's label.
        label: String,
    },
    /// A license with `maintenanceUntil` and a product released after it.
    #[error("this release is dated {release}; the license covers releases until {until}")]
    NotCovered {
        /// The product's release date.
        release: NaiveDate,
        /// `maintenanceUntil`.
        until: NaiveDate,
    },
    /// A license a trusted revocation list names, by its licenseId or by the
    /// key that signed it.
    #[error(
        "license {} is revoked by revocation list {sequence} of {issued} (signed by {}){}",
        Escaped(.license_id),
        Escaped(.list_kid),
        .by
    )]
    Revoked {
        /// The license's licenseId.
        license_id: String,
        /// What the list names: the licenseId, the key that signed it, or
        /// this bound copy's digest (its seat was released).
        by: RevokedBy,
        /// The list's `sequence`.
        sequence: u64,
        /// The day the list was issued.
        issued: NaiveDate,
        /// The key id that signed the list.
        list_kid: String,
    },
    /// A license with `maintenanceUntil` judged without a release date.
    #[error(
        "the license covers releases until {until}, and this validator was not told its product's release date (Validator::with_release_date, --release-date)"
    )]
    NoReleaseDate {
        /// `maintenanceUntil`.
        until: NaiveDate,
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
}

/// The verdict an [`Error`] stands for, under its old name: the one
/// vocabulary is [`Verdict`] ([`Error::verdict`]).
#[deprecated(since = "0.3.0", note = "use Verdict (Error::verdict)")]
pub type ErrorKind = Verdict;

/// What a revocation list names that revokes a license.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RevokedBy {
    /// Its licenseId.
    LicenseId,
    /// The key id that signed it: every license that key signed.
    Key(String),
    /// This bound license's digest: its seat was released (the license
    /// bound anew to the same machine is another document, not revoked).
    Release,
}

impl std::fmt::Display for RevokedBy {
    /// What follows the list's name in the message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RevokedBy::LicenseId => Ok(()),
            RevokedBy::Key(kid) => write!(f, ": every license signed by key {} is", Escaped(kid)),
            RevokedBy::Release => f.write_str(
                ": this copy's seat was released (the list names its digest); activate the license bound anew",
            ),
        }
    }
}

/// `the trusted kids are: a, b` (escaped), or that none is trusted.
fn trusted_kids(kids: &[String]) -> String {
    if kids.is_empty() {
        return "no key is trusted".to_owned();
    }
    let names: Vec<String> = kids.iter().map(|kid| Escaped(kid).to_string()).collect();
    format!("the trusted kids are: {}", names.join(", "))
}

impl Error {
    /// Which verdict this error stands for (never `valid`, `grace` or
    /// `unreadable`: those are no errors of a license).
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        match self {
            Self::Expired { .. } => Verdict::Expired,
            Self::NotYetInEffect { .. } => Verdict::NotYetInEffect,
            Self::ClockUntrusted { .. } => Verdict::ClockUntrusted,
            Self::EndsWithin { .. } => Verdict::EndsWithin,
            Self::NotActivated { .. }
            | Self::NeverActivatedHere { .. }
            | Self::BoundElsewhere { .. }
            | Self::MachineChanged { .. }
            | Self::NoMachineGiven { .. } => Verdict::Unbound,
            Self::NotCovered { .. } | Self::NoReleaseDate { .. } => Verdict::NotCovered,
            Self::Revoked { .. } => Verdict::Revoked,
            Self::TooLarge { .. }
            | Self::Empty
            | Self::Armor { .. }
            | Self::Encoding { .. }
            | Self::MixedAlphabet
            | Self::Base64 { .. }
            | Self::Json { .. }
            | Self::DuplicateMember { .. }
            | Self::UnexpectedMember { .. }
            | Self::Missing { .. }
            | Self::WrongType { .. }
            | Self::Blank { .. }
            | Self::UnsupportedAlg { .. }
            | Self::InvalidKid { .. }
            | Self::SignatureLength { .. }
            | Self::UnknownKey { .. }
            | Self::BadSignature { .. }
            | Self::InvalidLicenseId { .. }
            | Self::InvalidFeatureName { .. }
            | Self::InvalidSupersedes { .. }
            | Self::InvalidCritical { .. }
            | Self::NotUnderstood { .. }
            | Self::InvalidMachine { .. }
            | Self::InvalidDate { .. }
            | Self::UnknownPlan { .. }
            | Self::ExpirationBeforeNotBefore { .. }
            | Self::IssuedAfterExpiration { .. }
            | Self::PerpetualWithEndRule { .. } => Verdict::Rejected,
        }
    }

    /// The field the error is about, as FusionAuth keys `fieldErrors`:
    /// `license` for the text as a whole, an envelope member (`alg`, `kid`,
    /// `payload`, `signature`) or a document field (`licenseId`,
    /// `licenseAttributes.LicensedPlan`, ...).
    #[must_use]
    pub fn field(&self) -> &str {
        match self {
            Self::TooLarge { .. }
            | Self::Empty
            | Self::Armor { .. }
            | Self::Encoding { .. }
            | Self::MixedAlphabet
            | Self::UnexpectedMember { .. }
            | Self::Expired { .. }
            | Self::NotYetInEffect { .. }
            | Self::ClockUntrusted { .. }
            | Self::EndsWithin { .. }
            | Self::Revoked { .. } => "license",
            Self::Base64 { part, .. } | Self::Json { part, .. } | Self::DuplicateMember { part, .. } => match part {
                // The envelope is not a field of its own: it is the license.
                Part::License | Part::Envelope => "license",
                Part::Payload | Part::Signature | Part::Catalog => part.as_str(),
            },
            Self::Missing { field }
            | Self::WrongType { field, .. }
            | Self::Blank { field }
            | Self::InvalidDate { field, .. } => field,
            Self::InvalidLicenseId { .. } => "licenseId",
            Self::InvalidSupersedes { .. } => "supersedes",
            Self::InvalidCritical { .. } | Self::NotUnderstood { .. } => "critical",
            Self::NotActivated { .. } => "machines",
            Self::NotCovered { .. } | Self::NoReleaseDate { .. } => "maintenanceUntil",
            Self::InvalidMachine { .. }
            | Self::NeverActivatedHere { .. }
            | Self::BoundElsewhere { .. }
            | Self::MachineChanged { .. }
            | Self::NoMachineGiven { .. } => "machine",
            Self::InvalidFeatureName { .. } => "features",
            Self::UnsupportedAlg { .. } => "alg",
            Self::InvalidKid { .. } | Self::UnknownKey { .. } => "kid",
            Self::SignatureLength { .. } | Self::BadSignature { .. } => "signature",
            Self::UnknownPlan { .. } => "licenseAttributes.LicensedPlan",
            Self::ExpirationBeforeNotBefore { .. } => "expiration",
            Self::IssuedAfterExpiration { .. } => "issued",
            Self::PerpetualWithEndRule { member } => member,
        }
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
            Self::UnsupportedAlg { .. } | Self::NotUnderstood { .. } => "unsupported",
            Self::UnknownKey { .. } | Self::UnknownPlan { .. } => "unknown",
            Self::Expired { .. } => "expired",
            Self::NotYetInEffect { .. } => "notYetInEffect",
            Self::ClockUntrusted { .. } => "untrustedClock",
            Self::EndsWithin { .. } => "expiresSoon",
            Self::NotActivated { .. }
            | Self::NeverActivatedHere { .. }
            | Self::BoundElsewhere { .. }
            | Self::MachineChanged { .. }
            | Self::NoMachineGiven { .. } => "unbound",
            Self::NotCovered { .. } | Self::NoReleaseDate { .. } => "notCovered",
            Self::Revoked { .. } => "revoked",
            Self::Armor { .. }
            | Self::Encoding { .. }
            | Self::MixedAlphabet
            | Self::Base64 { .. }
            | Self::Json { .. }
            | Self::WrongType { .. }
            | Self::InvalidKid { .. }
            | Self::SignatureLength { .. }
            | Self::BadSignature { .. }
            | Self::InvalidLicenseId { .. }
            | Self::InvalidFeatureName { .. }
            | Self::InvalidSupersedes { .. }
            | Self::InvalidCritical { .. }
            | Self::InvalidMachine { .. }
            | Self::InvalidDate { .. }
            | Self::ExpirationBeforeNotBefore { .. }
            | Self::IssuedAfterExpiration { .. }
            | Self::PerpetualWithEndRule { .. } => "invalid",
        };
        format!("[{reason}]{}", self.field())
    }

    /// The verdict, under its old name.
    #[deprecated(since = "0.3.0", note = "use Error::verdict")]
    #[must_use]
    pub fn kind(&self) -> Verdict {
        self.verdict()
    }

    /// The exit code of this verdict, as the CLI and the C ABI return it.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        self.verdict().exit_code()
    }
}

/// An instant as RFC 3339 in UTC, in whole seconds: `2026-06-01T00:00:00Z`.
pub(crate) fn instant(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Quotes text that came from unverified or vendor input for an error
/// message, through the one escaping rule ([`Quoted`]).
pub(crate) fn quoted(text: &str) -> String {
    Quoted(text).to_string()
}

/// The hardware rule's part of a "machine changed" message.
fn hardware_rule(hardware: &[String]) -> String {
    if hardware.is_empty() {
        String::new()
    } else {
        format!(", and at least one hardware-backed component, but none matches ({})", hardware.join(", "))
    }
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
        let table: Vec<(Error, &str, &str, Verdict)> = vec![
            (Error::TooLarge { len: 2, max: 1 }, "[tooLarge]license", "license", Verdict::Rejected),
            (Error::Empty, "[blank]license", "license", Verdict::Rejected),
            (Error::Armor { problem: "x" }, "[invalid]license", "license", Verdict::Rejected),
            (Error::MixedAlphabet, "[invalid]license", "license", Verdict::Rejected),
            (Error::Encoding { problem: "x" }, "[invalid]license", "license", Verdict::Rejected),
            (Error::Base64 { part: Part::Payload, detail: s() }, "[invalid]payload", "payload", Verdict::Rejected),
            (Error::Json { part: Part::Envelope, detail: s() }, "[invalid]license", "license", Verdict::Rejected),
            (Error::Json { part: Part::Payload, detail: s() }, "[invalid]payload", "payload", Verdict::Rejected),
            (
                Error::DuplicateMember { part: Part::Envelope, member: s() },
                "[duplicate]license",
                "license",
                Verdict::Rejected,
            ),
            (
                Error::DuplicateMember { part: Part::Payload, member: s() },
                "[duplicate]payload",
                "payload",
                Verdict::Rejected,
            ),
            (Error::UnexpectedMember { member: s() }, "[unexpected]license", "license", Verdict::Rejected),
            (Error::Missing { field: "kid".into() }, "[missing]kid", "kid", Verdict::Rejected),
            (Error::WrongType { field: "alg".into(), expected: "a string" }, "[invalid]alg", "alg", Verdict::Rejected),
            (Error::Blank { field: "issuedTo".into() }, "[blank]issuedTo", "issuedTo", Verdict::Rejected),
            (Error::UnsupportedAlg { alg: s() }, "[unsupported]alg", "alg", Verdict::Rejected),
            (Error::InvalidKid { kid: s() }, "[invalid]kid", "kid", Verdict::Rejected),
            (Error::SignatureLength { len: 3 }, "[invalid]signature", "signature", Verdict::Rejected),
            (Error::UnknownKey { kid: s(), trusted: vec![] }, "[unknown]kid", "kid", Verdict::Rejected),
            (Error::BadSignature { kid: s() }, "[invalid]signature", "signature", Verdict::Rejected),
            (Error::InvalidFeatureName { name: s() }, "[invalid]features", "features", Verdict::Rejected),
            (Error::InvalidLicenseId { value: s() }, "[invalid]licenseId", "licenseId", Verdict::Rejected),
            (Error::InvalidSupersedes { value: s() }, "[invalid]supersedes", "supersedes", Verdict::Rejected),
            (Error::InvalidCritical { problem: s() }, "[invalid]critical", "critical", Verdict::Rejected),
            (Error::NotUnderstood { member: s() }, "[unsupported]critical", "critical", Verdict::Rejected),
            (Error::InvalidMachine { problem: s() }, "[invalid]machine", "machine", Verdict::Rejected),
            (Error::NotActivated { machines: 2 }, "[unbound]machines", "machines", Verdict::Unbound),
            (Error::NeverActivatedHere { label: s() }, "[unbound]machine", "machine", Verdict::Unbound),
            (Error::BoundElsewhere { label: s(), fingerprint: s() }, "[unbound]machine", "machine", Verdict::Unbound),
            (
                Error::MachineChanged {
                    label: s(),
                    mismatched: vec![],
                    matched: 1,
                    total: 3,
                    required: 2,
                    hardware: vec![],
                },
                "[unbound]machine",
                "machine",
                Verdict::Unbound,
            ),
            (Error::NoMachineGiven { label: s() }, "[unbound]machine", "machine", Verdict::Unbound),
            (
                Error::NotCovered { release: day, until: day },
                "[notCovered]maintenanceUntil",
                "maintenanceUntil",
                Verdict::NotCovered,
            ),
            (
                Error::NoReleaseDate { until: day },
                "[notCovered]maintenanceUntil",
                "maintenanceUntil",
                Verdict::NotCovered,
            ),
            (
                Error::InvalidDate { field: "issued".into(), value: s(), reason: "r" },
                "[invalid]issued",
                "issued",
                Verdict::Rejected,
            ),
            (
                Error::UnknownPlan { plan: s(), known: s() },
                "[unknown]licenseAttributes.LicensedPlan",
                "licenseAttributes.LicensedPlan",
                Verdict::Rejected,
            ),
            (
                Error::ExpirationBeforeNotBefore { expiration: day, not_before: day },
                "[invalid]expiration",
                "expiration",
                Verdict::Rejected,
            ),
            (
                Error::IssuedAfterExpiration { issued: day, expiration: day },
                "[invalid]issued",
                "issued",
                Verdict::Rejected,
            ),
            (
                Error::PerpetualWithEndRule { member: "graceDays".to_owned() },
                "[invalid]graceDays",
                "graceDays",
                Verdict::Rejected,
            ),
            (Error::Expired { now, expiration: day }, "[expired]license", "license", Verdict::Expired),
            (
                Error::Revoked { license_id: s(), by: RevokedBy::LicenseId, sequence: 1, issued: day, list_kid: s() },
                "[revoked]license",
                "license",
                Verdict::Revoked,
            ),
            (
                Error::NotYetInEffect { now, not_before: day },
                "[notYetInEffect]license",
                "license",
                Verdict::NotYetInEffect,
            ),
            (
                Error::ClockUntrusted { now, issued: day, tolerance_hours: 24 },
                "[untrustedClock]license",
                "license",
                Verdict::ClockUntrusted,
            ),
            (
                Error::EndsWithin { now, until: now, expiration: day },
                "[expiresSoon]license",
                "license",
                Verdict::EndsWithin,
            ),
        ];
        for (error, code, field, kind) in table {
            assert_eq!(error.code(), code, "{error:?}");
            assert_eq!(error.field(), field, "{error:?}");
            assert_eq!(error.verdict(), kind, "{error:?}");
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
    fn exit_codes_follow_the_documented_contract() {
        let table = [
            (Verdict::Rejected, 1),
            (Verdict::Expired, 3),
            (Verdict::NotYetInEffect, 4),
            (Verdict::ClockUntrusted, 5),
            (Verdict::EndsWithin, 6),
            (Verdict::Unbound, 7),
            (Verdict::NotCovered, 8),
            (Verdict::Revoked, 1),
        ];
        for (kind, code) in table {
            assert_eq!(kind.exit_code(), code, "{kind:?}");
        }
        assert_eq!(Error::Empty.exit_code(), 1);
    }
}
