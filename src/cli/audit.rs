//! `verify` over many licenses (a fleet audit): every license judged on all
//! cores, reported in input order, one line each and a summary; the exit code
//! is the worst verdict. Each license gets its own strict `verify_strict`:
//! batch verification can accept what single strict verification rejects.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Error, License, Validator};
use serde_json::{Value, json};

use super::error::CliError;
use super::exit::Exit;
use super::input::read_license_into;

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
            let mut names = Vec::new();
            for entry in std::fs::read_dir(input).map_err(read_error)? {
                let entry = entry.map_err(read_error)?;
                // The entry's own type, from the directory listing: no stat per file.
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                let name = entry.file_name();
                if Path::new(&name).extension().is_some_and(|e| e == "lic") && !is_dir {
                    names.push(name);
                }
            }
            if names.is_empty() {
                return Err(CliError::Usage(format!("{}: no *.lic files in this folder", input.display())));
            }
            // Sorted by name alone: sorting the whole paths (component by
            // component) took most of the listing time of a large folder.
            names.sort_unstable();
            files.extend(names.iter().map(|name| input.join(name)));
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Reads and judges one license.
pub(crate) fn judge(validator: &Validator, now: DateTime<Utc>, path: &Path) -> Verdict {
    judge_with(validator, now, path, &mut Vec::new())
}

/// Reads one license into `buffer` (reused from file to file) and judges it.
fn judge_with(validator: &Validator, now: DateTime<Utc>, path: &Path, buffer: &mut Vec<u8>) -> Verdict {
    if let Err(e) = read_license_into(path, buffer) {
        return Verdict::Unreadable(e);
    }
    match validator.verify(buffer.as_slice()) {
        Ok(license) => {
            let outcome = license.check(now);
            Verdict::Judged(Box::new(license), outcome)
        }
        Err(e) => Verdict::Rejected(e),
    }
}

/// One input's report, made by the worker that judged it.
pub(crate) struct Reported<T> {
    pub(crate) exit: Exit,
    /// Verified by the sample key.
    pub(crate) sample_key: bool,
    pub(crate) report: T,
}

/// Judges every file on as many threads as the machine has cores. `report`
/// turns each verdict into what will be written, on the worker (so the
/// license is dropped there and formatting runs in parallel); `emit` gets
/// the reports on this thread in the order of `files`, each as soon as it
/// and all before it are ready, so output streams while work goes on.
/// An error from `emit` stops the audit.
pub(crate) fn judge_all<T: Send>(
    validator: &Validator,
    now: DateTime<Utc>,
    files: &[PathBuf],
    report: impl Fn(&Path, &Verdict) -> T + Sync,
    mut emit: impl FnMut(Reported<T>) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let workers = thread::available_parallelism().map_or(1, NonZeroUsize::get).clamp(1, files.len().max(1));
    // Files are taken and reported in runs: one message per license would
    // wake this thread thousands of times a second, taking a core from the
    // workers. Runs stay short enough that the cores share the work evenly.
    let run = (files.len() / (workers * 8)).clamp(1, 64);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<(usize, Vec<Reported<T>>)>();
    thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, stop, report) = (&next, &stop, &report);
            scope.spawn(move || {
                // Large enough for any license file that will be accepted, so a
                // read is one system call plus the one that finds the end.
                let mut buffer = Vec::with_capacity(8 * 1024);
                // Work stealing by runs of indices: a slow file holds up one run.
                while !stop.load(Ordering::Relaxed) {
                    let first = next.fetch_add(run, Ordering::Relaxed);
                    let Some(paths) = files.get(first..files.len().min(first.saturating_add(run))) else { break };
                    let reports = paths
                        .iter()
                        .map(|path| {
                            let verdict = judge_with(validator, now, path, &mut buffer);
                            Reported {
                                exit: verdict.exit(),
                                sample_key: verdict.license().is_some_and(License::signed_by_sample_key),
                                report: report(path, &verdict),
                            }
                        })
                        .collect();
                    if paths.is_empty() || sender.send((first / run, reports)).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the workers' senders remain: the loop ends when they are done.
        drop(sender);
        let mut pending: Vec<Option<Vec<Reported<T>>>> = (0..files.len().div_ceil(run)).map(|_| None).collect();
        let (mut next_run, mut emitted) = (0, 0);
        for (index, reports) in receiver {
            if let Some(slot) = pending.get_mut(index) {
                *slot = Some(reports);
            }
            while let Some(ready) = pending.get_mut(next_run).and_then(Option::take) {
                next_run += 1;
                for reported in ready {
                    emitted += 1;
                    if let Err(e) = emit(reported) {
                        stop.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                }
            }
        }
        // Every run is taken by exactly one worker, so this cannot happen; if
        // it did, a missing license must not pass silently.
        match files.get(emitted) {
            Some(path) => Err(CliError::Usage(format!(
                "internal error: {} was never judged (please report this); no verdict for it or the files after it",
                path.display()
            ))),
            None => Ok(()),
        }
    })
}

/// The counts of a fleet audit, kept as reports go by.
#[derive(Default)]
pub(crate) struct Tally {
    /// Licenses per exit code, indexed by the code.
    counts: [usize; 7],
    samples: usize,
}

impl Tally {
    pub(crate) fn add<T>(&mut self, reported: &Reported<T>) {
        if let Some(count) = self.counts.get_mut(usize::from(reported.exit.code())) {
            *count += 1;
        }
        self.samples += usize::from(reported.sample_key);
    }

    /// The exit code of the whole audit: the worst that occurred.
    pub(crate) fn worst(&self) -> Exit {
        Exit::ALL.into_iter().filter(|exit| self.count(*exit) > 0).fold(Exit::InEffect, Exit::worst)
    }

    /// How many licenses verified by the sample key.
    pub(crate) fn samples(&self) -> usize {
        self.samples
    }

    fn count(&self, exit: Exit) -> usize {
        self.counts.get(usize::from(exit.code())).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// `N licenses: a valid, b rejected, ...`, the verdicts that occurred, in exit-code order.
    pub(crate) fn summary_line(&self) -> String {
        let parts: Vec<String> = Exit::ALL
            .iter()
            .filter(|exit| self.count(**exit) > 0 || **exit == Exit::InEffect)
            .map(|exit| format!("{} {}", self.count(*exit), word(*exit)))
            .collect();
        format!("{} licenses: {}", self.total(), parts.join(", "))
    }

    /// The `--json` report: each license's entry, and the counts.
    pub(crate) fn json_report(&self, licenses: Vec<Value>) -> Value {
        let mut counts = serde_json::Map::new();
        for exit in Exit::ALL {
            counts.insert(json_key(exit).to_owned(), json!(self.count(exit)));
        }
        json!({"licenses": licenses, "summary": {"total": self.total(), "counts": counts}, "exitCode": self.worst().code()})
    }
}

/// One license's entry in the `--json` report.
pub(crate) fn json_entry(path: &Path, verdict: &Verdict) -> Value {
    let result = match verdict {
        Verdict::Unreadable(e) => {
            json!({"generalErrors": [{"code": "[unreadable]file", "message": e.to_string()}], "fieldErrors": {}})
        }
        Verdict::Rejected(e) | Verdict::Judged(_, Err(e)) => e.errors_body(),
        Verdict::Judged(license, Ok(())) => super::commands::verdict_json(license),
    };
    json!({"file": path.display().to_string(), "exitCode": verdict.exit().code(), "result": result})
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
