//! The store's rules, through its API with a clock the test sets: what is
//! stored and what is refused (the state file left byte for byte as it was),
//! no going back, the clock high-water mark, the event log, corruption.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::fs;
use std::time::Duration;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::issuer::{Issuer, generate_key};
use airgap_license::{ErrorKind, FeatureStatus, KeyStore, Policy, TrustedKey, Validator, Verdict};
use airgap_license_store::{Clock, Store, StoreError, read_events};
use serde_json::{Value, json};

const A: &str = "11111111-1111-4111-8111-111111111111";
const B: &str = "22222222-2222-4222-8222-222222222222";
const C: &str = "33333333-3333-4333-8333-333333333333";

struct Fixture {
    issuer: Issuer,
    validator: Validator,
    _dir: tempfile::TempDir,
    store: Store,
}

fn fixture() -> Fixture {
    let key = generate_key().unwrap();
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new("test", key.verifying_key()).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("store")).with_wait(Duration::from_millis(200));
    Fixture {
        issuer: Issuer::new("test", key).unwrap(),
        validator: Validator::with_keys(keys).unwrap(),
        _dir: dir,
        store,
    }
}

impl Fixture {
    /// A license: `id`, issued on `issued`, in effect from `not_before` to `expiration`.
    fn license(&self, id: &str, issued: &str, not_before: &str, expiration: &str, supersedes: &[&str]) -> Vec<u8> {
        let mut doc = json!({
            "licenseId": id, "issuedTo": "Acme", "issued": issued, "notBefore": not_before,
            "expiration": expiration, "licenseAttributes": {"LicensedPlan": "Enterprise", "LicenseType": "Production"},
        });
        if !supersedes.is_empty() {
            doc["supersedes"] = json!(supersedes);
        }
        self.issuer.sign(doc.to_string().as_bytes()).unwrap().into_bytes()
    }

    fn plain(&self, id: &str, issued: &str) -> Vec<u8> {
        self.license(id, issued, issued, "2030-12-31", &[])
    }

    fn activate(&self, text: &[u8], now: &str) -> Verdict {
        self.store.activate(&self.validator, text, None, Clock::system(at(now))).unwrap().judgement.verdict()
    }

    fn regenerate(&self, text: &[u8], now: &str) -> (Verdict, Option<String>) {
        let outcome = self.store.regenerate(&self.validator, text, Clock::system(at(now))).unwrap();
        (outcome.judgement.verdict(), outcome.judgement.error().map(airgap_license::Error::code))
    }

    fn state(&self) -> String {
        fs::read_to_string(self.store.dir().join("state.json")).unwrap()
    }

    fn events(&self) -> Vec<Value> {
        read_events(self.store.dir()).unwrap()
    }

    fn types(&self) -> Vec<String> {
        self.events().iter().map(|e| e["event"]["type"].as_str().unwrap().to_owned()).collect()
    }
}

fn at(text: &str) -> DateTime<Utc> {
    let text = if text.len() == 10 { format!("{text}T00:00:00Z") } else { text.to_owned() };
    DateTime::parse_from_rfc3339(&text).unwrap().with_timezone(&Utc)
}

#[test]
fn activation_stores_what_is_in_effect_or_pending_and_refuses_the_rest() {
    let f = fixture();
    assert_eq!(f.activate(&f.plain(A, "2026-01-01"), "2026-06-01"), Verdict::Valid);
    let status = f.store.status(&f.validator, Clock::system(at("2026-06-01T01:00:00Z"))).unwrap();
    assert_eq!(status.judgement.verdict(), Verdict::Valid);
    assert_eq!(status.judgement.license().unwrap().license_id(), A);
    assert_eq!(status.status.feature("scimServer"), Some(FeatureStatus::Active));
    let stored = f.state();

    // Each refusal leaves the state file exactly as it was, and is logged.
    let expired = f.license(B, "2025-01-01", "2025-01-01", "2025-12-31", &[]);
    assert_eq!(f.activate(&expired, "2026-06-01"), Verdict::Expired);
    assert_eq!(f.activate(b"not a license", "2026-06-01"), Verdict::Rejected);
    let mismatch = f.store.activate(&f.validator, &f.plain(B, "2026-01-01"), Some(C), Clock::system(at("2026-06-01")));
    assert_eq!(mismatch.unwrap().judgement.error().unwrap().code(), "[mismatch]licenseId");
    let far_future = f.license(B, "2027-01-01", "2027-01-01", "2030-12-31", &[]);
    assert_eq!(f.activate(&far_future, "2026-06-01"), Verdict::ClockUntrusted);
    assert_eq!(f.state(), stored, "a refusal changed the state file");
    let refusals: Vec<String> = f
        .events()
        .iter()
        .filter(|e| e["event"]["type"] == "license.refuse")
        .map(|e| e["event"]["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(refusals, ["[expired]license", "[invalid]license", "[mismatch]licenseId", "[untrustedClock]license"]);

    // Not yet in effect: stored, verdict 4.
    let pending = f.license(C, "2026-05-01", "2026-09-01", "2030-12-31", &[]);
    assert_eq!(f.activate(&pending, "2026-06-01"), Verdict::NotYetInEffect);
    let status = f.store.status(&f.validator, Clock::system(at("2026-06-02"))).unwrap();
    assert_eq!(status.judgement.license().unwrap().license_id(), C);
    assert_eq!(status.status.feature("scimServer"), Some(FeatureStatus::Pending));
}

#[test]
fn no_going_back_to_an_older_copy_or_a_superseded_license() {
    let f = fixture();
    assert_eq!(f.activate(&f.plain(A, "2026-03-01"), "2026-06-01"), Verdict::Valid);
    // An older copy of the same licenseId.
    let before = f.state();
    let older = f.store.activate(&f.validator, &f.plain(A, "2026-01-01"), None, Clock::system(at("2026-06-01")));
    assert_eq!(older.unwrap().judgement.error().unwrap().code(), "[older]issued");
    assert_eq!(f.state(), before);
    // The same copy again is fine (idempotent).
    assert_eq!(f.activate(&f.plain(A, "2026-03-01"), "2026-06-01"), Verdict::Valid);

    // Regenerate: B supersedes A.
    assert_eq!(
        f.regenerate(&f.license(B, "2026-04-01", "2026-04-01", "2031-12-31", &[A]), "2026-06-02").0,
        Verdict::Valid
    );
    // A is superseded now, through activate as through regenerate.
    let before = f.state();
    let again = f.store.activate(&f.validator, &f.plain(A, "2026-05-01"), None, Clock::system(at("2026-06-03")));
    assert_eq!(again.unwrap().judgement.error().unwrap().code(), "[superseded]licenseId");
    assert_eq!(f.regenerate(&f.plain(A, "2026-05-01"), "2026-06-03").1.as_deref(), Some("[superseded]licenseId"));
    // C is no successor of B.
    assert_eq!(f.regenerate(&f.plain(C, "2026-05-01"), "2026-06-03").1.as_deref(), Some("[notSuccessor]licenseId"));
    // B itself again is no successor either (same licenseId, same issued).
    let b_again = f.license(B, "2026-04-01", "2026-04-01", "2031-12-31", &[A]);
    assert_eq!(f.regenerate(&b_again, "2026-06-03").1.as_deref(), Some("[notSuccessor]licenseId"));
    assert_eq!(f.state(), before);
    // A renewal: the same licenseId issued later, is a successor.
    assert_eq!(
        f.regenerate(&f.license(B, "2026-06-01", "2026-06-01", "2032-12-31", &[]), "2026-06-03").0,
        Verdict::Valid
    );
    let types = f.types();
    assert_eq!(types.iter().filter(|t| *t == "license.regenerate").count(), 2);
}

#[test]
fn regenerate_needs_an_active_license() {
    let f = fixture();
    assert_eq!(f.regenerate(&f.plain(A, "2026-01-01"), "2026-06-01").1.as_deref(), Some("[missing]license"));
    assert!(!f.store.dir().join("state.json").exists(), "nothing was stored");
}

#[test]
fn the_clock_high_water_mark_catches_a_clock_wound_back() {
    let f = fixture();
    assert_eq!(f.activate(&f.plain(A, "2026-01-01"), "2026-06-10"), Verdict::Valid);
    // 23 hours back: within the tolerance.
    let ok = f.store.status(&f.validator, Clock::system(at("2026-06-09T01:00:00Z"))).unwrap();
    assert_eq!(ok.judgement.verdict(), Verdict::Valid);
    // Two days back: untrusted, every feature UNKNOWN, licensed, once logged.
    for _ in 0..2 {
        let back = f.store.status(&f.validator, Clock::system(at("2026-06-08"))).unwrap();
        assert_eq!(back.judgement.verdict(), Verdict::ClockUntrusted);
        assert_eq!(back.judgement.error().unwrap().code(), "[untrustedClock]license");
        assert!(back.status.licensed());
        assert!(back.status.features().all(|(_, s)| s == FeatureStatus::Unknown));
    }
    assert_eq!(f.types().iter().filter(|t| *t == "license.clock.untrusted").count(), 1);
    // --at is judged against the mark like the system clock, and never moves it.
    let clock = Clock { system: at("2026-06-10T02:00:00Z"), at: Some(at("2026-06-01")) };
    assert_eq!(f.store.status(&f.validator, clock).unwrap().judgement.verdict(), Verdict::ClockUntrusted);
    // The clock back: the episode ends; a later episode is logged again.
    assert_eq!(
        f.store.status(&f.validator, Clock::system(at("2026-06-10T03:00:00Z"))).unwrap().judgement.verdict(),
        Verdict::Valid
    );
    f.store.status(&f.validator, Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(f.types().iter().filter(|t| *t == "license.clock.untrusted").count(), 2);
    // Deactivating does not forget the mark.
    f.store.deactivate(Policy::default(), Clock::system(at("2026-06-10T04:00:00Z"))).unwrap();
    assert_eq!(f.activate(&f.plain(B, "2026-01-01"), "2026-06-01"), Verdict::ClockUntrusted);
}

#[test]
fn the_mark_is_written_only_when_it_moves_meaningfully() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-10");
    let after_activation = f.state();
    // Ten minutes later: nothing to write.
    f.store.status(&f.validator, Clock::system(at("2026-06-10T00:10:00Z"))).unwrap();
    assert_eq!(f.state(), after_activation);
    // Two hours later: the mark moves.
    f.store.status(&f.validator, Clock::system(at("2026-06-10T02:00:00Z"))).unwrap();
    let state: Value = serde_json::from_str(&f.state()).unwrap();
    assert_eq!(state["clockMark"], at("2026-06-10T02:00:00Z").timestamp());
    // An --at instant never moves it.
    let clock = Clock { system: at("2026-06-10T02:30:00Z"), at: Some(at("2027-01-01")) };
    f.store.status(&f.validator, clock).unwrap();
    let state: Value = serde_json::from_str(&f.state()).unwrap();
    assert_eq!(state["clockMark"], at("2026-06-10T02:00:00Z").timestamp());
}

#[test]
fn expiry_is_logged_once() {
    let f = fixture();
    f.activate(&f.license(A, "2026-01-01", "2026-01-01", "2026-06-30", &[]), "2026-06-01");
    for day in ["2026-07-02", "2026-07-03"] {
        let outcome = f.store.status(&f.validator, Clock::system(at(day))).unwrap();
        assert_eq!(outcome.judgement.verdict(), Verdict::Expired);
        assert!(!outcome.status.licensed());
    }
    let expiries: Vec<Value> = f.events().into_iter().filter(|e| e["event"]["type"] == "license.expire").collect();
    assert_eq!(expiries.len(), 1);
    assert_eq!(expiries[0]["event"]["licenseId"], A);
    assert_eq!(expiries[0]["event"]["expiration"], "2026-06-30");
}

#[test]
fn deactivate_removes_and_says_when_nothing_was_active() {
    let f = fixture();
    let none = f.store.deactivate(Policy::default(), Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(none.removed, None);
    assert!(!f.store.dir().exists(), "deactivate does not create a store");
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    let done = f.store.deactivate(Policy::default(), Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(done.removed.as_deref(), Some(A));
    let status = f.store.status(&f.validator, Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(status.judgement.error().unwrap().code(), "[missing]license");
    assert!(!status.status.licensed());
    assert!(status.status.features().all(|(_, s)| s == FeatureStatus::Disabled));
    // What the store has seen stays: no older copy afterwards.
    let older = f.store.activate(&f.validator, &f.plain(A, "2025-12-01"), None, Clock::system(at("2026-06-01")));
    assert_eq!(older.unwrap().judgement.error().unwrap().code(), "[older]issued");
    assert_eq!(f.types(), ["license.activate", "license.deactivate", "license.refuse"]);
    // Every event has the webhook shape.
    for event in f.events() {
        let event = &event["event"];
        assert_eq!(event["id"].as_str().unwrap().len(), 36);
        assert!(event["createInstant"].as_i64().unwrap() > 1_700_000_000_000);
    }
}

#[test]
fn the_store_is_not_trusted_its_license_is_verified_again() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    // Someone edits the stored license (a longer expiration, say).
    let mut state: Value = serde_json::from_str(&f.state()).unwrap();
    use base64::Engine as _;
    let forged = f.plain(A, "2026-01-01");
    let mut forged = String::from_utf8(forged).unwrap();
    forged.replace_range(10..11, if &forged[10..11] == "A" { "B" } else { "A" });
    state["active"]["licenseBase64"] = json!(base64::engine::general_purpose::STANDARD.encode(forged));
    fs::write(f.store.dir().join("state.json"), state.to_string()).unwrap();
    let outcome = f.store.status(&f.validator, Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(outcome.judgement.verdict(), Verdict::Rejected);
    assert!(!outcome.status.licensed());
    // And with other trusted keys, the stored license no longer counts.
    let other = Validator::with_keys(
        KeyStore::from_pem(
            "test",
            &airgap_license::issuer::public_key_pem("x", &generate_key().unwrap().verifying_key()).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    let outcome = f.store.status(&other, Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(outcome.judgement.error().unwrap().kind(), ErrorKind::Rejected);
}

fn corrupt_with(f: &Fixture, bytes: &[u8]) -> StoreError {
    fs::write(f.store.dir().join("state.json"), bytes).unwrap();
    let status = f.store.status(&f.validator, Clock::system(at("2026-06-01"))).unwrap_err();
    let activate = f.store.activate(&f.validator, &f.plain(B, "2026-01-01"), None, Clock::system(at("2026-06-01")));
    assert_eq!(activate.unwrap_err(), status);
    let deactivate = f.store.deactivate(Policy::default(), Clock::system(at("2026-06-01")));
    assert_eq!(deactivate.unwrap_err(), status);
    // Never silently reset.
    assert_eq!(fs::read(f.store.dir().join("state.json")).unwrap(), bytes);
    status
}

#[test]
fn a_corrupt_or_newer_store_is_reported_and_never_reset() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    let good = f.state();
    assert!(matches!(corrupt_with(&f, b"{\"format\": \"airgap-license-st"), StoreError::Corrupt { .. }));
    assert!(matches!(corrupt_with(&f, b""), StoreError::Corrupt { .. }));
    assert!(matches!(corrupt_with(&f, b"[]"), StoreError::Corrupt { .. }));
    let mut newer: Value = serde_json::from_str(&good).unwrap();
    newer["version"] = json!(2);
    let error = corrupt_with(&f, newer.to_string().as_bytes());
    assert!(matches!(error, StoreError::NewerVersion { version: 2, .. }), "{error}");
    assert!(error.to_string().contains("newer version"));
    let mut unknown: Value = serde_json::from_str(&good).unwrap();
    unknown["extra"] = json!(1);
    assert!(matches!(corrupt_with(&f, unknown.to_string().as_bytes()), StoreError::Corrupt { .. }));
    let mut bad_date: Value = serde_json::from_str(&good).unwrap();
    bad_date["seen"][A] = json!("2026-13-01");
    assert!(matches!(corrupt_with(&f, bad_date.to_string().as_bytes()), StoreError::Corrupt { .. }));
    // Unreadable: the state file is a folder.
    fs::remove_file(f.store.dir().join("state.json")).unwrap();
    fs::create_dir(f.store.dir().join("state.json")).unwrap();
    assert!(matches!(f.store.status(&f.validator, Clock::system(at("2026-06-01"))), Err(StoreError::Io { .. })));
    // The store's path is a file.
    let file_store = Store::new(f.store.dir().join("events.jsonl"));
    assert!(matches!(
        file_store.status(&f.validator, Clock::system(at("2026-06-01"))),
        Err(StoreError::NotAFolder { .. })
    ));
}

#[test]
fn a_torn_event_line_is_skipped_and_later_events_are_whole() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    let log = f.store.dir().join("events.jsonl");
    let mut text = fs::read(&log).unwrap();
    text.extend_from_slice(b"{\"event\": {\"id\": \"torn");
    fs::write(&log, text).unwrap();
    f.store.deactivate(Policy::default(), Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(f.types(), ["license.activate", "license.deactivate"]);
    let text = fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn a_held_lock_makes_the_store_busy_after_a_bounded_wait() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    let holder = fs::OpenOptions::new().write(true).open(f.store.dir().join("lock")).unwrap();
    holder.lock().unwrap();
    let started = std::time::Instant::now();
    let busy = f.store.status(&f.validator, Clock::system(at("2026-06-01")));
    assert!(matches!(busy, Err(StoreError::Busy { .. })), "{busy:?}");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(busy.unwrap_err().to_string().contains("busy"));
    holder.unlock().unwrap();
    assert!(f.store.status(&f.validator, Clock::system(at("2026-06-01"))).is_ok());
}

#[test]
fn leftover_temporary_files_of_a_crash_are_cleared() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    let leftover = f.store.dir().join(".tmp-state.json-12345");
    fs::write(&leftover, "half a state").unwrap();
    f.store.status(&f.validator, Clock::system(at("2026-06-01"))).unwrap();
    assert!(!leftover.exists());
}
