//! The verdict on one license at one instant, as one object: what `verify
//! --json` prints, what the bindings return, what an embedder can log.

use chrono::{DateTime, Utc};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use crate::error::{Error, instant};
use crate::license::License;
use crate::reactor::general_error;
use crate::status::{Standing, Status};
use crate::validator::Validator;
use crate::verdict::Verdict;

/// A caller's own rule refusing a license. The library judges the license;
/// a caller such as a store may hold rules of its own (superseded, older
/// than a copy seen, a clock wound back under its mark) and says so in the
/// same verdict object, in the same vocabulary: the verdict it stands for,
/// the field of the FusionAuth Errors object, the reason (`[reason]field` is
/// the code) and the message for people.
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
            Some(Problem::License(e)) => e.verdict(),
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
