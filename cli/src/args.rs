//! The arguments, checked by clap before any file is read.

use std::path::PathBuf;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{day_start, parse_date};
use std::ffi::OsString;

use clap::{Args, Parser, Subcommand};

use crate::error::CliError;
use crate::exit::{EXIT_CODES_HELP, STORE_EXIT_CODES_HELP};

/// Offline validator for Ed25519-signed software licenses.
#[derive(Debug, Parser)]
#[command(name = "airgap-license", version, after_help = EXIT_CODES_HELP)]
pub(crate) struct Cli {
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
    },
    /// Show the status map of FILE, or of the store's active license: a table, or the GET /api/reactor body.
    #[command(after_help = EXIT_CODES_HELP)]
    Status {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        store: StoreArg,
        /// The license file, or - for standard input [default: the store's active license].
        #[arg(value_name = "FILE|-", conflicts_with = "store")]
        file: Option<PathBuf>,
    },
    /// Say why each feature has its state: the plan, an override, the dates, the clock, a network need.
    #[command(after_help = EXIT_CODES_HELP)]
    Explain {
        #[command(flatten)]
        common: Common,
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
        trust: Trust,
        /// Print the verdict object on standard output.
        #[arg(long)]
        json: bool,
        /// The successor's license file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
    },
    /// Remove the store's active license (DELETE /api/reactor).
    Deactivate {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Print the store's event log, one JSON object per line.
    Events {
        #[command(flatten)]
        store: StoreArg,
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
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man -l -`.
    Manpage,
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

/// What a verdict is reached with: the trusted keys and the catalog.
#[derive(Debug, Args)]
pub(crate) struct Trust {
    /// Trust the *.pem public keys in DIR instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub(crate) keys: Option<PathBuf>,
    /// Judge features by the catalog in FILE instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
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

/// `YYYY-MM-DD` is 00:00:00 UTC that day; anything else must be RFC 3339.
fn parse_at(text: &str) -> Result<DateTime<Utc>, String> {
    if text.len() == 10 {
        return parse_date("--at", text).map(day_start).map_err(|e| e.to_string());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| format!("{text:?} is neither YYYY-MM-DD nor an RFC 3339 instant ({e})"))
}

/// Refuses, before clap sees them, arguments that look like options but are
/// not exactly one: a shell glob can pass a file named `-h.lic` or
/// `--help.lic`, which clap would read as `--help` and exit 0 with help,
/// turning a failing audit into a pass. Options are accepted only whole:
/// `-h`, `--json`, `--at=WHEN`; short options are never clustered. After a
/// `--`, everything is a file name.
pub(crate) fn refuse_option_lookalikes(command: &clap::Command, args: &[OsString]) -> Result<(), CliError> {
    let mut longs: Vec<String> = vec!["help".into(), "version".into()];
    let mut shorts: Vec<char> = vec!['h', 'V'];
    for sub in command.get_subcommands() {
        for arg in sub.get_arguments() {
            longs.extend(arg.get_long().map(str::to_owned));
            shorts.extend(arg.get_short());
        }
    }
    for arg in args.iter().skip(1) {
        let Some(text) = arg.to_str() else {
            // Not UTF-8: clap reports it if it is in an option's place; a file
            // name may well be such, and cannot be an option.
            continue;
        };
        if text == "--" {
            break;
        }
        if text == "-" || !text.starts_with('-') {
            continue;
        }
        let known = match text.strip_prefix("--") {
            Some(long) => longs
                .iter()
                .any(|l| long == l || long.strip_prefix(l.as_str()).is_some_and(|rest| rest.starts_with('='))),
            None => text.chars().count() == 2 && text.chars().nth(1).is_some_and(|c| shorts.contains(&c)),
        };
        if !known {
            return Err(CliError::Usage(format!(
                "{} looks like an option but is not one; to name a file that starts with a dash, put -- before the file names, or write ./{}",
                airgap_license::Quoted(text),
                airgap_license::Escaped(text)
            )));
        }
    }
    Ok(())
}
