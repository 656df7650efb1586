//! A store for the license on an air-gapped machine, over time: the folder
//! that keeps the active license and the state around it, the offline
//! counterpart of the Reactor API's activate (`POST`), status (`GET`),
//! regenerate (`PUT`) and deactivate (`DELETE`).
//!
//! The store is not trusted: the license it keeps is verified again, with the
//! caller's trusted keys, on every use. It remembers every licenseId it has
//! seen (with the latest `issued`) and every one that a `supersedes` named,
//! so that an older copy or a replaced license is refused; it keeps a clock
//! high-water mark, so that a clock wound back more than the policy's
//! tolerance is noticed; and it appends an event log in the shape of the
//! vendor's webhook events. Every change is written to a new file, synced,
//! renamed over the old one and the folder synced: a crash leaves the old
//! state or the new one, never a mix. A lock that dies with its process
//! serialises commands.
//!
//! Like the core library, the store reads no clock: the caller passes the
//! system clock's reading (and, for a look at another instant, that instant)
//! in a [`Clock`].
//!
//! ```
//! use airgap_license::{Validator, chrono::{DateTime, Utc}, dangerous};
//! use airgap_license_store::{Clock, Store};
//!
//! let validator = Validator::with_keys(dangerous::sample_key_anyone_can_sign())?;
//! let dir = std::env::temp_dir().join(format!("airgap-license-doc-{}", std::process::id()));
//! let store = Store::new(&dir);
//! let text = std::fs::read("../licenses-sample/enterprise.lic")?;
//! let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse()?; // the caller reads the clock
//!
//! let activated = store.activate(&validator, &text, None, Clock::system(now))?;
//! assert!(activated.stored);
//! let status = store.status(&validator, Clock::system(now))?;
//! assert_eq!(status.status.to_body()["status"]["scimServer"], "ACTIVE");
//! // Three days before the mark the clock is not believed.
//! let back: DateTime<Utc> = "2026-05-29T00:00:00Z".parse()?;
//! assert_eq!(store.status(&validator, Clock::system(back))?.judgement.exit_code(), 5);
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Modules, from the top down: [`Here`] (where a license is judged: the one
//! rule the command line, C, Python and Node place a license by), [`Store`]
//! (the commands), the session (one command's lock, state and admission
//! rules), the [`Outcome`]s, the [`Clock`], this machine's [`Identity`], the folder (opened once, checked, its
//! files opened relative to it without following links), the state file,
//! the event log ([`Events`]), the lock, durable appends ([`open_log`] and
//! [`append_line`], which the issuer's ledger uses too), and the default
//! location ([`default_dir`]).

// The rooms, from the top down, are named in the module documentation
// above (rustfmt keeps the declarations in alphabetical order).
mod clock;
mod durable;
mod error;
mod events;
mod folder;
mod here;
mod identity;
mod location;
mod lock;
mod outcome;
mod place;
mod refusal;
mod session;
mod state;
mod store;

pub use clock::Clock;
pub use durable::{append_line, open_log};
pub use error::StoreError;
pub use events::{EventType, Events};
#[allow(deprecated)]
pub use here::{Here, judge_here, place_here};
pub use identity::{Identity, MACHINE_ID_VAR};
pub use location::{NO_DEFAULT_DIR, STORE_VAR, default_dir};
pub use outcome::{ClockReset, Deactivation, MachineReport, Outcome, Pending, RequestOutcome, RevocationImport};
pub use refusal::StoreRefusal;
pub use store::Store;
