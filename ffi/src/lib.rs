//! The C ABI of airgap-license, for installers and programs that are not
//! written in Rust: WiX custom actions, NSIS and Inno Setup plugins, C and C#.
//!
//! Every function returns a result code and checks every pointer for NULL;
//! no panic crosses the boundary (each body runs under `catch_unwind`);
//! nothing is written past a length the caller gave; every object the
//! library allocates has its `_free`. The keys are compiled in from `keys/`
//! under the CLI's rules and variable (`AIRGAP_LICENSE_KEYS_DIR`), or read
//! from a folder at run time through a validator handle. The library reads
//! no clock: the caller passes `now_unix`, seconds since 1970-01-01T00:00:00Z.
//!
//! Exit codes (the CLI's): 0 in effect, 1 rejected or revoked, 2 usage (a NULL argument,
//! an instant out of range) or unusable keys, 3 expired, 4 not yet in effect,
//! 5 clock untrusted, 7 not bound to this machine, 8 this release not
//! covered (`maintenanceUntil`). Feature states: 0 ACTIVE, 1 DISABLED, 2 DISCONNECTED,
//! 3 PENDING, 4 UNKNOWN; -1 for a NULL argument.

#[cfg(feature = "bench")]
mod bench;
mod boundary;

use std::ffi::c_char;

use airgap::chrono::{DateTime, Utc};
use airgap::{FeatureStatus, Judgement, License, MAX_LICENSE_INPUT, Validator, Verdict};

use airgap_license_store::Here;

use crate::boundary::{Output, c_str, give, give_or_explain, guard, handle, path_arg, set_last_error, text_arg};

/// In effect.
pub const AIRGAP_LICENSE_VALID: i32 = 0;
/// Rejected: malformed, bad signature or unknown key.
pub const AIRGAP_LICENSE_REJECTED: i32 = 1;
/// Usage (a NULL argument, an instant out of range) or unusable keys.
pub const AIRGAP_LICENSE_USAGE: i32 = 2;
/// Expired.
pub const AIRGAP_LICENSE_EXPIRED: i32 = 3;
/// Not yet in effect.
pub const AIRGAP_LICENSE_NOT_YET_IN_EFFECT: i32 = 4;
/// The clock cannot be trusted.
pub const AIRGAP_LICENSE_CLOCK_UNTRUSTED: i32 = 5;
/// Not in effect on this machine: a template not yet bound to one, a
/// license bound to another machine, or this machine changed.
pub const AIRGAP_LICENSE_UNBOUND: i32 = 7;
/// Not in effect for this release of the product: dated after the
/// license's `maintenanceUntil` (or no release date known).
pub const AIRGAP_LICENSE_NOT_COVERED: i32 = 8;

// The codes above are the library's verdict codes (its one vocabulary,
// `Verdict`); cbindgen reads only literals, so they are written out here
// and proved equal to the library's at compile time.
const _: () = {
    assert!(AIRGAP_LICENSE_VALID == verdict_code(Verdict::Valid));
    assert!(AIRGAP_LICENSE_REJECTED == verdict_code(Verdict::Rejected));
    assert!(AIRGAP_LICENSE_USAGE == verdict_code(Verdict::Unreadable));
    assert!(AIRGAP_LICENSE_EXPIRED == verdict_code(Verdict::Expired));
    assert!(AIRGAP_LICENSE_NOT_YET_IN_EFFECT == verdict_code(Verdict::NotYetInEffect));
    assert!(AIRGAP_LICENSE_CLOCK_UNTRUSTED == verdict_code(Verdict::ClockUntrusted));
    assert!(AIRGAP_LICENSE_UNBOUND == verdict_code(Verdict::Unbound));
    assert!(AIRGAP_LICENSE_NOT_COVERED == verdict_code(Verdict::NotCovered));
};

/// A verdict's exit code as a C return code.
const fn verdict_code(verdict: Verdict) -> i32 {
    // A u8 always fits an i32; `From` is not callable in a const.
    #[allow(clippy::as_conversions)]
    let code = verdict.exit_code() as i32;
    code
}

/// Feature state `ACTIVE`.
pub const AIRGAP_LICENSE_FEATURE_ACTIVE: i32 = 0;
/// Feature state `DISABLED`.
pub const AIRGAP_LICENSE_FEATURE_DISABLED: i32 = 1;
/// Feature state `DISCONNECTED`.
pub const AIRGAP_LICENSE_FEATURE_DISCONNECTED: i32 = 2;
/// Feature state `PENDING`.
pub const AIRGAP_LICENSE_FEATURE_PENDING: i32 = 3;
/// Feature state `UNKNOWN`.
pub const AIRGAP_LICENSE_FEATURE_UNKNOWN: i32 = 4;

/// A validator: trusted keys and a catalog. Free with `airgap_license_validator_free`.
#[allow(non_camel_case_types)]
pub struct airgap_license_validator {
    validator: Validator,
}

/// A license whose signature verified. Free with `airgap_license_license_free`.
#[allow(non_camel_case_types)]
pub struct airgap_license_license {
    license: License,
}

/// The validator of the compiled-in keys, made once.
fn embedded() -> Option<&'static Validator> {
    airgap::embedded_validator!().ok()
}

/// `now_unix` as an instant, `None` outside the years 1970 to 9999 (a time
/// in milliseconds passed as seconds is year 50,000 and more): refused with
/// 2 before anything is judged or recorded.
fn instant(now_unix: i64) -> Option<DateTime<Utc>> {
    airgap::instant_from_unix(now_unix).ok()
}

fn state_code(state: FeatureStatus) -> i32 {
    match state {
        FeatureStatus::Active => AIRGAP_LICENSE_FEATURE_ACTIVE,
        FeatureStatus::Disabled => AIRGAP_LICENSE_FEATURE_DISABLED,
        FeatureStatus::Disconnected => AIRGAP_LICENSE_FEATURE_DISCONNECTED,
        FeatureStatus::Pending => AIRGAP_LICENSE_FEATURE_PENDING,
        FeatureStatus::Unknown => AIRGAP_LICENSE_FEATURE_UNKNOWN,
    }
}

/// The verdict code of a judgement; for any code but 0, why, kept as the
/// thread's last error (`airgap_license_last_error` explains every
/// non-zero code, not only 2).
fn code(judgement: &Judgement) -> i32 {
    if let Some(problem) = judgement.problem() {
        set_last_error(&format!("{}: {}", problem.code(), problem.message()));
    }
    i32::from(judgement.exit_code())
}

/// Verifies `text` (any form the CLI accepts) with the compiled-in keys at
/// `now_unix` and returns the CLI's exit code for the verdict: 0, 1, 3, 4 or
/// 5; 2 for a NULL `text`, an instant out of range, or unusable keys. Writes
/// the `GET /api/reactor` body (`{"status": {...}}`), NUL-terminated, into
/// `out` only if the whole body and its NUL fit in `out_cap` bytes (`out` is
/// left untouched otherwise); if `out_len` is not NULL it receives, on every
/// return, the body's length without the NUL, whether or not it fitted (0
/// when nothing was produced), so that a caller can ask with `out == NULL`
/// first. Why a call returned 2: `airgap_license_last_error`.
///
/// # Safety
/// `text` points to `text_len` readable bytes; `out`, if not NULL, to
/// `out_cap` writable bytes; `out_len`, if not NULL, to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_check(
    text: *const u8,
    text_len: usize,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantee on `text` (see # Safety).
        let bytes = unsafe { text_arg(text, text_len) };
        let (Some(validator), Some(now), Some(bytes)) = (embedded(), instant(now_unix), bytes) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let (code, body) = check_bytes(validator, Some(bytes), now);
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&body) };
        code
    })
}

/// The exit code and the `GET /api/reactor` body for license text (`None`:
/// it could not be read, 2 and the unlicensed map).
fn check_bytes(validator: &Validator, bytes: Option<&[u8]>, now: DateTime<Utc>) -> (i32, String) {
    let Some(bytes) = bytes else {
        return (AIRGAP_LICENSE_USAGE, airgap::json_text(&validator.unlicensed().to_body()));
    };
    let judgement = Here::this_machine(None).judge(validator, bytes, now);
    (code(&judgement), airgap::json_text(&judgement.status(validator).to_body()))
}

/// As `airgap_license_check`, for the license in the file at `path` (on
/// Unix its bytes as given, elsewhere UTF-8; another path is refused with 2),
/// for installers that hold a path rather than the text (NSIS, Inno Setup).
/// Only a regular file is read, up to the largest input the library reads.
/// Returns 2 as well when the file cannot be read; the body is then the
/// unlicensed map.
///
/// # Safety
/// `path` is a NUL-terminated string; `out` and `out_len` as for `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_check_file(
    path: *const c_char,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantee on `path` (see # Safety).
        let file = unsafe { path_arg(path) };
        let (Some(validator), Some(now), Some(file)) = (embedded(), instant(now_unix), file) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let bytes = read_regular(&file).map_err(|e| set_last_error(&e.to_string())).ok();
        let (code, body) = check_bytes(validator, bytes.as_deref(), now);
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&body) };
        code
    })
}

/// A regular file's bytes, up to one past the largest input; `None` if it
/// cannot be read or is not a regular file (opened without blocking and
/// checked on its descriptor: a FIFO never blocks the installer).
fn read_regular(path: &std::path::Path) -> Result<Vec<u8>, airgap::file::FileError> {
    let limit = u64::try_from(MAX_LICENSE_INPUT).unwrap_or(u64::MAX).saturating_add(1);
    airgap::file::read_regular(path, limit)
}

/// The state of `feature` in the status map `airgap_license_check` gives:
/// 0 ACTIVE, 1 DISABLED, 2 DISCONNECTED, 3 PENDING, 4 UNKNOWN (also for a
/// name the catalog does not know, or that is not UTF-8); -1 for a NULL
/// argument, an instant out of range or unusable keys.
///
/// # Safety
/// `text` points to `text_len` readable bytes; `feature` to a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_feature(
    text: *const u8,
    text_len: usize,
    now_unix: i64,
    feature: *const c_char,
) -> i32 {
    guard(-1, || {
        // SAFETY: the caller's guarantees on `text` and `feature` (see # Safety).
        let (bytes, name) = unsafe { (text_arg(text, text_len), c_str(feature)) };
        let (Some(validator), Some(now), Some(bytes), Some(name)) = (embedded(), instant(now_unix), bytes, name) else {
            return -1;
        };
        let Ok(name) = name.to_str() else { return AIRGAP_LICENSE_FEATURE_UNKNOWN };
        match validator.verify(bytes).map(|license| Here::this_machine(None).place(license)) {
            Ok(Ok(license)) => state_code(license.feature(name, now)),
            Ok(Err(_)) => AIRGAP_LICENSE_FEATURE_UNKNOWN,
            // Rejected: the unlicensed map, every catalog feature DISABLED.
            Err(_) => match validator.unlicensed().feature(name) {
                Some(state) => state_code(state),
                None => AIRGAP_LICENSE_FEATURE_UNKNOWN,
            },
        }
    })
}

/// Why this thread's last call returned what it did: for 2, what was wrong
/// (a NULL argument, a file that cannot be read, a store that cannot be
/// used, keys refused, ...); for a verdict code (1, 3, 4, 5, 7, 8), the
/// reason with its code (`[expired]license: the license expired at ...`);
/// written into `out` under `airgap_license_check`'s rules; empty when the
/// last call returned 0 or a feature state. Per thread: calls on other threads do not change
/// it. Returns 0 (2 only if it could not be read).
///
/// # Safety
/// `out`, if not NULL, points to `out_cap` writable bytes; `out_len`, if not
/// NULL, to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_last_error(out: *mut c_char, out_cap: usize, out_len: *mut usize) -> i32 {
    // Not through `guard`, which would clear what this reports.
    let message = boundary::shield(boundary::last_error);
    // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
    let output = unsafe { Output::started(out, out_cap, out_len) };
    match message {
        Some(message) => {
            // SAFETY: as above.
            unsafe { output.write(&message) };
            AIRGAP_LICENSE_VALID
        }
        None => AIRGAP_LICENSE_USAGE,
    }
}

/// The major version of the header (`AIRGAP_LICENSE_VERSION_MAJOR`): the
/// SONAME's number, `libairgap_license.so.0`.
pub const AIRGAP_LICENSE_VERSION_MAJOR: i32 = 0;
/// The minor version of the header.
pub const AIRGAP_LICENSE_VERSION_MINOR: i32 = 2;
/// The patch version of the header.
pub const AIRGAP_LICENSE_VERSION_PATCH: i32 = 0;

/// The version of this library, a static NUL-terminated string (do not
/// free): `"0.2.0"`, the same as the header's `AIRGAP_LICENSE_VERSION_*`
/// macros for the library the program was built against.
#[unsafe(no_mangle)]
pub extern "C" fn airgap_license_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast::<c_char>()
}

/// A validator trusting the compiled-in keys. Writes it to `*out`; returns 0,
/// or 2 for a NULL `out` or unusable keys.
///
/// # Safety
/// `out`, if not NULL, points to a writable pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_embedded(out: *mut *mut airgap_license_validator) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        let Some(validator) = embedded() else { return AIRGAP_LICENSE_USAGE };
        // SAFETY: the caller's guarantee on `out` (see # Safety).
        let given = unsafe { give(out, airgap_license_validator { validator: validator.clone() }) };
        if given { AIRGAP_LICENSE_VALID } else { AIRGAP_LICENSE_USAGE }
    })
}

/// A validator trusting the `*.pem` public keys of the folder `dir` (the
/// CLI's `--keys` rules: a private key anywhere in it refuses the folder).
/// Writes it to `*out` and returns 0; otherwise returns 2 and, as for
/// `airgap_license_check`'s `out`, writes the reason into `message`.
///
/// # Safety
/// `dir` is a NUL-terminated string; `out` points to a writable pointer;
/// `message`, if not NULL, to `message_cap` writable bytes; `message_len`,
/// if not NULL, to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_from_keys_dir(
    dir: *const c_char,
    out: *mut *mut airgap_license_validator,
    message: *mut c_char,
    message_cap: usize,
    message_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `message` and `message_len` (see # Safety).
        let output = unsafe { Output::started(message, message_cap, message_len) };
        // SAFETY: the caller's guarantee on `dir` (see # Safety).
        let Some(dir) = (unsafe { path_arg(dir) }).filter(|_| !out.is_null()) else { return AIRGAP_LICENSE_USAGE };
        let made =
            airgap::embedded!().validator_with_keys_dir(&dir).map(|validator| airgap_license_validator { validator });
        // SAFETY: the caller's guarantees on `out` (not NULL, above), `message` and `message_len`.
        unsafe { give_or_explain(out, made, &output) }
    })
}

/// A validator trusting one Ed25519 public key, given as PEM text (what
/// `openssl pkey -pubout` writes) under the key id `kid`, with the
/// compiled-in catalog: the library's `KeyStore::from_pem` rules (a private
/// key is refused, and named). With it one prebuilt library serves every
/// vendor. Writes it to `*out` and returns 0; otherwise returns 2 and, as
/// for `airgap_license_check`'s `out`, writes the reason into `message`.
///
/// # Safety
/// `kid` and `pem` are NUL-terminated strings; `out` points to a writable
/// pointer; `message`, if not NULL, to `message_cap` writable bytes;
/// `message_len`, if not NULL, to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_from_pem(
    kid: *const c_char,
    pem: *const c_char,
    out: *mut *mut airgap_license_validator,
    message: *mut c_char,
    message_cap: usize,
    message_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `message` and `message_len` (see # Safety).
        let output = unsafe { Output::started(message, message_cap, message_len) };
        // SAFETY: the caller's guarantees on `kid` and `pem` (see # Safety).
        let (kid, pem) = unsafe { (c_str(kid), c_str(pem)) };
        let (Some(kid), Some(pem), false) = (kid, pem, out.is_null()) else { return AIRGAP_LICENSE_USAGE };
        let (Ok(kid), Ok(pem)) = (kid.to_str(), pem.to_str()) else {
            // SAFETY: the caller's guarantees on `message` and `message_len`.
            unsafe { output.write("kid and pem must be UTF-8 text") };
            return AIRGAP_LICENSE_USAGE;
        };
        let made =
            airgap::embedded!().validator_with_pem(kid, pem).map(|validator| airgap_license_validator { validator });
        // SAFETY: the caller's guarantees on `out` (not NULL, above), `message` and `message_len`.
        unsafe { give_or_explain(out, made, &output) }
    })
}

/// Frees a validator (NULL is ignored).
///
/// # Safety
/// `validator` is NULL or came from this library and is not used after.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_free(validator: *mut airgap_license_validator) {
    // SAFETY: the caller's guarantee (see # Safety).
    unsafe { boundary::free(validator) }
}

/// Judges `text` at `now_unix` and writes the verdict object (the one
/// `verify --json` prints: `exitCode`, `verdict`, `checkedAt`, the identity
/// whenever the signature verified, `errors` with the FusionAuth code and
/// message) into `out` under `airgap_license_check`'s rules. Returns the
/// exit code; 2 for a NULL argument or an instant out of range.
///
/// # Safety
/// `validator` came from this library; `text` points to `text_len` readable
/// bytes; `out` and `out_len` as for `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_judge(
    validator: *const airgap_license_validator,
    text: *const u8,
    text_len: usize,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantees on `validator` and `text` (see # Safety).
        let (validator, bytes) = unsafe { (handle(validator), text_arg(text, text_len)) };
        let (Some(validator), Some(bytes), Some(now)) = (validator, bytes, instant(now_unix)) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let judgement = Here::this_machine(None).judge(&validator.validator, bytes, now);
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&airgap::json_text(&judgement.to_json())) };
        code(&judgement)
    })
}

/// As `airgap_license_judge`, for the license in the file at `path` (read as
/// `airgap_license_check_file` reads it): the run-time keys' counterpart of
/// `airgap_license_check_file`. A file that cannot be read is 2, its reason
/// the last error, and the verdict object of an unreadable license.
///
/// # Safety
/// `validator` came from this library; `path` is a NUL-terminated string;
/// `out` and `out_len` as for `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_judge_file(
    validator: *const airgap_license_validator,
    path: *const c_char,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantees on `validator` and `path` (see # Safety).
        let (validator, file) = unsafe { (handle(validator), path_arg(path)) };
        let (Some(validator), Some(file), Some(now)) = (validator, file, instant(now_unix)) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let judgement = match read_regular(&file) {
            Ok(bytes) => Here::this_machine(None).judge(&validator.validator, &bytes, now),
            Err(e) => Judgement::unreadable(e.to_string(), now),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&airgap::json_text(&judgement.to_json())) };
        code(&judgement)
    })
}

/// The validator's trusted keys, as a JSON array of `{"kid",
/// "fingerprint", "sampleKey"}` (the CLI's `keys --json`), written into
/// `out` under `airgap_license_check`'s rules: 0; 2 for a NULL validator.
/// What an installer or `ffi/install.sh` shows of the keys a build trusts.
///
/// # Safety
/// `validator` came from this library; `out` and `out_len` as for
/// `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_keys(
    validator: *const airgap_license_validator,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantee on `validator` (see # Safety).
        let Some(validator) = (unsafe { handle(validator) }) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let keys: Vec<String> =
            validator.validator.keys().iter().map(|key| airgap::json_text(&key.to_json())).collect();
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&format!("[{}]", keys.join(","))) };
        AIRGAP_LICENSE_VALID
    })
}

/// Verifies `text` (signature and document; not its dates) and writes the
/// license to `*out`, placed on this machine (a template or a bound license
/// is judged against the default store's device key). Returns 0, 1 when
/// rejected, 2 for a NULL argument or a store that cannot be read.
///
/// # Safety
/// `validator` came from this library; `text` points to `text_len` readable
/// bytes; `out` points to a writable pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_verify(
    validator: *const airgap_license_validator,
    text: *const u8,
    text_len: usize,
    out: *mut *mut airgap_license_license,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `validator` and `text` (see # Safety).
        let (validator, bytes) = unsafe { (handle(validator), text_arg(text, text_len)) };
        let (Some(validator), Some(bytes), false) = (validator, bytes, out.is_null()) else {
            return AIRGAP_LICENSE_USAGE;
        };
        match validator.validator.verify(bytes).map(|license| Here::this_machine(None).place(license)) {
            Ok(Ok(license)) => {
                // SAFETY: the caller's guarantee on `out`; not NULL (above).
                unsafe { give(out, airgap_license_license { license }) };
                AIRGAP_LICENSE_VALID
            }
            Ok(Err(e)) => {
                // The store's own message, not the generic one.
                set_last_error(&format!("this machine's store: {e}"));
                AIRGAP_LICENSE_USAGE
            }
            Err(e) => {
                set_last_error(&format!("{}: {e}", e.code()));
                AIRGAP_LICENSE_REJECTED
            }
        }
    })
}

/// A verified license at `now_unix`: returns its exit code (0, 3, 4, 5, 7) and
/// writes its `GET /api/reactor` body into `out` under
/// `airgap_license_check`'s rules; 2 for a NULL license or an instant out of range.
///
/// # Safety
/// `license` came from this library; `out` and `out_len` as for `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_status(
    license: *const airgap_license_license,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantee on `license` (see # Safety).
        let (Some(license), Some(now)) = (unsafe { handle(license) }, instant(now_unix)) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let license = &license.license;
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&airgap::json_text(&license.status(now).to_body())) };
        match license.check(now) {
            Ok(()) => AIRGAP_LICENSE_VALID,
            Err(e) => i32::from(e.exit_code()),
        }
    })
}

/// One feature of a verified license at `now_unix`: 0 to 4 as for
/// `airgap_license_feature`; -1 for a NULL argument or an instant out of range.
///
/// # Safety
/// `license` came from this library; `feature` is a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_feature(
    license: *const airgap_license_license,
    now_unix: i64,
    feature: *const c_char,
) -> i32 {
    guard(-1, || {
        // SAFETY: the caller's guarantees on `license` and `feature` (see # Safety).
        let (license, name) = unsafe { (handle(license), c_str(feature)) };
        let (Some(license), Some(name), Some(now)) = (license, name, instant(now_unix)) else { return -1 };
        match name.to_str() {
            Ok(name) => state_code(license.license.feature(name, now)),
            Err(_) => AIRGAP_LICENSE_FEATURE_UNKNOWN,
        }
    })
}

/// Which text of a license handle to write.
#[derive(Clone, Copy)]
enum Field {
    Licensee,
    Plan,
    Expiration,
}

/// Writes one text of a license handle into `out` under
/// `airgap_license_check`'s rules; 0, or 2 for a NULL `license`.
///
/// # Safety
/// As the exported accessors below.
unsafe fn license_text(
    license: *const airgap_license_license,
    field: Field,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len`.
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantee on `license`.
        let Some(license) = (unsafe { handle(license) }) else { return AIRGAP_LICENSE_USAGE };
        let license = &license.license;
        let text = match field {
            Field::Licensee => license.issued_to().to_owned(),
            Field::Plan => license.plan().to_owned(),
            Field::Expiration => license.expiration().map(|day| day.to_string()).unwrap_or_default(),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&text) };
        AIRGAP_LICENSE_VALID
    })
}

/// The licensee (`issuedTo`) of a verified license, written into `out`
/// under `airgap_license_check`'s rules (ask with `out == NULL` for the
/// length). Returns 0, or 2 for a NULL `license`.
///
/// # Safety
/// `license` came from this library; `out`, if not NULL, points to `out_cap`
/// writable bytes; `out_len`, if not NULL, to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_licensee(
    license: *const airgap_license_license,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's guarantees, passed on.
    unsafe { license_text(license, Field::Licensee, out, out_cap, out_len) }
}

/// The plan (`licenseAttributes.LicensedPlan`) of a verified license; as
/// `airgap_license_license_licensee`.
///
/// # Safety
/// As `airgap_license_license_licensee`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_plan(
    license: *const airgap_license_license,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's guarantees, passed on.
    unsafe { license_text(license, Field::Plan, out, out_cap, out_len) }
}

/// The last day in effect (`expiration`, `YYYY-MM-DD`) of a verified
/// license, or the empty string for a perpetual one; as
/// `airgap_license_license_licensee`.
///
/// # Safety
/// As `airgap_license_license_licensee`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_expiration(
    license: *const airgap_license_license,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's guarantees, passed on.
    unsafe { license_text(license, Field::Expiration, out, out_cap, out_len) }
}

/// Whole days from `now_unix` to the end of a verified license (grace
/// included), 0 once it has ended; -1 for a perpetual license; -2 for a
/// NULL `license` or an instant outside the years 1970 to 9999.
///
/// # Safety
/// `license` came from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_days_left(
    license: *const airgap_license_license,
    now_unix: i64,
) -> i64 {
    let days = boundary::shield(|| {
        // SAFETY: the caller's guarantee on `license`.
        let (Some(license), Some(now)) = (unsafe { handle(license) }, instant(now_unix)) else { return -2 };
        match license.license.expiration() {
            Some(_) => license.license.days_left(now),
            None => -1,
        }
    });
    days.unwrap_or(-2)
}

/// 1 when a verified license was signed by the public sample key, whose
/// private half ships with airgap-license (anyone can sign such a license:
/// a product must not ship trusting it); 0 when not; -1 for a NULL
/// `license`. The library prints nothing: a program that finds 1 should say
/// so, as the Python and Node bindings warn.
///
/// # Safety
/// `license` came from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_sample_key(license: *const airgap_license_license) -> i32 {
    boundary::shield(|| {
        // SAFETY: the caller's guarantee on `license`.
        let Some(license) = (unsafe { handle(license) }) else { return -1 };
        i32::from(license.license.signed_by_sample_key())
    })
    .unwrap_or(-1)
}

/// 1 when `validator` trusts the public sample key (the compiled-in default
/// of a library built from this repository), 0 when not, -1 for NULL.
///
/// # Safety
/// `validator` came from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_trusts_sample_key(validator: *const airgap_license_validator) -> i32 {
    boundary::shield(|| {
        // SAFETY: the caller's guarantee on `validator`.
        let Some(validator) = (unsafe { handle(validator) }) else { return -1 };
        i32::from(validator.validator.keys().iter().any(|key| key.is_sample()))
    })
    .unwrap_or(-1)
}

/// As `airgap_license_feature`, for the license in the file at `path` (read
/// as `airgap_license_check_file` reads it): 0 to 4, or -1 for a NULL
/// argument, an instant out of range, or a file that cannot be read (its
/// reason kept for `airgap_license_last_error`).
///
/// # Safety
/// `path` and `feature` are NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_feature_file(
    path: *const c_char,
    now_unix: i64,
    feature: *const c_char,
) -> i32 {
    // SAFETY: the caller's guarantee on `path`.
    let Some(file) = (unsafe { path_arg(path) }) else { return -1 };
    let bytes = match boundary::shield(|| read_regular(&file)) {
        Some(Ok(bytes)) => bytes,
        Some(Err(e)) => {
            set_last_error(&e.to_string());
            return -1;
        }
        None => return -1,
    };
    // SAFETY: the bytes are ours; the caller's guarantee on `feature`.
    unsafe { airgap_license_feature(bytes.as_ptr(), bytes.len(), now_unix, feature) }
}

/// Frees a license (NULL is ignored).
///
/// # Safety
/// `license` is NULL or came from this library and is not used after.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_free(license: *mut airgap_license_license) {
    // SAFETY: the caller's guarantee (see # Safety).
    unsafe { boundary::free(license) }
}

/// A validator like `validator` for a product released on `day`
/// (`YYYY-MM-DD`): a license with `maintenanceUntil` covers it only if `day`
/// is on or before that day. The compiled-in validator carries the release
/// date its build recorded; this asks about another release. Writes the new
/// handle to `*out` (free it with `airgap_license_validator_free`); returns
/// 0, or 2 for a NULL argument or a `day` that is not a date.
///
/// # Safety
/// `validator` came from this library; `day` is a NUL-terminated string;
/// `out` points to a writable pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_with_release_date(
    validator: *const airgap_license_validator,
    day: *const c_char,
    out: *mut *mut airgap_license_validator,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `validator` and `day` (see # Safety).
        let (validator, day) = unsafe { (handle(validator), c_str(day)) };
        let (Some(validator), Some(day), false) = (validator, day, out.is_null()) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let Some(day) = day.to_str().ok().and_then(|text| airgap::parse_date("day", text).ok()) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let validator = validator.validator.clone().with_release_date(day);
        // SAFETY: the caller's guarantee on `out`; not NULL (above).
        unsafe { give(out, airgap_license_validator { validator }) };
        AIRGAP_LICENSE_VALID
    })
}

/// A validator like `validator` that refuses every license the revocation
/// list `text` (`text_len` bytes, as `airgap-license-issuer revoke` writes
/// it) names: such a license gets 1 (verdict `revoked`). The list must
/// verify with `validator`'s trusted keys. Writes the new handle to `*out`
/// (free it with `airgap_license_validator_free`) and returns 0; otherwise
/// returns 2 and, as for `airgap_license_check`'s `out`, writes the reason
/// into `message` (a list that does not verify, or a license given as one).
///
/// # Safety
/// `validator` came from this library; `text` points to `text_len` readable
/// bytes; `out` points to a writable pointer; `message`, if not NULL, to
/// `message_cap` writable bytes; `message_len`, if not NULL, to a writable
/// `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_with_revocations(
    validator: *const airgap_license_validator,
    text: *const u8,
    text_len: usize,
    out: *mut *mut airgap_license_validator,
    message: *mut c_char,
    message_cap: usize,
    message_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `message` and `message_len` (see # Safety).
        let output = unsafe { Output::started(message, message_cap, message_len) };
        // SAFETY: the caller's guarantees on `validator` and `text` (see # Safety).
        let (validator, text) = unsafe { (handle(validator), text_arg(text, text_len)) };
        let (Some(validator), Some(text), false) = (validator, text, out.is_null()) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let made = validator
            .validator
            .revocations(text)
            .map(|list| airgap_license_validator { validator: validator.validator.clone().with_revocations(list) });
        // SAFETY: the caller's guarantees on `out` (not NULL, above), `message` and `message_len`.
        unsafe { give_or_explain(out, made, &output) }
    })
}

/// The default store folder, as the command line finds it
/// (`AIRGAP_LICENSE_STORE`, else the system's), written into `out` under
/// `airgap_license_check`'s rules. Returns 0, or 2 when there is none (no
/// variable and no home folder).
///
/// # Safety
/// `out`, if not NULL, points to `out_cap` writable bytes; `out_len`, if not
/// NULL, to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_store_default_dir(
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len`.
        let output = unsafe { Output::started(out, out_cap, out_len) };
        let Some(dir) = airgap_license_store::default_dir() else {
            set_last_error(airgap_license_store::NO_DEFAULT_DIR);
            return AIRGAP_LICENSE_USAGE;
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&dir.to_string_lossy()) };
        AIRGAP_LICENSE_VALID
    })
}

/// The Errors object of a store that cannot be used (its message also
/// kept as the thread's last error).
fn store_error_body(e: &airgap_license_store::StoreError) -> String {
    set_last_error(&e.to_string());
    airgap::json_text(&airgap::general_error("[unusable]store", &e.to_string()))
}

/// Verifies `text` and makes it the active license of the store in the
/// folder `store_dir` (README, "Activation"), `now_unix` being the system
/// clock. Returns the CLI's exit code (0 stored and in effect, 4 stored but
/// not yet in effect; 1, 3, 5 refused, the store left as it was; 2 for a
/// NULL argument or a busy, unreadable or corrupt store) and writes the
/// verdict object with `stored` (or, for 2, an Errors object) into `out`
/// under `airgap_license_check`'s rules.
///
/// # Safety
/// `validator` came from this library; `store_dir` is a NUL-terminated
/// string; `text` points to `text_len` readable bytes; `out` and `out_len`
/// as for `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_store_activate(
    validator: *const airgap_license_validator,
    store_dir: *const c_char,
    text: *const u8,
    text_len: usize,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantees on `validator`, `store_dir` and `text` (see # Safety).
        let args = unsafe { (handle(validator), path_arg(store_dir), text_arg(text, text_len)) };
        let (Some(validator), Some(dir), Some(bytes), Some(now)) = (args.0, args.1, args.2, instant(now_unix)) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let store = airgap_license_store::Store::new(dir);
        let clock = airgap_license_store::Clock::system(now);
        let (code, body) = match store.activate(&validator.validator, bytes, None, clock) {
            Ok(outcome) => (code(&outcome.judgement), airgap::json_text(&outcome.to_json())),
            Err(e) => (AIRGAP_LICENSE_USAGE, store_error_body(&e)),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&body) };
        code
    })
}

/// The status of the store's active license, verified again, at `now_unix`
/// (the system clock, judged against the store's high-water mark): returns
/// the exit code (1 when no license is active) and writes the
/// `GET /api/reactor` body (or, for 2, an Errors object) into `out` under
/// `airgap_license_check`'s rules.
///
/// # Safety
/// `validator` came from this library; `store_dir` is a NUL-terminated
/// string; `out` and `out_len` as for `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_store_status(
    validator: *const airgap_license_validator,
    store_dir: *const c_char,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantees on `validator` and `store_dir` (see # Safety).
        let (validator, dir) = unsafe { (handle(validator), path_arg(store_dir)) };
        let (Some(validator), Some(dir), Some(now)) = (validator, dir, instant(now_unix)) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let store = airgap_license_store::Store::new(dir);
        let (code, body) = match store.status(&validator.validator, airgap_license_store::Clock::system(now)) {
            Ok(outcome) => (code(&outcome.judgement), airgap::json_text(&outcome.status.to_body())),
            Err(e) => (AIRGAP_LICENSE_USAGE, store_error_body(&e)),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&body) };
        code
    })
}

/// The longest release receipt, in bytes without its NUL: a buffer of
/// `AIRGAP_LICENSE_RECEIPT_MAX + 1` bytes holds any receipt.
pub const AIRGAP_LICENSE_RECEIPT_MAX: usize = 1023;
const _: () = assert!(AIRGAP_LICENSE_RECEIPT_MAX == airgap::MAX_RECEIPT_TEXT);

/// Removes the store's active license: 0 (also when none was active), 2 for
/// a NULL argument, a short buffer, or a busy, unreadable or corrupt store.
/// For a license bound to this machine, the store's device key is destroyed
/// and the release receipt (armored text, for the vendor's
/// `airgap-license-issuer release`) is written into `out`; otherwise `out`
/// receives the empty string. Because the key is gone once the receipt is
/// made, `out` must hold `AIRGAP_LICENSE_RECEIPT_MAX + 1` bytes: with a NULL
/// or shorter `out` nothing is deactivated, 2 is returned and `out_len`
/// receives `AIRGAP_LICENSE_RECEIPT_MAX` (the size to ask with). The
/// receipt is kept in the store (`airgap_license_store_last_receipt`) and
/// its event log too.
///
/// # Safety
/// `store_dir` is a NUL-terminated string; `out` and `out_len` as for
/// `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_store_deactivate(
    store_dir: *const c_char,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantee on `store_dir` (see # Safety).
        let (Some(dir), Some(now)) = (unsafe { path_arg(store_dir) }, instant(now_unix)) else {
            return AIRGAP_LICENSE_USAGE;
        };
        if !output.holds(AIRGAP_LICENSE_RECEIPT_MAX) {
            // SAFETY: the caller's guarantee on `out_len`.
            unsafe { output.needs(AIRGAP_LICENSE_RECEIPT_MAX) };
            set_last_error(&format!(
                "deactivate needs a buffer of AIRGAP_LICENSE_RECEIPT_MAX + 1 ({}) bytes for the release receipt: nothing was deactivated",
                AIRGAP_LICENSE_RECEIPT_MAX.saturating_add(1)
            ));
            return AIRGAP_LICENSE_USAGE;
        }
        let store = airgap_license_store::Store::new(dir);
        let (code, body) = match store.deactivate(airgap::Policy::default(), airgap_license_store::Clock::system(now)) {
            Ok(done) => (AIRGAP_LICENSE_VALID, done.receipt.unwrap_or_default()),
            Err(e) => (AIRGAP_LICENSE_USAGE, store_error_body(&e)),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&body) };
        code
    })
}

/// The last release receipt the store in `store_dir` wrote (kept until the
/// next one), written into `out` under `airgap_license_check`'s rules: 0;
/// 2 for a NULL argument, a folder with no store, a store with no receipt,
/// or a store that cannot be read (an Errors object, and the last error).
///
/// # Safety
/// `store_dir` is a NUL-terminated string; `out` and `out_len` as for
/// `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_store_last_receipt(
    store_dir: *const c_char,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantee on `store_dir` (see # Safety).
        let Some(dir) = (unsafe { path_arg(store_dir) }) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let store = airgap_license_store::Store::new(dir);
        let (code, body) = match store.last_receipt() {
            Ok(Some(receipt)) => (AIRGAP_LICENSE_VALID, receipt),
            Ok(None) => {
                let message = format!(
                    "there is no release receipt in {}: it never deactivated a license bound to its machine",
                    airgap::Escaped(&store.dir().to_string_lossy())
                );
                set_last_error(&message);
                (AIRGAP_LICENSE_USAGE, airgap::json_text(&airgap::general_error("[missing]receipt", &message)))
            }
            Err(e) => (AIRGAP_LICENSE_USAGE, store_error_body(&e)),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&body) };
        code
    })
}

/// An activation request for the template (or bound) license `text`, from
/// the store in `store_dir` (its device key made if it has none; the
/// machine identified by `AIRGAP_LICENSE_MACHINE_ID` or its hardware), made
/// at `now_unix`: the armored request, at most 1 KiB, written into `out`
/// under `airgap_license_check`'s rules. Returns 0; 1 when the license is
/// rejected (the verdict object is written instead); 2 for a NULL argument,
/// an instant out of range, a license sold for any machine, or a store that
/// cannot be used (an Errors object).
///
/// # Safety
/// `validator` came from this library; `store_dir` is a NUL-terminated
/// string; `text` points to `text_len` readable bytes; `out` and `out_len`
/// as for `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_store_request(
    validator: *const airgap_license_validator,
    store_dir: *const c_char,
    text: *const u8,
    text_len: usize,
    now_unix: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantees on `validator`, `store_dir` and `text` (see # Safety).
        let args = unsafe { (handle(validator), path_arg(store_dir), text_arg(text, text_len)) };
        let (Some(validator), Some(dir), Some(bytes), Some(now)) = (args.0, args.1, args.2, instant(now_unix)) else {
            return AIRGAP_LICENSE_USAGE;
        };
        let store = airgap_license_store::Store::new(dir);
        let clock = airgap_license_store::Clock::system(now);
        let (code, body) = match store.request(&validator.validator, bytes, clock) {
            Ok(outcome) => match outcome.text {
                Some(request) => (AIRGAP_LICENSE_VALID, request),
                None => (code(&outcome.judgement), airgap::json_text(&outcome.judgement.to_json())),
            },
            Err(e) => (AIRGAP_LICENSE_USAGE, store_error_body(&e)),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&body) };
        code
    })
}

/// This machine as the store in `store_dir` sees it: writes
/// `{"deviceFingerprint", "created", "components", "label"}` (component
/// names only, never values) into `out` under `airgap_license_check`'s
/// rules, the device key made if the store has none. Returns 0, or 2 for a
/// NULL argument or a store that cannot be used.
///
/// # Safety
/// `store_dir` is a NUL-terminated string; `out` and `out_len` as for
/// `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_store_machine(
    store_dir: *const c_char,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        // SAFETY: the caller's guarantees on `out` and `out_len` (see # Safety).
        let output = unsafe { Output::started(out, out_cap, out_len) };
        // SAFETY: the caller's guarantee on `store_dir` (see # Safety).
        let Some(dir) = (unsafe { path_arg(store_dir) }) else { return AIRGAP_LICENSE_USAGE };
        let (code, body) = match airgap_license_store::Store::new(dir).machine() {
            Ok(report) => (AIRGAP_LICENSE_VALID, airgap::json_text(&report.to_json())),
            Err(e) => (AIRGAP_LICENSE_USAGE, store_error_body(&e)),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { output.write(&body) };
        code
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header's version macros are the package's (cbindgen reads only
    /// literals, so they are written out and checked here), and so is
    /// `airgap_license_version()`.
    #[test]
    fn the_version_macros_are_the_packages() {
        let macros = [AIRGAP_LICENSE_VERSION_MAJOR, AIRGAP_LICENSE_VERSION_MINOR, AIRGAP_LICENSE_VERSION_PATCH];
        let cargo = [env!("CARGO_PKG_VERSION_MAJOR"), env!("CARGO_PKG_VERSION_MINOR"), env!("CARGO_PKG_VERSION_PATCH")];
        assert_eq!(macros.map(|n| n.to_string()), cargo.map(str::to_owned));
        // SAFETY: a static NUL-terminated string.
        let runtime = unsafe { std::ffi::CStr::from_ptr(airgap_license_version()) };
        assert_eq!(runtime.to_str().ok(), Some(env!("CARGO_PKG_VERSION")));
    }
}
