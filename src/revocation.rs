//! Revocation lists: a vendor's signed list of every licenseId (and key id)
//! it has taken back, carried across the air gap like a license.
//!
//! Armored text around standard Base64 of the list's JSON followed by the
//! 64-byte Ed25519 signature of a trusted vendor key, over a message of its
//! own domain, `airgap-license:revocations:v1:<kid>:` + the JSON, so that a
//! list can never be taken for a license, a request or a receipt, nor a
//! license for a list. Each list holds everything revoked so far, with a
//! `sequence` one higher than the last: a store keeps only a higher one (a
//! ratchet), so an older list cannot bring a revoked license back.
//!
//! Besides licenseIds and key ids, a list may name single bound licenses by
//! their digest ([`license_digest`](crate::license_digest)): the seats the
//! vendor counted as released. A copy of the store restored from before the
//! release is then refused, and the same machine bound again (a new
//! document, a new digest) is not. A validator that does not know this
//! member refuses the whole list: fail closed.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::json;

use crate::date::parse_date;
use crate::device_note::{Unsealed, seal_armored, unseal};
use crate::error::{Error, Part};
use crate::escape::{Escaped, Quoted};
use crate::keys::KeyStore;
use crate::license_id::canonical_license_id;
use crate::names::is_name;
use crate::strict_json::{Json, Object, parse_object};

/// The line before a list's body.
pub const REVOCATIONS_BEGIN: &str = "-----BEGIN AIRGAP LICENSE REVOCATIONS-----";
/// The line after it.
pub const REVOCATIONS_END: &str = "-----END AIRGAP LICENSE REVOCATIONS-----";
/// The most bytes of list text read: room for [`MAX_REVOKED`] entries.
pub const MAX_REVOCATIONS_TEXT: usize = 8 * 1024 * 1024;
/// The most licenseIds and key ids one list may name, together.
pub const MAX_REVOKED: usize = 100_000;

/// What the signature covers, before the kid.
const DOMAIN: &str = "airgap-license:revocations:v1:";
/// The members of a version 1 list, all required but `licenseDigests`.
const MEMBERS: [&str; 6] = ["issued", "kid", "kids", "licenseDigests", "licenseIds", "sequence"];

/// What is wrong with a revocation list. Every one means the list cannot be
/// used (the CLI's exit 2): a list that does not verify revokes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RevocationError {
    /// Larger than [`MAX_REVOCATIONS_TEXT`].
    #[error("the revocation list is larger than the limit of {MAX_REVOCATIONS_TEXT} bytes")]
    TooLarge,
    /// A license given where a list was expected.
    #[error("this is a license, not a revocation list")]
    IsLicense,
    /// The armor lines are missing, repeated or out of order.
    #[error("not a revocation list: it must lie between {REVOCATIONS_BEGIN} and the matching END line")]
    Armor,
    /// The body does not decode, or is too short to hold a signature.
    #[error("the revocation list is garbled: {detail}")]
    Garbled {
        /// What is wrong.
        detail: String,
    },
    /// A member is missing, of the wrong type, or invalid.
    #[error("the revocation list's {field}: {problem}")]
    Field {
        /// The member.
        field: String,
        /// What is wrong.
        problem: String,
    },
    /// Signed under a key id this validator does not trust.
    #[error("the revocation list is signed by key {}, which is not trusted here", Quoted(.kid))]
    UnknownKey {
        /// The list's `kid`.
        kid: String,
    },
    /// The signature does not verify with the trusted key its kid names.
    #[error("the revocation list's signature does not verify with trusted key {}: it was altered or forged", Quoted(.kid))]
    Signature {
        /// The list's `kid`.
        kid: String,
    },
}

/// A verified revocation list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationList {
    kid: String,
    sequence: u64,
    issued: NaiveDate,
    license_ids: BTreeSet<String>,
    kids: BTreeSet<String>,
    license_digests: BTreeSet<String>,
}

impl RevocationList {
    /// A list to sign: `sequence` (1 or more), issued on `issued`, revoking
    /// `license_ids` (any case; kept in lowercase) and every license signed
    /// by one of `kids`.
    ///
    /// # Errors
    /// [`RevocationError::Field`] for a licenseId that is not a UUID, a key id
    /// that is not a name, sequence 0, or more than [`MAX_REVOKED`] entries.
    pub fn new<I, K>(
        kid: &str,
        sequence: u64,
        issued: NaiveDate,
        license_ids: I,
        kids: K,
    ) -> Result<RevocationList, RevocationError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
        K: IntoIterator,
        K::Item: AsRef<str>,
    {
        if !is_name(kid) {
            return Err(field("kid", format!("{} is not a key id", Quoted(kid))));
        }
        if sequence == 0 {
            return Err(field("sequence", "must be 1 or more".to_owned()));
        }
        let license_ids =
            license_ids.into_iter().map(|id| checked_license_id(id.as_ref())).collect::<Result<BTreeSet<_>, _>>()?;
        let kids = kids.into_iter().map(|k| checked_kid(k.as_ref())).collect::<Result<BTreeSet<_>, _>>()?;
        if license_ids.len().saturating_add(kids.len()) > MAX_REVOKED {
            return Err(field("licenseIds", format!("more than {MAX_REVOKED} entries")));
        }
        Ok(RevocationList {
            kid: kid.to_owned(),
            sequence,
            issued,
            license_ids,
            kids,
            license_digests: BTreeSet::new(),
        })
    }

    /// The list also revoking the single licenses whose digests
    /// ([`license_digest`](crate::license_digest), lowercase hex SHA-256)
    /// are given: released bindings.
    ///
    /// # Errors
    /// [`RevocationError::Field`] for a digest that is not 64 lowercase hex
    /// digits, or more than [`MAX_REVOKED`] entries in all.
    pub fn with_license_digests<D>(mut self, digests: D) -> Result<RevocationList, RevocationError>
    where
        D: IntoIterator,
        D::Item: AsRef<str>,
    {
        for digest in digests {
            let digest = digest.as_ref();
            if digest.len() != 64 || !digest.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(field("licenseDigests", format!("{} is not a SHA-256 in lowercase hex", Quoted(digest))));
            }
            self.license_digests.insert(digest.to_owned());
        }
        if self.license_ids.len().saturating_add(self.kids.len()).saturating_add(self.license_digests.len())
            > MAX_REVOKED
        {
            return Err(field("licenseDigests", format!("more than {MAX_REVOKED} entries")));
        }
        Ok(self)
    }

    /// Reads a list and verifies its signature, strictly, with the trusted
    /// key its `kid` names in `keys`.
    ///
    /// # Errors
    /// [`RevocationError`] naming what is wrong; a license given here is
    /// [`RevocationError::IsLicense`].
    pub fn verify(text: &[u8], keys: &KeyStore) -> Result<RevocationList, RevocationError> {
        let (json, signature) =
            unseal(text, REVOCATIONS_BEGIN, REVOCATIONS_END, MAX_REVOCATIONS_TEXT).map_err(|e| match e {
                Unsealed::TooLarge => RevocationError::TooLarge,
                Unsealed::Armor if crate::dangerous::decode_unverified(text).is_ok() => RevocationError::IsLicense,
                Unsealed::Armor => RevocationError::Armor,
                Unsealed::Garbled(detail) => RevocationError::Garbled { detail },
            })?;
        let mut members =
            parse_object(&json, Part::Payload).map_err(|e| RevocationError::Garbled { detail: e.to_string() })?;
        if let Some(extra) = members.names().find(|n| !MEMBERS.contains(n)) {
            return Err(field(extra, "is not a member of a version 1 revocation list".to_owned()));
        }
        let kid = string(&mut members, "kid")?;
        if !is_name(&kid) {
            return Err(field("kid", format!("{} is not a key id", Quoted(&kid))));
        }
        let key = keys.get(&kid).ok_or_else(|| RevocationError::UnknownKey { kid: kid.clone() })?;
        let mut message = message_prefix(&kid).into_bytes();
        message.extend_from_slice(&json);
        key.verify_signature(&message, &signature).map_err(|_| RevocationError::Signature { kid: kid.clone() })?;
        // Only a verified list is read further.
        let sequence = match members.remove("sequence") {
            Some(Json::Number(Some(n))) if n > 0 => n,
            _ => return Err(field("sequence", "must be an integer of 1 or more".to_owned())),
        };
        let issued_text = string(&mut members, "issued")?;
        let issued = parse_date("issued", &issued_text).map_err(|e: Error| field("issued", e.to_string()))?;
        let license_ids = strings(&mut members, "licenseIds")?;
        let kids = strings(&mut members, "kids")?;
        let digests = if members.names().any(|n| n == "licenseDigests") {
            strings(&mut members, "licenseDigests")?
        } else {
            Vec::new()
        };
        let list = RevocationList::new(&kid, sequence, issued, &license_ids, &kids)?.with_license_digests(&digests)?;
        if list.license_ids.len() != license_ids.len()
            || list.kids.len() != kids.len()
            || list.license_digests.len() != digests.len()
        {
            return Err(field("licenseIds", "names an entry twice".to_owned()));
        }
        Ok(list)
    }

    /// The list as armored text, signed by `sign` (the vendor key named by
    /// its kid) over `airgap-license:revocations:v1:<kid>:` + its JSON.
    #[must_use]
    pub fn to_text(&self, sign: impl FnOnce(&[u8]) -> [u8; 64]) -> String {
        let mut json = json!({
            "kid": self.kid,
            "sequence": self.sequence,
            "issued": self.issued.to_string(),
            "licenseIds": self.license_ids,
            "kids": self.kids,
        });
        // Only when it names one: a list without it reads everywhere.
        if let (false, Some(members)) = (self.license_digests.is_empty(), json.as_object_mut()) {
            members.insert("licenseDigests".to_owned(), json!(self.license_digests));
        }
        let json = json.to_string();
        seal_armored(REVOCATIONS_BEGIN, REVOCATIONS_END, message_prefix(&self.kid).as_bytes(), &json, sign)
    }

    /// The key id that signed it.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Its place: each list is one higher than the vendor's last.
    #[must_use]
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// The day it was issued.
    #[must_use]
    pub fn issued(&self) -> NaiveDate {
        self.issued
    }

    /// The licenseIds revoked, lowercase, in order.
    #[must_use]
    pub fn license_ids(&self) -> &BTreeSet<String> {
        &self.license_ids
    }

    /// The key ids every license of which is revoked.
    #[must_use]
    pub fn kids(&self) -> &BTreeSet<String> {
        &self.kids
    }

    /// The digests of single licenses revoked (released bindings).
    #[must_use]
    pub fn license_digests(&self) -> &BTreeSet<String> {
        &self.license_digests
    }

    /// Why a license with `license_id` (lowercase), signed under `kid`,
    /// whose signed message is `message`, is revoked by this list; `Ok`
    /// when it is not listed. The message is hashed only when the list
    /// names digests.
    pub(crate) fn check(&self, license_id: &str, kid: &str, message: &[u8]) -> Result<(), Error> {
        let by = if self.license_ids.contains(license_id) {
            crate::error::RevokedBy::LicenseId
        } else if self.kids.contains(kid) {
            crate::error::RevokedBy::Key(kid.to_owned())
        } else if !self.license_digests.is_empty() && self.license_digests.contains(&crate::sha256_hex(message)) {
            crate::error::RevokedBy::Release
        } else {
            return Ok(());
        };
        Err(Error::Revoked {
            license_id: license_id.to_owned(),
            by,
            sequence: self.sequence,
            issued: self.issued,
            list_kid: self.kid.clone(),
        })
    }
}

impl std::fmt::Display for RevocationList {
    /// `revocation list 7 of 2027-02-01 (signed by acme-2027)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "revocation list {} of {} (signed by {})", self.sequence, self.issued, Escaped(&self.kid))
    }
}

/// `airgap-license:revocations:v1:<kid>:`.
fn message_prefix(kid: &str) -> String {
    format!("{DOMAIN}{kid}:")
}

fn field(name: &str, problem: String) -> RevocationError {
    RevocationError::Field { field: name.to_owned(), problem }
}

fn checked_license_id(text: &str) -> Result<String, RevocationError> {
    canonical_license_id(text)
        .ok_or_else(|| field("licenseIds", format!("{} is not a licenseId (a UUID)", Quoted(text))))
}

fn checked_kid(text: &str) -> Result<String, RevocationError> {
    if is_name(text) { Ok(text.to_owned()) } else { Err(field("kids", format!("{} is not a key id", Quoted(text)))) }
}

fn string(members: &mut Object<'_>, name: &str) -> Result<String, RevocationError> {
    match members.remove(name) {
        Some(Json::Str(text)) => Ok(text.into_owned()),
        None => Err(field(name, "is missing".to_owned())),
        Some(_) => Err(field(name, "must be a string".to_owned())),
    }
}

fn strings(members: &mut Object<'_>, name: &str) -> Result<Vec<String>, RevocationError> {
    let Some(Json::Array(items)) = members.remove(name) else {
        return Err(field(name, "must be an array of strings".to_owned()));
    };
    if items.len() > MAX_REVOKED {
        return Err(field(name, format!("more than {MAX_REVOKED} entries")));
    }
    items
        .into_iter()
        .map(|item| match item {
            Json::Str(text) => Ok(text.into_owned()),
            _ => Err(field(name, "must be an array of strings".to_owned())),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer as _, SigningKey};

    use super::*;
    use crate::keys::TrustedKey;

    const ID: &str = "6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11";

    fn keys(key: &SigningKey) -> KeyStore {
        let mut keys = KeyStore::new();
        keys.insert(TrustedKey::new("acme-2027", key.verifying_key()).unwrap()).unwrap();
        keys
    }

    fn list() -> RevocationList {
        let day = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        RevocationList::new("acme-2027", 3, day, [ID.to_uppercase()], ["old-2025"]).unwrap()
    }

    #[test]
    fn a_list_round_trips_and_names_what_it_revokes() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let text = list().to_text(|m| key.sign(m).to_bytes());
        assert!(text.starts_with(REVOCATIONS_BEGIN), "{text}");
        let read = RevocationList::verify(text.as_bytes(), &keys(&key)).unwrap();
        assert_eq!(read, list());
        assert!(read.check(ID, "acme-2027", b"").is_err());
        assert!(read.check("1b4e28ba-2fa1-4d2e-883f-0016d3cca427", "old-2025", b"").is_err());
        assert!(read.check("1b4e28ba-2fa1-4d2e-883f-0016d3cca427", "acme-2027", b"").is_ok());
        let Err(e) = read.check(ID, "acme-2027", b"") else { unreachable!() };
        assert_eq!(e.code(), "[revoked]license");
        assert_eq!(
            e.to_string(),
            format!("license {ID} is revoked by revocation list 3 of 2027-02-01 (signed by acme-2027)")
        );
    }

    #[test]
    fn a_list_signed_by_another_key_or_altered_is_refused() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let other = SigningKey::from_bytes(&[10; 32]);
        let forged = list().to_text(|m| other.sign(m).to_bytes());
        assert!(matches!(
            RevocationList::verify(forged.as_bytes(), &keys(&key)),
            Err(RevocationError::Signature { .. })
        ));
        let text = list().to_text(|m| key.sign(m).to_bytes());
        assert!(matches!(
            RevocationList::verify(text.as_bytes(), &KeyStore::new()),
            Err(RevocationError::UnknownKey { .. })
        ));
        // A license's signature over the same JSON would not do: the domain differs.
        let json = br#"{"issued":"2027-02-01","kid":"acme-2027","kids":[],"licenseIds":[],"sequence":4}"#;
        let mut license_message = b"airgap-license:v1:acme-2027:".to_vec();
        license_message.extend_from_slice(json);
        let mut body = json.to_vec();
        body.extend_from_slice(&key.sign(&license_message).to_bytes());
        use base64::Engine as _;
        let replayed = format!(
            "{REVOCATIONS_BEGIN}\n{}\n{REVOCATIONS_END}\n",
            base64::engine::general_purpose::STANDARD.encode(&body)
        );
        assert!(matches!(
            RevocationList::verify(replayed.as_bytes(), &keys(&key)),
            Err(RevocationError::Signature { .. })
        ));
    }

    #[test]
    fn malformed_lists_name_what_is_wrong() {
        assert_eq!(RevocationList::verify(b"hello", &KeyStore::new()), Err(RevocationError::Armor));
        let day = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        assert!(RevocationList::new("acme", 0, day, [ID], [""; 0]).is_err());
        assert!(RevocationList::new("acme", 1, day, ["nope"], [""; 0]).is_err());
        assert!(RevocationList::new("acme", 1, day, [ID], ["bad kid!"]).is_err());
    }
}
