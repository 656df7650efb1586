//! The catalog of plans and features: data, embedded at build time, replaceable.

use std::sync::{Arc, OnceLock};

use crate::config_error::ConfigError;
use crate::error::{Part, quoted};
use crate::names::{RESERVED_STATUS_MEMBERS, is_name};
use crate::strict_json::{Json, parse_object};

/// The Reactor catalog: the plans and features of the Reactor license API.
const REACTOR: &str = include_str!("../catalog.json");

/// One feature of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogFeature {
    name: String,
    plan: String,
    rank: usize,
    needs_network: bool,
}

impl CatalogFeature {
    /// The feature's name, as the status map keys it (`scimServer`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The lowest plan that grants it.
    #[must_use]
    pub fn plan(&self) -> &str {
        &self.plan
    }

    /// Whether it needs a network connection, and so is `DISCONNECTED` offline.
    #[must_use]
    pub fn needs_network(&self) -> bool {
        self.needs_network
    }
}

/// Plans in ascending order, and features sorted by name.
///
/// The JSON form:
/// `{"plans": ["Community", ...], "features": {"name": {"plan": "Starter", "needsNetwork": true}}}`;
/// `needsNetwork` is optional (default `false`). Feature names are 1 to 64
/// characters of `A-Z a-z 0-9 . _ -` and may not be `expiration`, `licensed` or
/// `licenseAttributes`, which the status map uses for itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    plans: Vec<String>,
    features: Vec<CatalogFeature>,
}

impl Catalog {
    /// The Reactor catalog (`catalog.json` of this crate), parsed on first use.
    ///
    /// # Errors
    /// [`ConfigError::Catalog`] if it is malformed (which the crate's own
    /// tests rule out).
    pub fn reactor() -> Result<Arc<Catalog>, ConfigError> {
        static CATALOG: OnceLock<Result<Arc<Catalog>, ConfigError>> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::from_json(REACTOR).map(Arc::new)).clone()
    }

    /// Parses a catalog from its JSON form.
    ///
    /// # Errors
    /// [`ConfigError::Catalog`] naming what is malformed.
    pub fn from_json(text: &str) -> Result<Catalog, ConfigError> {
        let bad = |reason: String| ConfigError::Catalog { reason };
        let mut root = parse_object(text.as_bytes(), Part::Catalog).map_err(|e| bad(e.to_string()))?;
        if let Some(extra) = root.names().filter(|k| !matches!(*k, "plans" | "features")).min() {
            return Err(bad(format!("unexpected member {}", quoted(extra))));
        }
        let plans = match root.remove("plans") {
            Some(Json::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Json::Str(plan) if plan.trim().is_empty() => Err(bad("a plan name is blank".to_owned())),
                    Json::Str(plan) => Ok(plan.into_owned()),
                    other => Err(bad(format!("a plan must be a string, not {}", other.type_name()))),
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(other) => return Err(bad(format!("plans must be an array, not {}", other.type_name()))),
            None => return Err(bad("plans is missing".to_owned())),
        };
        if plans.is_empty() {
            return Err(bad("plans is empty".to_owned()));
        }
        if let Some((i, plan)) = plans.iter().enumerate().find(|(i, p)| plans.iter().take(*i).any(|q| q == *p)) {
            return Err(bad(format!("plan {} is listed twice (position {i})", quoted(plan))));
        }
        let features = match root.remove("features") {
            Some(Json::Object(features)) => features.into_sorted(),
            Some(other) => return Err(bad(format!("features must be an object, not {}", other.type_name()))),
            None => return Err(bad("features is missing".to_owned())),
        };
        // Sorted by name already (into_sorted), as feature_index's binary search needs.
        let features = features
            .into_iter()
            .map(|(name, spec)| parse_feature(&plans, name.into_owned(), spec).map_err(bad))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Catalog { plans, features })
    }

    /// The plans, lowest first.
    pub fn plans(&self) -> impl ExactSizeIterator<Item = &str> {
        self.plans.iter().map(String::as_str)
    }

    /// A plan's position in [`plans`](Self::plans), if it is one.
    #[must_use]
    pub fn plan_rank(&self, plan: &str) -> Option<usize> {
        self.plans.iter().position(|p| p == plan)
    }

    /// How plan `a` compares with plan `b` in the catalog's order (`Less`:
    /// `a` is the lower plan); `None` if either is not a plan of the catalog.
    #[must_use]
    pub fn compare_plans(&self, a: &str, b: &str) -> Option<std::cmp::Ordering> {
        Some(self.plan_rank(a)?.cmp(&self.plan_rank(b)?))
    }

    /// The features, sorted by name.
    #[must_use]
    pub fn features(&self) -> &[CatalogFeature] {
        &self.features
    }

    /// The position of a feature in [`features`](Self::features).
    pub(crate) fn feature_index(&self, name: &str) -> Option<usize> {
        self.features.binary_search_by(|f| f.name.as_str().cmp(name)).ok()
    }

    /// Whether a plan of this rank grants `feature` when no override says otherwise.
    pub(crate) fn plan_grants(&self, rank: usize, feature: &CatalogFeature) -> bool {
        rank >= feature.rank
    }
}

fn parse_feature(plans: &[String], name: String, spec: Json<'_>) -> Result<CatalogFeature, String> {
    if !is_name(&name) || RESERVED_STATUS_MEMBERS.contains(&name.as_str()) {
        return Err(format!(
            "feature name {} must be 1 to 64 characters of A-Z a-z 0-9 . _ - and not expiration, licensed or licenseAttributes",
            quoted(&name)
        ));
    }
    let mut spec = match spec {
        Json::Object(spec) => spec,
        other => return Err(format!("feature {} must be an object, not {}", quoted(&name), other.type_name())),
    };
    if let Some(extra) = spec.names().filter(|k| !matches!(*k, "plan" | "needsNetwork")).min() {
        return Err(format!("feature {} has an unexpected member {}", quoted(&name), quoted(extra)));
    }
    let plan = match spec.remove("plan") {
        Some(Json::Str(plan)) => plan.into_owned(),
        _ => return Err(format!("feature {} needs a plan (a string)", quoted(&name))),
    };
    let rank = plans
        .iter()
        .position(|p| *p == plan)
        .ok_or_else(|| format!("feature {} names the plan {}, which is not in plans", quoted(&name), quoted(&plan)))?;
    let needs_network = match spec.remove("needsNetwork") {
        None => false,
        Some(Json::Bool(b)) => b,
        Some(other) => {
            return Err(format!(
                "feature {}: needsNetwork must be a boolean, not {}",
                quoted(&name),
                other.type_name()
            ));
        }
    };
    Ok(CatalogFeature { name, plan, rank, needs_network })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_is_the_reactor_catalog() {
        let catalog = Catalog::reactor().unwrap();
        assert_eq!(catalog.plans().collect::<Vec<_>>(), ["Community", "Starter", "Essentials", "Enterprise"]);
        let lowest: Vec<(&str, &str, bool)> =
            catalog.features().iter().map(|f| (f.name(), f.plan(), f.needs_network())).collect();
        assert_eq!(
            lowest,
            [
                ("advancedIdentityProviders", "Starter", false),
                ("advancedLambdas", "Essentials", false),
                ("advancedMultiFactorAuthentication", "Starter", false),
                ("advancedRegistration", "Starter", false),
                ("applicationMultiFactorAuthentication", "Enterprise", false),
                ("applicationThemes", "Starter", false),
                ("breachedPasswordDetection", "Starter", true),
                ("connectors", "Starter", false),
                ("entityManagement", "Starter", false),
                ("scimServer", "Enterprise", false),
                ("threatDetection", "Enterprise", false),
                ("webAuthn", "Community", false),
                ("webAuthnPlatformAuthenticators", "Community", false),
                ("webAuthnRoamingAuthenticators", "Enterprise", false),
            ]
        );
    }

    #[test]
    fn plans_compare_in_the_catalog_order() {
        use std::cmp::Ordering;
        let catalog = Catalog::reactor().unwrap();
        assert_eq!(catalog.compare_plans("Starter", "Enterprise"), Some(Ordering::Less));
        assert_eq!(catalog.compare_plans("Enterprise", "Essentials"), Some(Ordering::Greater));
        assert_eq!(catalog.compare_plans("Starter", "Starter"), Some(Ordering::Equal));
        assert_eq!(catalog.compare_plans("Starter", "Gold"), None);
        assert_eq!(catalog.compare_plans("Gold", "Starter"), None);
    }

    #[test]
    fn features_are_sorted_whatever_the_order_of_the_text() {
        let catalog = Catalog::from_json(
            r#"{"plans":["A"],"features":{"zeta":{"plan":"A"},"Beta":{"plan":"A"},"alpha":{"plan":"A"}}}"#,
        )
        .unwrap();
        let names: Vec<&str> = catalog.features().iter().map(CatalogFeature::name).collect();
        assert_eq!(names, ["Beta", "alpha", "zeta"]);
        for (index, name) in names.iter().enumerate() {
            assert_eq!(catalog.feature_index(name), Some(index), "{name}");
        }
    }

    #[test]
    fn malformed_catalogs_are_refused_with_a_reason() {
        let cases = [
            (r#"{"plans":[],"features":{}}"#, "plans is empty"),
            (r#"{"plans":["A"," "],"features":{}}"#, "a plan name is blank"),
            (r#"{"plans":["A",1],"features":{}}"#, "a plan must be a string, not a number"),
            (r#"{"plans":["A","A"],"features":{}}"#, "listed twice"),
            (r#"{"plans":["A"],"features":{"x":{"plan":"B"}}}"#, "not in plans"),
            (r#"{"plans":["A"],"features":{"licensed":{"plan":"A"}}}"#, "must be 1 to 64"),
            (r#"{"plans":["A"],"features":{"x":{"plan":"A","needsNetwork":1}}}"#, "needsNetwork must be a boolean"),
            (r#"{"plans":["A"],"features":{"x":{"plan":"A"},"x":{"plan":"A"}}}"#, "more than once"),
            (r#"{"plans":["A"],"features":{},"extra":1}"#, "unexpected member"),
            (r#"{"features":{}}"#, "plans is missing"),
        ];
        for (text, expected) in cases {
            let err = Catalog::from_json(text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }
}
