//! Trusted public keys: PEM SubjectPublicKeyInfo, one per key id.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use ed25519_dalek::pkcs8::{DecodePublicKey, EncodePublicKey};
use ed25519_dalek::{Signature, VerifyingKey};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

use crate::error::{Error, quoted};
use crate::names::is_name;

/// `keys/`, or the folder named by `AIRGAP_LICENSE_KEYS_DIR` at build time,
/// compiled in (debug builds included, through rust-embed's `debug-embed`).
#[derive(RustEmbed)]
#[folder = "$AIRGAP_LICENSE_EMBED_KEYS"]
struct EmbeddedKeys;

/// The public half of the sample key shipped in `keys/sample-2026.pem`, whose
/// private half is public in `licenses-sample/`: anything it signed is forgeable.
const SAMPLE_PUBLIC_KEY: [u8; 32] = [
    0xd0, 0xfb, 0x22, 0x60, 0xd2, 0x55, 0xc4, 0x26, 0xe3, 0xa6, 0xf3, 0x0b, 0x53, 0x55, 0xb8, 0xec, 0x47, 0x2c, 0x99,
    0xb8, 0x33, 0x6a, 0xd9, 0xe0, 0x0e, 0x93, 0xea, 0x1f, 0xef, 0xb6, 0xc4, 0x45,
];

/// A public key trusted to sign licenses, under its key id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    kid: String,
    key: VerifyingKey,
    fingerprint: [u8; 32],
}

impl TrustedKey {
    /// Loads a key from PEM SubjectPublicKeyInfo (what `openssl pkey -pubout` writes).
    ///
    /// # Errors
    /// [`Error::InvalidKid`] for a bad id, [`Error::Key`] for anything but an
    /// Ed25519 public key PEM (a private key is named as such),
    /// [`Error::WeakKey`] for a small-order point.
    pub fn from_pem(kid: &str, pem: &str) -> Result<TrustedKey, Error> {
        if !is_name(kid) {
            return Err(Error::InvalidKid { kid: quoted(kid) });
        }
        let refuse = |reason: String| Error::Key { kid: kid.to_owned(), reason };
        if pem.contains("PRIVATE KEY-----") {
            return Err(refuse("this is a private key; only public keys (openssl pkey -pubout) may be trusted".into()));
        }
        let key = VerifyingKey::from_public_key_pem(pem.trim())
            .map_err(|e| refuse(format!("not an Ed25519 public key in PEM SubjectPublicKeyInfo form ({e})")))?;
        TrustedKey::new(kid, key)
    }

    /// Loads a key from its 32-byte RFC 8032 encoding.
    ///
    /// # Errors
    /// [`Error::Key`] for a wrong length or bytes that are not a curve point,
    /// and as [`new`](Self::new).
    pub fn from_bytes(kid: &str, bytes: &[u8]) -> Result<TrustedKey, Error> {
        let refuse = |reason: String| Error::Key { kid: kid.to_owned(), reason };
        let bytes = <&[u8; 32]>::try_from(bytes)
            .map_err(|_| refuse(format!("an Ed25519 public key is 32 bytes, not {}", bytes.len())))?;
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| refuse("not a point of the curve".to_owned()))?;
        TrustedKey::new(kid, key)
    }

    /// Trusts an Ed25519 public key under `kid`.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem), for the id and a weak key.
    pub fn new(kid: &str, key: VerifyingKey) -> Result<TrustedKey, Error> {
        if !is_name(kid) {
            return Err(Error::InvalidKid { kid: quoted(kid) });
        }
        // A small-order key admits signatures that verify for many messages.
        if key.is_weak() {
            return Err(Error::WeakKey { kid: kid.to_owned() });
        }
        let der = key
            .to_public_key_der()
            .map_err(|e| Error::Key { kid: kid.to_owned(), reason: format!("cannot be encoded as DER ({e})") })?;
        let fingerprint = Sha256::digest(der.as_bytes()).into();
        Ok(TrustedKey { kid: kid.to_owned(), key, fingerprint })
    }

    /// Checks an Ed25519 signature over `message` strictly (RFC 8032 with
    /// ed25519-dalek's `verify_strict`: no small-order R, no S ≥ L, no
    /// non-canonical point encodings). This is the check every license goes through.
    ///
    /// # Errors
    /// [`Error::SignatureLength`] unless `signature` is 64 bytes;
    /// [`Error::BadSignature`] if it does not verify.
    pub fn verify_signature(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        let bytes = <[u8; 64]>::try_from(signature).map_err(|_| Error::SignatureLength { len: signature.len() })?;
        self.key
            .verify_strict(message, &Signature::from_bytes(&bytes))
            .map_err(|_| Error::BadSignature { kid: self.kid.clone() })
    }

    /// The key id.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The Ed25519 public key.
    #[must_use]
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.key
    }

    /// `SHA256:` and the lowercase hex SHA-256 of the key's DER
    /// SubjectPublicKeyInfo, the same as
    /// `openssl pkey -pubin -in KEY.pem -outform DER | openssl dgst -sha256`.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        let mut out = String::from("SHA256:");
        for byte in self.fingerprint {
            out.push_str(&format!("{byte:02x}"));
        }
        out
    }

    /// Whether this is the sample key shipped with the crate, whose private
    /// half is public: a license it verifies proves nothing.
    #[must_use]
    pub fn is_sample(&self) -> bool {
        self.key.as_bytes() == &SAMPLE_PUBLIC_KEY
    }
}

/// The keys a validator trusts, by key id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyStore {
    keys: BTreeMap<String, TrustedKey>,
}

impl KeyStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> KeyStore {
        KeyStore::default()
    }

    /// The keys compiled into this build (`*.pem` at the top of the keys
    /// folder; the file name without `.pem` is the key id), parsed on first use.
    ///
    /// # Errors
    /// The first key that does not load, as [`TrustedKey::from_pem`] says.
    pub fn embedded() -> Result<Arc<KeyStore>, Error> {
        static KEYS: OnceLock<Result<Arc<KeyStore>, Error>> = OnceLock::new();
        KEYS.get_or_init(|| {
            let mut store = KeyStore::new();
            for name in EmbeddedKeys::iter() {
                let Some(kid) = name.strip_suffix(".pem").filter(|_| !name.contains('/')) else { continue };
                let file = EmbeddedKeys::get(&name)
                    .ok_or_else(|| Error::Key { kid: kid.to_owned(), reason: "listed but not embedded".to_owned() })?;
                let pem = std::str::from_utf8(&file.data)
                    .map_err(|_| Error::Key { kid: kid.to_owned(), reason: "the file is not UTF-8 text".to_owned() })?;
                store.insert(TrustedKey::from_pem(kid, pem)?)?;
            }
            Ok(Arc::new(store))
        })
        .clone()
    }

    /// Adds a key.
    ///
    /// # Errors
    /// [`Error::DuplicateKey`] if its id is taken.
    pub fn insert(&mut self, key: TrustedKey) -> Result<(), Error> {
        if self.keys.contains_key(&key.kid) {
            return Err(Error::DuplicateKey { kid: key.kid });
        }
        self.keys.insert(key.kid.clone(), key);
        Ok(())
    }

    /// The key with this id.
    #[must_use]
    pub fn get(&self, kid: &str) -> Option<&TrustedKey> {
        self.keys.get(kid)
    }

    /// The keys, sorted by id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &TrustedKey> {
        self.keys.values()
    }

    /// How many keys there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE_PEM: &str = include_str!("../keys/sample-2026.pem");

    #[test]
    fn the_shipped_key_is_the_sample_key() {
        let store = KeyStore::embedded().unwrap();
        let key = store.get("sample-2026").unwrap();
        assert!(key.is_sample());
        assert_eq!(key, &TrustedKey::from_pem("sample-2026", SAMPLE_PEM).unwrap());
        // openssl pkey -pubin -in keys/sample-2026.pem -outform DER | openssl dgst -sha256
        assert_eq!(key.fingerprint(), "SHA256:bfe96e2a49dbe264fa02dc5360a43d1ec820464dda259143c0cd7204b6d1e300");
    }

    #[test]
    fn bad_keys_are_refused_at_load() {
        let private = include_str!("../licenses-sample/sample-2026.key");
        assert!(
            matches!(TrustedKey::from_pem("k", private), Err(Error::Key { reason, .. }) if reason.contains("private key"))
        );
        assert!(matches!(TrustedKey::from_pem("k", "nonsense"), Err(Error::Key { .. })));
        assert!(matches!(TrustedKey::from_pem("bad kid", SAMPLE_PEM), Err(Error::InvalidKid { .. })));
        // An RSA or P-256 key is not Ed25519.
        let p256 = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/mj+jEjXWNqBoz9OsAnCwiYIt7hw\nwqAwquK6qCeGKiGBpBdZFlUSR4mR8Zx5eOTgqo8c9xwzNnDHbkS/PI9w6Q==\n-----END PUBLIC KEY-----\n";
        assert!(matches!(TrustedKey::from_pem("k", p256), Err(Error::Key { .. })));
    }

    #[test]
    fn small_order_keys_are_weak() {
        // The identity point (y = 1) has order 1.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let key = VerifyingKey::from_bytes(&identity).unwrap();
        assert_eq!(TrustedKey::new("k", key), Err(Error::WeakKey { kid: "k".into() }));
    }

    #[test]
    fn ids_are_unique() {
        let mut store = KeyStore::new();
        assert!(store.is_empty());
        assert_eq!(store.len(), 0);
        store.insert(TrustedKey::from_pem("a", SAMPLE_PEM).unwrap()).unwrap();
        assert!(!store.is_empty());
        assert_eq!(
            store.insert(TrustedKey::from_pem("a", SAMPLE_PEM).unwrap()),
            Err(Error::DuplicateKey { kid: "a".into() })
        );
        assert_eq!(store.len(), 1);
        store.insert(TrustedKey::from_pem("b", SAMPLE_PEM).unwrap()).unwrap();
        assert_eq!(store.len(), 2);
        assert_eq!(store.iter().map(TrustedKey::kid).collect::<Vec<_>>(), ["a", "b"]);
    }
}
