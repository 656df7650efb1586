//! Rejections through the public API: forged, replayed and garbled licenses,
//! and the order in which a validator looks (algorithm, key, signature, document).
#![allow(clippy::unwrap_used)]

use crate::util::{KID, document, envelope, license, license_with, other_key, signature, signing_key, validator};
use airgap_license::{Error, MAX_LICENSE_TEXT, Part, Verdict};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;

fn code(text: impl AsRef<[u8]>) -> String {
    let err = validator().verify(text).unwrap_err();
    assert_eq!(err.verdict(), Verdict::Rejected, "{err}");
    err.code()
}

#[test]
fn a_genuine_license_verifies_in_every_accepted_spelling() {
    let text = license(&document());
    let envelope_bytes = STANDARD.decode(&text).unwrap();
    let spellings = [
        text.clone(),
        text.trim_end_matches('=').to_owned(),
        URL_SAFE_NO_PAD.encode(&envelope_bytes),
        text.as_bytes().chunks(10).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\r\n"),
        format!("-----BEGIN AIRGAP LICENSE-----\n{text}\n-----END AIRGAP LICENSE-----\n"),
        format!("\n\n  -----BEGIN AIRGAP LICENSE-----  \r\n {text}\t\r\n-----END AIRGAP LICENSE-----"),
    ];
    let armored = format!("-----BEGIN AIRGAP LICENSE-----\r\n{text}\r\n-----END AIRGAP LICENSE-----\r\n");
    let pasted = [
        // A UTF-8 byte-order mark (Notepad), before plain and armored text.
        format!("\u{feff}{text}\r\n").into_bytes(),
        format!("\u{feff}{armored}").into_bytes(),
        // UTF-16 LE with its mark, as PowerShell's > writes it; and BE.
        [0xff, 0xfe].into_iter().chain(armored.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
        [0xfe, 0xff].into_iter().chain(armored.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
        // Inside an e-mail, and quoted in a reply.
        format!("Dear customer,\n\nyour license:\n\n{armored}\nBest regards,\n-- \nVendor\n").into_bytes(),
        format!("On Monday you wrote:\n> > {}", armored.replace("\r\n", "\r\n> > ")).into_bytes(),
    ];
    for bytes in pasted {
        let license = validator().verify(&bytes).unwrap();
        assert_eq!(license.issued_to(), "Acme Corp");
    }
    for spelling in spellings {
        let license = validator().verify(&spelling).unwrap();
        assert_eq!(license.issued_to(), "Acme Corp");
        assert_eq!(license.kid(), KID);
        assert!(!license.signed_by_sample_key());
    }
}

#[test]
fn forged_and_replayed_signatures_are_rejected() {
    let doc = document().to_string().into_bytes();
    // Signed by an untrusted key under the trusted kid.
    assert_eq!(code(license_with(&other_key(), KID, &doc)), "[invalid]signature");
    // Signed by the trusted key under another kid, then relabelled: the kid is signed too.
    let sig = signature(&signing_key(), "other-kid", &doc);
    assert_eq!(code(STANDARD.encode(envelope("Ed25519", KID, &doc, &sig))), "[invalid]signature");
    // A genuine signature over another document.
    let stretched = crate::util::document_with(json!({"expiration": "2099-12-31"})).to_string().into_bytes();
    let sig = signature(&signing_key(), KID, &doc);
    assert_eq!(code(STANDARD.encode(envelope("Ed25519", KID, &stretched, &sig))), "[invalid]signature");
    // The same document bytes with one space added.
    let mut spaced = doc.clone();
    spaced.push(b' ');
    assert_eq!(code(STANDARD.encode(envelope("Ed25519", KID, &spaced, &sig))), "[invalid]signature");
    // All-zero signature.
    assert_eq!(code(STANDARD.encode(envelope("Ed25519", KID, &doc, &[0u8; 64]))), "[invalid]signature");
    // Unknown kid: the message lists the trusted kids and says where a kid comes from.
    assert_eq!(code(license_with(&signing_key(), "nobody", &doc)), "[unknown]kid");
    let err = validator().verify(license_with(&signing_key(), "nobody", &doc)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no trusted key has the kid nobody; the trusted kids are: test-key (a key's kid is the name of its .pem file)"
    );
}

#[test]
fn the_order_is_algorithm_key_signature_then_document() {
    let bad_doc = br#"{"licenseId": ""}"#;
    // A document error is reported only once the signature is good...
    assert_eq!(code(license_with(&signing_key(), KID, bad_doc)), "[blank]licenseId");
    // ...never for an unverified document,
    assert_eq!(code(license_with(&other_key(), KID, bad_doc)), "[invalid]signature");
    // the key is looked up before the signature is checked,
    assert_eq!(code(license_with(&other_key(), "nobody", bad_doc)), "[unknown]kid");
    // and the algorithm comes first of all.
    let sig = signature(&signing_key(), "nobody", bad_doc);
    assert_eq!(code(STANDARD.encode(envelope("none", "nobody", bad_doc, &sig))), "[unsupported]alg");
}

#[test]
fn garbled_text_is_rejected_with_what_is_wrong() {
    let text = license(&document());
    assert_eq!(code(""), "[blank]license");
    assert_eq!(code(" \r\n\t"), "[blank]license");
    assert_eq!(code(&text[..text.len() - 7]), "[invalid]license");
    assert_eq!(code(format!("{text}!")), "[invalid]license");
    assert_eq!(code(text.replacen('e', "é", 1)), "[invalid]license");
    // A byte-order mark in the middle is not one: it is not Base64.
    assert_eq!(code(format!("{}\u{feff}{}", &text[..8], &text[8..])), "[invalid]license");
    // Two armored licenses: which one did the user mean?
    let block = format!("-----BEGIN AIRGAP LICENSE-----\n{text}\n-----END AIRGAP LICENSE-----\n");
    assert_eq!(code(format!("{block}{block}")), "[invalid]license");
    assert_eq!(code(format!("{}-_{}", &text[..8], &text[8..])), "[invalid]license");
    assert_eq!(code(format!("-----BEGIN AIRGAP LICENSE-----\n{text}\n")), "[invalid]license");
    assert_eq!(code(format!("{text}\n-----END AIRGAP LICENSE-----\n")), "[invalid]license");
    assert_eq!(code(STANDARD.encode("[1,2]")), "[invalid]license");
    assert_eq!(code(STANDARD.encode("not json")), "[invalid]license");
}

#[test]
fn oversize_text_is_refused_before_decoding() {
    let mut padded = license(&document());
    padded.push_str(&" ".repeat(MAX_LICENSE_TEXT - padded.len()));
    assert!(validator().verify(&padded).is_ok(), "exactly at the limit is accepted");
    padded.push(' ');
    let err = validator().verify(&padded).unwrap_err();
    assert_eq!(err, Error::TooLarge { len: MAX_LICENSE_TEXT + 1, max: MAX_LICENSE_TEXT });
    assert_eq!(err.code(), "[tooLarge]license");
}

#[test]
fn duplicates_are_rejected_at_every_level() {
    let doc = document().to_string();
    let sig = STANDARD.encode(signature(&signing_key(), KID, doc.as_bytes()));
    let dup_envelope = format!(
        r#"{{"alg":"Ed25519","kid":"{KID}","payload":"{}","signature":"{sig}","signature":"{sig}"}}"#,
        STANDARD.encode(&doc)
    );
    assert_eq!(code(STANDARD.encode(dup_envelope)), "[duplicate]license");
    let dup_doc = doc.replacen('{', r#"{"issuedTo":"Evil Corp","#, 1);
    let err = validator().verify(license_with(&signing_key(), KID, dup_doc.as_bytes())).unwrap_err();
    assert_eq!(err, Error::DuplicateMember { part: Part::Payload, member: "issuedTo".into() });
    let nested = doc.replacen(r#""LicensedPlan":"#, r#""LicensedPlan":"Enterprise","LicensedPlan":"#, 1);
    let err = validator().verify(license_with(&signing_key(), KID, nested.as_bytes())).unwrap_err();
    assert_eq!(err.to_string(), "payload names the member \"licenseAttributes.LicensedPlan\" more than once");
}

#[test]
fn errors_body_is_a_fusionauth_errors_object() {
    let err = validator().verify(license(&crate::util::document_with(json!({"licenseId": ""})))).unwrap_err();
    assert_eq!(
        err.errors_body(),
        json!({
            "fieldErrors": {"licenseId": [{"code": "[blank]licenseId", "message": "licenseId is blank"}]},
            "generalErrors": []
        })
    );
}

#[test]
fn values_from_the_license_are_kept_raw_and_shown_escaped() {
    let hostile = "\u{1b}[2J\u{202e}Seats";
    let doc = crate::util::document_with(json!({
        "licenseAttributes": {"LicensedPlan": "Starter", "LicenseType": "x", hostile: 5}
    }));
    let err = validator().verify(license(&doc)).unwrap_err();
    // The field keeps the name as the license wrote it, for a caller to compare...
    assert_eq!(err, Error::WrongType { field: format!("licenseAttributes.{hostile}"), expected: "a string" });
    // ...and the message shows it escaped, so a terminal cannot be repainted.
    assert_eq!(err.to_string(), "licenseAttributes.\\u{1b}[2J\\u{202e}Seats must be a string");
    let plan =
        crate::util::document_with(json!({"licenseAttributes": {"LicensedPlan": "Gold\u{2066}", "LicenseType": "x"}}));
    let err = validator().verify(license(&plan)).unwrap_err();
    assert!(err.to_string().starts_with("licenseAttributes.LicensedPlan \"Gold\\u{2066}\" is not a plan"), "{err}");
    let bad_id = crate::util::document_with(json!({"licenseId": "x\u{200b}y"}));
    let err = validator().verify(license(&bad_id)).unwrap_err();
    assert_eq!(err, Error::InvalidLicenseId { value: "x\u{200b}y".into() });
    assert_eq!(err.to_string(), "licenseId: \"x\\u{200b}y\" is not a UUID (8-4-4-4-12 hex digits)");
}
