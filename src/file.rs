//! The one way this project reads a file it is given by name: opened without
//! blocking, its type checked on the opened descriptor, read up to a cap.
//!
//! A FIFO with no writer blocks `open` itself, and a FIFO, socket or device
//! can block `read` forever; a `stat` before the open would leave a race in
//! which the file is swapped for a FIFO. So the file is opened with
//! `O_NONBLOCK` (on Unix), checked with `fstat` on the descriptor, and
//! refused unless it is a regular file. The CLI, the store, the C ABI, the
//! bindings, the issuer and the keys folder all read through here.
//!
//! This and the keys folder ([`KeyStore::from_dir`](crate::KeyStore::from_dir))
//! are the library's only I/O; the rest takes bytes and an instant.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use crate::escape::Escaped;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// It is a FIFO, a socket, a device or a folder: reading it could block
    /// forever, or means nothing.
    #[error("cannot read {}: not a regular file (a FIFO, a socket, a device or a folder)", Escaped(&.path.to_string_lossy()))]
    NotAFile {
        /// The path as given.
        path: PathBuf,
    },
    /// Opening or reading failed.
    #[error("cannot read {}: {source}", Escaped(&.path.to_string_lossy()))]
    Io {
        /// The path as given.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

impl FileError {
    /// The path as given.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            FileError::NotAFile { path } | FileError::Io { path, .. } => path,
        }
    }
}

/// Opens `path` for reading if it is a regular file, without blocking on a
/// FIFO (`O_NONBLOCK` changes nothing for a regular file's reads).
///
/// # Errors
/// [`FileError::NotAFile`] for anything but a regular file;
/// [`FileError::Io`] when it cannot be opened.
pub fn open_regular(path: &Path) -> Result<File, FileError> {
    let io = |source| FileError::Io { path: path.to_owned(), source };
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let file = options.open(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(FileError::NotAFile { path: path.to_owned() });
    }
    Ok(file)
}

/// Reads the regular file `path` into `bytes` (cleared first), at most
/// `max` bytes: a caller that must refuse a larger file passes its limit
/// plus one and looks at the length.
///
/// # Errors
/// As [`open_regular`], and [`FileError::Io`] when reading fails.
pub fn read_regular_into(path: &Path, max: u64, bytes: &mut Vec<u8>) -> Result<(), FileError> {
    bytes.clear();
    let file = open_regular(path)?;
    file.take(max).read_to_end(bytes).map_err(|source| FileError::Io { path: path.to_owned(), source })?;
    Ok(())
}

/// [`read_regular_into`] a new buffer.
///
/// # Errors
/// As [`read_regular_into`].
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    let mut bytes = Vec::new();
    read_regular_into(path, max, &mut bytes)?;
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("k.pem");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        assert!(matches!(read_regular(&fifo, 10), Err(FileError::NotAFile { .. })));
        assert!(matches!(read_regular(dir.path(), 10), Err(FileError::NotAFile { .. })));
    }

    #[test]
    fn reads_at_most_max_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_regular(&path, 4).ok().as_deref(), Some(&b"0123"[..]));
        assert_eq!(read_regular(&path, 40).ok().as_deref(), Some(&b"0123456789"[..]));
        assert!(matches!(read_regular(&dir.path().join("none"), 4), Err(FileError::Io { .. })));
    }
}
