//! The store's commands: activate, regenerate, deactivate, events,
//! clock-reset, machine, request, and status with no FILE.

use std::path::Path;

use airgap_license::chrono::{DateTime, SecondsFormat, Utc};
use airgap_license::{Escaped, Policy, Verdict, json_text};
use airgap_license_store::{Clock, StoreRefusal};

use crate::args::{Common, MachineArg, StoreArg, Trust};
use crate::clock::system_clock;
use crate::error::CliError;
use crate::here::{existing_store, open_store};
use crate::input::{read_license, validator};
use crate::output::{Out, create_output};
use crate::report::{self, pretty, status_table};

/// `status` with no FILE: the store's active license, verified again.
pub(crate) fn status(common: &Common, arg: &StoreArg, machine: &MachineArg) -> Result<Verdict, CliError> {
    let validator = validator(&common.trust, None)?;
    let store = open_store(arg, Some(machine))?;
    let outcome = store.status(&validator, Clock { system: system_clock(), at: common.at })?;
    let mut out = Out::new();
    if common.json {
        let mut body = outcome.status.to_body();
        if let (Some(pending), serde_json::Value::Object(members)) = (&outcome.pending, &mut body) {
            members.insert("pending".to_owned(), pending.to_json());
        }
        out.line(&pretty(&body))?;
    } else {
        status_table(&mut out, &outcome.status)?;
        if let Some(pending) = &outcome.pending {
            out.line(&pending_line(pending))?;
        }
    }
    report::judgement_warnings(&mut out, &outcome.judgement)?;
    for warning in &outcome.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    if outcome.judgement.exit_code() != 0 {
        out.error(&report::line(&outcome.judgement))?;
    }
    out.finish()?;
    Ok(outcome.judgement.verdict())
}

/// Which of the two commands that take a license into the store.
pub(crate) enum Admission<'a> {
    Activate { license_id: Option<&'a str> },
    Regenerate,
}

/// `activate` and `regenerate`: the verdict line (or object) on standard
/// output, saying whether the store took the license.
pub(crate) fn admit(
    arg: &StoreArg,
    machine: &MachineArg,
    trust: &Trust,
    json: bool,
    file: &Path,
    admission: Admission<'_>,
) -> Result<Verdict, CliError> {
    let validator = validator(trust, None)?;
    let store = open_store(arg, Some(machine))?;
    let text = read_license(file)?;
    let clock = Clock::system(system_clock());
    let (outcome, done) = match admission {
        Admission::Activate { license_id } => (store.activate(&validator, &text, license_id, clock)?, "activated"),
        Admission::Regenerate => (store.regenerate(&validator, &text, clock)?, "regenerated"),
    };
    let mut out = Out::new();
    if json {
        out.line(&pretty(&outcome.to_json()))?;
    } else if let Some(pending) = outcome.pending.as_ref().filter(|_| !outcome.stored) {
        out.line(&format!(
            "{}; the active license stays in use: {}",
            pending_line(pending),
            report::line(&outcome.judgement)
        ))?;
    } else {
        let what = if outcome.stored { done } else { "refused, the store left as it was" };
        out.line(&format!("{what}: {}", report::line(&outcome.judgement)))?;
    }
    report::judgement_warnings(&mut out, &outcome.judgement)?;
    for warning in &outcome.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    out.finish()?;
    Ok(outcome.judgement.verdict())
}

/// A renewal the store holds: `pending: license ID (sequence 2, issued
/// 2026-11-30) takes over at 2027-01-01T00:00:00Z`.
fn pending_line(pending: &airgap_license_store::Pending) -> String {
    format!(
        "pending: license {} (sequence {}, issued {}) takes over at {}",
        Escaped(&pending.license_id),
        pending.sequence,
        pending.issued,
        pending.takes_over_at.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

/// `deactivate`: 0 whether or not a license was active. For a license
/// bound to this machine, the release receipt goes to `--receipt FILE`
/// (created before anything changes, so that a file that cannot be made
/// stops the command with the key intact) or standard output; it is also
/// kept in the store and its log, so a receipt lost on the way is not a
/// seat lost.
pub(crate) fn deactivate(arg: &StoreArg, receipt_file: Option<&Path>) -> Result<(), CliError> {
    let store = open_store(arg, None)?;
    let mut receipt_out = receipt_file.map(create_output).transpose()?;
    let done = match store.deactivate(Policy::default(), Clock::system(system_clock())) {
        Ok(done) => done,
        Err(e) => {
            if let Some(file) = receipt_out.take() {
                file.discard();
            }
            return Err(e.into());
        }
    };
    let mut out = Out::new();
    let dir = Escaped(&store.dir().to_string_lossy()).to_string();
    match (done.removed.as_ref().zip(done.receipt.as_ref()), receipt_out) {
        (Some((id, receipt)), Some(file)) => {
            let path = Escaped(&file.path().to_string_lossy()).to_string();
            file.write(receipt.as_bytes())?;
            out.line(&format!(
                "deactivated: license {} removed from {dir}, this store's device key destroyed; release receipt written to {path} (give it to the vendor to free the seat)",
                Escaped(id),
            ))?;
        }
        (Some((id, receipt)), None) => {
            out.text(receipt)?;
            out.warning(&format!(
                "deactivated: license {} removed from {dir}, this store's device key destroyed; the release receipt above frees the seat (airgap-license-issuer release; `airgap-license receipt` prints it again)",
                Escaped(id)
            ))?;
        }
        (None, receipt_out) => {
            if let Some(file) = receipt_out {
                file.discard();
                out.warning("no release receipt: the license was not bound to this machine")?;
            }
            match &done.removed {
                Some(id) => out.line(&format!("deactivated: license {} removed from {dir}", Escaped(id)))?,
                None => out.line(&format!("no license is active in {dir}: nothing to deactivate"))?,
            }
        }
    }
    for warning in &done.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    out.finish()?;
    Ok(())
}

/// `machine`: the device key's fingerprint and the components' names.
pub(crate) fn machine(arg: &StoreArg, machine: &MachineArg, json: bool) -> Result<(), CliError> {
    let store = open_store(arg, Some(machine))?;
    let report = store.machine()?;
    let mut out = Out::new();
    if json {
        let mut body = report.to_json();
        if let serde_json::Value::Object(members) = &mut body {
            members.insert("store".to_owned(), serde_json::json!(store.dir().to_string_lossy()));
        }
        out.line(&pretty(&body))?;
    } else {
        let created = if report.created { " (made now)" } else { "" };
        out.line(&format!("device key: {}{created}", report.device_fingerprint))?;
        let names: Vec<String> = report.components.iter().map(|n| Escaped(n).to_string()).collect();
        let names = if names.is_empty() { "none found".to_owned() } else { names.join(", ") };
        out.line(&format!("components: {names}"))?;
        out.line(&format!("label:      {}", Escaped(&report.label)))?;
        out.line(&format!("store:      {}", Escaped(&store.dir().to_string_lossy())))?;
    }
    out.finish()?;
    Ok(())
}

/// `request`: the armored request on standard output or in `--out FILE`
/// (created, never overwritten), and with `--qr` as a QR code too.
pub(crate) fn request(
    arg: &StoreArg,
    machine: &MachineArg,
    trust: &Trust,
    out_file: Option<&Path>,
    qr: bool,
    file: &Path,
) -> Result<Verdict, CliError> {
    let validator = validator(trust, None)?;
    let store = open_store(arg, Some(machine))?;
    let text = read_license(file)?;
    let outcome = store.request(&validator, &text, Clock::system(system_clock()))?;
    let mut out = Out::new();
    let Some(request) = &outcome.text else {
        out.error(&format!("no request: {}", report::line(&outcome.judgement)))?;
        out.finish()?;
        return Ok(outcome.judgement.verdict());
    };
    match out_file {
        Some(path) => {
            create_output(path)?.write(request.as_bytes())?;
            out.warning(&format!("request written to {}", Escaped(&path.to_string_lossy())))?;
        }
        None => out.text(request)?,
    }
    if qr {
        out.for_the_terminal(&crate::qr::terminal(request)?)?;
    }
    report::judgement_warnings(&mut out, &outcome.judgement)?;
    for warning in &outcome.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    out.finish()?;
    // A request was made: the command did its job (the license itself is
    // not in effect here until the bound license comes back).
    Ok(Verdict::Valid)
}

/// `events`: the log, one JSON object per line (lines torn by a crash
/// skipped), streamed: memory stays bounded whatever the log's size.
pub(crate) fn events(arg: &StoreArg) -> Result<(), CliError> {
    let store = existing_store(arg)?;
    let mut out = Out::new();
    for event in store.events()? {
        out.line(&json_text(&event?))?;
    }
    out.finish()?;
    Ok(())
}

/// `receipt`: the last release receipt the store wrote, printed again (a
/// receipt lost on its way out, to a full disk or a closed terminal, is not
/// a seat lost).
pub(crate) fn receipt(arg: &StoreArg) -> Result<(), CliError> {
    let store = existing_store(arg)?;
    let Some(receipt) = store.last_receipt()? else {
        let store = store.dir().to_string_lossy().into_owned();
        return Err(CliError::Usage(StoreRefusal::NoReceipt { store }.to_string()));
    };
    let mut out = Out::new();
    out.text(&receipt)?;
    out.finish()?;
    Ok(())
}

/// `clock-reset`: the store's clock mark set to the system clock, logged,
/// and said.
/// `revocations --store`: imports a list; 0 imported, 1 refused (not
/// newer), 2 a list that does not verify.
pub(crate) fn revocations(arg: &StoreArg, keys: Option<&Path>, json: bool, file: &Path) -> Result<Verdict, CliError> {
    let trust = Trust { keys: keys.map(Path::to_path_buf), catalog: None, revocations: None };
    let validator = validator(&trust, None)?;
    let store = open_store(arg, None)?;
    // One byte past the limit, which the library then refuses by name.
    let max = u64::try_from(airgap_license::MAX_REVOCATIONS_TEXT).unwrap_or(u64::MAX).saturating_add(1);
    let text = crate::input::read_input(file, max)?;
    let done = store.import_revocations(&validator, &text, Clock::system(system_clock()))?;
    let dir = Escaped(&store.dir().to_string_lossy()).to_string();
    let mut out = Out::new();
    if json {
        out.line(&pretty(&serde_json::json!({
            "imported": done.refusal.is_none(),
            "sequence": done.sequence,
            "previousSequence": done.previous,
            "revoked": done.revoked,
            "repaired": done.repaired,
            "alreadyImported": done.already_imported,
            "message": done.refusal.as_ref().map(ToString::to_string),
        })))?;
    } else if let Some(refusal) = &done.refusal {
        out.error(&format!("refused: {refusal}"))?;
    } else if done.already_imported {
        out.line(&format!("already imported: {dir} keeps revocation list {} already; nothing changed", done.sequence))?;
    } else if done.repaired {
        out.line(&format!(
            "revocation list {} was recorded in {dir} but its file was not written (interrupted): written now",
            done.sequence
        ))?;
    } else {
        let was = done.previous.map_or_else(|| "none before".to_owned(), |p| format!("was list {p}"));
        out.line(&format!("revocation list {} imported into {dir} ({was})", done.sequence))?;
        for id in &done.revoked {
            out.line(&format!("revoked: license {} removed from the store", Escaped(id)))?;
        }
    }
    for warning in &done.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    out.finish()?;
    Ok(if done.refusal.is_some() { Verdict::Rejected } else { Verdict::Valid })
}

pub(crate) fn clock_reset(arg: &StoreArg) -> Result<(), CliError> {
    let store = open_store(arg, None)?;
    let dir = store.dir().to_string_lossy().into_owned();
    let mut out = Out::new();
    let Some(reset) = store.clock_reset(system_clock())? else {
        out.line(&format!("no store in {}: nothing to reset", Escaped(&dir)))?;
        out.finish()?;
        return Ok(());
    };
    let instant = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let previous = reset.previous.map_or_else(|| "none".to_owned(), instant);
    out.line(&format!(
        "clock mark of {} reset: was {previous}, now {} (the system clock); logged as license.clock.reset",
        Escaped(&dir),
        instant(reset.mark)
    ))?;
    for warning in &reset.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    out.finish()?;
    Ok(())
}
