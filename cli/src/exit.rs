//! Exit codes: a contract with scripts, the same for `verify` and `status`.
//! They are the library's [`Verdict`] codes; anything that stops a command
//! before a verdict (usage, I/O, unusable keys) is 2, like an unreadable license.

use std::process::ExitCode;

use airgap_license::Verdict;

/// The text for `--help`, kept beside the codes it documents.
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes (verify and status):
  0  the license is in effect
  1  rejected: malformed, bad signature or unknown key
  2  usage or I/O error, an unreadable license, or unusable trusted keys
  3  expired
  4  not yet in effect
  5  the clock cannot be trusted (more than 24 hours before the license was issued)
  6  in effect, but ends within --valid-for days
With several licenses, verify exits with the worst of their codes, in the
order 2, 1, 3, 5, 4, 6, 0; 0 only when every license named is in effect.";

/// The text for `activate` and `regenerate --help`.
pub(crate) const STORE_EXIT_CODES_HELP: &str = "\
Exit codes (activate and regenerate):
  0  the license is in effect and now the active one
  1  refused: rejected, a licenseId mismatch, superseded, older than a copy
     this store has seen, or (regenerate) not a successor of the active one
  2  usage or I/O error, a busy, unreadable or corrupt store, or unusable keys
  3  refused: expired
  4  stored, but not yet in effect
  5  refused: the clock cannot be trusted (before the license was issued, or
     more than 24 hours before the latest time this store has seen)
Whenever the exit code is not 0 or 4, the store is left exactly as it was
(the event log records the refusal).";

/// The process's exit code for a verdict.
pub(crate) fn code(verdict: Verdict) -> ExitCode {
    ExitCode::from(verdict.exit_code())
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
        // From worst to best: 2, 1, 3, 5, 4, 6, 0.
        let order = [
            Verdict::Unreadable,
            Verdict::Rejected,
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
        assert_eq!(codes, [2, 1, 3, 5, 4, 6, 0]);
    }
}
