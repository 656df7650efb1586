//! Every line of the status rules, through the public API.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use crate::util::{at, document_with, license, validator};
use airgap_license::{FeatureStatus, Standing, Status};
use serde_json::{Value, json};

const ALL: [&str; 14] = [
    "advancedIdentityProviders",
    "advancedLambdas",
    "advancedMultiFactorAuthentication",
    "advancedRegistration",
    "applicationMultiFactorAuthentication",
    "applicationThemes",
    "breachedPasswordDetection",
    "connectors",
    "entityManagement",
    "scimServer",
    "threatDetection",
    "webAuthn",
    "webAuthnPlatformAuthenticators",
    "webAuthnRoamingAuthenticators",
];

fn status_of(changes: Value, now: &str) -> Status {
    validator().verify(license(&document_with(changes))).unwrap().status(at(now))
}

fn states(status: &Status) -> Vec<(String, FeatureStatus)> {
    status.features().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn plan(name: &str) -> Value {
    json!({"licenseAttributes": {"LicensedPlan": name, "LicenseType": "Production"}})
}

/// The features a plan grants, by the issue's table.
fn granted_by(plan: &str) -> Vec<&'static str> {
    let starter = [
        "advancedIdentityProviders",
        "advancedMultiFactorAuthentication",
        "advancedRegistration",
        "applicationThemes",
        "breachedPasswordDetection",
        "connectors",
        "entityManagement",
    ];
    let enterprise =
        ["applicationMultiFactorAuthentication", "scimServer", "threatDetection", "webAuthnRoamingAuthenticators"];
    let mut granted = vec!["webAuthn", "webAuthnPlatformAuthenticators"];
    if plan != "Community" {
        granted.extend(starter);
    }
    if plan == "Essentials" || plan == "Enterprise" {
        granted.push("advancedLambdas");
    }
    if plan == "Enterprise" {
        granted.extend(enterprise);
    }
    granted
}

#[test]
fn no_license_is_unlicensed_and_all_disabled() {
    let status = validator().unlicensed();
    assert!(!status.licensed());
    assert_eq!(status.expiration(), None);
    assert_eq!(status.license_attributes(), None);
    assert_eq!(states(&status), ALL.iter().map(|f| (f.to_string(), FeatureStatus::Disabled)).collect::<Vec<_>>());
    assert_eq!(
        status.to_body(),
        json!({"status": {
            "advancedIdentityProviders": "DISABLED", "advancedLambdas": "DISABLED",
            "advancedMultiFactorAuthentication": "DISABLED", "advancedRegistration": "DISABLED",
            "applicationMultiFactorAuthentication": "DISABLED", "applicationThemes": "DISABLED",
            "breachedPasswordDetection": "DISABLED", "connectors": "DISABLED", "entityManagement": "DISABLED",
            "licensed": false, "scimServer": "DISABLED", "threatDetection": "DISABLED", "webAuthn": "DISABLED",
            "webAuthnPlatformAuthenticators": "DISABLED", "webAuthnRoamingAuthenticators": "DISABLED"
        }})
    );
}

#[test]
fn in_effect_each_plan_grants_its_features_and_network_features_are_disconnected() {
    for name in ["Community", "Starter", "Essentials", "Enterprise"] {
        let status = status_of(plan(name), "2026-06-01T12:00:00Z");
        assert!(status.licensed(), "{name}");
        let granted = granted_by(name);
        for feature in ALL {
            let expected = match (granted.contains(&feature), feature == "breachedPasswordDetection") {
                (true, true) => FeatureStatus::Disconnected,
                (true, false) => FeatureStatus::Active,
                (false, _) => FeatureStatus::Disabled,
            };
            assert_eq!(status.feature(feature), Some(expected), "{name} {feature}");
        }
    }
}

#[test]
fn enterprise_body_is_the_reactor_api_shape() {
    let status = status_of(plan("Enterprise"), "2026-06-01T00:00:00Z");
    let body = status.to_body();
    let mut expected = json!({"status": {
        "expiration": "2026-12-31",
        "licenseAttributes": {"LicenseType": "Production", "LicensedPlan": "Enterprise"},
        "licensed": true,
    }});
    for feature in ALL {
        expected["status"][feature] = json!("ACTIVE");
    }
    expected["status"]["breachedPasswordDetection"] = json!("DISCONNECTED");
    assert_eq!(body, expected);
    // Members in the API's (alphabetical) order.
    let text = serde_json::to_string(&body).unwrap();
    let keys: Vec<&str> = body["status"].as_object().unwrap().keys().map(String::as_str).collect();
    let mut positions: Vec<usize> = keys.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap()).collect();
    let unsorted = positions.clone();
    positions.sort_unstable();
    assert_eq!(positions, unsorted);
}

#[test]
fn before_not_before_granted_features_are_pending() {
    let status = status_of(json!({"notBefore": "2026-03-01"}), "2026-02-15T00:00:00Z");
    assert!(status.licensed());
    for feature in ALL {
        let expected =
            if granted_by("Starter").contains(&feature) { FeatureStatus::Pending } else { FeatureStatus::Disabled };
        assert_eq!(status.feature(feature), Some(expected), "{feature}");
    }
    assert_eq!(status.expiration().unwrap().to_string(), "2026-12-31");
}

#[test]
fn after_expiration_unlicensed_all_disabled_expiration_still_reported() {
    let status = status_of(json!({"features": {"scimServer": true, "hologram": true}}), "2027-01-01T00:00:00Z");
    assert!(!status.licensed());
    assert_eq!(status.expiration().unwrap().to_string(), "2026-12-31");
    assert_eq!(status.license_attributes().unwrap()["LicensedPlan"], "Starter");
    for feature in ALL {
        assert_eq!(status.feature(feature), Some(FeatureStatus::Disabled), "{feature}");
    }
    // A feature the catalog does not know stays unknown, whatever the dates.
    assert_eq!(status.feature("hologram"), Some(FeatureStatus::Unknown));
}

#[test]
fn untrusted_clock_licensed_but_everything_unknown() {
    // issued 2026-01-01: more than 24 hours before its start is untrusted.
    let status = status_of(json!({}), "2025-12-30T23:59:59Z");
    assert!(status.licensed());
    assert_eq!(status.expiration().unwrap().to_string(), "2026-12-31");
    assert!(status.license_attributes().is_some());
    for feature in ALL {
        assert_eq!(status.feature(feature), Some(FeatureStatus::Unknown), "{feature}");
    }
    // Exactly 24 hours before: believed, and not yet in effect.
    let status = status_of(json!({}), "2025-12-31T00:00:00Z");
    assert_eq!(status.feature("connectors"), Some(FeatureStatus::Pending));
}

#[test]
fn overrides_grant_withhold_and_unknown_features_are_listed() {
    let status = status_of(
        json!({"features": {"scimServer": true, "connectors": false, "webAuthn": false, "zeta.Feature_2": false}}),
        "2026-06-01T00:00:00Z",
    );
    assert_eq!(status.feature("scimServer"), Some(FeatureStatus::Active));
    assert_eq!(status.feature("connectors"), Some(FeatureStatus::Disabled));
    assert_eq!(status.feature("webAuthn"), Some(FeatureStatus::Disabled));
    assert_eq!(status.feature("advancedRegistration"), Some(FeatureStatus::Active));
    assert_eq!(status.feature("zeta.Feature_2"), Some(FeatureStatus::Unknown));
    assert_eq!(status.features().count(), 15);
    // Withholding a network feature disables it rather than leaving it DISCONNECTED.
    let status = status_of(json!({"features": {"breachedPasswordDetection": false}}), "2026-06-01T00:00:00Z");
    assert_eq!(status.feature("breachedPasswordDetection"), Some(FeatureStatus::Disabled));
}

#[test]
fn feature_lookup_agrees_with_the_status_map_at_every_standing() {
    let doc = document_with(json!({"notBefore": "2026-02-01", "features": {"scimServer": true, "x": true}}));
    let license = validator().verify(license(&doc)).unwrap();
    let cases = [
        ("2025-12-01T00:00:00Z", Standing::ClockUntrusted),
        ("2026-01-15T00:00:00Z", Standing::NotYetInEffect),
        ("2026-06-01T00:00:00Z", Standing::InEffect),
        ("2027-06-01T00:00:00Z", Standing::Expired),
    ];
    for (now, standing) in cases {
        assert_eq!(license.standing(at(now)), standing, "{now}");
        let status = license.status(at(now));
        for (name, state) in status.features() {
            assert_eq!(license.feature(name, at(now)), state, "{now} {name}");
            assert_eq!(license.is_active(name, at(now)), state == FeatureStatus::Active);
            assert_eq!(status.feature(name), Some(state), "{now} {name}");
        }
    }
    assert_eq!(license.feature("noSuchFeature", at("2026-06-01T00:00:00Z")), FeatureStatus::Unknown);
}

#[test]
fn unknown_features_are_merged_into_the_sorted_map() {
    // Names before, between and after the catalog's, in the map's byte order.
    let status = status_of(
        json!({"features": {"Zed": true, "aaa": false, "entityZ": true, "scimServer": true, "zzz": true}}),
        "2026-06-01T00:00:00Z",
    );
    let names: Vec<String> = states(&status).into_iter().map(|(name, _)| name).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 18);
    for unknown in ["Zed", "aaa", "entityZ", "zzz"] {
        assert_eq!(status.feature(unknown), Some(FeatureStatus::Unknown), "{unknown}");
    }
    assert_eq!(names.first().map(String::as_str), Some("Zed"));
    assert_eq!(names.last().map(String::as_str), Some("zzz"));
    assert_eq!(status.feature("scimServer"), Some(FeatureStatus::Active));
    assert_eq!(status.feature("entityY"), None);
    let body = serde_json::to_string(&status).unwrap();
    assert!(body.starts_with(r#"{"Zed":"UNKNOWN","aaa":"UNKNOWN","advancedIdentityProviders":"#), "{body}");
    assert!(body.contains(r#""entityManagement":"#) && body.contains(r#""entityZ":"UNKNOWN""#), "{body}");
}
