//! The command line: arguments, commands, output and exit codes.

mod args;
mod audit;
mod commands;
mod error;
mod exit;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser as _;

pub(crate) use exit::Exit;

/// Parses the arguments (usage errors exit 2 before any work), runs the
/// command and turns its verdict or error into the exit code.
pub(crate) fn run() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0), usage errors to stderr (exit 2).
            let _ = e.print();
            return if e.use_stderr() { Exit::Usage.into() } else { Exit::InEffect.into() };
        }
    };
    match commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(e) => {
            output::error_line(&e.to_string());
            e.exit().into()
        }
    }
}
