//! The one-shot calls an installer needs: a license (text or file) checked
//! with the compiled-in keys, one feature's state, the last error, the version.

use std::ffi::c_char;

use airgap::chrono::{DateTime, Utc};
use airgap::{MAX_LICENSE_INPUT, Validator};
use airgap_license_store::Here;

use crate::boundary::{Output, answer, c_str, guard, path_arg, set_last_error, text_arg};
use crate::*;

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
    text: *const u8, text_len: usize, now_unix: i64, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantee on `text` (see # Safety).
        let bytes = unsafe { text_arg(text, text_len) };
        let (Some(validator), Some(now), Some(bytes)) = (embedded(), instant(now_unix), bytes) else {
            return None;
        };
        let (code, body) = check_bytes(validator, Some(bytes), now);
        Some((code, body))
    })
}

/// The exit code and the `GET /api/reactor` body for license text (`None`:
/// it could not be read, 2 and the unlicensed map).
pub(crate) fn check_bytes(validator: &Validator, bytes: Option<&[u8]>, now: DateTime<Utc>) -> (i32, String) {
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
    path: *const c_char, now_unix: i64, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantee on `path` (see # Safety).
        let file = unsafe { path_arg(path) };
        let (Some(validator), Some(now), Some(file)) = (embedded(), instant(now_unix), file) else {
            return None;
        };
        let bytes = read_regular(&file).map_err(|e| set_last_error(&e.to_string())).ok();
        let (code, body) = check_bytes(validator, bytes.as_deref(), now);
        Some((code, body))
    })
}

/// A regular file's bytes, up to one past the largest input; `None` if it
/// cannot be read or is not a regular file (opened without blocking and
/// checked on its descriptor: a FIFO never blocks the installer).
pub(crate) fn read_regular(path: &std::path::Path) -> Result<Vec<u8>, airgap::file::FileError> {
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
    text: *const u8, text_len: usize, now_unix: i64, feature: *const c_char,
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

/// As `airgap_license_feature`, for the license in the file at `path` (read
/// as `airgap_license_check_file` reads it): 0 to 4, or -1 for a NULL
/// argument, an instant out of range, or a file that cannot be read (its
/// reason kept for `airgap_license_last_error`).
///
/// # Safety
/// `path` and `feature` are NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_feature_file(
    path: *const c_char, now_unix: i64, feature: *const c_char,
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
