//! The envelope: `{"alg", "kid", "payload", "signature"}` and the signed message.

use std::borrow::Cow;

use crate::error::{Error, Part};
use crate::names::is_name;
use crate::strict_json::{Json, Object, parse_object};
use crate::text;

/// The one algorithm of format v1.
pub(crate) const ALG: &str = "Ed25519";

/// What the signature covers, before the kid: binds the format version and
/// the key id, so that a signature cannot be replayed under another kid.
const DOMAIN: &[u8] = b"airgap-license:v1:";

/// A decoded envelope; nothing in it is verified yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Envelope {
    pub(crate) kid: String,
    /// The signed message, `airgap-license:v1:` + kid + `:` + payload. The
    /// payload is decoded straight into it, so it is neither copied nor kept twice.
    message: Vec<u8>,
    pub(crate) signature: [u8; 64],
}

impl Envelope {
    /// The issuer's side: the envelope of `payload` under `kid`, with the
    /// signature `sign` makes over its message.
    #[cfg(feature = "issuer")]
    pub(crate) fn signed(kid: &str, payload: &[u8], sign: impl FnOnce(&[u8]) -> [u8; 64]) -> Envelope {
        let mut message = message_prefix(kid, payload.len());
        message.extend_from_slice(payload);
        let signature = sign(&message);
        Envelope { kid: kid.to_owned(), message, signature }
    }

    /// Parses the envelope's JSON, checking the members in the order
    /// alg, kid, payload, signature, after refusing any other member.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Envelope, Error> {
        let mut members = parse_object(bytes, Part::Envelope)?;
        // Of several unexpected members, the first by name, whatever their order.
        if let Some(extra) = members.names().filter(|k| !matches!(*k, "alg" | "kid" | "payload" | "signature")).min() {
            return Err(Error::UnexpectedMember { member: extra.to_owned() });
        }
        let alg = take_string(&mut members, "alg")?;
        if alg != ALG {
            return Err(Error::UnsupportedAlg { alg: alg.into_owned() });
        }
        let kid = take_string(&mut members, "kid")?;
        if !is_name(&kid) {
            return Err(Error::InvalidKid { kid: kid.into_owned() });
        }
        let payload = take_string(&mut members, "payload")?;
        let mut message = message_prefix(&kid, base64::decoded_len_estimate(payload.len()));
        text::decode_member_into(Part::Payload, &payload, &mut message)?;
        let signature = text::decode_signature(&take_string(&mut members, "signature")?)?;
        Ok(Envelope { kid: kid.into_owned(), message, signature })
    }

    /// The bytes the signature covers: `airgap-license:v1:` + kid + `:` + payload.
    pub(crate) fn message(&self) -> &[u8] {
        &self.message
    }

    /// The document bytes: the message after its prefix.
    pub(crate) fn payload(&self) -> &[u8] {
        self.message.get(prefix_len(&self.kid)..).unwrap_or_default()
    }

    /// The envelope's JSON, members in the order of the format.
    #[cfg(feature = "issuer")]
    pub(crate) fn to_json(&self) -> String {
        serde_json::json!({
            "alg": ALG,
            "kid": self.kid,
            "payload": text::encode(self.payload()),
            "signature": text::encode(&self.signature),
        })
        .to_string()
    }
}

/// The digest of a license: the lowercase hex SHA-256 of the message its
/// signature covers (`airgap-license:v1:` + kid + `:` + document), the same
/// whatever its armor, line breaks or Base64 alphabet. Nothing is verified:
/// a receipt and a ledger name the license by it.
///
/// # Errors
/// If the text does not decode to an envelope.
pub fn license_digest(text: impl AsRef<[u8]>) -> Result<String, Error> {
    let envelope = Envelope::parse(&text::decode(text.as_ref())?)?;
    Ok(sha256_hex(envelope.message()))
}

/// The lowercase hex SHA-256 of `bytes`: the one form every digest is
/// written in (a license's, a ledger's, a receipt's, a key fingerprint's).
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest as _, Sha256};
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// `airgap-license:v1:` + kid + `:`, with room for `payload_len` more bytes.
fn message_prefix(kid: &str, payload_len: usize) -> Vec<u8> {
    let mut message = Vec::with_capacity(prefix_len(kid) + payload_len);
    message.extend_from_slice(DOMAIN);
    message.extend_from_slice(kid.as_bytes());
    message.push(b':');
    message
}

/// The length of `airgap-license:v1:` + kid + `:`.
fn prefix_len(kid: &str) -> usize {
    DOMAIN.len() + kid.len() + 1
}

/// Takes a required non-blank string member.
fn take_string<'a>(members: &mut Object<'a>, name: &str) -> Result<Cow<'a, str>, Error> {
    match members.remove(name) {
        None => Err(Error::Missing { field: name.to_owned() }),
        Some(Json::Str(s)) if s.is_empty() => Err(Error::Blank { field: name.to_owned() }),
        Some(Json::Str(s)) => Ok(s),
        Some(_) => Err(Error::WrongType { field: name.to_owned(), expected: "a string" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

    fn parse(json: &str) -> Result<Envelope, Error> {
        Envelope::parse(json.as_bytes())
    }

    fn with(alg: &str, kid: &str, payload: &str, signature: &str) -> String {
        format!(r#"{{"alg":{alg},"kid":{kid},"payload":{payload},"signature":{signature}}}"#)
    }

    #[test]
    fn a_well_formed_envelope() {
        let envelope = parse(&with("\"Ed25519\"", "\"k-1\"", "\"e30=\"", &format!("\"{SIG}\""))).unwrap();
        assert_eq!(envelope.kid, "k-1");
        assert_eq!(envelope.payload(), b"{}");
        assert_eq!(envelope.message(), b"airgap-license:v1:k-1:{}");
    }

    #[test]
    fn each_member_is_checked() {
        let sig = format!("\"{SIG}\"");
        let cases: Vec<(String, Error)> = vec![
            (with("\"EdDSA\"", "\"k\"", "\"e30=\"", &sig), Error::UnsupportedAlg { alg: "EdDSA".into() }),
            (with("\"ed25519\"", "\"k\"", "\"e30=\"", &sig), Error::UnsupportedAlg { alg: "ed25519".into() }),
            (with("1", "\"k\"", "\"e30=\"", &sig), Error::WrongType { field: "alg".into(), expected: "a string" }),
            (with("\"Ed25519\"", "\"\"", "\"e30=\"", &sig), Error::Blank { field: "kid".into() }),
            (with("\"Ed25519\"", "\"a b\"", "\"e30=\"", &sig), Error::InvalidKid { kid: "a b".into() }),
            (
                with("\"Ed25519\"", "null", "\"e30=\"", &sig),
                Error::WrongType { field: "kid".into(), expected: "a string" },
            ),
            (with("\"Ed25519\"", "\"k\"", "\"\"", &sig), Error::Blank { field: "payload".into() }),
            (with("\"Ed25519\"", "\"k\"", "\"e30=\"", "\"AAAA\""), Error::SignatureLength { len: 3 }),
            (
                r#"{"alg":"Ed25519","kid":"k","payload":"e30="}"#.to_owned(),
                Error::Missing { field: "signature".into() },
            ),
            (
                format!(r#"{{"alg":"Ed25519","kid":"k","payload":"e30=","signature":{sig},"x":1}}"#),
                Error::UnexpectedMember { member: "x".into() },
            ),
            (
                format!(r#"{{"alg":"Ed25519","kid":"k","kid":"k","payload":"e30=","signature":{sig}}}"#),
                Error::DuplicateMember { part: Part::Envelope, member: "kid".into() },
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(parse(&json), Err(expected), "{json}");
        }
    }

    #[test]
    fn inner_base64_must_be_canonical_standard_padded() {
        for payload in ["\"e30\"", "\"e31=\"", "\"e3 0=\"", "\"-_8=\""] {
            let json = with("\"Ed25519\"", "\"k\"", payload, &format!("\"{SIG}\""));
            assert!(matches!(parse(&json), Err(Error::Base64 { part: Part::Payload, .. })), "{payload}");
        }
    }
}
