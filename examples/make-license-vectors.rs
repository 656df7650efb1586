//! Writes `tests/vectors/licenses.tsv`: every sample license and every
//! license of the bad-input catalogue, with the verdict, exit code and
//! status body each must get at one fixed instant, trusting the sample key
//! alone. The library is the reference; the CLI, C, Python and Node tests
//! each read the file and must agree on every line. Deterministic: CI runs
//! it again and diffs.
//!
//! ```sh
//! cargo run --example make-license-vectors
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::PathBuf;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Judgement, Validator, dangerous, json_text};

/// The instant every vector is judged at (the samples' "now").
const AT: &str = "2026-06-01T00:00:00Z";

/// Samples whose verdict depends on the build (the release date it records):
/// not vectors.
const BUILD_DEPENDENT: [&str; 1] = ["maintenance.lic"];

fn main() {
    let validator = Validator::with_keys(dangerous::sample_key_anyone_can_sign()).unwrap();
    let at: DateTime<Utc> = AT.parse().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for folder in ["licenses-sample", "tests/bad_inputs"] {
        let mut found: Vec<PathBuf> = fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "lic"))
            .filter(|path| !BUILD_DEPENDENT.iter().any(|name| path.ends_with(name)))
            .collect();
        found.sort();
        files.extend(found);
    }
    let mut out = String::from(
        "# airgap-license license vectors: path (from the repository root), exit code, verdict, and the\n\
         # GET /api/reactor body, each as every implementation must give them at 2026-06-01T00:00:00Z\n\
         # trusting the sample key sample-2026 alone (keys/sample-2026.pem), on a machine whose store\n\
         # holds no device key the samples are bound to. Made by examples/make-license-vectors.rs.\n",
    );
    for path in files {
        let bytes = fs::read(&path).unwrap();
        let judgement = match validator.verify(&bytes) {
            Ok(license) => Judgement::of_license(license, at),
            Err(e) => Judgement::rejected(e, at),
        };
        let body = json_text(&judgement.status(&validator).to_body());
        out.push_str(&format!(
            "{}\t{}\t{}\t{body}\n",
            path.display(),
            judgement.exit_code(),
            judgement.verdict().as_str()
        ));
    }
    fs::write("tests/vectors/licenses.tsv", out).unwrap();
}
