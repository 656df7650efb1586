//! The ledger: one JSON line per license issued, appended durably; `list`
//! reads it back (a line torn by a crash is skipped, and said so).

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
