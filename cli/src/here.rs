//! Where a license is judged: on this machine (a template or a bound
//! license against the store's device key and the components found now,
//! collected once, and only when a license needs them), or, for a vendor's
//! audit of licenses collected from many machines, on any machine
//! (`verify --any-machine`: signature and dates only, and said so).

use std::sync::OnceLock;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Judgement, Machine, Validator, dangerous};
use airgap_license_store::{Identity, STORE_VAR, Store, default_dir, this_machine};

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
        return Err(CliError::Usage(format!(
            "there is no store in {}: nothing was ever activated there (check --store, {STORE_VAR})",
            airgap_license::Escaped(&store.dir().to_string_lossy())
        )));
    }
    Ok(store)
}

/// Where licenses are judged.
pub(crate) enum Here {
    /// Any machine: the binding is not checked.
    AnyMachine,
    /// This machine, read from the store (when there is a store folder) the
    /// first time a license needs it.
    ThisMachine { store: Option<Store>, machine: OnceLock<Result<Machine, String>> },
}

impl Here {
    /// This machine, as the store `arg` names (or the default one) holds it.
    pub(crate) fn this_machine(arg: &StoreArg, machine: &MachineArg) -> Here {
        let identity = identity(Some(machine));
        let store = store_dir(arg).map(|dir| Store::new(dir).with_identity(identity));
        Here::ThisMachine { store, machine: OnceLock::new() }
    }

    /// As `verify`'s arguments say.
    pub(crate) fn from_args(args: &HereArgs) -> Here {
        if args.any_machine { Here::AnyMachine } else { Here::this_machine(&args.store, &args.machine) }
    }

    /// Verifies `text` and judges it here at `now`.
    pub(crate) fn judge(&self, validator: &Validator, text: &[u8], now: DateTime<Utc>) -> Judgement {
        let license = match validator.verify(text) {
            Ok(license) => license,
            Err(e) => return Judgement::rejected(e, now),
        };
        if !license.needs_machine() {
            return Judgement::of_license(license, now);
        }
        match self {
            Here::AnyMachine => Judgement::of_license(dangerous::any_machine(license), now),
            Here::ThisMachine { store, machine } => {
                let machine = machine.get_or_init(|| this_machine(store.as_ref()).map_err(|e| e.to_string()));
                match machine {
                    Ok(machine) => Judgement::of_license(license.on_machine(machine), now),
                    Err(e) => Judgement::unreadable(format!("this machine's store: {e}"), now),
                }
            }
        }
    }

    /// Whether the binding is not checked (`--any-machine`).
    pub(crate) fn any_machine(&self) -> bool {
        matches!(self, Here::AnyMachine)
    }
}
