//! `airgap-license`: verify a license offline, audit a fleet, show its status
//! map, inspect it, list the trusted keys, keep a license in a store.

use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};

use crate::{args, commands, exit, lookalikes, output};

/// Refuses option look-alikes, parses the arguments (usage errors exit 2
/// before any work), runs the command and turns its verdict or error into
/// the exit code.
#[must_use]
pub fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Built once, for the look-alike check and for parsing: building it is
    // a fair part of a short run's start-up.
    let command = args::Cli::command();
    if let Err(e) = lookalikes::refuse_option_lookalikes(&command, &argv) {
        output::error_line(&e.to_string());
        return exit::usage();
    }
    let parsed = command.try_get_matches_from(argv).and_then(|matches| args::Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0), usage errors to stderr (exit 2).
            let _ = e.print();
            return if e.use_stderr() { exit::usage() } else { ExitCode::SUCCESS };
        }
    };
    match commands::run(cli) {
        Ok(ended) => exit::code(ended),
        Err(e) => {
            output::error_line(&e.to_string());
            exit::usage()
        }
    }
}
