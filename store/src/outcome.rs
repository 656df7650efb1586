//! What the store's commands answer, and their JSON.

use airgap_license::chrono::{DateTime, SecondsFormat, Utc};
use airgap_license::{Judgement, License, Status, day_start};
use serde_json::{Value, json};

use crate::refusal::StoreRefusal;

/// What a command made of a license.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The verdict, with the license's identity whenever it verified.
    pub judgement: Judgement,
    /// The status map that goes with it (the unlicensed map when nothing
    /// counts; every feature `UNKNOWN` when the clock is untrusted).
    pub status: Status,
    /// Whether the store now holds this license as the active one.
    pub stored: bool,
    /// Things the caller should tell the operator (an event that could not
    /// be logged); they never change the verdict.
    pub warnings: Vec<String>,
    /// A renewal the store holds until its `notBefore`, while the active
    /// license stays in use.
    pub pending: Option<Pending>,
}

impl Outcome {
    /// The verdict object (what `verify --json` prints) with `stored`, and
    /// `pending` when a renewal waits: what the CLI's `activate --json` and
    /// the bindings return.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut body = self.judgement.to_json();
        if let Value::Object(object) = &mut body {
            object.insert("stored".to_owned(), Value::Bool(self.stored));
            if let Some(pending) = &self.pending {
                object.insert("pending".to_owned(), pending.to_json());
            }
        }
        body
    }

    /// [`to_json`](Self::to_json) with the `status` member of the
    /// `GET /api/reactor` body: what the bindings' `Store.status` returns.
    #[must_use]
    pub fn to_json_with_status(&self) -> Value {
        let mut body = self.to_json();
        if let (Value::Object(members), Value::Object(status)) = (&mut body, self.status.to_body()) {
            members.extend(status);
        }
        body
    }

    /// Why the store refused the license: the judgement's problem when
    /// nothing was stored or held. `None` when it was taken.
    #[must_use]
    pub fn refusal(&self) -> Option<&airgap_license::Problem> {
        self.judgement.problem().filter(|_| !self.stored && self.pending.is_none())
    }
}

/// A renewal held until it is in effect: taken by `activate` or
/// `regenerate` while the active license was in effect and the renewal not
/// yet, so that renewing early never turns an `ACTIVE` machine `PENDING`.
/// It takes over at [`takes_over_at`](Self::takes_over_at), at the first
/// command on or after it (logged as `license.regenerate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Its licenseId.
    pub license_id: String,
    /// Its `sequence`.
    pub sequence: u32,
    /// Its `issued`.
    pub issued: airgap_license::chrono::NaiveDate,
    /// 00:00 UTC of its `notBefore`.
    pub takes_over_at: DateTime<Utc>,
}

impl Pending {
    /// As JSON: `{"licenseId", "sequence", "issued", "takesOverAt"}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        json!({
            "licenseId": self.license_id,
            "sequence": self.sequence,
            "issued": self.issued.to_string(),
            "takesOverAt": self.takes_over_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        })
    }

    pub(crate) fn of(license: &License) -> Pending {
        Pending {
            license_id: license.license_id().to_owned(),
            sequence: license.sequence(),
            issued: license.issued(),
            takes_over_at: day_start(license.not_before()),
        }
    }
}

/// What `deactivate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deactivation {
    /// The licenseId removed, or `None` when no license was active.
    pub removed: Option<String>,
    /// For a license bound to this machine: the release receipt (armored
    /// text), signed by the device key that was then destroyed.
    pub receipt: Option<String>,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// This machine as `machine` reports it: never a raw component value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineReport {
    /// The device key's fingerprint (`SHA256:...`).
    pub device_fingerprint: String,
    /// Whether the key was made by this call.
    pub created: bool,
    /// The names of the components found.
    pub components: Vec<String>,
    /// The label a request carries (the host name, cleaned).
    pub label: String,
}

impl MachineReport {
    /// As JSON: `{"deviceFingerprint", "created", "components", "label"}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        json!({
            "deviceFingerprint": self.device_fingerprint,
            "created": self.created,
            "components": self.components,
            "label": self.label,
        })
    }
}

/// What `request` made.
#[derive(Debug, Clone)]
pub struct RequestOutcome {
    /// The license's verdict as it was verified (rejected: no request).
    pub judgement: Judgement,
    /// The request, armored, when the license verified.
    pub text: Option<String>,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// What `import_revocations` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationImport {
    /// The list imported (or refused): its sequence.
    pub sequence: u64,
    /// The sequence of the list the store kept before, if any.
    pub previous: Option<u64>,
    /// Why the list was refused (not newer than the stored one); the store
    /// was left as it was.
    pub refusal: Option<StoreRefusal>,
    /// The licenseIds the list took out of the store (the active license, a
    /// held renewal), each logged as `license.revoke`.
    pub revoked: Vec<String>,
    /// The list the store had recorded, given again while its file did not
    /// hold it (a crash between the two writes): the file was written and
    /// nothing else changed.
    pub repaired: bool,
    /// The list given is the one the store already keeps (the same text,
    /// its file whole): nothing to do, and no refusal (cron and Ansible
    /// import the same list every day).
    pub already_imported: bool,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// What `clock_reset` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockReset {
    /// The mark before, `None` when the store had none.
    pub previous: Option<DateTime<Utc>>,
    /// The mark now: the system clock's reading given.
    pub mark: DateTime<Utc>,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}
