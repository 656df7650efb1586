//! The verdict vocabulary: every verdict's JSON word, exit code, fleet rank
//! and phrase, in one table. Everything else (errors, standings, the
//! judgement object, the CLI's exit codes, C's return codes, the bindings'
//! error classes) reads it from here; it reads nothing of theirs.

/// What became of a license, one word each, with its exit code.
///
/// Not `#[non_exhaustive]`: these eleven are the exit-code contract, and a
/// caller should match them all, so that a new one would be a breaking
/// change it is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// In effect (exit 0).
    Valid,
    /// In effect after its `expiration`, within its `graceDays` (exit 0,
    /// with a warning to renew).
    Grace,
    /// Malformed, forged or signed by an unknown key: nothing in it counts (exit 1).
    Rejected,
    /// The text could not be read at all, a file missing say (exit 2).
    Unreadable,
    /// Genuine, ended (exit 3).
    Expired,
    /// Genuine, not started (exit 4).
    NotYetInEffect,
    /// Genuine, but the clock reads too far before it was issued (exit 5).
    ClockUntrusted,
    /// In effect, but ends within the period the policy requires (exit 6).
    EndsWithin,
    /// Genuine, but not in effect on this machine: a template not yet bound
    /// to one, a license bound to another machine, or this machine changed
    /// (exit 7).
    Unbound,
    /// Genuine, but its maintenance (`maintenanceUntil`) does not cover this
    /// release of the product (exit 8).
    NotCovered,
    /// Genuine, but a trusted revocation list takes it back (exit 1, as
    /// rejected: nothing in it counts).
    Revoked,
}

/// One verdict's entry in the vocabulary: everything that spells or orders
/// it, in one place. A new verdict is one variant, one entry here, and its
/// tests; the CLI's words, the bindings' error kinds and exceptions, the C
/// constants and the fleet's order are all read from here.
struct Entry {
    /// The JSON word (`verdict` in the verdict object, the Node error kind).
    word: &'static str,
    /// The exit code: the contract with scripts, the C return code.
    exit_code: u8,
    /// How bad it is in a fleet: higher is worse.
    rank: u8,
    /// The phrase a person reads (`verify`'s lines and summary).
    phrase: &'static str,
}

impl Verdict {
    /// Every verdict, in exit-code order (`grace` shares 0 with `valid`: both
    /// are in effect; `revoked` shares 1 with `rejected`: neither counts).
    pub const ALL: [Verdict; 11] = [
        Verdict::Valid,
        Verdict::Grace,
        Verdict::Rejected,
        Verdict::Revoked,
        Verdict::Unreadable,
        Verdict::Expired,
        Verdict::NotYetInEffect,
        Verdict::ClockUntrusted,
        Verdict::EndsWithin,
        Verdict::Unbound,
        Verdict::NotCovered,
    ];

    /// The vocabulary: the only table of words, codes and ranks. The fleet's
    /// order, worst first, is exit codes 2, 1, 7, 3, 8, 5, 4, 6, 0 (grace,
    /// exit 0, just before valid; revoked, exit 1, just after rejected).
    const fn entry(self) -> Entry {
        match self {
            Verdict::Valid => Entry { word: "valid", exit_code: 0, rank: 0, phrase: "valid" },
            Verdict::Grace => Entry { word: "grace", exit_code: 0, rank: 1, phrase: "in grace" },
            Verdict::Rejected => Entry { word: "rejected", exit_code: 1, rank: 9, phrase: "rejected" },
            Verdict::Revoked => Entry { word: "revoked", exit_code: 1, rank: 8, phrase: "revoked" },
            Verdict::Unreadable => Entry { word: "unreadable", exit_code: 2, rank: 10, phrase: "unreadable" },
            Verdict::Expired => Entry { word: "expired", exit_code: 3, rank: 6, phrase: "expired" },
            Verdict::NotYetInEffect => {
                Entry { word: "notYetInEffect", exit_code: 4, rank: 3, phrase: "not yet in effect" }
            }
            Verdict::ClockUntrusted => {
                Entry { word: "clockUntrusted", exit_code: 5, rank: 4, phrase: "clock untrusted" }
            }
            Verdict::EndsWithin => Entry { word: "endsWithin", exit_code: 6, rank: 2, phrase: "ends too soon" },
            Verdict::Unbound => Entry { word: "unbound", exit_code: 7, rank: 7, phrase: "not bound to this machine" },
            Verdict::NotCovered => Entry { word: "notCovered", exit_code: 8, rank: 5, phrase: "release not covered" },
        }
    }

    /// The exit code: 0 valid (and grace), 1 rejected, 2 unreadable, 3 expired, 4 not
    /// yet in effect, 5 clock untrusted, 6 ends within, 7 unbound, 8 not covered.
    #[must_use]
    pub const fn exit_code(self) -> u8 {
        self.entry().exit_code
    }

    /// The JSON spelling: `valid`, `grace`, `rejected`, `unreadable`, `expired`,
    /// `notYetInEffect`, `clockUntrusted`, `endsWithin`, `unbound`, `notCovered`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.entry().word
    }

    /// The phrase for people: `valid`, `rejected`, `not yet in effect`,
    /// `clock untrusted`, `ends too soon`, ...
    #[must_use]
    pub const fn phrase(self) -> &'static str {
        self.entry().phrase
    }

    /// How bad it is, for a fleet's overall verdict: unreadable, then
    /// rejected, unbound, expired, not covered, clock untrusted, not yet in
    /// effect, ends within, and valid last (exit codes 2, 1, 7, 3, 8, 5, 4,
    /// 6, 0).
    #[must_use]
    pub const fn severity(self) -> u8 {
        self.entry().rank
    }

    /// The worse of two verdicts.
    #[must_use]
    pub fn worst(self, other: Verdict) -> Verdict {
        std::cmp::max_by_key(self, other, |v| v.severity())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The vocabulary is one table: every verdict has its own word, code,
    /// rank and phrase, and everything else reads them from there. Adding a
    /// verdict is a variant, its entry in `Verdict::entry`, and this test
    /// (and `ALL`) growing by one.
    #[test]
    fn every_verdict_has_its_own_word_code_rank_and_phrase() {
        let all = Verdict::ALL;
        let distinct = |values: Vec<String>| values.iter().collect::<BTreeSet<_>>().len() == all.len();
        assert!(distinct(all.iter().map(|v| v.as_str().to_owned()).collect()));
        assert!(distinct(all.iter().map(|v| v.phrase().to_owned()).collect()));
        assert!(distinct(all.iter().map(|v| v.severity().to_string()).collect()));
        // Exit codes are distinct but for grace, which is in effect as valid
        // is, and revoked, which counts for nothing as rejected does.
        let shared = [Verdict::Grace, Verdict::Revoked];
        let codes: BTreeSet<u8> = all.iter().filter(|v| !shared.contains(v)).map(|v| v.exit_code()).collect();
        assert_eq!(codes.len(), all.len() - shared.len());
        assert_eq!(Verdict::Grace.exit_code(), Verdict::Valid.exit_code());
        assert_eq!(Verdict::Revoked.exit_code(), Verdict::Rejected.exit_code());
        // ALL is in exit-code order, and valid is the best.
        let codes: Vec<u8> = all.iter().map(|v| v.exit_code()).collect();
        assert!(codes.windows(2).all(|w| w[0] <= w[1]), "{codes:?}");
        assert!(all.iter().all(|v| Verdict::Valid.worst(*v) == *v));
    }

    #[test]
    fn the_words_and_phrases_are_the_documented_ones() {
        let table: Vec<(&str, u8, &str)> =
            Verdict::ALL.iter().map(|v| (v.as_str(), v.exit_code(), v.phrase())).collect();
        assert_eq!(
            table,
            [
                ("valid", 0, "valid"),
                ("grace", 0, "in grace"),
                ("rejected", 1, "rejected"),
                ("revoked", 1, "revoked"),
                ("unreadable", 2, "unreadable"),
                ("expired", 3, "expired"),
                ("notYetInEffect", 4, "not yet in effect"),
                ("clockUntrusted", 5, "clock untrusted"),
                ("endsWithin", 6, "ends too soon"),
                ("unbound", 7, "not bound to this machine"),
                ("notCovered", 8, "release not covered"),
            ]
        );
    }
}
