//! The clock as the caller read it: the store, like the library, reads none.

use airgap_license::check_instant;
use airgap_license::chrono::{DateTime, Utc};

use crate::error::StoreError;

/// The clock as the caller read it: the store never reads one itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The system clock's reading now. This, and only this, moves the
    /// store's high-water mark.
    pub system: DateTime<Utc>,
    /// Another instant to judge the license at (`--at`), judged against the
    /// mark like the system clock but never recorded.
    pub at: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock's reading, judged as it is.
    #[must_use]
    pub fn system(now: DateTime<Utc>) -> Clock {
        Clock { system: now, at: None }
    }

    /// The system clock's reading now, in whole seconds: the one reading of
    /// the clock the command line and the bindings share (the library never
    /// reads one, and the store's commands take theirs from the caller).
    /// Not checked here: the commands refuse an instant outside the years
    /// 1970 to 9999 ([`check_instant`]).
    #[must_use]
    pub fn system_now() -> DateTime<Utc> {
        let now = DateTime::<Utc>::from(std::time::SystemTime::now());
        DateTime::<Utc>::from_timestamp(now.timestamp(), 0).unwrap_or(now)
    }

    /// The instant the license is judged at.
    #[must_use]
    pub fn judged(&self) -> DateTime<Utc> {
        self.at.unwrap_or(self.system)
    }

    /// For a command that judges nothing at an instant and records no
    /// mark (`machine`, `this_machine`, `last_receipt`): any valid instant.
    pub(crate) fn unjudged() -> Clock {
        Clock::system(DateTime::UNIX_EPOCH)
    }

    /// Refuses instants outside the years 1970 to 9999, before anything is
    /// judged or recorded.
    pub(crate) fn check(self) -> Result<Clock, StoreError> {
        check_instant(self.system)?;
        self.at.map(check_instant).transpose()?;
        Ok(self)
    }
}
