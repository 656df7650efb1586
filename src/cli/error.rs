//! The CLI's own errors, wrapping the library's.

use std::io;
use std::path::PathBuf;

use super::Exit;

/// What stops a command before it reaches a verdict.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// The arguments contradict each other.
    #[error("{0}")]
    Usage(String),
    /// Reading a file or standard input failed.
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    /// Writing the output failed (other than a closed pipe).
    #[error("cannot write the output: {0}")]
    Write(io::Error),
    /// `--keys DIR` holds no usable keys.
    #[error("{}: {reason}", dir.display())]
    Keys { dir: PathBuf, reason: String },
    /// The library refused the embedded keys or catalog.
    #[error(transparent)]
    Library(#[from] airgap_license::Error),
}

impl CliError {
    /// Every error that stops a command before a verdict is a usage, I/O or
    /// configuration error (a license's own problems are verdicts, not errors).
    pub(crate) fn exit(&self) -> Exit {
        Exit::Usage
    }
}
