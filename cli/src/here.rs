//! The store and the place a license is judged, from the command line's
//! arguments: the rule itself is the store's [`Here`].

use airgap_license_store::{Here, Identity, STORE_VAR, Store, StoreRefusal, default_dir};

use crate::args::{Here as HereArgs, MachineArg, StoreArg};
use crate::error::CliError;

/// How this machine is identified: `--machine-id`, else the environment's
/// variable, else the hardware.
pub(crate) fn identity(arg: Option<&MachineArg>) -> Identity {
    match arg.and_then(|a| a.machine_id.clone()) {
        Some(id) => Identity::Operator(id),
        None => Identity::Environment,
    }
}

/// The folder `--store` names, or the default location.
fn store_dir(arg: &StoreArg) -> Option<std::path::PathBuf> {
    arg.store.clone().or_else(default_dir)
}

/// The store named by `--store`, or the default location, identifying this
/// machine as `machine` says.
pub(crate) fn open_store(arg: &StoreArg, machine: Option<&MachineArg>) -> Result<Store, CliError> {
    let dir = store_dir(arg)
        .ok_or_else(|| CliError::Usage(format!("no store folder: give --store DIR or set {STORE_VAR}")))?;
    Ok(Store::new(dir).with_identity(identity(machine)))
}

/// The store `arg` names, which must exist: a command that only reads it
/// (`events`, `receipt`) says so of a folder with no store, naming it,
/// rather than print nothing.
pub(crate) fn existing_store(arg: &StoreArg) -> Result<Store, CliError> {
    let store = open_store(arg, None)?;
    if !store.dir().exists() {
        let store = store.dir().to_string_lossy().into_owned();
        return Err(CliError::Usage(StoreRefusal::NoStore { store }.to_string()));
    }
    Ok(store)
}

/// This machine, as the store `arg` names (or the default one) holds it
/// and `machine` identifies it.
pub(crate) fn this_machine(arg: &StoreArg, machine: &MachineArg) -> Here {
    let identity = identity(Some(machine));
    // With no folder named, the default one (if any) identified the same way.
    Here::this_machine(store_dir(arg).map(|dir| Store::new(dir).with_identity(identity)))
}

/// As `verify`'s arguments say.
pub(crate) fn from_args(args: &HereArgs) -> Here {
    if args.any_machine { Here::any_machine() } else { this_machine(&args.store, &args.machine) }
}
