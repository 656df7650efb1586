//! The verdict on one license at one instant, as one object: what `verify
//! --json` prints, what the bindings return, what an embedder can log.

use chrono::{DateTime, Utc};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use crate::error::{Error, ErrorKind, instant};
use crate::license::License;
use crate::reactor::general_error;
use crate::status::{Standing, Status};
use crate::validator::Validator;

/// What became of a license, one word each, with its exit code.
///
/// Not `#[non_exhaustive]`: these eleven are the exit-code contract, and a
/// caller should match them all, so that a new one would be a breaking
/// change it is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// In effect (exit 0).
    Valid,
    /// In effect after its `expiration`, within its `graceDays` (exit 0,
    /// with a warning to renew).
    Grace,
    /// Malformed, forged or signed by an unknown key: nothing in it counts (exit 1).
    Rejected,
    /// The text could not be read at all, a file missing say (exit 2).
    Unreadable,
    /// Genuine, ended (exit 3).
    Expired,
    /// Genuine, not started (exit 4).
    NotYetInEffect,
    /// Genuine, but the clock reads too far before it was issued (exit 5).
    ClockUntrusted,
    /// In effect, but ends within the period the policy requires (exit 6).
    EndsWithin,
    /// Genuine, but not in effect on this machine: a template not yet bound
    /// to one, a license bound to another machine, or this machine changed
    /// (exit 7).
    Unbound,
    /// Genuine, but its maintenance (`maintenanceUntil`) does not cover this
    /// release of the product (exit 8).
    NotCovered,
    /// Genuine, but a trusted revocation list takes it back (exit 1, as
    /// rejected: nothing in it counts).
    Revoked,
}

/// One verdict's entry in the vocabulary: everything that spells or orders
/// it, in one place. A new verdict is one variant, one entry here, and its
/// tests; the CLI's words, the bindings' error kinds and exceptions, the C
/// constants and the fleet's order are all read from here.
struct Entry {
    /// The JSON word (`verdict` in the verdict object, the Node error kind).
    word: &'static str,
    /// The exit code: the contract with scripts, the C return code.
    exit_code: u8,
    /// How bad it is in a fleet: higher is worse.
    rank: u8,
    /// The phrase a person reads (`verify`'s lines and summary).
    phrase: &'static str,
}

impl Verdict {
    /// Every verdict, in exit-code order (`grace` shares 0 with `valid`: both
    /// are in effect; `revoked` shares 1 with `rejected`: neither counts).
    pub const ALL: [Verdict; 11] = [
        Verdict::Valid,
        Verdict::Grace,
        Verdict::Rejected,
        Verdict::Revoked,
        Verdict::Unreadable,
        Verdict::Expired,
        Verdict::NotYetInEffect,
        Verdict::ClockUntrusted,
        Verdict::EndsWithin,
        Verdict::Unbound,
        Verdict::NotCovered,
    ];

    /// The vocabulary: the only table of words, codes and ranks. The fleet's
    /// order, worst first, is exit codes 2, 1, 7, 3, 8, 5, 4, 6, 0 (grace,
    /// exit 0, just before valid; revoked, exit 1, just after rejected).
    const fn entry(self) -> Entry {
        match self {
            Verdict::Valid => Entry { word: "valid", exit_code: 0, rank: 0, phrase: "valid" },
            Verdict::Grace => Entry { word: "grace", exit_code: 0, rank: 1, phrase: "in grace" },
            Verdict::Rejected => Entry { word: "rejected", exit_code: 1, rank: 9, phrase: "rejected" },
            Verdict::Revoked => Entry { word: "revoked", exit_code: 1, rank: 8, phrase: "revoked" },
            Verdict::Unreadable => Entry { word: "unreadable", exit_code: 2, rank: 10, phrase: "unreadable" },
            Verdict::Expired => Entry { word: "expired", exit_code: 3, rank: 6, phrase: "expired" },
            Verdict::NotYetInEffect => {
                Entry { word: "notYetInEffect", exit_code: 4, rank: 3, phrase: "not yet in effect" }
            }
            Verdict::ClockUntrusted => {
                Entry { word: "clockUntrusted", exit_code: 5, rank: 4, phrase: "clock untrusted" }
            }
            Verdict::EndsWithin => Entry { word: "endsWithin", exit_code: 6, rank: 2, phrase: "ends too soon" },
            Verdict::Unbound => Entry { word: "unbound", exit_code: 7, rank: 7, phrase: "not bound to this machine" },
            Verdict::NotCovered => Entry { word: "notCovered", exit_code: 8, rank: 5, phrase: "release not covered" },
        }
    }

    /// The exit code: 0 valid (and grace), 1 rejected, 2 unreadable, 3 expired, 4 not
    /// yet in effect, 5 clock untrusted, 6 ends within, 7 unbound, 8 not covered.
    #[must_use]
    pub const fn exit_code(self) -> u8 {
        self.entry().exit_code
    }

    /// The JSON spelling: `valid`, `grace`, `rejected`, `unreadable`, `expired`,
    /// `notYetInEffect`, `clockUntrusted`, `endsWithin`, `unbound`, `notCovered`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.entry().word
    }

    /// The phrase for people: `valid`, `rejected`, `not yet in effect`,
    /// `clock untrusted`, `ends too soon`, ...
    #[must_use]
    pub const fn phrase(self) -> &'static str {
        self.entry().phrase
    }

    /// How bad it is, for a fleet's overall verdict: unreadable, then
    /// rejected, unbound, expired, not covered, clock untrusted, not yet in
    /// effect, ends within, and valid last (exit codes 2, 1, 7, 3, 8, 5, 4,
    /// 6, 0).
    #[must_use]
    pub const fn severity(self) -> u8 {
        self.entry().rank
    }

    /// The worse of two verdicts.
    #[must_use]
    pub fn worst(self, other: Verdict) -> Verdict {
        std::cmp::max_by_key(self, other, |v| v.severity())
    }
}

impl From<ErrorKind> for Verdict {
    fn from(kind: ErrorKind) -> Verdict {
        match kind {
            ErrorKind::Rejected => Verdict::Rejected,
            ErrorKind::Expired => Verdict::Expired,
            ErrorKind::NotYetInEffect => Verdict::NotYetInEffect,
            ErrorKind::ClockUntrusted => Verdict::ClockUntrusted,
            ErrorKind::EndsWithin => Verdict::EndsWithin,
            ErrorKind::Unbound => Verdict::Unbound,
            ErrorKind::NotCovered => Verdict::NotCovered,
            ErrorKind::Revoked => Verdict::Revoked,
        }
    }
}

impl From<Standing> for Verdict {
    /// The verdict of a license in that standing at an instant.
    fn from(standing: Standing) -> Verdict {
        match standing {
            Standing::InEffect => Verdict::Valid,
            Standing::Grace => Verdict::Grace,
            Standing::NotYetInEffect => Verdict::NotYetInEffect,
            Standing::Expired => Verdict::Expired,
            Standing::ClockUntrusted => Verdict::ClockUntrusted,
            Standing::Unbound => Verdict::Unbound,
            Standing::NotCovered => Verdict::NotCovered,
        }
    }
}

/// A caller's own rule refusing a license: the library judges the license;
/// a caller such as a store may hold rules of its own (superseded, older
/// than a copy seen, a clock wound back under its mark) and says so in the
/// same verdict object, in the same vocabulary.
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

/// Why a judgement is not `valid`: the library's verdict on the license, a
/// caller's rule, or text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The library's verdict.
    License(Error),
    /// A caller's rule refused it (a store's: superseded, older than a copy
    /// seen, a clock wound back under its mark, ...).
    Refused(Refusal),
    /// The text could not be read; the caller's message.
    Unreadable(String),
}

impl Problem {
    /// The FusionAuth code: `[expired]license`, `[superseded]licenseId`,
    /// `[unreadable]file`, ...
    #[must_use]
    pub fn code(&self) -> String {
        match self {
            Problem::License(e) => e.code(),
            Problem::Refused(refusal) => refusal.code(),
            Problem::Unreadable(_) => "[unreadable]file".to_owned(),
        }
    }

    /// The message for people.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Problem::License(e) => e.to_string(),
            Problem::Refused(refusal) => refusal.message().to_owned(),
            Problem::Unreadable(message) => message.clone(),
        }
    }
}

/// One license judged at one instant: the verdict, the license's identity
/// whenever its signature verified, and what is wrong unless it is valid.
///
/// Serializes as `{"exitCode", "verdict", "checkedAt", "licenseId",
/// "issuedTo", "plan", "licenseType", "kid", "sampleKey", "issued",
/// "notBefore", "expiration", "endsAt", "daysLeft", "machines", "machine",
/// "errors"}`: the identity
/// only when the signature verified, `errors` (a FusionAuth Errors object)
/// only when the verdict is not `valid`; instants in whole seconds, UTC.
#[derive(Debug, Clone)]
pub struct Judgement {
    checked_at: DateTime<Utc>,
    license: Option<License>,
    problem: Option<Problem>,
}

impl Judgement {
    /// Verifies `text` and checks it at `now`.
    #[must_use]
    pub fn of(validator: &Validator, text: impl AsRef<[u8]>, now: DateTime<Utc>) -> Judgement {
        match validator.verify(text) {
            Ok(license) => Judgement::of_license(license, now),
            Err(e) => Judgement { checked_at: now, license: None, problem: Some(Problem::License(e)) },
        }
    }

    /// Checks a verified license at `now`.
    #[must_use]
    pub fn of_license(license: License, now: DateTime<Utc>) -> Judgement {
        let problem = license.check(now).err().map(Problem::License);
        Judgement { checked_at: now, license: Some(license), problem }
    }

    /// Text whose signature or document did not verify: the library's
    /// `error`, and no license.
    #[must_use]
    pub fn rejected(error: Error, now: DateTime<Utc>) -> Judgement {
        Judgement { checked_at: now, license: None, problem: Some(Problem::License(error)) }
    }

    /// A caller's rule refused it: `license` when its signature verified.
    #[must_use]
    pub fn refused(license: Option<License>, refusal: Refusal, now: DateTime<Utc>) -> Judgement {
        Judgement { checked_at: now, license, problem: Some(Problem::Refused(refusal)) }
    }

    /// Text that could not be read; `message` says why.
    #[must_use]
    pub fn unreadable(message: String, now: DateTime<Utc>) -> Judgement {
        Judgement { checked_at: now, license: None, problem: Some(Problem::Unreadable(message)) }
    }

    /// The verdict.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        match &self.problem {
            None if self.license.as_ref().is_some_and(|l| l.standing(self.checked_at) == Standing::Grace) => {
                Verdict::Grace
            }
            None => Verdict::Valid,
            Some(Problem::License(e)) => e.kind().into(),
            Some(Problem::Refused(refusal)) => refusal.verdict(),
            Some(Problem::Unreadable(_)) => Verdict::Unreadable,
        }
    }

    /// The verdict's exit code.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        self.verdict().exit_code()
    }

    /// The instant it was judged at.
    #[must_use]
    pub fn checked_at(&self) -> DateTime<Utc> {
        self.checked_at
    }

    /// The license, whenever its signature verified.
    #[must_use]
    pub fn license(&self) -> Option<&License> {
        self.license.as_ref()
    }

    /// What is wrong, unless the verdict is `valid`.
    #[must_use]
    pub fn problem(&self) -> Option<&Problem> {
        self.problem.as_ref()
    }

    /// The library's error, if that is what is wrong.
    #[must_use]
    pub fn error(&self) -> Option<&Error> {
        match &self.problem {
            Some(Problem::License(e)) => Some(e),
            Some(Problem::Refused(_) | Problem::Unreadable(_)) | None => None,
        }
    }

    /// The FusionAuth code of what is wrong, unless the verdict is `valid`.
    #[must_use]
    pub fn code(&self) -> Option<String> {
        self.problem.as_ref().map(Problem::code)
    }

    /// The status map that goes with the verdict: the license's at
    /// [`checked_at`](Self::checked_at) whenever its signature verified
    /// (`UNKNOWN` everywhere under an untrusted clock, a caller's included),
    /// else, and when a caller's rule refused it otherwise, the unlicensed
    /// map of `validator`'s catalog.
    #[must_use]
    pub fn status(&self, validator: &Validator) -> Status {
        match (&self.license, &self.problem) {
            (Some(license), Some(Problem::Refused(refusal))) if refusal.verdict() == Verdict::ClockUntrusted => {
                license.status_with_untrusted_clock()
            }
            (Some(_), Some(Problem::Refused(_))) | (None, _) => validator.unlicensed(),
            (Some(license), _) => license.status(self.checked_at),
        }
    }

    /// The FusionAuth Errors object, unless the verdict is `valid`.
    #[must_use]
    pub fn errors_body(&self) -> Option<Value> {
        match &self.problem {
            None => None,
            Some(Problem::License(e)) => Some(e.errors_body()),
            Some(Problem::Refused(refusal)) => Some(refusal.errors_body()),
            Some(Problem::Unreadable(message)) => Some(general_error("[unreadable]file", message)),
        }
    }

    /// As JSON.
    #[must_use]
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl Serialize for Judgement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("exitCode", &self.exit_code())?;
        map.serialize_entry("verdict", self.verdict().as_str())?;
        map.serialize_entry("checkedAt", &instant(&self.checked_at))?;
        if let Some(license) = &self.license {
            map.serialize_entry("licenseId", license.license_id())?;
            map.serialize_entry("issuedTo", license.issued_to())?;
            map.serialize_entry("plan", license.plan())?;
            map.serialize_entry("licenseType", license.license_type())?;
            map.serialize_entry("kid", license.kid())?;
            map.serialize_entry("sampleKey", &license.signed_by_sample_key())?;
            map.serialize_entry("issued", &license.issued().to_string())?;
            if license.sequence() > 0 {
                map.serialize_entry("sequence", &license.sequence())?;
            }
            map.serialize_entry("notBefore", &license.not_before().to_string())?;
            map.serialize_entry("expiration", &license.expiration().map(|day| day.to_string()))?;
            if let Some(until) = license.maintenance_until() {
                map.serialize_entry("maintenanceUntil", &until.to_string())?;
            }
            map.serialize_entry("endsAt", &license.ends_at().map(|at| instant(&at)))?;
            // A perpetual license has no end: `endsAt` and `daysLeft` are null.
            map.serialize_entry("daysLeft", &license.expiration().map(|_| license.days_left(self.checked_at)))?;
            if self.problem.is_none() && license.standing(self.checked_at) == Standing::Grace {
                map.serialize_entry("grace", &true)?;
            }
            if self.problem.is_none() && license.in_notice(self.checked_at) {
                map.serialize_entry("notice", &true)?;
            }
            if let Some(machines) = license.machines() {
                map.serialize_entry("machines", &machines)?;
            }
            if let Some(binding) = license.binding() {
                let matched = license.machine_match().is_some_and(crate::MachineMatch::matches);
                let machine = json!({
                    "label": binding.label(),
                    "deviceFingerprint": binding.device_fingerprint(),
                    "matched": matched,
                });
                map.serialize_entry("machine", &machine)?;
            }
        }
        if let Some(errors) = self.errors_body() {
            map.serialize_entry("errors", &errors)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The vocabulary is one table: every verdict has its own word, code,
    /// rank and phrase, and everything else reads them from there. Adding a
    /// verdict is a variant, its entry in `Verdict::entry`, and this test
    /// (and `ALL`) growing by one.
    #[test]
    fn every_verdict_has_its_own_word_code_rank_and_phrase() {
        let all = Verdict::ALL;
        let distinct = |values: Vec<String>| values.iter().collect::<BTreeSet<_>>().len() == all.len();
        assert!(distinct(all.iter().map(|v| v.as_str().to_owned()).collect()));
        assert!(distinct(all.iter().map(|v| v.phrase().to_owned()).collect()));
        assert!(distinct(all.iter().map(|v| v.severity().to_string()).collect()));
        // Exit codes are distinct but for grace, which is in effect as valid
        // is, and revoked, which counts for nothing as rejected does.
        let shared = [Verdict::Grace, Verdict::Revoked];
        let codes: BTreeSet<u8> = all.iter().filter(|v| !shared.contains(v)).map(|v| v.exit_code()).collect();
        assert_eq!(codes.len(), all.len() - shared.len());
        assert_eq!(Verdict::Grace.exit_code(), Verdict::Valid.exit_code());
        assert_eq!(Verdict::Revoked.exit_code(), Verdict::Rejected.exit_code());
        // ALL is in exit-code order, and valid is the best.
        let codes: Vec<u8> = all.iter().map(|v| v.exit_code()).collect();
        assert!(codes.windows(2).all(|w| w[0] <= w[1]), "{codes:?}");
        assert!(all.iter().all(|v| Verdict::Valid.worst(*v) == *v));
        // The error kinds' codes are their verdicts'.
        for kind in [
            ErrorKind::Rejected,
            ErrorKind::Expired,
            ErrorKind::NotYetInEffect,
            ErrorKind::ClockUntrusted,
            ErrorKind::EndsWithin,
            ErrorKind::Unbound,
            ErrorKind::NotCovered,
            ErrorKind::Revoked,
        ] {
            assert_eq!(kind.exit_code(), Verdict::from(kind).exit_code(), "{kind:?}");
        }
    }

    #[test]
    fn the_words_and_phrases_are_the_documented_ones() {
        let table: Vec<(&str, u8, &str)> =
            Verdict::ALL.iter().map(|v| (v.as_str(), v.exit_code(), v.phrase())).collect();
        assert_eq!(
            table,
            [
                ("valid", 0, "valid"),
                ("grace", 0, "in grace"),
                ("rejected", 1, "rejected"),
                ("revoked", 1, "revoked"),
                ("unreadable", 2, "unreadable"),
                ("expired", 3, "expired"),
                ("notYetInEffect", 4, "not yet in effect"),
                ("clockUntrusted", 5, "clock untrusted"),
                ("endsWithin", 6, "ends too soon"),
                ("unbound", 7, "not bound to this machine"),
                ("notCovered", 8, "release not covered"),
            ]
        );
    }
}
