//! Licenses sold over time: perpetual (no `expiration`) and with
//! maintenance (`maintenanceUntil`), judged against the product's release
//! date from the library (`Validator::with_release_date`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use airgap_license::chrono::{DateTime, NaiveDate, Utc};
use airgap_license::issuer::{Issuer, generate_key};
use airgap_license::{FeatureStatus, Judgement, KeyStore, TrustedKey, Validator, Verdict};
use serde_json::{Value, json};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A validator trusting a fresh key, and that key's issuer.
fn vendor() -> (Issuer, Validator) {
    let key = generate_key().unwrap();
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new("k", key.verifying_key()).unwrap()).unwrap();
    (Issuer::new("k", key).unwrap(), Validator::with_keys(keys).unwrap())
}

fn document(extra: Value) -> Vec<u8> {
    let mut doc = json!({
        "licenseId": "2b1e9c3a-4f5d-4e6a-8b7c-9d0e1f2a3b4c", "issuedTo": "Acme", "issued": "2026-01-01",
        "licenseAttributes": {"LicensedPlan": "Enterprise", "LicenseType": "Production"},
    });
    for (name, value) in extra.as_object().unwrap() {
        doc[name] = value.clone();
    }
    doc.to_string().into_bytes()
}

#[test]
fn a_perpetual_license_never_expires() {
    let (issuer, validator) = vendor();
    let license = validator.verify(issuer.sign(&document(json!({}))).unwrap()).unwrap();
    assert_eq!(license.expiration(), None);
    assert_eq!(license.ends_at(), None);
    for now in ["2026-01-01T00:00:00Z", "2099-12-31T23:59:59Z", "9999-12-31T23:59:59Z"] {
        assert!(license.check(at(now)).is_ok(), "{now}");
    }
    let status = license.status(at("2099-01-01T00:00:00Z"));
    assert!(status.licensed());
    assert_eq!(status.expiration(), None);
    assert!(status.to_body()["status"].get("expiration").is_none());
    let body = Judgement::of_license(license, at("2099-01-01T00:00:00Z")).to_json();
    assert_eq!(body["expiration"], Value::Null);
    assert_eq!(body["daysLeft"], Value::Null);
    assert_eq!(body["endsAt"], Value::Null);
    // It still has a first day, and a clock before `issued` is still wrong.
    let (issuer, validator) = vendor();
    let later = validator.verify(issuer.sign(&document(json!({"notBefore": "2027-01-01"}))).unwrap()).unwrap();
    assert_eq!(later.check(at("2026-06-01T00:00:00Z")).unwrap_err().verdict(), Verdict::NotYetInEffect);
    assert_eq!(later.check(at("2025-06-01T00:00:00Z")).unwrap_err().verdict(), Verdict::ClockUntrusted);
}

#[test]
fn maintenance_covers_releases_until_its_day_whatever_the_clock() {
    let (issuer, validator) = vendor();
    let text =
        issuer.sign(&document(json!({"maintenanceUntil": "2026-12-31", "critical": ["maintenanceUntil"]}))).unwrap();
    let now = at("2030-06-01T00:00:00Z");
    // Before and on the day: covered; the day after: not, naming both dates.
    for (release, covered) in [("2026-06-01", true), ("2026-12-31", true), ("2027-01-01", false)] {
        let license = validator.clone().with_release_date(day(release)).verify(&text).unwrap();
        assert_eq!(license.check(now).is_ok(), covered, "{release}");
    }
    let license = validator.clone().with_release_date(day("2027-03-02")).verify(&text).unwrap();
    let err = license.check(now).unwrap_err();
    assert_eq!(err.to_string(), "this release is dated 2027-03-02; the license covers releases until 2026-12-31");
    assert_eq!((err.code().as_str(), err.exit_code()), ("[notCovered]maintenanceUntil", 8));
    let judged = Judgement::of_license(license, now);
    assert_eq!(judged.verdict(), Verdict::NotCovered);
    let status = judged.status(&validator);
    assert!(!status.licensed());
    assert!(status.features().all(|(_, state)| state == FeatureStatus::Disabled));
    // No release date given: not in effect, and it says why.
    let err = validator.verify(&text).unwrap().check(now).unwrap_err();
    assert_eq!(err.verdict(), Verdict::NotCovered);
    assert!(err.to_string().contains("was not told its product's release date"), "{err}");
}

#[test]
fn maintenance_and_expiration_must_both_hold_and_maintenance_is_critical() {
    let (issuer, validator) = vendor();
    let text = issuer
        .sign(&document(json!({
            "expiration": "2027-06-30", "maintenanceUntil": "2026-12-31", "critical": ["maintenanceUntil"],
        })))
        .unwrap();
    let validator = validator.with_release_date(day("2026-12-01"));
    let license = validator.verify(&text).unwrap();
    assert!(license.check(at("2027-06-30T23:59:59Z")).is_ok());
    assert_eq!(license.check(at("2027-07-01T00:00:00Z")).unwrap_err().verdict(), Verdict::Expired);
    let newer = validator.with_release_date(day("2027-01-01")).verify(&text).unwrap();
    assert_eq!(newer.check(at("2027-01-15T00:00:00Z")).unwrap_err().verdict(), Verdict::NotCovered);
    // maintenanceUntil narrows where the license is in effect: unlisted, refused.
    let err = issuer.sign(&document(json!({"maintenanceUntil": "2026-12-31"}))).unwrap_err();
    assert_eq!(err.code(), "[invalid]critical");
}

#[test]
fn grace_keeps_the_license_in_effect_for_its_days_and_not_a_second_more() {
    for grace in [0u32, 1, 30] {
        let (issuer, validator) = vendor();
        let text = issuer.sign(&document(json!({"expiration": "2027-01-31", "graceDays": grace}))).unwrap();
        let license = validator.verify(&text).unwrap();
        assert_eq!(license.grace_days(), grace);
        // The last second of the expiration day: in effect, not in grace.
        let last = at("2027-01-31T23:59:59Z");
        assert!(license.check(last).is_ok());
        assert_eq!(Judgement::of_license(license.clone(), last).verdict(), Verdict::Valid);
        // Grace ends `grace` days after 2027-02-01T00:00:00Z.
        let end = at("2027-02-01T00:00:00Z") + airgap_license::chrono::TimeDelta::days(i64::from(grace));
        assert_eq!(license.ends_at(), Some(end));
        let last_of_grace = end - airgap_license::chrono::TimeDelta::seconds(1);
        let judged = Judgement::of_license(license.clone(), last_of_grace);
        if grace == 0 {
            // No grace: the last second of grace is the last of expiration.
            assert_eq!(judged.verdict(), Verdict::Valid, "grace 0");
        } else {
            assert_eq!(judged.verdict(), Verdict::Grace, "grace {grace}");
            assert_eq!(judged.exit_code(), 0);
            let body = judged.to_json();
            assert_eq!((body["verdict"].as_str(), body["grace"].as_bool()), (Some("grace"), Some(true)));
            assert_eq!(body["daysLeft"], 0);
            // Features as in effect; licensed.
            let status = judged.status(&validator);
            assert!(status.licensed());
            assert_eq!(status.features().find(|(n, _)| *n == "scimServer").unwrap().1, FeatureStatus::Active);
        }
        // The first second after grace: expired, everything DISABLED.
        let err = license.check(end).unwrap_err();
        assert_eq!(err.verdict(), Verdict::Expired, "grace {grace}");
        assert!(!license.status(end).licensed());
    }
}

#[test]
fn notice_warns_without_changing_the_exit_code() {
    let (issuer, validator) = vendor();
    // Default notice: 30 days before the end.
    let text = issuer.sign(&document(json!({"expiration": "2027-01-31"}))).unwrap();
    let license = validator.verify(&text).unwrap();
    assert_eq!(license.notice_days(), 30);
    assert_eq!(license.notice_from(), Some(at("2027-01-02T00:00:00Z")));
    assert!(!license.in_notice(at("2027-01-01T23:59:59Z")));
    assert!(license.in_notice(at("2027-01-02T00:00:00Z")));
    let judged = Judgement::of_license(license.clone(), at("2027-01-20T00:00:00Z"));
    assert_eq!((judged.verdict(), judged.exit_code()), (Verdict::Valid, 0));
    assert_eq!(judged.to_json()["notice"], true);
    // Not before the notice, and not once ended.
    assert!(Judgement::of_license(license.clone(), at("2026-06-01T00:00:00Z")).to_json().get("notice").is_none());
    assert!(!license.in_notice(at("2027-02-01T00:00:00Z")));
    // noticeDays 0: never; a perpetual license: never.
    let quiet = issuer.sign(&document(json!({"expiration": "2027-01-31", "noticeDays": 0}))).unwrap();
    assert!(!validator.verify(&quiet).unwrap().in_notice(at("2027-01-31T12:00:00Z")));
    let perpetual = validator.verify(issuer.sign(&document(json!({}))).unwrap()).unwrap();
    assert!(!perpetual.in_notice(at("9999-12-31T00:00:00Z")));
}

/// Notice counts back from the expiration, and grace follows it: with 30
/// days of grace and 14 of notice the warning starts 14 days before the
/// expiration (not 14 days before the end of grace, after it expired) and
/// lasts through grace.
#[test]
fn notice_counts_back_from_the_expiration_and_grace_follows() {
    let (issuer, validator) = vendor();
    let text = issuer.sign(&document(json!({"expiration": "2027-01-31", "graceDays": 30, "noticeDays": 14}))).unwrap();
    let license = validator.verify(&text).unwrap();
    assert_eq!(license.notice_from(), Some(at("2027-01-18T00:00:00Z")));
    assert!(!license.in_notice(at("2027-01-17T23:59:59Z")));
    assert!(license.in_notice(at("2027-01-18T00:00:00Z")));
    assert!(license.in_notice(at("2027-02-15T00:00:00Z")), "grace is in notice too");
    assert!(!license.in_notice(at("2027-03-03T00:00:00Z")), "not once grace has ended");
}

/// The issuer refuses grace or notice days on a perpetual license.
#[test]
fn the_issuer_refuses_grace_or_notice_on_a_perpetual_license() {
    let (issuer, _) = vendor();
    for member in ["graceDays", "noticeDays"] {
        let err = issuer.sign(&document(json!({ member: 10 }))).unwrap_err();
        assert_eq!(err.code(), format!("[invalid]{member}"));
        assert!(err.to_string().contains("needs an expiration"), "{err}");
    }
}
