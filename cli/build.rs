//! Embeds the trusted keys: this repository's `keys/` folder (the public
//! sample key, so that the README's first command works, with its warnings),
//! or the folder named by `AIRGAP_LICENSE_KEYS_DIR`, under the library's one
//! set of rules. A private key anywhere in the folder, a bad `.pem`, or no
//! key fails the build, naming the file.

use std::process::ExitCode;

fn main() -> ExitCode {
    airgap_license::build::run("../keys")
}
