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
mod check;
mod license;
mod store;
mod validator;

pub use check::*;
pub use license::*;
pub use store::*;
pub use validator::*;

use airgap::chrono::{DateTime, Utc};
use airgap::{FeatureStatus, Judgement, License, Validator, Verdict};

use crate::boundary::set_last_error;

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
