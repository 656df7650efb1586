//! Licenses bound to machines, through both binaries: a template, requests
//! from machines (stores, each with `AIRGAP_LICENSE_MACHINE_ID` standing for
//! its own machine), bind and its seat count, activation, a copied store,
//! release receipts, and the request's QR code. Needs `--features issuer`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::util::{Vendor, text};

const VALIDATOR: &str = env!("CARGO_BIN_EXE_airgap-license");
/// The commands that take `--keys`: they trust the vendor's key.
const TRUSTING: [&str; 7] = ["verify", "status", "explain", "activate", "regenerate", "request", "revocations"];

/// A vendor ([`Vendor`]) with a template for `machines` machines
/// (`template.lic`), and a place for machines' stores.
struct World {
    vendor: Vendor,
}

impl World {
    fn new(machines: u32) -> World {
        let vendor = Vendor::new();
        vendor.license("template", &["--machines", &machines.to_string()]);
        World { vendor }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.vendor.path(name)
    }

    fn issuer(&self, args: &[&str]) -> Output {
        self.vendor.issuer(args)
    }

    /// The validator on machine `machine` (its store `store-<machine>`,
    /// its identity the operator's id `node-<machine>`).
    fn on(&self, machine: &str, args: &[&str]) -> Output {
        self.on_store(machine, &format!("store-{machine}"), args)
    }

    fn on_store(&self, machine: &str, store: &str, args: &[&str]) -> Output {
        Command::new(VALIDATOR)
            .current_dir(self.vendor.dir.path())
            .env("AIRGAP_LICENSE_MACHINE_ID", format!("node-{machine}"))
            .env("AIRGAP_LICENSE_STORE", self.path(store))
            .args(args)
            .args(if TRUSTING.contains(&args[0]) { &["--keys", "public"][..] } else { &[] })
            .output()
            .unwrap()
    }

    /// Machine `machine`'s request for the template, written to `req-<machine>`.
    fn request(&self, machine: &str) -> PathBuf {
        let out = self.on(machine, &["request", "template.lic"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let path = self.path(&format!("req-{machine}"));
        fs::write(&path, &out.stdout).unwrap();
        path
    }

    /// Binds requests into `out`; the bound licenses written there.
    fn bind(&self, out: &str, requests: &[&Path]) -> Output {
        let mut args = vec!["bind", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", "--allow-operator-id"];
        args.extend(["--out", out]);
        let requests: Vec<&str> = requests.iter().map(|p| p.to_str().unwrap()).collect();
        args.extend(requests);
        self.issuer(&args)
    }

    fn bound_files(&self, out: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.path(out)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
    }

    fn ledger(&self) -> String {
        fs::read_to_string(self.path("ledger.jsonl")).unwrap()
    }
}

#[test]
fn a_template_is_in_effect_nowhere_and_features_are_pending() {
    let world = World::new(2);
    let out = world.on("a", &["status", "--json", "template.lic"]);
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["status"]["licensed"], false);
    assert_eq!(body["status"]["scimServer"], "PENDING");
    // Activation of a template is refused, the store left as it was (none made).
    let out = world.on("a", &["activate", "template.lic"]);
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
    assert!(!world.path("store-a").exists());
    // Not even when the binding is not checked: a template is never valid.
    let out = world.on("a", &["verify", "--any-machine", "--json", "template.lic"]);
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["verdict"], "unbound", "{body}");
}

#[test]
fn bind_counts_seats_refuses_past_n_and_rebinds_the_same_device() {
    let world = World::new(2);
    let (a, b, c) = (world.request("a"), world.request("b"), world.request("c"));
    let out = world.bind("bound", &[&a, &b]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(world.bound_files("bound").len(), 2);
    // The third machine: no seat free, named; the ledger unchanged.
    let before = world.ledger();
    let out = world.bind("bound-c", &[&c]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no seat free: 2 of 2 bound"), "{}", text(&out));
    assert_eq!(world.ledger(), before);
    assert!(!world.path("bound-c").exists() || world.bound_files("bound-c").is_empty());
    // The same store asks again (new hardware, same device key): rebound,
    // no new seat taken.
    let again = world.request("a");
    let out = world.bind("bound-a2", &[&again]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("rebound"), "{}", text(&out));
}

#[test]
fn an_operator_identity_needs_the_vendors_consent_and_a_forged_request_is_refused() {
    let world = World::new(5);
    let a = world.request("a");
    let before = world.ledger();
    let out = world.issuer(&["bind", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("--allow-operator-id"), "{}", text(&out));
    assert_eq!(world.ledger(), before);
    // One digit of the request's time changed: its signature fails.
    let request = fs::read_to_string(&a).unwrap();
    let lines: Vec<&str> = request.lines().collect();
    let mut body = STANDARD.decode(lines[1..lines.len() - 1].concat()).unwrap();
    let marker = b"\"requestedAt\":\"";
    let at = body.windows(marker.len()).position(|w| w == marker).unwrap() + marker.len();
    body[at] = if body[at] == b'2' { b'3' } else { b'2' };
    let forged = format!("{}\n{}\n{}\n", lines[0], STANDARD.encode(&body), lines[lines.len() - 1]);
    fs::write(world.path("forged"), forged).unwrap();
    let out = world.bind("bound", &[&world.path("forged")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("signature does not verify"), "{}", text(&out));
    assert_eq!(world.ledger(), before);
}

#[test]
fn a_bound_license_is_in_effect_only_on_its_machine() {
    let world = World::new(2);
    let (a, b) = (world.request("a"), world.request("b"));
    assert!(world.bind("bound", &[&a, &b]).status.success());
    let files = world.bound_files("bound");
    // Each license activates on exactly one of the two machines.
    let mut taken = Vec::new();
    for file in &files {
        let file = file.to_str().unwrap();
        let on_a = world.on("a", &["activate", file]).status.code();
        let on_b = world.on("b", &["activate", file]).status.code();
        taken.push((on_a, on_b));
    }
    taken.sort();
    assert_eq!(taken, [(Some(0), Some(7)), (Some(7), Some(0))]);
    let out = world.on("a", &["status", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // The store copied to a machine whose components differ: refused, and
    // the message names the component that changed.
    let copy = world.path("store-copy");
    let status = Command::new("cp").arg("-a").arg(world.path("store-a")).arg(&copy).status().unwrap();
    assert!(status.success());
    let out = world.on_store("z", "store-copy", &["status"]);
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
    assert!(text(&out).contains("components that no longer match: operator"), "{}", text(&out));
    // A bound license on a machine that never activated it.
    let out = world.on("c", &["verify", files[0].to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
    assert!(text(&out).contains("never activated here"), "{}", text(&out));
    // The fleet audit checks the binding only when asked not to, and says so.
    let all: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let mut args = vec!["verify", "--any-machine"];
    args.extend(&all);
    let out = world.on("a", &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(text(&out).matches("machine binding NOT checked").count(), 2, "{}", text(&out));
}

#[test]
fn a_release_receipt_frees_the_seat_once_and_a_forged_one_frees_nothing() {
    let world = World::new(2);
    let (a, b, c) = (world.request("a"), world.request("b"), world.request("c"));
    assert!(world.bind("bound", &[&a, &b]).status.success());
    for file in world.bound_files("bound") {
        let _ = world.on("a", &["activate", file.to_str().unwrap()]);
    }
    // A receipt signed by the bound device key (read from the store's state
    // file, as whoever can read that file could) but releasing a license the
    // ledger never bound to it: refused, the ledger unchanged.
    let state: Value = serde_json::from_str(&fs::read_to_string(world.path("store-a/state.json")).unwrap()).unwrap();
    let seed: [u8; 32] = STANDARD.decode(state["deviceKey"].as_str().unwrap()).unwrap().try_into().unwrap();
    let device = ed25519_dalek::SigningKey::from_bytes(&seed);
    let license_id = state["active"]["licenseId"].as_str().unwrap().to_owned();
    let wrong = airgap_license::Receipt {
        license_id,
        device_key: device.verifying_key().to_bytes(),
        license_sha256: "00".repeat(32),
        released_at: "2026-11-30T00:00:00Z".parse().unwrap(),
        clock_mark: None,
    }
    .to_text(|m| ed25519_dalek::Signer::sign(&device, m).to_bytes());
    fs::write(world.path("wrong-license"), wrong).unwrap();
    let before = world.ledger();
    let out = world.issuer(&["release", "--ledger", "ledger.jsonl", "wrong-license"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("never bound to the device key"), "{}", text(&out));
    assert_eq!(world.ledger(), before);

    let out = world.on("a", &["deactivate", "--receipt", "receipt-a"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let receipt = fs::read_to_string(world.path("receipt-a")).unwrap();
    assert!(receipt.starts_with("-----BEGIN AIRGAP LICENSE RECEIPT-----"), "{receipt}");
    // The store's device key is gone; the event log holds the receipt's hash.
    let events = world.on("a", &["events"]);
    let last: Value = serde_json::from_str(String::from_utf8_lossy(&events.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(last["event"]["type"], "license.deactivate");
    assert_eq!(last["event"]["receiptSha256"].as_str().unwrap().len(), 64);

    // A forged receipt (altered body): exit 1, the ledger unchanged.
    let lines: Vec<&str> = receipt.lines().collect();
    let mut body = STANDARD.decode(lines[1..lines.len() - 1].concat()).unwrap();
    let at = body.iter().position(|b| *b == b'2').unwrap();
    body[at] = b'3';
    fs::write(world.path("forged"), format!("{}\n{}\n{}\n", lines[0], STANDARD.encode(&body), lines[lines.len() - 1]))
        .unwrap();
    let before = world.ledger();
    let out = world.issuer(&["release", "--ledger", "ledger.jsonl", "forged"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(world.ledger(), before);
    // The genuine one frees the seat; the third machine binds.
    let out = world.issuer(&["release", "--ledger", "ledger.jsonl", "receipt-a"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("released"), "{}", text(&out));
    // Replayed: counted already, frees nothing again.
    let after = world.ledger();
    let out = world.issuer(&["release", "--ledger", "ledger.jsonl", "receipt-a"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("already counted"), "{}", text(&out));
    assert_eq!(world.ledger(), after);
    let out = world.bind("bound-c", &[&c]);
    assert!(out.status.success(), "{}", text(&out));
    // And a fourth cannot: the seat the receipt freed is taken again.
    let d = world.request("d");
    assert_eq!(world.bind("bound-d", &[&d]).status.code(), Some(1));
}

/// A store backed up before `deactivate` still held the released seat, and
/// the seed could sign receipts for it. Now: the next revocation list (a
/// `revoke` with no ids) names the released bound license by its digest; a
/// store restored from the backup drops it on import, the template's other
/// seats keep working, and the same device bound again (a new document) is
/// not caught. A receipt re-wrapped frees nothing again.
#[test]
fn a_released_seat_is_named_by_the_next_list_and_a_rewrapped_receipt_frees_nothing() {
    let world = World::new(2);
    let (a, b) = (world.request("a"), world.request("b"));
    assert!(world.bind("bound-a", &[&a]).status.success());
    assert!(world.bind("bound-b", &[&b]).status.success());
    let (bound_a, bound_b) = (world.bound_files("bound-a").remove(0), world.bound_files("bound-b").remove(0));
    assert_eq!(world.on("a", &["activate", bound_a.to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(world.on("b", &["activate", bound_b.to_str().unwrap()]).status.code(), Some(0));
    let copy = |from: &str, to: &str| {
        let status = Command::new("cp").arg("-a").arg(world.path(from)).arg(world.path(to)).status().unwrap();
        assert!(status.success());
    };
    copy("store-a", "backup-a");
    assert_eq!(world.on("a", &["deactivate", "--receipt", "receipt-a"]).status.code(), Some(0));
    let out = world.issuer(&["release", "--ledger", "ledger.jsonl", "receipt-a"]);
    assert!(text(&out).contains("released"), "{}", text(&out));
    // The backup restored: still in effect until a list reaches it.
    fs::remove_dir_all(world.path("store-a")).unwrap();
    copy("backup-a", "store-a");
    assert_eq!(world.on("a", &["status"]).status.code(), Some(0));
    // `revoke` with no ids: the next list, naming the released binding.
    let out = world.issuer(&["revoke", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", "--out", "list-1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("1 released bindings revoked"), "{}", text(&out));
    let out = world.on("a", &["verify", "--any-machine", "--revocations", "list-1", bound_a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("seat was released"), "{}", text(&out));
    let out = world.on("a", &["revocations", "list-1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_ne!(world.on("a", &["status"]).status.code(), Some(0), "the restored copy still runs");
    // The other seat keeps working with the same list.
    assert_eq!(world.on("b", &["revocations", "list-1"]).status.code(), Some(0));
    assert_eq!(world.on("b", &["status"]).status.code(), Some(0));
    // The same device key bound again: a new document (the next sequence),
    // which the list does not name.
    let again = world.request("a");
    assert!(world.bind("bound-a2", &[&again]).status.success());
    let rebound = world.bound_files("bound-a2").remove(0);
    assert_ne!(fs::read(&rebound).unwrap(), fs::read(&bound_a).unwrap());
    let out = world.on("a", &["activate", rebound.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // The first receipt again, with a line added before it: already
    // counted, nothing freed: the seat of the new binding stays held.
    let receipt = fs::read_to_string(world.path("receipt-a")).unwrap();
    fs::write(
        world.path("rewrapped"),
        format!(
            "Released, as agreed:

{receipt}"
        ),
    )
    .unwrap();
    let before = world.ledger();
    let out = world.issuer(&["release", "--ledger", "ledger.jsonl", "rewrapped"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("already counted"), "{}", text(&out));
    assert_eq!(world.ledger(), before);
    let c = world.request("c");
    let out = world.bind("bound-c", &[&c]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no seat free: 2 of 2"), "{}", text(&out));
}

/// A receipt that could not be printed (standard output a full disk) is
/// not lost: `receipt` prints it again. `receipt` and `events` of a folder
/// with no store exit 2 naming it.
#[test]
fn a_receipt_lost_on_a_full_disk_is_printed_again() {
    let world = World::new(1);
    let a = world.request("a");
    assert!(world.bind("bound", &[&a]).status.success());
    let bound = world.bound_files("bound").remove(0);
    assert_eq!(world.on("a", &["activate", bound.to_str().unwrap()]).status.code(), Some(0));
    let out = world.on("a", &["receipt"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no release receipt"), "{}", text(&out));
    let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = Command::new(VALIDATOR)
        .current_dir(world.vendor.dir.path())
        .env("AIRGAP_LICENSE_MACHINE_ID", "node-a")
        .env("AIRGAP_LICENSE_STORE", world.path("store-a"))
        .arg("deactivate")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = world.on("a", &["receipt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let receipt = airgap_license::Receipt::from_text(&out.stdout).unwrap();
    assert_eq!(receipt.license_sha256, airgap_license::license_digest(fs::read(&bound).unwrap()).unwrap());
    fs::write(world.path("receipt-again"), &world.on("a", &["receipt"]).stdout).unwrap();
    let out = world.issuer(&["release", "--ledger", "ledger.jsonl", "receipt-again"]);
    assert!(text(&out).contains("released"), "{}", text(&out));
    for command in ["receipt", "events"] {
        let out = world.on_store("a", "no-such-store", &[command]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(text(&out).contains("there is no store in") && text(&out).contains("no-such-store"), "{}", text(&out));
    }
}

/// `bind --valid-days N`: a machine file with a lifetime, ending N days from
/// today (or with the template, if sooner).
#[test]
fn bind_valid_days_gives_the_bound_license_a_lifetime() {
    let world = World::new(2);
    let a = world.request("a");
    let mut args = vec!["bind", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", "--allow-operator-id"];
    args.extend(["--valid-days", "30", "--out", "bound", a.to_str().unwrap()]);
    let out = world.issuer(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let bound = world.bound_files("bound").remove(0);
    let out = world.on("a", &["verify", "--json", "--any-machine", bound.to_str().unwrap()]);
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected =
        (airgap_license::chrono::Utc::now().date_naive() + airgap_license::chrono::Days::new(30)).to_string();
    assert_eq!(body["expiration"], expected.as_str(), "{body}");
    let out =
        world.issuer(&["bind", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", "--valid-days", "0", "x"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

/// A licenseId that the ledger's revocation list names is not bound or
/// renewed again; the refusal names the list.
#[test]
fn a_revoked_license_is_not_bound_or_renewed() {
    let world = World::new(2);
    let a = world.request("a");
    let id = airgap_license::Request::from_text(&fs::read(&a).unwrap()).unwrap().license_id;
    let out =
        world.issuer(&["revoke", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", "--out", "list-1", &id]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let before = world.ledger();
    let out = world.bind("bound", &[&a]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("revocation list 1 of"), "{}", text(&out));
    let out = world.issuer(&[
        "renew",
        "--key",
        "keys/vendor-1.key",
        "--ledger",
        "ledger.jsonl",
        "--until",
        "2100-12-31",
        "template.lic",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("revocation list 1 of"), "{}", text(&out));
    assert_eq!(world.ledger(), before);
}

/// Every new document of a licenseId the ledger knows takes the next
/// sequence: the same document signed twice is two orders, never one.
#[test]
fn every_new_document_of_a_license_id_takes_the_next_sequence() {
    let world = World::new(2);
    let again = world.issuer(&["sign", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", "template.json"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    let (a, b) = (world.request("a"), world.request("b"));
    assert!(world.bind("bound", &[&a, &b]).status.success());
    let mut sequences: Vec<u64> = Vec::new();
    for file in world.bound_files("bound").iter().map(|p| fs::read(p).unwrap()).chain([again.stdout.clone()]) {
        let payload = airgap_license::dangerous::decode_unverified(&file).unwrap();
        let doc: Value = serde_json::from_slice(payload.payload()).unwrap();
        sequences.push(doc["sequence"].as_u64().unwrap_or(0));
    }
    sequences.sort_unstable();
    assert_eq!(sequences, [1, 2, 3]);
}

/// A request signed by a key of the test's own, for the template, with
/// these components (any values: only their names count here).
fn crafted_request(world: &World, names: &[&str], file: &str) -> PathBuf {
    let genuine = world.request("crafter");
    let license_id = airgap_license::Request::from_text(&fs::read(genuine).unwrap()).unwrap().license_id;
    let key = ed25519_dalek::SigningKey::from_bytes(&[42; 32]);
    let request = airgap_license::Request {
        components: names.iter().map(|n| ((*n).to_owned(), airgap_license::component_hash(&license_id, n))).collect(),
        license_id,
        device_key: key.verifying_key().to_bytes(),
        label: "crafted".to_owned(),
        requested_at: "2026-12-01T00:00:00Z".parse().unwrap(),
    };
    let path = world.path(file);
    fs::write(&path, request.to_text(|m| ed25519_dalek::Signer::sign(&key, m).to_bytes())).unwrap();
    path
}

/// The requester does not decide what counts as hardware: a request named
/// `machineId` alone, or with `hostName`, is an operator identity.
#[test]
fn a_request_without_a_hardware_component_needs_the_operator_flag() {
    let world = World::new(5);
    for (names, file) in [(&["machineId"][..], "only-id"), (&["machineId", "hostName"][..], "id-and-host")] {
        let path = crafted_request(&world, names, file);
        let before = world.ledger();
        let out =
            world.issuer(&["bind", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(
            text(&out).contains("operator identity") && text(&out).contains("--allow-operator-id"),
            "{}",
            text(&out)
        );
        assert_eq!(world.ledger(), before);
    }
    let path = crafted_request(&world, &["machineId", "hostName", "mac.eth0"], "hardware");
    let out = world.issuer(&["bind", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// A bound store copied to another machine that replays the host name and
/// the machine id (an unprivileged user can set both in namespaces of their
/// own: `unshare -r -u -m -n`) but has none of the original's NICs: 2 of 3
/// components match, none of them hardware-backed: exit 7.
#[test]
fn a_copy_that_replays_the_host_name_and_the_machine_id_is_refused() {
    let world = World::new(2);
    let hardware = |args: &[&str]| {
        Command::new(VALIDATOR)
            .current_dir(world.vendor.dir.path())
            .env_remove("AIRGAP_LICENSE_MACHINE_ID")
            .env_remove("AIRGAP_LICENSE_STORE")
            .args(args)
            .output()
            .unwrap()
    };
    let out = hardware(&["request", "--keys", "public", "--store", "store-hw", "template.lic"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let request = airgap_license::Request::from_text(&out.stdout).unwrap();
    assert!(
        request.hardware_backed(),
        "this machine shows no hardware-backed component (no readable productUuid, no physical NIC): components {:?}",
        request.components.keys().collect::<Vec<_>>()
    );
    fs::write(world.path("req-hw"), &out.stdout).unwrap();
    // Hardware: granted without --allow-operator-id.
    let out = world.issuer(&[
        "bind",
        "--key",
        "keys/vendor-1.key",
        "--ledger",
        "ledger.jsonl",
        "--out",
        "bound-hw",
        "req-hw",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let bound = world.bound_files("bound-hw").remove(0);
    let out = hardware(&["activate", "--keys", "public", "--store", "store-hw", bound.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let status = Command::new("cp").arg("-a").arg(world.path("store-hw")).arg(world.path("store-copy")).status();
    assert!(status.unwrap().success());
    let host = fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let script = r#"set -e
mount -t sysfs sysfs /sys
hostname "$1"
cp /etc/machine-id "$2/machine-id"
mount --bind "$2/machine-id" /etc/machine-id
# Another machine's firmware, where this one has a readable product UUID.
if [ -r /sys/class/dmi/id/product_uuid ]; then
  echo 00000000-0000-4000-8000-000000000000 > "$2/uuid"
  mount --bind "$2/uuid" /sys/class/dmi/id/product_uuid
fi
exec "$3" status --keys "$2/public" --store "$2/store-copy""#;
    let out = Command::new("unshare")
        .args(["-r", "-u", "-m", "-n", "sh", "-c", script, "sh", host.trim()])
        .arg(world.vendor.dir.path())
        .arg(VALIDATOR)
        .env_remove("AIRGAP_LICENSE_MACHINE_ID")
        .env_remove("AIRGAP_LICENSE_STORE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
    assert!(text(&out).contains("at least one hardware-backed component, but none matches (mac."), "{}", text(&out));
    // The original machine still runs it.
    let out = hardware(&["status", "--keys", "public", "--store", "store-hw"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn the_request_fits_in_1_kib_and_its_qr_code_reads_back() {
    let world = World::new(1);
    let out = world.on("a", &["request", "--qr", "--out", "req", "template.lic"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let request = fs::read_to_string(world.path("req")).unwrap();
    assert!(request.len() <= 1024, "{} bytes", request.len());
    // The hardware's components (the most a request carries here) too.
    let hardware = Command::new(VALIDATOR)
        .current_dir(world.vendor.dir.path())
        .env_remove("AIRGAP_LICENSE_MACHINE_ID")
        .args(["request", "--keys", "public", "--store", "store-hw", "template.lic"])
        .output()
        .unwrap();
    assert_eq!(hardware.status.code(), Some(0), "{}", text(&hardware));
    assert!(hardware.stdout.len() <= 1024, "{} bytes", hardware.stdout.len());
    // `--qr > FILE`: the file holds the request alone; the QR code goes to
    // the terminal, here standard error (standard output is not one).
    let piped = world.on("b", &["request", "--qr", "template.lic"]);
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped));
    assert!(airgap_license::Request::from_text(&piped.stdout).is_ok());
    assert!(!String::from_utf8_lossy(&piped.stdout).contains('\u{2580}'), "QR art in the file");
    assert!(String::from_utf8_lossy(&piped.stderr).contains('\u{2580}'), "no QR art on standard error");
    // The QR code: half blocks, two modules a cell.
    let drawn = String::from_utf8(out.stderr).unwrap();
    let rows: Vec<Vec<char>> =
        drawn.lines().filter(|l| !l.is_empty() && !l.starts_with("warning:")).map(|l| l.chars().collect()).collect();
    let width = rows[0].len();
    // Drawn light on dark, for a dark terminal: a dark module is a blank
    // half cell, a light one a half block.
    let module = |x: usize, y: usize| -> bool {
        let cell = rows[y / 2][x];
        let (top, bottom) = match cell {
            ' ' => (true, true),
            '▀' => (false, true),
            '▄' => (true, false),
            _ => (false, false),
        };
        if y.is_multiple_of(2) { top } else { bottom }
    };
    let height = rows.len() * 2;
    let size = width.min(height);
    let mut prepared = rqrr::PreparedImage::prepare_from_bitmap(size * 4, size * 4, |x, y| module(x / 4, y / 4));
    let decoded = prepared
        .detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok())
        .map(|(_, content)| content)
        .expect("the QR code decodes");
    assert_eq!(decoded, request);
}
