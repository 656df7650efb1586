//! The must-understand rule through the command line: a license that lists
//! in `critical` a member this version does not implement is rejected,
//! exit 1, naming the member.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::fs;
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signer as _;
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_airgap-license");

#[test]
fn a_critical_member_this_version_does_not_implement_rejects_the_license() {
    let dir = tempfile::tempdir().unwrap();
    let key = crate::util::keys_folder(dir.path());
    // Signed by hand, as a later issuer would: this version's issuer refuses
    // to sign what this version cannot judge.
    let license = |extra: serde_json::Value| {
        let mut doc = json!({
            "licenseId": "2b1e9c3a-4f5d-4e6a-8b7c-9d0e1f2a3b4c", "issuedTo": "Acme",
            "issued": "2026-01-01", "expiration": "2036-12-31",
            "licenseAttributes": {"LicensedPlan": "Enterprise", "LicenseType": "Production"},
        });
        for (k, v) in extra.as_object().unwrap() {
            doc[k] = v.clone();
        }
        let payload = doc.to_string();
        let signature = key.sign(format!("airgap-license:v1:test:{payload}").as_bytes());
        let envelope = json!({
            "alg": "Ed25519", "kid": "test",
            "payload": STANDARD.encode(payload), "signature": STANDARD.encode(signature.to_bytes()),
        });
        STANDARD.encode(envelope.to_string())
    };
    let verify = |name: &str, text: String| {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        Command::new(BIN)
            .args(["verify", "--json", "--at", "2026-06-01", "--keys"])
            .arg(dir.path().join("keys"))
            .arg(&path)
            .output()
            .unwrap()
    };
    let later = verify("later.lic", license(json!({"futureConstraint": 5, "critical": ["futureConstraint"]})));
    assert_eq!(later.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&later.stdout).unwrap();
    let error = &body["errors"]["fieldErrors"]["critical"][0];
    assert_eq!(error["code"], "[unsupported]critical");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("this license needs a validator that understands \"futureConstraint\"")
    );
    // machines narrows where the license is in effect: unlisted, it is
    // rejected; listed, this version judges it (a template: unbound, 7).
    let unlisted = verify("unlisted.lic", license(json!({"machines": 5})));
    assert_eq!(unlisted.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&unlisted.stdout).unwrap();
    assert_eq!(body["errors"]["fieldErrors"]["critical"][0]["code"], "[invalid]critical");
    let template = verify("template.lic", license(json!({"machines": 5, "critical": ["machines"]})));
    assert_eq!(template.status.code(), Some(7));
    let body: serde_json::Value = serde_json::from_slice(&template.stdout).unwrap();
    assert_eq!(body["verdict"], "unbound");
    assert_eq!(body["machines"], 5);
    assert_eq!(body["errors"]["fieldErrors"]["machines"][0]["code"], "[unbound]machines");
    // Listing members it implements changes nothing; an unlisted unknown member is ignored.
    let plain = verify("plain.lic", license(json!({"critical": ["expiration"], "vendorNote": "x"})));
    assert_eq!(plain.status.code(), Some(0), "{}", String::from_utf8_lossy(&plain.stdout));
}
