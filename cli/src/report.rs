//! Every shape a verdict is written in: the text line, the fleet's summary,
//! the JSON entries. Text from a license or a file name is escaped here.

use std::path::Path;

use airgap_license::{Escaped, Judgement, License, Problem, Status, Verdict, json_text, json_text_pretty};

use crate::error::CliError;
use crate::output::Out;
use std::collections::BTreeMap;

use airgap_license::chrono::TimeDelta;
use serde_json::{Map, Value, json};

/// Why a license verified by the sample key deserves a warning.
pub(crate) const SAMPLE_KEY_RISK: &str = "whose private half ships with airgap-license: anyone can sign such a license. Build with your own keys before shipping (README: \"Your own keys\").";

/// Licensee, plan, key and expiration (and the releases it covers) in one phrase.
pub(crate) fn summary(license: &License) -> String {
    let ends = match license.expiration() {
        Some(day) => format!("expires {day}"),
        None => "never expires".to_owned(),
    };
    let covers = license.maintenance_until().map(|day| format!(", covers releases until {day}")).unwrap_or_default();
    format!(
        "\"{}\", plan {} ({}), key {}, {ends}{covers} (license {})",
        Escaped(license.issued_to()),
        Escaped(license.plan()),
        Escaped(license.license_type()),
        license.kid(),
        license.license_id()
    )
}

/// What the report adds to each license: `--expiring-within DAYS`, and
/// whether machine bindings were left unchecked (`--any-machine`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Extras {
    pub(crate) expiring_within: Option<u32>,
    pub(crate) any_machine: bool,
    /// A fleet's line (the notice or grace note on the line; a single
    /// license gets it as a warning instead).
    pub(crate) fleet: bool,
}

impl Extras {
    /// Whether a license in effect ends within the days asked about.
    pub(crate) fn expiring(&self, judgement: &Judgement) -> bool {
        let Some(days) = self.expiring_within else { return false };
        let Some(license) = judgement.license().filter(|_| judgement.exit_code() == 0) else {
            return false;
        };
        let horizon = judgement.checked_at().checked_add_signed(TimeDelta::days(i64::from(days)));
        license.ends_at().is_some_and(|ends| horizon.is_none_or(|horizon| ends <= horizon))
    }

    /// The note a line gets for them.
    fn note(&self, judgement: &Judgement) -> Option<String> {
        let unchecked = (self.any_machine && judgement.license().is_some_and(License::needs_machine))
            .then(|| "machine binding NOT checked (--any-machine): signature and dates only".to_owned());
        // The notice note, unless the expiring note says the same; grace always.
        let noted = self.fleet && (judgement.verdict() == Verdict::Grace || !self.expiring(judgement));
        let time = if noted { time_warning(judgement) } else { None };
        let ending = self.expiring_within.and_then(|days| {
            let license = judgement.license().filter(|_| self.expiring(judgement))?;
            Some(format!("ends within {days} days: {} days left", license.days_left(judgement.checked_at())))
        });
        let notes: Vec<String> = [unchecked, time, ending].into_iter().flatten().collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    }
}

/// `word: licensee...: what is wrong`, the verdict as one line, with the
/// report's note (`ends within 30 days: 12 days left`) after a semicolon.
pub(crate) fn line_with(judgement: &Judgement, extras: Extras) -> String {
    match extras.note(judgement) {
        Some(note) => format!("{}; {note}", line(judgement)),
        None => line(judgement),
    }
}

/// `word: licensee...: what is wrong`, the verdict as one line.
pub(crate) fn line(judgement: &Judgement) -> String {
    let verdict = judgement.verdict().phrase();
    let problem = judgement.problem().map(Problem::message);
    match (judgement.license(), problem) {
        (Some(license), Some(problem)) => format!("{verdict}: {}: {problem}", summary(license)),
        (Some(license), None) => format!("{verdict}: {}", summary(license)),
        (None, Some(problem)) => format!("{verdict}: {problem}"),
        (None, None) => verdict.to_owned(),
    }
}

/// The fleet line: the file, then [`line_with`].
pub(crate) fn fleet_line(path: &Path, judgement: &Judgement, extras: Extras) -> String {
    format!("{}: {}", Escaped(&path.to_string_lossy()), line_with(judgement, extras))
}

/// The verdict object, with `expiringWithin` when the report asks about it.
pub(crate) fn verdict_json(judgement: &Judgement, extras: Extras) -> Value {
    let mut body = judgement.to_json();
    if let (Some(_), Value::Object(object)) = (extras.expiring_within, &mut body) {
        object.insert("expiringWithin".to_owned(), json!(extras.expiring(judgement)));
    }
    if let (true, Value::Object(object)) =
        (extras.any_machine && judgement.license().is_some_and(License::needs_machine), &mut body)
    {
        object.insert("machineChecked".to_owned(), json!(false));
    }
    body
}

/// The fleet's JSON entry: the verdict object with its `file`.
pub(crate) fn fleet_entry(path: &Path, judgement: &Judgement, extras: Extras) -> String {
    let mut entry = Map::new();
    entry.insert("file".to_owned(), json!(path.to_string_lossy()));
    if let Value::Object(object) = verdict_json(judgement, extras) {
        entry.extend(object);
    }
    pretty(&Value::Object(entry))
}

/// The columns of `--format table` and `tsv`.
pub(crate) const COLUMNS: [&str; 8] =
    ["FILE", "VERDICT", "LICENSEE", "PLAN", "EXPIRES", "DAYS LEFT", "LICENSE ID", "NOTE"];

/// One license's cells, escaped: a tab or a line break in a licensee cannot
/// shift a column, and a cell a spreadsheet would take as a formula gets a
/// leading `'` ([`spreadsheet_safe`]).
pub(crate) fn cells(path: &Path, judgement: &Judgement, extras: Extras) -> Vec<String> {
    let license = judgement.license();
    let field = |f: &dyn Fn(&airgap_license::License) -> String| license.map(f).unwrap_or_default();
    let note = match (extras.note(judgement), judgement.problem()) {
        (Some(note), _) => note,
        (None, Some(problem)) => problem.message(),
        (None, None) => String::new(),
    };
    vec![
        path.to_string_lossy().into_owned(),
        judgement.verdict().as_str().to_owned(),
        field(&|l| l.issued_to().to_owned()),
        field(&|l| l.plan().to_owned()),
        field(&|l| l.expiration().map_or_else(|| "never".to_owned(), |day| day.to_string())),
        field(&|l| match l.expiration() {
            Some(_) => l.days_left(judgement.checked_at()).to_string(),
            None => "never".to_owned(),
        }),
        field(&|l| l.license_id().to_owned()),
        note,
    ]
    .into_iter()
    .map(|cell| spreadsheet_safe(&cell))
    .collect()
}

/// The OWASP rule against CSV injection: a cell that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is written with a leading `'`, so
/// that a spreadsheet shows it as text instead of running it as a formula;
/// then the one escaping rule.
pub(crate) fn spreadsheet_safe(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let escaped = Escaped(cell);
    if formula { format!("'{escaped}") } else { escaped.to_string() }
}

/// A tab-separated line.
pub(crate) fn tsv_row(cells: &[String]) -> String {
    cells.join("\t")
}

/// The report's rows under [`COLUMNS`], aligned.
pub(crate) fn table(rows: &[Vec<String>]) -> Vec<String> {
    aligned(&COLUMNS, rows)
}

/// Rows of cells under `header`, in aligned columns two spaces apart, the
/// last one left ragged: the report's table and the issuer's ledger list.
pub(crate) fn aligned(header: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let header: Vec<String> = header.iter().map(|c| (*c).to_owned()).collect();
    let mut widths = vec![0usize; header.len()];
    for row in rows.iter().chain(std::iter::once(&header)) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    std::iter::once(&header)
        .chain(rows)
        .map(|row| {
            let last = row.len().saturating_sub(1);
            row.iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (cell, width))| if i == last { cell.clone() } else { format!("{cell:<width$}") })
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
        })
        .collect()
}

/// A verdict's place in [`Verdict::ALL`]: where a fleet counts it.
fn index(verdict: Verdict) -> usize {
    Verdict::ALL.iter().position(|v| *v == verdict).unwrap_or(0)
}

/// The counts of a fleet audit, kept as reports go by.
#[derive(Default)]
pub(crate) struct Tally {
    /// Licenses per verdict, in the order of [`Verdict::ALL`].
    counts: [usize; Verdict::ALL.len()],
    samples: usize,
    expiring: usize,
    /// The files of each licenseId that verified, to find duplicates.
    ids: BTreeMap<String, Vec<String>>,
}

impl Tally {
    pub(crate) fn add(&mut self, path: &Path, judgement: &Judgement, extras: Extras) {
        if let Some(count) = self.counts.get_mut(index(judgement.verdict())) {
            *count += 1;
        }
        self.samples += usize::from(judgement.license().is_some_and(License::signed_by_sample_key));
        self.expiring += usize::from(extras.expiring(judgement));
        if let Some(license) = judgement.license() {
            self.ids.entry(license.license_id().to_owned()).or_default().push(path.to_string_lossy().into_owned());
        }
    }

    /// The licenseIds found in more than one file, with their files.
    pub(crate) fn duplicates(&self) -> impl Iterator<Item = (&String, &Vec<String>)> {
        self.ids.iter().filter(|(_, files)| files.len() > 1)
    }

    /// One line per duplicated licenseId.
    pub(crate) fn duplicate_lines(&self) -> Vec<String> {
        self.duplicates()
            .map(|(id, files)| {
                let files: Vec<String> = files.iter().map(|f| Escaped(f).to_string()).collect();
                format!("duplicate licenseId {}: {}", Escaped(id), files.join(", "))
            })
            .collect()
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
        self.counts.get(index(verdict)).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// `N licenses: a valid, b rejected, ...`, the verdicts that occurred, in exit-code order.
    pub(crate) fn summary_line(&self) -> String {
        let parts: Vec<String> = Verdict::ALL
            .iter()
            .filter(|v| self.count(**v) > 0 || **v == Verdict::Valid)
            .map(|v| format!("{} {}", self.count(*v), v.phrase()))
            .collect();
        let mut notes = Vec::new();
        if self.expiring > 0 {
            notes.push(format!("{} ending soon", self.expiring));
        }
        if self.samples > 0 {
            notes.push(format!("{} signed by the SAMPLE key", self.samples));
        }
        let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
        format!("{} licenses: {}{notes}", self.total(), parts.join(", "))
    }

    /// The end of the streamed `--json` report: the counts and the exit code.
    pub(crate) fn json_tail(&self) -> String {
        let mut counts = Map::new();
        for verdict in Verdict::ALL {
            counts.insert(verdict.as_str().to_owned(), json!(self.count(verdict)));
        }
        counts.insert("total".to_owned(), json!(self.total()));
        counts.insert("sampleKey".to_owned(), json!(self.samples));
        counts.insert("expiring".to_owned(), json!(self.expiring));
        let duplicates: Vec<Value> =
            self.duplicates().map(|(id, files)| json!({ "licenseId": id, "files": files })).collect();
        format!(
            "  \"counts\": {},\n  \"duplicates\": {},\n  \"exitCode\": {}\n}}",
            json_text(&Value::Object(counts)),
            json_text(&Value::Array(duplicates)),
            self.worst().exit_code()
        )
    }
}

/// Pretty JSON, with the one escaping rule's characters as `\uXXXX`
/// escapes: every `--json` output is written through here or [`json_text`].
pub(crate) fn pretty(value: &Value) -> String {
    json_text_pretty(value)
}

/// The warnings every use of a judged license gets on standard error: the
/// sample key's, and, for a license in effect, the end coming (its notice
/// period) or grace running out.
pub(crate) fn judgement_warnings(out: &mut Out, judgement: &Judgement) -> Result<(), CliError> {
    let Some(license) = judgement.license() else { return Ok(()) };
    sample_warning(out, license)?;
    if let Some(warning) = time_warning(judgement) {
        out.warning(&warning)?;
    }
    Ok(())
}

/// "expired on X; in grace until Y: renew now", or "ends at the end of X
/// (N days left): renew before then", for a license in effect.
pub(crate) fn time_warning(judgement: &Judgement) -> Option<String> {
    let license = judgement.license()?;
    let now = judgement.checked_at();
    let last_day = license.ends_at().and_then(|ends| ends.checked_sub_signed(TimeDelta::seconds(1)))?.date_naive();
    match judgement.verdict() {
        Verdict::Grace => Some(format!(
            "expired on {}; in grace until {last_day}: renew now",
            license.expiration().map(|d| d.to_string()).unwrap_or_default()
        )),
        Verdict::Valid | Verdict::EndsWithin if license.in_notice(now) => {
            Some(format!("ends at the end of {last_day} UTC ({} days left): renew before then", license.days_left(now)))
        }
        _ => None,
    }
}

/// The warning every use of a license signed by the sample key gets.
pub(crate) fn sample_warning(out: &mut Out, license: &License) -> Result<(), CliError> {
    if license.signed_by_sample_key() {
        out.warning(&format!("verified by the SAMPLE key \"{}\", {SAMPLE_KEY_RISK}", license.kid()))?;
    }
    Ok(())
}

/// A status map as the table `status` prints.
pub(crate) fn status_table(out: &mut Out, status: &Status) -> Result<(), CliError> {
    out.line(&format!("licensed:   {}", status.licensed()))?;
    if let Some(expiration) = status.expiration() {
        out.line(&format!("expiration: {expiration}"))?;
    }
    if let Some(attributes) = status.license_attributes() {
        out.line("licenseAttributes:")?;
        for (name, value) in attributes {
            out.line(&format!("  {}: {}", Escaped(name), Escaped(value)))?;
        }
    }
    let width = status.features().map(|(name, _)| name.len()).max().unwrap_or(0);
    out.line("")?;
    out.line(&format!("{:width$}  STATUS", "FEATURE"))?;
    for (name, state) in status.features() {
        out.line(&format!("{name:width$}  {state}"))?;
    }
    Ok(())
}
