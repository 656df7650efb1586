//! The store from C: activate, status, deactivate (with its receipt),
//! request, this machine, the default folder.

use std::ffi::c_char;

use airgap_license_store::StoreRefusal;

use crate::boundary::{Output, answer, guard, handle, path_arg, set_last_error, text_arg};
use crate::*;

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
    out: *mut c_char, out_cap: usize, out_len: *mut usize,
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
/// The arguments of a store call on license text: the validator, the
/// store, the text and the clock; `None` for a NULL one or an instant out
/// of range.
///
/// # Safety
/// `validator` came from this library; `store_dir` is a NUL-terminated
/// string; `text` points to `text_len` readable bytes.
unsafe fn text_call<'a>(
    validator: *const airgap_license_validator, store_dir: *const c_char, text: *const u8, text_len: usize,
    now_unix: i64,
) -> Option<(&'a airgap_license_validator, airgap_license_store::Store, &'a [u8], airgap_license_store::Clock)> {
    // SAFETY: the caller's guarantees, passed on.
    let (validator, dir, bytes) = unsafe { (handle(validator)?, path_arg(store_dir)?, text_arg(text, text_len)?) };
    let clock = airgap_license_store::Clock::system(instant(now_unix)?);
    Some((validator, airgap_license_store::Store::new(dir), bytes, clock))
}

/// A store call's answer: its own, or for a store that cannot be used, 2
/// and an Errors object naming why (kept as the last error).
fn store_answer(result: Result<(i32, String), airgap_license_store::StoreError>) -> Option<(i32, String)> {
    Some(result.unwrap_or_else(|e| (AIRGAP_LICENSE_USAGE, store_error_body(&e))))
}

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
    validator: *const airgap_license_validator, store_dir: *const c_char, text: *const u8, text_len: usize,
    now_unix: i64, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantees on `validator`, `store_dir` and `text` (see # Safety).
        let (validator, store, bytes, clock) = unsafe { text_call(validator, store_dir, text, text_len, now_unix) }?;
        store_answer(
            store
                .activate(&validator.validator, bytes, None, clock)
                .map(|outcome| (code(&outcome.judgement), airgap::json_text(&outcome.to_json()))),
        )
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
    validator: *const airgap_license_validator, store_dir: *const c_char, now_unix: i64, out: *mut c_char,
    out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantees on `validator` and `store_dir` (see # Safety).
        let (validator, dir) = unsafe { (handle(validator), path_arg(store_dir)) };
        let (Some(validator), Some(dir), Some(now)) = (validator, dir, instant(now_unix)) else {
            return None;
        };
        let store = airgap_license_store::Store::new(dir);
        let status = store.status(&validator.validator, airgap_license_store::Clock::system(now));
        store_answer(status.map(|outcome| (code(&outcome.judgement), airgap::json_text(&outcome.status.to_body()))))
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
    store_dir: *const c_char, now_unix: i64, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |output| {
        // SAFETY: the caller's guarantee on `store_dir` (see # Safety).
        let (Some(dir), Some(now)) = (unsafe { path_arg(store_dir) }, instant(now_unix)) else {
            return None;
        };
        if !output.holds(AIRGAP_LICENSE_RECEIPT_MAX) {
            // SAFETY: the caller's guarantee on `out_len`.
            unsafe { output.needs(AIRGAP_LICENSE_RECEIPT_MAX) };
            set_last_error(&format!(
                "deactivate needs a buffer of AIRGAP_LICENSE_RECEIPT_MAX + 1 ({}) bytes for the release receipt: nothing was deactivated",
                AIRGAP_LICENSE_RECEIPT_MAX.saturating_add(1)
            ));
            return None;
        }
        let store = airgap_license_store::Store::new(dir);
        store_answer(
            store
                .deactivate(airgap::Policy::default(), airgap_license_store::Clock::system(now))
                .map(|done| (AIRGAP_LICENSE_VALID, done.receipt.unwrap_or_default())),
        )
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
    store_dir: *const c_char, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantee on `store_dir` (see # Safety).
        let dir = (unsafe { path_arg(store_dir) })?;
        let store = airgap_license_store::Store::new(dir);
        store_answer(store.last_receipt().map(|done| match done {
            Some(receipt) => (AIRGAP_LICENSE_VALID, receipt),
            None => {
                let refusal = StoreRefusal::NoReceipt { store: store.dir().to_string_lossy().into_owned() };
                let message = refusal.to_string();
                set_last_error(&message);
                (
                    AIRGAP_LICENSE_USAGE,
                    airgap::json_text(&airgap::general_error(&refusal.to_refusal().code(), &message)),
                )
            }
        }))
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
    validator: *const airgap_license_validator, store_dir: *const c_char, text: *const u8, text_len: usize,
    now_unix: i64, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantees on `validator`, `store_dir` and `text` (see # Safety).
        let (validator, store, bytes, clock) = unsafe { text_call(validator, store_dir, text, text_len, now_unix) }?;
        store_answer(store.request(&validator.validator, bytes, clock).map(|outcome| match outcome.text {
            Some(request) => (AIRGAP_LICENSE_VALID, request),
            None => (code(&outcome.judgement), airgap::json_text(&outcome.judgement.to_json())),
        }))
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
    store_dir: *const c_char, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantee on `store_dir` (see # Safety).
        let dir = (unsafe { path_arg(store_dir) })?;
        store_answer(
            airgap_license_store::Store::new(dir)
                .machine()
                .map(|report| (AIRGAP_LICENSE_VALID, airgap::json_text(&report.to_json()))),
        )
    })
}
