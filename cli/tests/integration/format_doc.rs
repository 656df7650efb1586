//! docs/FORMAT.md is executable: its worked example verifies as printed, and
//! its OpenSSL recipe, run as written, makes a license the CLI accepts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::util::at_root;
use std::process::Command;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{FeatureStatus, Validator, dangerous};

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

/// The machine example of section 9, made again from its keys and inputs.
struct MachineExample {
    request: String,
    request_payload: String,
    bound_document: String,
    bound: String,
    receipt: String,
}

fn machine_example() -> MachineExample {
    use airgap_license::issuer::{Issuer, private_key_from_pem};
    use airgap_license::{Machine, Receipt, Request, license_digest};
    use base64::Engine as _;
    use ed25519_dalek::Signer as _;

    const ID: &str = "1b4e28ba-2fa1-4d2e-883f-0016d3cca427";
    let device = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let public = device.verifying_key().to_bytes();
    let machine = Machine::new(Some(public), [("operator".to_owned(), "db-07".to_owned())])
        .with_component_key(airgap_license::component_key(&[7; 32]));
    let components = machine.hashed_components(ID);
    let request = Request {
        license_id: ID.to_owned(),
        device_key: public,
        components: components.clone(),
        label: "db-07".to_owned(),
        requested_at: "2026-11-30T12:00:00Z".parse().unwrap(),
    };
    let request_text = request.to_text(|m| device.sign(m).to_bytes());
    let body: String = request_text.lines().filter(|l| !l.starts_with("-----")).collect();
    let bytes = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
    let request_payload = String::from_utf8(bytes[..bytes.len() - 64].to_vec()).unwrap();
    let device_b64 = base64::engine::general_purpose::STANDARD.encode(public);
    let bound_document = format!(
        r#"{{
  "licenseId": "{ID}",
  "issuedTo": "Initech",
  "issued": "2026-01-01",
  "expiration": "2027-01-31",
  "licenseAttributes": {{"LicensedPlan": "Essentials", "LicenseType": "Production"}},
  "features": {{"scimServer": true}},
  "machines": 2,
  "machine": {{"deviceKey": "{device_b64}", "components": {{"operator": "{}"}}, "label": "db-07"}},
  "critical": ["machines", "machine"]
}}
"#,
        components["operator"]
    );
    let pem = std::fs::read_to_string("licenses-sample/sample-2026.key").unwrap();
    let issuer = Issuer::new("sample-2026", private_key_from_pem("sample-2026", &pem).unwrap()).unwrap();
    let bound = issuer.sign_armored(bound_document.as_bytes()).unwrap();
    let receipt = Receipt {
        license_id: ID.to_owned(),
        device_key: public,
        license_sha256: license_digest(&bound).unwrap(),
        released_at: "2026-12-01T08:00:00Z".parse().unwrap(),
        clock_mark: Some("2026-12-01T07:30:00Z".parse().unwrap()),
    }
    .to_text(|m| device.sign(m).to_bytes());
    MachineExample { request: request_text, request_payload: request_payload + "\n", bound_document, bound, receipt }
}

#[test]
fn the_machine_example_is_made_again_byte_for_byte_and_says_what_it_claims() {
    use airgap_license::{Machine, Receipt, Request, Verdict, license_digest};

    at_root();
    let doc = format_md();
    let made = machine_example();
    if std::env::var_os("AIRGAP_LICENSE_PRINT_EXAMPLE").is_some() {
        for (name, text) in [
            ("request", &made.request),
            ("request-payload", &made.request_payload),
            ("bound-document", &made.bound_document),
            ("bound", &made.bound),
            ("receipt", &made.receipt),
        ] {
            println!("=== {name}\n{text}");
        }
    }
    assert_eq!(block(&doc, "request"), made.request);
    assert_eq!(block(&doc, "request-payload"), made.request_payload);
    assert_eq!(block(&doc, "bound-document"), made.bound_document);
    assert_eq!(block(&doc, "bound"), made.bound);
    assert_eq!(block(&doc, "receipt"), made.receipt);

    // What they say.
    let request = Request::from_text(made.request.as_bytes()).unwrap();
    assert_eq!(request.label, "db-07");
    assert!(!request.hardware_backed());
    assert!(made.request.len() <= 1024);
    let validator = Validator::with_keys(dangerous::sample_key_anyone_can_sign()).unwrap();
    let license = validator.verify(&made.bound).unwrap();
    let at: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
    let here = Machine::new(Some(request.device_key), [("operator".to_owned(), "db-07".to_owned())])
        .with_component_key(airgap_license::component_key(&[7; 32]));
    let elsewhere = Machine::new(Some([1; 32]), [("operator".to_owned(), "db-07".to_owned())]);
    assert!(license.clone().on_machine(&here).check(at).is_ok());
    let judged = airgap_license::Judgement::of_license(license.on_machine(&elsewhere), at);
    assert_eq!(judged.verdict(), Verdict::Unbound);
    let receipt = Receipt::from_text(made.receipt.as_bytes()).unwrap();
    assert_eq!(receipt.license_sha256, license_digest(&made.bound).unwrap());
    assert_eq!(receipt.device_key, request.device_key);
}

/// Section 10's document, exactly as signed (with its final newline).
const OVER_TIME_DOCUMENT: &str = r#"{
  "licenseId": "1b4e28ba-2fa1-4d2e-883f-0016d3cca427",
  "issuedTo": "Initech",
  "issued": "2026-12-01",
  "notBefore": "2027-02-01",
  "expiration": "2028-01-31",
  "sequence": 1,
  "graceDays": 30,
  "noticeDays": 45,
  "maintenanceUntil": "2027-12-31",
  "licenseAttributes": {"LicensedPlan": "Essentials", "LicenseType": "Production"},
  "critical": ["maintenanceUntil"]
}
"#;

fn sample_issuer() -> airgap_license::issuer::Issuer {
    use airgap_license::issuer::{Issuer, private_key_from_pem};
    let pem = std::fs::read_to_string("licenses-sample/sample-2026.key").unwrap();
    Issuer::new("sample-2026", private_key_from_pem("sample-2026", &pem).unwrap()).unwrap()
}

#[test]
fn the_over_time_example_is_made_again_and_says_what_it_claims() {
    use airgap_license::{Judgement, Verdict};

    at_root();
    let doc = format_md();
    let made = sample_issuer().sign_armored(OVER_TIME_DOCUMENT.as_bytes()).unwrap();
    if std::env::var_os("AIRGAP_LICENSE_PRINT_EXAMPLE").is_some() {
        println!("=== over-time\n{made}");
    }
    assert_eq!(block(&doc, "over-time-document"), OVER_TIME_DOCUMENT);
    assert_eq!(block(&doc, "over-time"), made);
    let keys = dangerous::sample_key_anyone_can_sign();
    let release = |day: &str| {
        Validator::with_keys(keys.clone()).unwrap().with_release_date(airgap_license::parse_date("day", day).unwrap())
    };
    let judge = |validator: &Validator, at: &str| {
        let license = validator.verify(&made).unwrap();
        Judgement::of_license(license, at.parse::<DateTime<Utc>>().unwrap())
    };
    let june = release("2027-06-01");
    let table = [
        ("2027-01-31T23:59:59Z", Verdict::NotYetInEffect, false),
        ("2027-02-01T00:00:00Z", Verdict::Valid, false),
        ("2027-12-17T23:59:59Z", Verdict::Valid, false),
        ("2027-12-18T00:00:00Z", Verdict::Valid, true),
        ("2028-02-01T00:00:00Z", Verdict::Grace, true),
        ("2028-03-01T23:59:59Z", Verdict::Grace, true),
        ("2028-03-02T00:00:00Z", Verdict::Expired, false),
    ];
    for (at, verdict, notice) in table {
        let judged = judge(&june, at);
        assert_eq!(judged.verdict(), verdict, "{at}");
        assert_eq!(judged.to_json().get("notice").is_some(), notice, "{at}");
    }
    let judged = judge(&june, "2027-06-01T00:00:00Z");
    assert_eq!(
        (judged.to_json()["sequence"].as_u64(), judged.to_json()["endsAt"].as_str()),
        (Some(1), Some("2028-03-02T00:00:00Z"))
    );
    // A release after maintenanceUntil is not covered, whatever the clock.
    let judged = judge(&release("2028-01-15"), "2027-06-01T00:00:00Z");
    assert_eq!(judged.verdict(), Verdict::NotCovered);
    assert_eq!(
        judged.problem().unwrap().message(),
        "this release is dated 2028-01-15; the license covers releases until 2027-12-31"
    );
}

#[test]
fn the_revocation_example_is_the_sample_list_and_says_what_it_claims() {
    use airgap_license::{RevocationList, Verdict};
    use base64::Engine as _;

    at_root();
    let doc = format_md();
    let printed = block(&doc, "revocations");
    assert_eq!(printed, std::fs::read_to_string("licenses-sample/revocations.txt").unwrap());
    let day = airgap_license::parse_date("issued", "2026-06-01").unwrap();
    let (_, made) = sample_issuer().revocation_list(1, day, ["00000000-0000-4000-8000-000000000002"], [""; 0]).unwrap();
    assert_eq!(printed, made);
    // Its body: the payload, then the 64-byte signature over the domain,
    // the kid, a colon and the payload.
    let body: String = printed.lines().filter(|l| !l.starts_with("-----")).collect();
    let bytes = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
    let (payload, signature) = bytes.split_at(bytes.len() - 64);
    assert_eq!(format!("{}\n", String::from_utf8(payload.to_vec()).unwrap()), block(&doc, "revocations-payload"));
    let mut message = b"airgap-license:revocations:v1:sample-2026:".to_vec();
    message.extend_from_slice(payload);
    let keys = dangerous::sample_key_anyone_can_sign();
    let key = keys.get("sample-2026").unwrap();
    key.verify_signature(&message, signature).unwrap();
    let list = RevocationList::verify(printed.as_bytes(), &keys).unwrap();
    let validator = Validator::with_keys(keys).unwrap().with_revocations(list);
    let starter = std::fs::read_to_string("licenses-sample/starter.lic").unwrap();
    assert_eq!(validator.verify(&starter).unwrap_err().verdict(), Verdict::Revoked);
    let enterprise = std::fs::read_to_string("licenses-sample/enterprise.lic").unwrap();
    assert!(validator.verify(&enterprise).is_ok());
}

#[test]
fn explain_shows_each_stage_of_the_over_time_example_with_its_dates() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("over-time.lic");
    std::fs::write(&file, sample_issuer().sign_armored(OVER_TIME_DOCUMENT.as_bytes()).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_airgap-license"))
        .args(["explain", "--at", "2028-02-10", "--release-date", "2027-06-01", "--"])
        .arg(&file)
        .env("AIRGAP_LICENSE_STORE", dir.path().join("no-store"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("in grace: \"Initech\""), "{stdout}");
    assert_eq!(
        stdout.lines().nth(1),
        Some(
            "dates: in effect from 2027-02-01T00:00Z; expires at the end of 2028-01-31; in grace through 2028-03-01 (30 days); notice from 2027-12-18T00:00Z (45 days before the expiration); covers releases until 2027-12-31"
        )
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("in grace until 2028-03-01: renew now"));
}
