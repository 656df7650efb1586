//! Exit codes: a contract with scripts, the same for `verify` and `status`.

use std::process::ExitCode;

use airgap_license::ErrorKind;

/// What the process tells its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
  6  in effect, but ends within --valid-for days";

impl Exit {
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
