//! The product's build script: embed the keys, or fail naming what is wrong.
use std::process::ExitCode;

fn main() -> ExitCode {
    match airgap_license::build::embed("keys") {
        Ok(embedding) => {
            for line in embedding.cargo_directives() {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
