//! Judging licenses: one, or a fleet on every core, reported in input order
//! as soon as each is judged; the exit code is the worst verdict. Each
//! license gets its own strict `verify_strict`: batch verification can
//! accept what single strict verification rejects.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Judgement, Validator};

use crate::error::CliError;
use crate::input::read_license_into;
use airgap_license_store::Here;

/// Reads and judges one license here; a file that cannot be read is judged
/// `unreadable`, with the reason.
pub(crate) fn judge(
    validator: &Validator,
    here: &Here,
    now: DateTime<Utc>,
    path: &Path,
    buffer: &mut Vec<u8>,
) -> Judgement {
    match read_license_into(path, buffer) {
        Ok(()) => here.judge(validator, buffer.as_slice(), now),
        Err(e) => Judgement::unreadable(e.to_string(), now),
    }
}

/// Judges every file on the standard library's scoped threads, one per core.
/// `report` turns each judgement into what will be written, on the worker
/// (so formatting runs in parallel); `emit` gets each file, its judgement and
/// its report on this thread, in the order of `files`, each as soon as it
/// and all before it are ready;
/// `flush` is called whenever no report is ready, so lines appear as they
/// are judged. An error from `emit` or `flush` stops the audit.
pub(crate) fn judge_all<T: Send>(
    validator: &Validator,
    here: &Here,
    now: DateTime<Utc>,
    files: &[PathBuf],
    report: impl Fn(&Path, &Judgement) -> T + Sync,
    mut emit: impl FnMut(&Path, &Judgement, T) -> Result<(), CliError>,
    mut flush: impl FnMut() -> Result<(), CliError>,
) -> Result<(), CliError> {
    let workers = thread::available_parallelism().map_or(1, NonZeroUsize::get).clamp(1, files.len().max(1));
    // Files are taken in runs: one message per license would wake this thread
    // thousands of times a second, taking a core from the workers. Runs stay
    // short enough that the cores share the work evenly.
    let run = (files.len() / (workers * 8)).clamp(1, 64);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<(usize, Vec<(Judgement, T)>)>();
    thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, stop, report) = (&next, &stop, &report);
            scope.spawn(move || {
                // Large enough for any license file, so a read is one system
                // call plus the one that finds the end.
                let mut buffer = Vec::with_capacity(8 * 1024);
                while !stop.load(Ordering::Relaxed) {
                    let first = next.fetch_add(run, Ordering::Relaxed);
                    let Some(paths) = files.get(first..files.len().min(first.saturating_add(run))) else { break };
                    let reports = paths
                        .iter()
                        .map(|path| {
                            let judgement = judge(validator, here, now, path, &mut buffer);
                            let line = report(path, &judgement);
                            (judgement, line)
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
        let mut pending: Vec<Option<Vec<(Judgement, T)>>> = (0..files.len().div_ceil(run)).map(|_| None).collect();
        let (mut next_run, mut emitted) = (0, 0);
        let mut result = Ok(());
        for (index, reports) in &receiver {
            if let Some(slot) = pending.get_mut(index) {
                *slot = Some(reports);
            }
            while let Some(ready) = pending.get_mut(next_run).and_then(Option::take) {
                next_run += 1;
                for (judgement, line) in ready {
                    let path = files.get(emitted).map_or(Path::new(""), PathBuf::as_path);
                    emitted += 1;
                    result = result.and_then(|()| emit(path, &judgement, line));
                }
            }
            result = result.and_then(|()| flush());
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        result?;
        // Every run is taken by exactly one worker, so this cannot happen; if
        // it did, a missing license must not pass silently.
        match files.get(emitted) {
            Some(path) => Err(CliError::Internal(format!(
                "{} was never judged; no verdict for it or the files after it",
                airgap_license::Escaped(&path.to_string_lossy())
            ))),
            None => Ok(()),
        }
    })
}
