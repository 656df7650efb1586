//! `airgap-license`: verify a license offline, show its status map, inspect
//! it, list the trusted keys. The library decides; this binary owns the clock,
//! the files, the messages and the exit codes (see [`cli::Exit`]).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
