//! The commands. Each returns the verdict whose exit code ends the process;
//! errors that stop a command before a verdict come back as `CliError`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use airgap_license::chrono::{DateTime, TimeDelta, Utc};
use airgap_license::dangerous::decode_unverified;
use airgap_license::{Escaped, Judgement, License, Policy, Status, Verdict};
use airgap_license_store::{Clock, STORE_VAR, Store, default_dir, read_events};
use serde_json::Value;

use crate::args::{Cli, Command, Common, StoreArg};
use crate::audit;
use crate::error::CliError;
use crate::input::{expand, keys, read_license, validator};
use crate::output::Out;
use crate::report::{self, SAMPLE_KEY_RISK, Tally, pretty};

pub(crate) fn run(cli: Cli) -> Result<Verdict, CliError> {
    match cli.command {
        Command::Verify { common, valid_for, files } => verify(&common, valid_for, &files),
        Command::Status { common, store, file: Some(file) } => {
            // clap refuses FILE with --store; the variable alone is not a conflict.
            let _ = store;
            status(&common, &file)
        }
        Command::Status { common, store, file: None } => store_status(&common, &store),
        Command::Activate { store, license_id, keys, json, file } => {
            admit(&store, keys.as_deref(), json, &file, Admission::Activate { license_id: license_id.as_deref() })
        }
        Command::Regenerate { store, keys, json, file } => {
            admit(&store, keys.as_deref(), json, &file, Admission::Regenerate)
        }
        Command::Deactivate { store } => deactivate(&store),
        Command::Events { store } => events(&store),
        Command::Inspect { file } => inspect(&file),
        Command::Keys { keys } => list_keys(keys.as_deref()),
    }
}

/// `--at`, or the system clock: the instant a license is judged at.
fn now(at: Option<DateTime<Utc>>) -> DateTime<Utc> {
    at.unwrap_or_else(system_clock)
}

/// The system clock in whole seconds: the only place the clock is read.
fn system_clock() -> DateTime<Utc> {
    let now = DateTime::<Utc>::from(SystemTime::now());
    DateTime::<Utc>::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

fn verify(common: &Common, valid_for: Option<u32>, inputs: &[PathBuf]) -> Result<Verdict, CliError> {
    // Standard input can be read once: refuse before any work.
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(CliError::Usage("- (standard input) can be given only once".to_owned()));
    }
    let mut policy = Policy::default();
    policy.valid_for = TimeDelta::days(i64::from(valid_for.unwrap_or(0)));
    let validator = validator(common.keys.as_deref())?.with_policy(policy);
    let now = now(common.at);
    match inputs {
        [single] if single.as_os_str() == "-" || !single.is_dir() => {
            let judgement = audit::judge(&validator, now, single, &mut Vec::new());
            verify_one(common, &judgement)
        }
        _ => verify_many(common, &validator, now, &expand(inputs)?),
    }
}

/// One license: the verdict on standard output (a line, or with `--json` the
/// verdict object), whatever it is; the sample-key warning on standard error.
fn verify_one(common: &Common, judgement: &Judgement) -> Result<Verdict, CliError> {
    let mut out = Out::new();
    if common.json {
        out.line(&pretty(&judgement.to_json()))?;
    } else {
        out.line(&report::line(judgement))?;
    }
    if let Some(license) = judgement.license() {
        sample_warning(&mut out, license)?;
    }
    out.finish()?;
    Ok(judgement.verdict())
}

/// The fleet audit: one line per license in input order, written as soon as
/// it is judged, then a summary; with `--json`, the report is streamed the
/// same way. A warning about the sample key comes last, when its count is known.
fn verify_many(
    common: &Common,
    validator: &airgap_license::Validator,
    now: DateTime<Utc>,
    files: &[PathBuf],
) -> Result<Verdict, CliError> {
    // Both the report and the flush after each run of lines write to it.
    let out = RefCell::new(Out::new());
    let mut tally = Tally::default();
    let flush = || out.borrow_mut().finish();
    if common.json {
        out.borrow_mut().text("{\n  \"licenses\": [")?;
        let mut first = true;
        let emit = |judgement: &Judgement, entry: String| {
            tally.add(judgement);
            let separator = if std::mem::take(&mut first) { "\n" } else { ",\n" };
            out.borrow_mut().text(&format!("{separator}{}", indent(&entry)))
        };
        audit::judge_all(validator, now, files, report::fleet_entry, emit, flush)?;
        let mut out = out.borrow_mut();
        out.line(if first { "]," } else { "\n  ]," })?;
        out.line(&tally.json_tail())?;
    } else {
        let emit = |judgement: &Judgement, line: String| {
            tally.add(judgement);
            out.borrow_mut().line(&line)
        };
        audit::judge_all(validator, now, files, report::fleet_line, emit, flush)?;
        out.borrow_mut().line(&tally.summary_line())?;
    }
    let mut out = out.into_inner();
    if tally.samples() > 0 {
        out.warning(&format!("{} of these licenses verified by the SAMPLE key, {SAMPLE_KEY_RISK}", tally.samples()))?;
    }
    out.finish()?;
    Ok(tally.worst())
}

/// A pretty JSON entry as an element of the `licenses` array.
fn indent(entry: &str) -> String {
    entry.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

fn status(common: &Common, file: &Path) -> Result<Verdict, CliError> {
    let validator = validator(common.keys.as_deref())?;
    let now = now(common.at);
    let judgement = Judgement::of(&validator, read_license(file)?, now);
    let status = judgement.license().map_or_else(|| validator.unlicensed(), |license| license.status(now));
    let mut out = Out::new();
    if common.json {
        out.line(&pretty(&status.to_body()))?;
    } else {
        status_table(&mut out, &status)?;
    }
    if let Some(license) = judgement.license() {
        sample_warning(&mut out, license)?;
    }
    if judgement.verdict() != Verdict::Valid {
        out.error(&report::line(&judgement))?;
    }
    out.finish()?;
    Ok(judgement.verdict())
}

/// The most lines of a payload `inspect` shows: a hostile payload cannot
/// scroll the UNVERIFIED banner away unnoticed, and the warning comes last.
const INSPECT_MAX_LINES: usize = 200;

fn inspect(file: &Path) -> Result<Verdict, CliError> {
    let text = read_license(file)?;
    let mut out = Out::new();
    let unverified = match decode_unverified(&text) {
        Ok(unverified) => unverified,
        Err(e) => {
            out.error(&format!("cannot decode the license: {e}"))?;
            return Ok(Verdict::Rejected);
        }
    };
    out.line("UNVERIFIED: the signature has NOT been checked; anyone could have written what follows.")?;
    out.line("alg:       Ed25519")?;
    out.line(&format!("kid:       {}", unverified.kid()))?;
    out.line(&format!("signature: {}", unverified.signature_base64()))?;
    let payload = unverified.payload();
    out.line(&format!("payload:   {} bytes", payload.len()))?;
    match serde_json::from_slice::<Value>(payload) {
        Ok(document) => {
            // serde_json escapes control characters in strings; the one
            // escaping rule also covers format characters and separators.
            let shown = pretty(&document);
            let lines: Vec<&str> = shown.lines().collect();
            for line in lines.iter().take(INSPECT_MAX_LINES) {
                out.line(&Escaped(line).to_string())?;
            }
            if lines.len() > INSPECT_MAX_LINES {
                out.line(&format!("... ({} more lines not shown)", lines.len() - INSPECT_MAX_LINES))?;
            }
        }
        Err(_) => {
            // Not JSON: one escaped string, cut at a bound.
            let text = String::from_utf8_lossy(payload);
            let cut: String = text.chars().take(4096).collect();
            let more = if cut.len() < text.len() { " (cut)" } else { "" };
            out.line(&format!("payload (not JSON): \"{}\"{more}", Escaped(&cut)))?;
        }
    }
    out.line("UNVERIFIED: nothing above has been checked. Use `airgap-license verify` to decide anything.")?;
    out.finish()?;
    Ok(Verdict::Valid)
}

fn list_keys(dir: Option<&Path>) -> Result<Verdict, CliError> {
    let store = keys(dir)?;
    let mut out = Out::new();
    let width = store.iter().map(|k| k.kid().len()).max().unwrap_or(0);
    for key in store.iter() {
        let note = if key.is_sample() { "  (sample key: its private half is public)" } else { "" };
        out.line(&format!("{:width$}  {}{note}", key.kid(), key.fingerprint()))?;
    }
    out.finish()?;
    Ok(Verdict::Valid)
}

fn sample_warning(out: &mut Out, license: &License) -> Result<(), CliError> {
    if license.signed_by_sample_key() {
        out.warning(&format!("verified by the SAMPLE key \"{}\", {SAMPLE_KEY_RISK}", license.kid()))?;
    }
    Ok(())
}

fn status_table(out: &mut Out, status: &Status) -> Result<(), CliError> {
    out.line(&format!("licensed:   {}", status.licensed()))?;
    if let Some(expiration) = status.expiration() {
        out.line(&format!("expiration: {expiration}"))?;
    }
    if let Some(attributes) = status.license_attributes() {
        out.line("licenseAttributes:")?;
        for (name, value) in attributes {
            out.line(&format!("  {}: {}", Escaped(name), Escaped(value)))?;
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

/// The store named by `--store`, or the default location.
fn open_store(arg: &StoreArg) -> Result<Store, CliError> {
    let dir = match &arg.store {
        Some(dir) => dir.clone(),
        None => default_dir()
            .ok_or_else(|| CliError::Usage(format!("no store folder: give --store DIR or set {STORE_VAR}")))?,
    };
    Ok(Store::new(dir))
}

/// `status` with no FILE: the store's active license, verified again.
fn store_status(common: &Common, arg: &StoreArg) -> Result<Verdict, CliError> {
    let validator = validator(common.keys.as_deref())?;
    let store = open_store(arg)?;
    let outcome = store.status(&validator, Clock { system: system_clock(), at: common.at })?;
    let mut out = Out::new();
    if common.json {
        out.line(&pretty(&outcome.status.to_body()))?;
    } else {
        status_table(&mut out, &outcome.status)?;
    }
    if let Some(license) = outcome.judgement.license() {
        sample_warning(&mut out, license)?;
    }
    for warning in &outcome.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    if outcome.judgement.verdict() != Verdict::Valid {
        out.error(&report::line(&outcome.judgement))?;
    }
    out.finish()?;
    Ok(outcome.judgement.verdict())
}

/// Which of the two commands that take a license into the store.
enum Admission<'a> {
    Activate { license_id: Option<&'a str> },
    Regenerate,
}

/// `activate` and `regenerate`: the verdict line (or object) on standard
/// output, saying whether the store took the license.
fn admit(
    arg: &StoreArg,
    keys: Option<&Path>,
    json: bool,
    file: &Path,
    admission: Admission<'_>,
) -> Result<Verdict, CliError> {
    let validator = validator(keys)?;
    let store = open_store(arg)?;
    let text = read_license(file)?;
    let clock = Clock::system(system_clock());
    let (outcome, done) = match admission {
        Admission::Activate { license_id } => (store.activate(&validator, &text, license_id, clock)?, "activated"),
        Admission::Regenerate => (store.regenerate(&validator, &text, clock)?, "regenerated"),
    };
    let mut out = Out::new();
    if json {
        let mut body = outcome.judgement.to_json();
        if let Value::Object(object) = &mut body {
            object.insert("stored".to_owned(), Value::Bool(outcome.stored));
        }
        out.line(&pretty(&body))?;
    } else {
        let what = if outcome.stored { done } else { "refused, the store left as it was" };
        out.line(&format!("{what}: {}", report::line(&outcome.judgement)))?;
    }
    if let Some(license) = outcome.judgement.license() {
        sample_warning(&mut out, license)?;
    }
    for warning in &outcome.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    out.finish()?;
    Ok(outcome.judgement.verdict())
}

/// `deactivate`: 0 whether or not a license was active.
fn deactivate(arg: &StoreArg) -> Result<Verdict, CliError> {
    let store = open_store(arg)?;
    let done = store.deactivate(Policy::default(), Clock::system(system_clock()))?;
    let mut out = Out::new();
    match &done.removed {
        Some(id) => out.line(&format!(
            "deactivated: license {} removed from {}",
            Escaped(id),
            Escaped(&store.dir().to_string_lossy())
        ))?,
        None => out.line(&format!(
            "no license is active in {}: nothing to deactivate",
            Escaped(&store.dir().to_string_lossy())
        ))?,
    }
    for warning in &done.warnings {
        out.warning(&Escaped(warning).to_string())?;
    }
    out.finish()?;
    Ok(Verdict::Valid)
}

/// `events`: the log, one JSON object per line (lines torn by a crash skipped).
fn events(arg: &StoreArg) -> Result<Verdict, CliError> {
    let store = open_store(arg)?;
    let mut out = Out::new();
    for event in read_events(store.dir())? {
        out.line(&event.to_string())?;
    }
    out.finish()?;
    Ok(Verdict::Valid)
}
