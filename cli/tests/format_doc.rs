//! docs/FORMAT.md is executable: its worked example verifies as printed, and
//! its OpenSSL recipe, run as written, makes a license the CLI accepts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::process::Command;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{FeatureStatus, Validator, dangerous};

/// Runs the test from the repository's root, where the samples are: every
/// test of this file sets the same folder, so their order does not matter.
fn at_root() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
}

fn format_md() -> String {
    std::fs::read_to_string("docs/FORMAT.md").unwrap()
}

/// The fenced block between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
fn block(doc: &str, name: &str) -> String {
    let start = doc.find(&format!("<!-- {name}:start -->")).expect("start marker");
    let end = doc.find(&format!("<!-- {name}:end -->")).expect("end marker");
    let inner = &doc[start..end];
    let body_start = inner.find("```").unwrap();
    let body = &inner[body_start..];
    let first_newline = body.find('\n').unwrap();
    let closing = body.rfind("```").unwrap();
    body[first_newline + 1..closing].to_owned()
}

#[test]
fn the_worked_example_verifies_as_printed() {
    at_root();
    let doc = format_md();
    let license_text = block(&doc, "example");
    let validator = Validator::with_keys(airgap_license::dangerous::sample_key_anyone_can_sign()).unwrap();
    let license = validator.verify(&license_text).unwrap();
    assert_eq!(license.issued_to(), "Initech");
    // The payload is the document block of section 7, byte for byte.
    let section = &doc[doc.find("## 7.").unwrap()..];
    let json_start = section.find("```json\n").unwrap() + "```json\n".len();
    let json_end = json_start + section[json_start..].find("```").unwrap();
    let unverified = dangerous::decode_unverified(&license_text).unwrap();
    assert_eq!(unverified.payload(), &section.as_bytes()[json_start..json_end]);
    // And the statuses the text claims.
    let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
    assert_eq!(license.feature("advancedLambdas", now), FeatureStatus::Active);
    assert_eq!(license.feature("scimServer", now), FeatureStatus::Active);
    assert_eq!(license.feature("breachedPasswordDetection", now), FeatureStatus::Disconnected);
    for disabled in ["applicationMultiFactorAuthentication", "threatDetection", "webAuthnRoamingAuthenticators"] {
        assert_eq!(license.feature(disabled, now), FeatureStatus::Disabled, "{disabled}");
    }
}

#[test]
fn the_openssl_recipe_makes_a_license_the_cli_accepts() {
    at_root();
    let has_openssl = Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success());
    if !has_openssl {
        // CI installs openssl (see .ci/run); a developer machine may lack it.
        assert!(std::env::var_os("CI").is_none(), "openssl is required in CI");
        eprintln!("openssl not found: skipping the FORMAT.md recipe");
        return;
    }
    let recipe = block(&format_md(), "recipe");
    let dir = tempfile::tempdir().unwrap();
    let run = Command::new("sh").arg("-c").arg(&recipe).current_dir(dir.path()).output().unwrap();
    assert!(run.status.success(), "recipe failed:\n{}", String::from_utf8_lossy(&run.stderr));

    let verify = Command::new(env!("CARGO_BIN_EXE_airgap-license"))
        .args(["verify", "--keys", "keys", "--at", "2026-06-01", "license.lic"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&verify.stdout);
    assert_eq!(verify.status.code(), Some(0), "{out}{}", String::from_utf8_lossy(&verify.stderr));
    assert!(out.contains("\"Initech\", plan Essentials (Production), key vendor-2027, expires 2027-01-31"), "{out}");
}
