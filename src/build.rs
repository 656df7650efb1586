//! For build scripts (feature `build`): embed a product's own trusted keys,
//! checked at build time under the rules of [`KeyStore::from_files`].
//!
//! ```no_run
//! // build.rs of a product, with airgap-license (feature "build") in [build-dependencies]
//! fn main() -> std::process::ExitCode {
//!     airgap_license::build::run("keys")
//! }
//! ```
//!
//! and in the product: `Validator::from_embedded(&airgap_license::embedded!())`.
//! The build fails, naming the file, when the folder (subfolders included)
//! holds a private key in any file, a `.pem` that is not an Ed25519 public
//! key, a weak key, or no key; only the top-level `*.pem` public keys reach
//! the binary.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::config_error::ConfigError;
use crate::escape::Escaped;
use crate::keys::KeyStore;

/// The variable that points a build at another keys folder. A relative path
/// is taken from the folder of the package whose build script calls
/// [`embed`] (`CARGO_MANIFEST_DIR`); to name a folder of your own workspace
/// reliably, give an absolute path, or set it in `.cargo/config.toml` with
/// `[env] AIRGAP_LICENSE_KEYS_DIR = { value = "keys", relative = true }`.
pub const KEYS_DIR_VAR: &str = "AIRGAP_LICENSE_KEYS_DIR";

/// The variable that embeds another plan and feature catalog (optional; the
/// Reactor catalog otherwise). Relative paths as for [`KEYS_DIR_VAR`].
pub const CATALOG_VAR: &str = "AIRGAP_LICENSE_CATALOG";

/// The variable that sets the product's release date (`YYYY-MM-DD`); it
/// wins over `SOURCE_DATE_EPOCH` (reproducible builds), which is taken
/// when it is not set; the build day (UTC) otherwise. A license with `maintenanceUntil` covers the product
/// only if this day is on or before it.
pub const RELEASE_DATE_VAR: &str = "AIRGAP_LICENSE_RELEASE_DATE";

/// The reproducible-builds variable: seconds since 1970, the source's date.
pub const SOURCE_DATE_EPOCH_VAR: &str = "SOURCE_DATE_EPOCH";

/// The file written into `OUT_DIR`, which [`embedded!`](crate::embedded) includes.
pub const GENERATED_FILE: &str = "airgap_license_embedded.rs";

/// Why a build cannot embed its keys.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Not run by Cargo as a build script.
    #[error("{0} is not set: call airgap_license::build::embed from a build script")]
    NotABuildScript(&'static str),
    /// The keys folder does not exist or is not a folder.
    #[error("the trusted keys folder {} does not exist or is not a folder ({origin})", Escaped(&.looked_at.to_string_lossy()))]
    NoKeysFolder {
        /// Where it looked (absolute).
        looked_at: PathBuf,
        /// Where the path came from.
        origin: String,
    },
    /// `SOURCE_DATE_EPOCH` or `AIRGAP_LICENSE_RELEASE_DATE` is not a date.
    #[error("{variable} is {}: {detail}", Escaped(.value))]
    ReleaseDate {
        /// The variable.
        variable: &'static str,
        /// Its value.
        value: String,
        /// What is wrong.
        detail: String,
    },
    /// The catalog file does not exist or cannot be read.
    #[error("the catalog {} cannot be read ({CATALOG_VAR}): {detail}", Escaped(&.looked_at.to_string_lossy()))]
    NoCatalog {
        /// Where it looked (absolute).
        looked_at: PathBuf,
        /// What the system said.
        detail: String,
    },
    /// The keys break a rule (the message names the file).
    #[error("{source}")]
    Config {
        /// The keys folder.
        folder: PathBuf,
        /// The rule broken.
        source: ConfigError,
    },
    /// The catalog breaks a rule.
    #[error("{}: {source}", Escaped(&.path.to_string_lossy()))]
    Catalog {
        /// The catalog file.
        path: PathBuf,
        /// The rule broken.
        source: ConfigError,
    },
    /// The generated file could not be written.
    #[error("cannot write {}: {detail}", Escaped(&.path.to_string_lossy()))]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        detail: String,
    },
}

/// A [`BuildError::Config`] about `folder`.
fn config(folder: &Path) -> impl FnOnce(ConfigError) -> BuildError + '_ {
    move |source| BuildError::Config { folder: folder.to_owned(), source }
}

/// A whole build script: [`embed`], its directives printed for Cargo, or
/// the error on standard error and a failed build. This and nothing else in
/// the crate writes to standard output: it is Cargo's build-script protocol.
#[must_use]
pub fn run(default_keys_dir: &str) -> std::process::ExitCode {
    match embed(default_keys_dir) {
        Ok(embedding) => {
            for line in embedding.cargo_directives() {
                println!("{line}");
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// What [`embed`] did: the lines the build script prints for Cargo.
#[derive(Debug, Clone)]
pub struct Embedding {
    directives: Vec<String>,
    keys: KeyStore,
}

impl Embedding {
    /// The `cargo:` lines to print: what to rerun on, and one warning per
    /// embedded key with its id and fingerprint, so that a stale or wrong key
    /// is visible in the build log.
    #[must_use]
    pub fn cargo_directives(&self) -> &[String] {
        &self.directives
    }

    /// The keys embedded.
    #[must_use]
    pub fn keys(&self) -> &KeyStore {
        &self.keys
    }
}

/// Checks the keys folder named by [`KEYS_DIR_VAR`] (or `default_keys_dir`,
/// relative to the calling package's folder) and the optional catalog named
/// by [`CATALOG_VAR`], then writes [`GENERATED_FILE`] into `OUT_DIR` holding
/// only the top-level `*.pem` public keys' text.
///
/// # Errors
/// [`BuildError`] naming the folder or file and what is wrong.
pub fn embed(default_keys_dir: &str) -> Result<Embedding, BuildError> {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .ok_or(BuildError::NotABuildScript("CARGO_MANIFEST_DIR"))?;
    let out_dir = env::var_os("OUT_DIR").map(PathBuf::from).ok_or(BuildError::NotABuildScript("OUT_DIR"))?;
    let mut directives =
        vec![format!("cargo:rerun-if-env-changed={KEYS_DIR_VAR}"), format!("cargo:rerun-if-env-changed={CATALOG_VAR}")];
    let (keys_dir, origin) = match env::var_os(KEYS_DIR_VAR).filter(|v| !v.is_empty()) {
        Some(value) => (manifest_dir.join(value), format!("from {KEYS_DIR_VAR}")),
        None => (manifest_dir.join(default_keys_dir), format!("the default; set {KEYS_DIR_VAR} to use another")),
    };
    if !keys_dir.is_dir() {
        return Err(BuildError::NoKeysFolder { looked_at: keys_dir, origin });
    }
    let keys = KeyStore::from_dir(&keys_dir).map_err(config(&keys_dir))?;
    // Cargo scans a folder named here for any change, subfolders included.
    directives.push(format!("cargo:rerun-if-changed={}", keys_dir.display()));

    let catalog = match env::var_os(CATALOG_VAR).filter(|v| !v.is_empty()) {
        Some(value) => {
            let path = manifest_dir.join(value);
            let text = fs::read_to_string(&path)
                .map_err(|e| BuildError::NoCatalog { looked_at: path.clone(), detail: e.to_string() })?;
            Catalog::from_json(&text).map_err(|source| BuildError::Catalog { path: path.clone(), source })?;
            directives.push(format!("cargo:rerun-if-changed={}", path.display()));
            Some(text)
        }
        None => None,
    };

    let (release, release_origin) = release_date()?;
    directives.push(format!("cargo:rerun-if-env-changed={SOURCE_DATE_EPOCH_VAR}"));
    directives.push(format!("cargo:rerun-if-env-changed={RELEASE_DATE_VAR}"));
    directives.push(format!("cargo:warning=release date {release} ({release_origin})"));

    // Literals only: the embedded! macro wraps them with `$crate`, so that a
    // product may name this crate as it likes in its Cargo.toml.
    let mut source = String::from("(&[\n");
    for key in keys.iter() {
        // The key written is the parsed public key, encoded afresh: no byte of
        // any file (comments, a stray private key) reaches the binary.
        let pem = key.to_pem().map_err(config(&keys_dir))?;
        let _ = writeln!(source, "    ({:?}, {:?}),", format!("{}.pem", key.kid()), pem);
        let sample = if key.is_sample() {
            " -- the public SAMPLE key: anyone can sign licenses it accepts; do not ship it"
        } else {
            ""
        };
        directives.push(format!("cargo:warning=trusting key {} {}{sample}", key.kid(), key.fingerprint()));
    }
    let _ = writeln!(source, "], {catalog:?}, {:?})", release.to_string());
    let generated = out_dir.join(GENERATED_FILE);
    fs::write(&generated, source).map_err(|e| BuildError::Write { path: generated, detail: e.to_string() })?;
    Ok(Embedding { directives, keys })
}

/// The earliest release date taken: a day before it is a build system's
/// placeholder (Nix sets `SOURCE_DATE_EPOCH` to 1980 by default), which
/// would make every maintenance license cover the product.
pub const EARLIEST_RELEASE_DATE: &str = "2000-01-01";

/// The product's release date: `AIRGAP_LICENSE_RELEASE_DATE` (the
/// product's own word), else `SOURCE_DATE_EPOCH`, else the build day (UTC),
/// and where it came from. A day before [`EARLIEST_RELEASE_DATE`] from any
/// source fails the build, naming the variable to set.
fn release_date() -> Result<(chrono::NaiveDate, &'static str), BuildError> {
    let (day, variable, value, origin) = if let Some(value) = env::var_os(RELEASE_DATE_VAR).filter(|v| !v.is_empty()) {
        let value = value.to_string_lossy().into_owned();
        let day = crate::date::parse_date(RELEASE_DATE_VAR, &value).map_err(|e| BuildError::ReleaseDate {
            variable: RELEASE_DATE_VAR,
            value: value.clone(),
            detail: e.to_string(),
        })?;
        (day, RELEASE_DATE_VAR, value, "from AIRGAP_LICENSE_RELEASE_DATE")
    } else if let Some(value) = env::var_os(SOURCE_DATE_EPOCH_VAR).filter(|v| !v.is_empty()) {
        let value = value.to_string_lossy().into_owned();
        let bad = |detail: &str| BuildError::ReleaseDate {
            variable: SOURCE_DATE_EPOCH_VAR,
            value: value.clone(),
            detail: detail.to_owned(),
        };
        let seconds: i64 = value.trim().parse().map_err(|_| bad("not a number of seconds since 1970"))?;
        let at = crate::date::instant_from_unix(seconds).map_err(|e| bad(&e.to_string()))?;
        (at.date_naive(), SOURCE_DATE_EPOCH_VAR, value, "from SOURCE_DATE_EPOCH")
    } else {
        let today = chrono::Utc::now().date_naive();
        (today, "the build day", today.to_string(), "the build day; set AIRGAP_LICENSE_RELEASE_DATE")
    };
    let earliest = crate::date::parse_date("", EARLIEST_RELEASE_DATE).unwrap_or(chrono::NaiveDate::MIN);
    if day < earliest {
        return Err(BuildError::ReleaseDate {
            variable,
            value,
            detail: format!(
                "the release date {day} is before {EARLIEST_RELEASE_DATE}: a placeholder, not a release (it would make every maintenance license cover the product); set {RELEASE_DATE_VAR}=YYYY-MM-DD to the product's release date"
            ),
        });
    }
    Ok((day, origin))
}
