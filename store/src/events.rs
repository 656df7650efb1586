//! The event log, `events.jsonl`: one JSON object a line, in the shape of
//! the vendor's webhook events, `{"event": {"id", "createInstant", "type",
//! ...}}`. A reader may see an event twice (a command killed after writing
//! it) and dedupes on `id`. A line torn by a crash is skipped by readers and
//! does not stop later appends; a failed write never changes a verdict.

use std::path::Path;

use airgap_license::chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use crate::durable;
use crate::error::StoreError;

/// Every event type, as written in `type`:
///
/// - `license.activate`: a license was made the active one (`licenseId`,
///   `issuedTo`, `plan`, `expiration`, `kid`, `previousLicenseId` if it
///   replaced another);
/// - `license.regenerate`: the active license was replaced by its successor
///   (the same, and `previousLicenseId`);
/// - `license.deactivate`: the active license was removed (`licenseId`);
/// - `license.refuse`: an activation or regeneration was refused, the store
///   left as it was (`command`, `code`, the FusionAuth error code,
///   `message`, and `licenseId` when the signature verified);
/// - `license.clock.untrusted`: the system clock read more than the
///   tolerance before the store's high-water mark, once per episode
///   (`clockInstant`, `markInstant`);
/// - `license.expire`: the first time a command saw the active license
///   expired (`licenseId`, `expiration`).
pub const EVENT_TYPES: [&str; 6] = [
    "license.activate",
    "license.regenerate",
    "license.deactivate",
    "license.refuse",
    "license.clock.untrusted",
    "license.expire",
];

/// One event: a fresh UUID v4 `id`, `createInstant` in milliseconds since
/// the epoch (from the caller's clock), `type`, and the members given.
pub(crate) fn event(kind: &str, at: DateTime<Utc>, members: Map<String, Value>) -> Value {
    let mut event = Map::new();
    event.insert("id".to_owned(), json!(uuid::Uuid::new_v4().to_string()));
    event.insert("createInstant".to_owned(), json!(at.timestamp_millis()));
    event.insert("type".to_owned(), json!(kind));
    event.extend(members);
    json!({ "event": event })
}

/// Appends events to the log, durably; the error is for the caller to report
/// as a warning, never to change a verdict.
pub(crate) fn append(path: &Path, events: &[Value]) -> Result<(), StoreError> {
    for event in events {
        durable::append_line(path, &event.to_string())?;
    }
    Ok(())
}

/// The events of a store's log, in order, each an object with an `event`
/// member; lines that are not such an object (torn by a crash) are skipped.
///
/// # Errors
/// [`StoreError::Io`] if the log exists and cannot be read.
pub fn read_events(dir: &Path) -> Result<Vec<Value>, StoreError> {
    let path = dir.join("events.jsonl");
    let text = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(&path, &e)),
    };
    Ok(text
        .split(|b| *b == b'\n')
        .filter_map(|line| serde_json::from_slice::<Value>(line).ok())
        .filter(|value| value.get("event").is_some_and(Value::is_object))
        .collect())
}
