//! Calendar dates as the format writes them: exactly `YYYY-MM-DD`, UTC, real days.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

use crate::config_error::ConfigError;
use crate::error::Error;

/// Parses exactly `YYYY-MM-DD` (four, two and two ASCII digits) naming a real day.
///
/// chrono alone would also take `2026-1-5` or `+2026-01-05`; the length and
/// shape are checked here, the calendar (leap years, month lengths) by chrono.
/// `field` names the date in the error.
///
/// # Errors
/// [`Error::InvalidDate`] saying whether the shape or the day is wrong.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, Error> {
    let invalid = |reason| Error::InvalidDate { field: field.to_owned(), value: text.to_owned(), reason };
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(invalid("a date must be written YYYY-MM-DD"));
    }
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(invalid("a date must be written YYYY-MM-DD"));
    };
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or_else(|| invalid("no such day in the calendar"))
}

/// 00:00:00 UTC on `day`: the first instant of a license's `notBefore`.
#[must_use]
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// The first instant after `day` (exclusive end): 00:00:00 UTC the next day.
/// `None` only past chrono's last representable day, far beyond year 9999.
pub(crate) fn day_end(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.checked_add_days(Days::new(1)).map(day_start)
}

/// The years an instant given to the project may fall in: 1970 to 9999.
/// Every entry point (the CLI's `--at` and clock, the store, C, Python,
/// Node) refuses an instant outside them before anything is judged or
/// recorded: a clock set to year 30000, or milliseconds passed where
/// seconds are expected, must not move a store's clock mark.
pub const INSTANT_YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// `at`, if its year is within [`INSTANT_YEARS`].
///
/// # Errors
/// [`ConfigError::InstantOutOfRange`] naming the instant.
pub fn check_instant(at: DateTime<Utc>) -> Result<DateTime<Utc>, ConfigError> {
    use chrono::Datelike as _;
    if INSTANT_YEARS.contains(&at.year()) {
        Ok(at)
    } else {
        Err(ConfigError::InstantOutOfRange { instant: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true) })
    }
}

/// The instant `seconds` after 1970-01-01T00:00:00Z, checked as
/// [`check_instant`] does: what the C ABI and the bindings take.
///
/// # Errors
/// [`ConfigError::InstantOutOfRange`], also for seconds beyond any date.
pub fn instant_from_unix(seconds: i64) -> Result<DateTime<Utc>, ConfigError> {
    let at = DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| ConfigError::InstantOutOfRange { instant: format!("{seconds} seconds after 1970") })?;
    check_instant(at)
}

/// The instant `millis` milliseconds after 1970-01-01T00:00:00Z (what
/// JavaScript's `Date.now()` gives), checked as [`check_instant`] does.
///
/// # Errors
/// [`ConfigError::InstantOutOfRange`], also for milliseconds beyond any date.
pub fn instant_from_unix_millis(millis: i64) -> Result<DateTime<Utc>, ConfigError> {
    let at = DateTime::from_timestamp_millis(millis)
        .ok_or_else(|| ConfigError::InstantOutOfRange { instant: format!("{millis} milliseconds after 1970") })?;
    check_instant(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> bool {
        parse_date("issued", text).is_ok()
    }

    #[test]
    fn shape_is_exact() {
        assert!(ok("2026-01-05"));
        for bad in [
            "2026-1-05",
            "2026-01-5",
            "+2026-01-05",
            "20260105",
            "2026/01/05",
            "2026-01-05T00:00:00Z",
            " 2026-01-05",
            "2026-01-05 ",
            "",
            "２０２６-01-05",
            "2026-01-0\u{661}",
        ] {
            let err = parse_date("issued", bad).unwrap_err();
            assert!(err.to_string().contains("YYYY-MM-DD"), "{bad}: {err}");
        }
    }

    #[test]
    fn only_real_days() {
        assert!(ok("2024-02-29"));
        assert!(ok("2000-02-29"));
        for bad in ["2023-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"] {
            let err = parse_date("expiration", bad).unwrap_err();
            assert_eq!(err.to_string(), format!("expiration is \"{bad}\": no such day in the calendar"));
        }
    }

    #[test]
    fn day_bounds() {
        let day = NaiveDate::from_ymd_opt(2024, 2, 28).unwrap();
        assert_eq!(day_start(day).to_rfc3339(), "2024-02-28T00:00:00+00:00");
        assert_eq!(day_end(day).unwrap().to_rfc3339(), "2024-02-29T00:00:00+00:00");
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        assert!(day_end(last).is_some());
    }

    #[test]
    fn instants_outside_1970_to_9999_are_refused() {
        assert!(instant_from_unix(0).is_ok());
        assert!(instant_from_unix(253_402_300_799).is_ok()); // 9999-12-31T23:59:59Z
        assert!(instant_from_unix(253_402_300_800).is_err()); // 10000-01-01
        assert!(instant_from_unix(-1).is_err());
        // Milliseconds passed as seconds: year 56,000 and more.
        let err = instant_from_unix(1_780_000_000_000).unwrap_err().to_string();
        assert!(err.contains("outside the years 1970 to 9999"), "{err}");
        assert!(instant_from_unix(i64::MAX).is_err());
        assert!(instant_from_unix_millis(1_780_000_000_000).is_ok());
        assert!(instant_from_unix_millis(1_780_000_000_000_000).is_err()); // microseconds as milliseconds
        assert!(instant_from_unix_millis(-1).is_err());
    }
}
