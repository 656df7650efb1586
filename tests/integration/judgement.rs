//! The verdict object, the one-call check and the embedder's helpers:
//! every verdict with its exit code, the identity kept whenever the
//! signature verified, whole seconds, days left rounded down.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use crate::util::{at, document, document_with, license, validator, validator_with};
use airgap_license::chrono::{DateTime, TimeDelta, Utc};
use airgap_license::{Judgement, Policy, Verdict};
use serde_json::json;

#[test]
fn every_verdict_has_its_word_and_exit_code() {
    let text = license(&document()); // 2026-01-01 to 2026-12-31
    let mut ends_soon = Policy::default();
    ends_soon.valid_for = TimeDelta::days(30);
    let cases = [
        (validator(), at("2026-06-01T00:00:00Z"), "valid", 0),
        (validator(), at("2027-01-01T00:00:00Z"), "expired", 3),
        (validator(), at("2025-12-31T12:00:00Z"), "notYetInEffect", 4),
        (validator(), at("2025-06-01T00:00:00Z"), "clockUntrusted", 5),
        (validator_with(ends_soon), at("2026-12-15T00:00:00Z"), "endsWithin", 6),
    ];
    for (validator, now, word, code) in cases {
        let judgement = Judgement::of(&validator, &text, now);
        let body = judgement.to_json();
        assert_eq!(body["verdict"], word, "{body}");
        assert_eq!(body["exitCode"], code, "{body}");
        assert_eq!(judgement.exit_code(), code);
        // The identity stays, whatever the date verdict.
        assert_eq!(body["issuedTo"], "Acme Corp");
        assert_eq!(body["licenseId"], "6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11");
        assert_eq!(body["plan"], "Starter");
        assert_eq!(body["licenseType"], "Production");
        assert_eq!(body["endsAt"], "2027-01-01T00:00:00Z");
        assert_eq!(body["errors"].is_null(), word == "valid", "{body}");
    }
    let rejected = Judgement::of(&validator(), "garbage!", at("2026-06-01T00:00:00Z"));
    let body = rejected.to_json();
    assert_eq!((body["verdict"].as_str(), body["exitCode"].as_u64()), (Some("rejected"), Some(1)));
    assert!(body["licenseId"].is_null() && body["issuedTo"].is_null(), "no identity without a signature: {body}");
    assert_eq!(body["errors"]["fieldErrors"]["license"][0]["code"], "[invalid]license");
    let unreadable = Judgement::unreadable("cannot read x".into(), at("2026-06-01T00:00:00Z"));
    assert_eq!(unreadable.verdict(), Verdict::Unreadable);
    assert_eq!(unreadable.to_json()["errors"]["generalErrors"][0]["code"], "[unreadable]file");
    assert_eq!(unreadable.exit_code(), 2);
}

#[test]
fn instants_are_whole_seconds_and_days_left_round_down() {
    let text = license(&document());
    let now: DateTime<Utc> = "2026-12-30T23:59:59.987654321Z".parse().unwrap();
    let body = Judgement::of(&validator(), &text, now).to_json();
    assert_eq!(body["checkedAt"], "2026-12-30T23:59:59Z");
    // 1 day and 1.01 seconds left: one whole day.
    assert_eq!(body["daysLeft"], 1);
    let license = validator().verify(&text).unwrap();
    assert_eq!(license.days_left(at("2026-12-31T00:00:00Z")), 1);
    assert_eq!(license.days_left(at("2026-12-31T00:00:01Z")), 0);
    assert_eq!(license.days_left(at("2027-01-01T00:00:00Z")), 0);
    assert_eq!(license.days_left(at("2030-01-01T00:00:00Z")), 0);
    assert_eq!(license.days_left(at("2026-01-01T00:00:00Z")), 365);
}

#[test]
fn the_one_call_check_returns_only_a_license_in_effect() {
    let text = license(&document());
    let license = validator().verify_in_effect(&text, at("2026-06-01T00:00:00Z")).unwrap();
    assert_eq!(license.issued_to(), "Acme Corp");
    let expired = validator().verify_in_effect(&text, at("2027-01-01T00:00:00Z")).unwrap_err();
    assert_eq!(expired.verdict(), Verdict::Expired);
    assert_eq!(expired.exit_code(), 3);
    let early = validator().verify_in_effect(&text, at("2025-12-31T12:00:00Z")).unwrap_err();
    assert_eq!(early.verdict(), Verdict::NotYetInEffect);
    let forged = validator().verify_in_effect(text.replace('A', "B"), at("2026-06-01T00:00:00Z")).unwrap_err();
    assert_eq!(forged.verdict(), Verdict::Rejected);
}

#[test]
fn plans_compare_in_the_catalog_order() {
    let text =
        license(&document_with(json!({"licenseAttributes": {"LicensedPlan": "Essentials", "LicenseType": "x"}})));
    let license = validator().verify(&text).unwrap();
    assert_eq!(license.plan_at_least("Community"), Some(true));
    assert_eq!(license.plan_at_least("Starter"), Some(true));
    assert_eq!(license.plan_at_least("Essentials"), Some(true));
    assert_eq!(license.plan_at_least("Enterprise"), Some(false));
    assert_eq!(license.plan_at_least("Platinum"), None);
}

#[test]
fn an_embedder_can_read_the_clock_through_the_re_exported_chrono() {
    // chrono comes with its `clock` feature: the first line an embedder writes.
    let now = airgap_license::chrono::Utc::now();
    let text = license(&document());
    let judgement = Judgement::of(&validator(), &text, now);
    assert_eq!(judgement.checked_at(), now);
}
