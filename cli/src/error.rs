//! The CLI's own errors, wrapping the library's configuration errors.

use std::io;

use airgap_license::ConfigError;
use airgap_license::file::FileError;

/// What stops a command before it reaches a verdict: all exit 2. A usage
/// error is the caller's to fix; an internal one is ours (a broken
/// invariant, never a silent pass) and says so.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// The arguments contradict each other or are not options.
    #[error("{0}")]
    Usage(String),
    /// A broken invariant of this program: a bug to report.
    #[error("internal error: {0} (please report this)")]
    Internal(String),
    /// Reading a file or standard input failed, or the file is not a
    /// regular one (reading it could block forever).
    #[error("{0}")]
    File(#[from] FileError),
    /// Writing the output failed (other than a closed pipe).
    #[error("cannot write the output: {0}")]
    Write(io::Error),
    /// A file asked for as output (`--out`, `--receipt`) could not be made
    /// or written; it is never overwritten.
    #[error("cannot write {}: {source}", airgap_license::Escaped(&.path.to_string_lossy()))]
    Output {
        /// The file.
        path: std::path::PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The trusted keys (embedded or `--keys`) or the catalog are unusable.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// A revocation list (`--revocations`) that does not verify with the
    /// trusted keys, or is not one: it revokes nothing, so nothing is judged.
    #[error("revocation list {}: {source}", airgap_license::Escaped(&.path.to_string_lossy()))]
    Revocations {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        source: airgap_license::RevocationError,
    },
    /// The store is busy, unreadable, corrupt or from a newer version.
    #[error("{0}")]
    Store(#[from] airgap_license_store::StoreError),
}
