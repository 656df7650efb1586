//! The vendor side: keygen and sign, through the binary and the library, and
//! their compatibility with OpenSSL. Needs `--features issuer`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::util::{at_root, text};
use std::fs;
use std::process::{Command, Output};

use airgap_license::issuer::{Issuer, generate_key, private_key_from_pem, private_key_pem, public_key_pem};
use airgap_license::{KeyStore, TrustedKey, Validator};

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

    // The folder keygen wrote holds the private key: it is never trusted as a keys folder.
    let refused = run(VALIDATOR, &["keys", "--keys", keys.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("vendor-2027.key holds a PRIVATE key"), "{}", text(&refused));
    let public = dir.path().join("public");
    fs::create_dir(&public).unwrap();
    fs::copy(keys.join("vendor-2027.pem"), public.join("vendor-2027.pem")).unwrap();

    let doc = dir.path().join("doc.json");
    fs::write(&doc, DOCUMENT).unwrap();
    for armor in [false, true] {
        // The kid is the key file's name.
        let mut args = vec!["sign", "--key", private.to_str().unwrap()];
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
            &["verify", "--keys", public.to_str().unwrap(), "--at", "2026-06-01", license.to_str().unwrap()],
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
    // Issued after it expires: it could never be in effect.
    let late =
        DOCUMENT.replace("\"issued\": \"2026-01-01\"", "\"issued\": \"2027-02-01\", \"notBefore\": \"2026-01-01\"");
    fs::write(&doc, late).unwrap();
    let out = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(out.stdout.is_empty());
    assert!(text(&out).contains("issued 2027-02-01 is after expiration 2027-01-31"), "{}", text(&out));
}

#[test]
fn sign_refuses_a_feature_the_catalog_does_not_know_unless_told() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.key");
    fs::write(&key, private_key_pem("k", &generate_key().unwrap()).unwrap().as_bytes()).unwrap();
    let doc = dir.path().join("doc.json");
    fs::write(&doc, DOCUMENT.replacen('{', "{\"features\": {\"scimSever\": true},", 1)).unwrap();
    let out = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(out.stdout.is_empty());
    assert!(text(&out).contains("\"scimSever\" that the catalog does not know"), "{}", text(&out));
    let out = run(ISSUER, &["sign", "--allow-unknown-features", "--key", key.to_str().unwrap(), doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("warning: features names \"scimSever\""));
    assert!(!out.stdout.is_empty());
}

#[test]
fn sign_refuses_a_kid_that_is_not_the_key_files() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("acme-2027.key");
    fs::write(&key, private_key_pem("acme-2027", &generate_key().unwrap()).unwrap().as_bytes()).unwrap();
    let doc = dir.path().join("doc.json");
    fs::write(&doc, DOCUMENT).unwrap();
    let out = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), "--kid", "acme-2028", doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--kid \"acme-2028\" does not match the key file"), "{}", text(&out));
    // A public key beside it under the same name that is another key's.
    fs::write(dir.path().join("acme-2027.pem"), public_key_pem("x", &generate_key().unwrap().verifying_key()).unwrap())
        .unwrap();
    let out = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("does not match the trusted public key"), "{}", text(&out));
}

#[test]
fn sign_refuses_a_key_that_is_not_the_trusted_key_of_that_kid() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("sample-2026.key");
    fs::write(&key, private_key_pem("sample-2026", &generate_key().unwrap()).unwrap().as_bytes()).unwrap();
    let doc = dir.path().join("doc.json");
    fs::write(&doc, DOCUMENT).unwrap();
    let out = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), doc.to_str().unwrap()]);
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
fn the_largest_license_made_still_verifies_after_crlf_conversion() {
    at_root();
    use airgap_license::MAX_LICENSE_TEXT;
    // Find the boundary: the longest comment the issuer signs, then one more
    // byte, which it refuses rather than make a license a validator could
    // refuse once its line breaks became CRLF (a Windows editor, an e-mail).
    let key = generate_key().unwrap();
    let issuer = Issuer::new("k", key.clone()).unwrap();
    let doc = |pad: usize| DOCUMENT.replacen('{', &format!("{{\"comment\": \"{}\",", "x".repeat(pad)), 1);
    let (mut low, mut high) = (0, 64 * 1024);
    while high - low > 1 {
        let mid = (low + high) / 2;
        if issuer.sign_armored(doc(mid).as_bytes()).is_ok() { low = mid } else { high = mid }
    }
    let armored = issuer.sign_armored(doc(low).as_bytes()).unwrap();
    let crlf = armored.replace('\n', "\r\n");
    assert!(crlf.len() <= MAX_LICENSE_TEXT && crlf.len() > MAX_LICENSE_TEXT - 8, "{}", crlf.len());
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new("k", key.verifying_key()).unwrap()).unwrap();
    let validator = Validator::with_keys(keys).unwrap();
    assert!(validator.verify(&armored).is_ok());
    assert!(validator.verify(&crlf).is_ok());
    assert_eq!(issuer.sign(doc(high).as_bytes()).unwrap_err().code(), "[tooLarge]license");
}

#[test]
fn issuer_cases() {
    at_root();
    trycmd::TestCases::new().case("cli/tests/issuer-cmd/*.trycmd");
}

#[test]
fn batch_issuance_with_a_ledger_then_renewal() {
    at_root();
    use sha2_check::sha256_hex;
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("vendor");
    assert!(run(ISSUER, &["keygen", "--kid", "acme-2027", "--out", keys.to_str().unwrap()]).status.success());
    let key = keys.join("acme-2027.key");
    let public = dir.path().join("public");
    fs::create_dir(&public).unwrap();
    fs::copy(keys.join("acme-2027.pem"), public.join("acme-2027.pem")).unwrap();
    // Two documents from `new`, one line each: a JSON Lines batch.
    let mut batch = String::new();
    for name in ["Initech", "Globex"] {
        let out = run(
            ISSUER,
            &[
                "new",
                "--issued-to",
                name,
                "--plan",
                "Starter",
                "--issued",
                "2026-01-01",
                "--until",
                "2026-12-31",
                "--line",
            ],
        );
        assert!(out.status.success(), "{}", text(&out));
        batch.push_str(&String::from_utf8(out.stdout).unwrap());
    }
    let ids: Vec<String> = batch
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["licenseId"].as_str().unwrap().to_owned())
        .collect();
    assert_ne!(ids[0], ids[1], "each document gets a fresh licenseId");
    // A batch with one bad line signs nothing.
    let bad = dir.path().join("bad.jsonl");
    fs::write(&bad, format!("{batch}{}\n", batch.lines().next().unwrap().replace("Starter", "Platinum"))).unwrap();
    let out_dir = dir.path().join("licenses");
    let ledger = dir.path().join("ledger.jsonl");
    let args = |file: &std::path::Path| {
        vec![
            "sign".to_owned(),
            "--key".into(),
            key.to_str().unwrap().into(),
            "--batch".into(),
            "--out".into(),
            out_dir.to_str().unwrap().into(),
            "--ledger".into(),
            ledger.to_str().unwrap().into(),
            file.to_str().unwrap().into(),
        ]
    };
    let out = Command::new(ISSUER).args(args(&bad)).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("line 3 of the batch"), "{}", text(&out));
    assert!(!out_dir.exists() && !ledger.exists(), "nothing was written");
    // The same licenseId twice: refused too.
    let twice = dir.path().join("twice.jsonl");
    fs::write(&twice, format!("{}\n{}\n", batch.lines().next().unwrap(), batch.lines().next().unwrap())).unwrap();
    assert_eq!(Command::new(ISSUER).args(args(&twice)).output().unwrap().status.code(), Some(2));
    // The good batch: one license per document, one ledger line each.
    let good = dir.path().join("good.jsonl");
    fs::write(&good, &batch).unwrap();
    let out = Command::new(ISSUER).args(args(&good)).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let entries: Vec<serde_json::Value> =
        fs::read_to_string(&ledger).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(entries.len(), 2);
    for (entry, id) in entries.iter().zip(&ids) {
        let file = out_dir.join(format!("{id}.lic"));
        assert_eq!(entry["licenseId"], id.as_str());
        assert_eq!(entry["kid"], "acme-2027");
        assert_eq!(entry["sha256"], sha256_hex(&fs::read(&file).unwrap()));
    }
    let verified = run(
        VALIDATOR,
        &["verify", "--keys", public.to_str().unwrap(), "--at", "2026-06-01", out_dir.to_str().unwrap()],
    );
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
    // Signing the batch again would overwrite: refused.
    assert_eq!(Command::new(ISSUER).args(args(&good)).output().unwrap().status.code(), Some(2));

    // Renewal: the same licenseId, issued later, the new expiration.
    let first = out_dir.join(format!("{}.lic", ids[0]));
    let renewed = run(
        ISSUER,
        &[
            "renew",
            "--key",
            key.to_str().unwrap(),
            "--until",
            "2027-12-31",
            "--issued",
            "2026-11-01",
            "--ledger",
            ledger.to_str().unwrap(),
            first.to_str().unwrap(),
        ],
    );
    assert!(renewed.status.success(), "{}", text(&renewed));
    let renewed_file = dir.path().join("renewed.lic");
    fs::write(&renewed_file, &renewed.stdout).unwrap();
    let out = run(
        VALIDATOR,
        &["verify", "--json", "--keys", public.to_str().unwrap(), "--at", "2027-06-01", renewed_file.to_str().unwrap()],
    );
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (body["licenseId"].as_str(), body["issued"].as_str(), body["expiration"].as_str()),
        (Some(ids[0].as_str()), Some("2026-11-01"), Some("2027-12-31"))
    );
    assert_eq!(body["sequence"], 1);
    assert_eq!(fs::read_to_string(&ledger).unwrap().lines().count(), 3);
    // Renewed again on the same day, held until --not-before: sequence 2.
    let again = run(
        ISSUER,
        &[
            "renew",
            "--key",
            key.to_str().unwrap(),
            "--until",
            "2028-12-31",
            "--issued",
            "2026-11-01",
            "--not-before",
            "2027-12-01",
            renewed_file.to_str().unwrap(),
        ],
    );
    assert!(again.status.success(), "{}", text(&again));
    let again_file = dir.path().join("again.lic");
    fs::write(&again_file, &again.stdout).unwrap();
    let out = run(
        VALIDATOR,
        &["verify", "--json", "--keys", public.to_str().unwrap(), "--at", "2027-06-01", again_file.to_str().unwrap()],
    );
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (body["verdict"].as_str(), body["issued"].as_str(), body["notBefore"].as_str(), body["sequence"].as_u64()),
        (Some("notYetInEffect"), Some("2026-11-01"), Some("2027-12-01"), Some(2))
    );
    // Earlier than the license: refused; another key's license: refused.
    let early = run(
        ISSUER,
        &[
            "renew",
            "--key",
            key.to_str().unwrap(),
            "--until",
            "2027-12-31",
            "--issued",
            "2025-12-31",
            first.to_str().unwrap(),
        ],
    );
    assert_eq!(early.status.code(), Some(2));
    assert!(text(&early).contains("cannot be issued before the license it renews"), "{}", text(&early));
    let foreign =
        run(ISSUER, &["renew", "--key", key.to_str().unwrap(), "--until", "2037-12-31", "licenses-sample/starter.lic"]);
    assert_eq!(foreign.status.code(), Some(2));
    assert!(text(&foreign).contains("does not verify with this key"), "{}", text(&foreign));
    // list reads the ledger back.
    let list = run(ISSUER, &["list", "--json", "--ledger", ledger.to_str().unwrap()]);
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3);
}

#[test]
fn the_issuer_checks_against_a_catalog_given_at_run_time() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.key");
    fs::write(&key, private_key_pem("k", &generate_key().unwrap()).unwrap().as_bytes()).unwrap();
    let doc = dir.path().join("doc.json");
    fs::write(&doc, DOCUMENT.replacen('{', "{\"features\": {\"offlineReports\": true},", 1)).unwrap();
    let refused = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), doc.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let mut catalog: serde_json::Value = serde_json::from_str(&fs::read_to_string("catalog.json").unwrap()).unwrap();
    catalog["features"]["offlineReports"] = serde_json::json!({ "plan": "Starter" });
    let file = dir.path().join("catalog.json");
    fs::write(&file, catalog.to_string()).unwrap();
    let signed = run(
        ISSUER,
        &["sign", "--catalog", file.to_str().unwrap(), "--key", key.to_str().unwrap(), doc.to_str().unwrap()],
    );
    assert_eq!(signed.status.code(), Some(0), "{}", text(&signed));
    assert!(signed.stderr.is_empty(), "{}", text(&signed));
}

mod sha2_check {
    /// SHA-256 in lowercase hex.
    pub fn sha256_hex(bytes: &[u8]) -> String {
        use sha2::Digest as _;
        sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The ledger: an append after a line torn by a crash starts a line of its
/// own and is kept; a ledger that cannot be written means no license is
/// written or printed (exit 2).
#[test]
fn the_ledger_survives_a_torn_line_and_an_unwritable_one_stops_signing() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    assert!(run(ISSUER, &["keygen", "--kid", "acme-2027", "--out", keys.to_str().unwrap()]).status.success());
    let key = keys.join("acme-2027.key");
    let document = dir.path().join("doc.json");
    fs::write(&document, DOCUMENT).unwrap();
    let sign = |ledger: &std::path::Path, out: Option<&std::path::Path>| {
        let mut args = vec!["sign", "--key", key.to_str().unwrap(), "--ledger", ledger.to_str().unwrap()];
        if let Some(out) = out {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        args.push(document.to_str().unwrap());
        run(ISSUER, &args)
    };
    // A torn last line (a crash mid-append): the next entry is whole, alone.
    let ledger = dir.path().join("ledger.jsonl");
    fs::write(&ledger, "{\"licenseId\": \"torn").unwrap();
    let out = sign(&ledger, None);
    assert!(out.status.success(), "{}", text(&out));
    let written = fs::read_to_string(&ledger).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 2, "{written}");
    let entry: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(entry["licenseId"], "1b4e28ba-2fa1-4d2e-883f-0016d3cca427");
    let listed = run(ISSUER, &["list", "--ledger", ledger.to_str().unwrap()]);
    assert!(text(&listed).contains("1 licenses issued") && text(&listed).contains("1 line(s)"), "{}", text(&listed));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let fresh = dir.path().join("fresh.jsonl");
        assert!(sign(&fresh, None).status.success());
        assert_eq!(fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600, "a ledger it creates");
    }

    // Ledgers that cannot be written: a folder, a missing folder's file, a
    // link (never followed), a FIFO. Nothing printed, no license file.
    let folder = dir.path().join("a-folder");
    fs::create_dir(&folder).unwrap();
    let mut unwritable = vec![folder, dir.path().join("missing/ledger.jsonl")];
    #[cfg(unix)]
    {
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let fifo = dir.path().join("fifo.jsonl");
        assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        unwritable.extend([link, fifo]);
    }
    for bad in &unwritable {
        let out = sign(bad, None);
        assert_eq!(out.status.code(), Some(2), "{}: {}", bad.display(), text(&out));
        assert!(out.stdout.is_empty(), "{}: a license was printed", bad.display());
        assert!(text(&out).contains("nothing was signed or written"), "{}", text(&out));
        let licenses = dir.path().join("licenses");
        let out = sign(bad, Some(&licenses));
        assert_eq!(out.status.code(), Some(2), "{}: {}", bad.display(), text(&out));
        let left: Vec<_> = fs::read_dir(&licenses).map(|d| d.flatten().collect()).unwrap_or_default();
        assert!(left.is_empty(), "{}: a license file was written", bad.display());
    }
    #[cfg(unix)]
    assert_eq!(fs::read_to_string(dir.path().join("victim")).unwrap(), "precious");
}

/// Under umask 000 the folders the issuer makes are 0755 (licenses) and
/// 0700 (keys), never 0777, and the files it writes are not writable by
/// others.
#[cfg(unix)]
#[test]
fn folders_and_files_are_never_world_writable_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let under_umask_000 = |args: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("umask 000 && exec \"$0\" {args}"))
            .arg(ISSUER)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = under_umask_000("keygen --kid acme-2027 --out keys/deep");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(mode(&dir.path().join("keys")), 0o700);
    assert_eq!(mode(&dir.path().join("keys/deep")), 0o700);
    assert_eq!(mode(&dir.path().join("keys/deep/acme-2027.key")), 0o600);
    assert_eq!(mode(&dir.path().join("keys/deep/acme-2027.pem")), 0o644);
    let doc = run(ISSUER, &["new", "--issued-to", "Acme", "--plan", "Starter", "--line"]);
    std::fs::write(dir.path().join("doc.json"), &doc.stdout).unwrap();
    let out = under_umask_000("sign --key keys/deep/acme-2027.key --out out/licenses doc.json");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(mode(&dir.path().join("out")), 0o755);
    assert_eq!(mode(&dir.path().join("out/licenses")), 0o755);
    for entry in std::fs::read_dir(dir.path().join("out/licenses")).unwrap() {
        assert_eq!(mode(&entry.unwrap().path()), 0o644);
    }
}

/// A signing key that is not PEM is named by its file and said to be a
/// private key, not "trusted key KID: not a public key", and no NUL byte
/// that is not there is blamed.
#[test]
fn a_bad_signing_key_is_named_by_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("vendor.key");
    std::fs::write(&key, "garbage\n").unwrap();
    let out = run(ISSUER, &["sign", "--key", key.to_str().unwrap(), "/dev/null"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let message = text(&out);
    assert!(message.contains(&format!("signing key {}", key.display())), "{message}");
    assert!(message.contains("not an Ed25519 private key") && message.contains("no PEM block"), "{message}");
    assert!(!message.contains("NUL") && !message.contains("public key"), "{message}");
}
