//! Where a license is judged: the one rule by which the command line, C,
//! Python and Node place a license. A license sold for any machine is in
//! effect wherever its dates say; a template or a bound license is judged
//! against this machine (the store's device key and the components found
//! now, read once, and only when a license needs them), or, for a vendor's
//! audit of licenses collected from many machines, on any machine (the
//! binding not checked, and said so: `verify --any-machine`).

use std::sync::OnceLock;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Judgement, License, Machine, Validator, dangerous};

use crate::error::StoreError;
use crate::identity::Identity;
use crate::location::default_dir;
use crate::place::place;
use crate::store::Store;

/// Where licenses are judged: any machine, or this one.
#[derive(Debug)]
pub struct Here {
    /// `None`: any machine. Otherwise this machine's store (`None` when
    /// there is no store folder at all) and its identity, read once.
    this: Option<ThisMachine>,
}

#[derive(Debug)]
struct ThisMachine {
    /// The store named; `None`: the default one, looked for only when a
    /// license needs this machine.
    store: Option<Store>,
    machine: OnceLock<Result<Machine, StoreError>>,
}

impl Here {
    /// Any machine: a bound license's binding is not checked (a template
    /// stays in effect nowhere). For a vendor's audit, never for a product
    /// deciding whether it may run.
    #[must_use]
    pub fn any_machine() -> Here {
        Here { this: None }
    }

    /// This machine, as `store` holds it (its device key) and as the store's
    /// identity finds it. `None`: the default store folder
    /// ([`default_dir`]), if there is one; with none, the environment's
    /// identity and no device key.
    #[must_use]
    pub fn this_machine(store: Option<Store>) -> Here {
        Here { this: Some(ThisMachine { store, machine: OnceLock::new() }) }
    }

    /// Whether the binding is not checked.
    #[must_use]
    pub fn is_any_machine(&self) -> bool {
        self.this.is_none()
    }

    /// A verified license as it stands here: a template or a bound license
    /// judged against this machine (read the first time one needs it); any
    /// other license as it is.
    ///
    /// # Errors
    /// [`StoreError`] when this machine's store must be read and cannot be.
    pub fn place(&self, license: License) -> Result<License, StoreError> {
        let Some(this) = &self.this else { return Ok(dangerous::any_machine(license)) };
        place(license, || {
            let machine = this.machine.get_or_init(|| match (&this.store, default_dir()) {
                (Some(store), _) => store.this_machine(),
                (None, Some(dir)) => Store::new(dir).this_machine(),
                (None, None) => Ok(Identity::default().machine(None)),
            });
            machine.clone()
        })
    }

    /// The verdict object of license text here at `now`: verified, then
    /// placed ([`place`](Self::place)); a store that must be read and
    /// cannot be is `unreadable`.
    #[must_use]
    pub fn judge(&self, validator: &Validator, text: &[u8], now: DateTime<Utc>) -> Judgement {
        match validator.verify(text) {
            Err(e) => Judgement::rejected(e, now),
            Ok(license) => match self.place(license) {
                Ok(license) => Judgement::of_license(license, now),
                Err(e) => Judgement::unreadable(format!("this machine's store: {e}"), now),
            },
        }
    }
}

/// [`Here::this_machine`]`(store.cloned())`, then [`Here::place`].
///
/// # Errors
/// As [`Here::place`].
#[deprecated(since = "0.3.0", note = "use Here::this_machine(store).place(license)")]
pub fn place_here(license: License, store: Option<&Store>) -> Result<License, StoreError> {
    Here::this_machine(store.cloned()).place(license)
}

/// [`Here::this_machine`]`(None)`, then [`Here::judge`].
#[deprecated(since = "0.3.0", note = "use Here::this_machine(None).judge(validator, text, now)")]
#[must_use]
pub fn judge_here(validator: &Validator, text: &[u8], now: DateTime<Utc>) -> Judgement {
    Here::this_machine(None).judge(validator, text, now)
}
