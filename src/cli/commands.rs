//! The four commands. Each returns the verdict's exit code; errors that stop
//! a command before a verdict come back as `CliError`.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use airgap_license::chrono::{DateTime, TimeDelta, Utc};
use airgap_license::dangerous::decode_unverified;
use airgap_license::{Error, License, Policy, Status, Validator};
use serde_json::{Value, json};

use super::args::{Cli, Command, Common};
use super::audit::{self, Verdict};
use super::error::CliError;
use super::exit::Exit;
use super::input::{read_keys, read_license, validator};
use super::output::{Out, printable};

/// Why a license verified by the sample key deserves a warning.
const SAMPLE_KEY_RISK: &str = "whose private half ships with airgap-license: anyone can sign such a license. Replace keys/ before shipping (README: \"Your own keys\").";

pub(crate) fn run(cli: Cli) -> Result<Exit, CliError> {
    match cli.command {
        Command::Verify { common, valid_for, files } => verify(&common, valid_for, &files),
        Command::Status { common, file } => status(&common, &file),
        Command::Inspect { file } => inspect(&file),
        Command::Keys { keys } => list_keys(keys.as_deref()),
    }
}

/// `--at`, or the system clock: the only place the clock is read.
fn now(at: Option<DateTime<Utc>>) -> DateTime<Utc> {
    at.unwrap_or_else(|| DateTime::<Utc>::from(SystemTime::now()))
}

fn verify(common: &Common, valid_for: Option<u32>, inputs: &[PathBuf]) -> Result<Exit, CliError> {
    // Standard input can be read once: refuse before any work.
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(CliError::Usage("- (standard input) can be given only once".to_owned()));
    }
    let mut policy = Policy::default();
    policy.valid_for = TimeDelta::days(i64::from(valid_for.unwrap_or(0)));
    let validator = validator(common.keys.as_deref())?.with_policy(policy);
    let now = now(common.at);
    match inputs {
        [single] if !single.is_dir() => verify_one(common, &validator, now, single),
        _ => verify_many(common, &validator, now, &audit::expand(inputs)?),
    }
}

fn verify_one(common: &Common, validator: &Validator, now: DateTime<Utc>, file: &Path) -> Result<Exit, CliError> {
    let (license, outcome) = match audit::judge(validator, now, file) {
        Verdict::Unreadable(e) => return Err(e),
        Verdict::Rejected(e) => return reject(&mut Out::new(), common.json, &e, "license rejected"),
        Verdict::Judged(license, outcome) => (license, outcome),
    };
    let mut out = Out::new();
    sample_warning(&mut out, common.json, &license)?;
    match outcome {
        Ok(()) if common.json => out.line(&pretty(&verdict_json(&license)))?,
        Ok(()) => out.line(&format!("valid: {}", summary(&license)))?,
        Err(e) => return reject(&mut out, common.json, &e, &summary(&license)),
    }
    out.finish()?;
    Ok(Exit::InEffect)
}

/// The fleet audit: one line per license in input order, then a summary.
/// Lines are written as the licenses are judged; a warning about the sample
/// key comes last, when its count is known.
fn verify_many(
    common: &Common,
    validator: &Validator,
    now: DateTime<Utc>,
    files: &[PathBuf],
) -> Result<Exit, CliError> {
    let mut out = Out::new();
    let mut tally = audit::Tally::default();
    if common.json {
        let mut entries = Vec::with_capacity(files.len());
        audit::judge_all(validator, now, files, audit::json_entry, |reported| {
            tally.add(&reported);
            entries.push(reported.report);
            Ok(())
        })?;
        out.line(&pretty(&tally.json_report(entries)))?;
    } else {
        let line = |path: &Path, verdict: &Verdict| {
            let detail = match verdict {
                Verdict::Unreadable(e) => e.to_string(),
                Verdict::Rejected(e) => e.to_string(),
                Verdict::Judged(license, Ok(())) => summary(license),
                Verdict::Judged(license, Err(e)) => format!("{}: {e}", summary(license)),
            };
            format!("{}: {}: {detail}", printable(&path.display().to_string()), audit::word(verdict.exit()))
        };
        audit::judge_all(validator, now, files, line, |reported| {
            tally.add(&reported);
            out.line(&reported.report)
        })?;
        out.line(&tally.summary_line())?;
    }
    if tally.samples() > 0 {
        out.warning(&format!("{} of these licenses verified by the SAMPLE key, {SAMPLE_KEY_RISK}", tally.samples()))?;
    }
    out.finish()?;
    Ok(tally.worst())
}

fn status(common: &Common, file: &Path) -> Result<Exit, CliError> {
    let validator = validator(common.keys.as_deref())?;
    let now = now(common.at);
    let (status, outcome, license) = match audit::judge(&validator, now, file) {
        Verdict::Unreadable(e) => return Err(e),
        Verdict::Rejected(e) => (validator.unlicensed(), Err(e), None),
        Verdict::Judged(license, outcome) => (license.status(now), outcome, Some(license)),
    };
    let mut out = Out::new();
    if let Some(license) = &license {
        sample_warning(&mut out, common.json, license)?;
    }
    if common.json {
        out.line(&pretty(&status.to_body()))?;
    } else {
        status_table(&mut out, &status)?;
    }
    match outcome {
        Ok(()) => {
            out.finish()?;
            Ok(Exit::InEffect)
        }
        Err(e) => {
            let context = license.as_deref().map_or_else(|| "license rejected".to_owned(), summary);
            out.error(&format!("{context}: {e}"))?;
            Ok(e.kind().into())
        }
    }
}

fn inspect(file: &Path) -> Result<Exit, CliError> {
    let text = read_license(file)?;
    let mut out = Out::new();
    let unverified = match decode_unverified(&text) {
        Ok(unverified) => unverified,
        Err(e) => return reject(&mut out, false, &e, "cannot decode the license"),
    };
    out.line("UNVERIFIED: the signature has NOT been checked; anyone could have written what follows.")?;
    out.line("Use `airgap-license verify` to decide anything.")?;
    out.line("alg:       Ed25519")?;
    out.line(&format!("kid:       {}", unverified.kid()))?;
    out.line(&format!("signature: {}", unverified.signature_base64()))?;
    let payload = unverified.payload();
    out.line(&format!("payload:   {} bytes", payload.len()))?;
    let shown = match serde_json::from_slice::<Value>(payload) {
        Ok(document) => pretty(&document),
        Err(_) => String::from_utf8_lossy(payload).into_owned(),
    };
    for line in shown.lines() {
        out.line(&printable(line))?;
    }
    out.finish()?;
    Ok(Exit::InEffect)
}

fn list_keys(dir: Option<&Path>) -> Result<Exit, CliError> {
    let store = match dir {
        Some(dir) => read_keys(dir)?,
        None => Validator::embedded()?.keys().clone(),
    };
    let mut out = Out::new();
    if store.is_empty() {
        out.warning("no trusted keys: every license will be rejected")?;
    }
    let width = store.iter().map(|k| k.kid().len()).max().unwrap_or(0);
    for key in store.iter() {
        let note = if key.is_sample() { "  (sample key: its private half is public)" } else { "" };
        out.line(&format!("{:width$}  {}{note}", key.kid(), key.fingerprint()))?;
    }
    out.finish()?;
    Ok(Exit::InEffect)
}

/// Reports a negative verdict: the Errors object on stdout with `--json`, and
/// always a line on stderr.
fn reject(out: &mut Out, json: bool, e: &Error, context: &str) -> Result<Exit, CliError> {
    if json {
        out.line(&pretty(&e.errors_body()))?;
    }
    out.error(&format!("{context}: {e}"))?;
    Ok(e.kind().into())
}

fn sample_warning(out: &mut Out, json: bool, license: &License) -> Result<(), CliError> {
    if !license.signed_by_sample_key() {
        return Ok(());
    }
    let message = format!("verified by the SAMPLE key \"{}\", {SAMPLE_KEY_RISK}", license.kid());
    if json { out.warning(&message) } else { out.line(&format!("warning: {message}")) }
}

/// Licensee, plan, key and expiration in one phrase.
fn summary(license: &License) -> String {
    format!(
        "\"{}\", plan {} ({}), key {}, expires {} (license {})",
        printable(license.issued_to()),
        printable(license.plan()),
        printable(license.license_type()),
        license.kid(),
        license.expiration(),
        license.license_id()
    )
}

pub(crate) fn verdict_json(license: &License) -> Value {
    json!({
        "valid": true,
        "licenseId": license.license_id(),
        "issuedTo": license.issued_to(),
        "kid": license.kid(),
        "sampleKey": license.signed_by_sample_key(),
        "issued": license.issued().to_string(),
        "notBefore": license.not_before().to_string(),
        "expiration": license.expiration().to_string(),
        "licenseAttributes": license.attributes(),
    })
}

fn status_table(out: &mut Out, status: &Status) -> Result<(), CliError> {
    out.line(&format!("licensed:   {}", status.licensed()))?;
    if let Some(expiration) = status.expiration() {
        out.line(&format!("expiration: {expiration}"))?;
    }
    if let Some(attributes) = status.license_attributes() {
        out.line("licenseAttributes:")?;
        for (name, value) in attributes {
            out.line(&format!("  {}: {}", printable(name), printable(value)))?;
        }
    }
    let width = status.features().map(|(name, _)| name.len()).max().unwrap_or(0);
    out.line("")?;
    out.line(&format!("{:width$}  STATUS", "FEATURE"))?;
    for (name, state) in status.features() {
        out.line(&format!("{name:width$}  {state}"))?;
    }
    Ok(())
}

fn pretty(value: &Value) -> String {
    // Serializing a Value cannot fail: its keys are strings.
    serde_json::to_string_pretty(value).unwrap_or_default()
}
