//! Date edges: the last instant of expiration, the first of notBefore, leap
//! days, impossible days, the clock tolerance and --valid-for.
#![allow(clippy::unwrap_used)]

use crate::util::{at, document_with, license, validator, validator_with};
use airgap_license::chrono::TimeDelta;
use airgap_license::{Error, Policy, Standing, Verdict};
use serde_json::json;

fn standing(changes: serde_json::Value, now: &str) -> Standing {
    validator().verify(license(&document_with(changes))).unwrap().standing(at(now))
}

#[test]
fn the_last_second_and_nanosecond_of_expiration_are_in_effect() {
    let doc = json!({"expiration": "2026-12-31"});
    assert_eq!(standing(doc.clone(), "2026-12-31T23:59:59Z"), Standing::InEffect);
    assert_eq!(standing(doc.clone(), "2026-12-31T23:59:59.999999999Z"), Standing::InEffect);
    assert_eq!(standing(doc.clone(), "2027-01-01T00:00:00Z"), Standing::Expired);
    // The same instant written in another offset is the same instant.
    assert_eq!(standing(doc.clone(), "2026-12-31T20:00:00-05:00"), Standing::Expired);
    assert_eq!(standing(doc, "2027-01-01T00:59:59+01:00"), Standing::InEffect);
}

#[test]
fn not_before_starts_at_midnight_utc() {
    let doc = json!({"notBefore": "2026-03-01"});
    assert_eq!(standing(doc.clone(), "2026-02-28T23:59:59.999999999Z"), Standing::NotYetInEffect);
    assert_eq!(standing(doc, "2026-03-01T00:00:00Z"), Standing::InEffect);
}

#[test]
fn a_one_day_license_is_in_effect_for_exactly_that_day() {
    let doc = json!({"notBefore": "2026-05-05", "expiration": "2026-05-05"});
    assert_eq!(standing(doc.clone(), "2026-05-04T23:59:59Z"), Standing::NotYetInEffect);
    assert_eq!(standing(doc.clone(), "2026-05-05T00:00:00Z"), Standing::InEffect);
    assert_eq!(standing(doc.clone(), "2026-05-05T23:59:59Z"), Standing::InEffect);
    assert_eq!(standing(doc, "2026-05-06T00:00:00Z"), Standing::Expired);
}

#[test]
fn leap_days() {
    let doc = json!({"issued": "2028-01-01", "expiration": "2028-02-29"});
    assert_eq!(standing(doc.clone(), "2028-02-29T23:59:59Z"), Standing::InEffect);
    assert_eq!(standing(doc, "2028-03-01T00:00:00Z"), Standing::Expired);
    let not_leap = validator().verify(license(&document_with(json!({"expiration": "2027-02-29"}))));
    assert_eq!(not_leap.unwrap_err().code(), "[invalid]expiration");
    let century =
        validator().verify(license(&document_with(json!({"issued": "2100-02-29", "expiration": "2100-03-01"}))));
    assert_eq!(century.unwrap_err().code(), "[invalid]issued");
}

#[test]
fn impossible_and_misshapen_dates_are_rejected_by_field() {
    for (field, value) in [
        ("issued", "2026-02-30"),
        ("issued", "2026-1-01"),
        ("notBefore", "2026-04-31"),
        ("notBefore", "2026-06-01T00:00:00Z"),
        ("expiration", "2026-13-01"),
        ("expiration", "26-12-31"),
        ("expiration", "2026-12-31 "),
    ] {
        let err = validator().verify(license(&document_with(json!({ field: value })))).unwrap_err();
        assert_eq!(err.code(), format!("[invalid]{field}"), "{field}={value}");
        assert_eq!(err.verdict(), Verdict::Rejected);
        assert!(err.to_string().starts_with(&format!("{field} is \"{value}\"")), "{err}");
    }
}

#[test]
fn check_reports_each_standing_with_its_dates() {
    let license = validator().verify(license(&document_with(json!({"notBefore": "2026-02-01"})))).unwrap();
    let now = at("2027-01-01T00:00:00Z");
    let err = license.check(now).unwrap_err();
    assert_eq!(err, Error::Expired { now, expiration: license.expiration().unwrap() });
    assert_eq!(err.code(), "[expired]license");
    assert_eq!(err.to_string(), "the license expired at the end of 2026-12-31 UTC; it is now 2027-01-01T00:00:00Z");

    let now = at("2026-01-20T00:00:00Z");
    assert_eq!(license.check(now).unwrap_err().verdict(), Verdict::NotYetInEffect);
    let now = at("2025-12-30T00:00:00Z");
    let err = license.check(now).unwrap_err();
    assert_eq!(err.verdict(), Verdict::ClockUntrusted);
    assert_eq!(err.code(), "[untrustedClock]license");
    assert!(license.check(at("2026-06-01T00:00:00Z")).is_ok());
}

#[test]
fn valid_for_must_fit_before_the_end() {
    let mut policy = Policy::default();
    policy.valid_for = TimeDelta::days(30);
    let license = validator_with(policy).verify(license(&document_with(json!({})))).unwrap();
    // In effect through 2026-12-31T23:59:59.999: 30 days from 2026-12-02 00:00 fit exactly.
    assert!(license.check(at("2026-12-02T00:00:00Z")).is_ok());
    let now = at("2026-12-02T00:00:01Z");
    let err = license.check(now).unwrap_err();
    assert_eq!(
        err,
        Error::EndsWithin { now, until: at("2027-01-01T00:00:01Z"), expiration: license.expiration().unwrap() }
    );
    assert_eq!(err.code(), "[expiresSoon]license");
    // Expired wins over "ends soon": the worse verdict is the one reported.
    assert_eq!(license.check(at("2027-02-01T00:00:00Z")).unwrap_err().verdict(), Verdict::Expired);
}

#[test]
fn clock_tolerance_is_a_policy() {
    let mut policy = Policy::default();
    assert_eq!(policy.clock_tolerance, TimeDelta::hours(24));
    policy.clock_tolerance = TimeDelta::hours(1);
    let validator = validator_with(policy);
    assert_eq!(validator.policy(), policy);
    let license = validator.verify(license(&document_with(json!({})))).unwrap();
    assert_eq!(license.standing(at("2025-12-31T22:59:59Z")), Standing::ClockUntrusted);
    assert_eq!(license.standing(at("2025-12-31T23:00:00Z")), Standing::NotYetInEffect);
}

#[test]
fn far_dates_do_not_overflow() {
    let doc = json!({"issued": "0001-01-01", "expiration": "9999-12-31"});
    let mut policy = Policy::default();
    policy.valid_for = TimeDelta::days(36_500);
    let license = validator_with(policy).verify(license(&document_with(doc))).unwrap();
    assert_eq!(license.standing(at("9999-12-31T23:59:59Z")), Standing::InEffect);
    assert_eq!(license.standing(at("0001-01-01T00:00:00Z")), Standing::InEffect);
    assert_eq!(license.check(at("9999-01-01T00:00:00Z")).unwrap_err().verdict(), Verdict::EndsWithin);
}
