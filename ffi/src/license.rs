//! License handles: a verified license's status, features, texts and dates.

use std::ffi::c_char;

use crate::boundary::{Output, answer, c_str, guard, handle};
use crate::*;

/// A verified license at `now_unix`: returns its exit code (0, 3, 4, 5, 7) and
/// writes its `GET /api/reactor` body into `out` under
/// `airgap_license_check`'s rules; 2 for a NULL license or an instant out of range.
///
/// # Safety
/// `license` came from this library; `out` and `out_len` as for `airgap_license_check`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_status(
    license: *const airgap_license_license, now_unix: i64, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantee on `license` (see # Safety).
        let (Some(license), Some(now)) = (unsafe { handle(license) }, instant(now_unix)) else {
            return None;
        };
        let license = &license.license;
        Some((
            match license.check(now) {
                Ok(()) => AIRGAP_LICENSE_VALID,
                Err(e) => i32::from(e.exit_code()),
            },
            airgap::json_text(&license.status(now).to_body()),
        ))
    })
}

/// One feature of a verified license at `now_unix`: 0 to 4 as for
/// `airgap_license_feature`; -1 for a NULL argument or an instant out of range.
///
/// # Safety
/// `license` came from this library; `feature` is a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_feature(
    license: *const airgap_license_license, now_unix: i64, feature: *const c_char,
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
    license: *const airgap_license_license, field: Field, out: *mut c_char, out_cap: usize, out_len: *mut usize,
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
    license: *const airgap_license_license, out: *mut c_char, out_cap: usize, out_len: *mut usize,
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
    license: *const airgap_license_license, out: *mut c_char, out_cap: usize, out_len: *mut usize,
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
    license: *const airgap_license_license, out: *mut c_char, out_cap: usize, out_len: *mut usize,
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
    license: *const airgap_license_license, now_unix: i64,
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

/// Frees a license (NULL is ignored).
///
/// # Safety
/// `license` is NULL or came from this library and is not used after.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_license_free(license: *mut airgap_license_license) {
    // SAFETY: the caller's guarantee (see # Safety).
    unsafe { boundary::free(license) }
}
