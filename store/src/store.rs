//! The store and its commands: activate, regenerate, deactivate, status,
//! machine, request, revocations, clock-reset and events, each under the
//! store's lock (a [`Session`]), each leaving the state file as it was or
//! replacing it whole.

use std::path::{Path, PathBuf};
use std::time::Duration;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Judgement, Machine, Policy, Request, Validator, Verdict};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::clock::Clock;
use crate::error::StoreError;
use crate::events::{EventType, Events};
use crate::folder::Folder;
use crate::identity::Identity;
use crate::outcome::{ClockReset, Deactivation, MachineReport, Outcome, RequestOutcome, RevocationImport};
use crate::refusal::StoreRefusal;
use crate::session::{Admission, Decision, REVOCATIONS, Session, decide, machine_of};
use crate::state::RevocationRecord;

/// How long a command waits for another to release the store, by default.
const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// A store folder. Cheap to make: nothing is read until a command runs.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    wait: Duration,
    identity: Identity,
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

    /// Opens, checks, locks and reads the store for one command.
    fn begin(&self, clock: Clock) -> Result<Session, StoreError> {
        Session::open(&self.dir, self.wait, &self.identity, clock)
    }

    /// As [`begin`](Self::begin), making the folder first if it does not exist.
    fn begin_created(&self, clock: Clock) -> Result<Session, StoreError> {
        Session::open_created(&self.dir, self.wait, &self.identity, clock)
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
                            && judged.error().is_some_and(|e| e.verdict() == Verdict::Expired)
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
            if e.verdict() != Verdict::Revoked {
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
