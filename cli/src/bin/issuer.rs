//! `airgap-license-issuer`: the vendor's tool to make keys and sign licenses.
//! Built only with `--features issuer`.
//!
//! Exit codes: 0 done (warnings, if any, on standard error); 1 the document
//! breaks a rule of the format, or could never be in effect; 2 usage, I/O or
//! key error (a bad key, a kid that does not match the key).

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use airgap_license::issuer::{Issuer, generate_key, private_key_from_pem, private_key_pem, public_key_pem};
use airgap_license::{ConfigError, Escaped, KeyProblem, MAX_LICENSE_TEXT, Quoted, TrustedKey};
use clap::{Parser, Subcommand};

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  done (warnings, if any, on standard error)
  1  the document breaks a rule of the format, or could never be in effect
  2  usage, I/O or key error (a bad key, a --kid that does not match the key)";

/// Make Ed25519 keys and sign license documents for airgap-license.
#[derive(Debug, Parser)]
#[command(name = "airgap-license-issuer", version, after_help = EXIT_CODES_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Make a key pair: DIR/ID.pem (public, for keys/) and DIR/ID.key (private, PKCS#8 PEM, mode 0600).
    Keygen {
        /// The key id: 1 to 64 characters of A-Z a-z 0-9 . _ -
        #[arg(long, value_name = "ID")]
        kid: String,
        /// The folder to write both files into (created if absent; existing files are never overwritten).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Check a license document against the format's rules, sign it, print the license.
    Sign {
        /// The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The key id the validators know this key by [default: the key file's name without .key].
        #[arg(long, value_name = "ID")]
        kid: Option<String>,
        /// Sign even when `features` names a feature the catalog does not know
        /// (a validator reports it UNKNOWN and grants nothing by it).
        #[arg(long)]
        allow_unknown_features: bool,
        /// Wrap the license in -----BEGIN/END AIRGAP LICENSE----- lines.
        #[arg(long)]
        armor: bool,
        /// The license document (JSON), or - for standard input.
        #[arg(value_name = "DOCUMENT|-")]
        document: PathBuf,
    },
}

#[derive(Debug, thiserror::Error)]
enum IssuerError {
    #[error("{}: {source}", Escaped(&path.to_string_lossy()))]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Library(#[from] airgap_license::Error),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Usage(String),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Keygen { kid, out } => keygen(&kid, &out),
        Command::Sign { key, kid, armor, allow_unknown_features, document } => {
            sign(&key, kid.as_deref(), armor, allow_unknown_features, &document)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            match e {
                // What the issuer gets from the library is the document's
                // verdict: a rule it breaks (or could never be in effect).
                IssuerError::Library(_) => ExitCode::from(1),
                IssuerError::Io { .. } | IssuerError::Config(_) | IssuerError::Usage(_) => ExitCode::from(2),
            }
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> IssuerError + '_ {
    move |source| IssuerError::Io { path: path.to_owned(), source }
}

fn keygen(kid: &str, dir: &Path) -> Result<(), IssuerError> {
    let key = generate_key()?;
    // Encode (and so validate the kid) before touching the disk.
    airgap_license::TrustedKey::new(kid, key.verifying_key())?;
    let public = public_key_pem(kid, &key.verifying_key())?;
    let private = private_key_pem(kid, &key)?;
    fs::create_dir_all(dir).map_err(io_error(dir))?;
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

/// Creates a file that must not exist yet, with `mode` from the start on Unix,
/// so that a private key is never readable by others, not even briefly.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), IssuerError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path).map_err(io_error(path))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(io_error(path))
}

fn sign(
    key_path: &Path,
    kid: Option<&str>,
    armor: bool,
    allow_unknown_features: bool,
    document: &Path,
) -> Result<(), IssuerError> {
    let stem = key_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let kid = match kid {
        None => stem.clone(),
        // A kid other than the file's name is the usual way to sign with the
        // wrong key: refuse it rather than make licenses no validator accepts.
        Some(kid) if kid != stem => {
            return Err(IssuerError::Usage(format!(
                "--kid {} does not match the key file {} (its kid is {}); rename the key file or drop --kid",
                Quoted(kid),
                Escaped(&key_path.to_string_lossy()),
                Quoted(&stem)
            )));
        }
        Some(kid) => kid.to_owned(),
    };
    let pem = fs::read_to_string(key_path).map_err(io_error(key_path))?;
    let key = private_key_from_pem(&kid, &pem)?;
    // The public half with the same kid, beside the private key (as keygen
    // writes it) or trusted by this build, must be this key's.
    let beside = key_path.with_extension("pem");
    let mut known = Vec::new();
    if let Ok(text) = fs::read_to_string(&beside) {
        known.push(TrustedKey::from_pem(&kid, &text)?);
    }
    if let Ok(embedded) = airgap_license::embedded!().keys()
        && let Some(trusted) = embedded.get(&kid)
    {
        known.push(trusted.clone());
    }
    if known.iter().any(|trusted| trusted.verifying_key() != &key.verifying_key()) {
        return Err(IssuerError::Config(ConfigError::Key { source_name: kid, problem: KeyProblem::Mismatch }));
    }
    let issuer = Issuer::new(&kid, key)?;
    let bytes = read_document(document)?;
    let unknown = issuer.unknown_features(&bytes)?;
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|n| Quoted(n).to_string()).collect();
        let message = format!(
            "features names {} that the catalog does not know: a validator reports such a feature UNKNOWN and grants nothing by it (a misspelling?)",
            names.join(", ")
        );
        if !allow_unknown_features {
            return Err(IssuerError::Usage(format!("{message}; pass --allow-unknown-features if that is intended")));
        }
        let _ = writeln!(io::stderr(), "warning: {message}");
    }
    let license = if armor { issuer.sign_armored(&bytes)? } else { issuer.sign(&bytes)? + "\n" };
    let mut stdout = io::stdout().lock();
    stdout.write_all(license.as_bytes()).map_err(io_error(Path::new("standard output")))?;
    Ok(())
}

/// The document, from a file or standard input, one byte past the limit at most.
fn read_document(document: &Path) -> Result<Vec<u8>, IssuerError> {
    let mut bytes = Vec::new();
    // One byte past the limit is enough for the issuer to refuse the size.
    let limit = u64::try_from(MAX_LICENSE_TEXT).unwrap_or(u64::MAX).saturating_add(1);
    if document == Path::new("-") {
        io::stdin().lock().take(limit).read_to_end(&mut bytes).map_err(io_error(document))?;
    } else {
        fs::File::open(document).and_then(|f| f.take(limit).read_to_end(&mut bytes)).map_err(io_error(document))?;
    }
    Ok(bytes)
}
