//! The airgap-license command line as a library, under thin binaries whose
//! `main` only calls into it: `airgap-license` ([`validator::main`]),
//! `airgap-license-issuer` ([`issuer::main`], feature `issuer`) and
//! `airgap-license-docs` (feature `docs`, which reads the parsers of
//! [`args`] and [`issuer::args`]). The library crate `airgap-license`
//! decides; this crate owns the clock, the files, the messages and the exit
//! codes.
//!
//! The modules, from the bottom up (each imports only those above it):
//! `error` (what stops a command, usage or internal), `output` (standard
//! output and error), `exit` (what a command ended with, and its code),
//! [`args`] (the command line), `lookalikes` (arguments a glob slipped in),
//! `clock` (the one place the command line, issuer included, reads the clock), `input` (reading licenses,
//! keys and catalogs, expanding folders), `report` (every line, table, row
//! and JSON shape a verdict or a status map is written as), `here` (where
//! a license bound to a machine is judged: this machine, or any), `audit`
//! (judging on all cores); then the commands: `commands` (on files, and the
//! dispatcher), `explain` (explain and timeline), `store_commands` (the
//! store's); [`validator`] (the `airgap-license` binary's main) and
//! [`issuer`] (the issuer's commands and main).

pub mod args;
mod audit;
mod clock;
mod commands;
mod error;
mod exit;
mod explain;
mod here;
mod input;
#[cfg(feature = "issuer")]
pub mod issuer;
mod lookalikes;
mod output;
mod qr;
mod report;
mod store_commands;
pub mod validator;
