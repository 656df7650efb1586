//! The store's lock: `flock` on a file of the store (`File::try_lock`),
//! released when the process ends however it ends. The lock file's mere
//! existence blocks nothing.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use crate::error::StoreError;

/// Held while a command uses the store.
#[derive(Debug)]
pub(crate) struct StoreLock {
    // Unlocked when dropped (closing the file releases the flock).
    _file: File,
}

impl StoreLock {
    /// Takes the lock on `dir/lock`, waiting up to `wait` for another
    /// command to finish.
    pub(crate) fn take(dir: &Path, wait: Duration) -> Result<StoreLock, StoreError> {
        let path = dir.join("lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| StoreError::io(&path, &e))?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(StoreLock { _file: file }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    thread::sleep(Duration::from_millis(5));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Busy { dir: dir.to_string_lossy().into_owned() });
                }
                Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, &e)),
            }
        }
    }
}
