//! What a device key signs: the activation request a machine sends its
//! vendor, and the release receipt that proves it gave its seat back.
//!
//! Both are armored text around standard Base64 of the payload's JSON
//! followed by the 64-byte Ed25519 signature of the device key the payload
//! names, over a message of its own domain (`airgap-license:request:v1:` or
//! `airgap-license:receipt:v1:` + the JSON), so that neither can be taken
//! for the other or for a license. The library parses and verifies them and
//! builds them for a caller that signs (the store holds the device key).

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::error::{Part, instant};
use crate::escape::Quoted;
use crate::license_id::canonical_license_id;
use crate::machine::{
    MACHINE_ID_COMPONENT, clean_label, decode_device_key, device_fingerprint, is_hardware_component, parse_components,
};
use crate::strict_json::{Json, Object, parse_object};

/// The most bytes of request or receipt text read.
pub const MAX_NOTE_TEXT: usize = 4096;
/// The longest receipt text a store writes, in bytes (its fields have
/// fixed lengths; a test proves the longest fits): a caller that must hold
/// one before the key is destroyed (C's deactivate) asks for this much.
pub const MAX_RECEIPT_TEXT: usize = 1023;

/// Which note: a request or a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Request,
    Receipt,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Receipt => "receipt",
        }
    }

    fn begin(self) -> &'static str {
        match self {
            Kind::Request => "-----BEGIN AIRGAP LICENSE REQUEST-----",
            Kind::Receipt => "-----BEGIN AIRGAP LICENSE RECEIPT-----",
        }
    }

    fn end(self) -> &'static str {
        match self {
            Kind::Request => "-----END AIRGAP LICENSE REQUEST-----",
            Kind::Receipt => "-----END AIRGAP LICENSE RECEIPT-----",
        }
    }

    fn domain(self) -> &'static [u8] {
        match self {
            Kind::Request => b"airgap-license:request:v1:",
            Kind::Receipt => b"airgap-license:receipt:v1:",
        }
    }

    fn members(self) -> &'static [&'static str] {
        match self {
            Kind::Request => &["components", "deviceKey", "label", "licenseId", "requestedAt"],
            Kind::Receipt => &["clockMark", "deviceKey", "license", "licenseId", "releasedAt"],
        }
    }
}

/// What is wrong with a request or a receipt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NoteError {
    /// Larger than [`MAX_NOTE_TEXT`].
    #[error("the {kind} is larger than the limit of {max} bytes")]
    TooLarge {
        /// `request` or `receipt`.
        kind: &'static str,
        /// The limit.
        max: usize,
    },
    /// The armor lines are missing, repeated or out of order.
    #[error("not an airgap-license {kind}: it must lie between {begin} and the matching END line")]
    Armor {
        /// `request` or `receipt`.
        kind: &'static str,
        /// The BEGIN line expected.
        begin: &'static str,
    },
    /// The body does not decode, or is too short to hold a signature.
    #[error("the {kind} is garbled: {detail}")]
    Garbled {
        /// `request` or `receipt`.
        kind: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// A member is missing, of the wrong type, or invalid.
    #[error("the {kind}'s {field}: {problem}")]
    Field {
        /// `request` or `receipt`.
        kind: &'static str,
        /// The member.
        field: String,
        /// What is wrong.
        problem: String,
    },
    /// The signature does not verify with the device key the note names.
    #[error(
        "the {kind}'s signature does not verify with the device key it names (SHA256 fingerprint {fingerprint}): it was altered or forged"
    )]
    Signature {
        /// `request` or `receipt`.
        kind: &'static str,
        /// The device key's fingerprint.
        fingerprint: String,
    },
}

/// An activation request: which license, which device key (the signature
/// proves the requester holds it), the machine's hashed components, its
/// label and the instant it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The licenseId of the template (or bound license) asked for.
    pub license_id: String,
    /// The device public key.
    pub device_key: [u8; 32],
    /// The hashed components ([`component_hash`](crate::component_hash)), by name.
    pub components: BTreeMap<String, String>,
    /// The machine's label (its host name, cleaned: [`clean_label`]).
    pub label: String,
    /// When it was made (the machine's clock).
    pub requested_at: DateTime<Utc>,
}

impl Request {
    /// The request as armored text, signed by `sign` (the device key's
    /// signature over the message).
    #[must_use]
    pub fn to_text(&self, sign: impl FnOnce(&[u8]) -> [u8; 64]) -> String {
        let payload = json!({
            "licenseId": self.license_id,
            "deviceKey": STANDARD.encode(self.device_key),
            "components": self.components,
            "label": clean_label(&self.label),
            "requestedAt": instant(&self.requested_at),
        });
        seal(Kind::Request, &payload, sign)
    }

    /// Reads a request and verifies its signature with the device key it names.
    ///
    /// # Errors
    /// [`NoteError`] naming what is wrong.
    pub fn from_text(text: &[u8]) -> Result<Request, NoteError> {
        let (mut members, device_key) = open(Kind::Request, text)?;
        let kind = Kind::Request;
        let license_id = license_id(kind, &mut members)?;
        let components = match members.remove("components") {
            Some(Json::Object(object)) => {
                parse_components(object.into_sorted()).map_err(|problem| field(kind, "components", problem))?
            }
            _ => return Err(field(kind, "components", "must be an object of hashed components".to_owned())),
        };
        let label = string(kind, &mut members, "label")?;
        if clean_label(&label) != label || label.trim().is_empty() {
            return Err(field(kind, "label", "must be 1 to 64 printable ASCII characters".to_owned()));
        }
        let requested_at = instant_member(kind, &mut members, "requestedAt")?;
        Ok(Request { license_id, device_key, components, label, requested_at })
    }

    /// The device key's fingerprint.
    #[must_use]
    pub fn device_fingerprint(&self) -> String {
        device_fingerprint(&self.device_key)
    }

    /// Whether the request stands for hardware: it carries `machineId` and
    /// at least one hardware-backed component
    /// ([`is_hardware_component`](crate::is_hardware_component)). Anything
    /// else (an operator-supplied identity, a machine id alone, a machine
    /// id and a host name) is an operator identity, which nothing of the
    /// hardware vouches for: whoever has it can run it in any number of
    /// containers.
    #[must_use]
    pub fn hardware_backed(&self) -> bool {
        self.components.contains_key(MACHINE_ID_COMPONENT)
            && self.components.keys().any(|name| is_hardware_component(name))
    }
}

/// A release receipt: the machine gave its seat back. Signed by the device
/// key the license was bound to, just before the store destroyed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The licenseId released.
    pub license_id: String,
    /// The device public key, destroyed after signing.
    pub device_key: [u8; 32],
    /// The bound license's digest ([`license_digest`](crate::license_digest)).
    pub license_sha256: String,
    /// When it was released (the machine's clock).
    pub released_at: DateTime<Utc>,
    /// The store's clock high-water mark then, if it had one.
    pub clock_mark: Option<DateTime<Utc>>,
}

impl Receipt {
    /// The receipt as armored text, signed by `sign`.
    #[must_use]
    pub fn to_text(&self, sign: impl FnOnce(&[u8]) -> [u8; 64]) -> String {
        let payload = json!({
            "licenseId": self.license_id,
            "deviceKey": STANDARD.encode(self.device_key),
            "license": self.license_sha256,
            "releasedAt": instant(&self.released_at),
            "clockMark": self.clock_mark.as_ref().map(instant),
        });
        seal(Kind::Receipt, &payload, sign)
    }

    /// Reads a receipt and verifies its signature with the device key it names.
    ///
    /// # Errors
    /// [`NoteError`] naming what is wrong.
    pub fn from_text(text: &[u8]) -> Result<Receipt, NoteError> {
        let (mut members, device_key) = open(Kind::Receipt, text)?;
        let kind = Kind::Receipt;
        let license_id = license_id(kind, &mut members)?;
        let license_sha256 = string(kind, &mut members, "license")?;
        if license_sha256.len() != 64 || !license_sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(field(kind, "license", "must be a SHA-256 in lowercase hex".to_owned()));
        }
        let released_at = instant_member(kind, &mut members, "releasedAt")?;
        let clock_mark = match members.remove("clockMark") {
            Some(Json::Null) => None,
            Some(Json::Str(text)) => Some(
                parse_instant(&text)
                    .ok_or_else(|| field(kind, "clockMark", format!("{} is not an RFC 3339 instant", Quoted(&text))))?,
            ),
            _ => return Err(field(kind, "clockMark", "must be an instant or null".to_owned())),
        };
        Ok(Receipt { license_id, device_key, license_sha256, released_at, clock_mark })
    }

    /// The device key's fingerprint.
    #[must_use]
    pub fn device_fingerprint(&self) -> String {
        device_fingerprint(&self.device_key)
    }

    /// The receipt's name, whatever its wrapping: the lowercase hex SHA-256
    /// of its decoded payload followed by its signature, so that the same
    /// receipt with a line added, re-armored or re-wrapped is the same.
    ///
    /// # Errors
    /// [`NoteError`] when the text holds no receipt that decodes (the
    /// signature is not checked here: [`from_text`](Self::from_text) does).
    pub fn digest_of(text: &[u8]) -> Result<String, NoteError> {
        let (mut json, signature) = unseal_note(Kind::Receipt, text)?;
        json.extend_from_slice(&signature);
        Ok(crate::sha256_hex(&json))
    }
}

/// The armored text of `payload` and its signature.
fn seal(kind: Kind, payload: &Value, sign: impl FnOnce(&[u8]) -> [u8; 64]) -> String {
    seal_armored(kind.begin(), kind.end(), kind.domain(), &payload.to_string(), sign)
}

/// Armored text between `begin` and `end`: standard Base64 of `json`
/// followed by `sign`'s signature over `prefix` + `json`, in lines of 64.
pub(crate) fn seal_armored(
    begin: &str,
    end: &str,
    prefix: &[u8],
    json: &str,
    sign: impl FnOnce(&[u8]) -> [u8; 64],
) -> String {
    let mut message = prefix.to_vec();
    message.extend_from_slice(json.as_bytes());
    let signature = sign(&message);
    let mut body = json.as_bytes().to_vec();
    body.extend_from_slice(&signature);
    let encoded = STANDARD.encode(&body);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 64 + 80);
    out.push_str(begin);
    out.push('\n');
    for line in encoded.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(end);
    out.push('\n');
    out
}

/// Why armored text could not be opened.
pub(crate) enum Unsealed {
    /// Larger than the limit.
    TooLarge,
    /// The armor lines are missing, repeated or out of order.
    Armor,
    /// The body does not decode, or is too short to hold a signature.
    Garbled(String),
}

/// The body between `begin` and `end`, decoded and split into the JSON and
/// the 64-byte signature that follows it. Nothing is verified here.
pub(crate) fn unseal(text: &[u8], begin: &str, end: &str, max: usize) -> Result<(Vec<u8>, [u8; 64]), Unsealed> {
    if text.len() > max {
        return Err(Unsealed::TooLarge);
    }
    let text = std::str::from_utf8(text).map_err(|_| Unsealed::Armor)?;
    let (_, rest) = text.split_once(begin).ok_or(Unsealed::Armor)?;
    let (body, _) = rest.split_once(end).ok_or(Unsealed::Armor)?;
    if body.contains("-----") {
        return Err(Unsealed::Armor);
    }
    let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut bytes = STANDARD.decode(compact).map_err(|e| Unsealed::Garbled(format!("not standard Base64 ({e})")))?;
    let split =
        bytes.len().checked_sub(64).filter(|at| *at > 0).ok_or_else(|| Unsealed::Garbled("too short".to_owned()))?;
    let signature = bytes.split_off(split);
    let signature = <[u8; 64]>::try_from(signature).map_err(|_| Unsealed::Garbled("too short".to_owned()))?;
    Ok((bytes, signature))
}

/// Finds the armor, decodes the body, parses the payload, checks its
/// members' names and verifies the signature with the device key it names.
/// A note's payload JSON and signature, decoded from its armored text.
fn unseal_note(kind: Kind, text: &[u8]) -> Result<(Vec<u8>, [u8; 64]), NoteError> {
    let name = kind.name();
    unseal(text, kind.begin(), kind.end(), MAX_NOTE_TEXT).map_err(|e| match e {
        Unsealed::TooLarge => NoteError::TooLarge { kind: name, max: MAX_NOTE_TEXT },
        Unsealed::Armor => NoteError::Armor { kind: name, begin: kind.begin() },
        Unsealed::Garbled(detail) => NoteError::Garbled { kind: name, detail },
    })
}

fn open(kind: Kind, text: &[u8]) -> Result<(Object<'static>, [u8; 32]), NoteError> {
    let name = kind.name();
    let (json, signature) = unseal_note(kind, text)?;
    let json = json.as_slice();
    let garbled = |detail: String| NoteError::Garbled { kind: name, detail };
    // The members are copied out of the parse, so that the tree owns them.
    let members = parse_object(json, Part::Payload).map_err(|e| garbled(e.to_string()))?;
    let mut members = owned(members);
    if let Some(extra) = members.names().find(|n| !kind.members().contains(n)) {
        return Err(field(kind, extra, "is not a member of a version 1 note".to_owned()));
    }
    let key_text = string(kind, &mut members, "deviceKey")?;
    let device_key = decode_device_key(&key_text)
        .ok_or_else(|| field(kind, "deviceKey", "must be 32 bytes of standard Base64".to_owned()))?;
    let mut message = kind.domain().to_vec();
    message.extend_from_slice(json);
    let bad = || NoteError::Signature { kind: name, fingerprint: device_fingerprint(&device_key) };
    let key = ed25519_dalek::VerifyingKey::from_bytes(&device_key).map_err(|_| bad())?;
    if key.is_weak() {
        return Err(bad());
    }
    key.verify_strict(&message, &ed25519_dalek::Signature::from_bytes(&signature)).map_err(|_| bad())?;
    Ok((members, device_key))
}

/// A parsed object with every string owned, so that it outlives its input.
fn owned(object: Object<'_>) -> Object<'static> {
    fn value(json: Json<'_>) -> Json<'static> {
        match json {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(b),
            Json::Number(n) => Json::Number(n),
            Json::Str(s) => Json::Str(s.into_owned().into()),
            Json::Array(items) => Json::Array(items.into_iter().map(value).collect()),
            Json::Object(object) => Json::Object(owned(object)),
        }
    }
    Object::from_members(object.into_sorted().into_iter().map(|(n, v)| (n.into_owned().into(), value(v))).collect())
}

fn field(kind: Kind, field: &str, problem: String) -> NoteError {
    NoteError::Field { kind: kind.name(), field: field.to_owned(), problem }
}

fn string(kind: Kind, members: &mut Object<'_>, name: &str) -> Result<String, NoteError> {
    match members.remove(name) {
        Some(Json::Str(text)) => Ok(text.into_owned()),
        None => Err(field(kind, name, "is missing".to_owned())),
        Some(_) => Err(field(kind, name, "must be a string".to_owned())),
    }
}

fn license_id(kind: Kind, members: &mut Object<'_>) -> Result<String, NoteError> {
    let text = string(kind, members, "licenseId")?;
    canonical_license_id(&text)
        .ok_or_else(|| field(kind, "licenseId", format!("{} is not a UUID (8-4-4-4-12 hex digits)", Quoted(&text))))
}

fn instant_member(kind: Kind, members: &mut Object<'_>, name: &str) -> Result<DateTime<Utc>, NoteError> {
    let text = string(kind, members, name)?;
    parse_instant(&text).ok_or_else(|| field(kind, name, format!("{} is not an RFC 3339 instant", Quoted(&text))))
}

fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer as _, SigningKey};

    use super::*;
    use crate::machine::component_hash;

    const ID: &str = "6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11";

    fn request(key: &SigningKey) -> Request {
        Request {
            license_id: ID.to_owned(),
            device_key: key.verifying_key().to_bytes(),
            components: [("operator".to_owned(), component_hash(ID, "node-a"))].into_iter().collect(),
            label: "db-07".to_owned(),
            requested_at: "2026-11-30T12:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn a_request_round_trips_and_is_verified() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let text = request(&key).to_text(|m| key.sign(m).to_bytes());
        assert!(text.starts_with("-----BEGIN AIRGAP LICENSE REQUEST-----\n"), "{text}");
        assert_eq!(Request::from_text(text.as_bytes()).unwrap(), request(&key));
        assert!(!request(&key).hardware_backed());
    }

    /// The longest receipt: both instants in the year 9999, every field at
    /// its full length.
    #[test]
    fn the_longest_receipt_fits_max_receipt_text() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let receipt = Receipt {
            license_id: ID.to_owned(),
            device_key: key.verifying_key().to_bytes(),
            license_sha256: "f".repeat(64),
            released_at: "9999-12-31T23:59:59Z".parse().unwrap(),
            clock_mark: Some("9999-12-31T23:59:59Z".parse().unwrap()),
        };
        let text = receipt.to_text(|m| key.sign(m).to_bytes());
        assert!(text.len() <= MAX_RECEIPT_TEXT, "{} bytes", text.len());
        assert!(text.len() > MAX_RECEIPT_TEXT / 2, "the bound is not loose by half: {} bytes", text.len());
        // The same receipt wrapped otherwise has the same name.
        let wrapped = format!("Forwarded:\r\n\r\n{}", text.replace('\n', "\r\n"));
        assert_eq!(Receipt::digest_of(wrapped.as_bytes()).unwrap(), Receipt::digest_of(text.as_bytes()).unwrap());
    }

    /// The operator-id gate is the issuer's rule, not the requester's
    /// naming: a request stands for hardware only with `machineId` and a
    /// hardware-backed component.
    #[test]
    fn a_request_is_hardware_only_with_machine_id_and_a_hardware_component() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let with = |names: &[&str]| Request {
            components: names.iter().map(|n| ((*n).to_owned(), component_hash(ID, n))).collect(),
            ..request(&key)
        };
        assert!(!with(&["machineId"]).hardware_backed());
        assert!(!with(&["machineId", "hostName"]).hardware_backed());
        assert!(!with(&["productUuid", "mac.eth0", "hostName"]).hardware_backed());
        assert!(!with(&["operator"]).hardware_backed());
        assert!(with(&["machineId", "mac.eth0"]).hardware_backed());
        assert!(with(&["machineId", "productUuid", "hostName"]).hardware_backed());
    }

    #[test]
    fn an_altered_or_forged_request_is_refused() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let other = SigningKey::from_bytes(&[8; 32]);
        // Signed by another key than the one it names.
        let forged = request(&key).to_text(|m| other.sign(m).to_bytes());
        assert!(matches!(Request::from_text(forged.as_bytes()), Err(NoteError::Signature { .. })));
        // One byte of the payload changed.
        let text = request(&key).to_text(|m| key.sign(m).to_bytes());
        let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
        let mut bytes = STANDARD.decode(body).unwrap();
        let at = bytes.iter().position(|b| *b == b'7').unwrap();
        bytes[at] = b'8';
        let altered = format!("{}\n{}\n{}\n", Kind::Request.begin(), STANDARD.encode(&bytes), Kind::Request.end());
        assert!(matches!(Request::from_text(altered.as_bytes()), Err(NoteError::Signature { .. })));
    }

    #[test]
    fn a_receipt_is_not_a_request() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let receipt = Receipt {
            license_id: ID.to_owned(),
            device_key: key.verifying_key().to_bytes(),
            license_sha256: "ab".repeat(32),
            released_at: "2026-11-30T12:00:00Z".parse().unwrap(),
            clock_mark: None,
        };
        let text = receipt.to_text(|m| key.sign(m).to_bytes());
        assert_eq!(Receipt::from_text(text.as_bytes()).unwrap(), receipt);
        assert!(matches!(Request::from_text(text.as_bytes()), Err(NoteError::Armor { .. })));
        // The same body under the request's armor: its domain differs, and so
        // do its members.
        let swapped = text.replace("RECEIPT", "REQUEST");
        assert!(Request::from_text(swapped.as_bytes()).is_err());
    }
}
