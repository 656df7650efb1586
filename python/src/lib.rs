//! The Python package `airgap_license`: a thin layer over the library.

use airgap::chrono::{DateTime, Datelike as _, Utc};
use airgap::{Error, License as Inner, Validator as InnerValidator, Verdict};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyString, PyType};

create_exception!(airgap_license, LicenseError, PyException, "A license is not in effect, or not a license at all.");
create_exception!(
    airgap_license,
    SampleKeyWarning,
    pyo3::exceptions::PyUserWarning,
    "This build trusts the public sample key: anyone can sign licenses it accepts."
);

/// Warns (SampleKeyWarning), once per process, when a validator trusts the
/// public sample key: a product must not ship that way.
fn warn_if_sample(py: Python<'_>, validator: &airgap::Validator) -> PyResult<()> {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let Some(key) = validator.keys().iter().find(|k| k.is_sample()) else { return Ok(()) };
    if WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return Ok(());
    }
    let message = format!(
        "this validator trusts the SAMPLE key {:?}, whose private half ships with airgap-license: anyone can sign licenses it accepts; name your own key (Validator.from_pem) before shipping",
        key.kid()
    );
    let message = std::ffi::CString::new(message).unwrap_or_default();
    PyErr::warn(py, &py.get_type::<SampleKeyWarning>(), &message, 1)
}

/// One exception class per verdict that is not "in effect", made at import
/// from the library's one vocabulary (`Verdict::ALL`): `notYetInEffect` is
/// `NotYetInEffectError`, a subclass of `LicenseError`. A new verdict gets
/// its class here with no line of this file changed (the stub names it).
static VERDICT_ERRORS: GILOnceCell<Vec<(Verdict, Py<PyType>)>> = GILOnceCell::new();

/// The verdicts a license error can stand for: not in effect, and not
/// "unreadable" (which Python reports as OSError).
fn failures() -> impl Iterator<Item = Verdict> {
    Verdict::ALL.into_iter().filter(|v| v.exit_code() != 0 && *v != Verdict::Unreadable)
}

/// `notYetInEffect` -> `NotYetInEffectError`.
fn class_name(verdict: Verdict) -> String {
    let word = verdict.as_str();
    let mut name: String = word.chars().take(1).flat_map(char::to_uppercase).collect();
    name.push_str(word.get(1..).unwrap_or_default());
    name.push_str("Error");
    name
}

fn verdict_errors(py: Python<'_>) -> PyResult<&Vec<(Verdict, Py<PyType>)>> {
    VERDICT_ERRORS.get_or_try_init(py, || {
        let base = py.get_type::<LicenseError>();
        failures()
            .map(|verdict| {
                let name = std::ffi::CString::new(format!("airgap_license.{}", class_name(verdict)))?;
                let doc = std::ffi::CString::new(format!(
                    "The verdict {:?}: {} (exit code {}).",
                    verdict.as_str(),
                    verdict.phrase(),
                    verdict.exit_code()
                ))?;
                Ok((verdict, PyErr::new_type(py, &name, Some(&doc), Some(&base), None)?))
            })
            .collect::<PyResult<Vec<_>>>()
    })
}

/// Trusted keys that cannot be used (a folder holding a private key, a PEM
/// that is not an Ed25519 public key): `KeysError`, a `LicenseError` with
/// code `[unusable]keys` (Node's) and exit code 2 (the CLI's), and a
/// `ValueError`, which is what 0.2.0 raised.
static KEYS_ERROR: GILOnceCell<Py<PyType>> = GILOnceCell::new();

fn keys_error_class(py: Python<'_>) -> PyResult<&Py<PyType>> {
    KEYS_ERROR.get_or_try_init(py, || {
        let bases = (py.get_type::<LicenseError>(), py.get_type::<PyValueError>());
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", "airgap_license")?;
        namespace.set_item(
            "__doc__",
            "Trusted keys that cannot be used: a LicenseError (code \"[unusable]keys\", exit code 2) and a ValueError.",
        )?;
        let class = py.get_type::<PyType>().call1(("KeysError", bases, namespace))?;
        Ok(class.downcast_into::<PyType>()?.unbind())
    })
}

/// The `KeysError` for keys that cannot be used.
fn keys_error(py: Python<'_>, error: &dyn std::fmt::Display) -> PyErr {
    match keys_error_class(py) {
        Ok(class) => with_codes(py, PyErr::from_type(class.bind(py).clone(), error.to_string()), "[unusable]keys", 2),
        Err(e) => e,
    }
}

/// `err` with `code` (the FusionAuth code) and `exit_code` (the CLI's) set.
fn with_codes(py: Python<'_>, err: PyErr, code: &str, exit_code: u8) -> PyErr {
    let value = err.value(py);
    // Setting an attribute on a fresh exception does not fail.
    let _ = value.setattr("code", code);
    let _ = value.setattr("exit_code", exit_code);
    err
}

/// The Python exception for a verdict, with `code` (the FusionAuth code)
/// and `exit_code` (the CLI's).
fn raise(py: Python<'_>, error: &Error) -> PyErr {
    raise_verdict(py, error.verdict(), error.to_string(), error.code(), error.exit_code())
}

/// The verdict's exception class with its message, code and exit code.
fn raise_verdict(py: Python<'_>, verdict: Verdict, message: String, code: String, exit_code: u8) -> PyErr {
    let class = verdict_errors(py)
        .ok()
        .and_then(|classes| classes.iter().find(|(v, _)| *v == verdict).map(|(_, class)| class.bind(py).clone()));
    let err = match class {
        Some(class) => PyErr::from_type(class, message),
        None => LicenseError::new_err(message),
    };
    with_codes(py, err, &code, exit_code)
}

/// A day as a datetime.date.
fn py_date<'py>(py: Python<'py>, day: airgap::chrono::NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    py.import("datetime")?.getattr("date")?.call1((day.year(), day.month(), day.day()))
}

/// An instant as an aware datetime.datetime in UTC.
fn py_instant<'py>(py: Python<'py>, at: DateTime<Utc>) -> PyResult<Bound<'py, PyAny>> {
    let datetime = py.import("datetime")?;
    let utc = datetime.getattr("timezone")?.getattr("utc")?;
    datetime.getattr("datetime")?.call_method1("fromtimestamp", (at.timestamp(), utc))
}

/// The system clock (the reading the CLI shares, in whole seconds),
/// refused (ValueError) outside the years 1970 to 9999.
fn system_clock() -> PyResult<DateTime<Utc>> {
    airgap::check_instant(airgap_license_store::Clock::system_now()).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// `now`, or the system clock; a naive datetime is refused (ValueError):
/// "now" without a zone is ambiguous by hours; so is an instant outside
/// the years 1970 to 9999.
fn instant(now: Option<&Bound<'_, PyAny>>) -> PyResult<DateTime<Utc>> {
    let Some(now) = now.filter(|n| !n.is_none()) else {
        return system_clock();
    };
    if !now.hasattr("utcoffset")? || !now.hasattr("timestamp")? {
        return Err(PyTypeError::new_err("now must be a datetime.datetime"));
    }
    if now.call_method0("utcoffset")?.is_none() {
        return Err(PyValueError::new_err(
            "now is a naive datetime; pass an aware one, such as datetime.now(timezone.utc)",
        ));
    }
    let seconds: f64 = now.call_method0("timestamp")?.extract()?;
    let whole = seconds.floor();
    let nanos = ((seconds - whole) * 1e9).round().clamp(0.0, 999_999_999.0);
    #[allow(clippy::as_conversions)]
    let (whole, nanos) = (whole as i64, nanos as u32);
    let at = DateTime::from_timestamp(whole, nanos).ok_or_else(|| PyValueError::new_err("now is out of range"))?;
    airgap::check_instant(at).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Trusted keys and the catalog.
#[pyclass(frozen, module = "airgap_license")]
struct Validator {
    inner: InnerValidator,
}

#[pymethods]
impl Validator {
    /// A validator trusting the keys compiled into this package.
    #[new]
    fn new(py: Python<'_>) -> PyResult<Validator> {
        let inner = airgap::embedded_validator!().map_err(|e| PyValueError::new_err(e.to_string()))?.clone();
        warn_if_sample(py, &inner)?;
        Ok(Validator { inner })
    }

    /// A validator trusting the *.pem public keys of a folder (a private key
    /// anywhere in it refuses the folder).
    #[staticmethod]
    fn from_keys_dir(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Validator> {
        let inner = airgap::embedded!().validator_with_keys_dir(&path).map_err(|e| keys_error(py, &e))?;
        warn_if_sample(py, &inner)?;
        Ok(Validator { inner })
    }

    /// A validator trusting one Ed25519 public key given as PEM text (what
    /// `openssl pkey -pubout` writes) under `kid`: how a product names its
    /// key to a prebuilt package (a private key is refused, named).
    #[staticmethod]
    fn from_pem(py: Python<'_>, kid: &str, pem: &Bound<'_, PyAny>) -> PyResult<Validator> {
        // bytes as `verify` takes them (open(..., "rb").read()), or str.
        let bytes = text_bytes(pem)?;
        let pem = std::str::from_utf8(&bytes).map_err(|_| {
            keys_error(
                py,
                &airgap::ConfigError::Key { source_name: kid.to_owned(), problem: airgap::KeyProblem::NotText },
            )
        })?;
        let inner = airgap::embedded!().validator_with_pem(kid, pem).map_err(|e| keys_error(py, &e))?;
        warn_if_sample(py, &inner)?;
        Ok(Validator { inner })
    }

    /// The same validator for a product released on `day` (a datetime.date):
    /// a license with maintenanceUntil covers it only if `day` is on or
    /// before that day. The default validator carries this package's build day.
    fn with_release_date(&self, day: &Bound<'_, PyAny>) -> PyResult<Validator> {
        let (year, month, date): (i32, u32, u32) =
            (day.getattr("year")?.extract()?, day.getattr("month")?.extract()?, day.getattr("day")?.extract()?);
        let day = airgap::chrono::NaiveDate::from_ymd_opt(year, month, date)
            .ok_or_else(|| PyValueError::new_err("day is not a date"))?;
        Ok(Validator { inner: self.inner.clone().with_release_date(day) })
    }

    /// The same validator refusing every license the revocation list `text`
    /// (str or bytes, as `airgap-license-issuer revoke` writes it) names:
    /// verify raises RevokedError for one. The list must verify with this
    /// validator's trusted keys; ValueError names what is wrong otherwise.
    fn with_revocations(&self, text: &Bound<'_, PyAny>) -> PyResult<Validator> {
        let list = self.inner.revocations(text_bytes(text)?).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Validator { inner: self.inner.clone().with_revocations(list) })
    }

    /// The verdict object of license text (str or bytes) at `now` (default:
    /// the system clock), as `airgap-license verify --json` prints it: exit
    /// code, verdict, identity, errors. Never raises for a bad license.
    #[pyo3(signature = (text, now=None))]
    fn judge<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.judged(py, text, now)?.to_json())
    }

    /// License text (str or bytes) at `now` (default: the system clock), as
    /// Node's `check` and C's `airgap_license_check` answer it: {"exitCode":
    /// the CLI's exit code, "status": the status map (the GET /api/reactor
    /// body's `status`)}. Raises nothing for a license that is not in effect.
    #[pyo3(signature = (text, now=None))]
    fn check<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let judgement = self.judged(py, text, now)?;
        let status = judgement.status(&self.inner);
        to_python(py, &serde_json::json!({ "exitCode": judgement.exit_code(), "status": status }))
    }

    /// The trusted keys: a list of {"kid", "fingerprint", "sampleKey"}.
    #[getter]
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let keys = self.inner.keys().iter().map(airgap::TrustedKey::to_json).collect();
        to_python(py, &serde_json::Value::Array(keys))
    }

    /// Verifies license text (str or bytes): the signature and the document,
    /// not the dates. Raises RejectedError. A license sold per machine is
    /// judged on this machine (the default store's device key): `check`
    /// then raises UnboundError where it is not in effect.
    /// The GIL is released while the signature is checked, so other Python
    /// threads run meanwhile.
    fn verify(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<License> {
        let bytes = text_bytes(text)?;
        // A template or a bound license is judged on this machine (the
        // default store's device key), the rule every binding shares.
        let verified = py
            .allow_threads(|| self.inner.verify(&bytes).map(|license| airgap_license_store::Here::this_machine(None).place(license)));
        match verified {
            Ok(Ok(inner)) => Ok(License { inner }),
            Ok(Err(e)) => Err(store_error(&e)),
            Err(e) => Err(raise(py, &e)),
        }
    }
}

impl Validator {
    /// License text (str or bytes) judged on this machine at `now` (default:
    /// the system clock), other Python threads running meanwhile: what
    /// `judge` and `check` answer from.
    fn judged(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<airgap::Judgement> {
        let (bytes, now) = (text_bytes(text)?, instant(now)?);
        Ok(py.allow_threads(|| airgap_license_store::Here::this_machine(None).judge(&self.inner, &bytes, now)))
    }
}

/// A license whose signature verified.
#[pyclass(frozen, module = "airgap_license")]
struct License {
    inner: Inner,
}

#[pymethods]
impl License {
    /// Raises ExpiredError, NotYetInEffectError or ClockUntrustedError
    /// unless the license is in effect at `now` (default: the system clock).
    #[pyo3(signature = (now=None))]
    fn check(&self, py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        self.inner.check(instant(now)?).map_err(|e| raise(py, &e))
    }

    /// One feature's state at `now`: "ACTIVE", "DISABLED", "DISCONNECTED",
    /// "PENDING" or "UNKNOWN".
    #[pyo3(signature = (name, now=None))]
    fn feature(&self, name: &str, now: Option<&Bound<'_, PyAny>>) -> PyResult<&'static str> {
        Ok(self.inner.feature(name, instant(now)?).as_str())
    }

    /// The GET /api/reactor body at `now`, as a dict: {"status": {...}}.
    #[pyo3(signature = (now=None))]
    fn status<'py>(&self, py: Python<'py>, now: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.status(instant(now)?).to_body())
    }

    /// licenseId.
    #[getter]
    fn license_id(&self) -> &str {
        self.inner.license_id()
    }

    /// issuedTo: the licensee.
    #[getter]
    fn issued_to(&self) -> &str {
        self.inner.issued_to()
    }

    /// licenseAttributes.LicensedPlan.
    #[getter]
    fn plan(&self) -> &str {
        self.inner.plan()
    }

    /// licenseAttributes.LicenseType.
    #[getter]
    fn license_type(&self) -> &str {
        self.inner.license_type()
    }

    /// The id of the key that verified it.
    #[getter]
    fn kid(&self) -> &str {
        self.inner.kid()
    }

    /// The last day in effect, a datetime.date; None for a perpetual license.
    #[getter]
    fn expiration<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.expiration().map(|day| py_date(py, day)).transpose()
    }

    /// maintenanceUntil: the last release day it covers, a datetime.date, or None.
    #[getter]
    fn maintenance_until<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.maintenance_until().map(|day| py_date(py, day)).transpose()
    }

    /// issued, a datetime.date.
    #[getter]
    fn issued<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, self.inner.issued())
    }

    /// notBefore (issued when absent), a datetime.date.
    #[getter]
    fn not_before<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, self.inner.not_before())
    }

    /// The first instant it is no longer in effect (00:00 UTC the day after
    /// expiration, plus graceDays), an aware datetime; None for a perpetual license.
    #[getter]
    fn ends_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.ends_at().map(|at| py_instant(py, at)).transpose()
    }

    /// Whole days from `now` to ends_at (0 once ended); None for a perpetual license.
    #[pyo3(signature = (now=None))]
    fn days_left(&self, now: Option<&Bound<'_, PyAny>>) -> PyResult<Option<i64>> {
        let now = instant(now)?;
        Ok(self.inner.expiration().map(|_| self.inner.days_left(now)))
    }

    /// sequence: the renewal's place among the licenses with its licenseId.
    #[getter]
    fn sequence(&self) -> u32 {
        self.inner.sequence()
    }

    /// Whether the key that verified it is the public sample key (anyone can
    /// sign such a license: a product must not ship trusting it).
    #[getter]
    fn sample_key(&self) -> bool {
        self.inner.signed_by_sample_key()
    }

    /// graceDays: days in effect after expiration (0 when absent).
    #[getter]
    fn grace_days(&self) -> u32 {
        self.inner.grace_days()
    }

    /// noticeDays: days before the end in which every use warns (30 when absent).
    #[getter]
    fn notice_days(&self) -> u32 {
        self.inner.notice_days()
    }

    /// Whether, at `now`, it is in effect within the notice period of its end.
    #[pyo3(signature = (now=None))]
    fn in_notice(&self, now: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.inner.in_notice(instant(now)?))
    }

    /// supersedes: the licenseIds it replaces (lowercase).
    #[getter]
    fn supersedes(&self) -> Vec<String> {
        self.inner.supersedes().to_vec()
    }

    /// machines: the number of machines a template is sold for, or None.
    #[getter]
    fn machines(&self) -> Option<u64> {
        self.inner.machines()
    }

    /// Whether its plan is `plan` or above in the catalog's order; None if
    /// `plan` is not a plan of the catalog.
    fn plan_at_least(&self, plan: &str) -> Option<bool> {
        self.inner.plan_at_least(plan)
    }

    /// Why one feature has its state at `now`: {"feature", "state", "reason"}.
    #[pyo3(signature = (name, now=None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.explain(name, instant(now)?).to_json())
    }

    /// Every instant at which the status map changes: a list of
    /// {"from": aware datetime, "standing": verdict word}.
    fn timeline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let list = PyList::empty(py);
        for (at, standing) in self.inner.timeline() {
            let entry = PyDict::new(py);
            entry.set_item("from", py_instant(py, at)?)?;
            entry.set_item("standing", standing.verdict().as_str())?;
            list.append(entry)?;
        }
        Ok(list.into_any())
    }

    /// The verdict object at `now` (what `airgap-license verify --json` prints).
    #[pyo3(signature = (now=None))]
    fn judge<'py>(&self, py: Python<'py>, now: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let judgement = airgap::Judgement::of_license(self.inner.clone(), instant(now)?);
        to_python(py, &judgement.to_json())
    }

    fn __repr__(&self) -> String {
        format!(
            "<License {} of {:?}, plan {}, expires {}>",
            self.inner.license_id(),
            self.inner.issued_to(),
            self.inner.plan(),
            self.inner.expiration().map_or_else(|| "never".to_owned(), |day| day.to_string())
        )
    }
}

/// A store: the license kept on this machine over time (see the README,
/// "Activation"). Every method reads the system clock as the store's
/// caller; the store verifies what it keeps with the validator given.
#[pyclass(frozen, module = "airgap_license")]
struct Store {
    inner: airgap_license_store::Store,
}

fn store_error(e: &airgap_license_store::StoreError) -> PyErr {
    match e {
        airgap_license_store::StoreError::NotPerMachine { .. } => PyValueError::new_err(e.to_string()),
        _ => pyo3::exceptions::PyOSError::new_err(e.to_string()),
    }
}

/// A JSON value as the Python objects `json.loads` would give, built
/// directly (no text in between): dict, list, str, int, float, bool, None.
fn to_python<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u), _) => u.into_pyobject(py)?.into_any(),
            (None, None, f) => f.unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            for (name, member) in members {
                dict.set_item(name, to_python(py, member)?)?;
            }
            dict.into_any()
        }
    })
}

#[pymethods]
impl Store {
    /// The store in the folder `path` (created by the first activation).
    #[new]
    fn new(path: std::path::PathBuf) -> Store {
        Store { inner: airgap_license_store::Store::new(path) }
    }

    /// The store in the default folder: `AIRGAP_LICENSE_STORE`, else the
    /// system's (`/var/lib/airgap-license` for root, else under
    /// `XDG_STATE_HOME` or `~/.local/state`), as the command line finds it.
    #[staticmethod]
    fn default() -> PyResult<Store> {
        airgap_license_store::default_dir()
            .map(|dir| Store { inner: airgap_license_store::Store::new(dir) })
            .ok_or_else(|| PyValueError::new_err(airgap_license_store::NO_DEFAULT_DIR))
    }

    /// The store's folder.
    #[getter]
    fn path(&self) -> std::path::PathBuf {
        self.inner.dir().to_path_buf()
    }

    /// Verifies `text` and makes it the active license (or holds a renewal
    /// not yet in effect); returns the verdict object with `stored` (and
    /// `pending`). Raises the verdict's error class (RejectedError,
    /// ExpiredError, ...) when the store refuses it, as `verify` does, and
    /// OSError when the store is busy, unreadable or corrupt. `now`: the
    /// system clock when None.
    #[pyo3(signature = (validator, text, license_id=None, now=None))]
    fn activate<'py>(
        &self,
        py: Python<'py>,
        validator: &Validator,
        text: &Bound<'py, PyAny>,
        license_id: Option<&str>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bytes = text_bytes(text)?;
        let clock = airgap_license_store::Clock::system(instant(now)?);
        let outcome = py
            .allow_threads(|| self.inner.activate(&validator.inner, &bytes, license_id, clock))
            .map_err(|e| store_error(&e))?;
        admitted(py, &outcome)
    }

    /// Replaces the active license with its successor; as `activate`.
    #[pyo3(signature = (validator, text, now=None))]
    fn regenerate<'py>(
        &self,
        py: Python<'py>,
        validator: &Validator,
        text: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bytes = text_bytes(text)?;
        let clock = airgap_license_store::Clock::system(instant(now)?);
        let outcome =
            py.allow_threads(|| self.inner.regenerate(&validator.inner, &bytes, clock)).map_err(|e| store_error(&e))?;
        admitted(py, &outcome)
    }

    /// The active license's verdict object, verified again, with its
    /// `status` map (the GET /api/reactor body's: the unlicensed map when
    /// none is active or it no longer verifies), `stored` and `pending`.
    #[pyo3(signature = (validator, now=None))]
    fn status<'py>(
        &self,
        py: Python<'py>,
        validator: &Validator,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let clock = airgap_license_store::Clock::system(instant(now)?);
        let outcome = py.allow_threads(|| self.inner.status(&validator.inner, clock)).map_err(|e| store_error(&e))?;
        to_python(py, &outcome.to_json_with_status())
    }

    /// Removes the active license; returns its licenseId, or None. For a
    /// license bound to this machine the device key is destroyed and a
    /// release receipt written: `last_receipt()`.
    #[pyo3(signature = (now=None))]
    fn deactivate(&self, py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
        let clock = airgap_license_store::Clock::system(instant(now)?);
        // The store's lock may be waited for: other Python threads run meanwhile.
        let done = py
            .allow_threads(|| self.inner.deactivate(airgap::Policy::default(), clock))
            .map_err(|e| store_error(&e))?;
        Ok(done.removed)
    }

    /// This machine: {"deviceFingerprint", "created", "components", "label"}
    /// (component names only, never values); the device key is made if the
    /// store has none.
    fn machine<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let report = py.allow_threads(|| self.inner.machine()).map_err(|e| store_error(&e))?;
        to_python(py, &report.to_json())
    }

    /// An activation request for the template (or bound) license `text`:
    /// the armored text, at most 1 KiB, for the vendor's `bind`. Raises
    /// RejectedError for a license that does not verify, ValueError for one
    /// sold for any machine, OSError when the store cannot be used.
    #[pyo3(signature = (validator, text, now=None))]
    fn request(
        &self,
        py: Python<'_>,
        validator: &Validator,
        text: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let bytes = text_bytes(text)?;
        let clock = airgap_license_store::Clock::system(instant(now)?);
        let outcome =
            py.allow_threads(|| self.inner.request(&validator.inner, &bytes, clock)).map_err(|e| store_error(&e))?;
        match (outcome.text, outcome.judgement.error()) {
            (Some(text), _) => Ok(text),
            (None, Some(e)) => Err(raise(py, e)),
            (None, None) => Err(PyValueError::new_err("no request was made")),
        }
    }

    /// The release receipt the last deactivation of a license bound to this
    /// machine wrote (armored text, for the vendor's `release`), or None.
    fn last_receipt(&self, py: Python<'_>) -> PyResult<Option<String>> {
        py.allow_threads(|| self.inner.last_receipt()).map_err(|e| store_error(&e))
    }

    /// The event log, as an iterator of {"event": {...}} dicts read one
    /// line at a time (memory stays bounded whatever the log's size; other
    /// Python threads run while it reads).
    fn events(&self, py: Python<'_>) -> PyResult<Events> {
        let events = py.allow_threads(|| self.inner.events()).map_err(|e| store_error(&e))?;
        Ok(Events { inner: std::sync::Mutex::new(events) })
    }
}

/// The store's event log, read as it is iterated (`Store.events()`).
#[pyclass(module = "airgap_license")]
struct Events {
    inner: std::sync::Mutex<airgap_license_store::Events>,
}

#[pymethods]
impl Events {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let next = py.allow_threads(|| match self.inner.lock() {
            Ok(mut events) => events.next(),
            // A panic in another thread's read: the log reads no further.
            Err(_) => None,
        });
        match next {
            None => Ok(None),
            Some(Ok(event)) => to_python(py, &event).map(Some),
            Some(Err(e)) => Err(store_error(&e)),
        }
    }
}

fn text_bytes(text: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = text.downcast::<PyBytes>() {
        Ok(bytes.as_bytes().to_vec())
    } else if let Ok(text) = text.downcast::<PyString>() {
        Ok(text.to_cow()?.as_bytes().to_vec())
    } else {
        Err(PyTypeError::new_err("text must be str or bytes"))
    }
}

/// An admission's answer: the verdict object, or the refusal raised as the
/// verdict's error class (the same classes as `verify`).
fn admitted<'py>(py: Python<'py>, outcome: &airgap_license_store::Outcome) -> PyResult<Bound<'py, PyAny>> {
    let judgement = &outcome.judgement;
    match outcome.refusal() {
        Some(problem) => {
            Err(raise_verdict(py, judgement.verdict(), problem.message(), problem.code(), judgement.exit_code()))
        }
        None => to_python(py, &outcome.to_json()),
    }
}

/// The native module, re-exported by `airgap_license`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Validator>()?;
    m.add_class::<License>()?;
    m.add_class::<Store>()?;
    m.add_class::<Events>()?;
    m.add("LicenseError", py.get_type::<LicenseError>())?;
    m.add("SampleKeyWarning", py.get_type::<SampleKeyWarning>())?;
    m.add("KeysError", keys_error_class(py)?.bind(py))?;
    for (verdict, class) in verdict_errors(py)? {
        m.add(class_name(*verdict).as_str(), class.bind(py))?;
    }
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
