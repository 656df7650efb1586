//! Process-level behaviour that data-file cases cannot express.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use crate::util::at_root;
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
    at_root();
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
    at_root();
    let output = Command::new(BIN).args(["verify", "--json", "-"]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["errors"]["fieldErrors"]["license"][0]["code"], "[blank]license");
    assert_eq!(body["verdict"], "rejected");
    // Standard error carries warnings and diagnostics only.
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn an_oversize_file_is_rejected_without_reading_it_all() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.lic");
    std::fs::write(&big, vec![b'A'; 10 * 1024 * 1024]).unwrap();
    let output = Command::new(BIN).args(["verify", "--json"]).arg(&big).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["errors"]["fieldErrors"]["license"][0]["code"], "[tooLarge]license");
}

#[test]
fn a_private_key_in_a_keys_folder_is_refused() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("licenses-sample/sample-2026.key", dir.path().join("oops.pem")).unwrap();
    let output = Command::new(BIN).args(["keys", "--keys"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("oops.pem holds a PRIVATE key"), "{stderr}");
}

#[test]
fn keys_dir_replaces_the_embedded_keys() {
    at_root();
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
    at_root();
    let dir = fleet(300);
    std::fs::write(dir.path().join("notes.txt"), "not a license").unwrap();
    let output = Command::new(BIN).args(["verify", "--at", "2026-06-01"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "rejected is the worst verdict here");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    // 300 verdicts, the summary, and the four licenseIds found 60 times each.
    assert_eq!(lines.len(), 305);
    for duplicate in &lines[301..] {
        assert!(duplicate.starts_with("duplicate licenseId 00000000-0000-4000-8000-00000000000"), "{duplicate}");
        assert_eq!(duplicate.matches(".lic").count(), 60, "{duplicate}");
    }
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
    assert_eq!(
        lines[300],
        "300 licenses: 120 valid, 60 rejected, 60 expired, 60 not yet in effect (240 signed by the SAMPLE key)"
    );
    // The warning comes once the count is known, after the report.
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("warning: 240 of these licenses verified by the SAMPLE key"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_fleet_audit_into_a_closed_pipe_still_exits_with_the_worst_verdict() {
    at_root();
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
    at_root();
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
    at_root();
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
    at_root();
    let output = Command::new(BIN)
        .args(["verify", "--at", "2026-06-01", "licenses-sample/tampered.lic", "licenses-sample/malformed.lic"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// Runs the CLI in `dir` with `args`, returning (exit code, stdout, stderr).
fn run_in(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(BIN).current_dir(dir).args(args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_file_named_like_an_option_never_ends_the_run_with_success() {
    at_root();
    let root = std::env::current_dir().unwrap();
    for name in ["-h.lic", "-V.lic", "--help.lic", "-hx.lic", "--version.lic", "--json.lic"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), "").unwrap();
        std::fs::copy(root.join("licenses-sample/expired.lic"), dir.path().join("expired.lic")).unwrap();
        std::fs::copy(root.join("licenses-sample/tampered.lic"), dir.path().join("tampered.lic")).unwrap();
        // What `airgap-license verify *.lic` passes: the glob sorts the dash first.
        for command in ["verify", "status"] {
            let (code, stdout, stderr) = run_in(dir.path(), &[command, name, "expired.lic", "tampered.lic"]);
            assert_eq!(code, Some(2), "{command} {name}: {stdout}{stderr}");
            assert!(stderr.contains("looks like an option but is not one"), "{name}: {stderr}");
            assert!(!stdout.contains("Usage"), "{name}: {stdout}");
        }
        // After --, the file is judged like any other: an empty license is rejected.
        let (code, stdout, _) = run_in(dir.path(), &["verify", "--at", "2026-06-01", "--", name, "expired.lic"]);
        assert_eq!(code, Some(1), "-- {name}: {stdout}");
        assert!(stdout.contains(&format!("{name}: rejected: the license text is empty")), "{stdout}");
        // A folder holding it is audited too.
        let (code, stdout, _) = run_in(dir.path(), &["verify", "--at", "2026-06-01", "."]);
        assert_eq!(code, Some(1), "folder with {name}: {stdout}");
    }
    // Real options still work, whole or with =.
    let (code, stdout, _) = run_in(&root, &["verify", "--at=2026-06-01", "--json", "licenses-sample/starter.lic"]);
    assert_eq!(code, Some(0), "{stdout}");
    let (code, stdout, _) = run_in(&root, &["-V"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("airgap-license "), "{stdout}");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_an_audited_folder_is_unreadable_at_once() {
    at_root();
    let root = std::env::current_dir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("licenses-sample/starter.lic"), dir.path().join("a.lic")).unwrap();
    let fifo = dir.path().join("b.lic");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::fs::copy(root.join("licenses-sample/expired.lic"), dir.path().join("c.LIC")).unwrap();
    let mut child = Command::new(BIN)
        .args(["verify", "--at", "2026-06-01"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded wait: the audit must end by itself, with no writer on the FIFO.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the audit hung on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with("a.lic: valid: \"Example Corp (sample license)\", plan Starter (Sample), key sample-2026, expires 2036-12-31 (license 00000000-0000-4000-8000-000000000002)"), "{stdout}");
    assert!(lines[1].contains("b.lic: unreadable: cannot read") && lines[1].contains("not a regular file"), "{stdout}");
    // X.LIC is not skipped: .lic is matched in any case.
    assert!(lines[2].contains("c.LIC: expired: "), "{stdout}");
    assert_eq!(lines[3], "3 licenses: 1 valid, 1 unreadable, 1 expired (2 signed by the SAMPLE key)");
    // One license named directly: the same verdict.
    let output = Command::new(BIN).arg("status").arg(&fifo).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"));
}

/// Whether `text` holds a character that can move the cursor or reorder text.
fn has_raw_controls(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    })
}

#[test]
fn nothing_from_a_file_name_or_a_license_reaches_the_terminal_raw() {
    at_root();
    let root = std::env::current_dir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let hostile = "evil\u{1b}[2J\u{202e}cil.\u{2066}x\u{200b}\u{2028}.lic";
    std::fs::copy(root.join("licenses-sample/tampered.lic"), dir.path().join(hostile)).unwrap();
    std::fs::copy(root.join("licenses-sample/starter.lic"), dir.path().join("ok.lic")).unwrap();
    let missing = dir.path().join("gone\u{1b}]0;owned\u{7}.lic");
    for args in [
        vec!["verify".to_owned(), "--at".into(), "2026-06-01".into(), dir.path().to_string_lossy().into_owned()],
        vec!["verify".to_owned(), missing.to_string_lossy().into_owned()],
        vec!["status".to_owned(), missing.to_string_lossy().into_owned()],
        vec!["inspect".to_owned(), missing.to_string_lossy().into_owned()],
        vec!["keys".to_owned(), "--keys".into(), missing.to_string_lossy().into_owned()],
    ] {
        let output = Command::new(BIN).args(&args).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(!has_raw_controls(&all), "{args:?}: {all:?}");
        assert!(all.contains("\\u{1b}"), "{args:?}: {all:?}");
    }
}

#[test]
fn inspect_shows_a_hostile_payload_escaped_and_ends_with_the_warning() {
    at_root();
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    let dir = tempfile::tempdir().unwrap();
    // A payload that is not JSON, built to repaint the screen and fake a verdict.
    let payload = format!("{}\u{1b}[2J\u{1b}[HVERIFIED: genuine license\n\u{202e}\u{2028}", "\n".repeat(500));
    let envelope = serde_json::json!({
        "alg": "Ed25519", "kid": "sample-2026",
        "payload": STANDARD.encode(payload), "signature": STANDARD.encode([0u8; 64]),
    });
    let file = dir.path().join("x.lic");
    std::fs::write(&file, STANDARD.encode(envelope.to_string())).unwrap();
    let output = Command::new(BIN).arg("inspect").arg(&file).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!has_raw_controls(&stdout), "{stdout:?}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() < 12, "the payload is one line: {}", lines.len());
    assert!(lines[0].starts_with("UNVERIFIED"));
    assert!(lines.last().unwrap().starts_with("UNVERIFIED: nothing above has been checked"), "{stdout}");
    assert!(!lines.iter().any(|l| l.starts_with("VERIFIED")), "{stdout}");
    // A JSON payload of many lines is cut, the warning still last.
    let doc: serde_json::Map<String, serde_json::Value> =
        (0..1000).map(|i| (format!("k{i:04}"), serde_json::json!(i))).collect();
    let envelope = serde_json::json!({
        "alg": "Ed25519", "kid": "sample-2026",
        "payload": STANDARD.encode(serde_json::to_vec(&doc).unwrap()), "signature": STANDARD.encode([0u8; 64]),
    });
    std::fs::write(&file, STANDARD.encode(envelope.to_string())).unwrap();
    let output = Command::new(BIN).arg("inspect").arg(&file).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() < 220, "{}", lines.len());
    assert!(lines[lines.len() - 2].contains("more lines not shown"), "{stdout}");
    assert!(lines.last().unwrap().starts_with("UNVERIFIED"), "{stdout}");
}

#[test]
fn a_large_fleet_json_report_is_streamed_and_parses() {
    at_root();
    let dir = fleet(500);
    let output = Command::new(BIN).args(["verify", "--json", "--at", "2026-06-01"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let licenses = body["licenses"].as_array().unwrap();
    assert_eq!(licenses.len(), 500);
    assert_eq!(licenses[1]["verdict"], "expired");
    assert_eq!(licenses[1]["licenseId"], "00000000-0000-4000-8000-000000000006");
    assert!(licenses[2]["licenseId"].is_null() && licenses[2]["errors"].is_object());
    assert_eq!(body["counts"]["valid"], 200);
    assert_eq!(body["counts"]["total"], 500);
    assert_eq!(body["exitCode"], 1);
}

#[test]
fn recursive_audits_take_subfolders() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("eu/de")).unwrap();
    std::fs::copy("licenses-sample/starter.lic", dir.path().join("a.lic")).unwrap();
    std::fs::copy("licenses-sample/expired.lic", dir.path().join("eu/b.lic")).unwrap();
    std::fs::copy("licenses-sample/community.lic", dir.path().join("eu/de/c.lic")).unwrap();
    let flat = Command::new(BIN).args(["verify", "--at", "2026-06-01"]).arg(dir.path()).output().unwrap();
    assert_eq!(flat.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&flat.stdout).contains("1 licenses: 1 valid"));
    let deep =
        Command::new(BIN).args(["verify", "--recursive", "--at", "2026-06-01"]).arg(dir.path()).output().unwrap();
    assert_eq!(deep.status.code(), Some(3));
    let stdout = String::from_utf8(deep.stdout).unwrap();
    let files: Vec<&str> = stdout.lines().take(3).map(|l| l.split(": ").next().unwrap()).collect();
    assert!(
        files[0].ends_with("a.lic") && files[1].ends_with("eu/b.lic") && files[2].ends_with("eu/de/c.lic"),
        "{stdout}"
    );
}

#[test]
fn the_checked_in_completions_and_manual_pages_know_every_command() {
    at_root();
    // cli/docs is written by airgap-license-docs; CI regenerates it and diffs.
    for (file, words) in [
        ("cli/docs/completions/airgap-license.bash", &["activate", "expiring-within", "timeline"][..]),
        ("cli/docs/completions/_airgap-license", &["activate", "expiring-within", "timeline"][..]),
        ("cli/docs/completions/airgap-license.fish", &["activate", "expiring-within", "timeline"][..]),
        ("cli/docs/completions/airgap-license-issuer.bash", &["renew", "batch", "ledger"][..]),
        ("cli/docs/man/airgap-license.1", &[".TH airgap-license", "activate"][..]),
        ("cli/docs/man/airgap-license-issuer.1", &[".TH airgap-license-issuer", "renew"][..]),
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        for word in words {
            assert!(text.contains(word), "{file} lacks {word}");
        }
    }
}

#[test]
fn inspect_and_catalog_as_json_and_a_catalog_at_run_time() {
    at_root();
    let out = Command::new(BIN).args(["inspect", "--json", "licenses-sample/tampered.lic"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["verified"], false);
    assert_eq!(body["kid"], "sample-2026");
    assert_eq!(body["document"]["expiration"], "2099-12-31");
    let out = Command::new(BIN).args(["catalog", "--json"]).output().unwrap();
    let catalog: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(catalog["plans"][0], "Community");
    assert_eq!(catalog["features"]["breachedPasswordDetection"]["needsNetwork"], true);
    // The printed catalog is a catalog: a vendor edits it and passes it back.
    let dir = tempfile::tempdir().unwrap();
    let mut edited = catalog.clone();
    edited["features"]["offlineReports"] = serde_json::json!({ "plan": "Starter", "needsNetwork": false });
    let file = dir.path().join("catalog.json");
    std::fs::write(&file, edited.to_string()).unwrap();
    let out = Command::new(BIN)
        .args(["status", "--json", "--at", "2026-06-01", "--catalog"])
        .arg(&file)
        .arg("licenses-sample/starter.lic")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["status"]["offlineReports"], "ACTIVE");
    std::fs::write(&file, "{\"plans\": []}").unwrap();
    let out = Command::new(BIN).args(["catalog", "--catalog"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("catalog.json: the catalog is malformed"));
}

/// The attack found on 0.2.0: in a folder holding a forged license, a hidden
/// folder `.lic/` with the forger's public key and an empty file named
/// `--keys=.lic`, `airgap-license verify *.lic` trusted the forger's key.
#[test]
fn a_glob_cannot_pass_an_option_that_changes_what_is_trusted() {
    at_root();
    let root = std::env::current_dir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("licenses-sample/wrong-key.lic"), dir.path().join("forged.lic")).unwrap();
    std::fs::create_dir(dir.path().join(".lic")).unwrap();
    let public = Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(root.join("licenses-sample/untrusted.key"))
        .output()
        .unwrap();
    assert!(public.status.success());
    std::fs::write(dir.path().join(".lic/sample-2026.pem"), &public.stdout).unwrap();
    // The forger's key does verify the forged license when asked for.
    let (code, stdout, _) = run_in(dir.path(), &["verify", "--at", "2026-06-01", "--keys", ".lic", "--", "forged.lic"]);
    assert_eq!(code, Some(0), "{stdout}");
    std::fs::write(dir.path().join("--keys=.lic"), "").unwrap();
    // What bash passes for `verify *.lic`: the dash sorts first.
    let (code, stdout, stderr) = run_in(dir.path(), &["verify", "--keys=.lic", "forged.lic"]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert_eq!(stdout, "", "nothing judged");
    assert!(stderr.contains("\"--keys=.lic\" is an option but also the name of a file or folder"), "{stderr}");
    assert!(stderr.contains("put -- before the file names"), "{stderr}");
    // After --, the file is a license (an empty one, rejected) and the forged
    // license is judged by the embedded keys: rejected.
    let (code, stdout, _) = run_in(dir.path(), &["verify", "--", "--keys=.lic", "forged.lic"]);
    assert_eq!(code, Some(1), "{stdout}");
}

/// Every option and flag of every command that judges or stores a license,
/// in every form a glob can pass, is refused when it names a file here.
#[test]
fn no_option_passed_by_a_glob_ends_a_run_with_success() {
    at_root();
    let root = std::env::current_dir().unwrap();
    let valued =
        ["--keys", "--catalog", "--at", "--valid-for", "--expiring-within", "--format", "--store", "--license-id"];
    let flags = ["--json", "--recursive", "--help", "--version", "-h", "-V"];
    let commands = ["verify", "status", "explain", "timeline", "activate", "regenerate", "clock-reset"];
    for command in commands {
        for option in valued.iter().chain(&flags) {
            // `--keys=x.lic` (one file), `--keys` then `x.lic` (two files).
            let names: Vec<Vec<String>> = if valued.contains(option) {
                vec![vec![format!("{option}=x.lic")], vec![(*option).to_owned(), "x.lic".to_owned()]]
            } else {
                vec![vec![(*option).to_owned()]]
            };
            for files in names {
                let dir = tempfile::tempdir().unwrap();
                std::fs::copy(root.join("licenses-sample/expired.lic"), dir.path().join("expired.lic")).unwrap();
                std::fs::copy(root.join("licenses-sample/tampered.lic"), dir.path().join("tampered.lic")).unwrap();
                for file in &files {
                    std::fs::write(dir.path().join(file), "").unwrap();
                }
                let mut args: Vec<&str> = vec![command];
                args.extend(files.iter().map(String::as_str));
                args.extend(["expired.lic", "tampered.lic"]);
                let output = Command::new(BIN)
                    .current_dir(dir.path())
                    .env("AIRGAP_LICENSE_STORE", dir.path().join("store"))
                    .args(&args)
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
                assert!(stderr.contains("is an option but also the name of a file or folder"), "{args:?}: {stderr}");
                assert!(!dir.path().join("store").exists(), "{args:?}: nothing is stored");
            }
        }
    }
}

/// A FIFO given as a catalog, or found in a keys folder, is refused at once
/// (exit 2): it is opened without blocking and checked on its descriptor.
#[cfg(unix)]
#[test]
fn a_fifo_as_catalog_or_key_never_blocks() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("catalog.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    std::fs::copy("keys/sample-2026.pem", keys.join("sample-2026.pem")).unwrap();
    assert!(Command::new("mkfifo").arg(keys.join("other.pem")).status().unwrap().success());
    let started = std::time::Instant::now();
    for args in [
        vec!["verify", "--catalog", fifo.to_str().unwrap(), "licenses-sample/starter.lic"],
        vec!["catalog", "--catalog", fifo.to_str().unwrap()],
        vec!["verify", "--keys", keys.to_str().unwrap(), "licenses-sample/starter.lic"],
        vec!["keys", "--keys", keys.to_str().unwrap()],
    ] {
        let output = Command::new(BIN).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "nothing blocked");
}
