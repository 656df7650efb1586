//! The store opened for one command (its lock held, its state read, what
//! the command changes and logs kept until it commits) and the rules of
//! admission: what is taken, held or refused, and why.

use std::path::Path;
use std::time::Duration;

use airgap_license::chrono::{DateTime, TimeDelta, Utc};
use airgap_license::{
    Judgement, License, Machine, Policy, Receipt, Standing, Validator, Verdict, canonical_license_id, day_start,
    license_digest,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::clock::Clock;
use crate::error::StoreError;
use crate::events::{self, EventType};
use crate::folder::Folder;
use crate::identity::Identity;
use crate::lock::StoreLock;
use crate::outcome::{Outcome, Pending};
use crate::place::place;
use crate::refusal::StoreRefusal;
use crate::state::{Active, Order, State};

/// The revocation list the store keeps, as it was imported.
pub(crate) const REVOCATIONS: &str = "revocations.txt";
/// The largest list read (the library's limit, 8 MiB).
const MAX_REVOCATIONS: u64 = 8 * 1024 * 1024;

/// How far the clock must have moved past the mark before `status` writes
/// the mark again: status is asked often, and the state file need not be
/// rewritten each time. A wound-back clock is still caught: the tolerance
/// (24 hours by default) is far larger.
const MARK_STEP: TimeDelta = TimeDelta::hours(1);

/// The store opened for one command: its folder open and checked, its lock
/// held and its state read (when the folder exists), the clock the caller
/// read, and what the command has changed and has to log so far. Every
/// rule and write of a command is a method of it.
pub(crate) struct Session {
    pub(crate) folder: Option<(Folder, StoreLock)>,
    pub(crate) state: State,
    pub(crate) clock: Clock,
    pub(crate) identity: Identity,
    pub(crate) changed: bool,
    events: Vec<Value>,
}

impl Session {
    /// Opens, checks, locks and reads the store in `dir`, after checking
    /// the clock; a missing folder is an empty store, and is not created.
    pub(crate) fn open(dir: &Path, wait: Duration, identity: &Identity, clock: Clock) -> Result<Session, StoreError> {
        let clock = clock.check()?;
        let identity = identity.clone();
        let session = |folder, state| Session { folder, state, clock, identity, changed: false, events: Vec::new() };
        let Some(folder) = Folder::open_existing(dir)? else {
            return Ok(session(None, State::default()));
        };
        let lock = StoreLock::take(&folder, wait)?;
        folder.remove_leftovers();
        let state = State::load(&folder)?;
        Ok(session(Some((folder, lock)), state))
    }

    /// As [`open`](Self::open), making the folder first if it does not exist.
    pub(crate) fn open_created(
        dir: &Path,
        wait: Duration,
        identity: &Identity,
        clock: Clock,
    ) -> Result<Session, StoreError> {
        let session = Session::open(dir, wait, identity, clock)?;
        if session.folder.is_some() {
            return Ok(session);
        }
        drop(Folder::create(dir)?);
        Session::open(dir, wait, identity, clock)
    }

    /// A verified license as it stands here: a template or a bound license
    /// judged against this machine (the store's device key and the
    /// components found now); any other license as it is, nothing collected.
    pub(crate) fn placed(&self, license: License) -> License {
        let Ok(license) = place(license, || Ok::<_, std::convert::Infallible>(self.machine()));
        license
    }

    /// This machine: the store's device key, its components, and the
    /// component key derived from the device key's seed.
    pub(crate) fn machine(&self) -> Machine {
        match self.state.device_key() {
            Some(key) => machine_of(&self.identity, &key),
            None => self.identity.machine(None),
        }
    }

    /// The device key, made now (from the operating system's random source)
    /// if the store has none.
    pub(crate) fn device_key(&mut self) -> Result<(ed25519_dalek::SigningKey, bool), StoreError> {
        if let Some(key) = self.state.device_key() {
            return Ok((key, false));
        }
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed)
            .map_err(|e| StoreError::Io { path: "the random source".to_owned(), detail: e.to_string() })?;
        self.state.device_key = Some(STANDARD.encode(seed));
        self.changed = true;
        Ok((ed25519_dalek::SigningKey::from_bytes(&seed), true))
    }

    pub(crate) fn folder(&self) -> Option<&Folder> {
        self.folder.as_ref().map(|(folder, _)| folder)
    }

    /// `validator` with the revocation list the store keeps applied, so
    /// that a listed license is never taken. The list is verified again (the
    /// store is not trusted); one older than the store recorded, or that no
    /// longer verifies, stops the command: fail closed.
    pub(crate) fn with_stored_revocations(&self, validator: &Validator) -> Result<Validator, StoreError> {
        let (Some(record), Some(folder)) = (&self.state.revocations, self.folder()) else {
            return Ok(validator.clone());
        };
        let path = folder.path_of(REVOCATIONS).to_string_lossy().into_owned();
        let problem = |problem: String| StoreError::Revocations { path: Some(path.clone()), problem };
        let text = folder.read(REVOCATIONS, MAX_REVOCATIONS)?.ok_or_else(|| {
            problem(format!("missing, while the store recorded list {}: import it again", record.sequence))
        })?;
        let list = validator.revocations(&text).map_err(|e| problem(format!("{e}; import the latest list again")))?;
        if list.sequence() < record.sequence {
            return Err(problem(format!(
                "it holds list {}, older than list {} this store imported: import the latest list again",
                list.sequence(),
                record.sequence
            )));
        }
        Ok(validator.clone().with_revocations(list))
    }

    /// Whether the store recorded the list `sha256` (of `sequence`) while
    /// `revocations.txt` does not hold it: a crash came between the state
    /// and the file. An unreadable file counts as not holding it.
    pub(crate) fn file_lags(&self, folder: &Folder, sequence: u64, sha256: &str) -> bool {
        let Some(record) = &self.state.revocations else { return false };
        if record.sequence != sequence || record.sha256 != sha256 {
            return false;
        }
        !matches!(folder.read(REVOCATIONS, MAX_REVOCATIONS), Ok(Some(bytes)) if airgap_license::sha256_hex(&bytes) == sha256)
    }

    /// Records an event to log at commit.
    pub(crate) fn log(&mut self, kind: EventType, members: Value) {
        self.events.push(events::event(kind, self.clock.system, as_members(members)));
    }

    /// The clock against the mark: logs the start of an untrusted episode
    /// once, ends it when the clock is back, and moves the mark forward when
    /// the system clock has gone meaningfully past it.
    pub(crate) fn watch_clock(&mut self, policy: Policy) {
        let system = self.clock.system;
        let untrusted = rolled_back(&self.state, policy, system).is_some();
        if untrusted && !self.state.clock_untrusted {
            self.state.clock_untrusted = true;
            self.changed = true;
            let mark = self.state.mark().map(|m| m.timestamp_millis());
            self.log(
                EventType::ClockUntrusted,
                json!({ "clockInstant": system.timestamp_millis(), "markInstant": mark }),
            );
        } else if !untrusted && self.state.clock_untrusted {
            self.state.clock_untrusted = false;
            self.changed = true;
        }
        let moved = self.state.mark().is_none_or(|mark| system >= mark + MARK_STEP);
        if !untrusted && moved {
            self.state.clock_mark = Some(system.timestamp());
            self.changed = true;
        }
    }

    /// The release of a bound license: a receipt signed by the device key,
    /// then the key destroyed, in the state that the caller commits (one
    /// atomic replacement: the license, the key and the receipt together).
    /// `None` when the store has no device key.
    pub(crate) fn release(&mut self, active: &Active) -> Result<Option<String>, StoreError> {
        let Some(key) = self.state.device_key() else { return Ok(None) };
        let text = STANDARD.decode(&active.license_base64).unwrap_or_default();
        let license_sha256 = license_digest(&text).unwrap_or_default();
        let receipt = Receipt {
            license_id: active.license_id.clone(),
            device_key: key.verifying_key().to_bytes(),
            license_sha256,
            released_at: self.clock.system,
            clock_mark: self.state.mark(),
        };
        let text = receipt.to_text(|message| ed25519_dalek::Signer::sign(&key, message).to_bytes());
        self.state.device_key = None;
        self.state.last_receipt = Some(text.clone());
        self.changed = true;
        Ok(Some(text))
    }

    /// A verified license at `now`, the store's mark considered first.
    pub(crate) fn judge(&self, validator: &Validator, license: License, now: DateTime<Utc>) -> Judgement {
        match rolled_back(&self.state, validator.policy(), now) {
            Some(refusal) => Judgement::refused(Some(license), refusal.to_refusal(), now),
            None => Judgement::of_license(license, now),
        }
    }

    /// Makes an admitted license the active one and logs it.
    pub(crate) fn take(&mut self, text: &[u8], license: &License, successor_of: Option<&Active>, command: Admission) {
        let now = self.clock.system;
        let id = license.license_id().to_owned();
        let order = Order::of(license);
        let state = &mut self.state;
        state.see(&id, order, Some(&digest_of(text)));
        // A renewal held for later gives way to whatever is taken now,
        // unless this is an earlier copy of that same renewal's licenseId.
        if state.pending.as_ref().is_some_and(|p| p.license_id != id || p.order() <= order) {
            state.pending = None;
        }
        for replaced in license.supersedes() {
            state.superseded.entry(replaced.clone()).or_insert_with(|| id.clone());
        }
        if let Some(active) = successor_of.filter(|active| active.license_id != id) {
            state.superseded.entry(active.license_id.clone()).or_insert_with(|| id.clone());
        }
        let previous = state.active.replace(Active::of(text, license, now));
        state.clock_mark = Some(state.clock_mark.map_or(now.timestamp(), |mark| mark.max(now.timestamp())));
        state.clock_untrusted = false;
        self.changed = true;
        let mut event = json!({
            "licenseId": id,
            "issuedTo": license.issued_to(),
            "plan": license.plan(),
            "expiration": license.expiration().map(|day| day.to_string()),
            "kid": license.kid(),
        });
        if let (Some(previous), Value::Object(members)) = (previous.filter(|p| p.license_id != id), &mut event) {
            members.insert("previousLicenseId".to_owned(), json!(previous.license_id));
        }
        if let (Some(binding), Value::Object(members)) = (license.binding(), &mut event) {
            members.insert(
                "machine".to_owned(),
                json!({ "label": binding.label(), "deviceFingerprint": binding.device_fingerprint() }),
            );
        }
        let kind = match command {
            Admission::Regenerate => EventType::Regenerate,
            Admission::Activate => EventType::Activate,
        };
        self.log(kind, event);
    }

    /// Holds a renewal that is not yet in effect while the active license
    /// is: the active one stays in use, the renewal takes over at its
    /// `notBefore` ([`take_over`](Self::take_over)).
    pub(crate) fn hold(&mut self, text: &[u8], license: &License) {
        let now = self.clock.system;
        let pending = Pending::of(license);
        self.state.see(license.license_id(), Order::of(license), Some(&digest_of(text)));
        self.state.pending = Some(Active::of(text, license, now));
        self.state.clock_mark = Some(self.state.clock_mark.map_or(now.timestamp(), |mark| mark.max(now.timestamp())));
        self.changed = true;
        let active = self.state.active.as_ref().map(|active| active.license_id.clone());
        let mut event = pending.to_json();
        if let Value::Object(members) = &mut event {
            members.insert("activeLicenseId".to_owned(), json!(active));
        }
        self.log(EventType::Pending, event);
    }

    /// The held renewal, once the system clock has reached its `notBefore`
    /// (and is not wound back): it becomes the active license, logged as a
    /// regeneration. One that no longer verifies stays held, unused.
    pub(crate) fn take_over(&mut self, validator: &Validator) {
        let Some(pending) = self.state.pending.clone() else { return };
        let now = self.clock.system;
        let Ok(text) = STANDARD.decode(&pending.license_base64) else { return };
        let Ok(license) = validator.verify(&text) else { return };
        if now < day_start(license.not_before()) || rolled_back(&self.state, validator.policy(), now).is_some() {
            return;
        }
        let active = self.state.active.clone();
        let license = self.placed(license);
        self.take(&text, &license, active.as_ref(), Admission::Regenerate);
    }

    /// The held renewal as reported, if it still verifies.
    pub(crate) fn pending(&self, validator: &Validator) -> Option<Pending> {
        let text = STANDARD.decode(&self.state.pending.as_ref()?.license_base64).ok()?;
        validator.verify(&text).ok().map(|license| Pending::of(&license))
    }

    /// Whether an admitted `license` is a renewal to hold: not yet in
    /// effect, succeeding the active license, which is in effect now.
    pub(crate) fn to_hold(&self, validator: &Validator, license: &License) -> bool {
        let now = self.clock.system;
        let Some(active) = &self.state.active else { return false };
        if license.standing(now) != Standing::NotYetInEffect || !succeeds(license, active) {
            return false;
        }
        let Ok(text) = STANDARD.decode(&active.license_base64) else { return false };
        validator
            .verify(&text)
            .is_ok_and(|current| matches!(self.placed(current).standing(now), Standing::InEffect | Standing::Grace))
    }

    /// `license` admitted: held as a renewal, or made the active license.
    pub(crate) fn admit(
        mut self,
        validator: &Validator,
        text: &[u8],
        license: License,
        command: Admission,
    ) -> Result<Outcome, StoreError> {
        let now = self.clock.system;
        if !self.to_hold(validator, &license) {
            let active = self.state.active.clone();
            let successor_of = match command {
                Admission::Regenerate => active.as_ref(),
                Admission::Activate => None,
            };
            self.take(text, &license, successor_of, command);
            let warnings = self.commit()?;
            let status = license.status(now);
            return Ok(Outcome {
                judgement: Judgement::of_license(license, now),
                status,
                stored: true,
                warnings,
                pending: None,
            });
        }
        self.hold(text, &license);
        let warnings = self.commit()?;
        let pending = Some(Pending::of(&license));
        // The active license stays in use: its verdict and map are the
        // machine's.
        let current = self
            .state
            .active
            .as_ref()
            .and_then(|active| STANDARD.decode(&active.license_base64).ok())
            .and_then(|text| validator.verify(&text).ok())
            .map(|current| self.placed(current));
        let (judgement, status) = match current {
            Some(current) => {
                let status = current.status(now);
                (Judgement::of_license(current, now), status)
            }
            None => (Judgement::of_license(license, now), validator.unlicensed()),
        };
        Ok(Outcome { judgement, status, stored: false, warnings, pending })
    }

    /// A refusal: the state file is not touched; the event log (of a store
    /// that exists) says why.
    pub(crate) fn refuse(&mut self, validator: &Validator, judgement: Judgement, command: Admission) -> Outcome {
        let command = match command {
            Admission::Activate => "activate",
            Admission::Regenerate => "regenerate",
        };
        let (code, message) = judgement.problem().map(|p| (p.code(), p.message())).unzip();
        let mut detail = json!({ "command": command, "code": code, "message": message });
        if let (Some(license), Value::Object(members)) = (judgement.license(), &mut detail) {
            members.insert("licenseId".to_owned(), json!(license.license_id()));
        }
        self.log(EventType::Refuse, detail);
        // Only the log is written: a refusal leaves the state as it was.
        let warnings = self.log_events();
        Outcome { judgement, status: validator.unlicensed(), stored: false, warnings, pending: None }
    }

    /// Saves the state if it changed (only in an existing store), then logs
    /// the events; returns the warnings of a log that could not be written.
    pub(crate) fn commit(&mut self) -> Result<Vec<String>, StoreError> {
        // Nothing to record in a store that does not exist: status and
        // deactivate do not create one.
        let Some(folder) = self.folder() else { return Ok(Vec::new()) };
        if self.changed {
            self.state.save(folder)?;
        }
        Ok(self.log_events())
    }

    /// Appends the pending events to a store that exists; a failure is a
    /// warning, never a changed verdict.
    pub(crate) fn log_events(&mut self) -> Vec<String> {
        let events = std::mem::take(&mut self.events);
        let Some(folder) = self.folder().filter(|_| !events.is_empty()) else { return Vec::new() };
        match events::append(folder, &events) {
            Ok(()) => Vec::new(),
            Err(e) => vec![format!("the event could not be logged: {e}")],
        }
    }
}

/// Which command takes a license into the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    Activate,
    Regenerate,
}

/// The rules of activation and regeneration, in order: the signature and
/// document, the licenseId given, supersession, age, succession, the clock
/// against the mark, then the dates.
pub(crate) fn decide(
    session: &Session,
    validator: &Validator,
    text: &[u8],
    license_id: Option<&str>,
    successor_of: Option<&Active>,
) -> Decision {
    let now = session.clock.system;
    let state = &session.state;
    let license = match validator.verify(text) {
        Ok(license) => session.placed(license),
        Err(e) => return Decision::Refuse(Judgement::rejected(e, now)),
    };
    // A license that is not this machine's is said to be so first: that it
    // is also older than a copy seen here says less.
    if let Err(e) = license.check(now)
        && e.verdict() == Verdict::Unbound
    {
        return Decision::Refuse(Judgement::of_license(license, now));
    }
    let id = license.license_id().to_owned();
    let refusal = if let Some(given) = license_id.filter(|given| canonical_license_id(given).as_deref() != Some(&id)) {
        Some(StoreRefusal::LicenseIdMismatch { given: given.to_owned(), license_id: id.clone() })
    } else if let Some(by) = state.superseded.get(&id) {
        Some(StoreRefusal::Superseded { license_id: id.clone(), by: by.clone() })
    } else if let Some(seen) = state.seen(&id).filter(|seen| Order::of(&license) < *seen) {
        Some(StoreRefusal::OlderThanSeen {
            license_id: id.clone(),
            issued: license.issued(),
            sequence: license.sequence(),
            seen: seen.issued,
            seen_sequence: seen.sequence,
        })
    } else if state.other_document(&id, Order::of(&license), || digest_of(text)) {
        Some(StoreRefusal::SameOrderOtherDocument {
            license_id: id.clone(),
            issued: license.issued(),
            sequence: license.sequence(),
        })
    } else if let Some(active) = successor_of.filter(|active| !succeeds(&license, active)) {
        Some(StoreRefusal::NotASuccessor { active: active.license_id.clone(), license_id: id.clone() })
    } else {
        rolled_back(state, validator.policy(), now)
    };
    if let Some(refusal) = refusal {
        return Decision::Refuse(Judgement::refused(Some(license), refusal.to_refusal(), now));
    }
    match license.check(now) {
        Err(e)
            if matches!(
                e.verdict(),
                Verdict::Expired | Verdict::ClockUntrusted | Verdict::Rejected | Verdict::Unbound | Verdict::NotCovered
            ) =>
        {
            Decision::Refuse(Judgement::of_license(license, now))
        }
        // In effect, not yet in effect (stored, exit 4), or ending within
        // the policy's period: stored.
        Err(_) | Ok(()) => Decision::Admit(license),
    }
}

/// What [`decide`] made of a license.
pub(crate) enum Decision {
    /// Take it.
    Admit(License),
    /// Refuse it: the verdict says why.
    Refuse(Judgement),
}

/// Whether `license` succeeds the active one: it lists the active licenseId
/// in `supersedes`, or it is the same licenseId later by `sequence`, then
/// `issued`.
pub(crate) fn succeeds(license: &License, active: &Active) -> bool {
    license.supersedes().contains(&active.license_id)
        || (license.license_id() == active.license_id && Order::of(license) > active.order())
}

/// The refusal of an instant more than the tolerance before the mark.
pub(crate) fn rolled_back(state: &State, policy: Policy, now: DateTime<Utc>) -> Option<StoreRefusal> {
    let tolerance = policy.clock_tolerance;
    let mark = state.mark()?;
    let earliest = mark.checked_sub_signed(tolerance)?;
    (now < earliest).then(|| StoreRefusal::ClockRolledBack { now, mark, tolerance_hours: tolerance.num_hours() })
}

/// The members of a JSON object given as `json!({...})`.
pub(crate) fn as_members(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The digest of verified license text (the SHA-256 of its signed message,
/// whatever its wrapping).
pub(crate) fn digest_of(text: &[u8]) -> String {
    airgap_license::license_digest(text).unwrap_or_default()
}

/// This machine as `identity` finds it, with the device key `key` and the
/// component key derived from its seed.
pub(crate) fn machine_of(identity: &Identity, key: &ed25519_dalek::SigningKey) -> Machine {
    identity
        .machine(Some(key.verifying_key().to_bytes()))
        .with_component_key(airgap_license::component_key(&key.to_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    pub(crate) fn the_stored_list_limit_is_the_librarys() {
        assert_eq!(usize::try_from(super::MAX_REVOCATIONS).ok(), Some(airgap_license::MAX_REVOCATIONS_TEXT));
    }
}
