//! The issuer's command line. It uses nothing of the binary but clap and
//! the library, so that the generator of completions and manual pages
//! (`src/bin/docs.rs`) includes it as it is.

use std::path::PathBuf;

use airgap_license::chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  done (warnings, if any, on standard error)
  1  a document breaks a rule of the format, or could never be in effect;
     bind: a request forged or refused (no seat free, an operator-supplied
     identity without --allow-operator-id); release: a receipt forged or
     not of a binding in the ledger (the ledger is then left unchanged)
  2  usage, I/O or key error (a bad key, a --kid that does not match the key)";

/// Make Ed25519 keys, write license documents, sign and renew licenses for airgap-license.
#[derive(Debug, Parser)]
#[command(name = "airgap-license-issuer", version, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Make a key pair: DIR/ID.pem (public, for keys/) and DIR/ID.key (private, PKCS#8 PEM, mode 0600).
    Keygen {
        /// The key id: 1 to 64 characters of A-Z a-z 0-9 . _ -
        #[arg(long, value_name = "ID")]
        kid: String,
        /// The folder to write both files into (created if absent; existing files are never overwritten).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Write a license document: a fresh licenseId, issued today, your flags; sign it once filled in.
    New(Template),
    /// Check license documents against the format's rules and sign them.
    Sign(Sign),
    /// Issue the successor of a license: the same licenseId, issued today, a new expiration.
    Renew(Renew),
    /// Bind template licenses to machines: a bound license per activation request, a seat each.
    ///
    /// Each request's signature is checked, its template found in the ledger (a license this
    /// key signed with --ledger), and a seat taken unless the template's machines are all bound
    /// and not released; a request from a device key already bound rebinds it without a new
    /// seat. Nothing is written unless every request is granted; the bindings are then recorded
    /// in the ledger in one write, before any bound license is written.
    Bind(Bind),
    /// Free the seats of machines that gave them back: verify release receipts against the ledger.
    ///
    /// Each receipt must be signed by the device key the ledger bound for its licenseId. A
    /// receipt already counted frees nothing again. Nothing is recorded unless every receipt
    /// verifies; the releases are then recorded in the ledger in one write.
    Release {
        /// The ledger that holds the bindings.
        #[arg(long, value_name = "FILE")]
        ledger: PathBuf,
        /// Release receipts (files, or folders of them).
        #[arg(value_name = "RECEIPT", required = true)]
        receipts: Vec<PathBuf>,
    },
    /// Write the next revocation list: every licenseId (and key id) revoked so far, and these.
    ///
    /// The list is signed by --key, holds a sequence one higher than the last list in the ledger,
    /// and is recorded in the ledger (under its lock) before it is written. Customers import it
    /// with `airgap-license revocations --store DIR FILE`; `verify --revocations FILE` applies it.
    Revoke(Revoke),
    /// List what the ledger says was issued.
    List {
        /// The ledger (a JSON Lines file that sign and renew append to).
        #[arg(long, value_name = "FILE")]
        ledger: PathBuf,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
}

/// `new`: what the document says.
#[derive(Debug, Args)]
pub(crate) struct Template {
    /// The licenseId [default: a fresh random UUID].
    #[arg(long, value_name = "UUID")]
    pub(crate) license_id: Option<String>,
    /// The licensee [default: blank, which sign refuses until it is filled in].
    #[arg(long, value_name = "NAME")]
    pub(crate) issued_to: Option<String>,
    /// The plan [default: the catalog's lowest].
    #[arg(long, value_name = "PLAN")]
    pub(crate) plan: Option<String>,
    /// licenseAttributes.LicenseType.
    #[arg(long = "type", value_name = "TYPE", default_value = "Production")]
    pub(crate) license_type: String,
    /// The day it is issued [default: today, UTC].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub(crate) issued: Option<NaiveDate>,
    /// The first day in effect [default: the day it is issued].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub(crate) not_before: Option<NaiveDate>,
    /// The last day in effect [default: a year after it is issued].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day, conflicts_with = "perpetual")]
    pub(crate) until: Option<NaiveDate>,
    /// A perpetual license: no expiration (an older validator refuses it, the safe direction).
    #[arg(long)]
    pub(crate) perpetual: bool,
    /// Cover releases of the product dated on or before DAY only (maintenance), whatever the
    /// clock says; listed in critical.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub(crate) maintenance_until: Option<NaiveDate>,
    /// Stay in effect DAYS days after the expiration, every use warning to renew [default: 0].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(..=365))]
    pub(crate) grace_days: Option<u32>,
    /// Warn on every use from DAYS days before the expiration, and through grace [default: 30].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(..=365))]
    pub(crate) notice_days: Option<u32>,
    /// A feature granted (NAME=true) or withheld (NAME=false) beyond the plan; repeatable.
    #[arg(long = "feature", value_name = "NAME=true|false", value_parser = feature)]
    pub(crate) features: Vec<(String, bool)>,
    /// A licenseId this license supersedes; repeatable.
    #[arg(long, value_name = "UUID")]
    pub(crate) supersedes: Vec<String>,
    /// Make a template for N machines at once: in effect nowhere until bound to a machine (bind).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub(crate) machines: Option<u64>,
    /// Print the document on one line (for a JSON Lines batch).
    #[arg(long)]
    pub(crate) line: bool,
    /// Check plans and features against the catalog in FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
}

/// What signing needs: the key, where to write, the ledger.
#[derive(Debug, Args)]
pub(crate) struct Signer {
    /// The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it).
    #[arg(long, value_name = "FILE")]
    pub(crate) key: PathBuf,
    /// The key id the validators know this key by [default: the key file's name without .key].
    #[arg(long, value_name = "ID")]
    pub(crate) kid: Option<String>,
    /// Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines.
    #[arg(long)]
    pub(crate) armor: bool,
    /// Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256).
    #[arg(long, value_name = "FILE")]
    pub(crate) ledger: Option<PathBuf>,
    /// Check documents against the catalog in FILE instead of the Reactor catalog.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
    /// Sign even when `features` names a feature the catalog does not know
    /// (a validator reports it UNKNOWN and grants nothing by it).
    #[arg(long)]
    pub(crate) allow_unknown_features: bool,
}

/// `sign`.
#[derive(Debug, Args)]
pub(crate) struct Sign {
    #[command(flatten)]
    pub(crate) signer: Signer,
    /// DOCUMENT is JSON Lines: one document a line, all checked before any is signed; needs --out.
    #[arg(long, requires = "out")]
    pub(crate) batch: bool,
    /// The license document (JSON), or - for standard input.
    #[arg(value_name = "DOCUMENT|-")]
    pub(crate) document: PathBuf,
}

/// `bind`.
#[derive(Debug, Args)]
pub(crate) struct Bind {
    #[command(flatten)]
    pub(crate) signer: Signer,
    /// Grant requests whose only component is an operator-supplied identity
    /// (AIRGAP_LICENSE_MACHINE_ID: containers), which no hardware vouches for; recorded in the ledger.
    #[arg(long)]
    pub(crate) allow_operator_id: bool,
    /// Bound licenses end N days from today (or with the template, if it ends
    /// sooner): a machine file with a lifetime, renewed by a new request, so
    /// that a copy restored from before a release dies at its end.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub(crate) valid_days: Option<u32>,
    /// Activation requests (files, or folders of them), as `airgap-license request` writes them.
    #[arg(value_name = "REQUEST", required = true)]
    pub(crate) requests: Vec<PathBuf>,
}

/// `revoke`.
#[derive(Debug, Args)]
pub(crate) struct Revoke {
    /// The private key that signs the list (a key the customers' validators trust).
    #[arg(long, value_name = "FILE")]
    pub(crate) key: PathBuf,
    /// The key id the validators know this key by [default: the key file's name without .key].
    #[arg(long, value_name = "ID")]
    pub(crate) kid: Option<String>,
    /// The ledger: it holds the last list, and records the new one.
    #[arg(long, value_name = "FILE")]
    pub(crate) ledger: PathBuf,
    /// Write the list to FILE (created, never overwritten) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Take the licenseIds (and --all-signed-by key ids) given off the list instead.
    #[arg(long)]
    pub(crate) unrevoke: bool,
    /// Revoke every license signed by key ID (a leaked key); repeatable.
    #[arg(long, value_name = "ID")]
    pub(crate) all_signed_by: Vec<String>,
    /// The day the list is issued [default: today, UTC].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub(crate) issued: Option<NaiveDate>,
    /// The licenseIds to revoke. With none, the next list holds what the
    /// last did, and every binding released since (each list names every
    /// released bound license by its digest).
    #[arg(value_name = "LICENSEID")]
    pub(crate) license_ids: Vec<String>,
}

/// `renew`.
#[derive(Debug, Args)]
pub(crate) struct Renew {
    #[command(flatten)]
    pub(crate) signer: Signer,
    /// The new last day in effect.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub(crate) until: NaiveDate,
    /// The day the renewal is issued [default: today, UTC]; not before the license's (the same day will do).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub(crate) issued: Option<NaiveDate>,
    /// The renewal's first day in effect [default: the day it is issued]; a store holds it until then.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub(crate) not_before: Option<NaiveDate>,
    /// The license to renew (signed by this key), or - for standard input.
    #[arg(value_name = "LICENSE|-")]
    pub(crate) license: PathBuf,
}

fn day(text: &str) -> Result<NaiveDate, String> {
    airgap_license::parse_date("the date", text).map_err(|e| e.to_string())
}

fn feature(text: &str) -> Result<(String, bool), String> {
    match text.split_once('=') {
        Some((name, "true")) => Ok((name.to_owned(), true)),
        Some((name, "false")) => Ok((name.to_owned(), false)),
        _ => Err(format!("{text:?} is not NAME=true or NAME=false")),
    }
}
