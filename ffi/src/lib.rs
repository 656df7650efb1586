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
//! Exit codes (the CLI's): 0 in effect, 1 rejected, 2 usage (a NULL argument,
//! an instant out of range) or unusable keys, 3 expired, 4 not yet in effect,
//! 5 clock untrusted. Feature states: 0 ACTIVE, 1 DISABLED, 2 DISCONNECTED,
//! 3 PENDING, 4 UNKNOWN; -1 for a NULL argument.

#[cfg(feature = "bench")]
mod bench;

use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use airgap::chrono::{DateTime, Utc};
use airgap::{FeatureStatus, Judgement, KeyStore, License, MAX_LICENSE_INPUT, Validator, Verdict};

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

/// Runs `body`, turning a panic into `fallback`: no unwinding crosses the C boundary.
fn guard(fallback: i32, body: impl FnOnce() -> i32) -> i32 {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// The validator of the compiled-in keys, made once.
fn embedded() -> Option<&'static Validator> {
    static VALIDATOR: OnceLock<Option<Validator>> = OnceLock::new();
    VALIDATOR.get_or_init(|| Validator::from_embedded(&airgap::embedded!()).ok()).as_ref()
}

/// `now_unix` as an instant, `None` outside the years 1970 to 9999 (a time
/// in milliseconds passed as seconds is year 50,000 and more): refused with
/// 2 before anything is judged or recorded.
fn instant(now_unix: i64) -> Option<DateTime<Utc>> {
    airgap::instant_from_unix(now_unix).ok()
}

/// A NUL-terminated path exactly as given: on Unix its bytes, whatever
/// they are; elsewhere it must be UTF-8. `None` for a path that is not
/// valid for the platform: refused, never converted lossily into the name
/// of another file.
///
/// # Safety
/// `path` is not NULL and is a NUL-terminated string.
unsafe fn path_at(path: *const c_char) -> Option<std::path::PathBuf> {
    // SAFETY: the caller guarantees a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(path) }.to_bytes();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Some(std::path::PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(bytes).ok().map(std::path::PathBuf::from)
    }
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

/// The license text as a slice, at most one byte past the largest input the
/// library reads (it refuses anything longer without reading further).
///
/// # Safety
/// `text` is not NULL and points to `text_len` readable bytes.
unsafe fn text_slice<'a>(text: *const u8, text_len: usize) -> &'a [u8] {
    let len = text_len.min(MAX_LICENSE_INPUT.saturating_add(1));
    // SAFETY: the caller guarantees `text_len` readable bytes at `text`, and
    // `len <= text_len`; `len` is far below isize::MAX.
    unsafe { std::slice::from_raw_parts(text, len) }
}

/// Writes `body` and its NUL into `out` only if both fit in `out_cap` bytes;
/// writes the body's length (without the NUL) to `out_len` if it is not NULL.
///
/// # Safety
/// `out`, if not NULL, points to `out_cap` writable bytes; `out_len`, if not
/// NULL, points to a writable `size_t`.
unsafe fn write_out(body: &str, out: *mut c_char, out_cap: usize, out_len: *mut usize) {
    if !out_len.is_null() {
        // SAFETY: not NULL, and the caller guarantees it is writable.
        unsafe { out_len.write(body.len()) };
    }
    if !out.is_null() && body.len() < out_cap {
        // SAFETY: `out` has `out_cap > body.len()` writable bytes, so the
        // body and its NUL fit; the regions cannot overlap (ours is Rust's).
        unsafe {
            std::ptr::copy_nonoverlapping(body.as_ptr(), out.cast::<u8>(), body.len());
            out.add(body.len()).write(0);
        }
    }
}

/// The verdict code of a judgement.
fn code(judgement: &Judgement) -> i32 {
    i32::from(judgement.exit_code())
}

/// Verifies `text` (any form the CLI accepts) with the compiled-in keys at
/// `now_unix` and returns the CLI's exit code for the verdict: 0, 1, 3, 4 or
/// 5; 2 for a NULL `text`, an instant out of range, or unusable keys. Writes
/// the `GET /api/reactor` body (`{"status": {...}}`), NUL-terminated, into
/// `out` only if the whole body and its NUL fit in `out_cap` bytes (`out` is
/// left untouched otherwise); if `out_len` is not NULL it receives the body's
/// length without the NUL, whether or not it fitted, so that a caller can
/// ask with `out == NULL` first.
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
        let (Some(validator), Some(now)) = (embedded(), instant(now_unix)) else { return AIRGAP_LICENSE_USAGE };
        if text.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; the caller guarantees `text_len` readable bytes.
        let bytes = unsafe { text_slice(text, text_len) };
        let (code, body) = check_bytes(validator, Some(bytes), now);
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { write_out(&body, out, out_cap, out_len) };
        code
    })
}

/// The exit code and the `GET /api/reactor` body for license text (`None`:
/// it could not be read, 2 and the unlicensed map).
fn check_bytes(validator: &Validator, bytes: Option<&[u8]>, now: DateTime<Utc>) -> (i32, String) {
    let Some(bytes) = bytes else {
        return (AIRGAP_LICENSE_USAGE, airgap::json_text(&validator.unlicensed().to_body()));
    };
    let judgement = Judgement::of(validator, bytes, now);
    (code(&judgement), airgap::json_text(&judgement.status(validator).to_body()))
}

/// As `airgap_license_check`, for the license in the file at `path` (UTF-8),
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
        let (Some(validator), Some(now)) = (embedded(), instant(now_unix)) else { return AIRGAP_LICENSE_USAGE };
        if path.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; the caller guarantees a NUL-terminated string.
        let Some(path) = (unsafe { path_at(path) }) else { return AIRGAP_LICENSE_USAGE };
        let bytes = read_regular(&path);
        let (code, body) = check_bytes(validator, bytes.as_deref(), now);
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { write_out(&body, out, out_cap, out_len) };
        code
    })
}

/// A regular file's bytes, up to one past the largest input; `None` if it
/// cannot be read or is not a regular file (opened without blocking and
/// checked on its descriptor: a FIFO never blocks the installer).
fn read_regular(path: &std::path::Path) -> Option<Vec<u8>> {
    let limit = u64::try_from(MAX_LICENSE_INPUT).unwrap_or(u64::MAX).saturating_add(1);
    airgap::file::read_regular(path, limit).ok()
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
        let (Some(validator), Some(now)) = (embedded(), instant(now_unix)) else { return -1 };
        if text.is_null() || feature.is_null() {
            return -1;
        }
        // SAFETY: not NULL; the caller guarantees a NUL-terminated string.
        let name = unsafe { CStr::from_ptr(feature) };
        let Ok(name) = name.to_str() else { return AIRGAP_LICENSE_FEATURE_UNKNOWN };
        // SAFETY: not NULL; the caller guarantees `text_len` readable bytes.
        let bytes = unsafe { text_slice(text, text_len) };
        match validator.verify(bytes) {
            Ok(license) => state_code(license.feature(name, now)),
            // Rejected: the unlicensed map, every catalog feature DISABLED.
            Err(_) => match validator.unlicensed().feature(name) {
                Some(state) => state_code(state),
                None => AIRGAP_LICENSE_FEATURE_UNKNOWN,
            },
        }
    })
}

/// The version of this library, a static NUL-terminated string (do not free).
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
        let Some(validator) = embedded().filter(|_| !out.is_null()) else { return AIRGAP_LICENSE_USAGE };
        let handle = Box::into_raw(Box::new(airgap_license_validator { validator: validator.clone() }));
        // SAFETY: not NULL; the caller guarantees it is writable.
        unsafe { out.write(handle) };
        AIRGAP_LICENSE_VALID
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
        if dir.is_null() || out.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; the caller guarantees a NUL-terminated string.
        let Some(dir) = (unsafe { path_at(dir) }) else { return AIRGAP_LICENSE_USAGE };
        let made = KeyStore::from_dir(&dir).map_err(|e| e.to_string()).and_then(|keys| {
            let catalog = airgap::embedded!().catalog().map_err(|e| e.to_string())?;
            Ok(Validator::new(keys, catalog))
        });
        match made {
            Ok(validator) => {
                let handle = Box::into_raw(Box::new(airgap_license_validator { validator }));
                // SAFETY: not NULL; the caller guarantees it is writable.
                unsafe { out.write(handle) };
                AIRGAP_LICENSE_VALID
            }
            Err(reason) => {
                // SAFETY: the caller's guarantees on `message` and `message_len`.
                unsafe { write_out(&reason, message, message_cap, message_len) };
                AIRGAP_LICENSE_USAGE
            }
        }
    })
}

/// Frees a validator (NULL is ignored).
///
/// # Safety
/// `validator` is NULL or came from this library and is not used after.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_validator_free(validator: *mut airgap_license_validator) {
    let _ = guard(0, || {
        if !validator.is_null() {
            // SAFETY: it came from Box::into_raw here and is freed once.
            drop(unsafe { Box::from_raw(validator) });
        }
        0
    });
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
        let Some(now) = instant(now_unix) else { return AIRGAP_LICENSE_USAGE };
        if validator.is_null() || text.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; it came from this library.
        let validator = unsafe { &(*validator).validator };
        // SAFETY: not NULL; the caller guarantees `text_len` readable bytes.
        let bytes = unsafe { text_slice(text, text_len) };
        let judgement = Judgement::of(validator, bytes, now);
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { write_out(&airgap::json_text(&judgement.to_json()), out, out_cap, out_len) };
        code(&judgement)
    })
}

/// Verifies `text` (signature and document; not its dates) and writes the
/// license to `*out`. Returns 0, 1 when rejected, 2 for a NULL argument.
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
        if validator.is_null() || text.is_null() || out.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; it came from this library.
        let validator = unsafe { &(*validator).validator };
        // SAFETY: not NULL; the caller guarantees `text_len` readable bytes.
        let bytes = unsafe { text_slice(text, text_len) };
        match validator.verify(bytes) {
            Ok(license) => {
                let handle = Box::into_raw(Box::new(airgap_license_license { license }));
                // SAFETY: not NULL; the caller guarantees it is writable.
                unsafe { out.write(handle) };
                AIRGAP_LICENSE_VALID
            }
            Err(_) => AIRGAP_LICENSE_REJECTED,
        }
    })
}

/// A verified license at `now_unix`: returns its exit code (0, 3, 4, 5) and
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
        let Some(now) = instant(now_unix) else { return AIRGAP_LICENSE_USAGE };
        if license.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; it came from this library.
        let license = unsafe { &(*license).license };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { write_out(&airgap::json_text(&license.status(now).to_body()), out, out_cap, out_len) };
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
        let Some(now) = instant(now_unix) else { return -1 };
        if license.is_null() || feature.is_null() {
            return -1;
        }
        // SAFETY: not NULL; it came from this library.
        let license = unsafe { &(*license).license };
        // SAFETY: not NULL; the caller guarantees a NUL-terminated string.
        match unsafe { CStr::from_ptr(feature) }.to_str() {
            Ok(name) => state_code(license.feature(name, now)),
            Err(_) => AIRGAP_LICENSE_FEATURE_UNKNOWN,
        }
    })
}

/// Frees a license (NULL is ignored).
///
/// # Safety
/// `license` is NULL or came from this library and is not used after.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_free(license: *mut airgap_license_license) {
    let _ = guard(0, || {
        if !license.is_null() {
            // SAFETY: it came from Box::into_raw here and is freed once.
            drop(unsafe { Box::from_raw(license) });
        }
        0
    });
}

/// The store folder named by a NUL-terminated path.
///
/// # Safety
/// `dir` is not NULL and is a NUL-terminated string.
unsafe fn store_at(dir: *const c_char) -> Option<airgap_license_store::Store> {
    // SAFETY: the caller guarantees a NUL-terminated string.
    unsafe { path_at(dir) }.map(airgap_license_store::Store::new)
}

/// The Errors object of a store that cannot be used.
fn store_error_body(e: &airgap_license_store::StoreError) -> String {
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
        let Some(now) = instant(now_unix) else { return AIRGAP_LICENSE_USAGE };
        if validator.is_null() || store_dir.is_null() || text.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; it came from this library.
        let validator = unsafe { &(*validator).validator };
        // SAFETY: not NULL; the caller guarantees `text_len` readable bytes.
        let bytes = unsafe { text_slice(text, text_len) };
        // SAFETY: not NULL; the caller guarantees a NUL-terminated string.
        let Some(store) = (unsafe { store_at(store_dir) }) else { return AIRGAP_LICENSE_USAGE };
        let (code, body) = match store.activate(validator, bytes, None, airgap_license_store::Clock::system(now)) {
            Ok(outcome) => (code(&outcome.judgement), airgap::json_text(&outcome.to_json())),
            Err(e) => (AIRGAP_LICENSE_USAGE, store_error_body(&e)),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { write_out(&body, out, out_cap, out_len) };
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
        let Some(now) = instant(now_unix) else { return AIRGAP_LICENSE_USAGE };
        if validator.is_null() || store_dir.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; it came from this library.
        let validator = unsafe { &(*validator).validator };
        // SAFETY: not NULL; the caller guarantees a NUL-terminated string.
        let Some(store) = (unsafe { store_at(store_dir) }) else { return AIRGAP_LICENSE_USAGE };
        let (code, body) = match store.status(validator, airgap_license_store::Clock::system(now)) {
            Ok(outcome) => (code(&outcome.judgement), airgap::json_text(&outcome.status.to_body())),
            Err(e) => (AIRGAP_LICENSE_USAGE, store_error_body(&e)),
        };
        // SAFETY: the caller's guarantees on `out`, `out_cap` and `out_len`.
        unsafe { write_out(&body, out, out_cap, out_len) };
        code
    })
}

/// Removes the store's active license: 0 (also when none was active), 2 for
/// a NULL argument or a busy, unreadable or corrupt store.
///
/// # Safety
/// `store_dir` is a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_store_deactivate(store_dir: *const c_char, now_unix: i64) -> i32 {
    guard(AIRGAP_LICENSE_USAGE, || {
        let Some(now) = instant(now_unix) else { return AIRGAP_LICENSE_USAGE };
        if store_dir.is_null() {
            return AIRGAP_LICENSE_USAGE;
        }
        // SAFETY: not NULL; the caller guarantees a NUL-terminated string.
        let Some(store) = (unsafe { store_at(store_dir) }) else { return AIRGAP_LICENSE_USAGE };
        match store.deactivate(airgap::Policy::default(), airgap_license_store::Clock::system(now)) {
            Ok(_) => AIRGAP_LICENSE_VALID,
            Err(_) => AIRGAP_LICENSE_USAGE,
        }
    })
}
