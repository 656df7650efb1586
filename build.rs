//! Resolves what gets embedded at build time: the trusted keys folder and the
//! plan/feature catalog. A vendor points a build at its own with
//! `AIRGAP_LICENSE_KEYS_DIR` and `AIRGAP_LICENSE_CATALOG`; a relative path is
//! taken from this package's directory (where Cargo runs build scripts).

use std::env;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn resolve(var: &str, default: &str, manifest_dir: &Path) -> PathBuf {
    println!("cargo:rerun-if-env-changed={var}");
    match env::var_os(var) {
        Some(value) if !value.is_empty() => manifest_dir.join(value),
        _ => manifest_dir.join(default),
    }
}

fn main() -> ExitCode {
    let Some(manifest_dir) = env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        eprintln!("error: CARGO_MANIFEST_DIR is not set; build through Cargo");
        return ExitCode::FAILURE;
    };
    let keys = resolve("AIRGAP_LICENSE_KEYS_DIR", "keys", &manifest_dir);
    let catalog = resolve("AIRGAP_LICENSE_CATALOG", "catalog.json", &manifest_dir);

    // Fail here, naming the variable, rather than with a macro error deep in rust-embed.
    if !keys.is_dir() {
        eprintln!("error: the trusted keys folder {} is not a directory (AIRGAP_LICENSE_KEYS_DIR)", keys.display());
        return ExitCode::FAILURE;
    }
    if !catalog.is_file() {
        eprintln!("error: the catalog {} is not a file (AIRGAP_LICENSE_CATALOG)", catalog.display());
        return ExitCode::FAILURE;
    }
    // A folder's modification time changes when a file is added or removed; the
    // embedded files themselves are tracked by include_bytes!.
    println!("cargo:rerun-if-changed={}", keys.display());
    println!("cargo:rerun-if-changed={}", catalog.display());
    println!("cargo:rustc-env=AIRGAP_LICENSE_EMBED_KEYS={}", keys.display());
    println!("cargo:rustc-env=AIRGAP_LICENSE_EMBED_CATALOG={}", catalog.display());
    ExitCode::SUCCESS
}
