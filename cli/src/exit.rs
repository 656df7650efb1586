//! Exit codes: a contract with scripts, the same for `verify` and `status`.
//! They are the library's [`Verdict`] codes; anything that stops a command
//! before a verdict (usage, I/O, unusable keys) is 2, like an unreadable license.

use std::process::ExitCode;

use airgap_license::Verdict;

/// What a command ended with: a verdict on a license, or work that judged
/// none (listing keys, printing the log, deactivating), which exits 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// A license was judged: its verdict's code.
    Judged(Verdict),
    /// Nothing was judged, and nothing went wrong.
    Done,
}

/// The process's exit code for what a command ended with.
pub(crate) fn code(ended: Ended) -> ExitCode {
    match ended {
        Ended::Judged(verdict) => ExitCode::from(verdict.exit_code()),
        Ended::Done => ExitCode::SUCCESS,
    }
}

/// Exit 2: usage, I/O or configuration error, before any verdict.
pub(crate) fn usage() -> ExitCode {
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use airgap_license::Verdict;

    #[test]
    fn worst_follows_the_documented_order() {
        // From worst to best: 2, 1, 7, 3, 5, 4, 6, 0.
        let order = [
            Verdict::Unreadable,
            Verdict::Rejected,
            Verdict::Unbound,
            Verdict::Expired,
            Verdict::ClockUntrusted,
            Verdict::NotYetInEffect,
            Verdict::EndsWithin,
            Verdict::Valid,
        ];
        for (i, worse) in order.iter().enumerate() {
            for better in &order[i..] {
                assert_eq!(worse.worst(*better), *worse, "{worse:?} vs {better:?}");
                assert_eq!(better.worst(*worse), *worse, "{better:?} vs {worse:?}");
            }
        }
        let codes: Vec<u8> = order.iter().map(|v| v.exit_code()).collect();
        assert_eq!(codes, [2, 1, 7, 3, 5, 4, 6, 0]);
    }
}
