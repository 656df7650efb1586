//! Tamper evidence: every single-bit change to a genuine license, in its
//! envelope or in its document (re-signed nowhere), is rejected.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use airgap_license::{Validator, Verdict};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

fn genuine() -> (Validator, Vec<u8>) {
    let validator = Validator::with_keys(airgap_license::dangerous::sample_key_anyone_can_sign()).unwrap();
    let text = std::fs::read_to_string("licenses-sample/overrides.lic").unwrap();
    assert!(validator.verify(&text).is_ok(), "the sample must verify untouched");
    (validator, STANDARD.decode(text.trim()).unwrap())
}

#[test]
fn every_bit_flip_of_the_envelope_is_rejected() {
    let (validator, envelope) = genuine();
    for index in 0..envelope.len() {
        for bit in 0..8 {
            let mut flipped = envelope.clone();
            flipped[index] ^= 1 << bit;
            let err = validator.verify(STANDARD.encode(&flipped)).unwrap_err();
            assert_eq!(err.verdict(), Verdict::Rejected, "byte {index} bit {bit}: {err}");
        }
    }
}

#[test]
fn every_bit_flip_of_the_document_is_rejected() {
    let (validator, envelope) = genuine();
    let envelope: Value = serde_json::from_slice(&envelope).unwrap();
    let document = STANDARD.decode(envelope["payload"].as_str().unwrap()).unwrap();
    for index in 0..document.len() {
        for bit in 0..8 {
            let mut flipped = document.clone();
            flipped[index] ^= 1 << bit;
            let forged = json!({
                "alg": envelope["alg"],
                "kid": envelope["kid"],
                "payload": STANDARD.encode(&flipped),
                "signature": envelope["signature"],
            });
            let err = validator.verify(STANDARD.encode(forged.to_string())).unwrap_err();
            assert_eq!(err.code(), "[invalid]signature", "byte {index} bit {bit}: {err}");
        }
    }
}
