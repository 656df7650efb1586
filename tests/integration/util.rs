//! Test helpers: licenses built straight from docs/FORMAT.md with ed25519-dalek
//! and base64, not with the crate's issuer, so that a format bug in one is not
//! hidden by the same bug in the other.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{KeyStore, Policy, TrustedKey, Validator};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

pub const KID: &str = "test-key";

/// A fixed key, so failures are reproducible.
pub fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

pub fn other_key() -> SigningKey {
    SigningKey::from_bytes(&[9u8; 32])
}

/// Trusts `signing_key()` as `test-key`, with the embedded catalog.
pub fn validator() -> Validator {
    validator_with(Policy::default())
}

pub fn validator_with(policy: Policy) -> Validator {
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new(KID, signing_key().verifying_key()).unwrap()).unwrap();
    Validator::with_keys(keys).unwrap().with_policy(policy)
}

/// `airgap-license:v1:` + kid + `:` + document, signed.
pub fn signature(key: &SigningKey, kid: &str, document: &[u8]) -> [u8; 64] {
    let mut message = format!("airgap-license:v1:{kid}:").into_bytes();
    message.extend_from_slice(document);
    key.sign(&message).to_bytes()
}

pub fn envelope(alg: &str, kid: &str, document: &[u8], signature: &[u8]) -> String {
    json!({
        "alg": alg,
        "kid": kid,
        "payload": STANDARD.encode(document),
        "signature": STANDARD.encode(signature),
    })
    .to_string()
}

/// A license for `document`, signed by `key` under `kid`.
pub fn license_with(key: &SigningKey, kid: &str, document: &[u8]) -> String {
    STANDARD.encode(envelope("Ed25519", kid, document, &signature(key, kid, document)))
}

/// A license for `document`, signed by the trusted test key.
pub fn license(document: &Value) -> String {
    license_with(&signing_key(), KID, document.to_string().as_bytes())
}

/// A valid document: Starter, issued 2026-01-01, expiring 2026-12-31.
pub fn document() -> Value {
    json!({
        "licenseId": "6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11",
        "issuedTo": "Acme Corp",
        "issued": "2026-01-01",
        "expiration": "2026-12-31",
        "licenseAttributes": {"LicensedPlan": "Starter", "LicenseType": "Production"},
    })
}

pub fn document_with(changes: Value) -> Value {
    let mut doc = document();
    for (name, value) in changes.as_object().unwrap() {
        doc[name] = value.clone();
    }
    doc
}

pub fn at(instant: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(instant).unwrap().with_timezone(&Utc)
}
