//! `airgap-license-issuer`: the vendor's tool to make keys, write license
//! documents, sign them one by one or in batches, keep a ledger of what was
//! issued, and renew licenses. Built only with `--features issuer`.
//!
//! Exit codes: 0 done (warnings, if any, on standard error); 1 a document
//! breaks a rule of the format, or could never be in effect; 2 usage, I/O or
//! key error (a bad key, a kid that does not match the key).

pub mod args;
mod ledger;
mod revoke;
mod seats;
mod workflow;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use airgap_license::issuer::{generate_key, private_key_pem, public_key_pem};
use airgap_license::{ConfigError, Escaped};
use clap::Parser as _;

use self::args::{Cli, Command};

/// What stops an issuer command.
#[derive(Debug, thiserror::Error)]
pub(crate) enum IssuerError {
    #[error("{}: {source}", Escaped(&path.to_string_lossy()))]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Library(#[from] airgap_license::Error),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("line {line} of the batch: {source}; nothing was signed")]
    Batch { line: usize, source: airgap_license::Error },
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    File(#[from] airgap_license::file::FileError),
    #[error("ledger {0}; nothing was signed or written")]
    Ledger(#[from] airgap_license_store::StoreError),
    #[error(transparent)]
    Cli(#[from] crate::error::CliError),
    /// A request or receipt refused: forged, altered, or not granted.
    #[error("{0}; the ledger was left unchanged")]
    Refused(String),
}

/// The issuer's main: parses the arguments, runs the command, maps its
/// error to the exit code.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Keygen { kid, out } => keygen(&kid, &out),
        Command::New(template) => workflow::new(&template),
        Command::Sign(sign) => workflow::sign(&sign),
        Command::Renew(renew) => workflow::renew(&renew),
        Command::Bind(bind) => seats::bind(&bind),
        Command::Release { ledger, receipts } => seats::release(&ledger, &receipts),
        Command::Revoke(revoke) => revoke::revoke(&revoke),
        Command::List { ledger, json } => ledger::list(&ledger, json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            match e {
                // What the issuer gets from the library is the document's
                // verdict: a rule it breaks (or could never be in effect).
                IssuerError::Library(_) | IssuerError::Batch { .. } | IssuerError::Refused(_) => ExitCode::from(1),
                IssuerError::Io { .. }
                | IssuerError::Config(_)
                | IssuerError::Usage(_)
                | IssuerError::File(_)
                | IssuerError::Ledger(_)
                | IssuerError::Cli(_) => ExitCode::from(2),
            }
        }
    }
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(io::Error) -> IssuerError + '_ {
    move |source| IssuerError::Io { path: path.to_owned(), source }
}

fn keygen(kid: &str, dir: &Path) -> Result<(), IssuerError> {
    let key = generate_key()?;
    // Encode (and so validate the kid) before touching the disk.
    airgap_license::TrustedKey::new(kid, key.verifying_key())?;
    let public = public_key_pem(kid, &key.verifying_key())?;
    let private = private_key_pem(kid, &key)?;
    // The folder of a private key: no one else may list or enter it.
    create_dirs(dir, 0o700)?;
    let private_path = dir.join(format!("{kid}.key"));
    let public_path = dir.join(format!("{kid}.pem"));
    write_new(&private_path, private.as_bytes(), 0o600)?;
    if let Err(e) = write_new(&public_path, public.as_bytes(), 0o644) {
        // Leave no private key without its public half.
        let _ = fs::remove_file(&private_path);
        return Err(e);
    }
    let mut stdout = io::stdout().lock();
    let _ = writeln!(
        stdout,
        "public key:  {} (copy it alone into the product's keys folder)",
        Escaped(&public_path.to_string_lossy())
    );
    let _ = writeln!(
        stdout,
        "private key: {} (keep offline; never commit; a keys folder holding it fails the build)",
        Escaped(&private_path.to_string_lossy())
    );
    Ok(())
}

/// Creates a folder and its missing parents with `mode` on Unix (0755 for
/// licenses, 0700 for keys), never wider whatever the umask: a umask of
/// 000 would otherwise make them 0777, writable by every local user.
pub(crate) fn create_dirs(dir: &Path, mode: u32) -> Result<(), IssuerError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        fs::DirBuilder::new().recursive(true).mode(mode & 0o755).create(dir).map_err(io_error(dir))
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        fs::create_dir_all(dir).map_err(io_error(dir))
    }
}

/// Creates a file that must not exist yet, with `mode` from the start on Unix,
/// so that a private key is never readable by others, not even briefly.
pub(crate) fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), IssuerError> {
    let file = create_new(path, mode)?;
    write_synced(file, path, bytes)
}

/// Creates a file that must not exist yet (never through a link), with
/// `mode` from the start on Unix.
pub(crate) fn create_new(path: &Path, mode: u32) -> Result<fs::File, IssuerError> {
    crate::output::create_new(path, mode).map_err(io_error(path))
}

/// Writes `bytes` into a new file and syncs it.
pub(crate) fn write_synced(file: fs::File, path: &Path, bytes: &[u8]) -> Result<(), IssuerError> {
    crate::output::write_synced(file, bytes).map_err(io_error(path))
}
