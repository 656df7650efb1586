//! The one place the command line reads the clock.

use airgap_license::chrono::{DateTime, Utc};

/// `--at`, or the system clock: the instant a license is judged at.
pub(crate) fn now(at: Option<DateTime<Utc>>) -> DateTime<Utc> {
    at.unwrap_or_else(system_clock)
}

/// The system clock in whole seconds: the reading the bindings share.
pub(crate) fn system_clock() -> DateTime<Utc> {
    airgap_license_store::Clock::system_now()
}
