//! Trusted public keys: PEM SubjectPublicKeyInfo, one per key id, and the
//! one set of rules by which a set of key files becomes a [`KeyStore`].

use std::collections::BTreeMap;

use ed25519_dalek::pkcs8::{DecodePublicKey, EncodePublicKey};
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::config_error::{ConfigError, KeyProblem};
use crate::error::Error;
use crate::names::is_name;

/// The largest key file read, in bytes: a PEM public key is about 113.
/// Files in a keys folder are read up to this many bytes and refused past it.
pub const MAX_KEY_FILE: usize = 16 * 1024;

/// The public half of the sample key shipped in this repository's
/// `keys/sample-2026.pem`, whose private half is public in
/// `licenses-sample/`: anything it signed is forgeable.
pub(crate) const SAMPLE_PUBLIC_KEY: [u8; 32] = [
    0xd0, 0xfb, 0x22, 0x60, 0xd2, 0x55, 0xc4, 0x26, 0xe3, 0xa6, 0xf3, 0x0b, 0x53, 0x55, 0xb8, 0xec, 0x47, 0x2c, 0x99,
    0xb8, 0x33, 0x6a, 0xd9, 0xe0, 0x0e, 0x93, 0xea, 0x1f, 0xef, 0xb6, 0xc4, 0x45,
];

/// The DER prefix of an Ed25519 private key in PKCS#8 (v1 and v2 start alike
/// after the length byte): `openssl genpkey -algorithm ed25519 -outform DER`.
const PKCS8_ED25519_OID: [u8; 5] = [0x06, 0x03, 0x2b, 0x65, 0x70];

/// The algorithm of a PEM public key that is not Ed25519, named (`an RSA
/// key (OID 1.2.840.113549.1.1.1)`); `None` when it is not a public key in
/// SubjectPublicKeyInfo form at all, or is Ed25519.
fn other_algorithm(pem: &str) -> Option<String> {
    use ed25519_dalek::pkcs8::spki::SubjectPublicKeyInfoRef;
    use ed25519_dalek::pkcs8::spki::der::{Decode as _, pem as der_pem};
    let (_, der) = der_pem::decode_vec(pem.trim().as_bytes()).ok()?;
    let oid = SubjectPublicKeyInfoRef::from_der(&der).ok()?.algorithm.oid.to_string();
    let name = match oid.as_str() {
        "1.3.101.112" => return None,
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => "an RSA key",
        "1.2.840.10045.2.1" => "an elliptic-curve (ECDSA) key",
        "1.3.101.113" => "an Ed448 key",
        "1.3.101.110" => "an X25519 key",
        "1.3.101.111" => "an X448 key",
        "1.2.840.10040.4.1" => "a DSA key",
        _ => "a key of another algorithm",
    };
    Some(format!("{name} (OID {oid})"))
}

/// Whether `bytes` look like a private key in any common form: PEM
/// (`PRIVATE KEY-----` ends the label of PKCS#8, encrypted PKCS#8, OpenSSH,
/// EC and RSA keys alike), or DER PKCS#8 Ed25519 (version 0 or 1, then the
/// Ed25519 algorithm identifier). A raw 32-byte seed cannot be told from
/// random bytes, so no check can promise more.
pub(crate) fn holds_private_key(bytes: &[u8]) -> bool {
    let pem = memchr::memmem::find(bytes, b"PRIVATE KEY-----").is_some();
    let der = bytes.len() >= 48
        && bytes.first() == Some(&0x30)
        && bytes.get(2..5).is_some_and(|v| v == [0x02, 0x01, 0x00] || v == [0x02, 0x01, 0x01])
        && bytes.get(5..7) == Some(&[0x30, 0x05])
        && bytes.get(7..12) == Some(&PKCS8_ED25519_OID);
    pem || der
}

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
    /// [`ConfigError::Key`] for a bad id, anything but an Ed25519 public key
    /// PEM (a private key is named as such), or a small-order point.
    pub fn from_pem(kid: &str, pem: &str) -> Result<TrustedKey, ConfigError> {
        if !is_name(kid) {
            return Err(ConfigError::key(kid, KeyProblem::InvalidKid));
        }
        if holds_private_key(pem.as_bytes()) {
            return Err(ConfigError::key(kid, KeyProblem::PrivateKey));
        }
        let key = VerifyingKey::from_public_key_pem(pem.trim()).map_err(|e| {
            let detail = match other_algorithm(pem) {
                Some(found) => format!("it is {found}; an Ed25519 key (OID 1.3.101.112) is expected"),
                None => crate::config_error::pem_detail(pem, "PUBLIC KEY", &e.to_string()),
            };
            ConfigError::key(kid, KeyProblem::NotEd25519Pem { detail })
        })?;
        TrustedKey::new(kid, key)
    }

    /// Loads a key from its 32-byte RFC 8032 encoding.
    ///
    /// # Errors
    /// [`ConfigError::Key`] for a wrong length or bytes that are not a curve
    /// point, and as [`new`](Self::new).
    pub fn from_bytes(kid: &str, bytes: &[u8]) -> Result<TrustedKey, ConfigError> {
        let bytes = <&[u8; 32]>::try_from(bytes)
            .map_err(|_| ConfigError::key(kid, KeyProblem::WrongLength { len: bytes.len() }))?;
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| ConfigError::key(kid, KeyProblem::NotAPoint))?;
        TrustedKey::new(kid, key)
    }

    /// Trusts an Ed25519 public key under `kid`.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem), for the id and a weak key.
    pub fn new(kid: &str, key: VerifyingKey) -> Result<TrustedKey, ConfigError> {
        if !is_name(kid) {
            return Err(ConfigError::key(kid, KeyProblem::InvalidKid));
        }
        // A small-order key admits signatures that verify for many messages.
        if key.is_weak() {
            return Err(ConfigError::key(kid, KeyProblem::Weak));
        }
        let der = key
            .to_public_key_der()
            .map_err(|e| ConfigError::key(kid, KeyProblem::Encoding { detail: e.to_string() }))?;
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

    /// The key as PEM SubjectPublicKeyInfo, as `openssl pkey -pubout` writes it.
    ///
    /// # Errors
    /// [`ConfigError::Key`] if encoding fails.
    pub fn to_pem(&self) -> Result<String, ConfigError> {
        self.key
            .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .map_err(|e| ConfigError::key(&self.kid, KeyProblem::Encoding { detail: e.to_string() }))
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
        format!("SHA256:{}", crate::envelope::hex(&self.fingerprint))
    }

    /// Whether this is the sample key shipped with the crate, whose private
    /// half is public: a license it verifies proves nothing.
    #[must_use]
    pub fn is_sample(&self) -> bool {
        self.key.as_bytes() == &SAMPLE_PUBLIC_KEY
    }

    /// `{"kid", "fingerprint", "sampleKey"}`: how `keys --json` and the
    /// bindings' `Validator.keys` show a trusted key.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "kid": self.kid(), "fingerprint": self.fingerprint(), "sampleKey": self.is_sample() })
    }
}

/// The keys a validator trusts, by key id.
///
/// There is no implicit key: the product says which keys it trusts, as PEM
/// text ([`from_pem`](Self::from_pem), which `include_str!` feeds), a folder
/// at run time ([`from_dir`](Self::from_dir)) or a folder embedded at build
/// time ([`embedded!`](crate::embedded)). All three go through
/// [`from_files`](Self::from_files) and its one set of rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyStore {
    keys: BTreeMap<String, TrustedKey>,
}

/// One file of a keys folder: its path inside the folder (`/`-separated) and
/// its bytes.
#[derive(Debug, Clone, Copy)]
pub struct KeyFile<'a> {
    /// The path inside the folder: `acme-2027.pem`, `old/notes.txt`.
    pub path: &'a str,
    /// The file's content.
    pub bytes: &'a [u8],
}

impl KeyStore {
    /// An empty store: every license is rejected.
    #[must_use]
    pub fn new() -> KeyStore {
        KeyStore::default()
    }

    /// One key from PEM text (`include_str!("../keys/acme-2027.pem")`), under `kid`.
    ///
    /// # Errors
    /// As [`from_files`](Self::from_files) for a folder holding `KID.pem`.
    /// A refused key is named as "the PEM given for key id KID": there is
    /// no file `KID.pem`.
    pub fn from_pem(kid: &str, pem: &str) -> Result<KeyStore, ConfigError> {
        let path = format!("{kid}.pem");
        KeyStore::from_files("(text)", [KeyFile { path: &path, bytes: pem.as_bytes() }]).map_err(|e| match e {
            ConfigError::Key { source_name, problem } if source_name == path => {
                ConfigError::Key { source_name: format!("the PEM given for key id {kid}"), problem }
            }
            other => other,
        })
    }

    /// The one set of rules by which the files of a keys folder become
    /// trusted keys, the same at build time and at run time:
    ///
    /// 1. A file anywhere in the folder (subfolders included, any name) that
    ///    holds a private key refuses the whole folder.
    /// 2. A file larger than [`MAX_KEY_FILE`] refuses the whole folder.
    /// 3. Each `*.pem` file at the top level must be an Ed25519 public key
    ///    (PEM SubjectPublicKeyInfo), not a weak one; its name without
    ///    `.pem` is the key id. Any other file is ignored: none of its bytes
    ///    is kept.
    /// 4. At least one key.
    ///
    /// `folder` names the folder in messages.
    ///
    /// # Errors
    /// [`ConfigError::PrivateKeyInFolder`], [`ConfigError::FileTooLarge`],
    /// [`ConfigError::Key`] naming the file, [`ConfigError::DuplicateKid`],
    /// [`ConfigError::NoKeys`].
    pub fn from_files<'a>(folder: &str, files: impl IntoIterator<Item = KeyFile<'a>>) -> Result<KeyStore, ConfigError> {
        let files: Vec<KeyFile<'a>> = files.into_iter().collect();
        // Rules 1 and 2 before any key is parsed: a private key is reported
        // even when a public key beside it is also broken.
        for file in &files {
            if holds_private_key(file.bytes) {
                return Err(ConfigError::PrivateKeyInFolder { file: file.path.to_owned() });
            }
            if file.bytes.len() > MAX_KEY_FILE {
                return Err(ConfigError::FileTooLarge { path: file.path.to_owned(), max: MAX_KEY_FILE });
            }
        }
        let mut store = KeyStore::new();
        let mut pems: Vec<&KeyFile<'a>> =
            files.iter().filter(|f| !f.path.contains('/') && f.path.ends_with(".pem")).collect();
        pems.sort_by_key(|f| f.path);
        for file in pems {
            let kid = file.path.strip_suffix(".pem").unwrap_or(file.path);
            let text = std::str::from_utf8(file.bytes).map_err(|_| ConfigError::key(file.path, KeyProblem::NotText))?;
            let key = TrustedKey::from_pem(kid, text).map_err(|e| match e {
                // Name the file, which is what the person must fix.
                ConfigError::Key { problem, .. } => ConfigError::key(file.path, problem),
                other => other,
            })?;
            store.insert(key)?;
        }
        if store.is_empty() {
            return Err(ConfigError::NoKeys { folder: folder.to_owned() });
        }
        Ok(store)
    }

    /// The keys of a folder at run time, under the rules of
    /// [`from_files`](Self::from_files). Only regular files are read (a FIFO
    /// named `x.pem` is refused, not waited on), each up to [`MAX_KEY_FILE`].
    ///
    /// # Errors
    /// As [`from_files`](Self::from_files); [`ConfigError::Read`] if the
    /// folder or a file cannot be read; [`ConfigError::NotAFile`].
    pub fn from_dir(dir: impl AsRef<std::path::Path>) -> Result<KeyStore, ConfigError> {
        let dir = dir.as_ref();
        let files = crate::key_folder::read(dir, u64::try_from(MAX_KEY_FILE).unwrap_or(u64::MAX).saturating_add(1))?;
        KeyStore::from_files(&dir.to_string_lossy(), files.iter().map(|(path, bytes)| KeyFile { path, bytes }))
            .map_err(|e| e.in_folder(dir))
    }

    /// Adds a key.
    ///
    /// # Errors
    /// [`ConfigError::DuplicateKid`] if its id is taken.
    pub fn insert(&mut self, key: TrustedKey) -> Result<(), ConfigError> {
        if self.keys.contains_key(&key.kid) {
            return Err(ConfigError::DuplicateKid { kid: key.kid });
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
    const SAMPLE_PRIVATE: &str = include_str!("../licenses-sample/sample-2026.key");

    fn file<'a>(path: &'a str, text: &'a str) -> KeyFile<'a> {
        KeyFile { path, bytes: text.as_bytes() }
    }

    #[test]
    fn the_sample_key_is_recognised_with_its_fingerprint() {
        let store = KeyStore::from_pem("sample-2026", SAMPLE_PEM).unwrap();
        let key = store.get("sample-2026").unwrap();
        assert!(key.is_sample());
        // openssl pkey -pubin -in keys/sample-2026.pem -outform DER | openssl dgst -sha256
        assert_eq!(key.fingerprint(), "SHA256:bfe96e2a49dbe264fa02dc5360a43d1ec820464dda259143c0cd7204b6d1e300");
    }

    /// A bad PEM given as text names the key id it was given for, not a
    /// `KID.pem` that does not exist, and blames no NUL byte that is not there.
    #[test]
    fn a_bad_pem_names_what_was_given_and_blames_nothing_absent() {
        for text in ["garbage", "", "ssh-ed25519 AAAAC3Nza vendor@host\n"] {
            let err = KeyStore::from_pem("vendor-2027", text).unwrap_err().to_string();
            assert!(err.contains("the PEM given for key id vendor-2027"), "{err}");
            assert!(!err.contains("vendor-2027.pem") && !err.contains("NUL"), "{err}");
            assert!(err.contains("no PEM block in it"), "{err}");
        }
        let noisy = format!("Subject: our key\n{SAMPLE_PEM}");
        if let Err(e) = KeyStore::from_pem("vendor-2027", &noisy) {
            let err = e.to_string();
            assert!(!err.contains("NUL") && err.contains("before -----BEGIN PUBLIC KEY-----"), "{err}");
        }
        let truncated = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA0Psi\n-----END PUBLIC KEY-----\n";
        let err = KeyStore::from_pem("vendor-2027", truncated).unwrap_err().to_string();
        assert!(!err.contains("NUL"), "{err}");
    }

    #[test]
    fn a_key_of_another_algorithm_is_named_with_what_is_expected() {
        // openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 | openssl pkey -pubout
        let p256 = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7/OuZwUfYx+gH7hfq9oV19Okbx2m\nULJgpMAejt0p1mxgxlZ8eyrXcPdraLGEZUlGZzC7zuwrcEs3LPsNYgwIaA==\n-----END PUBLIC KEY-----\n";
        let err = TrustedKey::from_pem("k", p256).unwrap_err().to_string();
        assert!(
            err.contains("it is an elliptic-curve (ECDSA) key (OID 1.2.840.10045.2.1); an Ed25519 key (OID 1.3.101.112) is expected"),
            "{err}"
        );
        // Not a public key at all: the decoder's own words.
        let err =
            TrustedKey::from_pem("k", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").unwrap_err();
        assert!(matches!(err, ConfigError::Key { problem: KeyProblem::NotEd25519Pem { .. }, .. }));
    }

    #[test]
    fn a_file_given_as_the_keys_folder_is_named_as_such() {
        let err = KeyStore::from_dir("keys/sample-2026.pem").unwrap_err().to_string();
        assert!(err.contains("it is a file, not a folder: give the folder that holds the *.pem public keys"), "{err}");
    }

    #[test]
    fn bad_keys_are_refused_at_load() {
        assert_eq!(TrustedKey::from_pem("k", SAMPLE_PRIVATE), Err(ConfigError::key("k", KeyProblem::PrivateKey)));
        assert!(matches!(
            TrustedKey::from_pem("k", "nonsense"),
            Err(ConfigError::Key { problem: KeyProblem::NotEd25519Pem { .. }, .. })
        ));
        assert_eq!(
            TrustedKey::from_pem("bad kid", SAMPLE_PEM),
            Err(ConfigError::key("bad kid", KeyProblem::InvalidKid))
        );
        // A P-256 key is not Ed25519.
        let p256 = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/mj+jEjXWNqBoz9OsAnCwiYIt7hw\nwqAwquK6qCeGKiGBpBdZFlUSR4mR8Zx5eOTgqo8c9xwzNnDHbkS/PI9w6Q==\n-----END PUBLIC KEY-----\n";
        assert!(matches!(
            TrustedKey::from_pem("k", p256),
            Err(ConfigError::Key { problem: KeyProblem::NotEd25519Pem { .. }, .. })
        ));
    }

    #[test]
    fn small_order_keys_are_weak() {
        // The identity point (y = 1) has order 1.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let key = VerifyingKey::from_bytes(&identity).unwrap();
        assert_eq!(TrustedKey::new("k", key), Err(ConfigError::key("k", KeyProblem::Weak)));
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
            Err(ConfigError::DuplicateKid { kid: "a".into() })
        );
        assert_eq!(store.len(), 1);
        store.insert(TrustedKey::from_pem("b", SAMPLE_PEM).unwrap()).unwrap();
        assert_eq!(store.len(), 2);
        assert_eq!(store.iter().map(TrustedKey::kid).collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn folder_rules_take_top_level_pem_files_only() {
        let store = KeyStore::from_files(
            "keys",
            [file("a.pem", SAMPLE_PEM), file("README.txt", "notes"), file("old/b.pem", SAMPLE_PEM)],
        )
        .unwrap();
        assert_eq!(store.iter().map(TrustedKey::kid).collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn a_private_key_anywhere_refuses_the_folder() {
        for name in ["a.key", "a.pem", "notes.txt", "sub/deep/x", "z.bin"] {
            let files = [file("ok.pem", SAMPLE_PEM), file(name, SAMPLE_PRIVATE)];
            assert_eq!(
                KeyStore::from_files("keys", files),
                Err(ConfigError::PrivateKeyInFolder { file: name.to_owned() }),
                "{name}"
            );
        }
        // The DER form of the same private key (openssl pkey -outform DER).
        let mut der =
            vec![0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
        der.extend_from_slice(&[7u8; 32]);
        let files = [file("ok.pem", SAMPLE_PEM), KeyFile { path: "k.der", bytes: &der }];
        assert_eq!(KeyStore::from_files("keys", files), Err(ConfigError::PrivateKeyInFolder { file: "k.der".into() }));
    }

    #[test]
    fn every_other_folder_mistake_names_the_file() {
        let not_key = KeyStore::from_files("keys", [file("ok.pem", SAMPLE_PEM), file("x.pem", "hello")]);
        assert!(matches!(not_key, Err(ConfigError::Key { source_name, .. }) if source_name == "x.pem"));
        let bad_kid = KeyStore::from_files("keys", [file("a b.pem", SAMPLE_PEM)]);
        assert_eq!(bad_kid, Err(ConfigError::key("a b.pem", KeyProblem::InvalidKid)));
        let binary = KeyStore::from_files("keys", [KeyFile { path: "x.pem", bytes: &[0xff, 0xfe] }]);
        assert_eq!(binary, Err(ConfigError::key("x.pem", KeyProblem::NotText)));
        let big = "A".repeat(MAX_KEY_FILE + 1);
        let too_large = KeyStore::from_files("keys", [file("ok.pem", SAMPLE_PEM), file("big.txt", &big)]);
        assert!(matches!(too_large, Err(ConfigError::FileTooLarge { path, .. }) if path == "big.txt"));
        assert_eq!(
            KeyStore::from_files("keys", [file("README", "x")]),
            Err(ConfigError::NoKeys { folder: "keys".into() })
        );
    }
}
