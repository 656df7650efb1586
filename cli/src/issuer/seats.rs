//! Seats: `bind` grants activation requests against a template's
//! `machines`, `release` frees them on a verified release receipt. The
//! ledger is the count: bindings and releases are lines in it, written under
//! its lock, all of a batch in one durable write or none.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use airgap_license::chrono::{Days, NaiveDate, SecondsFormat};
use airgap_license::dangerous::decode_unverified;
use airgap_license::{Escaped, MAX_NOTE_TEXT, Receipt, Request, license_digest};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::input;
use crate::issuer::args::Bind;
use crate::issuer::ledger::{History, Ledger};
use crate::issuer::workflow::{load, sign_one};
use crate::issuer::{IssuerError, create_dirs, create_new, io_error, write_synced};

/// Who holds the seats of one template, from the ledger: each device key
/// bound and not released, with its label.
#[derive(Default)]
struct Seats {
    /// Device key (Base64) to label, in the order bound.
    held: Vec<(String, String)>,
}

impl Seats {
    fn holds(&self, device_key: &str) -> bool {
        self.held.iter().any(|(key, _)| key == device_key)
    }

    fn bind(&mut self, device_key: &str, label: &str) {
        if !self.holds(device_key) {
            self.held.push((device_key.to_owned(), label.to_owned()));
        }
    }

    fn release(&mut self, device_key: &str) {
        self.held.retain(|(key, _)| key != device_key);
    }

    fn labels(&self) -> String {
        self.held.iter().map(|(_, label)| Escaped(label).to_string()).collect::<Vec<_>>().join(", ")
    }
}

/// The seats of every licenseId, and the receipts already counted.
struct Book {
    seats: BTreeMap<String, Seats>,
    /// The receipts counted, by their name ([`Receipt::digest_of`]: the
    /// decoded payload and signature, however the text was wrapped).
    receipts: BTreeSet<String>,
    /// The bound licenses (their digests) whose seat a counted receipt ended.
    ended: BTreeSet<String>,
    /// Every (licenseId, device key, bound license's digest) ever bound.
    bound: Vec<(String, String, String)>,
}

impl Book {
    fn read(entries: &[Value]) -> Book {
        let mut book =
            Book { seats: BTreeMap::new(), receipts: BTreeSet::new(), ended: BTreeSet::new(), bound: Vec::new() };
        for entry in entries {
            let text = |name: &str| entry.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
            let (id, key) = (text("licenseId"), text("deviceKey"));
            match entry.get("event").and_then(Value::as_str) {
                Some("bind") => {
                    book.seats.entry(id.clone()).or_default().bind(&key, &text("label"));
                    book.bound.push((id, key, text("sha256")));
                }
                Some("release") => {
                    book.seats.entry(id).or_default().release(&key);
                    book.receipts.insert(text("receiptSha256"));
                    book.ended.insert(text("license"));
                }
                _ => {}
            }
        }
        book
    }
}

/// The template's ledger entry: the latest license issued with `machines`.
fn template<'a>(entries: &'a [Value], license_id: &str) -> Option<&'a Value> {
    entries.iter().rev().find(|e| {
        e.get("event").is_none()
            && e.get("licenseId").and_then(Value::as_str) == Some(license_id)
            && e.get("machines").is_some()
            && e.get("license").is_some()
    })
}

/// The files a list of files and folders stands for (a folder's regular
/// files, sorted by name).
fn files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, IssuerError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut inside: Vec<PathBuf> = fs::read_dir(input)
                .map_err(io_error(input))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn read_note(path: &Path) -> Result<Vec<u8>, IssuerError> {
    let limit = u64::try_from(MAX_NOTE_TEXT).unwrap_or(u64::MAX).saturating_add(1);
    Ok(input::read_input(path, limit)?)
}

fn now_text() -> String {
    crate::clock::system_clock().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `bind`: every request checked and granted (or the first refusal names
/// why, nothing written), the bindings recorded in one ledger write, then
/// the bound licenses written.
pub(crate) fn bind(bind: &Bind) -> Result<(), IssuerError> {
    let signer = &bind.signer;
    let Some(ledger_path) = signer.ledger.as_deref() else {
        return Err(IssuerError::Usage("bind needs --ledger FILE: the seats are counted there".to_owned()));
    };
    let (issuer, validator) = load(signer)?;
    let paths = files(&bind.requests)?;
    let mut requests = Vec::new();
    for path in &paths {
        let request = Request::from_text(&read_note(path)?)
            .map_err(|e| IssuerError::Refused(format!("{}: {e}", Escaped(&path.to_string_lossy()))))?;
        requests.push((path, request));
    }
    let mut ledger = Ledger::open(ledger_path)?;
    let entries = ledger.lock_and_read()?;
    let mut book = Book::read(&entries);
    let mut history = History::of(&entries);
    let mut granted = Vec::new();
    for (path, request) in &requests {
        let shown = Escaped(&path.to_string_lossy()).to_string();
        let refused = |why: String| IssuerError::Refused(format!("{shown}: {why}"));
        let id = &request.license_id;
        let entry = template(&entries, id).ok_or_else(|| {
            refused(format!("the license {} is not a template this ledger recorded (issue it with new --machines N and sign --ledger)", Escaped(id)))
        })?;
        let template_text = entry.get("license").and_then(Value::as_str).unwrap_or_default();
        // The ledger's copy must be this key's license, as signed.
        let template_license = validator
            .verify(template_text)
            .map_err(|e| refused(format!("the ledger's template does not verify with this key: {e}")))?;
        let machines = template_license.machines().unwrap_or(0);
        history.not_revoked(id, issuer.kid()).map_err(|e| refused(e.to_string()))?;
        if !request.hardware_backed() && !bind.allow_operator_id {
            return Err(refused(format!(
                "it is an operator identity ({}): a request stands for hardware only with machineId and at least one hardware-backed component (productUuid, platformUuid, the MAC of a physical interface); pass --allow-operator-id to grant it",
                request.components.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
            )));
        }
        let device_key = STANDARD.encode(request.device_key);
        let seats = book.seats.entry(id.clone()).or_default();
        let rebind = seats.holds(&device_key);
        if !rebind && u64::try_from(seats.held.len()).unwrap_or(u64::MAX) >= machines {
            return Err(refused(format!(
                "no seat free: {} of {machines} bound ({})",
                seats.held.len(),
                seats.labels()
            )));
        }
        seats.bind(&device_key, &request.label);
        // The template's document, bound: `machine` added and listed in critical.
        let mut doc: Map<String, Value> = serde_json::from_slice(decode_unverified(template_text)?.payload())
            .map_err(|e| refused(format!("the template's document is not JSON: {e}")))?;
        doc.insert(
            "machine".to_owned(),
            json!({ "deviceKey": device_key, "components": request.components, "label": request.label }),
        );
        let mut critical: Vec<Value> = doc.get("critical").and_then(Value::as_array).cloned().unwrap_or_default();
        for name in ["machines", "machine"] {
            if !critical.iter().any(|c| c == name) {
                critical.push(json!(name));
            }
        }
        doc.insert("critical".to_owned(), Value::Array(critical));
        // Each bound document is new: the next sequence of the licenseId, so
        // that a rebinding is never the same document as the binding a
        // revocation list may name, and no two share an order.
        let sequence = history.next_sequence(id, 0)?;
        doc.insert("sequence".to_owned(), json!(sequence));
        if let Some(days) = bind.valid_days {
            let until = bound_until(template_license.expiration(), days)?;
            doc.insert("expiration".to_owned(), json!(until.to_string()));
        }
        let (text, license) = sign_one(signer, &issuer, &validator, Value::Object(doc).to_string().as_bytes())?;
        let entry = json!({
            "event": "bind",
            "licenseId": id,
            "deviceKey": device_key,
            "deviceFingerprint": request.device_fingerprint(),
            "label": request.label,
            "operatorId": !request.hardware_backed(),
            "rebind": rebind,
            "sequence": sequence,
            "sha256": license_digest(&text)?,
            "at": now_text(),
        });
        granted.push((text, license, request.device_fingerprint(), entry));
    }
    // Files are made (exclusively) before the ledger records anything: a
    // file that exists already stops the batch with the ledger unchanged.
    let outputs = match &signer.out {
        None if granted.len() == 1 => Vec::new(),
        None => {
            return Err(IssuerError::Usage(
                "more than one request: give --out DIR for the bound licenses; nothing was recorded".to_owned(),
            ));
        }
        Some(dir) => {
            create_dirs(dir, 0o755)?;
            let mut outputs = Vec::new();
            for (_, license, fingerprint, _) in &granted {
                let short: String = fingerprint.trim_start_matches("SHA256:").chars().take(16).collect();
                let path = dir.join(format!("{}-{short}.lic", license.license_id()));
                match create_new(&path, 0o644) {
                    Ok(file) => outputs.push((file, path)),
                    Err(e) => {
                        for (_, made) in outputs {
                            let _ = fs::remove_file(made);
                        }
                        return Err(e);
                    }
                }
            }
            outputs
        }
    };
    let lines: Vec<Value> = granted.iter().map(|(_, _, _, entry)| entry.clone()).collect();
    if let Err(e) = ledger.append(&lines) {
        for (_, made) in outputs {
            let _ = fs::remove_file(made);
        }
        return Err(e);
    }
    let mut stderr = io::stderr().lock();
    if let (true, Some((text, ..))) = (outputs.is_empty(), granted.first()) {
        io::stdout().lock().write_all(text.as_bytes()).map_err(io_error(Path::new("standard output")))?;
    }
    for ((file, path), (text, ..)) in outputs.into_iter().zip(&granted) {
        write_synced(file, &path, text.as_bytes())?;
        let _ = writeln!(stderr, "wrote {}", Escaped(&path.to_string_lossy()));
    }
    for (_, license, _, entry) in &granted {
        let id = license.license_id();
        let held = book.seats.get(id).map_or(0, |s| s.held.len());
        let how = if entry["rebind"] == json!(true) { "rebound (the same device key: no new seat)" } else { "bound" };
        let _ = writeln!(
            stderr,
            "{how}: {} to {}, {held} of {} seats held",
            Escaped(id),
            Escaped(entry["label"].as_str().unwrap_or_default()),
            license.machines().unwrap_or(0)
        );
    }
    Ok(())
}

/// The last day of a binding that lives `days` days from today: today plus
/// `days`, or the template's own expiration if that comes first.
fn bound_until(template: Option<NaiveDate>, days: u32) -> Result<NaiveDate, IssuerError> {
    let ends = crate::clock::system_clock()
        .date_naive()
        .checked_add_days(Days::new(u64::from(days)))
        .ok_or_else(|| IssuerError::Usage(format!("--valid-days {days} ends past the last day there is")))?;
    Ok(template.map_or(ends, |template| template.min(ends)))
}

/// `release`: every receipt verified against the binding the ledger holds
/// (or the first that is not names why, nothing recorded), then the
/// releases recorded in one ledger write.
pub(crate) fn release(ledger_path: &Path, inputs: &[PathBuf]) -> Result<(), IssuerError> {
    let paths = files(inputs)?;
    let mut receipts = Vec::new();
    for path in &paths {
        let bytes = read_note(path)?;
        let receipt = Receipt::from_text(&bytes)
            .map_err(|e| IssuerError::Refused(format!("{}: {e}", Escaped(&path.to_string_lossy()))))?;
        let name = Receipt::digest_of(&bytes)
            .map_err(|e| IssuerError::Refused(format!("{}: {e}", Escaped(&path.to_string_lossy()))))?;
        receipts.push((path, receipt, name));
    }
    let mut ledger = Ledger::open(ledger_path)?;
    let entries = ledger.lock_and_read()?;
    let mut book = Book::read(&entries);
    let mut lines = Vec::new();
    let mut said = Vec::new();
    for (path, receipt, digest) in &receipts {
        let shown = Escaped(&path.to_string_lossy()).to_string();
        let id = &receipt.license_id;
        let device_key = STANDARD.encode(receipt.device_key);
        let bindings: Vec<&String> = book
            .bound
            .iter()
            .filter(|(bound_id, key, _)| bound_id == id && *key == device_key)
            .map(|(_, _, digest)| digest)
            .collect();
        if bindings.is_empty() {
            return Err(IssuerError::Refused(format!(
                "{shown}: the ledger never bound the license {} to the device key {}: not a receipt for a seat of this ledger",
                Escaped(id),
                receipt.device_fingerprint()
            )));
        }
        // The license released must be one this ledger bound to that key.
        if !bindings.iter().any(|digest| **digest == receipt.license_sha256) {
            return Err(IssuerError::Refused(format!(
                "{shown}: the receipt releases a license (SHA-256 {}) that this ledger never bound to the device key {}",
                Escaped(&receipt.license_sha256),
                receipt.device_fingerprint()
            )));
        }
        let seats = book.seats.entry(id.clone()).or_default();
        // Counted once, by its decoded content; and a binding it ended is
        // ended: a replay (however wrapped), or another receipt for the same
        // binding, never frees the seat of a later binding of that device.
        if book.receipts.contains(digest) || book.ended.contains(&receipt.license_sha256) || !seats.holds(&device_key) {
            said.push(format!(
                "{shown}: already counted: the binding this receipt ends was released before; nothing freed"
            ));
            continue;
        }
        seats.release(&device_key);
        book.receipts.insert(digest.clone());
        book.ended.insert(receipt.license_sha256.clone());
        lines.push(json!({
            "event": "release",
            "licenseId": id,
            "deviceKey": device_key,
            "deviceFingerprint": receipt.device_fingerprint(),
            "license": receipt.license_sha256,
            "releasedAt": receipt.released_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            "receiptSha256": digest,
            "at": now_text(),
        }));
        said.push(format!("{shown}: released: a seat of {} is free ({} held)", Escaped(id), seats.held.len()));
    }
    if !lines.is_empty() {
        ledger.append(&lines)?;
    }
    let mut stdout = io::stdout().lock();
    for line in said {
        let _ = writeln!(stdout, "{line}");
    }
    Ok(())
}
