//! The rule of where a license is in effect, written once: a license sold
//! for any machine is in effect wherever its dates say; a template or a
//! bound license is judged against this machine, read only when such a
//! license needs it. [`Here`](crate::Here) applies it for the command line
//! and the bindings; a store's own commands apply it with the machine they
//! read under their lock.

use airgap_license::{License, Machine};

/// `license` as it stands on the machine `machine` gives (asked only when
/// the license is sold per machine).
///
/// # Errors
/// Whatever reading the machine gives.
pub(crate) fn place<E>(license: License, machine: impl FnOnce() -> Result<Machine, E>) -> Result<License, E> {
    if !license.needs_machine() {
        return Ok(license);
    }
    Ok(license.on_machine(&machine()?))
}
