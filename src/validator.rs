//! The verification path, in the order that gives a forger the least:
//! size, armor, Base64, envelope, algorithm, key, signature; only then the document.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::config_error::ConfigError;
use crate::document::Document;
use crate::embedded::Embedded;
use crate::envelope::Envelope;
use crate::error::Error;
use crate::keys::KeyStore;
use crate::license::License;
use crate::policy::Policy;
use crate::revocation::{RevocationError, RevocationList};
use crate::status::Status;
use crate::text;

/// Verifies licenses against a set of trusted keys and a catalog.
///
/// Cheap to clone; holds no clock. See the crate's README for an example.
#[derive(Debug, Clone)]
pub struct Validator {
    keys: Arc<KeyStore>,
    catalog: Arc<Catalog>,
    policy: Policy,
    /// A verified revocation list: a license it names is refused.
    revocations: Option<Arc<RevocationList>>,
}

impl Validator {
    /// Trusts `keys` and judges features by the Reactor catalog, default policy.
    ///
    /// # Errors
    /// If the Reactor catalog does not load (the crate's tests rule it out).
    pub fn with_keys(keys: KeyStore) -> Result<Validator, ConfigError> {
        Ok(Validator::new(keys, Catalog::reactor()?))
    }

    /// Trusts `keys` and judges features by `catalog`, default policy.
    #[must_use]
    pub fn new(keys: KeyStore, catalog: Arc<Catalog>) -> Validator {
        Validator { keys: Arc::new(keys), catalog, policy: Policy::default(), revocations: None }
    }

    /// The keys (and catalog, and the product's release date) a build script
    /// embedded with [`build::embed`](crate::build::embed):
    /// `Validator::from_embedded(&airgap_license::embedded!())`.
    ///
    /// # Errors
    /// If they do not load (the build already checked them).
    pub fn from_embedded(embedded: &Embedded) -> Result<Validator, ConfigError> {
        let validator = Validator::new(embedded.keys()?, embedded.catalog()?);
        Ok(match embedded.release_date() {
            Some(day) => validator.with_release_date(day),
            None => validator,
        })
    }

    /// The same validator under another policy.
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> Validator {
        self.policy = policy;
        self
    }

    /// The same validator for a product released on `day`: a license with
    /// `maintenanceUntil` covers it if `day` is on or before that day
    /// ([`Policy::release_date`]).
    #[must_use]
    pub fn with_release_date(mut self, day: chrono::NaiveDate) -> Validator {
        self.policy.release_date = Some(day);
        self
    }

    /// Verifies a revocation list with this validator's trusted keys.
    ///
    /// # Errors
    /// [`RevocationError`] naming what is wrong; a list signed by a key this
    /// validator does not trust is [`RevocationError::UnknownKey`].
    pub fn revocations(&self, text: impl AsRef<[u8]>) -> Result<RevocationList, RevocationError> {
        RevocationList::verify(text.as_ref(), &self.keys)
    }

    /// The same validator refusing every license `list` names (verdict
    /// `revoked`, exit 1), by licenseId or by the key that signed it. The
    /// list is checked after the signature and the document, so a forgery
    /// is still reported as one.
    #[must_use]
    pub fn with_revocations(mut self, list: RevocationList) -> Validator {
        self.revocations = Some(Arc::new(list));
        self
    }

    /// The revocation list it applies, if any.
    #[must_use]
    pub fn revocation_list(&self) -> Option<&RevocationList> {
        self.revocations.as_deref()
    }

    /// The trusted keys.
    #[must_use]
    pub fn keys(&self) -> &KeyStore {
        &self.keys
    }

    /// The catalog.
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The policy.
    #[must_use]
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The status map when there is no license, or it was rejected.
    #[must_use]
    pub fn unlicensed(&self) -> Status {
        Status::unlicensed(&self.catalog)
    }

    /// The safe default in one call: verifies `text` ([`verify`](Self::verify))
    /// and returns the license only if it is in effect at `now` under the
    /// policy ([`License::check`]), as jsonwebtoken validates `exp` by default.
    ///
    /// # Errors
    /// The rejection, or the date verdict (expired, not yet in effect, clock
    /// untrusted, ends within `valid_for`).
    pub fn verify_in_effect(&self, text: impl AsRef<[u8]>, now: DateTime<Utc>) -> Result<License, Error> {
        let license = self.verify(text)?;
        license.check(now)?;
        Ok(license)
    }

    /// Decodes license text, verifies its signature strictly against the
    /// trusted key its `kid` names, checks the document, and, with a
    /// revocation list ([`with_revocations`](Self::with_revocations)),
    /// checks that the list does not name it. Dates are not judged here:
    /// ask the [`License`] at an instant.
    ///
    /// # Errors
    /// The first thing wrong, in the order above: an error of verdict
    /// [`Verdict::Rejected`](crate::Verdict::Rejected), or, for a genuine
    /// license the list names, [`Error::Revoked`] (verdict
    /// [`Verdict::Revoked`](crate::Verdict::Revoked)).
    pub fn verify(&self, text: impl AsRef<[u8]>) -> Result<License, Error> {
        let envelope =
            Envelope::parse(&text::decode(text.as_ref()).map_err(|e| text::not_a_license(text.as_ref(), e))?)?;
        let key = self.keys.get(&envelope.kid).ok_or_else(|| Error::UnknownKey {
            kid: envelope.kid.clone(),
            trusted: self.keys.iter().map(|k| k.kid().to_owned()).collect(),
        })?;
        // Strict: no small-order R, no S >= L, no non-canonical points; the key
        // itself was checked for small order when it was loaded.
        key.verify_signature(envelope.message(), &envelope.signature)?;
        let doc = Document::parse(envelope.payload(), &self.catalog)?;
        if let Some(list) = &self.revocations {
            list.check(&doc.license_id, &envelope.kid, envelope.message())?;
        }
        Ok(License::new(envelope.kid, key.is_sample(), doc, Arc::clone(&self.catalog), self.policy))
    }
}

/// Validators made from a build's embedded catalog and release date, with
/// keys given at run time. (Written here, beside the validator they make,
/// so that the embedded anchors need nothing of the validator.)
impl Embedded {
    /// A validator trusting the `*.pem` public keys of `dir` (under
    /// [`KeyStore::from_dir`]'s rules) with the embedded catalog: what
    /// `--keys DIR` means on the command line and `from_keys_dir` in C,
    /// Python and Node, the same everywhere.
    ///
    /// # Errors
    /// As [`KeyStore::from_dir`] and [`catalog`](Self::catalog).
    pub fn validator_with_keys_dir(&self, dir: &std::path::Path) -> Result<Validator, ConfigError> {
        self.validator_with(KeyStore::from_dir(dir)?)
    }

    /// A validator trusting one public key given as PEM text under `kid`
    /// (under [`KeyStore::from_pem`]'s rules) with the embedded catalog:
    /// `from_pem` in C, Python and Node, so that one prebuilt package serves
    /// every vendor, who names its key at run time.
    ///
    /// # Errors
    /// As [`KeyStore::from_pem`] and [`catalog`](Self::catalog).
    pub fn validator_with_pem(&self, kid: &str, pem: &str) -> Result<Validator, ConfigError> {
        self.validator_with(KeyStore::from_pem(kid, pem)?)
    }

    /// `keys` with the embedded catalog and release date.
    fn validator_with(&self, keys: KeyStore) -> Result<Validator, ConfigError> {
        let validator = Validator::new(keys, self.catalog()?);
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
