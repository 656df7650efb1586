//! Appends that survive kill -9 and power loss, for the store's event log
//! and the issuer's ledger alike. (The state file is replaced whole:
//! [`Folder::replace`](crate::folder::Folder), write-new-then-rename.)

use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::Path;

use crate::error::StoreError;
use crate::folder::{self, Access};

/// Appends `line` and a line break to `file` (opened for reading and
/// appending), then syncs it. If the file does not end with a line break (a
/// line torn by a crash), one is written first, so the torn line stays
/// alone, unreadable and skipped, and the new one is whole. `path` names
/// the file in errors.
///
/// # Errors
/// [`StoreError::Io`] when reading its end or writing fails.
pub fn append_line(file: &mut File, path: &Path, line: &str) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::io(path, &e);
    let len = file.metadata().map_err(io)?.len();
    let mut text = String::with_capacity(line.len() + 2);
    if let Some(last_at) = len.checked_sub(1) {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(last_at)).map_err(io)?;
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

/// Opens the log at `path` for appending (created `0600` if missing), never
/// following a link and never blocking on a FIFO, and checks that it is a
/// regular file, as the store opens its own files: the issuer's ledger,
/// which lives where its user says.
///
/// # Errors
/// [`StoreError::Link`], [`StoreError::NotAFile`] or [`StoreError::Io`].
pub fn open_log(path: &Path) -> Result<File, StoreError> {
    folder::open_path(path, Access::Append)?
        .ok_or_else(|| StoreError::io(path, &std::io::Error::from(std::io::ErrorKind::NotFound)))
}
