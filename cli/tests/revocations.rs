//! Revocation that crosses the air gap, through both binaries: the issuer's
//! `revoke` and its ledger, `verify --revocations`, `status --revocations`,
//! and a store's `revocations` import with its ratchet. Needs `--features
//! issuer`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

const ISSUER: &str = env!("CARGO_BIN_EXE_airgap-license-issuer");
const VALIDATOR: &str = env!("CARGO_BIN_EXE_airgap-license");

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A vendor: a key, its public half alone in `public/`, a ledger, and two
/// licenses, A and B.
struct Vendor {
    dir: tempfile::TempDir,
    ids: [String; 2],
}

impl Vendor {
    fn new() -> Vendor {
        let dir = tempfile::tempdir().unwrap();
        let mut vendor = Vendor { dir, ids: [String::new(), String::new()] };
        let out = vendor.issuer(&["keygen", "--kid", "vendor-1", "--out", "keys"]);
        assert!(out.status.success(), "{}", text(&out));
        fs::create_dir(vendor.path("public")).unwrap();
        fs::copy(vendor.path("keys/vendor-1.pem"), vendor.path("public/vendor-1.pem")).unwrap();
        for (i, name) in ["a", "b"].into_iter().enumerate() {
            let doc = vendor.issuer(&["new", "--issued-to", "Acme", "--plan", "Enterprise", "--until", "2099-12-31"]);
            fs::write(vendor.path(&format!("{name}.json")), &doc.stdout).unwrap();
            let signed = vendor.issuer(&[
                "sign",
                "--key",
                "keys/vendor-1.key",
                "--ledger",
                "ledger.jsonl",
                &format!("{name}.json"),
            ]);
            assert!(signed.status.success(), "{}", text(&signed));
            fs::write(vendor.path(&format!("{name}.lic")), &signed.stdout).unwrap();
            let body: serde_json::Value = serde_json::from_slice(&doc.stdout).unwrap();
            vendor.ids[i] = body["licenseId"].as_str().unwrap().to_owned();
        }
        vendor
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn issuer(&self, args: &[&str]) -> Output {
        Command::new(ISSUER).current_dir(self.dir.path()).args(args).output().unwrap()
    }

    /// The validator, trusting `public/`, with no default store.
    fn validator(&self, args: &[&str]) -> Output {
        let (command, rest) = args.split_first().unwrap();
        let mut cmd = Command::new(VALIDATOR);
        cmd.current_dir(self.dir.path()).env("AIRGAP_LICENSE_STORE", self.path("no-store")).arg(command);
        if *command != "revocations" || !rest.contains(&"--keys") {
            cmd.args(["--keys", "public"]);
        }
        cmd.args(rest).output().unwrap()
    }

    fn revoke(&self, out: &str, args: &[&str]) -> Output {
        let mut all = vec!["revoke", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", "--out", out];
        all.extend_from_slice(args);
        self.issuer(&all)
    }
}

#[test]
fn a_revoked_license_is_refused_by_verify_status_and_activate() {
    let v = Vendor::new();
    let (a, b) = (v.ids[0].clone(), v.ids[1].clone());
    // The vendor revokes A: list 1, recorded in the ledger.
    let out = v.revoke("list-1.txt", &[&a]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("revocation list 1 of"), "{}", text(&out));
    let ledger = fs::read_to_string(v.path("ledger.jsonl")).unwrap();
    assert!(ledger.lines().last().unwrap().contains("\"event\":\"revocations\""), "{ledger}");

    // verify --revocations: A revoked (exit 1, naming the list), B valid.
    let out = v.validator(&["verify", "--json", "--revocations", "list-1.txt", "a.lic"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["verdict"], "revoked");
    let error = &body["errors"]["fieldErrors"]["license"][0];
    assert_eq!(error["code"], "[revoked]license");
    assert!(error["message"].as_str().unwrap().contains("revoked by revocation list 1 of"), "{body}");
    let out = v.validator(&["verify", "--revocations", "list-1.txt", "b.lic"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // status FILE too.
    let out = v.validator(&["status", "--revocations", "list-1.txt", "a.lic"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    // A store with A active imports the list: A removed, logged; activate refused.
    let store = v.path("store");
    let store = store.to_str().unwrap();
    assert_eq!(v.validator(&["activate", "--store", store, "a.lic"]).status.code(), Some(0));
    let out = v.validator(&["revocations", "--store", store, "list-1.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains(&format!("revoked: license {a} removed from the store")), "{}", text(&out));
    let out = v.validator(&["activate", "--store", store, "a.lic"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("revoked"), "{}", text(&out));
    let events = Command::new(VALIDATOR).args(["events", "--store", store]).output().unwrap();
    assert!(String::from_utf8_lossy(&events.stdout).contains("\"type\":\"license.revoke\""));

    // The ratchet: list 1 again is refused (exit 1, store unchanged).
    let state = fs::read(v.path("store/state.json")).unwrap();
    let out = v.validator(&["revocations", "--store", store, "list-1.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(fs::read(v.path("store/state.json")).unwrap(), state);

    // Unrevoked in list 2 (which still holds nothing else): A comes back.
    let out = v.revoke("list-2.txt", &["--unrevoke", &a]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(v.validator(&["revocations", "--store", store, "list-2.txt"]).status.code(), Some(0));
    assert_eq!(v.validator(&["activate", "--store", store, "a.lic"]).status.code(), Some(0));
    assert_eq!(v.validator(&["verify", "--revocations", "list-2.txt", "a.lic"]).status.code(), Some(0));
    // Unrevoking what is not listed is a usage error, nothing recorded.
    let lines = fs::read_to_string(v.path("ledger.jsonl")).unwrap().lines().count();
    let out = v.revoke("list-x.txt", &["--unrevoke", &b]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!v.path("list-x.txt").exists());
    assert_eq!(fs::read_to_string(v.path("ledger.jsonl")).unwrap().lines().count(), lines);
    // Revoking B then keeps list 3 cumulative: B listed, A not. B was
    // issued in this ledger: no warning.
    let out = v.revoke("list-3.txt", &[&b]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("warning"), "{}", text(&out));
    assert_eq!(v.validator(&["verify", "--revocations", "list-3.txt", "b.lic"]).status.code(), Some(1));
    assert_eq!(v.validator(&["verify", "--revocations", "list-3.txt", "a.lic"]).status.code(), Some(0));
}

#[test]
fn an_untrusted_list_a_list_as_a_license_and_a_license_as_a_list_are_refused() {
    let v = Vendor::new();
    let other = Vendor::new();
    let a = v.ids[0].clone();
    // A list signed by another vendor's key, named like ours or not: exit 2.
    assert!(other.revoke("forged.txt", &[&a]).status.success());
    fs::copy(other.path("forged.txt"), v.path("forged.txt")).unwrap();
    let out = v.validator(&["verify", "--revocations", "forged.txt", "a.lic"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("does not verify with trusted key"), "{}", text(&out));
    let out = v.validator(&["revocations", "--store", "store", "forged.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // A list given as a license: rejected, saying what it is.
    assert!(v.revoke("list-1.txt", &[&a]).status.success());
    let out = v.validator(&["verify", "list-1.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("this is a revocation list, not a license"), "{}", text(&out));
    // A license given as a list: exit 2, saying what it is.
    let out = v.validator(&["verify", "--revocations", "a.lic", "a.lic"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("this is a license, not a revocation list"), "{}", text(&out));
}

#[test]
fn revoking_a_license_id_the_ledger_never_issued_warns_and_revokes() {
    let v = Vendor::new();
    let typo = "00000000-0000-4000-8000-000000000000";
    let out = v.revoke("list-1.txt", &[typo, &v.ids[0]]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("warning: licenseId {typo} was never issued in ledger.jsonl; revoked all the same")),
        "{stderr}"
    );
    assert!(!stderr.contains(&format!("licenseId {} was never", v.ids[0])), "{stderr}");
    let list = fs::read_to_string(v.path("list-1.txt")).unwrap();
    let verified = v.validator(&["verify", "--revocations", "list-1.txt", "a.lic"]);
    assert_eq!(verified.status.code(), Some(1), "{list}\n{}", text(&verified));
}
