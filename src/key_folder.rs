//! Reading a keys folder from disk, for [`KeyStore::from_dir`](crate::KeyStore::from_dir)
//! and the build-time embedding: every file, subfolders included, because a
//! private key must be found wherever it was left.

use std::fs;
use std::path::Path;

use crate::config_error::{ConfigError, path_text};
use crate::file::{self, FileError};

/// Subfolders deeper than this refuse the folder: a keys folder is flat.
const MAX_DEPTH: usize = 8;
/// More files than this refuse the folder.
const MAX_FILES: usize = 1000;

/// Every file of `dir` with its path inside it (`/`-separated), each read up
/// to `max` bytes: the caller (the keys' rules) passes one byte past the
/// largest key file, so that it can refuse a larger one.
pub(crate) fn read(dir: &Path, max: u64) -> Result<Vec<(String, Vec<u8>)>, ConfigError> {
    if fs::metadata(dir).is_ok_and(|meta| !meta.is_dir()) {
        return Err(ConfigError::Read {
            path: path_text(dir),
            detail: "it is a file, not a folder: give the folder that holds the *.pem public keys (each key's kid is its file's name)"
                .to_owned(),
        });
    }
    let mut files = Vec::new();
    walk(dir, dir, "", 0, max, &mut files)?;
    Ok(files)
}

fn walk(
    root: &Path,
    dir: &Path,
    prefix: &str,
    depth: usize,
    max: u64,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), ConfigError> {
    let read_error =
        |path: &Path, e: std::io::Error| ConfigError::Read { path: path_text(path), detail: e.to_string() };
    if depth > MAX_DEPTH {
        return Err(ConfigError::FolderTooBig {
            folder: path_text(root),
            problem: "subfolders nest more than 8 deep; a keys folder holds key files",
        });
    }
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| read_error(dir, e))? {
        entries.push(entry.map_err(|e| read_error(dir, e))?);
    }
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        // Follows symbolic links: what a link points to is what would be
        // read. Folders are told from files here; whether a file is a
        // regular one is decided on its opened descriptor, not by this look.
        let meta = fs::metadata(&path).map_err(|e| read_error(&path, e))?;
        if meta.is_dir() {
            walk(root, &path, &format!("{name}/"), depth + 1, max, files)?;
            continue;
        }
        if files.len() >= MAX_FILES {
            return Err(ConfigError::FolderTooBig {
                folder: path_text(root),
                problem: "more than 1000 files; a keys folder holds key files",
            });
        }
        match file::read_regular(&path, max) {
            Ok(bytes) => files.push((name, bytes)),
            Err(FileError::NotAFile { .. }) => return Err(ConfigError::NotAFile { path: path_text(&path) }),
            Err(FileError::Io { source, .. }) => return Err(read_error(&path, source)),
        }
    }
    Ok(())
}
