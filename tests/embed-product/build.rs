//! The product's build script: embed the keys, or fail naming what is wrong.
use std::process::ExitCode;

fn main() -> ExitCode {
    airgap_license::build::run("keys")
}
