//! Why a feature has its state: the answer to "why is X disabled?" without a
//! support ticket.

use std::fmt;

use chrono::NaiveDate;

use crate::escape::Escaped;
use crate::status::FeatureStatus;

/// What grants a feature, when something does.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Grant {
    /// The license's plan includes it (the feature's own plan or a lower one).
    Plan {
        /// The license's plan.
        plan: String,
        /// The lowest plan that includes the feature.
        needs: String,
    },
    /// `features` grants it beyond the plan.
    Override {
        /// The license's plan.
        plan: String,
        /// The lowest plan that includes the feature.
        needs: String,
    },
}

/// Why a feature has its state at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// The catalog does not know the feature.
    NotInCatalog,
    /// The license is not in effect on this machine (a template, bound to
    /// another machine, or this machine changed).
    Unbound {
        /// Why, as the verdict's message says it.
        problem: String,
        /// Whether the license grants the feature (it is then `PENDING`).
        granted: bool,
    },
    /// The license does not cover this release of the product.
    NotCovered {
        /// Why, as the verdict's message says it.
        problem: String,
    },
    /// The clock reads more than the tolerance before the license was issued.
    ClockUntrusted {
        /// The day the license was issued.
        issued: NaiveDate,
    },
    /// The license has ended.
    Expired {
        /// Its last day in effect.
        expiration: NaiveDate,
    },
    /// Nothing grants it.
    NotGranted {
        /// The license's plan.
        plan: String,
        /// The lowest plan that includes the feature.
        needs: String,
        /// Whether `features` withholds it (the plan alone would grant it).
        withheld: bool,
    },
    /// Granted, from a later day.
    Pending {
        /// What grants it.
        grant: Grant,
        /// The first day in effect.
        not_before: NaiveDate,
    },
    /// Granted, but it needs a network connection, which an air-gapped
    /// validator never has.
    NeedsNetwork {
        /// What grants it.
        grant: Grant,
    },
    /// Granted and in effect.
    Granted {
        /// What grants it.
        grant: Grant,
    },
}

/// One feature's state with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The feature's name.
    pub feature: String,
    /// Its state.
    pub state: FeatureStatus,
    /// Why.
    pub reason: Reason,
}

impl Explanation {
    /// `{"feature", "state", "reason"}`: how `explain --json` and the
    /// bindings' `License.explain` show it.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "feature": self.feature, "state": self.state.as_str(), "reason": self.reason.to_string() })
    }
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grant::Plan { plan, needs } if plan == needs => {
                write!(f, "the plan {} includes it", Escaped(plan))
            }
            Grant::Plan { plan, needs } => {
                write!(f, "the plan {} includes it (from {} up)", Escaped(plan), Escaped(needs))
            }
            Grant::Override { plan, needs } => write!(
                f,
                "granted by an override in features, beyond the plan {} (it needs {})",
                Escaped(plan),
                Escaped(needs)
            ),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NotInCatalog => f.write_str("the catalog does not know this feature"),
            Reason::Unbound { problem, granted: true } => {
                write!(f, "the license grants it, once in effect on this machine: {problem}")
            }
            Reason::NotCovered { problem } => write!(f, "not in effect for this release: {problem}"),
            Reason::Unbound { problem, granted: false } => {
                write!(f, "the license does not grant it, and it is not in effect on this machine: {problem}")
            }
            Reason::ClockUntrusted { issued } => write!(
                f,
                "the clock cannot be trusted: it reads more than the tolerance before the license was issued on {issued}; fix the clock and ask again"
            ),
            Reason::Expired { expiration } => write!(f, "the license ended at the end of {expiration} UTC"),
            Reason::NotGranted { plan, needs, withheld: true } => write!(
                f,
                "withheld by an override in features, although the plan {} includes it (from {} up)",
                Escaped(plan),
                Escaped(needs)
            ),
            Reason::NotGranted { plan, needs, withheld: false } => {
                write!(f, "the plan {} does not include it: it needs {} or above", Escaped(plan), Escaped(needs))
            }
            Reason::Pending { grant, not_before } => write!(f, "{grant}; in effect from {not_before} UTC"),
            Reason::NeedsNetwork { grant } => write!(f, "{grant}; but it needs a network connection"),
            Reason::Granted { grant } => write!(f, "{grant}"),
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", Escaped(&self.feature), self.state, self.reason)
    }
}
