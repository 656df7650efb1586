#![allow(clippy::unwrap_used)]
//! The command line, case by case: each `tests/cmd/*.trycmd` file holds
//! commands with their exact output and exit code (`? N`), and each `*.toml`
//! a case that needs standard input. After an intended change in output,
//! `TRYCMD=overwrite cargo test --test cli` rewrites them; review the diff.

/// Runs the test from the repository's root, where the samples are: every
/// test of this file sets the same folder, so their order does not matter.
fn at_root() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
}

#[test]
fn cli_cases() {
    at_root();
    // This machine, for licenses sold per machine: no store (so a bound
    // license is "never activated here"), an operator's identity; the same
    // on every machine that runs the cases.
    trycmd::TestCases::new()
        .env("AIRGAP_LICENSE_STORE", "target/trycmd-no-store")
        .env("AIRGAP_LICENSE_MACHINE_ID", "trycmd")
        .case("cli/tests/cmd/*.trycmd")
        .case("cli/tests/cmd/*.toml");
}
