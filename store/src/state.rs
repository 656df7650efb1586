//! The state file, `state.json`: the active license and what the store
//! remembers. One file, so that one atomic rename changes all of it.

use std::collections::{BTreeMap, BTreeSet};

use airgap_license::canonical_license_id;
use airgap_license::chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::folder::Folder;

/// The state file's name in the store's folder.
const FILE: &str = "state.json";
/// The largest state file read: far more licenseIds than a machine sees.
const MAX_STATE: u64 = 64 * 1024 * 1024;

/// What `format` says in every state file this program writes.
const FORMAT: &str = "airgap-license-store";
/// The version of the state file this program writes and reads.
pub(crate) const VERSION: u64 = 1;

/// Everything the store keeps but the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct State {
    format: String,
    version: u64,
    /// The active license, if any.
    pub(crate) active: Option<Active>,
    /// Every licenseId seen, with the `issued` of the latest copy seen (the
    /// latest by `sequence`, then `issued`).
    pub(crate) seen: BTreeMap<String, NaiveDate>,
    /// The `sequence` of that latest copy, when it is not 0 (a store written
    /// before `sequence` existed has none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) seen_sequence: BTreeMap<String, u32>,
    /// The digest ([`license_digest`](airgap_license::license_digest)) of
    /// that latest copy, so that another document of the same order is
    /// refused and the same one taken again (a store written before this
    /// member has none for the licenseIds it saw then).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) seen_sha256: BTreeMap<String, String>,
    /// Every licenseId a seen license superseded, with the one that did.
    pub(crate) superseded: BTreeMap<String, String>,
    /// The latest system-clock instant seen, in seconds since the epoch.
    pub(crate) clock_mark: Option<i64>,
    /// Whether the clock is in an untrusted episode (its event was logged).
    pub(crate) clock_untrusted: bool,
    /// A renewal taken while the active license was in effect and the
    /// renewal was not yet: it takes over at its `notBefore`, at the first
    /// command on or after it, so that no early renewal ever makes an
    /// `ACTIVE` machine `PENDING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pending: Option<Active>,
    /// The last revocation list imported (its text is `revocations.txt`):
    /// a later import must be higher (a ratchet, never back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) revocations: Option<RevocationRecord>,
    /// The licenseIds whose expiry has been logged.
    pub(crate) expiry_logged: BTreeSet<String>,
    /// This store's device key: the 32-byte Ed25519 seed, standard Base64.
    /// Made on first need (a request, `machine`), destroyed by the
    /// deactivation of a bound license. The file is 0600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) device_key: Option<String>,
    /// The last release receipt written, kept until the next one, so that
    /// a receipt lost on its way out can be printed again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_receipt: Option<String>,
}

/// The active license: the text exactly as given (Base64 of its bytes, so
/// that UTF-16 or an e-mail around it is kept as it came), and what the
/// successor rule needs without verifying it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Active {
    pub(crate) license_base64: String,
    pub(crate) license_id: String,
    pub(crate) issued: NaiveDate,
    /// Its `sequence` (absent: 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(crate) sequence: u32,
    /// When it was activated, in seconds since the epoch (system clock).
    pub(crate) activated_at: i64,
    /// Whether it is bound to this machine (its deactivation writes a
    /// release receipt).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) bound: bool,
}

/// What the store records of the revocation list it keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RevocationRecord {
    pub(crate) sequence: u64,
    pub(crate) issued: NaiveDate,
    pub(crate) kid: String,
    /// SHA-256 of `revocations.txt`, in lowercase hex.
    pub(crate) sha256: String,
}

impl Active {
    /// A verified license as the store keeps it, taken at `now`.
    pub(crate) fn of(text: &[u8], license: &airgap_license::License, now: DateTime<Utc>) -> Active {
        use base64::Engine as _;
        Active {
            license_base64: base64::engine::general_purpose::STANDARD.encode(text),
            license_id: license.license_id().to_owned(),
            issued: license.issued(),
            sequence: license.sequence(),
            activated_at: now.timestamp(),
            bound: license.binding().is_some(),
        }
    }

    /// Its place among the licenses with its licenseId.
    pub(crate) fn order(&self) -> Order {
        Order { sequence: self.sequence, issued: self.issued }
    }
}

/// Where a license stands among the licenses with its licenseId: by
/// `sequence`, then `issued` (the field order makes the derived order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Order {
    pub(crate) sequence: u32,
    pub(crate) issued: NaiveDate,
}

impl Order {
    /// A verified license's place.
    pub(crate) fn of(license: &airgap_license::License) -> Order {
        Order { sequence: license.sequence(), issued: license.issued() }
    }
}

impl std::fmt::Display for Order {
    /// `issued 2026-01-01`, with ` as sequence 2` when it has one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "issued {}", self.issued)?;
        if self.sequence > 0 {
            write!(f, " as sequence {}", self.sequence)?;
        }
        Ok(())
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(value: &u32) -> bool {
    *value == 0
}

impl Default for State {
    fn default() -> State {
        State {
            format: FORMAT.to_owned(),
            version: VERSION,
            active: None,
            seen: BTreeMap::new(),
            seen_sequence: BTreeMap::new(),
            seen_sha256: BTreeMap::new(),
            pending: None,
            revocations: None,
            superseded: BTreeMap::new(),
            clock_mark: None,
            clock_untrusted: false,
            expiry_logged: BTreeSet::new(),
            device_key: None,
            last_receipt: None,
        }
    }
}

impl State {
    /// Reads the folder's state file; a store without one is a new, empty
    /// store. licenseIds are taken in their canonical lowercase form (a
    /// store written by 0.2.0 may hold them in another case).
    pub(crate) fn load(folder: &Folder) -> Result<State, StoreError> {
        let path = folder.path_of(FILE);
        let Some(bytes) = folder.read(FILE, MAX_STATE)? else { return Ok(State::default()) };
        let corrupt = |detail: String| StoreError::Corrupt { path: path.to_string_lossy().into_owned(), detail };
        // The version first, so that a newer file is named as such rather
        // than as corrupt.
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| corrupt(format!("not JSON: {e}")))?;
        if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
            return Err(corrupt(format!("no \"format\": \"{FORMAT}\"")));
        }
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(VERSION) => {}
            Some(version) if version > VERSION => {
                return Err(StoreError::NewerVersion { path: path.to_string_lossy().into_owned(), version });
            }
            _ => return Err(corrupt("no known \"version\"".to_owned())),
        }
        let state: State = serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))?;
        // A device key that does not decode is corruption, never a reason
        // to make a new one silently.
        if state.device_key.is_some() && state.device_key().is_none() {
            return Err(corrupt("deviceKey is not 32 bytes of Base64".to_owned()));
        }
        state.canonical().ok_or_else(|| corrupt("a licenseId is not a UUID".to_owned()))
    }

    /// The same state with every licenseId in lowercase; `None` if one is
    /// not a UUID.
    fn canonical(mut self) -> Option<State> {
        let id = |text: &String| canonical_license_id(text);
        for active in self.active.iter_mut().chain(self.pending.iter_mut()) {
            active.license_id = id(&active.license_id)?;
        }
        let mut seen = State::default();
        for (key, issued) in &self.seen {
            let sequence = self.seen_sequence.get(key).copied().unwrap_or(0);
            seen.see(&id(key)?, Order { sequence, issued: *issued }, self.seen_sha256.get(key).map(String::as_str));
        }
        let mut superseded = BTreeMap::new();
        for (key, by) in &self.superseded {
            superseded.entry(id(key)?).or_insert(id(by)?);
        }
        self.expiry_logged = self.expiry_logged.iter().map(id).collect::<Option<_>>()?;
        self.seen = seen.seen;
        self.seen_sequence = seen.seen_sequence;
        self.seen_sha256 = seen.seen_sha256;
        self.superseded = superseded;
        Some(self)
    }

    /// Writes it over the folder's state file, atomically and durably.
    pub(crate) fn save(&self, folder: &Folder) -> Result<(), StoreError> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| StoreError::Io {
            path: folder.path_of(FILE).to_string_lossy().into_owned(),
            detail: e.to_string(),
        })?;
        text.push('\n');
        folder.replace(FILE, text.as_bytes())
    }

    /// The device signing key, if the store has one.
    pub(crate) fn device_key(&self) -> Option<ed25519_dalek::SigningKey> {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD.decode(self.device_key.as_ref()?).ok()?;
        let seed = <[u8; 32]>::try_from(bytes.as_slice()).ok()?;
        Some(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// The latest copy of `license_id` seen, by `sequence` then `issued`.
    pub(crate) fn seen(&self, license_id: &str) -> Option<Order> {
        let issued = *self.seen.get(license_id)?;
        Some(Order { sequence: self.seen_sequence.get(license_id).copied().unwrap_or(0), issued })
    }

    /// Whether a copy of `license_id` of `order` with `digest` is another
    /// document than the latest copy seen, of the same order.
    /// `digest` is asked only when the order is the one seen.
    pub(crate) fn other_document(&self, license_id: &str, order: Order, digest: impl FnOnce() -> String) -> bool {
        self.seen(license_id) == Some(order) && self.seen_sha256.get(license_id).is_some_and(|seen| *seen != digest())
    }

    /// Records a copy of `license_id` (its digest `digest`) as seen, if it
    /// is later than the latest seen (or the digest of that latest copy,
    /// when the store had none).
    pub(crate) fn see(&mut self, license_id: &str, order: Order, digest: Option<&str>) {
        if self.seen(license_id).is_some_and(|seen| seen > order) {
            return;
        }
        if self.seen(license_id) == Some(order) {
            if let Some(digest) = digest {
                self.seen_sha256.entry(license_id.to_owned()).or_insert_with(|| digest.to_owned());
            }
            return;
        }
        match digest {
            Some(digest) => self.seen_sha256.insert(license_id.to_owned(), digest.to_owned()),
            None => self.seen_sha256.remove(license_id),
        };
        self.seen.insert(license_id.to_owned(), order.issued);
        if order.sequence == 0 {
            self.seen_sequence.remove(license_id);
        } else {
            self.seen_sequence.insert(license_id.to_owned(), order.sequence);
        }
    }

    /// The clock mark as an instant.
    pub(crate) fn mark(&self) -> Option<DateTime<Utc>> {
        self.clock_mark.and_then(|seconds| DateTime::from_timestamp(seconds, 0))
    }
}
