//! Configuration errors: the trust anchors, the catalog, the random source.
//! They are about the product's setup, never about a license, so they are
//! kept apart from [`Error`](crate::Error), whose variants are verdicts.

use crate::escape::Escaped;

/// What is wrong with the trusted keys, the catalog or the random source.
///
/// Paths, key ids and file names are stored as given and escaped when
/// displayed ([`Escaped`]): a hostile file name cannot repaint a terminal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A file in a keys folder holds a private key. Nothing from such a folder
    /// is trusted: a private key must never travel with the public ones.
    #[error(
        "{} holds a PRIVATE key: a keys folder may hold only public keys (openssl pkey -pubout); move the private key off this machine",
        Escaped(.file)
    )]
    PrivateKeyInFolder {
        /// The file, as found in the folder.
        file: String,
    },
    /// A trusted key did not load.
    #[error("trusted key {}: {problem}", Escaped(.source_name))]
    Key {
        /// The file it came from (`ID.pem`), or the key id when given as text.
        source_name: String,
        /// Why it was refused.
        problem: KeyProblem,
    },
    /// A signing key (issuer) did not load.
    #[error("signing key {}: not an Ed25519 private key in PKCS#8 PEM form ({detail})", Escaped(.source_name))]
    SigningKey {
        /// The file it came from, or its key id when given as text.
        source_name: String,
        /// What is wrong.
        detail: String,
    },
    /// A keys folder holds no `*.pem` public key at its top level.
    #[error("{}: no *.pem public keys in this folder; every license would be rejected", Escaped(.folder))]
    NoKeys {
        /// The folder.
        folder: String,
    },
    /// Two trusted keys have the same key id.
    #[error("two trusted keys have the kid {}", Escaped(.kid))]
    DuplicateKid {
        /// The key id.
        kid: String,
    },
    /// A keys folder, or a file in it, could not be read.
    #[error("cannot read {}: {detail}", Escaped(.path))]
    Read {
        /// The path.
        path: String,
        /// What the operating system said.
        detail: String,
    },
    /// An instant outside the years 1970 to 9999 ([`INSTANT_YEARS`](crate::INSTANT_YEARS)).
    #[error(
        "the instant {instant} is outside the years 1970 to 9999 (milliseconds given as seconds?); nothing was judged or recorded"
    )]
    InstantOutOfRange {
        /// The instant, as RFC 3339 or as the seconds given.
        instant: String,
    },
    /// A file in a keys folder is not a regular file (a FIFO, a socket, a
    /// device): reading it could block forever.
    #[error("{} is not a regular file; a keys folder holds only key files", Escaped(.path))]
    NotAFile {
        /// The path.
        path: String,
    },
    /// A file in a keys folder is larger than any key file.
    #[error("{} is larger than the {max} bytes a key file may have", Escaped(.path))]
    FileTooLarge {
        /// The path.
        path: String,
        /// The limit, [`MAX_KEY_FILE`](crate::MAX_KEY_FILE).
        max: usize,
    },
    /// A keys folder nests deeper, or holds more files, than a keys folder should.
    #[error("{}: {problem}", Escaped(.folder))]
    FolderTooBig {
        /// The folder.
        folder: String,
        /// What limit it passed.
        problem: &'static str,
    },
    /// The plan and feature catalog is malformed.
    #[error("the catalog is malformed: {reason}")]
    Catalog {
        /// What is wrong with it (names in it are escaped).
        reason: String,
    },
    /// The operating system's random source failed (issuer only).
    #[error("the system random source failed: {reason}")]
    Random {
        /// What it said.
        reason: String,
    },
}

/// Why one key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyProblem {
    /// The key id (the file name without `.pem`) is not 1 to 64 characters of `A-Z a-z 0-9 . _ -`.
    #[error("the key id must be 1 to 64 characters of A-Z a-z 0-9 . _ - (it is the file name without .pem)")]
    InvalidKid,
    /// The text is a private key.
    #[error("this is a private key; only public keys (openssl pkey -pubout) may be trusted")]
    PrivateKey,
    /// The text is not an Ed25519 public key in PEM SubjectPublicKeyInfo form.
    #[error("not an Ed25519 public key in PEM SubjectPublicKeyInfo form ({detail})")]
    NotEd25519Pem {
        /// What the decoder said.
        detail: String,
    },
    /// The file is not UTF-8 text.
    #[error("the file is not UTF-8 text, so not a PEM key")]
    NotText,
    /// Raw key bytes of the wrong length.
    #[error("an Ed25519 public key is 32 bytes, not {len}")]
    WrongLength {
        /// The length given.
        len: usize,
    },
    /// Raw key bytes that are not a point of the curve.
    #[error("not a point of the curve")]
    NotAPoint,
    /// A small-order point, which admits signatures that verify for many messages.
    #[error("a weak (small-order) Ed25519 key, refused")]
    Weak,
    /// A private key that does not match the trusted public key with its kid (issuer).
    #[error("this private key does not match the trusted public key with the same kid")]
    Mismatch,
    /// Encoding the key failed.
    #[error("cannot be encoded ({detail})")]
    Encoding {
        /// What the encoder said.
        detail: String,
    },
}

impl ConfigError {
    /// The FusionAuth-style code of this error, for a `generalErrors` entry:
    /// `[private]key`, `[invalid]key`, `[missing]keys`, `[invalid]catalog`, ...
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            ConfigError::PrivateKeyInFolder { .. } => "[private]key",
            ConfigError::Key { problem: KeyProblem::Weak, .. } => "[weak]key",
            ConfigError::Key { problem: KeyProblem::PrivateKey, .. } => "[private]key",
            ConfigError::Key { .. } | ConfigError::SigningKey { .. } => "[invalid]key",
            ConfigError::NoKeys { .. } => "[missing]keys",
            ConfigError::DuplicateKid { .. } => "[duplicate]key",
            ConfigError::Read { .. } | ConfigError::NotAFile { .. } => "[unreadable]keys",
            ConfigError::FileTooLarge { .. } | ConfigError::FolderTooBig { .. } => "[tooLarge]keys",
            ConfigError::Catalog { .. } => "[invalid]catalog",
            ConfigError::Random { .. } => "[failed]random",
            ConfigError::InstantOutOfRange { .. } => "[invalid]instant",
        }
    }

    /// The same error with the file it names taken as inside `folder`, so
    /// that the message names the whole path a person must fix.
    #[must_use]
    pub(crate) fn in_folder(self, folder: &std::path::Path) -> ConfigError {
        let join = |file: String| path_text(&folder.join(file));
        match self {
            ConfigError::PrivateKeyInFolder { file } => ConfigError::PrivateKeyInFolder { file: join(file) },
            ConfigError::Key { source_name, problem } => ConfigError::Key { source_name: join(source_name), problem },
            ConfigError::FileTooLarge { path, max } => ConfigError::FileTooLarge { path: join(path), max },
            other @ (ConfigError::NoKeys { .. }
            | ConfigError::DuplicateKid { .. }
            | ConfigError::Read { .. }
            | ConfigError::NotAFile { .. }
            | ConfigError::FolderTooBig { .. }
            | ConfigError::Catalog { .. }
            | ConfigError::Random { .. }
            | ConfigError::InstantOutOfRange { .. }
            | ConfigError::SigningKey { .. }) => other,
        }
    }

    pub(crate) fn key(source_name: &str, problem: KeyProblem) -> ConfigError {
        ConfigError::Key { source_name: source_name.to_owned(), problem }
    }
}

/// What a PEM decoder's complaint means for `text`: no PEM block at all is
/// said so (the decoder calls it a "NUL byte" in the preamble, which the
/// text need not hold), and a "NUL byte" is blamed only where there is one.
pub(crate) fn pem_detail(text: &str, label: &str, decoder: &str) -> String {
    if !text.contains("-----BEGIN ") {
        return format!(
            "no PEM block in it: the key must be text between -----BEGIN {label}----- and -----END {label}-----"
        );
    }
    if decoder.contains("NUL byte") && !text.contains('\0') {
        return format!("the text before -----BEGIN {label}----- or after its END line is not PEM");
    }
    decoder.to_owned()
}

/// A path as text for a message, lossily (the message escapes it).
pub(crate) fn path_text(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}
