//! `verify` over many licenses (a fleet audit): every license judged on all
//! cores, reported in input order, one line each and a summary; the exit code
//! is the worst verdict. Each license gets its own strict `verify_strict`:
//! batch verification can accept what single strict verification rejects.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Error, License, Validator};
use serde_json::{Value, json};

use super::error::CliError;
use super::exit::Exit;
use super::input::read_license;

/// What became of one input.
pub(crate) enum Verdict {
    /// It could not be read.
    Unreadable(CliError),
    /// It was rejected before any date was looked at.
    Rejected(Error),
    /// It verified; `Err` is the date verdict (expired, ...).
    Judged(Box<License>, Result<(), Error>),
}

impl Verdict {
    pub(crate) fn exit(&self) -> Exit {
        match self {
            Verdict::Unreadable(e) => e.exit(),
            Verdict::Rejected(e) | Verdict::Judged(_, Err(e)) => e.kind().into(),
            Verdict::Judged(_, Ok(())) => Exit::InEffect,
        }
    }

    pub(crate) fn license(&self) -> Option<&License> {
        match self {
            Verdict::Judged(license, _) => Some(license),
            _ => None,
        }
    }
}

/// The inputs as files: a directory stands for the `*.lic` files directly in
/// it, sorted by name.
pub(crate) fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let read_error = |source| CliError::Read { path: input.clone(), source };
            let mut found = Vec::new();
            for entry in std::fs::read_dir(input).map_err(read_error)? {
                let entry = entry.map_err(read_error)?;
                // The entry's own type, from the directory listing: no stat per file.
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "lic") && !is_dir {
                    found.push(path);
                }
            }
            if found.is_empty() {
                return Err(CliError::Usage(format!("{}: no *.lic files in this folder", input.display())));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Reads and judges one license.
pub(crate) fn judge(validator: &Validator, now: DateTime<Utc>, path: &Path) -> Verdict {
    let text = match read_license(path) {
        Ok(text) => text,
        Err(e) => return Verdict::Unreadable(e),
    };
    match validator.verify(&text) {
        Ok(license) => {
            let outcome = license.check(now);
            Verdict::Judged(Box::new(license), outcome)
        }
        Err(e) => Verdict::Rejected(e),
    }
}

/// Judges every file, on as many threads as the machine has cores; the
/// verdicts come back in the order of `files`.
pub(crate) fn judge_all(validator: &Validator, now: DateTime<Utc>, files: &[PathBuf]) -> Vec<Verdict> {
    let workers = thread::available_parallelism().map_or(1, NonZeroUsize::get).clamp(1, files.len().max(1));
    let next = AtomicUsize::new(0);
    let slots: Vec<OnceLock<Verdict>> = files.iter().map(|_| OnceLock::new()).collect();
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                // Work stealing by index: a slow file does not hold up the others.
                while let Some((path, slot)) = {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    files.get(i).zip(slots.get(i))
                } {
                    let _ = slot.set(judge(validator, now, path));
                }
            });
        }
    });
    slots
        .into_iter()
        .zip(files)
        .map(|(slot, path)| {
            // Every index below files.len() was taken by exactly one worker.
            slot.into_inner()
                .unwrap_or_else(|| Verdict::Unreadable(CliError::Usage(format!("{}: not judged", path.display()))))
        })
        .collect()
}

/// One word per verdict, for the report and the summary.
pub(crate) fn word(exit: Exit) -> &'static str {
    match exit {
        Exit::InEffect => "valid",
        Exit::Rejected => "rejected",
        Exit::Usage => "unreadable",
        Exit::Expired => "expired",
        Exit::NotYetInEffect => "not yet in effect",
        Exit::ClockUntrusted => "clock untrusted",
        Exit::EndsWithin => "ends too soon",
    }
}

/// The key of a verdict in the `--json` counts.
fn json_key(exit: Exit) -> &'static str {
    match exit {
        Exit::InEffect => "valid",
        Exit::Rejected => "rejected",
        Exit::Usage => "unreadable",
        Exit::Expired => "expired",
        Exit::NotYetInEffect => "notYetInEffect",
        Exit::ClockUntrusted => "clockUntrusted",
        Exit::EndsWithin => "endsTooSoon",
    }
}

/// `N licenses: a valid, b rejected, ...`, the verdicts that occurred, in exit-code order.
pub(crate) fn summary_line(verdicts: &[Verdict]) -> String {
    let mut counts: Vec<(Exit, usize)> = Vec::new();
    for exit in Exit::ALL {
        let count = verdicts.iter().filter(|v| v.exit() == exit).count();
        if count > 0 || exit == Exit::InEffect {
            counts.push((exit, count));
        }
    }
    let parts: Vec<String> = counts.iter().map(|(exit, n)| format!("{n} {}", word(*exit))).collect();
    format!("{} licenses: {}", verdicts.len(), parts.join(", "))
}

/// The `--json` report: each license with its exit code and result, and the counts.
pub(crate) fn json_report(files: &[PathBuf], verdicts: &[Verdict], worst: Exit) -> Value {
    let licenses: Vec<Value> = files
        .iter()
        .zip(verdicts)
        .map(|(path, verdict)| {
            let result = match verdict {
                Verdict::Unreadable(e) => json!({"generalErrors": [{"code": "[unreadable]file", "message": e.to_string()}], "fieldErrors": {}}),
                Verdict::Rejected(e) | Verdict::Judged(_, Err(e)) => e.errors_body(),
                Verdict::Judged(license, Ok(())) => super::commands::verdict_json(license),
            };
            json!({"file": path.display().to_string(), "exitCode": verdict.exit().code(), "result": result})
        })
        .collect();
    let mut counts = serde_json::Map::new();
    for exit in Exit::ALL {
        counts.insert(json_key(exit).to_owned(), json!(verdicts.iter().filter(|v| v.exit() == exit).count()));
    }
    json!({"licenses": licenses, "summary": {"total": verdicts.len(), "counts": counts}, "exitCode": worst.code()})
}
