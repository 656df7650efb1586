//! Process-level behaviour that data-file cases cannot express.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_airgap-license");

/// The kinds of sample license in a [`fleet`] folder, in turn.
const KINDS: [&str; 5] = ["starter", "expired", "tampered", "not-yet-in-effect", "enterprise"];

/// A folder of `n` sample licenses, `000-starter.lic` and on, of the five [`KINDS`] in turn.
fn fleet(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let kind = KINDS[i % KINDS.len()];
        std::fs::copy(format!("licenses-sample/{kind}.lic"), dir.path().join(format!("{i:03}-{kind}.lic"))).unwrap();
    }
    dir
}

#[test]
fn a_closed_stdout_is_not_an_error_and_keeps_the_verdict() {
    for (license, expected) in [("enterprise.lic", 0), ("expired.lic", 3), ("tampered.lic", 1)] {
        // The read end is closed before the child starts, so every write it
        // makes fails with EPIPE: no race with a reader that exits early.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = Command::new(BIN)
            .args(["status", "--at", "2026-06-01", &format!("licenses-sample/{license}")])
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(expected), "{license}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{license}: {stderr}");
    }
}

#[test]
fn empty_standard_input_is_a_blank_license() {
    let output = Command::new(BIN).args(["verify", "--json", "-"]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["fieldErrors"]["license"][0]["code"], "[blank]license");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "error: license rejected: the license text is empty\n");
}

#[test]
fn an_oversize_file_is_rejected_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.lic");
    std::fs::write(&big, vec![b'A'; 10 * 1024 * 1024]).unwrap();
    let output = Command::new(BIN).args(["verify", "--json"]).arg(&big).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["fieldErrors"]["license"][0]["code"], "[tooLarge]license");
}

#[test]
fn a_private_key_in_a_keys_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("licenses-sample/sample-2026.key", dir.path().join("oops.pem")).unwrap();
    let output = Command::new(BIN).args(["keys", "--keys"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("trusted key \"oops\": this is a private key"), "{stderr}");
}

#[test]
fn keys_dir_replaces_the_embedded_keys() {
    // Trust the untrusted sample key under the kid the wrong-key sample names.
    let dir = tempfile::tempdir().unwrap();
    let pem = Command::new("openssl")
        .args(["pkey", "-in", "licenses-sample/untrusted.key", "-pubout"])
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(pem) = pem else {
        assert!(std::env::var_os("CI").is_none(), "openssl is required in CI");
        return;
    };
    std::fs::write(dir.path().join("sample-2026.pem"), pem.stdout).unwrap();
    let run = |license: &str| {
        Command::new(BIN)
            .args(["verify", "--at", "2026-06-01", "--keys"])
            .arg(dir.path())
            .arg(format!("licenses-sample/{license}"))
            .output()
            .unwrap()
    };
    let wrong_key = run("wrong-key.lic");
    assert_eq!(wrong_key.status.code(), Some(0), "{}", String::from_utf8_lossy(&wrong_key.stderr));
    // Not the sample key: no warning.
    assert!(!String::from_utf8_lossy(&wrong_key.stdout).contains("SAMPLE"));
    // And the embedded sample key is no longer trusted.
    assert_eq!(run("starter.lic").status.code(), Some(1));
}

#[test]
fn a_fleet_audit_reports_every_license_in_order_with_the_worst_exit() {
    let dir = fleet(300);
    std::fs::write(dir.path().join("notes.txt"), "not a license").unwrap();
    let output = Command::new(BIN).args(["verify", "--at", "2026-06-01"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "rejected is the worst verdict here");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 301);
    for (i, line) in lines[..300].iter().enumerate() {
        let kind = KINDS[i % KINDS.len()];
        let word = match kind {
            "starter" | "enterprise" => "valid",
            "expired" => "expired",
            "tampered" => "rejected",
            _ => "not yet in effect",
        };
        assert!(line.contains(&format!("{i:03}-{kind}.lic: {word}: ")), "line {i}: {line}");
    }
    assert_eq!(lines[300], "300 licenses: 120 valid, 60 rejected, 60 expired, 60 not yet in effect");
    // The warning comes once the count is known, after the report.
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("warning: 240 of these licenses verified by the SAMPLE key"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_fleet_audit_into_a_closed_pipe_still_exits_with_the_worst_verdict() {
    let dir = fleet(200);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(BIN)
        .args(["verify", "--at", "2026-06-01"])
        .arg(dir.path())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn a_fleet_audit_stops_at_a_failing_stdout() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    let dir = fleet(200);
    let output =
        Command::new(BIN).args(["verify", "--at", "2026-06-01"]).arg(dir.path()).stdout(full).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("error: cannot write the output: No space left on device").count(), 1, "{stderr}");
}

#[test]
fn a_failing_stdout_is_an_error_unlike_a_closed_pipe() {
    // /dev/full accepts the open and fails every write with ENOSPC.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    let output = Command::new(BIN)
        .args(["status", "--at", "2026-06-01", "licenses-sample/enterprise.lic"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error: cannot write the output: No space left on device"), "{stderr}");
}

#[test]
fn no_sample_key_warning_when_no_license_used_the_sample_key() {
    let output = Command::new(BIN)
        .args(["verify", "--at", "2026-06-01", "licenses-sample/tampered.lic", "licenses-sample/malformed.lic"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
