//! Properties over generated documents: what the issuer signs, the validator
//! accepts and reads back; any change to the document bytes, the kid or the
//! signature is rejected. Needs `--features issuer`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use airgap_license::chrono::{Days, NaiveDate};
use airgap_license::issuer::Issuer;
use airgap_license::{KeyStore, TrustedKey, Validator};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::SigningKey;
use proptest::prelude::*;
use serde_json::{Value, json};

const FEATURES: [&str; 6] = ["scimServer", "connectors", "webAuthn", "advancedLambdas", "customA", "x.y_z-1"];

fn date(offset: u64) -> String {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap().checked_add_days(Days::new(offset)).unwrap().to_string()
}

prop_compose! {
    fn document()(
        id in "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        issued_to in "\\PC*[^\\s]\\PC*",
        plan in prop::sample::select(vec!["Community", "Starter", "Essentials", "Enterprise"]),
        issued in 0u64..20_000,
        not_before in prop::option::of(0u64..20_000),
        length in 0u64..4_000,
        features in prop::collection::btree_map(prop::sample::select(FEATURES.to_vec()), any::<bool>(), 0..5),
        extra in prop::collection::btree_map("[A-Z][a-z]{0,8}", "\\PC{0,12}", 0..3),
        pretty in any::<bool>(),
    ) -> (Vec<u8>, Value) {
        let start = not_before.unwrap_or(issued);
        let mut attributes: BTreeMap<String, String> = extra;
        attributes.insert("LicensedPlan".into(), plan.into());
        attributes.insert("LicenseType".into(), "Production".into());
        let mut doc = json!({
            "licenseId": id,
            "issuedTo": issued_to,
            "issued": date(issued),
            // Never before `issued`: the issuer refuses what could never be in effect.
            "expiration": date(start.max(issued) + length),
            "licenseAttributes": attributes,
            "features": features,
        });
        if let Some(not_before) = not_before {
            doc["notBefore"] = json!(date(not_before));
        }
        let bytes = if pretty { serde_json::to_vec_pretty(&doc) } else { serde_json::to_vec(&doc) };
        (bytes.unwrap(), doc)
    }
}

fn key() -> SigningKey {
    SigningKey::from_bytes(&[42u8; 32])
}

/// Trusts the same key under two kids: moving a signature between them must still fail.
fn validator() -> Validator {
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new("kid-a", key().verifying_key()).unwrap()).unwrap();
    keys.insert(TrustedKey::new("kid-b", key().verifying_key()).unwrap()).unwrap();
    Validator::with_keys(keys).unwrap()
}

fn envelope(license: &str) -> Value {
    serde_json::from_slice(&STANDARD.decode(license).unwrap()).unwrap()
}

proptest! {
    #[test]
    fn sign_then_verify_round_trips((bytes, doc) in document()) {
        let license = Issuer::new("kid-a", key()).unwrap().sign(&bytes).unwrap();
        let verified = validator().verify(&license).unwrap();
        prop_assert_eq!(verified.license_id(), doc["licenseId"].as_str().unwrap());
        prop_assert_eq!(verified.issued_to(), doc["issuedTo"].as_str().unwrap());
        prop_assert_eq!(verified.expiration().unwrap().to_string(), doc["expiration"].as_str().unwrap());
        prop_assert_eq!(verified.plan(), doc["licenseAttributes"]["LicensedPlan"].as_str().unwrap());
        prop_assert_eq!(verified.overrides().len(), doc["features"].as_object().unwrap().len());
        // The document travels byte for byte.
        prop_assert_eq!(STANDARD.decode(envelope(&license)["payload"].as_str().unwrap()).unwrap(), bytes);
    }

    #[test]
    fn any_change_to_the_document_is_rejected((bytes, _doc) in document(), at in any::<prop::sample::Index>(), mask in 1u8..) {
        let license = Issuer::new("kid-a", key()).unwrap().sign(&bytes).unwrap();
        let mut forged = envelope(&license);
        let mut changed = bytes.clone();
        changed[at.index(bytes.len())] ^= mask;
        forged["payload"] = json!(STANDARD.encode(&changed));
        let err = validator().verify(STANDARD.encode(forged.to_string())).unwrap_err();
        prop_assert_eq!(err.code(), "[invalid]signature");
    }

    #[test]
    fn moving_the_signature_to_another_kid_is_rejected((bytes, _doc) in document()) {
        let license = Issuer::new("kid-a", key()).unwrap().sign(&bytes).unwrap();
        let mut forged = envelope(&license);
        forged["kid"] = json!("kid-b");
        let err = validator().verify(STANDARD.encode(forged.to_string())).unwrap_err();
        prop_assert_eq!(err.code(), "[invalid]signature");
    }

    #[test]
    fn any_change_to_the_signature_is_rejected((bytes, _doc) in document(), at in 0usize..64, mask in 1u8..) {
        let license = Issuer::new("kid-a", key()).unwrap().sign(&bytes).unwrap();
        let mut forged = envelope(&license);
        let mut signature = STANDARD.decode(forged["signature"].as_str().unwrap()).unwrap();
        signature[at] ^= mask;
        forged["signature"] = json!(STANDARD.encode(&signature));
        let err = validator().verify(STANDARD.encode(forged.to_string())).unwrap_err();
        prop_assert_eq!(err.code(), "[invalid]signature");
    }
}
