//! What a validator demands of a license's dates beyond the format's rules.

use chrono::{NaiveDate, TimeDelta};

/// The checks a [`Validator`](crate::Validator) applies when judging a license
/// at an instant. Start from [`Policy::default`] and change fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// How far `now` may lie before the start (00:00 UTC) of `issued` and still
    /// be believed. A machine whose clock reads earlier than that is wrong or
    /// set back: every feature is `UNKNOWN` and [`License::check`](crate::License::check)
    /// fails with [`Error::ClockUntrusted`](crate::Error::ClockUntrusted).
    /// It absorbs time zones: a license issued "today" in UTC+14 is already
    /// valid in UTC-12.
    ///
    /// Default: 24 hours, as the format specifies.
    pub clock_tolerance: TimeDelta,
    /// How long after `now` the license must stay in effect for
    /// [`License::check`](crate::License::check) to pass; otherwise it fails
    /// with [`Error::EndsWithin`](crate::Error::EndsWithin). The status map does
    /// not use it. Negative values count as zero.
    ///
    /// Default: zero (in effect at `now` is enough).
    pub valid_for: TimeDelta,
    /// The day the product being licensed was released: a license with
    /// `maintenanceUntil` covers releases dated on or before that day, and
    /// is not in effect for a later one, whatever the clock says
    /// ([`Error::NotCovered`](crate::Error::NotCovered)). `None`: a license
    /// with `maintenanceUntil` cannot be judged and is not in effect
    /// ([`Error::NoReleaseDate`](crate::Error::NoReleaseDate)).
    ///
    /// Default: `None`; [`Validator::from_embedded`](crate::Validator::from_embedded)
    /// sets the day [`build::embed`](crate::build) recorded, and
    /// [`Validator::with_release_date`](crate::Validator::with_release_date) any day.
    pub release_date: Option<NaiveDate>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy { clock_tolerance: TimeDelta::hours(24), valid_for: TimeDelta::zero(), release_date: None }
    }
}
