//! Reading license text and key folders.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use airgap_license::{KeyStore, MAX_LICENSE_TEXT, TrustedKey, Validator};

use super::error::CliError;

/// Reads a license from a file or `-` (standard input), never more than one
/// byte past the limit: the library refuses anything longer before decoding.
pub(crate) fn read_license(path: &Path) -> Result<Vec<u8>, CliError> {
    let mut text = Vec::new();
    read_license_into(path, &mut text)?;
    Ok(text)
}

/// As [`read_license`], into `text` (cleared first). A buffer with room to
/// spare is read into directly: a fleet audit reuses one per worker.
pub(crate) fn read_license_into(path: &Path, text: &mut Vec<u8>) -> Result<(), CliError> {
    let read_error = |source| CliError::Read { path: path.to_owned(), source };
    let limit = u64::try_from(MAX_LICENSE_TEXT).unwrap_or(u64::MAX).saturating_add(1);
    text.clear();
    if path == Path::new("-") {
        io::stdin().lock().take(limit).read_to_end(text).map_err(read_error)?;
    } else {
        // A directory opens but fails to read with the system's own "Is a directory".
        File::open(path).and_then(|file| file.take(limit).read_to_end(text)).map_err(read_error)?;
    }
    Ok(())
}

/// The embedded validator, or one trusting the `*.pem` files of `dir`.
pub(crate) fn validator(keys: Option<&Path>) -> Result<Validator, CliError> {
    match keys {
        None => Ok(Validator::embedded()?),
        Some(dir) => Ok(Validator::with_keys(read_keys(dir)?)?),
    }
}

/// The `*.pem` files at the top of `dir`; each file name without `.pem` is the key id.
pub(crate) fn read_keys(dir: &Path) -> Result<KeyStore, CliError> {
    let keys_error = |reason: String| CliError::Keys { dir: dir.to_owned(), reason };
    let entries = fs::read_dir(dir).map_err(|e| keys_error(format!("cannot read the keys folder ({e})")))?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| keys_error(format!("cannot read the keys folder ({e})")))?.path();
        if path.extension().is_some_and(|ext| ext == "pem") && path.is_file() {
            let kid = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            files.push((kid, path));
        }
    }
    if files.is_empty() {
        return Err(keys_error("no *.pem public keys in this folder".to_owned()));
    }
    files.sort();
    let mut store = KeyStore::new();
    for (kid, path) in files {
        let pem = fs::read_to_string(&path).map_err(|source| CliError::Read { path: path.clone(), source })?;
        let key = TrustedKey::from_pem(&kid, &pem).map_err(|e| keys_error(e.to_string()))?;
        store.insert(key).map_err(|e| keys_error(e.to_string()))?;
    }
    Ok(store)
}
