//! The store's rules, through its API with a clock the test sets: what is
//! stored and what is refused (the state file left byte for byte as it was),
//! no going back, the clock high-water mark, the event log, corruption.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::fs;
use std::time::Duration;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::issuer::{Issuer, generate_key};
use airgap_license::{FeatureStatus, KeyStore, Policy, TrustedKey, Validator, Verdict};
use airgap_license_store::{Clock, Store, StoreError};
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
        (outcome.judgement.verdict(), outcome.judgement.code())
    }

    fn state(&self) -> String {
        fs::read_to_string(self.store.dir().join("state.json")).unwrap()
    }

    fn events(&self) -> Vec<Value> {
        self.store.events().unwrap().map(Result::unwrap).collect()
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
    assert_eq!(mismatch.unwrap().judgement.code().unwrap(), "[mismatch]licenseId");
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
    assert_eq!(older.unwrap().judgement.code().unwrap(), "[older]issued");
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
    assert_eq!(again.unwrap().judgement.code().unwrap(), "[superseded]licenseId");
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
    // No store at all: said as such.
    let outcome = f.store.regenerate(&f.validator, &f.plain(A, "2026-01-01"), Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(outcome.judgement.code().as_deref(), Some("[missing]store"));
    assert!(outcome.judgement.problem().unwrap().message().starts_with("there is no store in "));
    assert!(!f.store.dir().join("state.json").exists(), "nothing was stored");
    // A store with no license active: said as such too.
    assert_eq!(f.activate(&f.plain(B, "2026-01-01"), "2026-06-01"), Verdict::Valid);
    f.store.deactivate(Policy::default(), Clock::system(at("2026-06-01T01:00:00Z"))).unwrap();
    assert_eq!(f.regenerate(&f.plain(A, "2026-01-01"), "2026-06-02").1.as_deref(), Some("[missing]license"));
    let status = f.status_at("2026-06-02T01:00:00Z");
    assert_eq!(status.judgement.code().as_deref(), Some("[missing]license"));
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
        assert_eq!(back.judgement.code().unwrap(), "[untrustedClock]license");
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
    assert_eq!(status.judgement.code().unwrap(), "[missing]license");
    assert!(!status.status.licensed());
    assert!(status.status.features().all(|(_, s)| s == FeatureStatus::Disabled));
    // What the store has seen stays: no older copy afterwards.
    let older = f.store.activate(&f.validator, &f.plain(A, "2025-12-01"), None, Clock::system(at("2026-06-01")));
    assert_eq!(older.unwrap().judgement.code().unwrap(), "[older]issued");
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
    assert_eq!(outcome.judgement.error().unwrap().verdict(), Verdict::Rejected);
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
    // Unreadable: the state file is a folder (told by its opened descriptor).
    fs::remove_file(f.store.dir().join("state.json")).unwrap();
    fs::create_dir(f.store.dir().join("state.json")).unwrap();
    assert!(matches!(f.store.status(&f.validator, Clock::system(at("2026-06-01"))), Err(StoreError::NotAFile { .. })));
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

#[cfg(unix)]
mod hostile_folder {
    //! Links, FIFOs and loose permissions planted in a store (issue 15).
    use std::os::unix::fs::{PermissionsExt as _, symlink};

    use super::*;

    /// A file outside the store that a planted link points to.
    fn victim(f: &Fixture) -> std::path::PathBuf {
        let path = f.store.dir().parent().unwrap().join("victim");
        fs::write(&path, "precious").unwrap();
        path
    }

    #[test]
    fn a_link_planted_at_any_store_file_is_refused_and_its_target_untouched() {
        for name in ["state.json", "events.jsonl", "lock"] {
            let f = fixture();
            f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
            let victim = victim(&f);
            let link = f.store.dir().join(name);
            fs::remove_file(&link).unwrap();
            symlink(&victim, &link).unwrap();
            let status = f.store.status(&f.validator, Clock::system(at("2026-06-02")));
            let activate =
                f.store.activate(&f.validator, &f.plain(B, "2026-01-01"), None, Clock::system(at("2026-06-02")));
            let deactivate = f.store.deactivate(Policy::default(), Clock::system(at("2026-06-02")));
            if name == "events.jsonl" {
                // The log is written last and is never part of a verdict: the
                // command succeeds and warns that the event was not logged.
                let outcome = activate.unwrap();
                assert!(outcome.warnings[0].contains("symbolic link"), "{:?}", outcome.warnings);
                assert!(matches!(f.store.events().unwrap_err(), StoreError::Link { .. }));
                status.unwrap();
                deactivate.unwrap();
            } else {
                for error in [status.unwrap_err(), activate.unwrap_err(), deactivate.unwrap_err()] {
                    assert!(matches!(&error, StoreError::Link { path } if path.ends_with(name)), "{name}: {error}");
                    assert!(error.to_string().contains("symbolic link"), "{error}");
                }
            }
            assert_eq!(fs::read_to_string(&victim).unwrap(), "precious", "{name}");
            assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "{name}");
        }
    }

    #[test]
    fn a_dangling_link_never_creates_its_target() {
        for name in ["state.json", "events.jsonl", "lock"] {
            let f = fixture();
            f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
            let target = f.store.dir().parent().unwrap().join("planted");
            let link = f.store.dir().join(name);
            fs::remove_file(&link).unwrap();
            symlink(&target, &link).unwrap();
            let _ = f.store.activate(&f.validator, &f.plain(B, "2026-01-01"), None, Clock::system(at("2026-06-02")));
            let _ = f.store.clock_reset(at("2026-06-02"));
            assert!(!target.exists(), "{name}: the link was followed");
        }
    }

    #[test]
    fn a_link_at_a_temporary_name_is_removed_not_followed() {
        let f = fixture();
        f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
        let victim = victim(&f);
        // 0.2.0 wrote `.tmp-state.json-<pid>`: a name anyone could plant.
        let planted = f.store.dir().join(format!(".tmp-state.json-{}", std::process::id()));
        symlink(&victim, &planted).unwrap();
        f.activate(&f.plain(B, "2026-01-02"), "2026-06-02");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert!(fs::symlink_metadata(&planted).is_err(), "the leftover link is cleared");
        assert!(f.state().contains(B));
    }

    #[test]
    fn a_fifo_at_any_store_file_is_refused_at_once() {
        for name in ["state.json", "events.jsonl", "lock"] {
            let f = fixture();
            f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
            let path = f.store.dir().join(name);
            fs::remove_file(&path).unwrap();
            assert!(std::process::Command::new("mkfifo").arg(&path).status().unwrap().success());
            let started = std::time::Instant::now();
            let status = f.store.status(&f.validator, Clock::system(at("2026-06-02")));
            let events = f.store.events();
            if name == "events.jsonl" {
                assert!(matches!(events.unwrap_err(), StoreError::NotAFile { .. }));
                status.unwrap();
            } else {
                assert!(matches!(status.unwrap_err(), StoreError::NotAFile { .. }), "{name}");
            }
            // Well under the 200 ms the lock would wait: nothing blocked.
            assert!(started.elapsed() < Duration::from_secs(5), "{name}");
        }
    }

    #[test]
    fn files_are_0600_and_a_folder_the_store_makes_is_0700() {
        let f = fixture();
        f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
        f.store.deactivate(Policy::default(), Clock::system(at("2026-06-02"))).unwrap();
        let mode = |name: &str| fs::metadata(f.store.dir().join(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(""), 0o700);
        for name in ["state.json", "events.jsonl", "lock"] {
            assert_eq!(mode(name), 0o600, "{name}");
        }
    }

    #[test]
    fn a_folder_others_can_write_is_refused_with_the_fix() {
        let f = fixture();
        f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
        let state = f.state();
        for mode in [0o770, 0o702, 0o777] {
            fs::set_permissions(f.store.dir(), fs::Permissions::from_mode(mode)).unwrap();
            let error = f.store.status(&f.validator, Clock::system(at("2026-06-02"))).unwrap_err();
            assert!(matches!(error, StoreError::UnsafeFolder { .. }), "{mode:o}: {error}");
            assert!(error.to_string().contains("chmod go-w"), "{error}");
            let error =
                f.store.activate(&f.validator, &f.plain(B, "2026-01-01"), None, Clock::system(at("2026-06-02")));
            assert!(matches!(error.unwrap_err(), StoreError::UnsafeFolder { .. }));
        }
        fs::set_permissions(f.store.dir(), fs::Permissions::from_mode(0o750)).unwrap();
        // Refused, the state file was not touched; group may read it.
        assert_eq!(f.state(), state);
        let status = f.store.status(&f.validator, Clock::system(at("2026-06-02"))).unwrap();
        assert_eq!(status.judgement.verdict(), Verdict::Valid);
    }

    #[test]
    fn a_folder_another_user_owns_is_refused() {
        let f = fixture();
        f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
        let me = current_uid();
        if me != 0 {
            // Only root can give a folder away; the check is the same either way.
            eprintln!("not root: a folder of another user cannot be made here");
            return;
        }
        assert!(std::process::Command::new("chown").arg("4321").arg(f.store.dir()).status().unwrap().success());
        let error = f.store.status(&f.validator, Clock::system(at("2026-06-02"))).unwrap_err();
        assert!(matches!(error, StoreError::UnsafeFolder { .. }), "{error}");
        assert!(error.to_string().contains("belongs to user 4321"), "{error}");
    }

    fn current_uid() -> u32 {
        let out = std::process::Command::new("id").arg("-u").output().unwrap();
        String::from_utf8(out.stdout).unwrap().trim().parse().unwrap()
    }
}

#[test]
fn a_refused_activation_or_regeneration_creates_no_folder() {
    let f = fixture();
    let expired = f.license(B, "2025-01-01", "2025-01-01", "2025-12-31", &[]);
    assert_eq!(f.activate(&expired, "2026-06-01"), Verdict::Expired);
    assert_eq!(f.activate(b"not a license", "2026-06-01"), Verdict::Rejected);
    let (verdict, code) = f.regenerate(&f.plain(A, "2026-01-01"), "2026-06-01");
    assert_eq!((verdict, code.as_deref()), (Verdict::Rejected, Some("[missing]store")));
    assert!(!f.store.dir().exists());
    assert_eq!(f.activate(&f.plain(A, "2026-01-01"), "2026-06-01"), Verdict::Valid);
    assert!(f.store.dir().is_dir());
}

#[test]
fn license_ids_compare_in_either_case() {
    let f = fixture();
    // Activated in uppercase, superseded by B (which names it in uppercase
    // too), then offered again in lowercase: refused as superseded.
    const D: &str = "2b1e9c3a-4f5d-4e6a-8b7c-9d0e1f2a3b4c";
    let upper = D.to_uppercase();
    assert_eq!(f.activate(&f.plain(&upper, "2026-01-01"), "2026-06-01"), Verdict::Valid);
    let successor = f.license(B, "2026-01-02", "2026-01-02", "2030-12-31", &[&upper]);
    assert_eq!(f.regenerate(&successor, "2026-06-01").0, Verdict::Valid);
    let again =
        f.store.activate(&f.validator, &f.plain(D, "2026-01-03"), None, Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(again.judgement.code().unwrap(), "[superseded]licenseId");
    // The licenseId given on the command line, in the other case, matches.
    const E: &str = "ab1e9c3a-4f5d-4e6a-8b7c-9d0e1f2a3b4c";
    let given = f.store.activate(
        &f.validator,
        &f.plain(E, "2026-01-01"),
        Some(&E.to_uppercase()),
        Clock::system(at("2026-06-01")),
    );
    assert_eq!(given.unwrap().judgement.verdict(), Verdict::Valid);
    assert!(!f.state().contains(&upper), "the state keeps the lowercase form");
}

#[test]
fn an_older_store_with_uppercase_ids_is_read_in_lowercase() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    const D: &str = "2b1e9c3a-4f5d-4e6a-8b7c-9d0e1f2a3b4c";
    let mut state: Value = serde_json::from_str(&f.state()).unwrap();
    state["superseded"] = json!({ D.to_uppercase(): A });
    fs::write(f.store.dir().join("state.json"), state.to_string()).unwrap();
    let again =
        f.store.activate(&f.validator, &f.plain(D, "2026-01-03"), None, Clock::system(at("2026-06-01"))).unwrap();
    assert_eq!(again.judgement.code().unwrap(), "[superseded]licenseId");
}

#[test]
fn an_instant_outside_1970_to_9999_is_refused_and_nothing_recorded() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    let state = f.state();
    let events = f.events().len();
    // 10000-01-01T00:00:00Z, 1969-12-31T23:59:59Z, and milliseconds
    // passed as seconds.
    for seconds in [253_402_300_800, -1, 1_780_000_000_000] {
        let bad = DateTime::from_timestamp(seconds, 0).unwrap();
        let error = f.store.status(&f.validator, Clock::system(bad)).unwrap_err();
        assert!(matches!(error, StoreError::Instant(_)), "{error}");
        assert!(error.to_string().contains("outside the years 1970 to 9999"));
        let error = f.store.status(&f.validator, Clock { system: at("2026-06-01"), at: Some(bad) }).unwrap_err();
        assert!(matches!(error, StoreError::Instant(_)), "{error}");
        assert!(f.store.activate(&f.validator, &f.plain(B, "2026-01-01"), None, Clock::system(bad)).is_err());
        assert!(f.store.clock_reset(bad).is_err());
    }
    assert_eq!(f.state(), state);
    assert_eq!(f.events().len(), events);
}

#[test]
fn a_clock_that_ran_ahead_once_is_undone_by_clock_reset() {
    let f = fixture();
    f.activate(&f.plain(A, "2026-01-01"), "2026-06-01");
    f.store.activate(&f.validator, &f.plain(B, "2026-01-01"), None, Clock::system(at("2026-06-01"))).unwrap();
    // Superseded by C, so A must stay refused after the reset.
    let successor = f.license(C, "2026-01-02", "2026-01-02", "2030-12-31", &[B]);
    assert_eq!(f.regenerate(&successor, "2026-06-01").0, Verdict::Valid);
    // One status with the clock at 2099 moves the mark...
    f.store.status(&f.validator, Clock::system(at("2099-01-01"))).unwrap();
    // ...and every later command finds the clock wound back.
    let locked_out = f.store.status(&f.validator, Clock::system(at("2026-06-02"))).unwrap();
    assert_eq!(locked_out.judgement.exit_code(), 5);
    let reset = f.store.clock_reset(at("2026-06-02")).unwrap().unwrap();
    assert_eq!(reset.previous, Some(at("2099-01-01")));
    assert_eq!(reset.mark, at("2026-06-02"));
    let status = f.store.status(&f.validator, Clock::system(at("2026-06-02T00:10:00Z"))).unwrap();
    assert_eq!(status.judgement.verdict(), Verdict::Valid);
    // What the store remembers is kept: B is still superseded.
    let again =
        f.store.activate(&f.validator, &f.plain(B, "2026-01-03"), None, Clock::system(at("2026-06-02"))).unwrap();
    assert_eq!(again.judgement.code().unwrap(), "[superseded]licenseId");
    let reset_event = f.events().into_iter().find(|e| e["event"]["type"] == "license.clock.reset").unwrap();
    assert_eq!(reset_event["event"]["previousMarkInstant"], at("2099-01-01").timestamp_millis());
    assert_eq!(reset_event["event"]["markInstant"], at("2026-06-02").timestamp_millis());
    // A store that does not exist is left so.
    let missing = Store::new(f.store.dir().join("none"));
    assert_eq!(missing.clock_reset(at("2026-06-02")).unwrap(), None);
    assert!(!missing.dir().exists());
}

impl Fixture {
    /// A renewal of `id`: `sequence`, issued on `issued`, in effect from
    /// `not_before` to `expiration`.
    fn renewal(&self, id: &str, sequence: u32, issued: &str, not_before: &str, expiration: &str) -> Vec<u8> {
        let doc = json!({
            "licenseId": id, "issuedTo": "Acme", "issued": issued, "notBefore": not_before,
            "expiration": expiration, "sequence": sequence,
            "licenseAttributes": {"LicensedPlan": "Enterprise", "LicenseType": "Production"},
        });
        self.issuer.sign(doc.to_string().as_bytes()).unwrap().into_bytes()
    }

    fn status_at(&self, now: &str) -> airgap_license_store::Outcome {
        self.store.status(&self.validator, Clock::system(at(now))).unwrap()
    }
}

#[test]
fn a_renewal_issued_the_same_day_succeeds_by_its_sequence() {
    let f = fixture();
    assert_eq!(
        f.activate(&f.renewal(A, 0, "2027-01-10", "2027-01-10", "2027-12-31"), "2027-01-10T08:00:00Z"),
        Verdict::Valid
    );
    // The same day, sequence 1: a successor, taken at once.
    let renewed = f.renewal(A, 1, "2027-01-10", "2027-01-10", "2028-12-31");
    assert_eq!(f.regenerate(&renewed, "2027-01-10T09:00:00Z"), (Verdict::Valid, None));
    let status = f.status_at("2027-01-10T09:30:00Z");
    assert_eq!(status.judgement.license().unwrap().sequence(), 1);
    assert_eq!(status.judgement.to_json()["sequence"], 1);
    // The same again is not a successor; sequence 0 is now older, even
    // issued later.
    let before = f.state();
    assert_eq!(f.regenerate(&renewed, "2027-01-10T10:00:00Z").1.as_deref(), Some("[notSuccessor]licenseId"));
    let older = f.renewal(A, 0, "2027-01-11", "2027-01-11", "2029-12-31");
    let refused =
        f.store.activate(&f.validator, &older, None, Clock::system(at("2027-01-11T10:00:00Z"))).unwrap().judgement;
    assert_eq!(refused.code().as_deref(), Some("[older]issued"));
    assert_eq!(
        refused.problem().unwrap().message(),
        format!(
            "license {A} issued 2027-01-11 is older than the copy issued 2027-01-10 as sequence 1 that this store has seen"
        )
    );
    assert_eq!(f.state(), before, "a refusal changed the state file");
    // The state file keeps the sequence seen; a store reopened agrees.
    let state: Value = serde_json::from_str(&f.state()).unwrap();
    assert_eq!(state["seenSequence"][A], 1);
    assert_eq!(state["active"]["sequence"], 1);
}

/// Two documents with one licenseId, `sequence` and `issued` (another
/// `issuedTo`): the store takes the first, the same one again (also after
/// a deactivation), and never the other, so it cannot flip between them.
#[test]
fn another_document_of_the_same_order_is_refused_and_the_same_taken_again() {
    let f = fixture();
    let first = f.renewal(A, 2, "2027-01-10", "2027-01-10", "2027-12-31");
    let doc = json!({
        "licenseId": A, "issuedTo": "Acme Holdings", "issued": "2027-01-10", "notBefore": "2027-01-10",
        "expiration": "2029-12-31", "sequence": 2,
        "licenseAttributes": {"LicensedPlan": "Enterprise", "LicenseType": "Production"},
    });
    let other = f.issuer.sign(doc.to_string().as_bytes()).unwrap().into_bytes();
    assert_eq!(f.activate(&first, "2027-01-10T08:00:00Z"), Verdict::Valid);
    let before = f.state();
    let refused =
        f.store.activate(&f.validator, &other, None, Clock::system(at("2027-01-10T09:00:00Z"))).unwrap().judgement;
    assert_eq!(refused.code().as_deref(), Some("[notNewer]sequence"));
    assert!(refused.problem().unwrap().message().contains("another document of the same order"), "{refused:?}");
    assert_eq!(f.state(), before, "a refusal changed the state file");
    assert_eq!(f.activate(&first, "2027-01-10T10:00:00Z"), Verdict::Valid);
    f.store.deactivate(Policy::default(), Clock::system(at("2027-01-10T11:00:00Z"))).unwrap();
    let refused =
        f.store.activate(&f.validator, &other, None, Clock::system(at("2027-01-10T12:00:00Z"))).unwrap().judgement;
    assert_eq!(refused.code().as_deref(), Some("[notNewer]sequence"));
    assert_eq!(f.activate(&first, "2027-01-10T13:00:00Z"), Verdict::Valid);
}

#[test]
fn an_early_renewal_is_held_and_takes_over_at_its_first_day_without_a_pending_moment() {
    let f = fixture();
    assert_eq!(f.activate(&f.renewal(A, 0, "2027-01-01", "2027-01-01", "2027-12-31"), "2027-06-01"), Verdict::Valid);
    // Renewed six weeks early, in effect from 2028-01-01: held, the active
    // license stays in use (valid, ACTIVE), nothing is PENDING.
    let renewed = f.renewal(A, 1, "2027-11-20", "2028-01-01", "2028-12-31");
    let outcome = f.store.regenerate(&f.validator, &renewed, Clock::system(at("2027-11-20T12:00:00Z"))).unwrap();
    assert_eq!((outcome.judgement.verdict(), outcome.stored), (Verdict::Valid, false));
    assert_eq!(outcome.judgement.license().unwrap().sequence(), 0);
    assert_eq!(outcome.status.feature("scimServer"), Some(FeatureStatus::Active));
    let pending = outcome.pending.clone().unwrap();
    assert_eq!((pending.license_id.as_str(), pending.sequence), (A, 1));
    assert_eq!(pending.takes_over_at, at("2028-01-01"));
    assert_eq!(outcome.to_json()["pending"]["takesOverAt"], "2028-01-01T00:00:00Z");
    // Every instant around the takeover: valid and ACTIVE, never PENDING;
    // the old license up to the last second, the renewal from the first.
    for (now, sequence) in [
        ("2027-12-01T00:00:00Z", 0),
        ("2027-12-31T23:59:59Z", 0),
        ("2028-01-01T00:00:00Z", 1),
        ("2028-01-01T00:00:01Z", 1),
        ("2028-06-01T00:00:00Z", 1),
    ] {
        let status = f.status_at(now);
        assert_eq!(status.judgement.verdict(), Verdict::Valid, "{now}");
        assert_eq!(status.status.feature("scimServer"), Some(FeatureStatus::Active), "{now}");
        assert_eq!(status.judgement.license().unwrap().sequence(), sequence, "{now}");
        assert_eq!(status.pending.is_some(), sequence == 0, "{now}");
    }
    // Logged: held, then taken over as a regeneration, once.
    assert_eq!(f.types(), ["license.activate", "license.pending", "license.regenerate"]);
    let held = f.events().into_iter().find(|e| e["event"]["type"] == "license.pending").unwrap();
    assert_eq!(held["event"]["activeLicenseId"], A);
    assert_eq!(held["event"]["takesOverAt"], "2028-01-01T00:00:00Z");
}

#[test]
fn a_held_renewal_is_judged_as_it_will_be_at_a_later_instant_asked_for() {
    let f = fixture();
    f.activate(&f.renewal(A, 0, "2027-01-01", "2027-01-01", "2027-12-31"), "2027-06-01");
    f.regenerate(&f.renewal(A, 1, "2027-11-20", "2028-01-01", "2028-12-31"), "2027-11-20");
    // `--at` after the takeover: the renewal's verdict, nothing recorded.
    let clock = Clock { system: at("2027-11-21"), at: Some(at("2028-03-01")) };
    let status = f.store.status(&f.validator, clock).unwrap();
    assert_eq!((status.judgement.verdict(), status.judgement.license().unwrap().sequence()), (Verdict::Valid, 1));
    assert!(status.pending.is_some(), "the renewal is still held");
    assert_eq!(f.types(), ["license.activate", "license.pending"]);
}

#[test]
fn a_renewal_after_an_expired_or_with_no_active_license_is_stored_as_today() {
    let f = fixture();
    f.activate(&f.renewal(A, 0, "2027-01-01", "2027-01-01", "2027-12-31"), "2027-06-01");
    // The active license has expired: nothing to keep in use, so the
    // renewal becomes the active license at once (not yet in effect, 4).
    let renewed = f.renewal(A, 1, "2028-01-05", "2028-02-01", "2028-12-31");
    let outcome = f.store.regenerate(&f.validator, &renewed, Clock::system(at("2028-01-05"))).unwrap();
    assert_eq!((outcome.judgement.verdict(), outcome.stored, outcome.pending), (Verdict::NotYetInEffect, true, None));
    // activate of another license, not a successor, replaces the active one
    // as it always did (the operator asked for it).
    let g = fixture();
    g.activate(&g.renewal(A, 0, "2027-01-01", "2027-01-01", "2027-12-31"), "2027-06-01");
    assert_eq!(
        g.activate(&g.renewal(B, 0, "2027-06-01", "2027-07-01", "2027-12-31"), "2027-06-02"),
        Verdict::NotYetInEffect
    );
}

#[test]
fn activate_of_a_successor_holds_it_too_and_deactivate_drops_it() {
    let f = fixture();
    f.activate(&f.renewal(A, 0, "2027-01-01", "2027-01-01", "2027-12-31"), "2027-06-01");
    let renewed = f.renewal(A, 1, "2027-11-20", "2028-01-01", "2028-12-31");
    let outcome = f.store.activate(&f.validator, &renewed, None, Clock::system(at("2027-11-20"))).unwrap();
    assert_eq!((outcome.judgement.verdict(), outcome.stored), (Verdict::Valid, false));
    assert!(outcome.pending.is_some());
    // A later renewal, in effect now, takes over at once; the held one goes.
    let now_in_effect = f.renewal(A, 2, "2027-11-25", "2027-11-25", "2029-12-31");
    assert_eq!(f.regenerate(&now_in_effect, "2027-11-25"), (Verdict::Valid, None));
    assert!(f.status_at("2027-11-26").pending.is_none());
    // The held sequence 1 is older now.
    assert_eq!(f.regenerate(&renewed, "2027-11-27").1.as_deref(), Some("[older]issued"));
    // Held again (sequence 3), then deactivated: both go, the log says so.
    f.regenerate(&f.renewal(A, 3, "2027-11-28", "2030-01-01", "2030-12-31"), "2027-11-28");
    let done = f.store.deactivate(Policy::default(), Clock::system(at("2027-11-29"))).unwrap();
    assert_eq!(done.removed.as_deref(), Some(A));
    let state: Value = serde_json::from_str(&f.state()).unwrap();
    assert!(state.get("pending").is_none() && state["active"].is_null(), "{state}");
    let last = f.events().pop().unwrap();
    assert_eq!(last["event"]["pendingLicenseId"], A);
}

impl Fixture {
    fn revocations(&self, sequence: u64, ids: &[&str]) -> String {
        let day = airgap_license::chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        self.issuer.revocation_list(sequence, day, ids, [""; 0]).unwrap().1
    }

    fn import(&self, text: &str, now: &str) -> airgap_license_store::RevocationImport {
        self.store.import_revocations(&self.validator, text.as_bytes(), Clock::system(at(now))).unwrap()
    }
}

#[test]
fn a_revocation_list_removes_the_active_license_and_ratchets() {
    let f = fixture();
    assert_eq!(f.activate(&f.plain(A, "2027-01-01"), "2027-02-01"), Verdict::Valid);
    // List 1 names A: it is removed at once, logged, and cannot come back.
    let done = f.import(&f.revocations(1, &[A]), "2027-02-02");
    assert_eq!(
        (done.sequence, done.previous, done.refusal.clone(), done.revoked.clone()),
        (1, None, None, vec![A.to_owned()])
    );
    let status = f.status_at("2027-02-02T01:00:00Z");
    assert_eq!(status.judgement.code().as_deref(), Some("[missing]license"));
    let revoke = f.events().into_iter().find(|e| e["event"]["type"] == "license.revoke").unwrap();
    assert_eq!((revoke["event"]["licenseId"].as_str(), revoke["event"]["sequence"].as_u64()), (Some(A), Some(1)));
    let refused = f.store.activate(&f.validator, &f.plain(A, "2027-01-01"), None, Clock::system(at("2027-02-03")));
    let judgement = refused.unwrap().judgement;
    assert_eq!((judgement.verdict(), judgement.exit_code()), (Verdict::Revoked, 1));
    assert!(judgement.problem().unwrap().message().contains("revoked by revocation list 1 of 2027-02-01"));
    // Another license is fine.
    assert_eq!(f.activate(&f.plain(B, "2027-01-01"), "2027-02-03"), Verdict::Valid);
    // The ratchet: the same sequence again is refused, the state left byte
    // for byte.
    let before = f.state();
    let again = f.import(&f.revocations(1, &[]), "2027-02-04");
    assert_eq!(again.refusal.unwrap().to_refusal().code(), "[older]revocations");
    assert_eq!(f.state(), before);
    // Unrevoked in list 2: A may be activated again; list 1 cannot come back.
    let done = f.import(&f.revocations(2, &[]), "2027-02-05");
    assert_eq!((done.previous, done.revoked.len()), (Some(1), 0));
    let before = f.state();
    let older = f.import(&f.revocations(1, &[A]), "2027-02-05T01:00:00Z");
    assert_eq!(
        older.refusal.unwrap().to_string(),
        "this store keeps revocation list 2; list 1 is not newer: the store was left as it was"
    );
    assert_eq!(f.state(), before);
    assert_eq!(f.activate(&f.plain(A, "2027-01-01"), "2027-02-06"), Verdict::Valid);
    // List 1 kept back (an old file put in place of the stored one): the
    // store fails closed rather than use it.
    fs::write(f.store.dir().join("revocations.txt"), f.revocations(1, &[A])).unwrap();
    let err =
        f.store.activate(&f.validator, &f.plain(C, "2027-01-01"), None, Clock::system(at("2027-02-07"))).unwrap_err();
    assert!(matches!(err, StoreError::Revocations { .. }), "{err}");
    assert!(err.to_string().contains("older than list 2 this store imported"), "{err}");
}

#[test]
fn a_list_not_signed_by_a_trusted_key_is_an_error_and_changes_nothing() {
    let f = fixture();
    let other = fixture();
    assert_eq!(f.activate(&f.plain(A, "2027-01-01"), "2027-02-01"), Verdict::Valid);
    let before = f.state();
    let err = f
        .store
        .import_revocations(&f.validator, other.revocations(5, &[A]).as_bytes(), Clock::system(at("2027-02-02")))
        .unwrap_err();
    assert!(matches!(err, StoreError::Revocations { path: None, .. }), "{err}");
    assert_eq!(f.state(), before);
    // A license is not a list.
    let err = f
        .store
        .import_revocations(&f.validator, &f.plain(B, "2027-01-01"), Clock::system(at("2027-02-02")))
        .unwrap_err();
    assert_eq!(err.to_string(), "revocation list: this is a license, not a revocation list");
}

#[test]
fn a_held_renewal_that_a_list_names_goes() {
    let f = fixture();
    f.activate(&f.renewal(A, 0, "2027-01-01", "2027-01-01", "2027-12-31"), "2027-06-01");
    f.regenerate(&f.renewal(A, 1, "2027-11-20", "2028-01-01", "2028-12-31"), "2027-11-20");
    let done = f.import(&f.revocations(1, &[A]), "2027-11-21");
    assert_eq!(done.revoked, [A, A]);
    let state: Value = serde_json::from_str(&f.state()).unwrap();
    assert!(state["active"].is_null() && state.get("pending").is_none(), "{state}");
    assert_eq!(state["revocations"]["sequence"], 1);
}
