//! Validator handles: the compiled-in keys, a keys folder or one PEM key,
//! a release date, a revocation list; judging and verifying with them.

use std::ffi::c_char;

use airgap::Judgement;
use airgap_license_store::Here;

use crate::boundary::{
    Output, answer, c_str, give, give_or_explain, guard, handle, path_arg, set_last_error, text_arg,
};
use crate::check::read_regular;
use crate::*;

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
    dir: *const c_char, out: *mut *mut airgap_license_validator, message: *mut c_char, message_cap: usize,
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
    kid: *const c_char, pem: *const c_char, out: *mut *mut airgap_license_validator, message: *mut c_char,
    message_cap: usize, message_len: *mut usize,
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
    validator: *const airgap_license_validator, text: *const u8, text_len: usize, now_unix: i64, out: *mut c_char,
    out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantees on `validator` and `text` (see # Safety).
        let (validator, bytes) = unsafe { (handle(validator), text_arg(text, text_len)) };
        let (Some(validator), Some(bytes), Some(now)) = (validator, bytes, instant(now_unix)) else {
            return None;
        };
        let judgement = Here::this_machine(None).judge(&validator.validator, bytes, now);
        Some((code(&judgement), airgap::json_text(&judgement.to_json())))
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
    validator: *const airgap_license_validator, path: *const c_char, now_unix: i64, out: *mut c_char, out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantees on `validator` and `path` (see # Safety).
        let (validator, file) = unsafe { (handle(validator), path_arg(path)) };
        let (Some(validator), Some(file), Some(now)) = (validator, file, instant(now_unix)) else {
            return None;
        };
        let judgement = match read_regular(&file) {
            Ok(bytes) => Here::this_machine(None).judge(&validator.validator, &bytes, now),
            Err(e) => Judgement::unreadable(e.to_string(), now),
        };
        Some((code(&judgement), airgap::json_text(&judgement.to_json())))
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
    validator: *const airgap_license_validator, out: *mut c_char, out_cap: usize, out_len: *mut usize,
) -> i32 {
    answer!(out, out_cap, out_len, |_| {
        // SAFETY: the caller's guarantee on `validator` (see # Safety).
        let validator = (unsafe { handle(validator) })?;
        let keys: Vec<String> =
            validator.validator.keys().iter().map(|key| airgap::json_text(&key.to_json())).collect();
        Some((AIRGAP_LICENSE_VALID, format!("[{}]", keys.join(","))))
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
    validator: *const airgap_license_validator, text: *const u8, text_len: usize, out: *mut *mut airgap_license_license,
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
    validator: *const airgap_license_validator, day: *const c_char, out: *mut *mut airgap_license_validator,
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
    validator: *const airgap_license_validator, text: *const u8, text_len: usize,
    out: *mut *mut airgap_license_validator, message: *mut c_char, message_cap: usize, message_len: *mut usize,
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
