//! `revoke`: the next revocation list. The ledger holds every list written
//! (its sequence, day and entries), so that each list is one higher than
//! the last and holds everything revoked so far; the new list is recorded
//! under the ledger's lock before it is written anywhere.

use std::collections::BTreeSet;
use std::io::{self, Write as _};
use std::path::Path;

use airgap_license::{Escaped, RevocationList, canonical_license_id};
use serde_json::{Value, json};

use crate::issuer::args::{Revoke, Signer};
use crate::issuer::ledger::{LastList, Ledger, REVOCATIONS_EVENT};
use crate::issuer::workflow::load;
use crate::issuer::{IssuerError, create_new, io_error, write_synced};

pub(crate) fn revoke(revoke: &Revoke) -> Result<(), IssuerError> {
    let signer = Signer {
        key: revoke.key.clone(),
        kid: revoke.kid.clone(),
        armor: false,
        out: None,
        ledger: Some(revoke.ledger.clone()),
        catalog: None,
        allow_unknown_features: false,
    };
    let (issuer, _) = load(&signer)?;
    let ids = revoke
        .license_ids
        .iter()
        .map(|id| {
            canonical_license_id(id).ok_or_else(|| {
                IssuerError::Usage(format!("{} is not a licenseId (8-4-4-4-12 hex digits)", Escaped(id)))
            })
        })
        .collect::<Result<BTreeSet<_>, _>>()?;
    let out = revoke.out.as_deref().map(|path| create_new(path, 0o644).map(|file| (file, path))).transpose()?;
    let written = record_and_write(revoke, &issuer, ids, out);
    if let (Err(_), Some(path)) = (&written, revoke.out.as_deref()) {
        // The file made for the list, empty: nothing was recorded.
        let _ = std::fs::remove_file(path);
    }
    written
}

/// The licenseIds of `ids` that no license line of the ledger holds.
fn never_issued<'a>(entries: &[Value], ids: &'a BTreeSet<String>) -> Vec<&'a String> {
    let issued: BTreeSet<&str> = entries
        .iter()
        .filter(|e| e.get("event").is_none())
        .filter_map(|e| e.get("licenseId").and_then(Value::as_str))
        .collect();
    ids.iter().filter(|id| !issued.contains(id.as_str())).collect()
}

/// Under the ledger's lock: the next list from the last one, recorded, then
/// written to `out` or standard output.
fn record_and_write(
    revoke: &Revoke,
    issuer: &airgap_license::issuer::Issuer,
    ids: BTreeSet<String>,
    out: Option<(std::fs::File, &Path)>,
) -> Result<(), IssuerError> {
    let mut ledger = Ledger::open(&revoke.ledger)?;
    let entries = ledger.lock_and_read()?;
    let LastList { sequence: last, mut license_ids, mut kids, .. } = LastList::of(&entries);
    let given_kids: BTreeSet<String> = revoke.all_signed_by.iter().cloned().collect();
    if revoke.unrevoke {
        let absent: Vec<&String> = ids.difference(&license_ids).chain(given_kids.difference(&kids)).collect();
        if let Some(first) = absent.first() {
            return Err(IssuerError::Usage(format!(
                "{} is not on the last list (sequence {last}): nothing to unrevoke; nothing was written",
                Escaped(first)
            )));
        }
        license_ids.retain(|id| !ids.contains(id));
        kids.retain(|kid| !given_kids.contains(kid));
    } else {
        for id in never_issued(&entries, &ids) {
            // Not refused (a license may come from another ledger), but a
            // typo would otherwise pass unseen.
            let _ = writeln!(
                io::stderr(),
                "warning: licenseId {id} was never issued in {}; revoked all the same",
                Escaped(&revoke.ledger.display().to_string())
            );
        }
        license_ids.extend(ids);
        kids.extend(given_kids);
    }
    let sequence = last
        .checked_add(1)
        .ok_or_else(|| IssuerError::Usage("the ledger's last list has the highest sequence there is".to_owned()))?;
    let issued = revoke.issued.unwrap_or_else(|| crate::clock::system_clock().date_naive());
    let usage = |e: airgap_license::RevocationError| IssuerError::Usage(e.to_string());
    let list = RevocationList::new(issuer.kid(), sequence, issued, &license_ids, &kids)
        .and_then(|list| list.with_license_digests(released(&entries)))
        .map_err(usage)?;
    let (list, text) = issuer.sign_revocations(list).map_err(usage)?;
    ledger.append(&[json!({
        "event": REVOCATIONS_EVENT,
        "sequence": sequence,
        "issued": issued.to_string(),
        "kid": issuer.kid(),
        "licenseIds": list.license_ids(),
        "kids": list.kids(),
        "licenseDigests": list.license_digests(),
        "sha256": airgap_license::sha256_hex(text.as_bytes()),
        "at": crate::clock::system_clock().to_rfc3339_opts(airgap_license::chrono::SecondsFormat::Secs, true),
    })])?;
    match out {
        Some((file, path)) => write_synced(file, path, text.as_bytes())?,
        None => io::stdout().lock().write_all(text.as_bytes()).map_err(io_error(Path::new("standard output")))?,
    }
    let _ = writeln!(
        io::stderr(),
        "{list}: {} licenseIds, {} key ids, {} released bindings revoked",
        list.license_ids().len(),
        list.kids().len(),
        list.license_digests().len()
    );
    Ok(())
}

/// The digests of every bound license whose seat the ledger counted as
/// released: each list names them all, so that a store restored from
/// before its release stops at its next list.
fn released(entries: &[Value]) -> BTreeSet<String> {
    entries
        .iter()
        .filter(|e| e.get("event").and_then(Value::as_str) == Some("release"))
        .filter_map(|e| e.get("license").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}
