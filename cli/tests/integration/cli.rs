#![allow(clippy::unwrap_used)]
//! The command line, case by case: each `tests/cmd/*.trycmd` file holds
//! commands with their exact output and exit code (`? N`), and each `*.toml`
//! a case that needs standard input. After an intended change in output,
//! `TRYCMD=overwrite cargo test --test cli` rewrites them; review the diff.

use crate::util::at_root;

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

/// The codes a documented list names, each with its text: lines of
/// `  N  text` (help) or `| N | text |` (tables), with the lines that
/// continue an entry; or an inline `0 text, 1 text, ...` list.
fn listed_codes(text: &str) -> std::collections::BTreeMap<u8, String> {
    let mut codes = std::collections::BTreeMap::new();
    if text.lines().count() == 1 {
        for item in text.split(", ") {
            let item = item.trim_start_matches(|c: char| !c.is_ascii_digit());
            if let Some(code) = item.chars().next().and_then(|d| d.to_digit(10)).and_then(|d| u8::try_from(d).ok()) {
                codes.insert(code, item[1..].to_owned());
            }
        }
        return codes;
    }
    let mut last = None;
    for line in text.lines() {
        let trimmed = line.trim_start_matches([' ', '|']).trim_start();
        let mut chars = trimmed.chars();
        let entry = match (chars.next(), chars.next()) {
            (Some(d @ '0'..='9'), Some(' ' | '|')) => d.to_digit(10).and_then(|d| u8::try_from(d).ok()),
            _ => None,
        };
        match entry {
            Some(code) => {
                codes.insert(code, trimmed[1..].to_owned());
                last = Some(code);
            }
            None if line.starts_with("     ") => {
                if let Some(text) = last.and_then(|code| codes.get_mut(&code)) {
                    text.push_str(line);
                }
            }
            None => last = None,
        }
    }
    codes
}

/// Every documented list of exit codes (the help texts, the README, the C
/// ABI's) names every code that its commands can end with, from the one
/// verdict table, and code 1 says that it includes a revoked license.
#[test]
fn every_list_of_exit_codes_names_every_code() {
    use std::process::Command;
    at_root();
    let bin = env!("CARGO_BIN_EXE_airgap-license");
    let help = |args: &[&str]| {
        let out = Command::new(bin).args(args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        text.split_once("Exit codes").map(|(_, list)| list.to_owned()).unwrap_or_default()
    };
    let readme = std::fs::read_to_string("README.md").unwrap();
    let readme_table = readme.split_once("### Exit codes").unwrap().1.split("\n\n").nth(2).unwrap().to_owned();
    let ffi = std::fs::read_to_string("ffi/src/lib.rs").unwrap();
    let ffi_list: String = ffi
        .split_once("//! Exit codes (the CLI's): ")
        .unwrap()
        .1
        .lines()
        .take_while(|l| l.starts_with("//!") || !l.contains("Feature states"))
        .map(|l| l.trim_start_matches("//!"))
        .collect::<Vec<_>>()
        .join("")
        .split("Feature states")
        .next()
        .unwrap()
        .to_owned();
    let every: std::collections::BTreeSet<u8> = airgap_license::Verdict::ALL.iter().map(|v| v.exit_code()).collect();
    // A store command and the C ABI never end "within --valid-for" (6).
    let but_6: std::collections::BTreeSet<u8> = every.iter().copied().filter(|c| *c != 6).collect();
    let lists = [
        ("airgap-license --help", help(&["--help"]), &every),
        ("verify --help", help(&["verify", "--help"]), &every),
        ("status --help", help(&["status", "--help"]), &every),
        ("activate --help", help(&["activate", "--help"]), &but_6),
        ("regenerate --help", help(&["regenerate", "--help"]), &but_6),
        ("README.md, Exit codes", readme_table, &every),
        ("ffi/src/lib.rs", ffi_list, &but_6),
    ];
    for (name, text, expected) in lists {
        let listed = listed_codes(&text);
        let codes: std::collections::BTreeSet<u8> = listed.keys().copied().collect();
        assert_eq!(&codes, expected, "{name} lists {codes:?}:\n{text}");
        assert!(listed[&1].contains("revoked"), "{name}: code 1 does not name revocation: {}", listed[&1]);
    }
}
