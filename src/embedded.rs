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
