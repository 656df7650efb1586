//! The commands. Each returns the verdict whose exit code ends the process;
//! errors that stop a command before a verdict come back as `CliError`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use airgap_license::chrono::{DateTime, TimeDelta, Utc};
use airgap_license::dangerous::decode_unverified;
use airgap_license::{Escaped, Judgement, Validator, Verdict};
use serde_json::Value;

use crate::args::{Cli, Command, Common, Format};
use crate::audit;
use crate::clock::now;
use crate::error::CliError;
use crate::exit::Ended;
use crate::input::{catalog, expand, keys, read_license, validator};
use crate::output::Out;
use crate::report::{self, Extras, SAMPLE_KEY_RISK, Tally, pretty, status_table};
use crate::{explain, store_commands};
use airgap_license_store::Here;

/// Runs the command: a verdict for those that judge a license, `Done` for
/// those that judge none.
pub(crate) fn run(cli: Cli) -> Result<Ended, CliError> {
    let judged = match cli.command {
        Command::Verify { common, release, valid_for, expiring_within, format, recursive, here, files } => {
            let format = match (common.json, format) {
                (true, Format::Text | Format::Json) => Format::Json,
                (true, _) => {
                    return Err(CliError::Usage("--json and --format table or tsv contradict each other".to_owned()));
                }
                (false, format) => format,
            };
            let here = crate::here::from_args(&here);
            let report = Report {
                format,
                extras: Extras { expiring_within, any_machine: here.is_any_machine(), fleet: false },
                recursive,
            };
            verify(&common, release.release_date, valid_for, &report, &here, &files)
        }
        Command::Status { common, store, machine, file: Some(file) } => {
            // clap refuses FILE with --store: a bound license is judged
            // against the default store's device key.
            status(&common, &crate::here::this_machine(&store, &machine), &file)
        }
        Command::Status { common, store, machine, file: None } => store_commands::status(&common, &store, &machine),
        Command::Explain { common, release, store, machine, file, feature } => {
            explain::explain(&common, release.release_date, &store, &machine, &file, feature.as_deref())
        }
        Command::Timeline { trust, release, json, file } => {
            explain::timeline(&trust, release.release_date, json, &file)
        }
        Command::Activate { store, machine, license_id, trust, json, file } => store_commands::admit(
            &store,
            &machine,
            &trust,
            json,
            &file,
            store_commands::Admission::Activate { license_id: license_id.as_deref() },
        ),
        Command::Regenerate { store, machine, trust, json, file } => {
            store_commands::admit(&store, &machine, &trust, json, &file, store_commands::Admission::Regenerate)
        }
        Command::Deactivate { store, receipt } => {
            return store_commands::deactivate(&store, receipt.as_deref()).map(|()| Ended::Done);
        }
        Command::Receipt { store } => {
            return store_commands::receipt(&store).map(|()| Ended::Done);
        }
        Command::Machine { store, machine, json } => {
            return store_commands::machine(&store, &machine, json).map(|()| Ended::Done);
        }
        Command::Request { store, machine, trust, out, qr, file } => {
            store_commands::request(&store, &machine, &trust, out.as_deref(), qr, &file)
        }
        Command::Events { store } => return store_commands::events(&store).map(|()| Ended::Done),
        Command::Revocations { store, keys, json, file } => {
            store_commands::revocations(&store, keys.as_deref(), json, &file)
        }
        Command::ClockReset { store } => return store_commands::clock_reset(&store).map(|()| Ended::Done),
        // Inspect decodes without verifying: 1 when it cannot even decode.
        Command::Inspect { json, file } => inspect(json, &file),
        Command::Keys { keys, json } => return list_keys(keys.as_deref(), json).map(|()| Ended::Done),
        Command::Catalog { catalog, json } => return show_catalog(catalog.as_deref(), json).map(|()| Ended::Done),
    };
    judged.map(Ended::Judged)
}

/// How `verify` reports.
struct Report {
    format: Format,
    extras: Extras,
    recursive: bool,
}

fn verify(
    common: &Common,
    release_date: Option<airgap_license::chrono::NaiveDate>,
    valid_for: Option<u32>,
    report: &Report,
    here: &Here,
    inputs: &[PathBuf],
) -> Result<Verdict, CliError> {
    // Standard input can be read once: refuse before any work.
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(CliError::Usage("- (standard input) can be given only once".to_owned()));
    }
    let validator = validator(&common.trust, release_date)?;
    // The validator's policy (its release date) with `--valid-for`.
    let mut policy = validator.policy();
    policy.valid_for = TimeDelta::days(i64::from(valid_for.unwrap_or(0)));
    let validator = validator.with_policy(policy);
    let now = now(common.at);
    match inputs {
        [single]
            if matches!(report.format, Format::Text | Format::Json)
                && (single.as_os_str() == "-" || !single.is_dir()) =>
        {
            let judgement = audit::judge(&validator, here, now, single, &mut Vec::new());
            verify_one(report, &judgement)
        }
        _ => verify_many(report, &validator, here, now, &expand(inputs, report.recursive)?),
    }
}

/// One license: the verdict on standard output (a line, or with `--json` the
/// verdict object), whatever it is; the sample-key warning on standard error.
fn verify_one(report: &Report, judgement: &Judgement) -> Result<Verdict, CliError> {
    let mut out = Out::new();
    if report.format == Format::Json {
        out.line(&pretty(&report::verdict_json(judgement, report.extras)))?;
    } else {
        out.line(&report::line_with(judgement, report.extras))?;
    }
    report::judgement_warnings(&mut out, judgement)?;
    out.finish()?;
    Ok(judgement.verdict())
}

/// The fleet audit: one line (or row, or JSON entry) per license in input
/// order, written as soon as it is judged, then a summary, the duplicated
/// licenseIds, and a warning about the sample key once its count is known.
/// Only `--format table` waits for the whole report, to size its columns.
fn verify_many(
    report: &Report,
    validator: &Validator,
    here: &Here,
    now: DateTime<Utc>,
    files: &[PathBuf],
) -> Result<Verdict, CliError> {
    // Both the report and the flush after each run of lines write to it.
    let out = RefCell::new(Out::new());
    let mut tally = Tally::default();
    let flush = || out.borrow_mut().finish();
    let extras = Extras { fleet: true, ..report.extras };
    match report.format {
        Format::Json => {
            out.borrow_mut().text("{\n  \"licenses\": [")?;
            let mut first = true;
            let entry = |path: &Path, judgement: &Judgement| report::fleet_entry(path, judgement, extras);
            let emit = |path: &Path, judgement: &Judgement, entry: String| {
                tally.add(path, judgement, extras);
                let separator = if std::mem::take(&mut first) { "\n" } else { ",\n" };
                out.borrow_mut().text(&format!("{separator}{}", indent(&entry)))
            };
            audit::judge_all(validator, here, now, files, entry, emit, flush)?;
            let mut out = out.borrow_mut();
            out.line(if first { "]," } else { "\n  ]," })?;
            out.line(&tally.json_tail())?;
        }
        Format::Text => {
            let line = |path: &Path, judgement: &Judgement| report::fleet_line(path, judgement, extras);
            let emit = |path: &Path, judgement: &Judgement, line: String| {
                tally.add(path, judgement, extras);
                out.borrow_mut().line(&line)
            };
            audit::judge_all(validator, here, now, files, line, emit, flush)?;
            let mut out = out.borrow_mut();
            out.line(&tally.summary_line())?;
            for line in tally.duplicate_lines() {
                out.line(&line)?;
            }
        }
        Format::Tsv => {
            out.borrow_mut().line(&report::tsv_row(&report::COLUMNS.map(str::to_owned)))?;
            let row = |path: &Path, judgement: &Judgement| report::cells(path, judgement, extras);
            let emit = |path: &Path, judgement: &Judgement, cells: Vec<String>| {
                tally.add(path, judgement, extras);
                out.borrow_mut().line(&report::tsv_row(&cells))
            };
            audit::judge_all(validator, here, now, files, row, emit, flush)?;
            // The TSV stays pure: what is not a row goes to standard error.
            let mut out = out.borrow_mut();
            for line in tally.duplicate_lines() {
                out.warning(&line)?;
            }
        }
        Format::Table => {
            let mut rows = Vec::with_capacity(files.len());
            let row = |path: &Path, judgement: &Judgement| report::cells(path, judgement, extras);
            let emit = |path: &Path, judgement: &Judgement, cells: Vec<String>| {
                tally.add(path, judgement, extras);
                rows.push(cells);
                Ok(())
            };
            audit::judge_all(validator, here, now, files, row, emit, || Ok(()))?;
            let mut out = out.borrow_mut();
            for line in report::table(&rows) {
                out.line(&line)?;
            }
            out.line(&tally.summary_line())?;
            for line in tally.duplicate_lines() {
                out.line(&line)?;
            }
        }
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

fn status(common: &Common, here: &Here, file: &Path) -> Result<Verdict, CliError> {
    let validator = validator(&common.trust, None)?;
    let now = now(common.at);
    let judgement = here.judge(&validator, &read_license(file)?, now);
    let status = judgement.status(&validator);
    let mut out = Out::new();
    if common.json {
        out.line(&pretty(&status.to_body()))?;
    } else {
        status_table(&mut out, &status)?;
    }
    report::judgement_warnings(&mut out, &judgement)?;
    if judgement.exit_code() != 0 {
        out.error(&report::line(&judgement))?;
    }
    out.finish()?;
    Ok(judgement.verdict())
}

/// The most lines of a payload `inspect` shows: a hostile payload cannot
/// scroll the UNVERIFIED banner away unnoticed, and the warning comes last.
const INSPECT_MAX_LINES: usize = 200;

fn inspect(json: bool, file: &Path) -> Result<Verdict, CliError> {
    let text = read_license(file)?;
    let mut out = Out::new();
    let unverified = match decode_unverified(&text) {
        Ok(unverified) => unverified,
        Err(e) => {
            if json {
                out.line(&pretty(&serde_json::json!({ "verified": false, "errors": e.errors_body() })))?;
            }
            out.error(&format!("cannot decode the license: {e}"))?;
            return Ok(Verdict::Rejected);
        }
    };
    if json {
        // JSON escapes what a terminal could misread; `verified: false` comes first.
        let payload = unverified.payload();
        let (document, text) = match serde_json::from_slice::<Value>(payload) {
            Ok(document) => (document, Value::Null),
            Err(_) => (Value::Null, Value::String(String::from_utf8_lossy(payload).chars().take(4096).collect())),
        };
        let body = serde_json::json!({
            "verified": false,
            "warning": "the signature has NOT been checked; anyone could have written this",
            "alg": "Ed25519",
            "kid": unverified.kid(),
            "signature": unverified.signature_base64(),
            "payloadBytes": payload.len(),
            "document": document,
            "payloadText": text,
        });
        out.line(&pretty(&body))?;
        out.finish()?;
        return Ok(Verdict::Valid);
    }
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

fn list_keys(dir: Option<&Path>, json: bool) -> Result<(), CliError> {
    let store = keys(dir)?;
    let mut out = Out::new();
    if json {
        let keys: Vec<Value> = store.iter().map(airgap_license::TrustedKey::to_json).collect();
        out.line(&pretty(&serde_json::json!({ "keys": keys })))?;
        out.finish()?;
        return Ok(());
    }
    let width = store.iter().map(|k| k.kid().len()).max().unwrap_or(0);
    for key in store.iter() {
        let note = if key.is_sample() { "  (sample key: its private half is public)" } else { "" };
        out.line(&format!("{:width$}  {}{note}", key.kid(), key.fingerprint()))?;
    }
    out.finish()?;
    Ok(())
}

/// `catalog`: the plans in order and each feature's plan.
fn show_catalog(file: Option<&Path>, json: bool) -> Result<(), CliError> {
    let catalog = catalog(file)?;
    let mut out = Out::new();
    if json {
        let features: serde_json::Map<String, Value> = catalog
            .features()
            .iter()
            .map(|f| (f.name().to_owned(), serde_json::json!({ "plan": f.plan(), "needsNetwork": f.needs_network() })))
            .collect();
        let plans: Vec<&str> = catalog.plans().collect();
        out.line(&pretty(&serde_json::json!({ "plans": plans, "features": features })))?;
    } else {
        let plans: Vec<String> = catalog.plans().map(|p| Escaped(p).to_string()).collect();
        out.line(&format!("plans, lowest first: {}", plans.join(" < ")))?;
        out.line("")?;
        let width = catalog.features().iter().map(|f| f.name().len()).max().unwrap_or(0).max("FEATURE".len());
        out.line(&format!("{:width$}  PLAN AND ABOVE", "FEATURE"))?;
        for feature in catalog.features() {
            let network = if feature.needs_network() { "  (needs a network: DISCONNECTED offline)" } else { "" };
            out.line(&format!("{:width$}  {}{network}", feature.name(), Escaped(feature.plan())))?;
        }
    }
    out.finish()?;
    Ok(())
}
