//! A bound license judged on machines: the device key first, then how many
//! components match; a template nowhere; the verdict object's `machine`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use airgap_license::issuer::{Issuer, generate_key};
use airgap_license::{FeatureStatus, Judgement, KeyStore, Machine, TrustedKey, Validator, Verdict, component_hash};
use base64::Engine as _;
use serde_json::json;

const ID: &str = "6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11";

fn machine(device: [u8; 32], components: &[(&str, &str)]) -> Machine {
    Machine::new(Some(device), components.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())))
}

#[test]
fn a_bound_license_needs_its_device_key_and_enough_components() {
    let key = generate_key().unwrap();
    let issuer = Issuer::new("k", key.clone()).unwrap();
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new("k", key.verifying_key()).unwrap()).unwrap();
    let validator = Validator::with_keys(keys).unwrap();
    let device = [9u8; 32];
    let hash = |v: &str| component_hash(ID, v);
    let doc = json!({
        "licenseId": ID, "issuedTo": "Acme", "issued": "2026-01-01", "expiration": "2099-12-31",
        "licenseAttributes": {"LicensedPlan": "Enterprise", "LicenseType": "Production"},
        "machines": 3,
        "machine": {
            "deviceKey": base64::engine::general_purpose::STANDARD.encode(device),
            "components": {"machineId": hash("m-1"), "hostName": hash("db-07"), "mac.eth0": hash("02:00:00:00:00:01")},
            "label": "db-07",
        },
        "critical": ["machines", "machine"],
    });
    let text = issuer.sign(doc.to_string().as_bytes()).unwrap();
    let now = "2026-06-01T00:00:00Z".parse().unwrap();
    let license = validator.verify(&text).unwrap();
    assert_eq!(license.binding().unwrap().required(), 2, "more than half of three");

    // Judged with no machine: fail closed.
    assert_eq!(license.check(now).unwrap_err().verdict(), Verdict::Unbound);
    // All three match: in effect.
    let here = machine(device, &[("machineId", "m-1"), ("hostName", "db-07"), ("mac.eth0", "02:00:00:00:00:01")]);
    let placed = license.clone().on_machine(&here);
    assert!(placed.check(now).is_ok());
    let body = Judgement::of_license(placed, now).to_json();
    assert_eq!(body["machine"]["label"], "db-07");
    assert_eq!(body["machine"]["matched"], true);
    // One changed (a new host name): still two of three.
    let renamed = machine(device, &[("machineId", "m-1"), ("hostName", "db-08"), ("mac.eth0", "02:00:00:00:00:01")]);
    assert!(license.clone().on_machine(&renamed).check(now).is_ok());
    // Two of three, but not the one hardware-backed component (the host
    // name and the machine id replayed on another machine): refused, the
    // rule named.
    let nic = machine(device, &[("machineId", "m-1"), ("hostName", "db-07"), ("mac.eth0", "02:00:00:00:00:99")]);
    let message = license.clone().on_machine(&nic).check(now).unwrap_err().to_string();
    assert!(
        message.contains(
            "2 of 3 match, 2 needed, and at least one hardware-backed component, but none matches (mac.eth0)"
        ),
        "{message}"
    );
    // Two changed: this machine changed, the components named.
    let moved = machine(device, &[("machineId", "m-2"), ("hostName", "db-07")]);
    let err = license.clone().on_machine(&moved).check(now).unwrap_err();
    assert_eq!(err.code(), "[unbound]machine");
    let message = err.to_string();
    assert!(
        message.contains("components that no longer match: mac.eth0, machineId; 1 of 3 match, 2 needed"),
        "{message}"
    );
    // Another device key, the same components: another machine.
    let other = machine([8; 32], &[("machineId", "m-1"), ("hostName", "db-07"), ("mac.eth0", "02:00:00:00:00:01")]);
    let judged = Judgement::of_license(license.clone().on_machine(&other), now);
    assert_eq!(judged.verdict(), Verdict::Unbound);
    assert!(judged.problem().unwrap().message().contains("bound to another machine, \"db-07\""));
    // No device key at all: never activated here; features granted are PENDING.
    let fresh = Machine::new(None, [("machineId".to_owned(), "m-1".to_owned())]);
    let judged = Judgement::of_license(license.on_machine(&fresh), now);
    assert!(judged.problem().unwrap().message().contains("never activated here"));
    let status = judged.status(&validator);
    assert!(!status.licensed());
    assert_eq!(status.features().find(|(n, _)| *n == "scimServer").unwrap().1, FeatureStatus::Pending);
}

#[test]
fn a_template_is_unbound_on_every_machine() {
    let key = generate_key().unwrap();
    let issuer = Issuer::new("k", key.clone()).unwrap();
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new("k", key.verifying_key()).unwrap()).unwrap();
    let validator = Validator::with_keys(keys).unwrap();
    let doc = json!({
        "licenseId": ID, "issuedTo": "Acme", "issued": "2026-01-01", "expiration": "2099-12-31",
        "licenseAttributes": {"LicensedPlan": "Starter", "LicenseType": "Production"},
        "machines": 2, "critical": ["machines"],
    });
    let license = validator.verify(issuer.sign(doc.to_string().as_bytes()).unwrap()).unwrap();
    let any = machine([1; 32], &[("operator", "x")]);
    let err = license.on_machine(&any).check("2026-06-01T00:00:00Z".parse().unwrap()).unwrap_err();
    assert_eq!(err.code(), "[unbound]machines");
    assert_eq!(err.exit_code(), 7);
    // A member that narrows where it is in effect, not listed in critical: rejected.
    let mut unlisted = doc.clone();
    unlisted.as_object_mut().unwrap().remove("critical");
    assert_eq!(issuer.sign(unlisted.to_string().as_bytes()).unwrap_err().code(), "[invalid]critical");
}
