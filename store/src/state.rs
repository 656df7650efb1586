//! The state file, `state.json`: the active license and what the store
//! remembers. One file, so that one atomic rename changes all of it.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use airgap_license::chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::durable;
use crate::error::StoreError;

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
    /// Every licenseId seen, with the latest `issued` seen for it.
    pub(crate) seen: BTreeMap<String, NaiveDate>,
    /// Every licenseId a seen license superseded, with the one that did.
    pub(crate) superseded: BTreeMap<String, String>,
    /// The latest system-clock instant seen, in seconds since the epoch.
    pub(crate) clock_mark: Option<i64>,
    /// Whether the clock is in an untrusted episode (its event was logged).
    pub(crate) clock_untrusted: bool,
    /// The licenseIds whose expiry has been logged.
    pub(crate) expiry_logged: BTreeSet<String>,
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
    /// When it was activated, in seconds since the epoch (system clock).
    pub(crate) activated_at: i64,
}

impl Default for State {
    fn default() -> State {
        State {
            format: FORMAT.to_owned(),
            version: VERSION,
            active: None,
            seen: BTreeMap::new(),
            superseded: BTreeMap::new(),
            clock_mark: None,
            clock_untrusted: false,
            expiry_logged: BTreeSet::new(),
        }
    }
}

impl State {
    /// Reads `path`; a store without a state file is a new, empty store.
    pub(crate) fn load(path: &Path) -> Result<State, StoreError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(State::default()),
            Err(e) => return Err(StoreError::io(path, &e)),
        };
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
        serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))
    }

    /// Writes it over `path`, atomically and durably.
    pub(crate) fn save(&self, path: &Path) -> Result<(), StoreError> {
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| StoreError::Io { path: path.to_string_lossy().into_owned(), detail: e.to_string() })?;
        text.push('\n');
        durable::replace(path, text.as_bytes())
    }

    /// The clock mark as an instant.
    pub(crate) fn mark(&self) -> Option<DateTime<Utc>> {
        self.clock_mark.and_then(|seconds| DateTime::from_timestamp(seconds, 0))
    }
}
