//! What can stop a store command before a verdict: all of them are exit 2
//! for the CLI, and none of them ever resets the store.

use airgap_license::Escaped;

/// Why the store could not be used. A store that is unreadable, corrupt or
/// from a newer version is reported, never silently reset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Another command holds the store's lock, longer than the wait.
    #[error("the store {} is busy: another command holds its lock; try again", Escaped(.dir))]
    Busy {
        /// The store's folder.
        dir: String,
    },
    /// A file or folder of the store could not be read or written.
    #[error("store {}: {detail}", Escaped(.path))]
    Io {
        /// The path.
        path: String,
        /// What the system said.
        detail: String,
    },
    /// The state file is not what this program writes: changed by hand, or
    /// damaged. It is left as it is; move it away to start a new store.
    #[error("store {}: the state file is corrupt ({detail}); it was left as it is: move it away to start a new store", Escaped(.path))]
    Corrupt {
        /// The state file.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// The state file was written by a newer version of this program.
    #[error("store {}: written by a newer version (state version {version}); use that version, the store was left as it is", Escaped(.path))]
    NewerVersion {
        /// The state file.
        path: String,
        /// Its version.
        version: u64,
    },
    /// A file of the store is a symbolic link: the store never follows one,
    /// so the file it points to is neither read nor written.
    #[error("store {}: a symbolic link; the store never follows one, and left what it points to untouched: remove the link", Escaped(.path))]
    Link {
        /// The link.
        path: String,
    },
    /// A file of the store is a FIFO, a socket, a device or a folder.
    #[error("store {}: not a regular file (a FIFO, a socket, a device or a folder); remove it", Escaped(.path))]
    NotAFile {
        /// The path.
        path: String,
    },
    /// The store's folder could be changed by someone other than its user.
    #[error("store {}: refused: {problem}", Escaped(.path))]
    UnsafeFolder {
        /// The folder.
        path: String,
        /// Who could change it, and how to fix it.
        problem: String,
    },
    /// The instant given is outside the years 1970 to 9999: nothing was
    /// judged or recorded.
    #[error("{0}")]
    Instant(#[from] airgap_license::ConfigError),
    /// An activation request was asked for a license sold for any machine.
    #[error(
        "the license {} is not sold per machine (it has no machines or machine member): it needs no activation request; activate it as it is",
        Escaped(.license_id)
    )]
    NotPerMachine {
        /// Its licenseId.
        license_id: String,
    },
    /// A revocation list to import that does not verify (or is not one);
    /// or the list the store keeps no longer does, or is older than the one
    /// it recorded (an old file put back): activation is refused until the
    /// latest list is imported again.
    #[error("{}revocation list: {problem}", .path.as_ref().map(|p| format!("store {}: ", Escaped(p))).unwrap_or_default())]
    Revocations {
        /// The stored list's path, when it is the stored one.
        path: Option<String>,
        /// What is wrong.
        problem: String,
    },
    /// The store's path is not a folder.
    #[error("store {}: not a folder", Escaped(.path))]
    NotAFolder {
        /// The path.
        path: String,
    },
}

impl StoreError {
    pub(crate) fn io(path: &std::path::Path, e: &std::io::Error) -> StoreError {
        StoreError::Io { path: path.to_string_lossy().into_owned(), detail: e.to_string() }
    }
}
