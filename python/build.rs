//! Embeds the trusted keys under exactly the CLI's rules and variable
//! (`AIRGAP_LICENSE_KEYS_DIR`, this repository's `keys/` by default).

use std::process::ExitCode;

fn main() -> ExitCode {
    airgap::build::run("keys")
}
