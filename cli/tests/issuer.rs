//! The vendor side: keygen and sign, through the binary and the library, and
//! their compatibility with OpenSSL. Needs `--features issuer`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::process::{Command, Output};

use airgap_license::issuer::{Issuer, generate_key, private_key_from_pem, private_key_pem, public_key_pem};
use airgap_license::{KeyStore, TrustedKey, Validator};

/// Runs the test from the repository's root, where the samples are: every
/// test of this file sets the same folder, so their order does not matter.
fn at_root() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
}

const ISSUER: &str = env!("CARGO_BIN_EXE_airgap-license-issuer");
const VALIDATOR: &str = env!("CARGO_BIN_EXE_airgap-license");

const DOCUMENT: &str = r#"{
  "licenseId": "1b4e28ba-2fa1-4d2e-883f-0016d3cca427",
  "issuedTo": "Initech",
  "issued": "2026-01-01",
  "expiration": "2027-01-31",
  "licenseAttributes": {"LicensedPlan": "Essentials", "LicenseType": "Production"}
}
"#;

fn run(bin: &str, args: &[&str]) -> Output {
    Command::new(bin).args(args).output().unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn has_openssl() -> bool {
    Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn keygen_then_sign_then_verify_with_keys_dir() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let out = run(ISSUER, &["keygen", "--kid", "vendor-2027", "--out", keys.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let private = keys.join("vendor-2027.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Never overwrites a key.
    let again = run(ISSUER, &["keygen", "--kid", "vendor-2027", "--out", keys.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("exists"), "{}", text(&again));

    let doc = dir.path().join("doc.json");
    fs::write(&doc, DOCUMENT).unwrap();
    for armor in [false, true] {
        let mut args = vec!["sign", "--key", private.to_str().unwrap(), "--kid", "vendor-2027"];
        if armor {
            args.push("--armor");
        }
        args.push(doc.to_str().unwrap());
        let signed = run(ISSUER, &args);
        assert!(signed.status.success(), "{}", text(&signed));
        let license = dir.path().join("license.lic");
        fs::write(&license, &signed.stdout).unwrap();
        assert_eq!(String::from_utf8_lossy(&signed.stdout).starts_with("-----BEGIN AIRGAP LICENSE-----"), armor);

        let verified = run(
            VALIDATOR,
            &["verify", "--keys", keys.to_str().unwrap(), "--at", "2026-06-01", license.to_str().unwrap()],
        );
        assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
        assert!(
            text(&verified).contains("\"Initech\", plan Essentials (Production), key vendor-2027, expires 2027-01-31")
        );
        assert!(!text(&verified).contains("SAMPLE"), "a vendor key is not the sample key");
        // The embedded keys do not know this vendor.
        let embedded = run(VALIDATOR, &["verify", "--at", "2026-06-01", license.to_str().unwrap()]);
        assert_eq!(embedded.status.code(), Some(1), "{}", text(&embedded));
    }
}

#[test]
fn sign_refuses_a_document_that_breaks_a_rule() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.key");
    fs::write(&key, private_key_pem("k", &generate_key().unwrap()).unwrap().as_bytes()).unwrap();
    let doc = dir.path().join("doc.json");
    fs::write(&doc, DOCUMENT.replace("Essentials", "Platinum")).unwrap();
    let out = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), "--kid", "k", doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(text(&out).contains("licenseAttributes.LicensedPlan \"Platinum\" is not a plan"), "{}", text(&out));
}

#[test]
fn sign_refuses_a_key_that_is_not_the_trusted_key_of_that_kid() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.key");
    fs::write(&key, private_key_pem("sample-2026", &generate_key().unwrap()).unwrap().as_bytes()).unwrap();
    let doc = dir.path().join("doc.json");
    fs::write(&doc, DOCUMENT).unwrap();
    let out = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), "--kid", "sample-2026", doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("does not match the trusted public key"), "{}", text(&out));
}

#[test]
fn library_round_trip_and_size_limit() {
    at_root();
    let key = generate_key().unwrap();
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new("v1", key.verifying_key()).unwrap()).unwrap();
    let validator = Validator::with_keys(keys).unwrap();
    let public = key.verifying_key();
    let issuer = Issuer::new("v1", key).unwrap();
    assert_eq!(issuer.verifying_key(), public);
    let license = validator.verify(issuer.sign(DOCUMENT.as_bytes()).unwrap()).unwrap();
    assert_eq!(license.issued_to(), "Initech");
    assert_eq!(validator.verify(issuer.sign_armored(DOCUMENT.as_bytes()).unwrap()).unwrap(), license);
    // A document whose license would exceed the text limit is refused up front.
    let padding = "x".repeat(40_000);
    let big = DOCUMENT.replacen('{', &format!("{{\"comment\": \"{padding}\","), 1);
    assert_eq!(issuer.sign(big.as_bytes()).unwrap_err().code(), "[tooLarge]license");
    assert!(Issuer::new("bad kid", generate_key().unwrap()).is_err());
}

#[test]
fn keys_interoperate_with_openssl() {
    at_root();
    if !has_openssl() {
        eprintln!("openssl not found: skipping the OpenSSL interoperability check");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Our private key, read by OpenSSL, gives our public key.
    let key = generate_key().unwrap();
    let ours = dir.path().join("ours.key");
    fs::write(&ours, private_key_pem("ours", &key).unwrap().as_bytes()).unwrap();
    let pubout = run("openssl", &["pkey", "-in", ours.to_str().unwrap(), "-pubout"]);
    assert!(pubout.status.success(), "{}", text(&pubout));
    assert_eq!(String::from_utf8(pubout.stdout).unwrap(), public_key_pem("ours", &key.verifying_key()).unwrap());

    // OpenSSL's private key, read by us, signs licenses its public key verifies.
    let theirs = dir.path().join("theirs.key");
    let genpkey = run("openssl", &["genpkey", "-algorithm", "ed25519", "-out", theirs.to_str().unwrap()]);
    assert!(genpkey.status.success(), "{}", text(&genpkey));
    let pubout = run("openssl", &["pkey", "-in", theirs.to_str().unwrap(), "-pubout"]);
    let trusted = TrustedKey::from_pem("theirs", &String::from_utf8(pubout.stdout).unwrap()).unwrap();
    let signing = private_key_from_pem("theirs", &fs::read_to_string(&theirs).unwrap()).unwrap();
    assert_eq!(trusted.verifying_key(), &signing.verifying_key());
    let mut keys = KeyStore::new();
    keys.insert(trusted).unwrap();
    let license = Issuer::new("theirs", signing).unwrap().sign(DOCUMENT.as_bytes()).unwrap();
    assert!(Validator::with_keys(keys).unwrap().verify(license).is_ok());
}

#[test]
fn a_license_of_exactly_the_size_limit_is_made_and_accepted() {
    at_root();
    use airgap_license::MAX_LICENSE_TEXT;
    // The armored length steps with the document and the kid's length; look
    // for a document whose armored license is exactly the limit.
    let key = generate_key().unwrap();
    let kids = ["k", "kk", "kkk"];
    let mut found = None;
    'search: for pad in 35_900..36_400 {
        let doc = DOCUMENT.replacen('{', &format!("{{\"comment\": \"{}\",", "x".repeat(pad)), 1);
        for kid in kids {
            let issuer = Issuer::new(kid, key.clone()).unwrap();
            if let Ok(armored) = issuer.sign_armored(doc.as_bytes())
                && armored.len() == MAX_LICENSE_TEXT
            {
                found = Some((kid, doc, armored));
                break 'search;
            }
        }
    }
    let (kid, doc, armored) = found.expect("some document reaches the limit exactly");
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new(kid, key.verifying_key()).unwrap()).unwrap();
    assert!(Validator::with_keys(keys).unwrap().verify(&armored).is_ok());
    // One byte more, and the issuer refuses rather than make a license no validator accepts.
    let bigger = doc.replacen("\"comment\": \"", "\"comment\": \"xxx", 1);
    let issuer = Issuer::new(kid, key).unwrap();
    assert_eq!(issuer.sign(bigger.as_bytes()).unwrap_err().code(), "[tooLarge]license");
}
