//! The one place the command line reads the clock.

use std::time::SystemTime;

use airgap_license::chrono::{DateTime, Utc};

/// `--at`, or the system clock: the instant a license is judged at.
pub(crate) fn now(at: Option<DateTime<Utc>>) -> DateTime<Utc> {
    at.unwrap_or_else(system_clock)
}

/// The system clock in whole seconds.
pub(crate) fn system_clock() -> DateTime<Utc> {
    let now = DateTime::<Utc>::from(SystemTime::now());
    DateTime::<Utc>::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}
