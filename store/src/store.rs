//! The commands: activate, regenerate, deactivate and status, each under the
//! store's lock, each leaving the state file as it was or replacing it whole.

use std::path::{Path, PathBuf};
use std::time::Duration;

use airgap_license::chrono::{DateTime, TimeDelta, Utc};
use airgap_license::{
    Error, ErrorKind, Judgement, License, Policy, Status, Validator, canonical_license_id, check_instant,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::error::StoreError;
use crate::events::{self, EventType, Events};
use crate::folder::Folder;
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

    /// Refuses instants outside the years 1970 to 9999, before anything is
    /// judged or recorded.
    fn check(self) -> Result<Clock, StoreError> {
        check_instant(self.system)?;
        self.at.map(check_instant).transpose()?;
        Ok(self)
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

/// What `clock_reset` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockReset {
    /// The mark before, `None` when the store had none (or no store exists:
    /// then nothing was written).
    pub previous: Option<DateTime<Utc>>,
    /// The mark now: the system clock's reading given.
    pub mark: DateTime<Utc>,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// The store opened for one command: its folder open and checked, its lock
/// held and its state read, when the folder exists.
struct Session {
    folder: Option<(Folder, StoreLock)>,
    state: State,
}

impl Session {
    fn folder(&self) -> Option<&Folder> {
        self.folder.as_ref().map(|(folder, _)| folder)
    }
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

    /// Opens, checks, locks and reads the store, after checking the clock;
    /// a missing folder is an empty store, and is not created.
    fn begin(&self, clock: Clock) -> Result<Session, StoreError> {
        clock.check()?;
        let Some(folder) = Folder::open_existing(&self.dir)? else {
            return Ok(Session { folder: None, state: State::default() });
        };
        let lock = StoreLock::take(&folder, self.wait)?;
        folder.remove_leftovers();
        let state = State::load(&folder)?;
        Ok(Session { folder: Some((folder, lock)), state })
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
        let mut session = self.begin(clock)?;
        if session.folder.is_none() {
            // Judged against an empty store first: a refused activation
            // creates no folder.
            if let Decision::Refuse(license, error) = decide(&session.state, validator, text, license_id, None, clock) {
                return Ok(self.refuse(&session, validator, license, error, clock, Admission::Activate));
            }
            drop(Folder::create(&self.dir)?);
            session = self.begin(clock)?;
        }
        self.admit(validator, text, license_id, None, &mut session, clock, Admission::Activate)
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
        let mut session = self.begin(clock)?;
        let Some(active) = session.state.active.clone() else {
            let error = Error::NoActiveLicense { store: self.dir.to_string_lossy().into_owned() };
            return Ok(self.refuse(&session, validator, None, error, clock, Admission::Regenerate));
        };
        self.admit(validator, text, None, Some(&active), &mut session, clock, Admission::Regenerate)
    }

    /// Removes the active license (`DELETE /api/reactor`). The store keeps
    /// what it has seen and its clock mark; `policy` gives the clock
    /// tolerance the mark is judged by.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used.
    pub fn deactivate(&self, policy: Policy, clock: Clock) -> Result<Deactivation, StoreError> {
        let mut session = self.begin(clock)?;
        let mut changed = false;
        let mut events = Vec::new();
        self.watch_clock(&mut session.state, policy, clock, &mut changed, &mut events);
        let removed = session.state.active.take().map(|active| active.license_id);
        if let Some(id) = &removed {
            changed = true;
            events.push(events::event(EventType::Deactivate, clock.system, members(json!({ "licenseId": id }))));
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
        let mut session = self.begin(clock)?;
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
                    path: self.dir.join("state.json").to_string_lossy().into_owned(),
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
                            events.push(events::event(EventType::Expire, clock.system, members(expired)));
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

    /// Admits a license by the rules ([`decide`]) and makes it the active
    /// one, or refuses it, the state file untouched.
    #[allow(clippy::too_many_arguments)]
    fn admit(
        &self,
        validator: &Validator,
        text: &[u8],
        license_id: Option<&str>,
        successor_of: Option<&Active>,
        session: &mut Session,
        clock: Clock,
        command: Admission,
    ) -> Result<Outcome, StoreError> {
        let now = clock.system;
        let license = match decide(&session.state, validator, text, license_id, successor_of, clock) {
            Decision::Admit(license) => license,
            Decision::Refuse(license, error) => {
                return Ok(self.refuse(session, validator, license, error, clock, command));
            }
        };
        let id = license.license_id().to_owned();
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
        let kind = match command {
            Admission::Regenerate => EventType::Regenerate,
            Admission::Activate => EventType::Activate,
        };
        let events = [events::event(kind, now, event)];
        let warnings = self.commit(session, true, &events)?;
        let status = license.status(now);
        Ok(Outcome { judgement: Judgement::of_license(license, now), status, stored: true, warnings })
    }

    /// A refusal: the state file is not touched; the event log (of a store
    /// that exists) says why.
    fn refuse(
        &self,
        session: &Session,
        validator: &Validator,
        license: Option<License>,
        error: Error,
        clock: Clock,
        command: Admission,
    ) -> Outcome {
        let command = match command {
            Admission::Activate => "activate",
            Admission::Regenerate => "regenerate",
        };
        let mut detail = members(json!({ "command": command, "code": error.code(), "message": error.to_string() }));
        if let Some(license) = &license {
            detail.insert("licenseId".to_owned(), json!(license.license_id()));
        }
        let event = events::event(EventType::Refuse, clock.system, detail);
        let warnings = log(session, &[event]);
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
            events.push(events::event(EventType::ClockUntrusted, clock.system, members(detail)));
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
        // Nothing to record in a store that does not exist: status and
        // deactivate do not create one.
        let Some(folder) = session.folder() else { return Ok(Vec::new()) };
        if changed {
            session.state.save(folder)?;
        }
        Ok(log(session, events))
    }

    /// Sets the clock mark to the system clock's reading (`clock-reset`):
    /// the way out after a clock that ran ahead (set to 2099 once) left the
    /// mark where every later command finds the clock wound back. What the
    /// store has seen and superseded is kept; the reset is logged
    /// (`license.clock.reset`, with the mark before). A missing store is
    /// left missing.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used, or the reading is
    /// outside the years 1970 to 9999.
    pub fn clock_reset(&self, now: DateTime<Utc>) -> Result<ClockReset, StoreError> {
        let clock = Clock::system(now);
        let mut session = self.begin(clock)?;
        let previous = session.state.mark();
        if session.folder.is_none() {
            return Ok(ClockReset { previous, mark: now, warnings: Vec::new() });
        }
        session.state.clock_mark = Some(now.timestamp());
        session.state.clock_untrusted = false;
        let detail = json!({
            "previousMarkInstant": previous.map(|m| m.timestamp_millis()),
            "markInstant": now.timestamp_millis(),
        });
        let event = events::event(EventType::ClockReset, now, members(detail));
        let warnings = self.commit(&session, true, &[event])?;
        Ok(ClockReset { previous, mark: now, warnings })
    }

    /// The store's event log, read as it is iterated (memory bounded
    /// whatever the log's size); empty when the store does not exist.
    ///
    /// # Errors
    /// [`StoreError`] when the folder or the log cannot be opened.
    pub fn events(&self) -> Result<Events, StoreError> {
        let folder = Folder::open_existing(&self.dir)?;
        Events::open(folder.as_ref())
    }
}

/// Which command takes a license into the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Admission {
    Activate,
    Regenerate,
}

/// The rules of activation and regeneration, in order: the signature and
/// document, the licenseId given, supersession, age, succession, the clock
/// against the mark, then the dates.
fn decide(
    state: &State,
    validator: &Validator,
    text: &[u8],
    license_id: Option<&str>,
    successor_of: Option<&Active>,
    clock: Clock,
) -> Decision {
    let now = clock.system;
    let license = match validator.verify(text) {
        Ok(license) => license,
        Err(e) => return Decision::Refuse(None, e),
    };
    let id = license.license_id().to_owned();
    let refusal = if let Some(given) = license_id.filter(|given| canonical_license_id(given).as_deref() != Some(&id)) {
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
    match refusal {
        Some(error) => Decision::Refuse(Some(license), error),
        None => Decision::Admit(license),
    }
}

/// What [`decide`] made of a license.
enum Decision {
    /// Take it.
    Admit(License),
    /// Refuse it, for this reason (with the license when it verified).
    Refuse(Option<License>, Error),
}

/// Appends events to a store that exists; a failure is a warning, never a
/// changed verdict.
fn log(session: &Session, events: &[Value]) -> Vec<String> {
    let Some(folder) = session.folder().filter(|_| !events.is_empty()) else { return Vec::new() };
    match events::append(folder, events) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!("the event could not be logged: {e}")],
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
