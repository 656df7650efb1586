//! Writes that survive kill -9 and power loss: SQLite's and git's habit of
//! writing a new file, syncing it, renaming it over the old one and syncing
//! the folder, so that the name points at the whole old file or the whole
//! new one, never at a mix or at nothing.

use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::Path;

use crate::error::StoreError;

/// The prefix of temporary files; any left by a crash are removed by the
/// next write (under the store's lock, so none can be in use).
const TEMPORARY_PREFIX: &str = ".tmp-";

/// Replaces `path` with `bytes` atomically and durably.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = dir.join(format!("{TEMPORARY_PREFIX}{name}-{}", std::process::id()));
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create(true).truncate(true).open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(StoreError::io(&temporary, &e));
    }
    fs::rename(&temporary, path).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        StoreError::io(path, &e)
    })?;
    sync_dir(dir)
}

/// Syncs a folder, so that a rename or a new file in it is on disk.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|d| d.sync_all()).map_err(|e| StoreError::io(dir, &e))
    }
    #[cfg(not(unix))]
    {
        // Windows cannot open a folder as a file to sync it; NTFS journals
        // the rename itself.
        let _ = dir;
        Ok(())
    }
}

/// Removes temporary files a crash left behind.
pub(crate) fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMPORARY_PREFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Appends one line to a log, durably. If the log does not end with a line
/// break (a line torn by a crash), one is written first, so the torn line
/// stays alone, unreadable and skipped, and the new one is whole.
pub(crate) fn append_line(path: &Path, line: &str) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::io(path, &e);
    let mut file = OpenOptions::new().create(true).read(true).append(true).open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let mut text = String::with_capacity(line.len() + 2);
    if len > 0 {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(len - 1)).map_err(io)?;
        file.read_exact(&mut last).map_err(io)?;
        if last != [b'\n'] {
            text.push('\n');
        }
    }
    text.push_str(line);
    text.push('\n');
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_data().map_err(io)
}
