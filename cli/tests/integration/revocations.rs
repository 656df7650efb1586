//! Revocation that crosses the air gap, through both binaries: the issuer's
//! `revoke` and its ledger, `verify --revocations`, `status --revocations`,
//! and a store's `revocations` import with its ratchet. Needs `--features
//! issuer`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::util::{Lcg, Vendor, text};

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

const VALIDATOR: &str = env!("CARGO_BIN_EXE_airgap-license");

/// A vendor ([`Vendor`]) with two licenses, A and B (`a.lic`, `b.lic`).
struct Licensor {
    vendor: Vendor,
    ids: [String; 2],
}

impl Licensor {
    fn new() -> Licensor {
        let vendor = Vendor::new();
        let ids = [vendor.license("a", &[]), vendor.license("b", &[])];
        Licensor { vendor, ids }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.vendor.path(name)
    }

    fn issuer(&self, args: &[&str]) -> Output {
        self.vendor.issuer(args)
    }

    /// The validator, trusting `public/`, with no default store.
    fn validator(&self, args: &[&str]) -> Output {
        let (command, rest) = args.split_first().unwrap();
        let mut cmd = Command::new(VALIDATOR);
        cmd.current_dir(self.vendor.dir.path()).env("AIRGAP_LICENSE_STORE", self.path("no-store")).arg(command);
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
    let v = Licensor::new();
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

    // The same list again (cron, Ansible: every day) is already imported:
    // exit 0, nothing changed.
    let state = fs::read(v.path("store/state.json")).unwrap();
    let out = v.validator(&["revocations", "--store", store, "list-1.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("already imported"), "{}", text(&out));
    assert_eq!(fs::read(v.path("store/state.json")).unwrap(), state);

    // Unrevoked in list 2 (which still holds nothing else): A comes back.
    let out = v.revoke("list-2.txt", &["--unrevoke", &a]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(v.validator(&["revocations", "--store", store, "list-2.txt"]).status.code(), Some(0));
    // The ratchet: list 1, older, is refused now (exit 1, store unchanged).
    let state = fs::read(v.path("store/state.json")).unwrap();
    let out = v.validator(&["revocations", "--store", store, "list-1.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(fs::read(v.path("store/state.json")).unwrap(), state);
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
    let v = Licensor::new();
    let other = Licensor::new();
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
    let v = Licensor::new();
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

#[test]
fn kill_9_during_an_import_never_leaves_a_revoked_license_in_the_store() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let v = Licensor::new();
    let a = v.ids[0].clone();
    let store = v.path("store");
    let state = || -> serde_json::Value {
        let bytes = fs::read(store.join("state.json")).expect("the state file never disappears");
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("a torn state file ({e})"))
    };
    let active_id = |state: &serde_json::Value| state["active"]["licenseId"].as_str().map(str::to_owned);
    let import = |list: &str| {
        let mut cmd = Command::new(VALIDATOR);
        cmd.current_dir(v.vendor.dir.path()).env("AIRGAP_LICENSE_STORE", v.path("no-store")).args([
            "revocations",
            "--keys",
            "public",
            "--store",
            "store",
            list,
        ]);
        cmd
    };
    assert_eq!(v.validator(&["activate", "--store", "store", "a.lic"]).status.code(), Some(0));
    // Lists 1, 2, ...: odd ones revoke A, even ones take it off again.
    let make_list = |k: u64| {
        let name = format!("list-{k}.txt");
        let out = if k % 2 == 1 { v.revoke(&name, &[&a]) } else { v.revoke(&name, &["--unrevoke", &a]) };
        assert!(out.status.success(), "{}", text(&out));
        name
    };
    // How long an import takes here now: the kills land at random instants
    // up to twice that, about half of them mid-command. Measured again on
    // every unkilled import, so that a machine that gets busier or quieter
    // meanwhile keeps the balance.
    let first = [make_list(1), make_list(2)];
    let started = Instant::now();
    for list in &first {
        assert_eq!(import(list).output().unwrap().status.code(), Some(0));
    }
    let mut span = u64::try_from(started.elapsed().as_micros()).unwrap().max(1_000);
    assert_eq!(v.validator(&["activate", "--store", "store", "a.lic"]).status.code(), Some(0));
    let mut random = Lcg(0x5eed_1157);
    let (mut killed, mut finished, mut repaired) = (0, 0, 0);
    for k in 3..=202u64 {
        let list = make_list(k);
        let before = state();
        let mut child = import(&list).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(random.below(span)));
        match child.try_wait().unwrap() {
            Some(_) => finished += 1,
            None => {
                child.kill().unwrap();
                killed += 1;
            }
        }
        let _ = child.wait();
        // The invariant: the state is whole, and holds the old list with the
        // old license, or the new list without what it revokes.
        let after = state();
        let recorded = after["revocations"]["sequence"].as_u64();
        // The file is never ahead of the record: a list on disk that the
        // state has not applied would leave what it revokes in the store.
        let on_disk = fs::read(store.join("revocations.txt")).unwrap();
        if on_disk == fs::read(v.path(&list)).unwrap() {
            assert_eq!(recorded, Some(k), "list {k}: in the file, not recorded (nor applied)");
        }
        if recorded == Some(k) {
            if k % 2 == 1 {
                assert_ne!(
                    active_id(&after).as_deref(),
                    Some(a.as_str()),
                    "list {k}: revoked license A still in the store"
                );
            }
        } else {
            assert_eq!(recorded, Some(k - 1), "list {k}");
            assert_eq!(after["active"], before["active"], "list {k}: changed without the list recorded");
        }
        // Imported again, unkilled, the store converges: the list recorded,
        // its file written, A refused while listed and taken once it is not.
        let timed = Instant::now();
        let again = import(&list).output().unwrap();
        let took = u64::try_from(timed.elapsed().as_micros()).unwrap();
        span = (span + 2 * took).div_ceil(2).max(1_000);
        let json = import(&list).arg("--json").output().unwrap();
        assert_eq!(json.status.code(), Some(0), "list {k}, a third time: already imported; {}", text(&json));
        assert!(text(&json).contains("\"alreadyImported\": true"), "list {k}: {}", text(&json));
        match again.status.code() {
            Some(0) if text(&again).contains("written now") => repaired += 1,
            Some(0) => {}
            other => panic!("list {k}: the import again exited {other:?}: {}", text(&again)),
        }
        let now = state();
        assert_eq!(now["revocations"]["sequence"].as_u64(), Some(k));
        let file = fs::read(store.join("revocations.txt")).unwrap();
        assert_eq!(
            now["revocations"]["sha256"],
            airgap_license::sha256_hex(&file),
            "list {k}: the file is the list recorded"
        );
        let activated = v.validator(&["activate", "--store", "store", "a.lic"]);
        let expected = if k % 2 == 1 { 1 } else { 0 };
        assert_eq!(activated.status.code(), Some(expected), "list {k}: {}", text(&activated));
    }
    println!("kill -9 during imports: {killed} killed, {finished} finished, {repaired} files written again");
    // Enough kills landed mid-command, and enough runs ended, for the test
    // to mean something.
    assert!(killed > 30 && finished > 30, "killed {killed}, finished {finished}");
}
