//! Every shape a verdict is written in: the text line, the fleet's summary,
//! the JSON entries. Text from a license or a file name is escaped here.

use std::path::Path;

use airgap_license::{Escaped, Judgement, License, Problem, Verdict};
use serde_json::{Map, Value, json};

/// Why a license verified by the sample key deserves a warning.
pub(crate) const SAMPLE_KEY_RISK: &str = "whose private half ships with airgap-license: anyone can sign such a license. Build with your own keys before shipping (README: \"Your own keys\").";

/// One word per verdict, for lines and the summary.
pub(crate) fn word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Valid => "valid",
        Verdict::Rejected => "rejected",
        Verdict::Unreadable => "unreadable",
        Verdict::Expired => "expired",
        Verdict::NotYetInEffect => "not yet in effect",
        Verdict::ClockUntrusted => "clock untrusted",
        Verdict::EndsWithin => "ends too soon",
    }
}

/// Licensee, plan, key and expiration in one phrase.
pub(crate) fn summary(license: &License) -> String {
    format!(
        "\"{}\", plan {} ({}), key {}, expires {} (license {})",
        Escaped(license.issued_to()),
        Escaped(license.plan()),
        Escaped(license.license_type()),
        license.kid(),
        license.expiration(),
        license.license_id()
    )
}

/// `word: licensee...: what is wrong`, the verdict as one line.
pub(crate) fn line(judgement: &Judgement) -> String {
    let verdict = word(judgement.verdict());
    let problem = match judgement.problem() {
        Some(Problem::License(e)) => Some(e.to_string()),
        Some(Problem::Unreadable(message)) => Some(message.clone()),
        None => None,
    };
    match (judgement.license(), problem) {
        (Some(license), Some(problem)) => format!("{verdict}: {}: {problem}", summary(license)),
        (Some(license), None) => format!("{verdict}: {}", summary(license)),
        (None, Some(problem)) => format!("{verdict}: {problem}"),
        (None, None) => verdict.to_owned(),
    }
}

/// The fleet line: the file, then [`line()`].
pub(crate) fn fleet_line(path: &Path, judgement: &Judgement) -> String {
    format!("{}: {}", Escaped(&path.to_string_lossy()), line(judgement))
}

/// The fleet's JSON entry: the verdict object with its `file`.
pub(crate) fn fleet_entry(path: &Path, judgement: &Judgement) -> String {
    let mut entry = Map::new();
    entry.insert("file".to_owned(), json!(path.to_string_lossy()));
    if let Value::Object(object) = judgement.to_json() {
        entry.extend(object);
    }
    pretty(&Value::Object(entry))
}

/// The counts of a fleet audit, kept as reports go by.
#[derive(Default)]
pub(crate) struct Tally {
    /// Licenses per exit code, indexed by the code.
    counts: [usize; 7],
    samples: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, judgement: &Judgement) {
        if let Some(count) = self.counts.get_mut(usize::from(judgement.exit_code())) {
            *count += 1;
        }
        self.samples += usize::from(judgement.license().is_some_and(License::signed_by_sample_key));
    }

    /// The verdict of the whole audit: the worst that occurred.
    pub(crate) fn worst(&self) -> Verdict {
        Verdict::ALL.into_iter().filter(|v| self.count(*v) > 0).fold(Verdict::Valid, Verdict::worst)
    }

    /// How many licenses verified by the sample key.
    pub(crate) fn samples(&self) -> usize {
        self.samples
    }

    fn count(&self, verdict: Verdict) -> usize {
        self.counts.get(usize::from(verdict.exit_code())).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// `N licenses: a valid, b rejected, ...`, the verdicts that occurred, in exit-code order.
    pub(crate) fn summary_line(&self) -> String {
        let parts: Vec<String> = Verdict::ALL
            .iter()
            .filter(|v| self.count(**v) > 0 || **v == Verdict::Valid)
            .map(|v| format!("{} {}", self.count(*v), word(*v)))
            .collect();
        let samples = match self.samples {
            0 => String::new(),
            n => format!(" ({n} signed by the SAMPLE key)"),
        };
        format!("{} licenses: {}{samples}", self.total(), parts.join(", "))
    }

    /// The end of the streamed `--json` report: the counts and the exit code.
    pub(crate) fn json_tail(&self) -> String {
        let mut counts = Map::new();
        for verdict in Verdict::ALL {
            counts.insert(verdict.as_str().to_owned(), json!(self.count(verdict)));
        }
        counts.insert("total".to_owned(), json!(self.total()));
        counts.insert("sampleKey".to_owned(), json!(self.samples));
        format!(
            "  \"counts\": {},\n  \"exitCode\": {}\n}}",
            serde_json::to_string(&counts).unwrap_or_default(),
            self.worst().exit_code()
        )
    }
}

/// Pretty JSON. Serializing a `Value` cannot fail: its keys are strings.
pub(crate) fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
