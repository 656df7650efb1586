//! Reading license text, expanding folders into their licenses, and the
//! trusted keys the command line uses.

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use airgap_license::{Escaped, KeyStore, MAX_LICENSE_INPUT, Validator};

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
/// a device is refused at once, since reading it could block forever. The
/// file is opened without blocking (a FIFO with no writer would block the
/// open itself) and its type checked on the open handle, so a file swapped
/// for a FIFO after a check cannot block either.
pub(crate) fn read_license_into(path: &Path, text: &mut Vec<u8>) -> Result<(), CliError> {
    let read_error = |source| CliError::Read { path: path.to_owned(), source };
    let limit = u64::try_from(MAX_LICENSE_INPUT).unwrap_or(u64::MAX).saturating_add(1);
    text.clear();
    if path == Path::new("-") {
        io::stdin().lock().take(limit).read_to_end(text).map_err(read_error)?;
        return Ok(());
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(read_error)?;
    if !file.metadata().map_err(read_error)?.is_file() {
        return Err(CliError::NotAFile { path: path.to_owned() });
    }
    file.take(limit).read_to_end(text).map_err(read_error)?;
    Ok(())
}

/// What the inputs stand for: each file as given; a folder for the files in
/// it whose name ends in `.lic` in any case,
/// sorted by name. Whatever a folder holds is listed, FIFOs included, so that
/// they are reported as unreadable rather than skipped.
pub(crate) fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.as_os_str() != "-" && input.is_dir() {
            let before = files.len();
            list_folder(input, &mut files)?;
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

fn list_folder(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let read_error = |source| CliError::Read { path: dir.to_owned(), source };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        // The entry's own type, from the directory listing: no stat per file.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let name = entry.file_name();
        let is_lic = Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("lic"));
        if is_lic && !is_dir {
            names.push(name);
        }
    }
    // Sorted by name alone: sorting the whole paths (component by component)
    // took most of the listing time of a large folder.
    names.sort_unstable();
    files.extend(names.iter().map(|name| dir.join(name)));
    Ok(())
}

/// The keys compiled into this binary, or those of `--keys DIR` under the
/// same rules.
pub(crate) fn validator(keys: Option<&Path>) -> Result<Validator, CliError> {
    match keys {
        None => Ok(Validator::from_embedded(&airgap_license::embedded!())?),
        Some(dir) => Ok(Validator::with_keys(KeyStore::from_dir(dir)?)?),
    }
}

/// The trusted keys, as [`validator`] takes them.
pub(crate) fn keys(dir: Option<&Path>) -> Result<KeyStore, CliError> {
    match dir {
        None => Ok(airgap_license::embedded!().keys()?),
        Some(dir) => Ok(KeyStore::from_dir(dir)?),
    }
}
