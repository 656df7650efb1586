//! Reading license text, expanding folders into their licenses, and the
//! trusted keys the command line uses.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use airgap_license::file::{self, FileError};
use airgap_license::{Catalog, Escaped, KeyStore, MAX_LICENSE_INPUT, MAX_REVOCATIONS_TEXT, RevocationList, Validator};

use crate::args::Trust;

use crate::error::CliError;

/// Reads a license from a file or `-` (standard input), never more than one
/// byte past the limit: the library refuses anything longer before decoding.
pub(crate) fn read_license(path: &Path) -> Result<Vec<u8>, CliError> {
    let mut text = Vec::new();
    read_license_into(path, &mut text)?;
    Ok(text)
}

/// As [`read_license`], into `text` (cleared first): a fleet audit reuses
/// one buffer per worker. Only a regular file is read: a FIFO, a socket or
/// a device is refused at once, since reading it could block forever.
pub(crate) fn read_license_into(path: &Path, text: &mut Vec<u8>) -> Result<(), CliError> {
    read_input_into(path, u64::try_from(MAX_LICENSE_INPUT).unwrap_or(u64::MAX).saturating_add(1), text)
}

/// What the inputs stand for: each file as given; a folder for the files in
/// it (with `recursive`, in it and its subfolders) whose name ends in `.lic`
/// in any case, sorted by name. Whatever a folder holds is listed, FIFOs
/// included, so that they are reported as unreadable rather than skipped.
pub(crate) fn expand(inputs: &[PathBuf], recursive: bool) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.as_os_str() != "-" && input.is_dir() {
            let before = files.len();
            list_folder(input, recursive, &mut files)?;
            if files.len() == before {
                return Err(CliError::Usage(format!(
                    "{}: no *.lic files in this folder",
                    Escaped(&input.to_string_lossy())
                )));
            }
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn list_folder(dir: &Path, recursive: bool, files: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let read_error = |source| CliError::File(FileError::Io { path: dir.to_owned(), source });
    let mut names = Vec::new();
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        // The entry's own type, from the directory listing: no stat per file.
        // A link to a folder is not followed: no loop can form.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let name = entry.file_name();
        let is_lic = Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("lic"));
        if is_dir && recursive {
            folders.push(name);
        } else if is_lic && !is_dir {
            names.push(name);
        }
    }
    // Sorted by name alone: sorting the whole paths (component by component)
    // took most of the listing time of a large folder.
    names.sort_unstable();
    files.extend(names.iter().map(|name| dir.join(name)));
    folders.sort_unstable();
    for folder in folders {
        list_folder(&dir.join(folder), recursive, files)?;
    }
    Ok(())
}

/// The keys compiled into this binary, or those of `--keys DIR` under the
/// same rules; the catalog compiled in, or that of `--catalog FILE`; this
/// build's release date, or `release_date` (`--release-date`: `verify`,
/// `explain` and `timeline` only).
pub(crate) fn validator(
    trust: &Trust,
    release_date: Option<airgap_license::chrono::NaiveDate>,
) -> Result<Validator, CliError> {
    let embedded = airgap_license::embedded!();
    let keys = match &trust.keys {
        None => embedded.keys()?,
        Some(dir) => KeyStore::from_dir(dir)?,
    };
    let validator = Validator::new(keys, catalog(trust.catalog.as_deref())?);
    // This build's own release date, recorded when it was built, unless
    // `--release-date` asks about another release.
    let validator = match release_date.or_else(|| embedded.release_date()) {
        Some(day) => validator.with_release_date(day),
        None => validator,
    };
    match &trust.revocations {
        None => Ok(validator),
        Some(path) => {
            let list = revocations(&validator, path)?;
            Ok(validator.with_revocations(list))
        }
    }
}

/// The revocation list in `path`, verified with `validator`'s keys.
pub(crate) fn revocations(validator: &Validator, path: &Path) -> Result<RevocationList, CliError> {
    let text = read_capped(path, MAX_REVOCATIONS_TEXT)?;
    validator.revocations(&text).map_err(|source| CliError::Revocations { path: path.to_owned(), source })
}

/// The catalog compiled in, or the one in `file`.
pub(crate) fn catalog(file: Option<&Path>) -> Result<Arc<Catalog>, CliError> {
    match file {
        None => Ok(airgap_license::embedded!().catalog()?),
        Some(file) => catalog_file(file),
    }
}

/// The catalog in `file` (`--catalog`, on both binaries).
pub(crate) fn catalog_file(file: &Path) -> Result<Arc<Catalog>, CliError> {
    let bytes = read_capped(file, MAX_CATALOG)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::Usage(format!("{}: the catalog is not UTF-8 text", Escaped(&file.to_string_lossy()))))?;
    Catalog::from_json(&text)
        .map(Arc::new)
        .map_err(|e| CliError::Usage(format!("{}: {e}", Escaped(&file.to_string_lossy()))))
}

/// A file or `-` (standard input), at most `max` bytes: a caller that must
/// refuse more passes its limit plus one and looks at the length.
pub(crate) fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    read_input_into(path, max, &mut bytes)?;
    Ok(bytes)
}

/// As [`read_input`], into `bytes` (cleared first).
fn read_input_into(path: &Path, max: u64, bytes: &mut Vec<u8>) -> Result<(), CliError> {
    bytes.clear();
    if path == Path::new("-") {
        let read_error = |source| CliError::File(FileError::Io { path: path.to_owned(), source });
        io::stdin().lock().take(max).read_to_end(bytes).map_err(read_error)?;
        return Ok(());
    }
    Ok(file::read_regular_into(path, max, bytes)?)
}

/// The largest catalog file read.
const MAX_CATALOG: usize = 1024 * 1024;

/// A regular file, read whole up to `limit` bytes (refused past it).
pub(crate) fn read_capped(path: &Path, limit: usize) -> Result<Vec<u8>, CliError> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let bytes = file::read_regular(path, cap)?;
    if bytes.len() > limit {
        return Err(CliError::Usage(format!("{} is larger than {limit} bytes", Escaped(&path.to_string_lossy()))));
    }
    Ok(bytes)
}

/// The trusted keys, as [`validator`] takes them.
pub(crate) fn keys(dir: Option<&Path>) -> Result<KeyStore, CliError> {
    match dir {
        None => Ok(airgap_license::embedded!().keys()?),
        Some(dir) => Ok(KeyStore::from_dir(dir)?),
    }
}
