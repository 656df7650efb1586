//! The commands: activate, regenerate, deactivate and status, each under the
//! store's lock, each leaving the state file as it was or replacing it whole.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use airgap_license::chrono::{DateTime, TimeDelta, Utc};
use airgap_license::{Error, ErrorKind, Judgement, License, Policy, Status, Validator};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::error::StoreError;
use crate::events;
use crate::lock::StoreLock;
use crate::state::{Active, State};

/// How far the clock must have moved past the mark before `status` writes
/// the mark again: status is asked often, and the state file need not be
/// rewritten each time. A wound-back clock is still caught: the tolerance
/// (24 hours by default) is far larger.
const MARK_STEP: TimeDelta = TimeDelta::hours(1);

/// How long a command waits for another to release the store, by default.
const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// The clock as the caller read it: the store never reads one itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The system clock's reading now. This, and only this, moves the
    /// store's high-water mark.
    pub system: DateTime<Utc>,
    /// Another instant to judge the license at (`--at`), judged against the
    /// mark like the system clock but never recorded.
    pub at: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock's reading, judged as it is.
    #[must_use]
    pub fn system(now: DateTime<Utc>) -> Clock {
        Clock { system: now, at: None }
    }

    /// The instant the license is judged at.
    #[must_use]
    pub fn judged(&self) -> DateTime<Utc> {
        self.at.unwrap_or(self.system)
    }
}

/// What a command made of a license.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The verdict, with the license's identity whenever it verified.
    pub judgement: Judgement,
    /// The status map that goes with it (the unlicensed map when nothing
    /// counts; every feature `UNKNOWN` when the clock is untrusted).
    pub status: Status,
    /// Whether the store now holds this license as the active one.
    pub stored: bool,
    /// Things the caller should tell the operator (an event that could not
    /// be logged); they never change the verdict.
    pub warnings: Vec<String>,
}

impl Outcome {
    /// The verdict object (what `verify --json` prints) with `stored`: what
    /// the CLI's `activate --json` and the bindings return.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut body = self.judgement.to_json();
        if let Value::Object(object) = &mut body {
            object.insert("stored".to_owned(), Value::Bool(self.stored));
        }
        body
    }
}

/// What `deactivate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deactivation {
    /// The licenseId removed, or `None` when no license was active.
    pub removed: Option<String>,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// A store folder. Cheap to make: nothing is read until a command runs.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    wait: Duration,
}

/// The store opened for one command: its lock held (when the folder
/// exists), its state read.
struct Session {
    _lock: Option<StoreLock>,
    state: State,
    exists: bool,
}

impl Store {
    /// The store in `dir` (created by the first activation).
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into(), wait: DEFAULT_WAIT }
    }

    /// The same store, waiting up to `wait` (default 5 seconds) for another
    /// command to release it before giving up with [`StoreError::Busy`].
    #[must_use]
    pub fn with_wait(mut self, wait: Duration) -> Store {
        self.wait = wait;
        self
    }

    /// The store's folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn state_path(&self) -> PathBuf {
        self.dir.join("state.json")
    }

    fn events_path(&self) -> PathBuf {
        self.dir.join("events.jsonl")
    }

    /// Locks and reads the store; `create` makes the folder if it is missing.
    fn begin(&self, create: bool) -> Result<Session, StoreError> {
        let not_a_folder = || StoreError::NotAFolder { path: self.dir.to_string_lossy().into_owned() };
        match fs::metadata(&self.dir) {
            Ok(meta) if !meta.is_dir() => return Err(not_a_folder()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !create => {
                return Ok(Session { _lock: None, state: State::default(), exists: false });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => self.create_folder()?,
            Err(e) => return Err(StoreError::io(&self.dir, &e)),
        }
        let lock = StoreLock::take(&self.dir, self.wait)?;
        crate::durable::remove_leftovers(&self.dir);
        let state = State::load(&self.state_path())?;
        Ok(Session { _lock: Some(lock), state, exists: true })
    }

    fn create_folder(&self) -> Result<(), StoreError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt as _;
            builder.mode(0o700);
        }
        builder.create(&self.dir).map_err(|e| StoreError::io(&self.dir, &e))?;
        if let Some(parent) = self.dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::durable::sync_dir(parent)?;
        }
        Ok(())
    }

    /// Verifies `text` and makes it the active license (`POST /api/reactor`).
    /// `license_id`, if given, must be the document's. Stored when it is in
    /// effect or not yet in effect; refused, the store left exactly as it
    /// was, when it is rejected, superseded, older than a copy the store
    /// has seen, expired, or when the clock is untrusted.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used; a refusal is an
    /// [`Outcome`] whose verdict says why.
    pub fn activate(
        &self,
        validator: &Validator,
        text: &[u8],
        license_id: Option<&str>,
        clock: Clock,
    ) -> Result<Outcome, StoreError> {
        let mut session = self.begin(true)?;
        self.admit(validator, text, license_id, None, &mut session, clock, "activate")
    }

    /// Replaces the active license with its successor (`PUT /api/reactor`):
    /// a license that lists the active one's licenseId in `supersedes`, or
    /// has its licenseId and a later `issued`. The replaced licenseId is
    /// remembered as superseded, so no copy of it is taken again. Anything
    /// else is refused, the store left exactly as it was.
    ///
    /// # Errors
    /// As [`activate`](Self::activate).
    pub fn regenerate(&self, validator: &Validator, text: &[u8], clock: Clock) -> Result<Outcome, StoreError> {
        let mut session = self.begin(true)?;
        let Some(active) = session.state.active.clone() else {
            let error = Error::NoActiveLicense { store: self.dir.to_string_lossy().into_owned() };
            return Ok(self.refuse(validator, None, error, clock, "regenerate"));
        };
        self.admit(validator, text, None, Some(&active), &mut session, clock, "regenerate")
    }

    /// Removes the active license (`DELETE /api/reactor`). The store keeps
    /// what it has seen and its clock mark; `policy` gives the clock
    /// tolerance the mark is judged by.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used.
    pub fn deactivate(&self, policy: Policy, clock: Clock) -> Result<Deactivation, StoreError> {
        let mut session = self.begin(false)?;
        let mut changed = false;
        let mut events = Vec::new();
        self.watch_clock(&mut session.state, policy, clock, &mut changed, &mut events);
        let removed = session.state.active.take().map(|active| active.license_id);
        if let Some(id) = &removed {
            changed = true;
            events.push(events::event("license.deactivate", clock.system, members(json!({ "licenseId": id }))));
        }
        let warnings = self.commit(&session, changed, &events)?;
        Ok(Deactivation { removed, warnings })
    }

    /// The active license's verdict and status map at `clock.judged()`
    /// (`GET /api/reactor`), verified again with `validator`. With no active
    /// license: the unlicensed map and [`Error::NoActiveLicense`].
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used or its state is corrupt.
    pub fn status(&self, validator: &Validator, clock: Clock) -> Result<Outcome, StoreError> {
        let mut session = self.begin(false)?;
        let mut changed = false;
        let mut events = Vec::new();
        self.watch_clock(&mut session.state, validator.policy(), clock, &mut changed, &mut events);
        let now = clock.judged();
        let (judgement, status) = match session.state.active.clone() {
            None => {
                let error = Error::NoActiveLicense { store: self.dir.to_string_lossy().into_owned() };
                (Judgement::new(None, Some(error), now), validator.unlicensed())
            }
            Some(active) => {
                let text = STANDARD.decode(&active.license_base64).map_err(|e| StoreError::Corrupt {
                    path: self.state_path().to_string_lossy().into_owned(),
                    detail: format!("the active license is not Base64 ({e})"),
                })?;
                match validator.verify(&text) {
                    // The store is not trusted: what it keeps must verify again.
                    Err(e) => (Judgement::new(None, Some(e), now), validator.unlicensed()),
                    Ok(license) => {
                        let judged = self.judge(&session.state, validator, license, now);
                        if clock.at.is_none()
                            && judged.0.error().is_some_and(|e| e.kind() == ErrorKind::Expired)
                            && session.state.expiry_logged.insert(active.license_id.clone())
                        {
                            changed = true;
                            let expired = json!({
                                "licenseId": active.license_id,
                                "expiration": judged.0.license().map(|l| l.expiration().to_string()),
                            });
                            events.push(events::event("license.expire", clock.system, members(expired)));
                        }
                        judged
                    }
                }
            }
        };
        let warnings = self.commit(&session, changed, &events)?;
        Ok(Outcome { judgement, status, stored: session.state.active.is_some(), warnings })
    }

    /// A verified license at `now`, the store's mark considered first.
    fn judge(&self, state: &State, validator: &Validator, license: License, now: DateTime<Utc>) -> (Judgement, Status) {
        if let Some(error) = rolled_back(state, validator.policy(), now) {
            let status = license.status_with_untrusted_clock();
            return (Judgement::new(Some(license), Some(error), now), status);
        }
        let status = license.status(now);
        (Judgement::of_license(license, now), status)
    }

    /// The rules of activation and regeneration, in order: the signature
    /// and document, the licenseId given, supersession, age, succession,
    /// the clock against the mark, then the dates.
    #[allow(clippy::too_many_arguments)]
    fn admit(
        &self,
        validator: &Validator,
        text: &[u8],
        license_id: Option<&str>,
        successor_of: Option<&Active>,
        session: &mut Session,
        clock: Clock,
        command: &str,
    ) -> Result<Outcome, StoreError> {
        let now = clock.system;
        let license = match validator.verify(text) {
            Ok(license) => license,
            Err(e) => return Ok(self.refuse(validator, None, e, clock, command)),
        };
        let id = license.license_id().to_owned();
        let state = &session.state;
        let refusal = if let Some(given) = license_id.filter(|given| *given != id) {
            Some(Error::LicenseIdMismatch { given: given.to_owned(), license_id: id.clone() })
        } else if let Some(by) = state.superseded.get(&id) {
            Some(Error::Superseded { license_id: id.clone(), by: by.clone() })
        } else if let Some(seen) = state.seen.get(&id).filter(|seen| license.issued() < **seen) {
            Some(Error::OlderThanSeen { license_id: id.clone(), issued: license.issued(), seen: *seen })
        } else if let Some(active) = successor_of.filter(|active| !succeeds(&license, active)) {
            Some(Error::NotASuccessor { active: active.license_id.clone(), license_id: id.clone() })
        } else if let Some(error) = rolled_back(state, validator.policy(), now) {
            Some(error)
        } else {
            match license.check(now) {
                Err(e) if matches!(e.kind(), ErrorKind::Expired | ErrorKind::ClockUntrusted | ErrorKind::Rejected) => {
                    Some(e)
                }
                // In effect, not yet in effect (stored, exit 4), or ending
                // within the policy's period: stored.
                Err(_) | Ok(()) => None,
            }
        };
        if let Some(error) = refusal {
            return Ok(self.refuse(validator, Some(license), error, clock, command));
        }

        let state = &mut session.state;
        let seen = state.seen.entry(id.clone()).or_insert(license.issued());
        *seen = (*seen).max(license.issued());
        for replaced in license.supersedes() {
            state.superseded.entry(replaced.clone()).or_insert_with(|| id.clone());
        }
        if let Some(active) = successor_of.filter(|active| active.license_id != id) {
            state.superseded.entry(active.license_id.clone()).or_insert_with(|| id.clone());
        }
        let previous = state.active.replace(Active {
            license_base64: STANDARD.encode(text),
            license_id: id.clone(),
            issued: license.issued(),
            activated_at: now.timestamp(),
        });
        state.clock_mark = Some(state.clock_mark.map_or(now.timestamp(), |mark| mark.max(now.timestamp())));
        state.clock_untrusted = false;
        let mut event = members(json!({
            "licenseId": id,
            "issuedTo": license.issued_to(),
            "plan": license.plan(),
            "expiration": license.expiration().to_string(),
            "kid": license.kid(),
        }));
        if let Some(previous) = previous.filter(|p| p.license_id != id) {
            event.insert("previousLicenseId".to_owned(), json!(previous.license_id));
        }
        let kind = if command == "regenerate" { "license.regenerate" } else { "license.activate" };
        let events = [events::event(kind, now, event)];
        let warnings = self.commit(session, true, &events)?;
        let status = license.status(now);
        Ok(Outcome { judgement: Judgement::of_license(license, now), status, stored: true, warnings })
    }

    /// A refusal: the state file is not touched; the event log says why.
    fn refuse(
        &self,
        validator: &Validator,
        license: Option<License>,
        error: Error,
        clock: Clock,
        command: &str,
    ) -> Outcome {
        let mut detail = members(json!({ "command": command, "code": error.code(), "message": error.to_string() }));
        if let Some(license) = &license {
            detail.insert("licenseId".to_owned(), json!(license.license_id()));
        }
        let event = events::event("license.refuse", clock.system, detail);
        let warnings = self.log(&[event]);
        let judgement = Judgement::new(license, Some(error), clock.system);
        Outcome { judgement, status: validator.unlicensed(), stored: false, warnings }
    }

    /// The clock against the mark: logs the start of an untrusted episode
    /// once, ends it when the clock is back, and moves the mark forward when
    /// the system clock has gone meaningfully past it.
    fn watch_clock(
        &self,
        state: &mut State,
        policy: Policy,
        clock: Clock,
        changed: &mut bool,
        events: &mut Vec<Value>,
    ) {
        let untrusted = rolled_back(state, policy, clock.system).is_some();
        if untrusted && !state.clock_untrusted {
            state.clock_untrusted = true;
            *changed = true;
            let mark = state.mark().map(|m| m.timestamp_millis());
            let detail = json!({ "clockInstant": clock.system.timestamp_millis(), "markInstant": mark });
            events.push(events::event("license.clock.untrusted", clock.system, members(detail)));
        } else if !untrusted && state.clock_untrusted {
            state.clock_untrusted = false;
            *changed = true;
        }
        let moved = state.mark().is_none_or(|mark| clock.system >= mark + MARK_STEP);
        if !untrusted && moved {
            state.clock_mark = Some(clock.system.timestamp());
            *changed = true;
        }
    }

    /// Saves the state if it changed (only in an existing store), then logs
    /// the events; returns the warnings of a log that could not be written.
    fn commit(&self, session: &Session, changed: bool, events: &[Value]) -> Result<Vec<String>, StoreError> {
        if !session.exists {
            // Nothing to record in a store that does not exist: status and
            // deactivate do not create one.
            return Ok(Vec::new());
        }
        if changed {
            session.state.save(&self.state_path())?;
        }
        Ok(self.log(events))
    }

    /// Appends events; a failure is a warning, never a changed verdict.
    fn log(&self, events: &[Value]) -> Vec<String> {
        if events.is_empty() || !self.dir.is_dir() {
            return Vec::new();
        }
        match events::append(&self.events_path(), events) {
            Ok(()) => Vec::new(),
            Err(e) => vec![format!("the event could not be logged: {e}")],
        }
    }
}

/// Whether `license` succeeds the active one: it lists the active licenseId
/// in `supersedes`, or it is the same licenseId issued later.
fn succeeds(license: &License, active: &Active) -> bool {
    license.supersedes().contains(&active.license_id)
        || (license.license_id() == active.license_id && license.issued() > active.issued)
}

/// The verdict of an instant more than the tolerance before the mark.
fn rolled_back(state: &State, policy: Policy, now: DateTime<Utc>) -> Option<Error> {
    let tolerance = policy.clock_tolerance;
    let mark = state.mark()?;
    let earliest = mark.checked_sub_signed(tolerance)?;
    (now < earliest).then(|| Error::ClockRolledBack { now, mark, tolerance_hours: tolerance.num_hours() })
}

/// The members of a JSON object given as `json!({...})`.
fn members(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
