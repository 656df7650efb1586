//! Revocation lists (docs/FORMAT.md section 10): a listed license gets the
//! verdict `revoked` (exit 1) once its signature and document check out; a
//! list is never a license, nor a license a list; a list is verified with
//! the validator's trusted keys.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use airgap_license::chrono::NaiveDate;
use airgap_license::{Judgement, RevocationError, RevocationList, Verdict};
use ed25519_dalek::Signer as _;
use serde_json::json;

use crate::util::*;

const REVOKED: &str = "00000000-0000-4000-8000-00000000000a";

fn list(sequence: u64, ids: &[&str], kids: &[&str]) -> String {
    let day = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    let key = signing_key();
    RevocationList::new(KID, sequence, day, ids, kids).unwrap().to_text(|m| key.sign(m).to_bytes())
}

fn license_of(id: &str) -> String {
    license(&document_with(json!({ "licenseId": id })))
}

#[test]
fn a_listed_license_is_revoked_with_the_lists_sequence_and_date() {
    let validator = validator();
    let list = validator.revocations(list(7, &[&REVOKED.to_uppercase()], &[])).unwrap();
    let validator = validator.with_revocations(list);
    let err = validator.verify(license_of(REVOKED)).unwrap_err();
    assert_eq!((err.verdict(), err.exit_code(), err.code().as_str()), (Verdict::Revoked, 1, "[revoked]license"));
    assert_eq!(
        err.to_string(),
        format!("license {REVOKED} is revoked by revocation list 7 of 2027-02-01 (signed by test-key)")
    );
    let judged = Judgement::rejected(err, at("2027-03-01T00:00:00Z"));
    assert_eq!((judged.verdict(), judged.exit_code()), (Verdict::Revoked, 1));
    assert_eq!(judged.to_json()["verdict"], "revoked");
    // Another license is untouched.
    assert!(validator.verify(license_of("00000000-0000-4000-8000-00000000000b")).is_ok());
}

#[test]
fn a_key_id_revokes_every_license_it_signed() {
    let validator = validator();
    let validator = validator.clone().with_revocations(validator.revocations(list(2, &[], &[KID])).unwrap());
    let err = validator.verify(license_of("00000000-0000-4000-8000-00000000000b")).unwrap_err();
    assert_eq!(err.verdict(), Verdict::Revoked);
    assert!(err.to_string().ends_with(": every license signed by key test-key is"), "{err}");
}

#[test]
fn a_forgery_is_still_reported_as_one_under_a_list() {
    let validator = validator();
    let validator = validator.clone().with_revocations(validator.revocations(list(1, &[REVOKED], &[])).unwrap());
    let forged = license_with(&other_key(), KID, document_with(json!({ "licenseId": REVOKED })).to_string().as_bytes());
    assert_eq!(validator.verify(forged).unwrap_err().code(), "[invalid]signature");
}

#[test]
fn a_list_is_not_a_license_and_a_license_is_not_a_list() {
    let validator = validator();
    let err = validator.verify(list(1, &[REVOKED], &[])).unwrap_err();
    assert_eq!(err.verdict(), Verdict::Rejected);
    assert_eq!(err.to_string(), "license armor: this is a revocation list, not a license");
    assert_eq!(validator.revocations(license_of(REVOKED)), Err(RevocationError::IsLicense));
}

#[test]
fn a_list_signed_by_an_untrusted_key_revokes_nothing() {
    let day = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    let forger = other_key();
    let text = RevocationList::new(KID, 9, day, [REVOKED], [""; 0]).unwrap().to_text(|m| forger.sign(m).to_bytes());
    assert_eq!(validator().revocations(&text), Err(RevocationError::Signature { kid: KID.to_owned() }));
    let text =
        RevocationList::new("elsewhere", 9, day, [REVOKED], [""; 0]).unwrap().to_text(|m| forger.sign(m).to_bytes());
    assert_eq!(validator().revocations(&text), Err(RevocationError::UnknownKey { kid: "elsewhere".to_owned() }));
}
