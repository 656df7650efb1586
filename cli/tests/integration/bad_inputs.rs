//! The bad-input catalogue (tests/bad_inputs/*.lic) through the library and
//! the CLI: each case gives its declared exit and error code, with a one-line
//! message that names what is wrong and is no debug dump.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::util::at_root;
use std::fs;
use std::io::Write as _;
use std::process::{Command, Stdio};

use airgap_license::{Validator, Verdict};

struct Case {
    name: String,
    exit: i32,
    code: String,
    body: Vec<u8>,
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in fs::read_dir("tests/bad_inputs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "lic") {
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        let split = bytes.windows(2).position(|w| w == b"\n\n").expect("a header ending in a blank line");
        let header = std::str::from_utf8(&bytes[..split]).unwrap();
        let expect = header.lines().find_map(|l| l.strip_prefix("expect: exit ")).expect("an expect: line");
        let (exit, code) = expect.split_once(' ').unwrap();
        cases.push(Case {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            exit: exit.parse().unwrap(),
            code: code.to_owned(),
            body: bytes[split + 2..].to_vec(),
        });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// The field or part a message must name, from the code's `]field`.
fn names_what_is_wrong(code: &str, message: &str) -> bool {
    let field = &code[code.find(']').unwrap() + 1..];
    match field {
        "license" => message.contains("license") || message.contains("envelope"),
        _ => message.contains(field),
    }
}

fn looks_like_debug(message: &str) -> bool {
    ["Error {", "Error(", "Some(", "None", "\\\"", "{ ", "panicked"].iter().any(|p| message.contains(p))
}

#[test]
fn the_catalogue_is_large_and_named() {
    at_root();
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    assert!(cases.iter().all(|c| c.exit == 1), "every bad input is a rejection");
}

#[test]
fn every_bad_input_is_rejected_by_the_library_with_its_code() {
    at_root();
    let validator = Validator::with_keys(airgap_license::dangerous::sample_key_anyone_can_sign()).unwrap();
    for case in cases() {
        let err = validator.verify(&case.body).expect_err(&case.name);
        assert_eq!(err.verdict(), Verdict::Rejected, "{}", case.name);
        assert_eq!(err.code(), case.code, "{}: {err}", case.name);
        let message = err.to_string();
        assert!(!message.contains('\n') && message.len() < 400, "{}: {message}", case.name);
        assert!(names_what_is_wrong(&case.code, &message), "{}: {message}", case.name);
        assert!(!looks_like_debug(&message), "{}: {message}", case.name);
    }
}

#[test]
fn every_bad_input_gets_its_exit_code_and_one_error_line_from_the_cli() {
    at_root();
    let dir = tempfile::tempdir().unwrap();
    for case in cases() {
        let file = dir.path().join(format!("{}.lic", case.name));
        fs::write(&file, &case.body).unwrap();
        for command in ["verify", "status"] {
            let out = Command::new(env!("CARGO_BIN_EXE_airgap-license"))
                .args([command, "--at", "2026-06-01"])
                .arg(&file)
                .output()
                .unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert_eq!(out.status.code(), Some(case.exit), "{command} {}: {stderr}", case.name);
            // verify: the verdict is the one line on standard output; status:
            // the unlicensed map there, and the reason as one error line.
            let (verdict, rest) = if command == "status" {
                assert!(stdout.starts_with("licensed:   false\n"), "{}", case.name);
                (stderr.as_str(), "")
            } else {
                (stdout.as_str(), stderr.as_str())
            };
            assert_eq!(verdict.lines().count(), 1, "{command} {}: {verdict}", case.name);
            let prefix = if command == "status" { "error: rejected: " } else { "rejected: " };
            assert!(verdict.starts_with(prefix), "{command} {}: {verdict}", case.name);
            assert!(!looks_like_debug(verdict), "{command} {}: {verdict}", case.name);
            assert!(rest.is_empty(), "{command} {}: {rest}", case.name);
        }
        // --json, fed on standard input: the Errors object carries the code.
        let mut child = Command::new(env!("CARGO_BIN_EXE_airgap-license"))
            .args(["verify", "--json", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The oversize case is refused after 64 KiB + 1: the rest may meet a closed pipe.
        let _ = child.stdin.take().unwrap().write_all(&case.body);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(case.exit), "--json {}", case.name);
        let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let field = &case.code[case.code.find(']').unwrap() + 1..];
        assert_eq!(body["verdict"], "rejected", "--json {}", case.name);
        assert_eq!(body["exitCode"], case.exit, "--json {}", case.name);
        assert_eq!(body["errors"]["fieldErrors"][field][0]["code"], case.code.as_str(), "--json {}", case.name);
    }
}
