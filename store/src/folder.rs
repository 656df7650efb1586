//! The store's folder, opened once per command and used through that open
//! handle: every file in it is opened relative to it, never following a
//! symbolic link, never blocking on a FIFO, and checked on its descriptor.
//!
//! - A folder the store creates is `0700`; a file it creates is `0600`.
//! - An existing folder that another user owns, or that group or others can
//!   write, is refused (as ssh's `StrictModes` refuses such a home).
//! - `state.json`, `events.jsonl`, `lock` and temporary files are opened with
//!   `O_NOFOLLOW`: a link planted at one of those names is reported, and
//!   the file it points to is never read or written.
//! - A temporary file has a random name and is created exclusively
//!   (`O_EXCL`), so nobody can plant it in advance.
//!
//! On other platforms than Unix the same operations go through paths, with
//! exclusive creation of the temporary file; the link and owner checks are
//! Unix's.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::StoreError;

/// The prefix of temporary files; any left by a crash are removed by the
/// next write (under the store's lock, so none can be in use).
const TEMPORARY_PREFIX: &str = ".tmp-";

/// How a file of the store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Read only; a missing file is `None`.
    Read,
    /// Read and append, created if missing (the event log).
    Append,
    /// Read and write, created if missing, never truncated (the lock).
    Lock,
}

/// An open store folder.
#[derive(Debug)]
pub(crate) struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    fd: rustix::fd::OwnedFd,
}

impl Folder {
    /// The path of `name` in the folder, for messages.
    pub(crate) fn path_of(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// The folder's own path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Reads `name` whole, refusing more than `max` bytes; `None` if it does
    /// not exist.
    pub(crate) fn read(&self, name: &str, max: u64) -> Result<Option<Vec<u8>>, StoreError> {
        use std::io::Read as _;
        let Some(file) = self.open(name, Access::Read)? else { return Ok(None) };
        let mut bytes = Vec::new();
        file.take(max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| StoreError::io(&self.path_of(name), &e))?;
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max {
            return Err(StoreError::Corrupt {
                path: self.path_of(name).to_string_lossy().into_owned(),
                detail: format!("larger than {max} bytes"),
            });
        }
        Ok(Some(bytes))
    }
}

/// Writes `bytes` to `file`, then syncs it.
fn write_synced(mut file: File, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A fresh temporary name for `name`, unguessable.
fn temporary_name(name: &str) -> String {
    format!("{TEMPORARY_PREFIX}{name}-{}", uuid::Uuid::new_v4().simple())
}

#[cfg(not(unix))]
pub(crate) use other::open_path;
#[cfg(unix)]
pub(crate) use unix::open_path;

#[cfg(unix)]
mod unix {
    use std::fs::File;
    use std::path::Path;

    use rustix::fd::{AsFd, OwnedFd};
    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;

    use super::{Access, Folder, TEMPORARY_PREFIX, temporary_name, write_synced};
    use crate::error::StoreError;

    /// Owner read and write: every file the store creates.
    const FILE_MODE: Mode = Mode::RUSR.union(Mode::WUSR);
    /// Owner only: the folder the store creates.
    const FOLDER_MODE: u32 = 0o700;

    fn io(path: &Path, errno: Errno) -> StoreError {
        StoreError::io(path, &std::io::Error::from(errno))
    }

    impl Folder {
        /// Opens the existing folder `path` and checks who may change it;
        /// `None` when it does not exist.
        pub(crate) fn open_existing(path: &Path) -> Result<Option<Folder>, StoreError> {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = match rustix::fs::open(path, flags, Mode::empty()) {
                Ok(fd) => fd,
                Err(Errno::NOENT) => return Ok(None),
                Err(Errno::NOTDIR) => return Err(StoreError::NotAFolder { path: path.to_string_lossy().into_owned() }),
                Err(e) => return Err(io(path, e)),
            };
            let stat = rustix::fs::fstat(&fd).map_err(|e| io(path, e))?;
            let owner = stat.st_uid;
            let me = rustix::process::geteuid().as_raw();
            let text = || path.to_string_lossy().into_owned();
            if owner != me && owner != 0 {
                return Err(StoreError::UnsafeFolder {
                    path: text(),
                    problem: format!(
                        "it belongs to user {owner}, not to you (user {me}) or root: its owner could change what it \
                         remembers; use a folder of your own, or give it to this user (chown)"
                    ),
                });
            }
            // `st_mode` is a u16 on some platforms.
            #[allow(clippy::useless_conversion)]
            let mode = u32::from(stat.st_mode) & 0o7777;
            if mode & 0o022 != 0 {
                return Err(StoreError::UnsafeFolder {
                    path: text(),
                    problem: format!(
                        "group or others can write it (mode {mode:04o}), and so replace what it remembers; \
                         make it the owner's alone: chmod go-w {}",
                        airgap_license::Escaped(&text())
                    ),
                });
            }
            Ok(Some(Folder { path: path.to_owned(), fd }))
        }

        /// Creates the folder `path` (its parents as `mkdir -p` would, the
        /// folder itself `0700`), syncs its parent, and opens it.
        pub(crate) fn create(path: &Path) -> Result<Folder, StoreError> {
            use std::os::unix::fs::DirBuilderExt as _;
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::DirBuilder::new().recursive(true).create(parent).map_err(|e| StoreError::io(parent, &e))?;
            }
            match std::fs::DirBuilder::new().mode(FOLDER_MODE).create(path) {
                Ok(()) => {
                    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                        let dir = rustix::fs::open(
                            parent,
                            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                            Mode::empty(),
                        );
                        dir.and_then(rustix::fs::fsync).map_err(|e| io(parent, e))?;
                    }
                }
                // Made by another command meanwhile: it is checked as any other.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(StoreError::io(path, &e)),
            }
            Folder::open_existing(path)?
                .ok_or_else(|| StoreError::io(path, &std::io::Error::from(std::io::ErrorKind::NotFound)))
        }

        /// Opens `name` in the folder, no link followed, no FIFO waited on,
        /// and checks that it is a regular file.
        pub(crate) fn open(&self, name: &str, access: Access) -> Result<Option<File>, StoreError> {
            open_at(&self.fd, Path::new(name), &self.path_of(name), access)
        }

        /// Replaces `name` with `bytes`, atomically and durably: a new file
        /// of a random name, created exclusively, written and synced, renamed
        /// over `name`, and the folder synced.
        pub(crate) fn replace(&self, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
            let temporary = temporary_name(name);
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(&self.fd, temporary.as_str(), flags, FILE_MODE)
                .map_err(|e| io(&self.path_of(&temporary), e))?;
            let renamed = write_synced(File::from(fd), bytes)
                .map_err(|e| StoreError::io(&self.path_of(&temporary), &e))
                .and_then(|()| {
                    rustix::fs::renameat(&self.fd, temporary.as_str(), &self.fd, name)
                        .map_err(|e| io(&self.path_of(name), e))
                });
            if let Err(e) = renamed {
                let _ = rustix::fs::unlinkat(&self.fd, temporary.as_str(), AtFlags::empty());
                return Err(e);
            }
            rustix::fs::fsync(&self.fd).map_err(|e| io(&self.path, e))
        }

        /// Removes temporary files a crash left behind (a link among them is
        /// removed itself; what it points to is not touched).
        pub(crate) fn remove_leftovers(&self) {
            let Ok(dir) = rustix::fs::Dir::read_from(&self.fd) else { return };
            let names: Vec<_> = dir
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_owned())
                .filter(|name| name.to_bytes().starts_with(TEMPORARY_PREFIX.as_bytes()))
                .collect();
            for name in names {
                let _ = rustix::fs::unlinkat(&self.fd, name.as_c_str(), AtFlags::empty());
            }
        }
    }

    /// Opens `name` relative to the folder `dir` (`shown` in messages), no
    /// link followed, no FIFO waited on, and checks on the descriptor that
    /// it is a regular file; `None` for a missing file opened to read.
    fn open_at(dir: impl AsFd, name: &Path, shown: &Path, access: Access) -> Result<Option<File>, StoreError> {
        let base = OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let flags = match access {
            Access::Read => base | OFlags::RDONLY,
            Access::Append => base | OFlags::RDWR | OFlags::APPEND | OFlags::CREATE,
            Access::Lock => base | OFlags::RDWR | OFlags::CREATE,
        };
        let fd = match rustix::fs::openat(dir, name, flags, FILE_MODE) {
            Ok(fd) => fd,
            Err(Errno::NOENT) if access == Access::Read => return Ok(None),
            Err(Errno::LOOP) => return Err(StoreError::Link { path: shown.to_string_lossy().into_owned() }),
            Err(e) => return Err(io(shown, e)),
        };
        regular(&fd, shown)?;
        Ok(Some(File::from(fd)))
    }

    /// A file named by a path of its own (the issuer's ledger), opened as a
    /// store's files are.
    pub(crate) fn open_path(path: &Path, access: Access) -> Result<Option<File>, StoreError> {
        open_at(rustix::fs::CWD, path, path, access)
    }

    /// Refuses anything but a regular file, by the opened descriptor.
    fn regular(fd: &OwnedFd, path: &Path) -> Result<(), StoreError> {
        let stat = rustix::fs::fstat(fd).map_err(|e| io(path, e))?;
        if FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile {
            Ok(())
        } else {
            Err(StoreError::NotAFile { path: path.to_string_lossy().into_owned() })
        }
    }
}

#[cfg(not(unix))]
mod other {
    use std::fs::{self, File, OpenOptions};
    use std::path::Path;

    use super::{Access, Folder, TEMPORARY_PREFIX, temporary_name, write_synced};
    use crate::error::StoreError;

    impl Folder {
        /// Opens the existing folder `path`; `None` when it does not exist.
        pub(crate) fn open_existing(path: &Path) -> Result<Option<Folder>, StoreError> {
            match fs::metadata(path) {
                Ok(meta) if meta.is_dir() => Ok(Some(Folder { path: path.to_owned() })),
                Ok(_) => Err(StoreError::NotAFolder { path: path.to_string_lossy().into_owned() }),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(StoreError::io(path, &e)),
            }
        }

        /// Creates the folder `path` and its parents, and opens it.
        pub(crate) fn create(path: &Path) -> Result<Folder, StoreError> {
            fs::create_dir_all(path).map_err(|e| StoreError::io(path, &e))?;
            Ok(Folder { path: path.to_owned() })
        }

        /// Opens `name` in the folder and checks that it is a regular file.
        pub(crate) fn open(&self, name: &str, access: Access) -> Result<Option<File>, StoreError> {
            open_path(&self.path_of(name), access)
        }

        /// Replaces `name` with `bytes` through a temporary file created
        /// exclusively, renamed over it.
        pub(crate) fn replace(&self, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
            let temporary = self.path_of(&temporary_name(name));
            let written = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)
                .and_then(|file| write_synced(file, bytes))
                .and_then(|()| rename_durably(&temporary, &self.path_of(name)));
            written.map_err(|e| {
                let _ = fs::remove_file(&temporary);
                StoreError::io(&self.path_of(name), &e)
            })
        }

        /// Removes temporary files a crash left behind.
        pub(crate) fn remove_leftovers(&self) {
            let Ok(entries) = fs::read_dir(&self.path) else { return };
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(TEMPORARY_PREFIX) {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }

    /// Renames `from` over `to`, returning once the rename is on disk: on
    /// Windows `MoveFileExW` with `MOVEFILE_REPLACE_EXISTING |
    /// MOVEFILE_WRITE_THROUGH` (atomicwrites' `replace_atomic`), its
    /// counterpart of fsyncing the folder after `rename`.
    #[cfg(windows)]
    fn rename_durably(from: &Path, to: &Path) -> std::io::Result<()> {
        atomicwrites::replace_atomic(from, to)
    }

    /// Renames `from` over `to` (neither Unix nor Windows: the platform's
    /// rename, with no way here to make it durable).
    #[cfg(not(windows))]
    fn rename_durably(from: &Path, to: &Path) -> std::io::Result<()> {
        fs::rename(from, to)
    }

    /// A file named by a path, opened and checked as the folder's are.
    pub(crate) fn open_path(path: &Path, access: Access) -> Result<Option<File>, StoreError> {
        let mut options = OpenOptions::new();
        match access {
            Access::Read => options.read(true),
            Access::Append => options.read(true).append(true).create(true),
            Access::Lock => options.read(true).write(true).create(true).truncate(false),
        };
        let file = match options.open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && access == Access::Read => return Ok(None),
            Err(e) => return Err(StoreError::io(path, &e)),
        };
        if !file.metadata().map_err(|e| StoreError::io(path, &e))?.is_file() {
            return Err(StoreError::NotAFile { path: path.to_string_lossy().into_owned() });
        }
        Ok(Some(file))
    }
}
