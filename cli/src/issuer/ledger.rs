//! The ledger: one JSON line per license issued, appended durably; `list`
//! reads it back (a line torn by a crash is skipped, and said so).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use airgap_license::{Escaped, License, json_text, json_text_pretty};
use serde_json::{Value, json};

use crate::issuer::{IssuerError, io_error};
use crate::report;

/// The ledger line of a license: what was issued, to whom, under which key,
/// and the SHA-256 of the license text exactly as written. A template
/// (`machines`) keeps its text too: `bind` signs its bound licenses from it.
pub(crate) fn entry(license: &License, text: &str) -> Value {
    let digest = airgap_license::sha256_hex(text.as_bytes());
    let mut entry = json!({
        "licenseId": license.license_id(),
        "issuedTo": license.issued_to(),
        "plan": license.plan(),
        "issued": license.issued().to_string(),
        "notBefore": license.not_before().to_string(),
        "expiration": license.expiration().map(|day| day.to_string()),
        "kid": license.kid(),
        "sequence": license.sequence(),
        "sha256": digest,
    });
    if let (Some(machines), Value::Object(members)) = (license.machines(), &mut entry) {
        members.insert("machines".to_owned(), json!(machines));
        members.insert("license".to_owned(), json!(text));
    }
    entry
}

/// The ledger, open for appending: opened before any license is written or
/// printed, so that a ledger that cannot be written stops the command with
/// no license out.
pub(crate) struct Ledger {
    file: File,
    path: PathBuf,
}

impl Ledger {
    /// Opens (or creates, `0600`) the ledger: never through a link, never a
    /// FIFO, a regular file only; the store's durable log primitive.
    pub(crate) fn open(path: &Path) -> Result<Ledger, IssuerError> {
        Ok(Ledger { file: airgap_license_store::open_log(path)?, path: path.to_owned() })
    }

    /// Appends the license's line, synced, before the license is written
    /// anywhere: no license exists that the ledger does not know. A line
    /// torn by a crash before stays alone and the new one starts its own.
    pub(crate) fn record(&mut self, license: &License, text: &str) -> Result<(), IssuerError> {
        self.append(&[entry(license, text)])
    }

    /// Appends entries as one durable write: a batch of bindings or
    /// releases is recorded whole, or (torn by a crash) its torn line alone
    /// is skipped when read.
    pub(crate) fn append(&mut self, entries: &[Value]) -> Result<(), IssuerError> {
        let lines: Vec<String> = entries.iter().map(json_text).collect();
        Ok(airgap_license_store::append_line(&mut self.file, &self.path, &lines.join("\n"))?)
    }

    /// Takes the ledger's lock (held until it is dropped, and dropped with
    /// the process), so that two binds never count the same free seat, then
    /// reads every entry.
    pub(crate) fn lock_and_read(&mut self) -> Result<Vec<Value>, IssuerError> {
        self.file.lock().map_err(io_error(&self.path))?;
        Ok(read(&self.path)?.0)
    }
}

/// The ledger's `event` of a revocation list.
pub(crate) const REVOCATIONS_EVENT: &str = "revocations";

/// The last revocation list the ledger recorded.
#[derive(Default)]
pub(crate) struct LastList {
    /// Its sequence (0: no list yet).
    pub(crate) sequence: u64,
    /// The day it was issued.
    pub(crate) issued: String,
    /// The licenseIds it revokes.
    pub(crate) license_ids: BTreeSet<String>,
    /// The key ids every license of which it revokes.
    pub(crate) kids: BTreeSet<String>,
}

impl LastList {
    /// The list with the highest sequence among `entries`.
    pub(crate) fn of(entries: &[Value]) -> LastList {
        let set = |entry: &Value, name: &str| -> BTreeSet<String> {
            entry[name].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
        };
        entries
            .iter()
            .filter(|e| e.get("event").and_then(Value::as_str) == Some(REVOCATIONS_EVENT))
            .filter_map(|e| {
                Some(LastList {
                    sequence: e.get("sequence")?.as_u64()?,
                    issued: e.get("issued").and_then(Value::as_str).unwrap_or_default().to_owned(),
                    license_ids: set(e, "licenseIds"),
                    kids: set(e, "kids"),
                })
            })
            .max_by_key(|list| list.sequence)
            .unwrap_or_default()
    }
}

/// What the ledger knows that decides the next document of a licenseId:
/// the highest `sequence` it recorded for each, and the last revocation
/// list. Every new document of a licenseId the ledger has recorded (a
/// renewal, a binding, a rebinding, a document signed again) takes the next
/// sequence, so that no two documents of one licenseId share an order.
pub(crate) struct History {
    sequences: BTreeMap<String, u64>,
    revoked: LastList,
}

impl History {
    /// From the ledger's entries (a license line or a binding line without
    /// `sequence`, written before it was recorded, counts as 0).
    pub(crate) fn of(entries: &[Value]) -> History {
        let mut sequences = BTreeMap::new();
        for entry in entries {
            let event = entry.get("event").and_then(Value::as_str);
            if !matches!(event, None | Some("bind")) {
                continue;
            }
            let Some(id) = entry.get("licenseId").and_then(Value::as_str) else { continue };
            let sequence = entry.get("sequence").and_then(Value::as_u64).unwrap_or(0);
            let highest = sequences.entry(id.to_owned()).or_insert(0);
            *highest = sequence.max(*highest);
        }
        History { sequences, revoked: LastList::of(entries) }
    }

    /// Refuses a licenseId, signed under `kid`, that the ledger's last
    /// revocation list names (by its id or by the key).
    pub(crate) fn not_revoked(&self, license_id: &str, kid: &str) -> Result<(), IssuerError> {
        let list = &self.revoked;
        let by = if list.license_ids.contains(license_id) {
            format!("the license {}", Escaped(license_id))
        } else if list.kids.contains(kid) {
            format!("every license signed by key {}", Escaped(kid))
        } else {
            return Ok(());
        };
        Err(IssuerError::Refused(format!(
            "revocation list {} of {} revokes {by}: nothing of {} is issued again (revoke --unrevoke it first)",
            list.sequence,
            Escaped(&list.issued),
            Escaped(license_id)
        )))
    }

    /// The sequence the next document of `license_id` takes: one past the
    /// highest the ledger recorded for it, or `own` (the document's own)
    /// if that is higher or the ledger never recorded the licenseId. Taken
    /// as recorded from now on, so that a batch numbers its documents one
    /// after another.
    pub(crate) fn next_sequence(&mut self, license_id: &str, own: u64) -> Result<u64, IssuerError> {
        let next = match self.sequences.get(license_id) {
            None => own,
            Some(highest) => highest.checked_add(1).ok_or_else(|| {
                IssuerError::Usage(format!(
                    "the licenseId {} has the highest sequence there is: issue a new licenseId",
                    Escaped(license_id)
                ))
            })?,
        }
        .max(own);
        self.sequences.insert(license_id.to_owned(), next);
        Ok(next)
    }

    /// The sequence a license signed as given must take instead, if any:
    /// refused if a revocation list names it; `Some(next)` when the ledger
    /// has recorded its licenseId at that sequence or higher (the document
    /// is to be signed again with `next`); `None` when it stands as signed.
    pub(crate) fn renumbered(&mut self, license: &License) -> Result<Option<u64>, IssuerError> {
        self.not_revoked(license.license_id(), license.kid())?;
        let own = u64::from(license.sequence());
        let next = self.next_sequence(license.license_id(), own)?;
        Ok((next != own).then_some(next))
    }
}

/// Every whole entry of the ledger, and how many lines were torn.
pub(crate) fn read(path: &Path) -> Result<(Vec<Value>, usize), IssuerError> {
    let mut text = String::new();
    airgap_license::file::open_regular(path)?.read_to_string(&mut text).map_err(io_error(path))?;
    let mut entries = Vec::new();
    let mut torn = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Value>(line) {
            Ok(value) if value.is_object() => entries.push(value),
            Ok(_) | Err(_) => torn += 1,
        }
    }
    Ok((entries, torn))
}

/// `list`: the ledger as a table, or as a JSON array.
pub(crate) fn list(path: &Path, json: bool) -> Result<(), IssuerError> {
    let (entries, torn) = read(path)?;
    // Licenses issued: the lines that record no binding or release.
    let entries: Vec<Value> = entries.into_iter().filter(|e| e.get("event").is_none()).collect();
    let mut out = io::stdout().lock();
    let stdout = Path::new("standard output");
    if json {
        let body = json_text_pretty(&Value::Array(entries));
        writeln!(out, "{body}").map_err(io_error(stdout))?;
    } else {
        let field = |e: &Value, name: &str| Escaped(e[name].as_str().unwrap_or("")).to_string();
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                let sha = field(e, "sha256");
                vec![
                    field(e, "licenseId"),
                    field(e, "issuedTo"),
                    field(e, "plan"),
                    field(e, "issued"),
                    field(e, "expiration"),
                    field(e, "kid"),
                    sha.chars().take(16).collect(),
                ]
            })
            .collect();
        let header = ["LICENSE ID", "ISSUED TO", "PLAN", "ISSUED", "EXPIRES", "KID", "SHA-256"];
        for line in report::aligned(&header, &rows) {
            writeln!(out, "{line}").map_err(io_error(stdout))?;
        }
        writeln!(out, "{} licenses issued", rows.len()).map_err(io_error(stdout))?;
    }
    if torn > 0 {
        let _ = writeln!(io::stderr(), "warning: {torn} line(s) of the ledger are not whole entries and were skipped");
    }
    Ok(())
}
