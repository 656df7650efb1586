//! A verified license and what it says at an instant.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::catalog::Catalog;
use crate::date::{day_end, day_start};
use crate::document::Document;
use crate::error::Error;
use crate::explain::{Explanation, Grant, Reason};
use crate::machine::{Binding, DeviceMatch, Machine, MachineMatch};
use crate::policy::Policy;
use crate::status::{FeatureStatus, Standing, Status};

/// A license whose signature verified against a trusted key and whose
/// document obeys every rule. Only dates remain to be judged, at an instant
/// the caller passes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    kid: String,
    sample_key: bool,
    doc: Document,
    catalog: Arc<Catalog>,
    policy: Policy,
    /// Per catalog feature (same order): granted by plan and overrides.
    granted: Vec<bool>,
    /// Names in `features` that the catalog does not know, sorted.
    unknown: Vec<String>,
    /// Earlier than this, the clock is untrusted; `None` if out of range.
    believable_from: Option<DateTime<Utc>>,
    starts: DateTime<Utc>,
    /// The end of `expiration` (exclusive): grace starts here; `None` for
    /// a perpetual license or past chrono's range.
    expires: Option<DateTime<Utc>>,
    /// Exclusive, grace included: the first instant it is no longer in
    /// effect; `None` when it never ends.
    ends: Option<DateTime<Utc>>,
    /// How a bound license matched the machine it was judged on; `None`
    /// until [`on_machine`](Self::on_machine), and for any other license.
    machine_match: Option<Box<MachineMatch>>,
    /// Whether the license may be in effect here: not a template, and, if
    /// bound, bound to the machine it was judged on.
    placed: bool,
    /// Whether its maintenance covers the policy's release date (always,
    /// without `maintenanceUntil`).
    covered: bool,
}

impl License {
    pub(crate) fn new(kid: String, sample_key: bool, doc: Document, catalog: Arc<Catalog>, policy: Policy) -> License {
        let granted = catalog
            .features()
            .iter()
            .map(|f| doc.overrides.get(f.name()).copied().unwrap_or_else(|| catalog.plan_grants(doc.plan_rank, f)))
            .collect();
        let unknown = doc.overrides.keys().filter(|name| catalog.feature_index(name).is_none()).cloned().collect();
        let believable_from = day_start(doc.issued).checked_sub_signed(policy.clock_tolerance);
        let starts = day_start(doc.not_before);
        let expires = doc.expiration.and_then(day_end);
        // Past chrono's range, grace never ends: it cannot be reached either.
        let ends = expires.and_then(|at| at.checked_add_signed(TimeDelta::days(i64::from(doc.grace_days))));
        let placed = doc.machines.is_none() && doc.machine.is_none();
        let covered =
            doc.maintenance_until.is_none_or(|until| policy.release_date.is_some_and(|release| release <= until));
        License {
            kid,
            sample_key,
            doc,
            catalog,
            policy,
            granted,
            unknown,
            believable_from,
            starts,
            expires,
            ends,
            machine_match: None,
            placed,
            covered,
        }
    }

    /// The license judged on `machine`: a bound license is in effect only
    /// if `machine` has the bound device key and enough of its components
    /// match; any other license is returned as it is (a template stays
    /// unbound everywhere).
    #[must_use]
    pub fn on_machine(mut self, machine: &Machine) -> License {
        if let Some(binding) = &self.doc.machine {
            let judged = binding.judge(&self.doc.license_id, machine);
            self.placed = judged.matches();
            self.machine_match = Some(Box::new(judged));
        }
        self
    }

    /// The license with its machine binding ignored
    /// ([`dangerous::any_machine`](crate::dangerous::any_machine)). A
    /// template has no machine to ignore: it stays in effect nowhere.
    pub(crate) fn placed_anywhere(mut self) -> License {
        self.placed = self.doc.machines.is_none() || self.doc.machine.is_some();
        self
    }

    /// `machines`: how many machines a template may be bound to at once
    /// (a bound license keeps its template's number).
    #[must_use]
    pub fn machines(&self) -> Option<u64> {
        self.doc.machines
    }

    /// `machine`: the machine a bound license is in effect on.
    #[must_use]
    pub fn binding(&self) -> Option<&Binding> {
        self.doc.machine.as_deref()
    }

    /// Whether the license must be judged on a machine: it is a template or
    /// bound to one.
    #[must_use]
    pub fn needs_machine(&self) -> bool {
        self.doc.machines.is_some() || self.doc.machine.is_some()
    }

    /// How a bound license matched the machine it was judged on
    /// ([`on_machine`](Self::on_machine)).
    #[must_use]
    pub fn machine_match(&self) -> Option<&MachineMatch> {
        self.machine_match.as_deref()
    }

    /// Why the license is not in effect on this machine.
    fn unbound_error(&self) -> Error {
        let Some(binding) = self.binding() else {
            return Error::NotActivated { machines: self.doc.machines.unwrap_or_default() };
        };
        let label = binding.label().to_owned();
        match &self.machine_match {
            None => Error::NoMachineGiven { label },
            Some(judged) => match judged.device {
                DeviceMatch::Absent => Error::NeverActivatedHere { label },
                DeviceMatch::Other => Error::BoundElsewhere { label, fingerprint: binding.device_fingerprint() },
                DeviceMatch::Same => Error::MachineChanged {
                    label,
                    mismatched: judged.mismatched.clone(),
                    matched: judged.matched.len(),
                    total: binding.components().len(),
                    required: judged.required,
                    hardware: judged.hardware_unmatched(),
                },
            },
        }
    }

    /// Where the license stands at `now`. The clock check comes first: a clock
    /// that is far behind says nothing reliable about the other three.
    #[must_use]
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        if !self.placed {
            Standing::Unbound
        } else if !self.covered {
            Standing::NotCovered
        } else if self.believable_from.is_some_and(|from| now < from) {
            Standing::ClockUntrusted
        } else if now < self.starts {
            Standing::NotYetInEffect
        } else if self.ends.is_some_and(|ends| now >= ends) {
            Standing::Expired
        } else if self.expires.is_some_and(|expires| now >= expires) {
            Standing::Grace
        } else {
            Standing::InEffect
        }
    }

    /// `Ok` if the license is in effect at `now` and, under the policy's
    /// `valid_for`, stays in effect that long after it.
    ///
    /// # Errors
    /// An unbound error ([`Verdict::Unbound`](crate::Verdict::Unbound):
    /// a template, or bound to another machine), [`Error::ClockUntrusted`],
    /// [`Error::NotYetInEffect`], [`Error::Expired`] or
    /// [`Error::EndsWithin`], each with what decided it.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), Error> {
        match self.standing(now) {
            Standing::Unbound => Err(self.unbound_error()),
            Standing::NotCovered => Err(self.not_covered_error()),
            Standing::ClockUntrusted => Err(Error::ClockUntrusted {
                now,
                issued: self.doc.issued,
                tolerance_hours: self.policy.clock_tolerance.num_hours(),
            }),
            Standing::NotYetInEffect => Err(Error::NotYetInEffect { now, not_before: self.doc.not_before }),
            Standing::Expired => Err(Error::Expired { now, expiration: self.last_day() }),
            Standing::InEffect | Standing::Grace => {
                let valid_for = self.policy.valid_for.max(TimeDelta::zero());
                // Past chrono's range counts as "too far": fail closed.
                let until = now.checked_add_signed(valid_for).unwrap_or(DateTime::<Utc>::MAX_UTC);
                match self.ends {
                    Some(ends) if until > ends => Err(Error::EndsWithin { now, until, expiration: self.last_day() }),
                    _ => Ok(()),
                }
            }
        }
    }

    /// One feature's state at `now`; `UNKNOWN` for a name the catalog lacks.
    /// Does not allocate: an embedding product may call it on every request.
    #[must_use]
    pub fn feature(&self, name: &str, now: DateTime<Utc>) -> FeatureStatus {
        match self.catalog.feature_index(name) {
            Some(index) => {
                let granted = self.granted.get(index).copied().unwrap_or(false);
                let needs_network = self.catalog.features().get(index).is_some_and(|f| f.needs_network());
                self.standing(now).feature(granted, needs_network)
            }
            None => FeatureStatus::Unknown,
        }
    }

    /// Why a feature has its state at `now`: what grants or withholds it,
    /// and what the dates, the clock or a network need make of that.
    #[must_use]
    pub fn explain(&self, name: &str, now: DateTime<Utc>) -> Explanation {
        let state = self.feature(name, now);
        let Some((index, feature)) =
            self.catalog.feature_index(name).and_then(|i| Some((i, self.catalog.features().get(i)?)))
        else {
            return Explanation { feature: name.to_owned(), state, reason: Reason::NotInCatalog };
        };
        let plan = self.plan().to_owned();
        let needs = feature.plan().to_owned();
        let by_plan = self.catalog.plan_grants(self.doc.plan_rank, feature);
        let granted = self.granted.get(index).copied().unwrap_or(false);
        let grant = if by_plan {
            Grant::Plan { plan: plan.clone(), needs: needs.clone() }
        } else {
            Grant::Override { plan: plan.clone(), needs: needs.clone() }
        };
        let reason = match self.standing(now) {
            Standing::Unbound => Reason::Unbound { problem: self.unbound_error().to_string(), granted },
            Standing::NotCovered => Reason::NotCovered { problem: self.not_covered_error().to_string() },
            Standing::ClockUntrusted => Reason::ClockUntrusted { issued: self.doc.issued },
            Standing::Expired => Reason::Expired { expiration: self.last_day() },
            _ if !granted => Reason::NotGranted { plan, needs, withheld: by_plan },
            Standing::NotYetInEffect => Reason::Pending { grant, not_before: self.doc.not_before },
            Standing::InEffect | Standing::Grace if feature.needs_network() => Reason::NeedsNetwork { grant },
            Standing::InEffect | Standing::Grace => Reason::Granted { grant },
        };
        Explanation { feature: name.to_owned(), state, reason }
    }

    /// Every instant at which the status map changes, in order, with the
    /// standing from then on: before the first, the clock is untrusted (a
    /// clock earlier than `issued` less the tolerance); then not yet in
    /// effect (when `notBefore` is later than that), in effect, and expired.
    #[must_use]
    pub fn timeline(&self) -> Vec<(DateTime<Utc>, Standing)> {
        let mut instants: Vec<DateTime<Utc>> =
            [self.believable_from, Some(self.starts), self.expires, self.ends].into_iter().flatten().collect();
        instants.sort_unstable();
        instants.dedup();
        let mut changes: Vec<(DateTime<Utc>, Standing)> = Vec::new();
        for at in instants {
            let standing = self.standing(at);
            if changes.last().is_none_or(|(_, last)| *last != standing) {
                changes.push((at, standing));
            }
        }
        changes
    }

    /// Whether a feature is `ACTIVE` at `now`.
    #[must_use]
    pub fn is_active(&self, name: &str, now: DateTime<Utc>) -> bool {
        self.feature(name, now) == FeatureStatus::Active
    }

    /// The whole status map at `now`.
    #[must_use]
    pub fn status(&self, now: DateTime<Utc>) -> Status {
        self.status_in(self.standing(now))
    }

    /// The one status map builder: every feature as `standing` makes it.
    fn status_in(&self, standing: Standing) -> Status {
        let states = self
            .catalog
            .features()
            .iter()
            .zip(&self.granted)
            .map(|(f, granted)| standing.feature(*granted, f.needs_network()))
            .collect();
        Status {
            licensed: !matches!(standing, Standing::Expired | Standing::Unbound | Standing::NotCovered),
            expiration: self.doc.expiration,
            attributes: Some(Arc::clone(&self.doc.attributes)),
            catalog: Arc::clone(&self.catalog),
            states,
            unknown: self.unknown.clone(),
        }
    }

    /// The exclusive end: 00:00 UTC of the day after `expiration`, plus
    /// `graceDays`, the first instant it is no longer in effect; `None` for
    /// a perpetual license (or past chrono's range).
    #[must_use]
    pub fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.ends
    }

    /// Whole days from `now` to [`ends_at`](Self::ends_at), rounded down; 0
    /// once it has ended (and `i64::MAX` if it never ends).
    #[must_use]
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        match self.ends {
            Some(ends) if ends > now => (ends - now).num_days(),
            Some(_) => 0,
            None => i64::MAX,
        }
    }

    /// Whether the license's plan is `plan` or above it in the catalog's
    /// order; `None` if `plan` is not a plan of the catalog.
    #[must_use]
    pub fn plan_at_least(&self, plan: &str) -> Option<bool> {
        self.catalog.compare_plans(self.plan(), plan).map(std::cmp::Ordering::is_ge)
    }

    /// The catalog it is judged by.
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The id of the key that verified it.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Whether the key that verified it is the public sample key: anyone can
    /// sign such a license, so a product must not ship trusting it.
    #[must_use]
    pub fn signed_by_sample_key(&self) -> bool {
        self.sample_key
    }

    /// `licenseId`, in its canonical lowercase form
    /// ([`canonical_license_id`](crate::canonical_license_id)): a document may
    /// write it in either case.
    #[must_use]
    pub fn license_id(&self) -> &str {
        &self.doc.license_id
    }

    /// `issuedTo`: the licensee.
    #[must_use]
    pub fn issued_to(&self) -> &str {
        &self.doc.issued_to
    }

    /// `issued`.
    #[must_use]
    pub fn issued(&self) -> NaiveDate {
        self.doc.issued
    }

    /// `notBefore`, or `issued` when absent.
    #[must_use]
    pub fn not_before(&self) -> NaiveDate {
        self.doc.not_before
    }

    /// `expiration`: the last day in effect; `None` for a perpetual license,
    /// which never expires.
    #[must_use]
    pub fn expiration(&self) -> Option<NaiveDate> {
        self.doc.expiration
    }

    /// `maintenanceUntil`: the last release day the license covers.
    #[must_use]
    pub fn maintenance_until(&self) -> Option<NaiveDate> {
        self.doc.maintenance_until
    }

    /// `graceDays`: how many days it stays in effect after `expiration` (0 when absent).
    #[must_use]
    pub fn grace_days(&self) -> u32 {
        self.doc.grace_days
    }

    /// `noticeDays`: how many days before its end every use warns (30 when absent).
    #[must_use]
    pub fn notice_days(&self) -> u32 {
        self.doc.notice_days
    }

    /// The instant grace begins (00:00 UTC the day after `expiration`), when
    /// the license has grace days.
    #[must_use]
    pub fn grace_from(&self) -> Option<DateTime<Utc>> {
        self.expires.filter(|_| self.doc.grace_days > 0)
    }

    /// The instant the notice period begins: `noticeDays` before the
    /// expiration (grace, if any, follows it: the warning comes before the
    /// license expires, not only in grace).
    #[must_use]
    pub fn notice_from(&self) -> Option<DateTime<Utc>> {
        self.expires?.checked_sub_signed(TimeDelta::days(i64::from(self.doc.notice_days)))
    }

    /// Whether, at `now`, the license is in effect (or in grace) within the
    /// notice period of its end: every use should warn that it ends soon.
    #[must_use]
    pub fn in_notice(&self, now: DateTime<Utc>) -> bool {
        matches!(self.standing(now), Standing::InEffect | Standing::Grace)
            && self.notice_from().is_some_and(|from| now >= from)
    }

    /// The last day in effect, for a license that has one (an expired or
    /// ending one always has).
    fn last_day(&self) -> NaiveDate {
        self.doc.expiration.unwrap_or(NaiveDate::MAX)
    }

    /// Why this release is not covered.
    fn not_covered_error(&self) -> Error {
        let until = self.doc.maintenance_until.unwrap_or(NaiveDate::MAX);
        match self.policy.release_date {
            Some(release) => Error::NotCovered { release, until },
            None => Error::NoReleaseDate { until },
        }
    }

    /// `licenseAttributes.LicensedPlan`.
    #[must_use]
    pub fn plan(&self) -> &str {
        self.doc.plan()
    }

    /// `licenseAttributes.LicenseType`.
    #[must_use]
    pub fn license_type(&self) -> &str {
        self.doc.license_type()
    }

    /// All of `licenseAttributes`.
    #[must_use]
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.doc.attributes
    }

    /// `supersedes`: the licenseIds this license replaces (empty when
    /// absent), each in its canonical lowercase form.
    #[must_use]
    pub fn supersedes(&self) -> &[String] {
        &self.doc.supersedes
    }

    /// `sequence`: this renewal's place among the licenses with its
    /// licenseId (0 when absent). A store orders licenses with the same
    /// licenseId by it, then by `issued`.
    #[must_use]
    pub fn sequence(&self) -> u32 {
        self.doc.sequence
    }

    /// The status map as under an untrusted clock, whatever `now` says: every
    /// feature `UNKNOWN`, `licensed` true. For a clock that a caller found
    /// wound back by other means (a store's high-water mark).
    #[must_use]
    pub fn status_with_untrusted_clock(&self) -> Status {
        self.status_in(Standing::ClockUntrusted)
    }

    /// `features`: the per-feature overrides of the plan.
    #[must_use]
    pub fn overrides(&self) -> &BTreeMap<String, bool> {
        &self.doc.overrides
    }
}
