//! Writing documents, signing them one by one or in batches, renewing.

use std::fs;
use std::io::{self, Write as _};
use std::path::Path;
use std::sync::Arc;

use airgap_license::chrono::{Days, NaiveDate};
use airgap_license::dangerous::decode_unverified;
use airgap_license::file;
use airgap_license::issuer::{Issuer, private_key_from_pem};
use airgap_license::{
    Catalog, ConfigError, Escaped, KeyProblem, KeyStore, License, MAX_LICENSE_TEXT, Quoted, TrustedKey, Validator,
};
use serde_json::{Map, Value, json};

use crate::input;
use crate::issuer::args::{Renew, Sign, Signer, Template};
use crate::issuer::ledger::{History, Ledger};
use crate::issuer::{IssuerError, create_dirs, create_new, io_error, write_synced};

/// Today, UTC, by the command line's one clock (`crate::clock`).
fn today() -> NaiveDate {
    crate::clock::system_clock().date_naive()
}

/// The catalog of `--catalog FILE`, or the Reactor catalog.
fn catalog(file: Option<&Path>) -> Result<Arc<Catalog>, IssuerError> {
    match file {
        None => Ok(Catalog::reactor()?),
        Some(file) => Ok(input::catalog_file(file)?),
    }
}

/// `new`: a document with a fresh licenseId, issued today.
pub(crate) fn new(template: &Template) -> Result<(), IssuerError> {
    let catalog = catalog(template.catalog.as_deref())?;
    let license_id = template.license_id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let issued = template.issued.unwrap_or_else(today);
    let until = match template.until {
        Some(until) => until,
        None => issued.checked_add_days(Days::new(365)).unwrap_or(issued),
    };
    let plan = match &template.plan {
        Some(plan) => plan.clone(),
        None => catalog.plans().next().unwrap_or_default().to_owned(),
    };
    if catalog.plan_rank(&plan).is_none() {
        let known: Vec<&str> = catalog.plans().collect();
        return Err(IssuerError::Usage(format!(
            "--plan {} is not a plan of the catalog ({})",
            Quoted(&plan),
            known.join(", ")
        )));
    }
    let mut doc = Map::new();
    doc.insert("licenseId".to_owned(), json!(license_id));
    doc.insert("issuedTo".to_owned(), json!(template.issued_to.clone().unwrap_or_default()));
    doc.insert("issued".to_owned(), json!(issued.to_string()));
    if let Some(not_before) = template.not_before {
        doc.insert("notBefore".to_owned(), json!(not_before.to_string()));
    }
    if !template.perpetual {
        doc.insert("expiration".to_owned(), json!(until.to_string()));
    }
    if let Some(day) = template.maintenance_until {
        doc.insert("maintenanceUntil".to_owned(), json!(day.to_string()));
    }
    if let Some(days) = template.grace_days {
        doc.insert("graceDays".to_owned(), json!(days));
    }
    if let Some(days) = template.notice_days {
        doc.insert("noticeDays".to_owned(), json!(days));
    }
    doc.insert("licenseAttributes".to_owned(), json!({ "LicensedPlan": plan, "LicenseType": template.license_type }));
    if !template.features.is_empty() {
        let features: Map<String, Value> = template.features.iter().map(|(n, g)| (n.clone(), json!(g))).collect();
        for name in features.keys().filter(|n| !catalog.features().iter().any(|f| f.name() == n.as_str())) {
            let _ = writeln!(io::stderr(), "warning: the catalog does not know the feature {}", Quoted(name));
        }
        doc.insert("features".to_owned(), Value::Object(features));
    }
    if !template.supersedes.is_empty() {
        doc.insert("supersedes".to_owned(), json!(template.supersedes));
    }
    if let Some(machines) = template.machines {
        doc.insert("machines".to_owned(), json!(machines));
    }
    // Members that narrow where the license is in effect, listed so that no
    // older validator ignores them.
    let critical: Vec<&str> =
        [("machines", template.machines.is_some()), ("maintenanceUntil", template.maintenance_until.is_some())]
            .into_iter()
            .filter_map(|(name, present)| present.then_some(name))
            .collect();
    if !critical.is_empty() {
        doc.insert("critical".to_owned(), json!(critical));
    }
    if template.issued_to.is_none() {
        let _ = writeln!(io::stderr(), "note: issuedTo is blank: fill it in before signing");
    }
    let doc = Value::Object(doc);
    let text = if template.line { doc.to_string() } else { serde_json::to_string_pretty(&doc).unwrap_or_default() };
    writeln!(io::stdout().lock(), "{text}").map_err(io_error(Path::new("standard output")))
}

/// The issuer of `--key`, and a validator that trusts its public half, with
/// the same catalog. The kid is the key file's name; a `--kid` that differs,
/// or a trusted public key of that kid that is another key's, is refused.
pub(crate) fn load(signer: &Signer) -> Result<(Issuer, Validator), IssuerError> {
    let key_path = &signer.key;
    let stem = key_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let kid = match signer.kid.as_deref() {
        None => stem.clone(),
        // A kid other than the file's name is the usual way to sign with the
        // wrong key: refuse it rather than make licenses no validator accepts.
        Some(kid) if kid != stem => {
            return Err(IssuerError::Usage(format!(
                "--kid {} does not match the key file {} (its kid is {}); rename the key file or drop --kid",
                Quoted(kid),
                Escaped(&key_path.to_string_lossy()),
                Quoted(&stem)
            )));
        }
        Some(kid) => kid.to_owned(),
    };
    let pem = String::from_utf8(file::read_regular(key_path, MAX_KEY_TEXT)?)
        .map_err(|_| IssuerError::Usage(format!("{}: not a PEM key", Escaped(&key_path.to_string_lossy()))))?;
    let key = private_key_from_pem(&key_path.to_string_lossy(), &pem)?;
    // The public half with the same kid, beside the private key (as keygen
    // writes it) or trusted by this build, must be this key's.
    let mut known = Vec::new();
    if let Ok(bytes) = file::read_regular(&key_path.with_extension("pem"), MAX_KEY_TEXT) {
        known.push(TrustedKey::from_pem(&kid, &String::from_utf8_lossy(&bytes))?);
    }
    if let Ok(embedded) = airgap_license::embedded!().keys()
        && let Some(trusted) = embedded.get(&kid)
    {
        known.push(trusted.clone());
    }
    if known.iter().any(|trusted| trusted.verifying_key() != &key.verifying_key()) {
        return Err(IssuerError::Config(ConfigError::Key { source_name: kid, problem: KeyProblem::Mismatch }));
    }
    let catalog = catalog(signer.catalog.as_deref())?;
    let mut keys = KeyStore::new();
    keys.insert(TrustedKey::new(&kid, key.verifying_key())?)?;
    let validator = Validator::new(keys, Arc::clone(&catalog));
    Ok((Issuer::with_catalog(&kid, key, catalog)?, validator))
}

/// Checks one document and signs it: the license text, and the license as a
/// validator trusting this key reads it back.
pub(crate) fn sign_one(
    signer: &Signer,
    issuer: &Issuer,
    validator: &Validator,
    bytes: &[u8],
) -> Result<(String, License), IssuerError> {
    let unknown = issuer.unknown_features(bytes)?;
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|n| Quoted(n).to_string()).collect();
        let message = format!(
            "features names {} that the catalog does not know: a validator reports such a feature UNKNOWN and grants nothing by it (a misspelling?)",
            names.join(", ")
        );
        if !signer.allow_unknown_features {
            return Err(IssuerError::Usage(format!("{message}; pass --allow-unknown-features if that is intended")));
        }
        let _ = writeln!(io::stderr(), "warning: {message}");
    }
    let text = if signer.armor { issuer.sign_armored(bytes)? } else { issuer.sign(bytes)? + "\n" };
    let license = validator.verify(&text)?;
    Ok((text, license))
}

/// Writes a signed license (to `--out DIR/<licenseId>.lic`, or standard
/// output), recorded in the ledger (when there is one) before its text is
/// out: a license the ledger could not record is never written. A file
/// that exists already refuses the license before the ledger is touched.
fn deliver(signer: &Signer, ledger: Option<&mut Ledger>, text: &str, license: &License) -> Result<(), IssuerError> {
    let Some(dir) = &signer.out else {
        if let Some(ledger) = ledger {
            ledger.record(license, text)?;
        }
        return io::stdout().lock().write_all(text.as_bytes()).map_err(io_error(Path::new("standard output")));
    };
    create_dirs(dir, 0o755)?;
    let path = dir.join(format!("{}.lic", license.license_id()));
    let file = create_new(&path, 0o644)?;
    if let Some(ledger) = ledger
        && let Err(e) = ledger.record(license, text)
    {
        drop(file);
        let _ = fs::remove_file(&path);
        return Err(e);
    }
    write_synced(file, &path, text.as_bytes())?;
    let _ = writeln!(io::stderr(), "wrote {}", Escaped(&path.to_string_lossy()));
    Ok(())
}

/// The ledger of `--ledger`, opened and locked before anything is signed
/// (it numbers the documents: [`History`]) and held until every license
/// is written; with what it knows.
fn open_ledger(signer: &Signer) -> Result<Option<(Ledger, History)>, IssuerError> {
    let Some(path) = signer.ledger.as_deref() else { return Ok(None) };
    let mut ledger = Ledger::open(path)?;
    let history = History::of(&ledger.lock_and_read()?);
    Ok(Some((ledger, history)))
}

/// Reads a document or a license, one byte past `limit` at most.
fn read_input(path: &Path, limit: usize) -> Result<Vec<u8>, IssuerError> {
    Ok(input::read_input(path, u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))?)
}

/// The largest private or public key file read (PEM keys are ~120 bytes).
const MAX_KEY_TEXT: u64 = 16 * 1024;

/// The largest batch read: a thousand documents of 64 KiB.
const MAX_BATCH: usize = 64 * 1024 * 1024;

/// `sign`: one document, or with `--batch` a JSON Lines file of them, every
/// one checked and signed in memory before the first is written.
pub(crate) fn sign(sign: &Sign) -> Result<(), IssuerError> {
    let (issuer, validator) = load(&sign.signer)?;
    // Every document checked and signed as given first: a bad one stops
    // the command before the ledger is opened (or made).
    let documents = if sign.batch {
        let bytes = read_input(&sign.document, MAX_BATCH)?;
        if bytes.len() > MAX_BATCH {
            return Err(IssuerError::Usage(format!("the batch is larger than {MAX_BATCH} bytes; split it")));
        }
        bytes
            .split(|b| *b == b'\n')
            .enumerate()
            .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
            .map(|(number, line)| (Some(number + 1), line.to_vec()))
            .collect()
    } else {
        vec![(None, read_input(&sign.document, MAX_LICENSE_TEXT)?)]
    };
    let sign_line = |line: Option<usize>, bytes: &[u8]| {
        sign_one(&sign.signer, &issuer, &validator, bytes).map_err(|e| match (e, line) {
            (IssuerError::Library(source), Some(line)) => IssuerError::Batch { line, source },
            (other, _) => other,
        })
    };
    let mut signed = Vec::new();
    for (line, bytes) in &documents {
        signed.push(sign_line(*line, bytes)?);
    }
    let mut ids = std::collections::BTreeSet::new();
    if let Some((_, license)) = signed.iter().find(|(_, l)| !ids.insert(l.license_id().to_owned())) {
        return Err(IssuerError::Usage(format!(
            "the licenseId {} is in the batch twice; nothing was signed",
            Escaped(license.license_id())
        )));
    }
    // Then numbered by the ledger: a document of a licenseId it recorded
    // takes the next sequence (signed again), one a revocation list names
    // is refused.
    let mut ledger = open_ledger(&sign.signer)?;
    if let Some((_, history)) = ledger.as_mut() {
        for ((line, bytes), one) in documents.iter().zip(signed.iter_mut()) {
            if let Some(sequence) = history.renumbered(&one.1)? {
                *one = sign_line(*line, &with_sequence(bytes, sequence)?)?;
            }
        }
    }
    for (text, license) in &signed {
        deliver(&sign.signer, ledger.as_mut().map(|(l, _)| l), text, license)?;
    }
    if sign.batch {
        let _ = writeln!(io::stderr(), "{} licenses signed", signed.len());
    }
    Ok(())
}

/// A document (already checked: it signed) with `sequence` set.
fn with_sequence(bytes: &[u8], sequence: u64) -> Result<Vec<u8>, IssuerError> {
    let mut doc: Map<String, Value> = serde_json::from_slice(bytes)
        .map_err(|e| IssuerError::Usage(format!("the document is not a JSON object: {e}")))?;
    doc.insert("sequence".to_owned(), json!(sequence));
    Ok(Value::Object(doc).to_string().into_bytes())
}

/// `renew`: the successor of a license this key signed: the same document
/// with the same licenseId, `sequence` one higher (so it may be issued on
/// the same day; with a ledger, one past the highest it recorded for the
/// licenseId), issued today or later, in effect from `--not-before` (else
/// from the day it is issued), and the new expiration. A licenseId the
/// ledger's revocation list names is refused.
pub(crate) fn renew(renew: &Renew) -> Result<(), IssuerError> {
    let (issuer, validator) = load(&renew.signer)?;
    let text = read_input(&renew.license, airgap_license::MAX_LICENSE_INPUT)?;
    let old = validator
        .verify(&text)
        .map_err(|e| IssuerError::Usage(format!("the license to renew does not verify with this key: {e}")))?;
    let issued = renew.issued.unwrap_or_else(today);
    if issued < old.issued() {
        return Err(IssuerError::Usage(format!(
            "a renewal cannot be issued before the license it renews ({}), not on {issued}",
            old.issued()
        )));
    }
    let Some(sequence) = old.sequence().checked_add(1) else {
        return Err(IssuerError::Usage(format!(
            "the license's sequence is {}, the highest there is: issue a new licenseId instead",
            old.sequence()
        )));
    };
    let mut ledger = open_ledger(&renew.signer)?;
    let sequence = match ledger.as_mut() {
        None => u64::from(sequence),
        Some((_, history)) => {
            history.not_revoked(old.license_id(), issuer.kid())?;
            history.next_sequence(old.license_id(), u64::from(sequence))?
        }
    };
    let payload = decode_unverified(&text)?;
    let mut doc: Map<String, Value> = serde_json::from_slice(payload.payload())
        .map_err(|e| IssuerError::Usage(format!("the license's document is not a JSON object: {e}")))?;
    doc.insert("issued".to_owned(), json!(issued.to_string()));
    doc.insert("sequence".to_owned(), json!(sequence));
    match renew.not_before {
        Some(day) => doc.insert("notBefore".to_owned(), json!(day.to_string())),
        None => doc.remove("notBefore"),
    };
    doc.insert("expiration".to_owned(), json!(renew.until.to_string()));
    let bytes = Value::Object(doc).to_string().into_bytes();
    let (text, license) = sign_one(&renew.signer, &issuer, &validator, &bytes)?;
    deliver(&renew.signer, ledger.as_mut().map(|(l, _)| l), &text, &license)
}
