//! Embeds the trusted keys under exactly the CLI's rules and variable
//! (`AIRGAP_LICENSE_KEYS_DIR`, this repository's `keys/` by default).

use std::process::ExitCode;

fn main() -> ExitCode {
    // The shared library's SONAME, as a C library is installed
    // (`libairgap_license.so.0`, ffi/install.sh): programs linked against it
    // keep working across compatible releases and refuse an incompatible one.
    let target = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(target.as_str(), "linux" | "freebsd" | "netbsd" | "openbsd" | "dragonfly") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libairgap_license.so.{}", env!("CARGO_PKG_VERSION_MAJOR"));
    }
    airgap::build::run("../keys")
}
