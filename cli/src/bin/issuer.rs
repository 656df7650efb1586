//! `airgap-license-issuer`: the vendor's binary, a thin `main` over the crate
//! (feature `issuer`).

fn main() -> std::process::ExitCode {
    airgap_license_cli::issuer::main()
}
