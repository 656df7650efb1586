//! Offline validation of Ed25519-signed software licenses.
//!
//! A license is Base64 text of a small JSON envelope whose signature covers a
//! JSON license document. [`Validator::verify`] decodes it and checks the
//! signature against the keys the product chose to trust ([`KeyStore`]: PEM
//! text, a folder, or a folder embedded at build time with [`build::embed`]
//! and [`embedded!`]); the resulting [`License`] then answers, at an instant
//! the caller passes in, where it stands ([`License::check`]), what one
//! feature's state is ([`License::feature`]) and the full [`Status`] map, the
//! body of the Reactor API's `GET /api/reactor`.
//! [`Validator::verify_in_effect`] does both in one call, and a [`Judgement`]
//! is the whole verdict as one serializable object.
//!
//! The library trusts no key implicitly, reads no clock, prints nothing and
//! never exits: the caller owns trust, time and I/O. The format is specified
//! in `docs/FORMAT.md`; the README shows the command line and a complete
//! example.
//!
//! The private modules below, in the order a license meets them: the text
//! (size, encodings, armor, Base64), the envelope, the trusted keys and the
//! signature, the document and its dates ([`parse_date`]), the [`Catalog`],
//! the status map, and the verdict. [`dangerous`] decodes without verifying
//! and holds the sample key; `issuer` (feature `issuer`) makes keys and signs.

mod catalog;
mod config_error;
mod date;
mod device_note;
mod document;
mod embedded;
mod envelope;
mod error;
mod escape;
mod explain;
mod judgement;
mod key_folder;
mod keys;
mod license;
mod license_id;
mod machine;
mod names;
mod policy;
mod reactor;
mod revocation;
mod status;
mod strict_json;
mod text;
mod validator;
mod verdict;

#[cfg(feature = "build")]
pub mod build;
pub mod dangerous;
pub mod file;
#[cfg(feature = "issuer")]
pub mod issuer;

pub use catalog::{Catalog, CatalogFeature};
pub use config_error::{ConfigError, KeyProblem};
pub use date::{INSTANT_YEARS, check_instant, day_start, instant_from_unix, instant_from_unix_millis, parse_date};
pub use device_note::{MAX_NOTE_TEXT, MAX_RECEIPT_TEXT, NoteError, Receipt, Request};
pub use embedded::Embedded;
pub use envelope::{license_digest, sha256_hex};
#[allow(deprecated)]
pub use error::{Error, ErrorKind, Part, RevokedBy};
pub use escape::{Escaped, Quoted, escape, json_text, json_text_pretty, needs_escape};
pub use explain::{Explanation, Grant, Reason};
pub use judgement::{Judgement, Problem, Refusal};
pub use keys::{KeyFile, KeyStore, MAX_KEY_FILE, TrustedKey};
pub use license::License;
pub use license_id::canonical_license_id;
pub use machine::{
    Binding, DeviceMatch, MACHINE_ID_COMPONENT, MAX_COMPONENTS, MAX_LABEL, MAX_MACHINES, Machine, MachineMatch,
    OPERATOR_COMPONENT, clean_label, component_hash, component_hash_keyed, component_key, device_fingerprint,
    is_hardware_component,
};
pub use policy::Policy;
pub use reactor::general_error;
pub use revocation::{
    MAX_REVOCATIONS_TEXT, MAX_REVOKED, REVOCATIONS_BEGIN, REVOCATIONS_END, RevocationError, RevocationList,
};
pub use status::{FeatureStatus, Standing, Status};
pub use text::{ARMOR_BEGIN, ARMOR_END, MAX_LICENSE_INPUT, MAX_LICENSE_TEXT};
pub use validator::Validator;
pub use verdict::Verdict;

#[cfg(fuzzing)]
pub mod fuzzing;

/// Re-exported so callers name the same time types the crate uses (with
/// chrono's `clock` feature: `chrono::Utc::now()` works).
pub use chrono;

// The README's examples are compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
