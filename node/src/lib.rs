//! The native half of the Node package: `index.js` wraps it in the
//! Validator/License classes and error classes that mirror the Python API.

use airgap::chrono::{DateTime, Utc};
use airgap::{Error as LicenseFailure, Judgement, License, Validator, Verdict};
use napi::bindgen_prelude::{Buffer, Either};
use napi::{Error, Result, Status};
use napi_derive::napi;

/// A verified license as it stands on this machine: a template or a bound
/// license judged against the default store's device key (the rule every
/// binding shares); a store that cannot be read throws.
fn placed(license: License) -> Result<License> {
    airgap_license_store::Here::this_machine(None).place(license).map_err(|e| store_error(&e))
}

fn store_error(e: &airgap_license_store::StoreError) -> Error {
    Error::new(Status::GenericFailure, e.to_string())
}

/// What `check` returns: the CLI's exit code and the status map (the
/// `status` of the GET /api/reactor body).
#[napi(object)]
pub struct CheckResult {
    /// 0 in effect, 1 rejected or revoked, 3 expired, 4 not yet in effect,
    /// 5 clock untrusted, 7 not bound to this machine, 8 this release not
    /// covered. (An instant outside the years 1970 to 9999 throws.)
    pub exit_code: i32,
    /// `{"<feature>": state, "licensed": ..., ...}`: the map itself.
    pub status: serde_json::Value,
}

/// A verdict that is not "in effect", for index.js to raise as its class.
#[napi(object)]
pub struct Failure {
    /// `rejected`, `expired`, `notYetInEffect`, `clockUntrusted`, `endsWithin`, `unbound`, `notCovered`.
    pub kind: String,
    /// The FusionAuth code, `[expired]license`.
    pub code: String,
    /// The CLI's exit code.
    pub exit_code: i32,
    /// What is wrong.
    pub message: String,
}

fn failure(error: &LicenseFailure) -> Failure {
    Failure {
        // The verdict's JSON word, from the library's one vocabulary.
        kind: error.verdict().as_str().to_owned(),
        code: error.code(),
        exit_code: i32::from(error.exit_code()),
        message: error.to_string(),
    }
}

/// The instant of `now_ms` (milliseconds since the epoch, as `Date.now()`),
/// refused outside the years 1970 to 9999 (seconds passed as milliseconds
/// land in January 1970 and are taken; anything beyond 9999 is not).
fn instant(now_ms: f64) -> Result<DateTime<Utc>> {
    if !now_ms.is_finite() {
        return Err(Error::new(Status::InvalidArg, "now must be a finite number of milliseconds"));
    }
    #[allow(clippy::as_conversions)]
    let millis = now_ms.floor() as i64;
    airgap::instant_from_unix_millis(millis).map_err(|e| Error::new(Status::InvalidArg, e.to_string()))
}

fn bytes(text: &Either<String, Buffer>) -> &[u8] {
    match text {
        Either::A(text) => text.as_bytes(),
        Either::B(buffer) => buffer.as_ref(),
    }
}

/// The validator of the compiled-in keys, made once: parsing the keys each
/// call would cost a third of a check.
fn embedded() -> Result<&'static Validator> {
    airgap::embedded_validator!().map_err(|e| Error::new(Status::GenericFailure, e.to_string()))
}

/// Verifies `text` (a string or a Buffer, any form the CLI accepts) with the
/// compiled-in keys at `nowMs` and returns `{exitCode, status}`.
#[napi]
pub fn check(text: Either<String, Buffer>, now_ms: f64) -> Result<CheckResult> {
    let validator = embedded()?;
    let now = instant(now_ms)?;
    let judgement = match validator.verify(bytes(&text)) {
        Ok(license) => Judgement::of_license(placed(license)?, now),
        Err(e) => Judgement::rejected(e, now),
    };
    // The map itself (a status map serializes as the body's `status`).
    let status = serde_json::to_value(judgement.status(validator)).unwrap_or_default();
    Ok(CheckResult { exit_code: i32::from(judgement.exit_code()), status })
}

/// One verdict of the library's vocabulary.
#[napi(object)]
pub struct VerdictEntry {
    /// The JSON word (`notYetInEffect`), the error kind.
    pub word: String,
    /// The exit code.
    pub exit_code: i32,
    /// The phrase for people.
    pub phrase: String,
}

/// The verdicts that are not "in effect" (and not "unreadable"): index.js
/// makes an error class of each (`notYetInEffect`: `NotYetInEffectError`).
#[napi]
pub fn failure_verdicts() -> Vec<VerdictEntry> {
    Verdict::ALL
        .into_iter()
        .filter(|v| v.exit_code() != 0 && *v != Verdict::Unreadable)
        .map(|v| VerdictEntry {
            word: v.as_str().to_owned(),
            exit_code: i32::from(v.exit_code()),
            phrase: v.phrase().to_owned(),
        })
        .collect()
}

/// The version of the library.
#[napi]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Trusted keys and the catalog.
#[napi]
pub struct NativeValidator {
    inner: Validator,
}

#[napi]
impl NativeValidator {
    /// The compiled-in keys.
    #[napi(constructor)]
    pub fn new() -> Result<NativeValidator> {
        Ok(NativeValidator { inner: embedded()?.clone() })
    }

    /// The *.pem public keys of a folder.
    #[napi(factory)]
    pub fn from_keys_dir(path: String) -> Result<NativeValidator> {
        let inner = airgap::embedded!()
            .validator_with_keys_dir(std::path::Path::new(&path))
            .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))?;
        Ok(NativeValidator { inner })
    }

    /// One Ed25519 public key as PEM text under `kid`.
    #[napi(factory)]
    pub fn from_pem(kid: String, pem: Either<String, Buffer>) -> Result<NativeValidator> {
        // A Buffer as `verify` takes one (readFileSync without an encoding);
        // PEM is ASCII, so bytes that are not UTF-8 are no key.
        let pem = std::str::from_utf8(bytes(&pem))
            .map_err(|_| Error::new(Status::InvalidArg, "the PEM is not text (not UTF-8), so not a PEM key".to_owned()))?;
        let inner = airgap::embedded!()
            .validator_with_pem(&kid, pem)
            .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))?;
        Ok(NativeValidator { inner })
    }

    /// The same validator for a product released on `day` (`YYYY-MM-DD`).
    #[napi]
    pub fn with_release_date(&self, day: String) -> Result<NativeValidator> {
        let day = airgap::parse_date("day", &day).map_err(|e| Error::new(Status::InvalidArg, e.to_string()))?;
        Ok(NativeValidator { inner: self.inner.clone().with_release_date(day) })
    }

    /// The same validator refusing every license the revocation list `text`
    /// names (verdict `revoked`); the list must verify with its trusted keys.
    #[napi]
    pub fn with_revocations(&self, text: Either<String, Buffer>) -> Result<NativeValidator> {
        let list = self.inner.revocations(bytes(&text)).map_err(|e| Error::new(Status::InvalidArg, e.to_string()))?;
        Ok(NativeValidator { inner: self.inner.clone().with_revocations(list) })
    }

    /// The verdict object of `text` at `nowMs`.
    #[napi]
    pub fn judge(&self, text: Either<String, Buffer>, now_ms: f64) -> Result<serde_json::Value> {
        Ok(airgap_license_store::Here::this_machine(None).judge(&self.inner, bytes(&text), instant(now_ms)?).to_json())
    }

    /// The trusted keys: `{kid, fingerprint, sampleKey}` each.
    #[napi(getter)]
    pub fn keys(&self) -> serde_json::Value {
        self.inner.keys().iter().map(airgap::TrustedKey::to_json).collect()
    }

    /// The verified license (placed on this machine), or the rejection.
    #[napi]
    pub fn verify(&self, text: Either<String, Buffer>) -> Result<Either<NativeLicense, Failure>> {
        Ok(match self.inner.verify(bytes(&text)) {
            Ok(inner) => Either::A(NativeLicense { inner: placed(inner)? }),
            Err(e) => Either::B(failure(&e)),
        })
    }
}

/// A license whose signature verified.
#[napi]
pub struct NativeLicense {
    inner: License,
}

#[napi]
impl NativeLicense {
    /// `null` when in effect at `nowMs`, else what is wrong.
    #[napi]
    pub fn check(&self, now_ms: f64) -> Result<Option<Failure>> {
        Ok(self.inner.check(instant(now_ms)?).err().map(|e| failure(&e)))
    }

    /// One feature's state at `nowMs`.
    #[napi]
    pub fn feature(&self, name: String, now_ms: f64) -> Result<String> {
        Ok(self.inner.feature(&name, instant(now_ms)?).as_str().to_owned())
    }

    /// The GET /api/reactor body at `nowMs`.
    #[napi]
    pub fn status(&self, now_ms: f64) -> Result<serde_json::Value> {
        Ok(self.inner.status(instant(now_ms)?).to_body())
    }

    /// licenseId.
    #[napi(getter)]
    pub fn license_id(&self) -> String {
        self.inner.license_id().to_owned()
    }

    /// issuedTo.
    #[napi(getter)]
    pub fn issued_to(&self) -> String {
        self.inner.issued_to().to_owned()
    }

    /// licenseAttributes.LicensedPlan.
    #[napi(getter)]
    pub fn plan(&self) -> String {
        self.inner.plan().to_owned()
    }

    /// licenseAttributes.LicenseType.
    #[napi(getter)]
    pub fn license_type(&self) -> String {
        self.inner.license_type().to_owned()
    }

    /// The key id that verified it.
    #[napi(getter)]
    pub fn kid(&self) -> String {
        self.inner.kid().to_owned()
    }

    /// The last day in effect, `YYYY-MM-DD`; null for a perpetual license.
    #[napi(getter)]
    pub fn expiration(&self) -> Option<String> {
        self.inner.expiration().map(|day| day.to_string())
    }

    /// maintenanceUntil, `YYYY-MM-DD`, or null.
    #[napi(getter)]
    pub fn maintenance_until(&self) -> Option<String> {
        self.inner.maintenance_until().map(|day| day.to_string())
    }

    /// issued, `YYYY-MM-DD`.
    #[napi(getter)]
    pub fn issued(&self) -> String {
        self.inner.issued().to_string()
    }

    /// notBefore (issued when absent), `YYYY-MM-DD`.
    #[napi(getter)]
    pub fn not_before(&self) -> String {
        self.inner.not_before().to_string()
    }

    /// The first instant no longer in effect, in milliseconds; null for a perpetual license.
    #[napi(getter)]
    pub fn ends_at_ms(&self) -> Option<f64> {
        self.inner.ends_at().map(|at| millis_f64(at.timestamp_millis()))
    }

    /// Whole days from `nowMs` to the end (0 once ended); null for a perpetual license.
    #[napi]
    pub fn days_left(&self, now_ms: f64) -> Result<Option<i64>> {
        let now = instant(now_ms)?;
        Ok(self.inner.expiration().map(|_| self.inner.days_left(now)))
    }

    /// sequence.
    #[napi(getter)]
    pub fn sequence(&self) -> u32 {
        self.inner.sequence()
    }

    /// Whether the public sample key verified it.
    #[napi(getter)]
    pub fn sample_key(&self) -> bool {
        self.inner.signed_by_sample_key()
    }

    /// graceDays.
    #[napi(getter)]
    pub fn grace_days(&self) -> u32 {
        self.inner.grace_days()
    }

    /// noticeDays.
    #[napi(getter)]
    pub fn notice_days(&self) -> u32 {
        self.inner.notice_days()
    }

    /// Whether, at `nowMs`, it is in effect within the notice period of its end.
    #[napi]
    pub fn in_notice(&self, now_ms: f64) -> Result<bool> {
        Ok(self.inner.in_notice(instant(now_ms)?))
    }

    /// supersedes: the licenseIds it replaces.
    #[napi(getter)]
    pub fn supersedes(&self) -> Vec<String> {
        self.inner.supersedes().to_vec()
    }

    /// machines: the number a template is sold for, or null.
    #[napi(getter)]
    pub fn machines(&self) -> Option<u32> {
        self.inner.machines().and_then(|n| u32::try_from(n).ok())
    }

    /// Whether its plan is `plan` or above; null for a plan the catalog lacks.
    #[napi]
    pub fn plan_at_least(&self, plan: String) -> Option<bool> {
        self.inner.plan_at_least(&plan)
    }

    /// Why one feature has its state at `nowMs`: `{feature, state, reason}`.
    #[napi]
    pub fn explain(&self, name: String, now_ms: f64) -> Result<serde_json::Value> {
        Ok(self.inner.explain(&name, instant(now_ms)?).to_json())
    }

    /// Every instant the status map changes: `[{fromMs, standing}]`.
    #[napi]
    pub fn timeline(&self) -> serde_json::Value {
        self.inner
            .timeline()
            .into_iter()
            .map(|(at, standing)| {
                serde_json::json!({ "fromMs": at.timestamp_millis(), "standing": standing.verdict().as_str() })
            })
            .collect()
    }

    /// The verdict object at `nowMs`.
    #[napi]
    pub fn judge(&self, now_ms: f64) -> Result<serde_json::Value> {
        Ok(airgap::Judgement::of_license(self.inner.clone(), instant(now_ms)?).to_json())
    }
}

/// Milliseconds as a JavaScript number (exact below 2^53, which every
/// instant of the years 1970 to 9999 is).
fn millis_f64(ms: i64) -> f64 {
    #[allow(clippy::cast_precision_loss, clippy::as_conversions)]
    let value = ms as f64;
    value
}

/// A store folder: this machine's device key, activation requests, and
/// the release receipt of a license bound to this machine.
#[napi]
pub struct NativeStore {
    inner: airgap_license_store::Store,
}

/// What `deactivate` did.
#[napi(object)]
pub struct Deactivation {
    /// The licenseId removed, or null.
    pub removed: Option<String>,
    /// The release receipt of a license bound to this machine, or null.
    pub receipt: Option<String>,
}

#[napi]
impl NativeStore {
    /// The default store folder, as the command line finds it; throws
    /// when there is none.
    #[napi]
    pub fn default_dir() -> Result<String> {
        airgap_license_store::default_dir()
            .map(|dir| dir.to_string_lossy().into_owned())
            .ok_or_else(|| Error::new(Status::GenericFailure, airgap_license_store::NO_DEFAULT_DIR))
    }

    /// The store in `path`.
    #[napi(constructor)]
    pub fn new(path: String) -> NativeStore {
        NativeStore { inner: airgap_license_store::Store::new(path) }
    }

    /// `{deviceFingerprint, created, components, label}`.
    #[napi]
    pub fn machine(&self) -> Result<serde_json::Value> {
        self.inner.machine().map(|report| report.to_json()).map_err(|e| store_error(&e))
    }

    /// The armored request, or the rejection.
    #[napi]
    pub fn request(
        &self,
        validator: &NativeValidator,
        text: Either<String, Buffer>,
        now_ms: f64,
    ) -> Result<Either<String, Failure>> {
        let clock = airgap_license_store::Clock::system(instant(now_ms)?);
        let outcome = self.inner.request(&validator.inner, bytes(&text), clock).map_err(|e| store_error(&e))?;
        match (outcome.text, outcome.judgement.error()) {
            (Some(text), _) => Ok(Either::A(text)),
            (None, Some(e)) => Ok(Either::B(failure(e))),
            (None, None) => Err(Error::new(Status::GenericFailure, "no request was made")),
        }
    }

    /// Removes the active license (and, if bound here, destroys the device
    /// key and writes the receipt).
    #[napi]
    pub fn deactivate(&self, now_ms: f64) -> Result<Deactivation> {
        let clock = airgap_license_store::Clock::system(instant(now_ms)?);
        let done = self.inner.deactivate(airgap::Policy::default(), clock).map_err(|e| store_error(&e))?;
        Ok(Deactivation { removed: done.removed, receipt: done.receipt })
    }

    /// The last release receipt written, or null.
    #[napi]
    pub fn last_receipt(&self) -> Result<Option<String>> {
        self.inner.last_receipt().map_err(|e| store_error(&e))
    }

    /// Makes `text` the active license (or holds a renewal): the verdict
    /// object with `stored` (and `pending`), or the refusal.
    #[napi]
    pub fn activate(
        &self,
        validator: &NativeValidator,
        text: Either<String, Buffer>,
        license_id: Option<String>,
        now_ms: f64,
    ) -> Result<Either<serde_json::Value, Failure>> {
        let clock = airgap_license_store::Clock::system(instant(now_ms)?);
        let outcome = self
            .inner
            .activate(&validator.inner, bytes(&text), license_id.as_deref(), clock)
            .map_err(|e| store_error(&e))?;
        Ok(admitted(&outcome))
    }

    /// Replaces the active license with its successor: as `activate`.
    #[napi]
    pub fn regenerate(
        &self,
        validator: &NativeValidator,
        text: Either<String, Buffer>,
        now_ms: f64,
    ) -> Result<Either<serde_json::Value, Failure>> {
        let clock = airgap_license_store::Clock::system(instant(now_ms)?);
        let outcome = self.inner.regenerate(&validator.inner, bytes(&text), clock).map_err(|e| store_error(&e))?;
        Ok(admitted(&outcome))
    }

    /// The active license's verdict object at `nowMs`, with its `status`
    /// map (the GET /api/reactor body's), `stored` and `pending`.
    #[napi]
    pub fn status(&self, validator: &NativeValidator, now_ms: f64) -> Result<serde_json::Value> {
        let clock = airgap_license_store::Clock::system(instant(now_ms)?);
        let outcome = self.inner.status(&validator.inner, clock).map_err(|e| store_error(&e))?;
        Ok(outcome.to_json_with_status())
    }

    /// The event log, oldest first (lines torn by a crash skipped).
    #[napi]
    pub fn events(&self) -> Result<Vec<serde_json::Value>> {
        self.inner.events().map_err(|e| store_error(&e))?.filter_map(std::result::Result::ok).map(Ok).collect()
    }
}

/// An admission's answer: the verdict object, or the refusal as a failure
/// for index.js to throw as its class (the same classes as `verify`).
fn admitted(outcome: &airgap_license_store::Outcome) -> Either<serde_json::Value, Failure> {
    let judgement = &outcome.judgement;
    match outcome.refusal() {
        Some(problem) => Either::B(Failure {
            kind: judgement.verdict().as_str().to_owned(),
            code: problem.code(),
            exit_code: i32::from(judgement.exit_code()),
            message: problem.message(),
        }),
        None => Either::A(outcome.to_json()),
    }
}
