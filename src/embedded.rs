//! Trust anchors compiled into a product: what a build script made with
//! [`build::embed`](crate::build::embed) and the [`embedded!`](crate::embedded)
//! macro brings back in.

use std::sync::Arc;

use crate::catalog::Catalog;
use crate::config_error::ConfigError;
use crate::keys::{KeyFile, KeyStore};

/// The public keys (and perhaps the catalog) a build script embedded. Get it
/// with [`embedded!`](crate::embedded) and make a validator with
/// [`Validator::from_embedded`](crate::Validator::from_embedded); the keys
/// go through the same rules again when it is loaded.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    keys: &'static [(&'static str, &'static str)],
    catalog: Option<&'static str>,
    release_date: &'static str,
}

impl Embedded {
    /// Used by the generated code only.
    #[doc(hidden)]
    #[must_use]
    pub const fn __new(
        keys: &'static [(&'static str, &'static str)],
        catalog: Option<&'static str>,
        release_date: &'static str,
    ) -> Embedded {
        Embedded { keys, catalog, release_date }
    }

    /// The product's release date the build recorded (`SOURCE_DATE_EPOCH`,
    /// `AIRGAP_LICENSE_RELEASE_DATE` or the build day): what a license's
    /// `maintenanceUntil` is compared with. `None` only if the generated
    /// text is not a date (the build wrote it).
    #[must_use]
    pub fn release_date(&self) -> Option<chrono::NaiveDate> {
        crate::date::parse_date("release date", self.release_date).ok()
    }

    /// The embedded keys, under [`KeyStore::from_files`]'s rules.
    ///
    /// # Errors
    /// As [`KeyStore::from_files`] (the build already checked them).
    pub fn keys(&self) -> Result<KeyStore, ConfigError> {
        KeyStore::from_files(
            "(embedded keys)",
            self.keys.iter().map(|(path, pem)| KeyFile { path, bytes: pem.as_bytes() }),
        )
    }

    /// The embedded catalog, or the Reactor catalog when the build embedded none.
    ///
    /// # Errors
    /// [`ConfigError::Catalog`] (the build already checked it).
    pub fn catalog(&self) -> Result<Arc<Catalog>, ConfigError> {
        match self.catalog {
            Some(text) => Catalog::from_json(text).map(Arc::new),
            None => Catalog::reactor(),
        }
    }

    /// A validator trusting the `*.pem` public keys of `dir` (under
    /// [`KeyStore::from_dir`]'s rules) with the embedded catalog: what
    /// `--keys DIR` means on the command line and `from_keys_dir` in C,
    /// Python and Node, the same everywhere.
    ///
    /// # Errors
    /// As [`KeyStore::from_dir`] and [`catalog`](Self::catalog).
    pub fn validator_with_keys_dir(&self, dir: &std::path::Path) -> Result<crate::Validator, ConfigError> {
        self.validator_with(KeyStore::from_dir(dir)?)
    }

    /// A validator trusting one public key given as PEM text under `kid`
    /// (under [`KeyStore::from_pem`]'s rules) with the embedded catalog:
    /// `from_pem` in C, Python and Node, so that one prebuilt package serves
    /// every vendor, who names its key at run time.
    ///
    /// # Errors
    /// As [`KeyStore::from_pem`] and [`catalog`](Self::catalog).
    pub fn validator_with_pem(&self, kid: &str, pem: &str) -> Result<crate::Validator, ConfigError> {
        self.validator_with(KeyStore::from_pem(kid, pem)?)
    }

    /// `keys` with the embedded catalog and release date.
    fn validator_with(&self, keys: KeyStore) -> Result<crate::Validator, ConfigError> {
        let validator = crate::Validator::new(keys, self.catalog()?);
        Ok(match self.release_date() {
            Some(day) => validator.with_release_date(day),
            None => validator,
        })
    }
}

/// The validator of the [`embedded!`](crate::embedded) keys and catalog,
/// made once per process and shared: `Result<&'static Validator, &'static
/// ConfigError>`. What the C ABI, Python and Node use for their compiled-in
/// default (parsing the keys on each call would cost a third of a check).
#[macro_export]
macro_rules! embedded_validator {
    () => {{
        static VALIDATOR: ::std::sync::OnceLock<::std::result::Result<$crate::Validator, $crate::ConfigError>> =
            ::std::sync::OnceLock::new();
        VALIDATOR.get_or_init(|| $crate::Validator::from_embedded(&$crate::embedded!())).as_ref()
    }};
}

/// The [`Embedded`] trust anchors that this crate's build script generated
/// with [`build::embed`](crate::build::embed), from
/// `$OUT_DIR/airgap_license_embedded.rs`.
#[macro_export]
macro_rules! embedded {
    () => {{
        let (keys, catalog, release): (&'static [(&'static str, &'static str)], Option<&'static str>, &'static str) =
            include!(concat!(
                env!(
                    "OUT_DIR",
                    "airgap_license::embedded!() needs a build script: add build.rs with `fn main() -> std::process::ExitCode { airgap_license::build::run(\"keys\") }` and airgap-license with feature \"build\" in [build-dependencies]"
                ),
                "/airgap_license_embedded.rs"
            ));
        $crate::Embedded::__new(keys, catalog, release)
    }};
}
