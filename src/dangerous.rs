//! Decoding without verification: for support staff reading a license, never
//! for deciding anything. Nothing returned here has been checked against a key.

use crate::envelope::Envelope;
use crate::error::Error;
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
