//! What must never decide anything in a shipped product: decoding without
//! verification, for support staff reading a license, and the public sample
//! key, for trying the crate out.

use crate::envelope::Envelope;
use crate::error::Error;
use crate::keys::KeyStore;
use crate::text;

/// A license's envelope, decoded but **not verified**: its signature has not
/// been checked, so every byte of it may be forged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unverified {
    envelope: Envelope,
}

/// Decodes license text and its envelope without checking the signature or
/// the document. Use [`Validator::verify`](crate::Validator::verify) for any decision.
///
/// # Errors
/// As `verify` for the text and envelope stages.
pub fn decode_unverified(text: impl AsRef<[u8]>) -> Result<Unverified, Error> {
    Ok(Unverified { envelope: Envelope::parse(&text::decode(text.as_ref())?)? })
}

impl Unverified {
    /// The key id it claims.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.envelope.kid
    }

    /// The document bytes it carries.
    #[must_use]
    pub fn payload(&self) -> &[u8] {
        self.envelope.payload()
    }

    /// The signature, as standard Base64.
    #[must_use]
    pub fn signature_base64(&self) -> String {
        text::encode(&self.envelope.signature)
    }
}

/// The license judged as if it were in effect on any machine: a bound
/// license is then judged by its signature and dates only, its machine
/// binding **not checked**. A template is in effect nowhere, here too. For a vendor's audit of licenses
/// collected from many machines (`verify --any-machine`), never for a
/// product deciding whether it may run.
#[must_use]
pub fn any_machine(license: crate::License) -> crate::License {
    license.placed_anywhere()
}

/// The public half of the sample key (`sample-2026`) that signs this
/// project's `licenses-sample/`.
const SAMPLE_KEY_PEM: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA0PsiYNJVxCbjpvMLU1W47EcsmbgzatngDpPqH++2xEU=
-----END PUBLIC KEY-----
";

/// Trusts the **public sample key**, whose private half is published with
/// this project: ANYONE CAN SIGN A LICENSE THAT THIS KEY ACCEPTS. For trying
/// the crate on its sample licenses and for tests; a product that ships with
/// it has no licensing at all. Every license it verifies reports
/// [`License::signed_by_sample_key`](crate::License::signed_by_sample_key).
#[must_use]
pub fn sample_key_anyone_can_sign() -> KeyStore {
    // The constant is the sample key, which the crate's tests load: it cannot fail.
    KeyStore::from_pem("sample-2026", SAMPLE_KEY_PEM).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_key_is_the_one_in_keys() {
        let store = super::sample_key_anyone_can_sign();
        assert_eq!(store.len(), 1);
        let key = store.get("sample-2026").unwrap();
        assert!(key.is_sample());
        assert_eq!(super::SAMPLE_KEY_PEM, include_str!("../keys/sample-2026.pem"));
    }
}
