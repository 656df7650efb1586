//! The commands: activate, regenerate, deactivate and status, each under the
//! store's lock, each leaving the state file as it was or replacing it whole.

use std::path::{Path, PathBuf};
use std::time::Duration;

use airgap_license::chrono::SecondsFormat;
use airgap_license::chrono::{DateTime, TimeDelta, Utc};
use airgap_license::{
    ErrorKind, Judgement, License, Machine, Policy, Receipt, Request, Standing, Status, Validator,
    canonical_license_id, check_instant, day_start, license_digest,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::error::StoreError;
use crate::events::{self, EventType, Events};
use crate::folder::Folder;
use crate::lock::StoreLock;
use crate::machine::Identity;
use crate::refusal::StoreRefusal;
use crate::state::{Active, Order, RevocationRecord, State};

/// The revocation list the store keeps, as it was imported.
const REVOCATIONS: &str = "revocations.txt";
/// The largest list read (the library's limit, 8 MiB).
const MAX_REVOCATIONS: u64 = 8 * 1024 * 1024;

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

    /// The system clock's reading now, in whole seconds: the one reading of
    /// the clock the command line and the bindings share (the library never
    /// reads one, and the store's commands take theirs from the caller).
    /// Not checked here: the commands refuse an instant outside the years
    /// 1970 to 9999 ([`check_instant`]).
    #[must_use]
    pub fn system_now() -> DateTime<Utc> {
        let now = DateTime::<Utc>::from(std::time::SystemTime::now());
        DateTime::<Utc>::from_timestamp(now.timestamp(), 0).unwrap_or(now)
    }

    /// The instant the license is judged at.
    #[must_use]
    pub fn judged(&self) -> DateTime<Utc> {
        self.at.unwrap_or(self.system)
    }

    /// For a command that judges nothing at an instant and records no
    /// mark (`machine`, `this_machine`, `last_receipt`): any valid instant.
    fn unjudged() -> Clock {
        Clock::system(DateTime::UNIX_EPOCH)
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
    /// A renewal the store holds until its `notBefore`, while the active
    /// license stays in use.
    pub pending: Option<Pending>,
}

impl Outcome {
    /// The verdict object (what `verify --json` prints) with `stored`, and
    /// `pending` when a renewal waits: what the CLI's `activate --json` and
    /// the bindings return.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut body = self.judgement.to_json();
        if let Value::Object(object) = &mut body {
            object.insert("stored".to_owned(), Value::Bool(self.stored));
            if let Some(pending) = &self.pending {
                object.insert("pending".to_owned(), pending.to_json());
            }
        }
        body
    }

    /// [`to_json`](Self::to_json) with the `status` member of the
    /// `GET /api/reactor` body: what the bindings' `Store.status` returns.
    #[must_use]
    pub fn to_json_with_status(&self) -> Value {
        let mut body = self.to_json();
        if let (Value::Object(members), Value::Object(status)) = (&mut body, self.status.to_body()) {
            members.extend(status);
        }
        body
    }

    /// Why the store refused the license: the judgement's problem when
    /// nothing was stored or held. `None` when it was taken.
    #[must_use]
    pub fn refusal(&self) -> Option<&airgap_license::Problem> {
        self.judgement.problem().filter(|_| !self.stored && self.pending.is_none())
    }
}

/// A renewal held until it is in effect: taken by `activate` or
/// `regenerate` while the active license was in effect and the renewal not
/// yet, so that renewing early never turns an `ACTIVE` machine `PENDING`.
/// It takes over at [`takes_over_at`](Self::takes_over_at), at the first
/// command on or after it (logged as `license.regenerate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Its licenseId.
    pub license_id: String,
    /// Its `sequence`.
    pub sequence: u32,
    /// Its `issued`.
    pub issued: airgap_license::chrono::NaiveDate,
    /// 00:00 UTC of its `notBefore`.
    pub takes_over_at: DateTime<Utc>,
}

impl Pending {
    /// As JSON: `{"licenseId", "sequence", "issued", "takesOverAt"}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        json!({
            "licenseId": self.license_id,
            "sequence": self.sequence,
            "issued": self.issued.to_string(),
            "takesOverAt": self.takes_over_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        })
    }

    fn of(license: &License) -> Pending {
        Pending {
            license_id: license.license_id().to_owned(),
            sequence: license.sequence(),
            issued: license.issued(),
            takes_over_at: day_start(license.not_before()),
        }
    }
}

/// What `deactivate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deactivation {
    /// The licenseId removed, or `None` when no license was active.
    pub removed: Option<String>,
    /// For a license bound to this machine: the release receipt (armored
    /// text), signed by the device key that was then destroyed.
    pub receipt: Option<String>,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// A store folder. Cheap to make: nothing is read until a command runs.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    wait: Duration,
    identity: Identity,
}

/// This machine as `machine` reports it: never a raw component value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineReport {
    /// The device key's fingerprint (`SHA256:...`).
    pub device_fingerprint: String,
    /// Whether the key was made by this call.
    pub created: bool,
    /// The names of the components found.
    pub components: Vec<String>,
    /// The label a request carries (the host name, cleaned).
    pub label: String,
}

impl MachineReport {
    /// As JSON: `{"deviceFingerprint", "created", "components", "label"}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        json!({
            "deviceFingerprint": self.device_fingerprint,
            "created": self.created,
            "components": self.components,
            "label": self.label,
        })
    }
}

/// What `request` made.
#[derive(Debug, Clone)]
pub struct RequestOutcome {
    /// The license's verdict as it was verified (rejected: no request).
    pub judgement: Judgement,
    /// The request, armored, when the license verified.
    pub text: Option<String>,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// What `import_revocations` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationImport {
    /// The list imported (or refused): its sequence.
    pub sequence: u64,
    /// The sequence of the list the store kept before, if any.
    pub previous: Option<u64>,
    /// Why the list was refused (not newer than the stored one); the store
    /// was left as it was.
    pub refusal: Option<StoreRefusal>,
    /// The licenseIds the list took out of the store (the active license, a
    /// held renewal), each logged as `license.revoke`.
    pub revoked: Vec<String>,
    /// The list the store had recorded, given again while its file did not
    /// hold it (a crash between the two writes): the file was written and
    /// nothing else changed.
    pub repaired: bool,
    /// The list given is the one the store already keeps (the same text,
    /// its file whole): nothing to do, and no refusal (cron and Ansible
    /// import the same list every day).
    pub already_imported: bool,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// What `clock_reset` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockReset {
    /// The mark before, `None` when the store had none.
    pub previous: Option<DateTime<Utc>>,
    /// The mark now: the system clock's reading given.
    pub mark: DateTime<Utc>,
    /// As [`Outcome::warnings`].
    pub warnings: Vec<String>,
}

/// The store opened for one command: its folder open and checked, its lock
/// held and its state read (when the folder exists), the clock the caller
/// read, and what the command has changed and has to log so far. Every
/// rule and write of a command is a method of it.
struct Session {
    folder: Option<(Folder, StoreLock)>,
    state: State,
    clock: Clock,
    identity: Identity,
    changed: bool,
    events: Vec<Value>,
}

impl Session {
    /// A verified license as it stands here: a template or a bound license
    /// judged against this machine (the store's device key and the
    /// components found now); any other license as it is, nothing collected.
    fn placed(&self, license: License) -> License {
        if license.needs_machine() { license.on_machine(&self.machine()) } else { license }
    }

    /// This machine: the store's device key, its components, and the
    /// component key derived from the device key's seed.
    fn machine(&self) -> Machine {
        match self.state.device_key() {
            Some(key) => machine_of(&self.identity, &key),
            None => self.identity.machine(None),
        }
    }

    /// The device key, made now (from the operating system's random source)
    /// if the store has none.
    fn device_key(&mut self) -> Result<(ed25519_dalek::SigningKey, bool), StoreError> {
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

    fn folder(&self) -> Option<&Folder> {
        self.folder.as_ref().map(|(folder, _)| folder)
    }

    /// `validator` with the revocation list the store keeps applied, so
    /// that a listed license is never taken. The list is verified again (the
    /// store is not trusted); one older than the store recorded, or that no
    /// longer verifies, stops the command: fail closed.
    fn with_stored_revocations(&self, validator: &Validator) -> Result<Validator, StoreError> {
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
    fn file_lags(&self, folder: &Folder, sequence: u64, sha256: &str) -> bool {
        let Some(record) = &self.state.revocations else { return false };
        if record.sequence != sequence || record.sha256 != sha256 {
            return false;
        }
        !matches!(folder.read(REVOCATIONS, MAX_REVOCATIONS), Ok(Some(bytes)) if airgap_license::sha256_hex(&bytes) == sha256)
    }

    /// Records an event to log at commit.
    fn log(&mut self, kind: EventType, members: Value) {
        self.events.push(events::event(kind, self.clock.system, as_members(members)));
    }

    /// The clock against the mark: logs the start of an untrusted episode
    /// once, ends it when the clock is back, and moves the mark forward when
    /// the system clock has gone meaningfully past it.
    fn watch_clock(&mut self, policy: Policy) {
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
    fn release(&mut self, active: &Active) -> Result<Option<String>, StoreError> {
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
    fn judge(&self, validator: &Validator, license: License, now: DateTime<Utc>) -> Judgement {
        match rolled_back(&self.state, validator.policy(), now) {
            Some(refusal) => Judgement::refused(Some(license), refusal.to_refusal(), now),
            None => Judgement::of_license(license, now),
        }
    }

    /// Makes an admitted license the active one and logs it.
    fn take(&mut self, text: &[u8], license: &License, successor_of: Option<&Active>, command: Admission) {
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
    fn hold(&mut self, text: &[u8], license: &License) {
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
    fn take_over(&mut self, validator: &Validator) {
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
    fn pending(&self, validator: &Validator) -> Option<Pending> {
        let text = STANDARD.decode(&self.state.pending.as_ref()?.license_base64).ok()?;
        validator.verify(&text).ok().map(|license| Pending::of(&license))
    }

    /// Whether an admitted `license` is a renewal to hold: not yet in
    /// effect, succeeding the active license, which is in effect now.
    fn to_hold(&self, validator: &Validator, license: &License) -> bool {
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
    fn admit(
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
    fn refuse(&mut self, validator: &Validator, judgement: Judgement, command: Admission) -> Outcome {
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
    fn commit(&mut self) -> Result<Vec<String>, StoreError> {
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
    fn log_events(&mut self) -> Vec<String> {
        let events = std::mem::take(&mut self.events);
        let Some(folder) = self.folder().filter(|_| !events.is_empty()) else { return Vec::new() };
        match events::append(folder, &events) {
            Ok(()) => Vec::new(),
            Err(e) => vec![format!("the event could not be logged: {e}")],
        }
    }
}

impl Store {
    /// The store in `dir` (created by the first activation).
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into(), wait: DEFAULT_WAIT, identity: Identity::default() }
    }

    /// The same store, identifying this machine by `identity` (by default
    /// [`Identity::Environment`]: `AIRGAP_LICENSE_MACHINE_ID` when set, else
    /// the hardware).
    #[must_use]
    pub fn with_identity(mut self, identity: Identity) -> Store {
        self.identity = identity;
        self
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
        let clock = clock.check()?;
        let identity = self.identity.clone();
        let session = |folder, state| Session { folder, state, clock, identity, changed: false, events: Vec::new() };
        let Some(folder) = Folder::open_existing(&self.dir)? else {
            return Ok(session(None, State::default()));
        };
        let lock = StoreLock::take(&folder, self.wait)?;
        folder.remove_leftovers();
        let state = State::load(&folder)?;
        Ok(session(Some((folder, lock)), state))
    }

    /// As [`begin`](Self::begin), making the folder first if it does not exist.
    fn begin_created(&self, clock: Clock) -> Result<Session, StoreError> {
        let session = self.begin(clock)?;
        if session.folder.is_some() {
            return Ok(session);
        }
        drop(Folder::create(&self.dir)?);
        self.begin(clock)
    }

    /// Why a session has no license to judge: no store in the folder at
    /// all, or none active in it.
    fn no_active_license(&self, session: &Session) -> StoreRefusal {
        let store = self.dir.to_string_lossy().into_owned();
        if session.folder.is_none() { StoreRefusal::NoStore { store } } else { StoreRefusal::NoActiveLicense { store } }
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
        let admission = Admission::Activate;
        if session.folder.is_none() {
            // Judged against an empty store first: a refused activation
            // creates no folder.
            if let Decision::Refuse(judgement) = decide(&session, validator, text, license_id, None) {
                return Ok(session.refuse(validator, judgement, admission));
            }
            drop(Folder::create(&self.dir)?);
            session = self.begin(clock)?;
        }
        session.take_over(validator);
        let validator = &session.with_stored_revocations(validator)?;
        match decide(&session, validator, text, license_id, None) {
            Decision::Refuse(judgement) => Ok(session.refuse(validator, judgement, admission)),
            Decision::Admit(license) => session.admit(validator, text, license, admission),
        }
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
        let admission = Admission::Regenerate;
        session.take_over(validator);
        let validator = &session.with_stored_revocations(validator)?;
        let Some(active) = session.state.active.clone() else {
            let judgement = Judgement::refused(None, self.no_active_license(&session).to_refusal(), clock.system);
            return Ok(session.refuse(validator, judgement, admission));
        };
        match decide(&session, validator, text, None, Some(&active)) {
            Decision::Refuse(judgement) => Ok(session.refuse(validator, judgement, admission)),
            Decision::Admit(license) => session.admit(validator, text, license, admission),
        }
    }

    /// Removes the active license (`DELETE /api/reactor`). The store keeps
    /// what it has seen and its clock mark; `policy` gives the clock
    /// tolerance the mark is judged by.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used.
    pub fn deactivate(&self, policy: Policy, clock: Clock) -> Result<Deactivation, StoreError> {
        let mut session = self.begin(clock)?;
        session.watch_clock(policy);
        let active = session.state.active.take();
        let held = session.state.pending.take();
        let mut receipt = None;
        let mut warnings = Vec::new();
        if let Some(active) = &active {
            session.changed = true;
            let mut event = json!({ "licenseId": active.license_id });
            if let (Some(held), Value::Object(members)) = (&held, &mut event) {
                members.insert("pendingLicenseId".to_owned(), json!(held.license_id));
            }
            if active.bound {
                match session.release(active)? {
                    Some(text) => {
                        let digest = airgap_license::Receipt::digest_of(text.as_bytes()).unwrap_or_default();
                        if let Value::Object(members) = &mut event {
                            members.insert("receiptSha256".to_owned(), json!(digest));
                            members.insert("receipt".to_owned(), json!(text));
                        }
                        receipt = Some(text);
                    }
                    None => warnings.push(
                        "the license was bound to this machine, but the store has no device key: no release receipt"
                            .to_owned(),
                    ),
                }
            }
            session.log(EventType::Deactivate, event);
        }
        warnings.extend(session.commit()?);
        Ok(Deactivation { removed: active.map(|a| a.license_id), receipt, warnings })
    }

    /// This machine: its device key's fingerprint (the key made now if the
    /// store has none, and the store with it) and the names of the
    /// components found. Never a raw value.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used or made.
    pub fn machine(&self) -> Result<MachineReport, StoreError> {
        let mut session = self.begin_created(Clock::unjudged())?;
        let (key, created) = session.device_key()?;
        let (components, label) = session.identity.collect();
        session.commit()?;
        Ok(MachineReport {
            device_fingerprint: airgap_license::device_fingerprint(&key.verifying_key().to_bytes()),
            created,
            components: components.into_iter().map(|(name, _)| name).collect(),
            label,
        })
    }

    /// The release receipt the last deactivation of a bound license wrote
    /// (kept until the next one), so that a receipt lost on its way to the
    /// vendor is not a seat lost; `None` when there is none or no store.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be read.
    pub fn last_receipt(&self) -> Result<Option<String>, StoreError> {
        let session = self.begin(Clock::unjudged())?;
        Ok(session.state.last_receipt)
    }

    /// This machine as a license bound to it is judged: the store's device
    /// key (none when the store or its key does not exist: nothing is made)
    /// and the components found now.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be read.
    pub fn this_machine(&self) -> Result<Machine, StoreError> {
        let session = self.begin(Clock::unjudged())?;
        Ok(session.machine())
    }

    /// An activation request for `text` (a template, or a bound license to
    /// bind again): the licenseId, this store's device public key (made now
    /// if there is none), the machine's components hashed for that
    /// licenseId, its label and `clock.system`, signed by the device key. A
    /// license that does not verify gives its verdict and no request, and
    /// the store is left as it was.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used or made;
    /// [`StoreError::NotPerMachine`] for a license sold for any machine.
    pub fn request(&self, validator: &Validator, text: &[u8], clock: Clock) -> Result<RequestOutcome, StoreError> {
        let clock = clock.check()?;
        let license = match validator.verify(text) {
            Ok(license) => license,
            Err(e) => {
                let judgement = Judgement::rejected(e, clock.system);
                return Ok(RequestOutcome { judgement, text: None, warnings: Vec::new() });
            }
        };
        if !license.needs_machine() {
            return Err(StoreError::NotPerMachine { license_id: license.license_id().to_owned() });
        }
        let mut session = self.begin_created(clock)?;
        let (key, _) = session.device_key()?;
        let label = session.identity.collect().1;
        let machine = machine_of(&session.identity, &key);
        let request = Request {
            license_id: license.license_id().to_owned(),
            device_key: key.verifying_key().to_bytes(),
            components: machine.hashed_components(license.license_id()),
            label,
            requested_at: clock.system,
        };
        let request_text = request.to_text(|message| ed25519_dalek::Signer::sign(&key, message).to_bytes());
        let warnings = session.commit()?;
        let judgement = session.judge(validator, session.placed(license), clock.judged());
        Ok(RequestOutcome { judgement, text: Some(request_text), warnings })
    }

    /// The active license's verdict and status map at `clock.judged()`
    /// (`GET /api/reactor`), verified again with `validator`. With no active
    /// license: the unlicensed map and [`StoreRefusal::NoActiveLicense`].
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used or its state is corrupt.
    pub fn status(&self, validator: &Validator, clock: Clock) -> Result<Outcome, StoreError> {
        let mut session = self.begin(clock)?;
        session.watch_clock(validator.policy());
        session.take_over(validator);
        let now = clock.judged();
        let pending = session.pending(validator);
        // An instant asked for (`--at`) on or after a held renewal's first
        // day is judged as the renewal will have it.
        let judged = match (&session.state.pending, &pending) {
            (Some(held), Some(p)) if now >= p.takes_over_at => Some(held.clone()),
            _ => session.state.active.clone(),
        };
        let judgement = match judged {
            None => Judgement::refused(None, self.no_active_license(&session).to_refusal(), now),
            Some(active) => {
                let text = STANDARD.decode(&active.license_base64).map_err(|e| StoreError::Corrupt {
                    path: self.dir.join("state.json").to_string_lossy().into_owned(),
                    detail: format!("the active license is not Base64 ({e})"),
                })?;
                match validator.verify(&text) {
                    // The store is not trusted: what it keeps must verify again.
                    Err(e) => Judgement::rejected(e, now),
                    Ok(license) => {
                        let judged = session.judge(validator, session.placed(license), now);
                        if clock.at.is_none()
                            && judged.error().is_some_and(|e| e.kind() == ErrorKind::Expired)
                            && session.state.expiry_logged.insert(active.license_id.clone())
                        {
                            session.changed = true;
                            let expiration = judged.license().and_then(|l| l.expiration()).map(|day| day.to_string());
                            session.log(
                                EventType::Expire,
                                json!({ "licenseId": active.license_id, "expiration": expiration }),
                            );
                        }
                        judged
                    }
                }
            }
        };
        let warnings = session.commit()?;
        let status = judgement.status(validator);
        Ok(Outcome { judgement, status, stored: session.state.active.is_some(), warnings, pending })
    }

    /// Imports a revocation list (`revocations --store`): verified with
    /// `validator`'s keys, kept only if its sequence is higher than the one
    /// the store keeps (else refused, the store left as it was: a ratchet,
    /// never back). The active license, or a held renewal, that it names is
    /// removed at once (`license.revoke`), and no license it names is
    /// activated while it is the store's list. The state records the list
    /// (and drops what it revokes) before `revocations.txt` is written, so
    /// that no crash leaves a revoked license in the store: a crash between
    /// the two leaves the file older than the record, `activate` and
    /// `regenerate` then refuse until the list is imported again, and the
    /// same list given again only writes the file ([`RevocationImport::repaired`]).
    /// Creates the store if it does not exist.
    ///
    /// # Errors
    /// [`StoreError::Revocations`] for a list that does not verify; else
    /// when the store cannot be used.
    pub fn import_revocations(
        &self,
        validator: &Validator,
        text: &[u8],
        clock: Clock,
    ) -> Result<RevocationImport, StoreError> {
        let list =
            validator.revocations(text).map_err(|e| StoreError::Revocations { path: None, problem: e.to_string() })?;
        let mut session = self.begin_created(clock)?;
        session.watch_clock(validator.policy());
        let previous = session.state.revocations.as_ref().map(|record| record.sequence);
        let sequence = list.sequence();
        let sha256 = airgap_license::sha256_hex(text);
        let done = |refusal, revoked, repaired, warnings| RevocationImport {
            sequence,
            previous,
            refusal,
            revoked,
            repaired,
            already_imported: false,
            warnings,
        };
        let mut recorded = json!({ "sequence": sequence, "issued": list.issued().to_string(), "kid": list.kid(), "sha256": sha256, "previousSequence": previous });
        if let Some(folder) = session.folder().filter(|folder| session.file_lags(folder, sequence, &sha256)) {
            folder.replace(REVOCATIONS, text)?;
            if let Some(members) = recorded.as_object_mut() {
                members.insert("repaired".to_owned(), Value::Bool(true));
            }
            session.log(EventType::Revocations, recorded);
            return Ok(done(None, Vec::new(), true, session.commit()?));
        }
        if session
            .state
            .revocations
            .as_ref()
            .is_some_and(|record| record.sequence == sequence && record.sha256 == sha256)
        {
            return Ok(RevocationImport {
                already_imported: true,
                ..done(None, Vec::new(), false, session.log_events())
            });
        }
        if let Some(stored) = previous.filter(|stored| sequence <= *stored) {
            let refusal = StoreRefusal::OlderRevocations { sequence, stored };
            session.log(
                EventType::Refuse,
                json!({ "command": "revocations", "code": refusal.to_refusal().code(), "message": refusal.to_string() }),
            );
            return Ok(done(Some(refusal), Vec::new(), false, session.log_events()));
        }
        session.state.revocations = Some(RevocationRecord {
            sequence,
            issued: list.issued(),
            kid: list.kid().to_owned(),
            sha256: sha256.clone(),
        });
        session.changed = true;
        session.log(EventType::Revocations, recorded);
        let applied = validator.clone().with_revocations(list);
        let mut revoked = Vec::new();
        for held in [false, true] {
            let slot = if held { &session.state.pending } else { &session.state.active };
            let Some(kept) = slot.clone() else { continue };
            let Ok(kept_text) = STANDARD.decode(&kept.license_base64) else { continue };
            let Err(e) = applied.verify(&kept_text) else { continue };
            if e.kind() != ErrorKind::Revoked {
                continue;
            }
            if held {
                session.state.pending = None;
            } else {
                session.state.active = None;
            }
            session.log(
                EventType::Revoke,
                json!({ "licenseId": kept.license_id, "sequence": sequence, "message": e.to_string(), "pending": held }),
            );
            revoked.push(kept.license_id);
        }
        let warnings = session.commit()?;
        // After the state: a crash here leaves the file behind the record
        // (fail closed), never a revoked license in the store.
        if let Some(folder) = session.folder() {
            folder.replace(REVOCATIONS, text)?;
        }
        Ok(done(None, revoked, false, warnings))
    }

    /// Sets the clock mark to the system clock's reading (`clock-reset`):
    /// the way out after a clock that ran ahead (set to 2099 once) left the
    /// mark where every later command finds the clock wound back. What the
    /// store has seen and superseded is kept; the reset is logged
    /// (`license.clock.reset`, with the mark before). `None`: there is no
    /// store, and none is made.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be used, or the reading is
    /// outside the years 1970 to 9999.
    pub fn clock_reset(&self, now: DateTime<Utc>) -> Result<Option<ClockReset>, StoreError> {
        let mut session = self.begin(Clock::system(now))?;
        if session.folder.is_none() {
            return Ok(None);
        }
        let previous = session.state.mark();
        session.state.clock_mark = Some(now.timestamp());
        session.state.clock_untrusted = false;
        session.changed = true;
        session.log(
            EventType::ClockReset,
            json!({ "previousMarkInstant": previous.map(|m| m.timestamp_millis()), "markInstant": now.timestamp_millis() }),
        );
        let warnings = session.commit()?;
        Ok(Some(ClockReset { previous, mark: now, warnings }))
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
        && e.kind() == ErrorKind::Unbound
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
    } else if state.other_document(&id, Order::of(&license), &digest_of(text)) {
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
                e.kind(),
                ErrorKind::Expired
                    | ErrorKind::ClockUntrusted
                    | ErrorKind::Rejected
                    | ErrorKind::Unbound
                    | ErrorKind::NotCovered
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
enum Decision {
    /// Take it.
    Admit(License),
    /// Refuse it: the verdict says why.
    Refuse(Judgement),
}

/// Whether `license` succeeds the active one: it lists the active licenseId
/// in `supersedes`, or it is the same licenseId later by `sequence`, then
/// `issued`.
fn succeeds(license: &License, active: &Active) -> bool {
    license.supersedes().contains(&active.license_id)
        || (license.license_id() == active.license_id && Order::of(license) > active.order())
}

/// The refusal of an instant more than the tolerance before the mark.
fn rolled_back(state: &State, policy: Policy, now: DateTime<Utc>) -> Option<StoreRefusal> {
    let tolerance = policy.clock_tolerance;
    let mark = state.mark()?;
    let earliest = mark.checked_sub_signed(tolerance)?;
    (now < earliest).then(|| StoreRefusal::ClockRolledBack { now, mark, tolerance_hours: tolerance.num_hours() })
}

/// The members of a JSON object given as `json!({...})`.
fn as_members(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The digest of verified license text (the SHA-256 of its signed message,
/// whatever its wrapping).
fn digest_of(text: &[u8]) -> String {
    airgap_license::license_digest(text).unwrap_or_default()
}

/// This machine as `identity` finds it, with the device key `key` and the
/// component key derived from its seed.
fn machine_of(identity: &Identity, key: &ed25519_dalek::SigningKey) -> Machine {
    identity
        .machine(Some(key.verifying_key().to_bytes()))
        .with_component_key(airgap_license::component_key(&key.to_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stored_list_limit_is_the_librarys() {
        assert_eq!(usize::try_from(super::MAX_REVOCATIONS).ok(), Some(airgap_license::MAX_REVOCATIONS_TEXT));
    }
}
