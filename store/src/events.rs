//! The event log, `events.jsonl`: one JSON object a line, in the shape of
//! the vendor's webhook events, `{"event": {"id", "createInstant", "type",
//! ...}}`. A reader may see an event twice (a command killed after writing
//! it) and dedupes on `id`. A line torn by a crash is skipped by readers and
//! does not stop later appends; a failed write never changes a verdict.

use std::fs::File;
use std::io::{BufRead as _, BufReader, Read as _};
use std::path::PathBuf;

use airgap_license::chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use crate::durable;
use crate::error::StoreError;
use crate::folder::{Access, Folder};

/// The log's name in the store's folder.
pub(crate) const LOG: &str = "events.jsonl";

/// The longest line read as an event; a longer one (no event is near it) is
/// skipped like a torn one, so that reading a damaged log of any size takes
/// bounded memory.
const MAX_LINE: u64 = 1024 * 1024;

/// Every event type, written in `type` as [`EventType::as_str`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventType {
    /// `license.activate`: a license was made the active one (`licenseId`,
    /// `issuedTo`, `plan`, `expiration`, `kid`, `previousLicenseId` if it
    /// replaced another).
    Activate,
    /// `license.regenerate`: the active license was replaced by its
    /// successor (the same, and `previousLicenseId`).
    Regenerate,
    /// `license.deactivate`: the active license was removed (`licenseId`,
    /// `pendingLicenseId` when a held renewal went with it).
    Deactivate,
    /// `license.pending`: a renewal not yet in effect was held while the
    /// active license, in effect, stays in use (`licenseId`, `sequence`,
    /// `issued`, `takesOverAt`, `activeLicenseId`); it takes over at
    /// `takesOverAt`, logged as `license.regenerate`.
    Pending,
    /// `license.revoke`: a revocation list imported named the active license
    /// (or a held renewal), which was removed at once (`licenseId`,
    /// `sequence` and `issued` of the list, `pending` when it was held).
    Revoke,
    /// `license.revocations`: a revocation list was imported (`sequence`,
    /// `issued`, `kid`, `sha256`, `previousSequence`).
    Revocations,
    /// `license.refuse`: an activation or regeneration was refused, the
    /// store left as it was (`command`, `code`, the FusionAuth error code,
    /// `message`, and `licenseId` when the signature verified).
    Refuse,
    /// `license.clock.untrusted`: the system clock read more than the
    /// tolerance before the store's high-water mark, once per episode
    /// (`clockInstant`, `markInstant`).
    ClockUntrusted,
    /// `license.clock.reset`: an operator set the mark to the system clock
    /// (`clock-reset`) after a clock that ran ahead (`previousMarkInstant`,
    /// `markInstant`).
    ClockReset,
    /// `license.expire`: the first time a command saw the active license
    /// expired (`licenseId`, `expiration`).
    Expire,
}

impl EventType {
    /// Every event type.
    pub const ALL: [EventType; 10] = [
        EventType::Activate,
        EventType::Regenerate,
        EventType::Deactivate,
        EventType::Pending,
        EventType::Revoke,
        EventType::Revocations,
        EventType::Refuse,
        EventType::ClockUntrusted,
        EventType::ClockReset,
        EventType::Expire,
    ];

    /// The `type` written in the log, in the vendor's webhook style.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::Activate => "license.activate",
            EventType::Regenerate => "license.regenerate",
            EventType::Deactivate => "license.deactivate",
            EventType::Pending => "license.pending",
            EventType::Revoke => "license.revoke",
            EventType::Revocations => "license.revocations",
            EventType::Refuse => "license.refuse",
            EventType::ClockUntrusted => "license.clock.untrusted",
            EventType::ClockReset => "license.clock.reset",
            EventType::Expire => "license.expire",
        }
    }
}

/// One event: a fresh UUID v4 `id`, `createInstant` in milliseconds since
/// the epoch (from the caller's clock), `type`, and the members given.
pub(crate) fn event(kind: EventType, at: DateTime<Utc>, members: Map<String, Value>) -> Value {
    let mut event = Map::new();
    event.insert("id".to_owned(), json!(uuid::Uuid::new_v4().to_string()));
    event.insert("createInstant".to_owned(), json!(at.timestamp_millis()));
    event.insert("type".to_owned(), json!(kind.as_str()));
    event.extend(members);
    json!({ "event": event })
}

/// Appends events to the folder's log, durably; the error is for the
/// caller to report as a warning, never to change a verdict.
pub(crate) fn append(folder: &Folder, events: &[Value]) -> Result<(), StoreError> {
    let path = folder.path_of(LOG);
    let Some(mut file) = folder.open(LOG, Access::Append)? else { return Ok(()) };
    for event in events {
        durable::append_line(&mut file, &path, &event.to_string())?;
    }
    Ok(())
}

/// The events of a store's log, in order, read as they are asked for (the
/// log is never held in memory whole): each an object with an `event`
/// member. Lines that are not such an object (torn by a crash), or longer
/// than any event, are skipped.
#[derive(Debug)]
pub struct Events {
    reader: Option<BufReader<File>>,
    path: PathBuf,
    line: Vec<u8>,
}

impl Events {
    pub(crate) fn open(folder: Option<&Folder>) -> Result<Events, StoreError> {
        let path = folder.map(|f| f.path_of(LOG)).unwrap_or_default();
        let file = match folder {
            Some(folder) => folder.open(LOG, Access::Read)?,
            None => None,
        };
        Ok(Events { reader: file.map(BufReader::new), path, line: Vec::new() })
    }
}

impl Iterator for Events {
    type Item = Result<Value, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let reader = self.reader.as_mut()?;
            self.line.clear();
            let read = reader.by_ref().take(MAX_LINE).read_until(b'\n', &mut self.line);
            let read = match read {
                // Too long to be an event: the rest of the line is skipped
                // unread, and the line is dropped like a torn one.
                Ok(n) if self.line.last() != Some(&b'\n') && u64::try_from(n).is_ok_and(|n| n >= MAX_LINE) => {
                    self.line.clear();
                    reader.skip_until(b'\n').map(|_| n)
                }
                other => other,
            };
            match read {
                Err(e) => {
                    self.reader = None;
                    return Some(Err(StoreError::io(&self.path, &e)));
                }
                Ok(0) => {
                    self.reader = None;
                    return None;
                }
                Ok(_) => {}
            }
            if let Ok(value) = serde_json::from_slice::<Value>(&self.line)
                && value.get("event").is_some_and(Value::is_object)
            {
                return Some(Ok(value));
            }
        }
    }
}
