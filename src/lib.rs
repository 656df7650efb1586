//! Offline validation of Ed25519-signed software licenses.
//!
//! A license is Base64 text of a small JSON envelope whose signature covers a
//! JSON license document. [`Validator::verify`] decodes it and checks the
//! signature against keys compiled into the build; the resulting [`License`]
//! then answers, at an instant the caller passes in, where it stands
//! ([`License::check`]), what one feature's state is ([`License::feature`]) and
//! the full [`Status`] map, the body of the Reactor API's `GET /api/reactor`.
//!
//! The library reads no clock, prints nothing and never exits: the caller owns
//! time and I/O. The format is specified in `docs/FORMAT.md`; the README shows
//! the command line and a complete example.
//!
//! The private modules below, in the order a license meets them: the text
//! (size, armor, Base64), the envelope, the trusted [`KeyStore`] and the
//! signature, the document and its dates ([`parse_date`]), the [`Catalog`],
//! and the status map. [`dangerous`] decodes without verifying; `issuer`
//! (feature `issuer`) makes keys and signs.

mod catalog;
mod date;
mod document;
mod envelope;
mod error;
mod keys;
mod license;
mod names;
mod policy;
mod status;
mod strict_json;
mod text;
mod validator;

pub mod dangerous;
#[cfg(feature = "issuer")]
pub mod issuer;

pub use catalog::{Catalog, CatalogFeature};
pub use date::{day_start, parse_date};
pub use error::{Error, ErrorKind};
pub use keys::{KeyStore, TrustedKey};
pub use license::License;
pub use policy::Policy;
pub use status::{FeatureStatus, Standing, Status};
pub use text::{ARMOR_BEGIN, ARMOR_END, MAX_LICENSE_TEXT};
pub use validator::Validator;

#[cfg(fuzzing)]
pub mod fuzzing;

/// Re-exported so callers name the same time types the crate uses.
pub use chrono;

// The README's examples are compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
