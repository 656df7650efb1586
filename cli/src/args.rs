//! The arguments, checked by clap before any file is read. This file uses
//! nothing of the binary but clap and the library, so that the generator of
//! completions and manual pages (`src/bin/docs.rs`) includes it as it is.

use std::path::PathBuf;

use airgap_license::chrono::{DateTime, NaiveDate, Utc};
use airgap_license::{check_instant, day_start, parse_date};
use clap::{Args, Parser, Subcommand};

/// The text for `--help`, kept beside the codes it documents.
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes (verify and status):
  0  the license is in effect
  1  rejected: malformed, bad signature or unknown key; or revoked by the
     revocation list given (--revocations)
  2  usage or I/O error, an unreadable license, or unusable trusted keys
  3  expired
  4  not yet in effect
  5  the clock cannot be trusted (more than 24 hours before the license was issued)
  6  in effect, but ends within --valid-for days
  7  not bound to this machine: a template not yet activated by request, a
     license bound to another machine, or this machine changed
  8  this release of the product is not covered: dated after the license's
     maintenanceUntil (see --release-date)
With several licenses, verify exits with the worst of their codes, in the
order 2, 1, 7, 3, 8, 5, 4, 6, 0; 0 only when every license named is in effect.";

/// The text for `activate` and `regenerate --help`.
pub(crate) const STORE_EXIT_CODES_HELP: &str = "\
Exit codes (activate and regenerate):
  0  the license is in effect and now the active one
  1  refused: rejected, revoked by the store's revocation list, a licenseId
     mismatch, superseded, older than a copy this store has seen (or another
     document of the same order), or (regenerate) not a successor of the
     active one
  2  usage or I/O error, a busy, unreadable or corrupt store, or unusable keys
  3  refused: expired
  4  stored, but not yet in effect
  5  refused: the clock cannot be trusted (before the license was issued, or
     more than 24 hours before the latest time this store has seen)
  7  refused: a template (send `airgap-license request` to the vendor), or a
     license bound to another machine, or this machine changed
  8  refused: its maintenanceUntil does not cover this release of the product
Whenever the exit code is not 0 or 4, the store is left exactly as it was
(the event log records the refusal).";

/// Offline validator for Ed25519-signed software licenses.
#[derive(Debug, Parser)]
#[command(name = "airgap-license", version, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Verify licenses: one line each naming the licensee, plan, key and expiration, or what is wrong.
    #[command(after_help = EXIT_CODES_HELP)]
    Verify {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        release: Release,
        /// License files, folders (their *.lic files, any case), or - for standard input (once).
        /// With more than one license: one line each, a summary, and the worst exit code.
        /// Put -- before file names that may start with a dash.
        #[arg(value_name = "FILE|DIR|-", required = true)]
        files: Vec<PathBuf>,
        /// The license must also stay in effect for DAYS days after --at (exit 6 otherwise).
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(..=36_500))]
        valid_for: Option<u32>,
        /// List the licenses in effect that end within DAYS days, without making them failures.
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(..=36_500))]
        expiring_within: Option<u32>,
        /// How to write the report: text (a line each), table, tsv, or json (the same as --json).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Take the *.lic files of folders and of all their subfolders.
        #[arg(long)]
        recursive: bool,
        #[command(flatten)]
        here: Here,
    },
    /// Show the status map of FILE, or of the store's active license: a table, or the GET /api/reactor body.
    #[command(after_help = EXIT_CODES_HELP)]
    Status {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        machine: MachineArg,
        /// The license file, or - for standard input [default: the store's active license].
        #[arg(value_name = "FILE|-", conflicts_with = "store")]
        file: Option<PathBuf>,
    },
    /// Say why each feature has its state: the plan, an override, the dates, the clock, a network need.
    #[command(after_help = EXIT_CODES_HELP)]
    Explain {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        release: Release,
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        machine: MachineArg,
        /// The license file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
        /// Only this feature.
        #[arg(value_name = "FEATURE")]
        feature: Option<String>,
    },
    /// List the instants at which the license's status map changes, with the map at each.
    Timeline {
        #[command(flatten)]
        trust: Trust,
        #[command(flatten)]
        release: Release,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
        /// The license file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
    },
    /// Verify a license and make it the store's active one (POST /api/reactor).
    #[command(after_help = STORE_EXIT_CODES_HELP)]
    Activate {
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        machine: MachineArg,
        /// The licenseId the license must have (as the Reactor API asks for both).
        #[arg(long, value_name = "UUID")]
        license_id: Option<String>,
        #[command(flatten)]
        trust: Trust,
        /// Print the verdict object on standard output.
        #[arg(long)]
        json: bool,
        /// The license file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
    },
    /// Replace the store's active license with its successor (PUT /api/reactor).
    #[command(after_help = STORE_EXIT_CODES_HELP)]
    Regenerate {
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        machine: MachineArg,
        #[command(flatten)]
        trust: Trust,
        /// Print the verdict object on standard output.
        #[arg(long)]
        json: bool,
        /// The successor's license file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
    },
    /// Remove the store's active license (DELETE /api/reactor).
    ///
    /// For a license bound to this machine, also destroy the store's device key and write a
    /// release receipt, signed by that key before it goes, for the vendor to free the seat
    /// (airgap-license-issuer release). Logged as license.deactivate with the receipt's hash.
    Deactivate {
        #[command(flatten)]
        store: StoreArg,
        /// Write the release receipt to FILE (created, never overwritten) instead of standard output.
        #[arg(long, value_name = "FILE")]
        receipt: Option<PathBuf>,
    },
    /// Print the last release receipt this store wrote, again.
    ///
    /// A deactivation of a bound license destroys the device key and writes a receipt; if it
    /// never reached the vendor (a full disk, a closed terminal), this prints it again. Exit 2
    /// when there is no store or no receipt in it.
    Receipt {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Show this machine: its device key's fingerprint and the names of the components found.
    ///
    /// The device key is made (and the store with it) if the store has none. Raw component
    /// values are never shown: a license and a request carry them only as HMAC-SHA256 keyed by
    /// this store's secret and the licenseId.
    Machine {
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        machine: MachineArg,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Write an activation request for a template (or bound) license, for the vendor to bind.
    ///
    /// Armored text of at most 1 KiB: the licenseId, this store's device public key, the
    /// machine's components hashed for that licenseId, its label and the time, signed by the
    /// device key. Carry it to the vendor (a file, or --qr for a phone), and activate the bound
    /// license that comes back. Exit 0; 1 when the license is rejected (nothing written).
    Request {
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        machine: MachineArg,
        #[command(flatten)]
        trust: Trust,
        /// Write the request to FILE (created, never overwritten) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Also draw the request as a QR code, for a phone to carry out: on the terminal (standard
        /// error when standard output is not one, so that `--qr > FILE` keeps the file the request).
        #[arg(long)]
        qr: bool,
        /// The template (or bound) license file, or - for standard input.
        #[arg(value_name = "LICENSE|-")]
        file: PathBuf,
    },
    /// Print the store's event log, one JSON object per line.
    Events {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Set the store's clock mark to the system clock, after a clock that ran ahead (logged).
    ///
    /// A clock set far ahead once (to 2099, say) leaves the store's mark there, and every
    /// later command then finds the clock wound back (exit 5). This sets the mark to the
    /// system clock now, keeps everything else the store remembers (licenses seen and
    /// superseded), and logs a license.clock.reset event with the mark before.
    ClockReset {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Import a vendor's revocation list into the store (only a newer one: never back).
    ///
    /// The list must verify with the trusted keys (else exit 2) and hold a higher sequence than
    /// the list the store keeps (else exit 1, the store left as it was). The active license, or
    /// a held renewal, that it names is removed at once (license.revoke), and no license it
    /// names is activated while it is the store's list. Revocation reaches only the machines
    /// that are given the list.
    Revocations {
        #[command(flatten)]
        store: StoreArg,
        /// Trust the *.pem public keys in DIR instead of the embedded ones.
        #[arg(long, value_name = "DIR")]
        keys: Option<PathBuf>,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
        /// The revocation list, as airgap-license-issuer revoke writes it, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
    },
    /// Show a license's envelope and document WITHOUT verifying them (for support).
    Inspect {
        /// Print JSON on standard output (still marked unverified).
        #[arg(long)]
        json: bool,
        /// The license file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
    },
    /// List the trusted keys with their SHA-256 fingerprints.
    Keys {
        /// Trust the *.pem public keys in DIR instead of the embedded ones.
        #[arg(long, value_name = "DIR")]
        keys: Option<PathBuf>,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// List the plans in order and each feature's plan.
    Catalog {
        /// Use the catalog in FILE instead of the embedded one.
        #[arg(long, value_name = "FILE")]
        catalog: Option<PathBuf>,
        /// Print JSON on standard output (the catalog's own form).
        #[arg(long)]
        json: bool,
    },
}

/// How `verify` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// One line per license, then a summary.
    Text,
    /// Aligned columns (the whole report is read first, to size them).
    Table,
    /// Tab-separated values with a header line, streamed.
    Tsv,
    /// The JSON report, streamed.
    Json,
}

/// Where the store is.
#[derive(Debug, Args)]
pub(crate) struct StoreArg {
    /// The store's folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root,
    /// else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license].
    #[arg(long, value_name = "DIR")]
    pub(crate) store: Option<PathBuf>,
}

/// How this machine is identified.
#[derive(Debug, Args)]
pub(crate) struct MachineArg {
    /// Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces
    /// every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID].
    #[arg(long, value_name = "ID")]
    pub(crate) machine_id: Option<String>,
}

/// Where `verify` judges licenses bound to machines.
#[derive(Debug, Args)]
pub(crate) struct Here {
    #[command(flatten)]
    pub(crate) store: StoreArg,
    #[command(flatten)]
    pub(crate) machine: MachineArg,
    /// Judge licenses bound to machines by their signature and dates only, not against this
    /// machine (a vendor's audit of licenses collected from many machines); each line says so.
    #[arg(long, conflicts_with_all = ["store", "machine_id"])]
    pub(crate) any_machine: bool,
}

/// What a verdict is reached with: the trusted keys and the catalog.
#[derive(Debug, Args)]
pub(crate) struct Trust {
    /// Trust the *.pem public keys in DIR instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub(crate) keys: Option<PathBuf>,
    /// Judge features by the catalog in FILE instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
    /// Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must
    /// verify with the trusted keys (else exit 2).
    #[arg(long, value_name = "FILE")]
    pub(crate) revocations: Option<PathBuf>,
}

/// The vendor's question "would release X be covered?": `verify`,
/// `explain` and `timeline` only. A store command judges for the product
/// as built (whoever runs it does not pick its release date).
#[derive(Debug, Args)]
pub(crate) struct Release {
    /// Judge licenses with maintenanceUntil for a release of the product dated DAY (would
    /// release X be covered?) [default: this build's release date].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = release_day)]
    pub(crate) release_date: Option<NaiveDate>,
}

fn release_day(text: &str) -> Result<NaiveDate, String> {
    parse_date("--release-date", text).map_err(|e| e.to_string())
}

/// What the commands that judge a license at an instant share.
#[derive(Debug, Args)]
pub(crate) struct Common {
    /// Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock].
    #[arg(long, value_name = "WHEN", value_parser = parse_at)]
    pub(crate) at: Option<DateTime<Utc>>,
    #[command(flatten)]
    pub(crate) trust: Trust,
    /// Print JSON on standard output (warnings and errors stay on standard error).
    #[arg(long)]
    pub(crate) json: bool,
}

/// `YYYY-MM-DD` is 00:00:00 UTC that day; anything else must be RFC 3339;
/// either within the years 1970 to 9999.
fn parse_at(text: &str) -> Result<DateTime<Utc>, String> {
    let at = if text.len() == 10 {
        parse_date("--at", text).map(day_start).map_err(|e| e.to_string())?
    } else {
        DateTime::parse_from_rfc3339(text)
            .map(|at| at.with_timezone(&Utc))
            .map_err(|e| format!("{text:?} is neither YYYY-MM-DD nor an RFC 3339 instant ({e})"))?
    };
    check_instant(at).map_err(|e| e.to_string())
}
