//! The vendor side: making keys and signing license documents.
//! Built only with the `issuer` feature, so the validator carries none of it.

use std::sync::Arc;

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::spki::der::zeroize::Zeroizing;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, KeypairBytes};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};

use crate::catalog::Catalog;
use crate::config_error::{ConfigError, KeyProblem};
use crate::document::Document;
use crate::envelope::Envelope;
use crate::error::Error;
use crate::escape::Quoted;
use crate::names::is_name;
use crate::revocation::{RevocationError, RevocationList};
use crate::text::{self, MAX_LICENSE_TEXT};

/// A fresh Ed25519 signing key from the operating system's random source.
///
/// # Errors
/// [`ConfigError::Random`] if the random source fails.
pub fn generate_key() -> Result<SigningKey, ConfigError> {
    let mut secret = Zeroizing::new([0u8; 32]);
    getrandom::getrandom(secret.as_mut()).map_err(|e| ConfigError::Random { reason: e.to_string() })?;
    Ok(SigningKey::from_bytes(&secret))
}

/// The private key as PKCS#8 v1 PEM (`-----BEGIN PRIVATE KEY-----`), as
/// `openssl genpkey -algorithm ed25519` writes it.
///
/// Not `SigningKey::to_pkcs8_pem`: that writes PKCS#8 v2 (the public key
/// attached), which OpenSSL 3.0 cannot load.
///
/// # Errors
/// [`ConfigError::Key`] if encoding fails.
pub fn private_key_pem(kid: &str, key: &SigningKey) -> Result<Zeroizing<String>, ConfigError> {
    KeypairBytes { secret_key: key.to_bytes(), public_key: None }
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| ConfigError::key(kid, KeyProblem::Encoding { detail: e.to_string() }))
}

/// The public key as PEM SubjectPublicKeyInfo, as `openssl pkey -pubout` writes it.
///
/// # Errors
/// [`ConfigError::Key`] if encoding fails.
pub fn public_key_pem(kid: &str, key: &VerifyingKey) -> Result<String, ConfigError> {
    key.to_public_key_pem(LineEnding::LF)
        .map_err(|e| ConfigError::key(kid, KeyProblem::Encoding { detail: e.to_string() }))
}

/// Reads a PKCS#8 PEM private key (ours or `openssl genpkey -algorithm
/// ed25519`); `source_name` names it in errors (its file, or its key id).
///
/// # Errors
/// [`ConfigError::SigningKey`] naming the source and why it is not an
/// Ed25519 private key.
pub fn private_key_from_pem(source_name: &str, pem: &str) -> Result<SigningKey, ConfigError> {
    SigningKey::from_pkcs8_pem(pem.trim()).map_err(|e| ConfigError::SigningKey {
        source_name: source_name.to_owned(),
        detail: crate::config_error::pem_detail(pem, "PRIVATE KEY", &e.to_string()),
    })
}

/// Signs license documents under one key id.
#[derive(Debug)]
pub struct Issuer {
    kid: String,
    key: SigningKey,
    catalog: Arc<Catalog>,
}

impl Issuer {
    /// An issuer for `kid`, checking documents against the Reactor catalog.
    ///
    /// # Errors
    /// [`ConfigError::Key`] for a bad id.
    pub fn new(kid: &str, key: SigningKey) -> Result<Issuer, ConfigError> {
        Issuer::with_catalog(kid, key, Catalog::reactor()?)
    }

    /// An issuer that checks documents against another catalog.
    ///
    /// # Errors
    /// [`ConfigError::Key`] for a bad id.
    pub fn with_catalog(kid: &str, key: SigningKey, catalog: Arc<Catalog>) -> Result<Issuer, ConfigError> {
        if !is_name(kid) {
            return Err(ConfigError::key(kid, KeyProblem::InvalidKid));
        }
        Ok(Issuer { kid: kid.to_owned(), key, catalog })
    }

    /// The key id it signs under.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// A revocation list signed under this issuer's kid: `sequence`, issued
    /// on `issued`, revoking `license_ids` and every license signed by one
    /// of `kids` ([`RevocationList::new`]), as armored text.
    ///
    /// # Errors
    /// [`RevocationError`] for an entry that is not a licenseId or a key id.
    pub fn revocation_list<I, K>(
        &self,
        sequence: u64,
        issued: chrono::NaiveDate,
        license_ids: I,
        kids: K,
    ) -> Result<(RevocationList, String), RevocationError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
        K: IntoIterator,
        K::Item: AsRef<str>,
    {
        self.sign_revocations(RevocationList::new(&self.kid, sequence, issued, license_ids, kids)?)
    }

    /// `list` (made under this issuer's kid, with
    /// [`RevocationList::with_license_digests`] where it names released
    /// bindings) signed, as armored text.
    ///
    /// # Errors
    /// [`RevocationError::Field`] when the list is another kid's.
    pub fn sign_revocations(&self, list: RevocationList) -> Result<(RevocationList, String), RevocationError> {
        if list.kid() != self.kid {
            return Err(RevocationError::Field {
                field: "kid".to_owned(),
                problem: format!("the list is made under {}, not this issuer's kid", Quoted(list.kid())),
            });
        }
        let text = list.to_text(|message| self.key.sign(message).to_bytes());
        Ok((list, text))
    }

    /// The public key that verifies this issuer's licenses.
    #[must_use]
    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// Checks `document` against the format's rules and signs its bytes as
    /// given, returning the license as one line of standard padded Base64.
    ///
    /// # Errors
    /// Whatever rule the document breaks, as a validator would report it.
    pub fn sign(&self, document: &[u8]) -> Result<String, Error> {
        let doc = Document::parse(document, &self.catalog)?;
        // The format allows it, but such a license can never be in effect: a
        // validator calls the clock untrusted until the license has expired.
        if let Some(expiration) = doc.expiration.filter(|expiration| doc.issued > *expiration) {
            return Err(Error::IssuedAfterExpiration { issued: doc.issued, expiration });
        }
        // Grace follows an expiration and notice comes before one: a
        // perpetual license has neither (a validator would ignore them).
        if let (None, Some(member)) = (doc.expiration, doc.end_rule) {
            return Err(Error::PerpetualWithEndRule { member: member.to_owned() });
        }
        let envelope = Envelope::signed(&self.kid, document, |message| self.key.sign(message).to_bytes());
        let license = text::encode(envelope.to_json().as_bytes());
        // Never make a license that a validator would refuse for its size: the
        // armored form is the longer one, and it must stay within the limit
        // after its line breaks become CRLF (a Windows editor, an e-mail).
        let armored = text::armor(&license);
        let with_crlf = armored.len() + armored.lines().count();
        if with_crlf > MAX_LICENSE_TEXT {
            return Err(Error::TooLarge { len: with_crlf, max: MAX_LICENSE_TEXT });
        }
        Ok(license)
    }

    /// The names in the document's `features` that the catalog does not
    /// know: a validator reports them `UNKNOWN`, so a misspelling grants
    /// nothing. The issuer CLI warns about them.
    ///
    /// # Errors
    /// Whatever rule the document breaks.
    pub fn unknown_features(&self, document: &[u8]) -> Result<Vec<String>, Error> {
        let doc = Document::parse(document, &self.catalog)?;
        Ok(doc.overrides.keys().filter(|name| self.catalog.feature_index(name).is_none()).cloned().collect())
    }

    /// As [`sign`](Self::sign), wrapped in the `AIRGAP LICENSE` armor, 64 columns.
    ///
    /// # Errors
    /// As [`sign`](Self::sign).
    pub fn sign_armored(&self, document: &[u8]) -> Result<String, Error> {
        self.sign(document).map(|b64| text::armor(&b64))
    }
}
