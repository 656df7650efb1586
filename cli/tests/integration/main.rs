//! The command line's integration tests, as one binary (ripgrep's layout):
//! one module per behaviour, `util` the helpers they share. Tests that read
//! the repository's files set the process's folder to the repository's root
//! (every one the same folder, so their order does not matter); the others
//! work in folders of their own and never depend on it.

mod util;

mod bad_inputs;
mod cli;
mod cli_process;
mod critical;
mod format_doc;
#[cfg(feature = "issuer")]
mod issuer;
#[cfg(feature = "issuer")]
mod machines;
mod readme;
#[cfg(feature = "issuer")]
mod revocations;
mod samples;
mod spreadsheet;
mod store;
