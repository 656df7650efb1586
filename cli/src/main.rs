//! `airgap-license`: the validator's binary, a thin `main` over the crate.

fn main() -> std::process::ExitCode {
    airgap_license_cli::validator::main()
}
