//! Regenerates `licenses-sample/*.lic` from the documents below, signed by the
//! sample key `licenses-sample/sample-2026.key` (and, for the wrong-key cases,
//! `untrusted.key`). Ed25519 signatures are deterministic, so a rerun writes
//! the same bytes: CI reruns it and fails on any difference.
//!
//! ```sh
//! cargo run --features issuer --example make-samples
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::Path;

use airgap_license::issuer::{Issuer, private_key_from_pem};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

fn document(id: &str, plan: &str, issued: &str, not_before: Option<&str>, expiration: &str) -> Value {
    let mut doc = json!({
        "licenseId": id,
        "issuedTo": "Example Corp (sample license)",
        "issued": issued,
        "expiration": expiration,
        "licenseAttributes": { "LicensedPlan": plan, "LicenseType": "Sample" },
    });
    if let Some(not_before) = not_before {
        doc["notBefore"] = json!(not_before);
    }
    doc
}

fn bytes(doc: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(doc).unwrap();
    bytes.push(b'\n');
    bytes
}

fn issuer(dir: &Path, key_file: &str, kid: &str) -> Issuer {
    let pem = fs::read_to_string(dir.join(key_file)).unwrap();
    Issuer::new(kid, private_key_from_pem(kid, &pem).unwrap()).unwrap()
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("licenses-sample");
    let sample = issuer(&dir, "sample-2026.key", "sample-2026");
    let write = |name: &str, text: String| fs::write(dir.join(name), text).unwrap();
    let sign = |doc: &Value| sample.sign(&bytes(doc)).unwrap() + "\n";

    let community = document("00000000-0000-4000-8000-000000000001", "Community", "2026-01-01", None, "2036-12-31");
    let starter = document("00000000-0000-4000-8000-000000000002", "Starter", "2026-01-01", None, "2036-12-31");
    let essentials = document("00000000-0000-4000-8000-000000000003", "Essentials", "2026-01-01", None, "2036-12-31");
    let enterprise = document("00000000-0000-4000-8000-000000000004", "Enterprise", "2026-01-01", None, "2036-12-31");
    let mut overrides = document("00000000-0000-4000-8000-000000000005", "Starter", "2026-01-01", None, "2036-12-31");
    overrides["features"] = json!({ "scimServer": true, "connectors": false, "quantumSync": true });
    let expired = document("00000000-0000-4000-8000-000000000006", "Enterprise", "2025-01-01", None, "2026-03-31");
    let not_yet =
        document("00000000-0000-4000-8000-000000000007", "Enterprise", "2026-01-01", Some("2030-01-01"), "2030-12-31");
    let future = document("00000000-0000-4000-8000-000000000008", "Enterprise", "2040-01-01", None, "2040-12-31");
    let ends_soon = document("00000000-0000-4000-8000-000000000009", "Essentials", "2026-01-01", None, "2026-06-15");
    // The enterprise license's renewal: the same licenseId, issued later, a
    // later expiration: its successor for `regenerate`.
    let renewed = document("00000000-0000-4000-8000-000000000004", "Enterprise", "2026-05-01", None, "2037-12-31");

    write("community.lic", sign(&community));
    write("starter.lic", sign(&starter));
    write("essentials.lic", sign(&essentials));
    write("enterprise.lic", sample.sign_armored(&bytes(&enterprise)).unwrap());
    write("overrides.lic", sign(&overrides));
    write("expired.lic", sign(&expired));
    write("not-yet-in-effect.lic", sign(&not_yet));
    write("issued-in-future.lic", sign(&future));
    write("ends-soon.lic", sign(&ends_soon));
    write("enterprise-renewed.lic", sign(&renewed));

    // A revocation list: the vendor took the starter license back.
    let day = airgap_license::parse_date("issued", "2026-06-01").unwrap();
    let (_, list) = sample.revocation_list(1, day, ["00000000-0000-4000-8000-000000000002"], [""; 0]).unwrap();
    write("revocations.txt", list);

    // Tampered: the genuine enterprise license with its document stretched to
    // 2099, keeping the original signature.
    let genuine = sample.sign(&bytes(&enterprise)).unwrap();
    let mut envelope: Value = serde_json::from_slice(&STANDARD.decode(&genuine).unwrap()).unwrap();
    let mut stretched = enterprise.clone();
    stretched["expiration"] = json!("2099-12-31");
    envelope["payload"] = json!(STANDARD.encode(bytes(&stretched)));
    write("tampered.lic", STANDARD.encode(envelope.to_string()) + "\n");

    // Signed by a key nobody trusts, once under the trusted kid, once under its own.
    write("wrong-key.lic", issuer(&dir, "untrusted.key", "sample-2026").sign(&bytes(&enterprise)).unwrap() + "\n");
    write("unknown-key.lic", issuer(&dir, "untrusted.key", "other-vendor").sign(&bytes(&enterprise)).unwrap() + "\n");

    // Sold per machine: a template for two machines, and that template
    // bound to a machine no test runs on (the device key of FORMAT.md's
    // worked example, seed 0x07 repeated; the operator's id "db-07").
    let mut template = document("00000000-0000-4000-8000-000000000010", "Enterprise", "2026-01-01", None, "2036-12-31");
    template["machines"] = json!(2);
    template["critical"] = json!(["machines"]);
    write("template.lic", sign(&template));
    let device = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key().to_bytes();
    let mut bound = template.clone();
    bound["machine"] = json!({
        "deviceKey": STANDARD.encode(device),
        "components": { "operator": airgap_license::component_hash("00000000-0000-4000-8000-000000000010", "db-07") },
        "label": "db-07",
    });
    bound["critical"] = json!(["machines", "machine"]);
    write("bound-elsewhere.lic", sign(&bound));

    // Sold over time: perpetual (no expiration), and perpetual with
    // maintenance covering releases until 2026-12-31.
    let mut perpetual = document("00000000-0000-4000-8000-000000000011", "Essentials", "2026-01-01", None, "");
    perpetual.as_object_mut().unwrap().remove("expiration");
    write("perpetual.lic", sign(&perpetual));
    let mut maintenance = perpetual.clone();
    maintenance["licenseId"] = json!("00000000-0000-4000-8000-000000000012");
    maintenance["maintenanceUntil"] = json!("2026-12-31");
    maintenance["critical"] = json!(["maintenanceUntil"]);
    write("maintenance.lic", sign(&maintenance));

    // Malformed: the starter license cut short, as a bad copy and paste would.
    let cut = sign(&starter);
    write("malformed.lic", format!("{}\n", &cut[..cut.len() / 2]));
}
