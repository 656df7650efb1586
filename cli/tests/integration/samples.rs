//! The table in licenses-sample/README.md, run row by row through the CLI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::util::at_root;
use std::process::Command;

const AT: &str = "2026-06-01";

#[test]
fn every_sample_gives_the_verdict_its_table_states() {
    at_root();
    let readme = std::fs::read_to_string("licenses-sample/README.md").unwrap();
    assert!(readme.contains(&format!("`--at {AT}`")), "the README must state the instant the test uses");
    let rows: Vec<Vec<String>> = readme
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| line.trim_matches('|').split('|').map(|cell| cell.trim().trim_matches('`').to_owned()).collect())
        .collect();
    assert!(rows.len() >= 14, "found only {} rows", rows.len());
    for row in rows {
        let [file, extra, exit, _verdict, says] = &row[..] else { panic!("row {row:?} has not five cells") };
        for command in ["verify", "status"] {
            let mut args = vec![command.to_owned(), "--at".into(), AT.into()];
            if command == "verify" {
                args.extend(extra.split_whitespace().map(str::to_owned));
            }
            args.push(format!("licenses-sample/{file}"));
            let output = Command::new(env!("CARGO_BIN_EXE_airgap-license")).args(&args).output().unwrap();
            let text =
                format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            // status has no --valid-for: it reports the license in effect there.
            let expected: i32 = if command == "status" && !extra.is_empty() { 0 } else { exit.parse().unwrap() };
            assert_eq!(output.status.code(), Some(expected), "{args:?}\n{text}");
            if command == "verify" {
                assert!(text.contains(says.as_str()), "{args:?} does not say {says:?}:\n{text}");
            }
            // Whoever accepts a sample-key license says so.
            let verified = !matches!(expected, 1);
            assert_eq!(text.contains("SAMPLE key"), verified, "{args:?}\n{text}");
        }
    }
}

#[test]
fn the_armored_sample_is_an_enterprise_license_of_the_sample_key() {
    at_root();
    // (CI reruns the generator and diffs its output against these files.)
    let validator =
        airgap_license::Validator::with_keys(airgap_license::dangerous::sample_key_anyone_can_sign()).unwrap();
    let enterprise = std::fs::read_to_string("licenses-sample/enterprise.lic").unwrap();
    assert!(enterprise.starts_with(airgap_license::ARMOR_BEGIN));
    let license = validator.verify(&enterprise).unwrap();
    assert_eq!(license.plan(), "Enterprise");
    assert!(license.signed_by_sample_key());
}

/// The published license vectors (`tests/vectors/licenses.tsv`) through the
/// command line as built: `status --json` gives each line's exit code and
/// status body, `verify --json` its verdict.
#[test]
fn the_license_vectors_hold_through_the_command_line() {
    at_root();
    let table = std::fs::read_to_string("tests/vectors/licenses.tsv").unwrap();
    let run = |command: &str, path: &str| {
        Command::new(env!("CARGO_BIN_EXE_airgap-license"))
            .args([command, "--json", "--at", "2026-06-01T00:00:00Z", "--", path])
            .env("AIRGAP_LICENSE_STORE", "target/vectors-no-store")
            .env("AIRGAP_LICENSE_MACHINE_ID", "vectors")
            .output()
            .unwrap()
    };
    let mut seen = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [path, exit, verdict, body] = fields[..] else { panic!("not four fields: {line}") };
        let status = run("status", path);
        assert_eq!(status.status.code().map(|c| c.to_string()).as_deref(), Some(exit), "{path}");
        let printed: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
        assert_eq!(printed, serde_json::from_str::<serde_json::Value>(body).unwrap(), "{path}");
        let verified: serde_json::Value = serde_json::from_slice(&run("verify", path).stdout).unwrap();
        assert_eq!(verified["verdict"], verdict, "{path}");
        seen += 1;
    }
    assert_eq!(seen, 88, "every vector read");
}
