//! The store's lock: `flock` on the file `lock` of the store
//! (`File::try_lock`), released when the process ends however it ends. The
//! lock file's mere existence blocks nothing.

use std::fs::{File, TryLockError};
use std::thread;
use std::time::{Duration, Instant};

use crate::error::StoreError;
use crate::folder::{Access, Folder};

/// Held while a command uses the store.
#[derive(Debug)]
pub(crate) struct StoreLock {
    // Unlocked when dropped (closing the file releases the flock).
    _file: File,
}

impl StoreLock {
    /// Takes the lock on the folder's `lock` file, waiting up to `wait` for
    /// another command to finish.
    pub(crate) fn take(folder: &Folder, wait: Duration) -> Result<StoreLock, StoreError> {
        let path = folder.path_of("lock");
        let file = folder
            .open("lock", Access::Lock)?
            .ok_or_else(|| StoreError::io(&path, &std::io::Error::from(std::io::ErrorKind::NotFound)))?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(StoreLock { _file: file }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    thread::sleep(Duration::from_millis(5));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Busy { dir: folder.path().to_string_lossy().into_owned() });
                }
                Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, &e)),
            }
        }
    }
}
