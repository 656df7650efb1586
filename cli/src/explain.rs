//! `explain` and `timeline`: why each feature has its state, and when the
//! status map changes.

use std::path::Path;

use airgap_license::chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use airgap_license::{Escaped, FeatureStatus, Standing, Status, Verdict};
use serde_json::{Map, Value, json};

use crate::args::{Common, MachineArg, StoreArg, Trust};
use crate::clock::now;
use crate::error::CliError;
use crate::input::{read_license, validator};
use crate::output::Out;
use crate::report::{self, pretty, sample_warning};

/// `explain FILE [FEATURE]`: one line per feature, its state and why.
pub(crate) fn explain(
    common: &Common,
    release_date: Option<airgap_license::chrono::NaiveDate>,
    store: &StoreArg,
    machine: &MachineArg,
    file: &Path,
    feature: Option<&str>,
) -> Result<Verdict, CliError> {
    let validator = validator(&common.trust, release_date)?;
    let now = now(common.at);
    let judgement = crate::here::this_machine(store, machine).judge(&validator, &read_license(file)?, now);
    let mut out = Out::new();
    let Some(license) = judgement.license() else {
        // Rejected: nothing in it counts, every feature is DISABLED for that.
        let reason = report::line(&judgement);
        let names: Vec<String> = match feature {
            Some(name) => vec![name.to_owned()],
            None => validator.catalog().features().iter().map(|f| f.name().to_owned()).collect(),
        };
        if common.json {
            let lines: Vec<Value> = names
                .iter()
                .map(|n| json!({ "feature": n, "state": FeatureStatus::Disabled, "reason": reason }))
                .collect();
            out.line(&pretty(&json!({ "verdict": judgement.to_json(), "features": lines })))?;
        } else {
            for name in names {
                out.line(&format!("{}: DISABLED: the license counts for nothing ({reason})", Escaped(&name)))?;
            }
        }
        out.finish()?;
        return Ok(judgement.verdict());
    };
    let names: Vec<String> = match feature {
        Some(name) => vec![name.to_owned()],
        None => license.status(now).features().map(|(name, _)| name.to_owned()).collect(),
    };
    let explanations: Vec<_> = names.iter().map(|name| license.explain(name, now)).collect();
    if common.json {
        let lines: Vec<Value> = explanations.iter().map(airgap_license::Explanation::to_json).collect();
        out.line(&pretty(&json!({ "verdict": judgement.to_json(), "features": lines })))?;
    } else {
        out.line(&report::line(&judgement))?;
        out.line(&stages(license))?;
        for line in machine_lines(license) {
            out.line(&line)?;
        }
        for explanation in &explanations {
            out.line(&explanation.to_string())?;
        }
    }
    report::judgement_warnings(&mut out, &judgement)?;
    out.finish()?;
    Ok(judgement.verdict())
}

/// Each stage of the license's life with its dates: `dates: in effect from
/// 2027-02-01T00:00Z; expires at the end of 2028-01-31; in grace through
/// 2028-03-01 (30 days); notice from 2027-12-18T00:00Z (45 days before the
/// expiration); covers releases until 2027-12-31`.
fn stages(license: &airgap_license::License) -> String {
    let at = |instant: DateTime<Utc>| instant.format("%Y-%m-%dT%H:%MZ").to_string();
    let mut parts = vec![format!("in effect from {}", at(airgap_license::day_start(license.not_before())))];
    match license.expiration() {
        Some(day) => parts.push(format!("expires at the end of {day}")),
        None => parts.push("never expires".to_owned()),
    }
    if let Some(last) =
        license.grace_from().and(license.ends_at()).and_then(|end| end.checked_sub_signed(TimeDelta::days(1)))
    {
        parts.push(format!("in grace through {} ({} days)", last.date_naive(), license.grace_days()));
    }
    if let Some(from) = license.notice_from().filter(|_| license.notice_days() > 0) {
        parts.push(format!("notice from {} ({} days before the expiration)", at(from), license.notice_days()));
    }
    if let Some(day) = license.maintenance_until() {
        parts.push(format!("covers releases until {day}"));
    }
    format!("dates: {}", parts.join("; "))
}

/// For a license bound to a machine: the device key and each component,
/// whether it matches here (names only, never a value).
fn machine_lines(license: &airgap_license::License) -> Vec<String> {
    let (Some(binding), Some(judged)) = (license.binding(), license.machine_match()) else { return Vec::new() };
    let device = match judged.device {
        airgap_license::DeviceMatch::Same => "this store's device key",
        airgap_license::DeviceMatch::Other => "ANOTHER device key than this store's",
        airgap_license::DeviceMatch::Absent => "a device key this store does not have (it has none)",
    };
    let mut lines = vec![format!(
        "machine: bound to {} ({}), {device}; {} of {} components must match",
        Escaped(binding.label()),
        binding.device_fingerprint(),
        judged.required,
        binding.components().len()
    )];
    for name in binding.components().keys() {
        let state = if judged.matched.contains(name) { "matches" } else { "does NOT match (changed or missing)" };
        lines.push(format!("  component {}: {state}", Escaped(name)));
    }
    lines
}

/// The word for a standing: its verdict's phrase, "in effect" for valid.
fn word(standing: Standing) -> &'static str {
    match standing.verdict() {
        Verdict::Valid => "in effect",
        verdict => verdict.phrase(),
    }
}

/// `timeline FILE`: the instants at which the status map changes, and the
/// map from each on, as columns (or JSON).
pub(crate) fn timeline(
    trust: &Trust,
    release_date: Option<airgap_license::chrono::NaiveDate>,
    json: bool,
    file: &Path,
) -> Result<Verdict, CliError> {
    let validator = validator(trust, release_date)?;
    let text = read_license(file)?;
    let license = match validator.verify(&text) {
        Ok(license) => license,
        Err(e) => {
            let mut out = Out::new();
            out.error(&format!("rejected: {e}"))?;
            return Ok(Verdict::Rejected);
        }
    };
    let changes = license.timeline();
    // Each period: where it starts (None: before the first change, when the
    // clock is untrusted), its standing, and the map in it, read at an
    // instant inside it.
    let before = changes.first().and_then(|(at, _)| at.checked_sub_signed(TimeDelta::seconds(1)));
    let maps: Vec<(Option<DateTime<Utc>>, Standing, Status)> = before
        .map(|at| (None, at))
        .into_iter()
        .chain(changes.iter().map(|(at, _)| (Some(*at), *at)))
        .map(|(from, at)| (from, license.standing(at), license.status(at)))
        .collect();
    let mut out = Out::new();
    if json {
        let entries: Vec<Value> = maps
            .iter()
            .map(|(from, standing, status)| {
                let mut entry = Map::new();
                entry.insert("from".to_owned(), json!(from.map(|f| f.to_rfc3339_opts(SecondsFormat::Secs, true))));
                entry.insert("standing".to_owned(), json!(word(*standing)));
                entry.insert("status".to_owned(), json!(status));
                Value::Object(entry)
            })
            .collect();
        out.line(&pretty(&json!({ "licenseId": license.license_id(), "timeline": entries })))?;
    } else {
        out.line(&format!("license {} of {}", license.license_id(), Escaped(license.issued_to())))?;
        let headers: Vec<String> = maps
            .iter()
            .map(|(from, _, _)| match from {
                None => "before".to_owned(),
                Some(at) => format!("from {}", at.format("%Y-%m-%dT%H:%MZ")),
            })
            .collect();
        let standings: Vec<String> = maps.iter().map(|(_, s, _)| word(*s).to_owned()).collect();
        let first_status = maps.first().map(|(_, _, s)| s);
        let names: Vec<String> =
            first_status.map(|s| s.features().map(|(n, _)| n.to_owned()).collect()).unwrap_or_default();
        let name_width = names.iter().map(String::len).max().unwrap_or(0).max("FEATURE".len());
        let column =
            headers.iter().map(String::len).chain(standings.iter().map(String::len)).max().unwrap_or(0).max(12);
        let row = |label: &str, cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| format!("{c:column$}")).collect();
            format!("{label:name_width$}  {}", cells.join("  ")).trim_end().to_owned()
        };
        out.line(&row("", &headers))?;
        out.line(&row("", &standings))?;
        out.line(&row("licensed", &maps.iter().map(|(_, _, s)| s.licensed().to_string()).collect::<Vec<_>>()))?;
        for name in &names {
            let cells: Vec<String> = maps
                .iter()
                .map(|(_, _, s)| s.feature(name).map_or_else(String::new, |state| state.to_string()))
                .collect();
            out.line(&row(name, &cells))?;
        }
        // Stages that change no feature: the notice period, the releases covered.
        if let Some(from) = license.notice_from().filter(|_| license.notice_days() > 0) {
            let days = license.notice_days();
            out.line(&format!(
                "notice: every use warns from {} ({days} days before the expiration)",
                from.format("%Y-%m-%dT%H:%MZ")
            ))?;
        }
        if let Some(day) = license.maintenance_until() {
            out.line(&format!("maintenance: covers releases of the product dated until {day}"))?;
        }
    }
    sample_warning(&mut out, &license)?;
    out.finish()?;
    Ok(Verdict::Valid)
}
