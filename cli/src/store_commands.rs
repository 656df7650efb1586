//! The store's commands: activate, regenerate, deactivate, events, and
//! status with no FILE.

use std::path::Path;

use airgap_license::chrono::{DateTime, SecondsFormat, Utc};
use airgap_license::{Escaped, Policy, Verdict, json_text};
use airgap_license_store::{Clock, STORE_VAR, Store, default_dir};

use crate::args::{Common, StoreArg, Trust};
use crate::clock::system_clock;
use crate::error::CliError;
use crate::input::{read_license, validator};
use crate::output::Out;
use crate::report::{self, pretty, sample_warning, status_table};

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
pub(crate) fn status(common: &Common, arg: &StoreArg) -> Result<Verdict, CliError> {
    let validator = validator(&common.trust)?;
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
pub(crate) enum Admission<'a> {
    Activate { license_id: Option<&'a str> },
    Regenerate,
}

/// `activate` and `regenerate`: the verdict line (or object) on standard
/// output, saying whether the store took the license.
pub(crate) fn admit(
    arg: &StoreArg,
    trust: &Trust,
    json: bool,
    file: &Path,
    admission: Admission<'_>,
) -> Result<Verdict, CliError> {
    let validator = validator(trust)?;
    let store = open_store(arg)?;
    let text = read_license(file)?;
    let clock = Clock::system(system_clock());
    let (outcome, done) = match admission {
        Admission::Activate { license_id } => (store.activate(&validator, &text, license_id, clock)?, "activated"),
        Admission::Regenerate => (store.regenerate(&validator, &text, clock)?, "regenerated"),
    };
    let mut out = Out::new();
    if json {
        out.line(&pretty(&outcome.to_json()))?;
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
pub(crate) fn deactivate(arg: &StoreArg) -> Result<(), CliError> {
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
    Ok(())
}

/// `events`: the log, one JSON object per line (lines torn by a crash
/// skipped), streamed: memory stays bounded whatever the log's size.
pub(crate) fn events(arg: &StoreArg) -> Result<(), CliError> {
    let store = open_store(arg)?;
    let mut out = Out::new();
    for event in store.events()? {
        out.line(&json_text(&event?))?;
    }
    out.finish()?;
    Ok(())
}

/// `clock-reset`: the store's clock mark set to the system clock, logged,
/// and said.
pub(crate) fn clock_reset(arg: &StoreArg) -> Result<(), CliError> {
    let store = open_store(arg)?;
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
