//! Exit codes: a contract with scripts, the same for `verify` and `status`.

use std::process::ExitCode;

use airgap_license::ErrorKind;

/// What the process tells its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 0: the license is in effect (or the command succeeded).
    InEffect,
    /// 1: rejected: malformed, bad signature, unknown key.
    Rejected,
    /// 2: usage or I/O error, unusable keys.
    Usage,
    /// 3: expired.
    Expired,
    /// 4: not yet in effect.
    NotYetInEffect,
    /// 5: the clock cannot be trusted.
    ClockUntrusted,
    /// 6: ends within `--valid-for` days.
    EndsWithin,
}

/// The text for `--help`, kept beside the codes it documents.
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes (verify and status):
  0  the license is in effect
  1  rejected: malformed, bad signature or unknown key
  2  usage or I/O error, or unusable trusted keys
  3  expired
  4  not yet in effect
  5  the clock cannot be trusted (more than 24 hours before the license was issued)
  6  in effect, but ends within --valid-for days
With several licenses, verify exits with the worst of their codes, in the
order 2, 1, 3, 5, 4, 6, 0.";

impl Exit {
    /// Every exit code, in numeric order.
    pub(crate) const ALL: [Exit; 7] = [
        Exit::InEffect,
        Exit::Rejected,
        Exit::Usage,
        Exit::Expired,
        Exit::NotYetInEffect,
        Exit::ClockUntrusted,
        Exit::EndsWithin,
    ];

    /// How bad a verdict is, for a fleet audit's overall exit code:
    /// unreadable input, then forged or malformed, expired, untrusted clock,
    /// not yet in effect, ending soon, and in effect last.
    fn severity(self) -> u8 {
        match self {
            Exit::Usage => 6,
            Exit::Rejected => 5,
            Exit::Expired => 4,
            Exit::ClockUntrusted => 3,
            Exit::NotYetInEffect => 2,
            Exit::EndsWithin => 1,
            Exit::InEffect => 0,
        }
    }

    /// The worse of two verdicts.
    pub(crate) fn worst(self, other: Exit) -> Exit {
        std::cmp::max_by_key(self, other, |exit| exit.severity())
    }

    pub(crate) fn code(self) -> u8 {
        match self {
            Exit::InEffect => 0,
            Exit::Rejected => 1,
            Exit::Usage => 2,
            Exit::Expired => 3,
            Exit::NotYetInEffect => 4,
            Exit::ClockUntrusted => 5,
            Exit::EndsWithin => 6,
        }
    }
}

impl From<ErrorKind> for Exit {
    fn from(kind: ErrorKind) -> Exit {
        match kind {
            ErrorKind::Expired => Exit::Expired,
            ErrorKind::NotYetInEffect => Exit::NotYetInEffect,
            ErrorKind::ClockUntrusted => Exit::ClockUntrusted,
            ErrorKind::EndsWithin => Exit::EndsWithin,
            ErrorKind::Configuration => Exit::Usage,
            // Rejected, and any kind a newer library adds: nothing counts.
            _ => Exit::Rejected,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn worst_follows_the_documented_order() {
        // From worst to best: 2, 1, 3, 5, 4, 6, 0.
        let order = [
            Exit::Usage,
            Exit::Rejected,
            Exit::Expired,
            Exit::ClockUntrusted,
            Exit::NotYetInEffect,
            Exit::EndsWithin,
            Exit::InEffect,
        ];
        for (i, worse) in order.iter().enumerate() {
            for better in &order[i..] {
                assert_eq!(worse.worst(*better), *worse, "{worse:?} vs {better:?}");
                assert_eq!(better.worst(*worse), *worse, "{better:?} vs {worse:?}");
            }
        }
        let codes: Vec<u8> = order.iter().map(|e| e.code()).collect();
        assert_eq!(codes, [2, 1, 3, 5, 4, 6, 0]);
    }

    #[test]
    fn library_verdicts_map_to_their_exit_codes() {
        use airgap_license::ErrorKind;
        let table = [
            (ErrorKind::Rejected, 1),
            (ErrorKind::Configuration, 2),
            (ErrorKind::Expired, 3),
            (ErrorKind::NotYetInEffect, 4),
            (ErrorKind::ClockUntrusted, 5),
            (ErrorKind::EndsWithin, 6),
        ];
        for (kind, code) in table {
            assert_eq!(Exit::from(kind).code(), code, "{kind:?}");
        }
    }
}
