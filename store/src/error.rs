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
