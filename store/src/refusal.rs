//! The store's own rules, apart from the library's verdicts: a license the
//! library finds genuine and in effect may still be refused by a store that
//! remembers more (what it has seen and superseded, its clock mark).

use airgap_license::chrono::{DateTime, NaiveDate, Utc};
use airgap_license::{Escaped, Quoted, Refusal, Verdict};

use crate::state::Order;

/// Why the store refuses a license, or has none to judge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreRefusal {
    /// The licenseId given with the license is not the document's.
    #[error("the licenseId given, {}, is not the license's, {}", Quoted(.given), Quoted(.license_id))]
    LicenseIdMismatch {
        /// The licenseId the caller gave.
        given: String,
        /// The document's licenseId.
        license_id: String,
    },
    /// A license that a license the store has seen superseded.
    #[error("license {} was superseded by license {}; it cannot be activated again", Escaped(.license_id), Escaped(.by))]
    Superseded {
        /// The refused license's licenseId.
        license_id: String,
        /// The licenseId of the license that superseded it.
        by: String,
    },
    /// A license older than one the store has seen with the same licenseId
    /// (by `sequence`, then `issued`).
    #[error(
        "license {} {} is older than the copy {} that this store has seen",
        Escaped(.license_id),
        Order { sequence: *.sequence, issued: *.issued },
        Order { sequence: *.seen_sequence, issued: *.seen }
    )]
    OlderThanSeen {
        /// The licenseId.
        license_id: String,
        /// The refused copy's `issued`.
        issued: NaiveDate,
        /// The refused copy's `sequence`.
        sequence: u32,
        /// The `issued` of the latest copy seen.
        seen: NaiveDate,
        /// The `sequence` of the latest copy seen.
        seen_sequence: u32,
    },
    /// Another document with the licenseId, `sequence` and `issued` of the
    /// latest copy the store has seen: not newer, and not that copy.
    #[error(
        "license {} {} is not the copy {} that this store has seen but another document of the same order: only a higher sequence replaces it",
        Escaped(.license_id),
        Order { sequence: *.sequence, issued: *.issued },
        Order { sequence: *.sequence, issued: *.issued }
    )]
    SameOrderOtherDocument {
        /// The licenseId.
        license_id: String,
        /// Its `issued`, the same as the copy seen.
        issued: NaiveDate,
        /// Its `sequence`, the same as the copy seen.
        sequence: u32,
    },
    /// A regeneration whose license does not succeed the active one.
    #[error(
        "license {} is not a successor of the active license {}: it must list it in supersedes, or be the same licenseId with a higher sequence or issued later",
        Escaped(.license_id),
        Escaped(.active)
    )]
    NotASuccessor {
        /// The active licenseId.
        active: String,
        /// The refused licenseId.
        license_id: String,
    },
    /// A revocation list not newer than the one the store keeps.
    #[error("this store keeps revocation list {stored}; list {sequence} is not newer: the store was left as it was")]
    OlderRevocations {
        /// The refused list's sequence.
        sequence: u64,
        /// The stored list's sequence.
        stored: u64,
    },
    /// There is no store in the folder: nothing was ever activated there.
    #[error(
        "there is no store in {}: no license was ever activated there (check the folder: --store, AIRGAP_LICENSE_STORE)",
        Escaped(.store)
    )]
    NoStore {
        /// The folder.
        store: String,
    },
    /// The store holds no release receipt: it never deactivated a license
    /// bound to its machine (or there is no store at all).
    #[error("there is no release receipt in {}: it never deactivated a license bound to its machine", Escaped(.store))]
    NoReceipt {
        /// The store's folder.
        store: String,
    },
    /// No license is active in the store.
    #[error("no license is active in {}", Escaped(.store))]
    NoActiveLicense {
        /// The store's folder.
        store: String,
    },
    /// The clock reads more than the tolerance before the latest instant
    /// the store has seen: it was wound back (a BIOS battery, a VM snapshot).
    #[error(
        "the clock cannot be trusted: it is {}, more than {tolerance_hours} hours before {}, the latest time this store has seen; set the clock right, or, if it is right and the store's mark ran ahead (a clock once set to the future), run `airgap-license clock-reset` (logged)",
        instant(.now),
        instant(.mark)
    )]
    ClockRolledBack {
        /// The instant evaluated.
        now: DateTime<Utc>,
        /// The store's high-water mark.
        mark: DateTime<Utc>,
        /// The tolerance of the policy, in hours.
        tolerance_hours: i64,
    },
}

impl StoreRefusal {
    /// The verdict it stands for: `clockUntrusted` for a wound-back clock,
    /// `rejected` for the rest.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        match self {
            StoreRefusal::ClockRolledBack { .. } => Verdict::ClockUntrusted,
            StoreRefusal::LicenseIdMismatch { .. }
            | StoreRefusal::Superseded { .. }
            | StoreRefusal::OlderThanSeen { .. }
            | StoreRefusal::SameOrderOtherDocument { .. }
            | StoreRefusal::NotASuccessor { .. }
            | StoreRefusal::OlderRevocations { .. }
            | StoreRefusal::NoStore { .. }
            | StoreRefusal::NoReceipt { .. }
            | StoreRefusal::NoActiveLicense { .. } => Verdict::Rejected,
        }
    }

    /// As the verdict object reports it: the field and reason of its code
    /// (`[superseded]licenseId`), and its message.
    #[must_use]
    pub fn to_refusal(&self) -> Refusal {
        let (field, reason) = match self {
            StoreRefusal::LicenseIdMismatch { .. } => ("licenseId", "mismatch"),
            StoreRefusal::Superseded { .. } => ("licenseId", "superseded"),
            StoreRefusal::OlderThanSeen { .. } => ("issued", "older"),
            StoreRefusal::SameOrderOtherDocument { .. } => ("sequence", "notNewer"),
            StoreRefusal::NotASuccessor { .. } => ("licenseId", "notSuccessor"),
            StoreRefusal::NoActiveLicense { .. } => ("license", "missing"),
            StoreRefusal::NoStore { .. } => ("store", "missing"),
            StoreRefusal::NoReceipt { .. } => ("receipt", "missing"),
            StoreRefusal::OlderRevocations { .. } => ("revocations", "older"),
            StoreRefusal::ClockRolledBack { .. } => ("license", "untrustedClock"),
        };
        Refusal::new(self.verdict(), field, reason, self.to_string())
    }
}

/// An instant as RFC 3339 in UTC, in whole seconds.
fn instant(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(airgap_license::chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_untrusted_clock_names_the_way_out() {
        let now = DateTime::from_timestamp(0, 0).unwrap();
        let message = StoreRefusal::ClockRolledBack { now, mark: now, tolerance_hours: 24 }.to_string();
        assert!(message.contains("airgap-license clock-reset"), "{message}");
    }

    #[test]
    fn each_refusal_has_its_code_field_and_verdict() {
        let s = || "x".to_owned();
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let now = DateTime::from_timestamp(0, 0).unwrap();
        let table = [
            (
                StoreRefusal::LicenseIdMismatch { given: s(), license_id: s() },
                "[mismatch]licenseId",
                "licenseId",
                Verdict::Rejected,
            ),
            (
                StoreRefusal::Superseded { license_id: s(), by: s() },
                "[superseded]licenseId",
                "licenseId",
                Verdict::Rejected,
            ),
            (
                StoreRefusal::OlderThanSeen { license_id: s(), issued: day, sequence: 0, seen: day, seen_sequence: 1 },
                "[older]issued",
                "issued",
                Verdict::Rejected,
            ),
            (
                StoreRefusal::SameOrderOtherDocument { license_id: s(), issued: day, sequence: 1 },
                "[notNewer]sequence",
                "sequence",
                Verdict::Rejected,
            ),
            (
                StoreRefusal::NotASuccessor { active: s(), license_id: s() },
                "[notSuccessor]licenseId",
                "licenseId",
                Verdict::Rejected,
            ),
            (StoreRefusal::NoActiveLicense { store: s() }, "[missing]license", "license", Verdict::Rejected),
            (StoreRefusal::NoStore { store: s() }, "[missing]store", "store", Verdict::Rejected),
            (StoreRefusal::NoReceipt { store: s() }, "[missing]receipt", "receipt", Verdict::Rejected),
            (
                StoreRefusal::OlderRevocations { sequence: 1, stored: 2 },
                "[older]revocations",
                "revocations",
                Verdict::Rejected,
            ),
            (
                StoreRefusal::ClockRolledBack { now, mark: now, tolerance_hours: 24 },
                "[untrustedClock]license",
                "license",
                Verdict::ClockUntrusted,
            ),
        ];
        for (refusal, code, field, verdict) in table {
            let reported = refusal.to_refusal();
            assert_eq!((reported.code().as_str(), reported.field(), reported.verdict()), (code, field, verdict));
            assert_eq!(reported.message(), refusal.to_string());
        }
    }
}
