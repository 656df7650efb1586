//! Feature states and the status map, shaped like `GET /api/reactor`.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::catalog::{Catalog, CatalogFeature};

/// The state of one feature, as the Reactor API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeatureStatus {
    /// Licensed and usable now.
    Active,
    /// Not licensed (or the license ended or was rejected).
    Disabled,
    /// Licensed, but it needs a network connection, which an air-gapped
    /// validator never has.
    Disconnected,
    /// Licensed from a later day (`notBefore`).
    Pending,
    /// Cannot be told: the clock is untrusted, or the feature is not in the catalog.
    Unknown,
}

impl FeatureStatus {
    /// The API's spelling: `ACTIVE`, `DISABLED`, ...
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureStatus::Active => "ACTIVE",
            FeatureStatus::Disabled => "DISABLED",
            FeatureStatus::Disconnected => "DISCONNECTED",
            FeatureStatus::Pending => "PENDING",
            FeatureStatus::Unknown => "UNKNOWN",
        }
    }
}

impl fmt::Display for FeatureStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a verified license stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// From 00:00 UTC on `notBefore` through the last instant of `expiration`.
    InEffect,
    /// Before 00:00 UTC on `notBefore`.
    NotYetInEffect,
    /// After the last instant of `expiration`, within `graceDays`: in effect,
    /// features as in effect, with a warning to renew.
    Grace,
    /// After the last instant of `expiration` (and of its grace).
    Expired,
    /// More than the policy's tolerance before `issued`: the clock is wrong.
    ClockUntrusted,
    /// Not in effect on this machine, whatever the date: a template not yet
    /// bound to one, or a license bound to another machine (or judged
    /// without one). Granted features are `PENDING` (in progress of being
    /// activated), the others `DISABLED`; not licensed.
    Unbound,
    /// Not in effect for this release of the product, whatever the date:
    /// `maintenanceUntil` is before the product's release date. Every
    /// feature `DISABLED`; not licensed.
    NotCovered,
}

impl Standing {
    /// The verdict of a license in this standing, from the one table.
    #[must_use]
    pub fn verdict(self) -> crate::verdict::Verdict {
        use crate::verdict::Verdict;
        match self {
            Standing::InEffect => Verdict::Valid,
            Standing::Grace => Verdict::Grace,
            Standing::NotYetInEffect => Verdict::NotYetInEffect,
            Standing::Expired => Verdict::Expired,
            Standing::ClockUntrusted => Verdict::ClockUntrusted,
            Standing::Unbound => Verdict::Unbound,
            Standing::NotCovered => Verdict::NotCovered,
        }
    }

    /// The state of a catalog feature that the license grants (`granted`) or not.
    pub(crate) fn feature(self, granted: bool, needs_network: bool) -> FeatureStatus {
        match (self, granted) {
            (Standing::ClockUntrusted, _) => FeatureStatus::Unknown,
            (Standing::Expired | Standing::NotCovered, _) | (_, false) => FeatureStatus::Disabled,
            (Standing::NotYetInEffect | Standing::Unbound, true) => FeatureStatus::Pending,
            (Standing::InEffect | Standing::Grace, true) if needs_network => FeatureStatus::Disconnected,
            (Standing::InEffect | Standing::Grace, true) => FeatureStatus::Active,
        }
    }
}

/// The status map: every feature's state, whether the instance is licensed,
/// and for a verified license its expiration and attributes. It serializes
/// as the `status` object of `GET /api/reactor`, members sorted by name.
///
/// Feature names are not copied into it: it holds the state of each catalog
/// feature in the catalog's order and shares the catalog itself, so making a
/// status map costs one small allocation, not one per feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub(crate) licensed: bool,
    pub(crate) expiration: Option<NaiveDate>,
    pub(crate) attributes: Option<Arc<BTreeMap<String, String>>>,
    pub(crate) catalog: Arc<Catalog>,
    /// The state of each feature of `catalog`, in its order (sorted by name).
    pub(crate) states: Vec<FeatureStatus>,
    /// Names the license's `features` lists and the catalog lacks, sorted:
    /// all `UNKNOWN`.
    pub(crate) unknown: Vec<String>,
}

impl Status {
    /// No license, or a rejected one: unlicensed, every catalog feature `DISABLED`.
    #[must_use]
    pub fn unlicensed(catalog: &Arc<Catalog>) -> Status {
        Status {
            licensed: false,
            expiration: None,
            attributes: None,
            states: vec![FeatureStatus::Disabled; catalog.features().len()],
            catalog: Arc::clone(catalog),
            unknown: Vec::new(),
        }
    }

    /// `status.licensed`.
    #[must_use]
    pub fn licensed(&self) -> bool {
        self.licensed
    }

    /// `status.expiration`, present when a license was verified.
    #[must_use]
    pub fn expiration(&self) -> Option<NaiveDate> {
        self.expiration
    }

    /// `status.licenseAttributes`, present when a license was verified.
    #[must_use]
    pub fn license_attributes(&self) -> Option<&BTreeMap<String, String>> {
        self.attributes.as_deref()
    }

    /// Every feature with its state, sorted by name: the catalog's features
    /// and any the license names that the catalog lacks (`UNKNOWN`).
    pub fn features(&self) -> impl Iterator<Item = (&str, FeatureStatus)> {
        let mut known =
            self.catalog.features().iter().map(CatalogFeature::name).zip(self.states.iter().copied()).peekable();
        let mut unknown = self.unknown.iter().map(|name| (name.as_str(), FeatureStatus::Unknown)).peekable();
        // Both are sorted and share no name: merge them.
        std::iter::from_fn(move || match (known.peek(), unknown.peek()) {
            (Some((k, _)), Some((u, _))) if u < k => unknown.next(),
            (Some(_), _) => known.next(),
            (None, _) => unknown.next(),
        })
    }

    /// One feature's state, if the map lists it.
    #[must_use]
    pub fn feature(&self, name: &str) -> Option<FeatureStatus> {
        match self.catalog.feature_index(name) {
            Some(index) => self.states.get(index).copied(),
            None => self.unknown.binary_search_by(|u| u.as_str().cmp(name)).ok().map(|_| FeatureStatus::Unknown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_standing_and_grant() {
        use FeatureStatus::*;
        let table = [
            (Standing::InEffect, true, false, Active),
            (Standing::InEffect, true, true, Disconnected),
            (Standing::InEffect, false, false, Disabled),
            (Standing::InEffect, false, true, Disabled),
            (Standing::NotYetInEffect, true, false, Pending),
            (Standing::NotYetInEffect, true, true, Pending),
            (Standing::NotYetInEffect, false, false, Disabled),
            (Standing::Expired, true, false, Disabled),
            (Standing::Expired, true, true, Disabled),
            (Standing::Expired, false, false, Disabled),
            (Standing::ClockUntrusted, true, false, Unknown),
            (Standing::ClockUntrusted, false, true, Unknown),
        ];
        for (standing, granted, network, expected) in table {
            assert_eq!(standing.feature(granted, network), expected, "{standing:?} {granted} {network}");
        }
    }

    #[test]
    fn unlicensed_body_has_the_api_shape() {
        let status = Status::unlicensed(&Catalog::reactor().unwrap());
        assert_eq!(status.features().count(), 14);
        assert!(status.features().all(|(_, state)| state == FeatureStatus::Disabled));
        assert_eq!(status.feature("scimServer"), Some(FeatureStatus::Disabled));
        assert_eq!(status.feature("noSuchFeature"), None);
        let body = status.to_body();
        let inner = body["status"].as_object().unwrap();
        assert_eq!(inner.len(), 15);
        assert_eq!(inner["licensed"], false);
        assert_eq!(inner["scimServer"], "DISABLED");
        assert!(!inner.contains_key("expiration") && !inner.contains_key("licenseAttributes"));
        let text = serde_json::to_string(&status).unwrap();
        assert!(text.starts_with("{\"advancedIdentityProviders\":\"DISABLED\""), "{text}");
        assert!(text.ends_with("\"webAuthnRoamingAuthenticators\":\"DISABLED\"}"), "{text}");
    }
}
