//! N-API linking, and the trusted keys embedded under exactly the CLI's
//! rules and variable (`AIRGAP_LICENSE_KEYS_DIR`, this repository's `keys/`).

use std::process::ExitCode;

fn main() -> ExitCode {
    napi_build::setup();
    airgap::build::run("../keys")
}
