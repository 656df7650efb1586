//! Fleet audit throughput: `airgap-license verify DIR` on 10,000 license
//! files (the whole process: start-up, reading, decoding, strict checks, the
//! report, on every core) against a single-threaded in-process loop of bare
//! `verify_strict` over the same 10,000 messages. Prints licenses per second
//! for both and their ratio; the goal is at least 1.8 on two cores.
//!
//! `cargo bench --features issuer --bench fleet`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::as_conversions)]

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::Instant;

use airgap_license::issuer::{Issuer, public_key_pem};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, SigningKey};
use serde_json::Value;

const LICENSES: usize = 10_000;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (keys, licenses) = (dir.path().join("keys"), dir.path().join("licenses"));
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::create_dir_all(&licenses).unwrap();
    let key = SigningKey::from_bytes(&[5u8; 32]);
    std::fs::write(keys.join("bench.pem"), public_key_pem("bench", &key.verifying_key()).unwrap()).unwrap();
    let issuer = Issuer::new("bench", key.clone()).unwrap();

    // Distinct documents, so no two checks are of the same message.
    let mut messages = Vec::with_capacity(LICENSES);
    for i in 0..LICENSES {
        let document = format!(
            r#"{{"licenseId":"00000000-0000-4000-8000-{i:012}","issuedTo":"Customer {i}","issued":"2026-01-01","expiration":"2036-12-31","licenseAttributes":{{"LicensedPlan":"Enterprise","LicenseType":"Production"}}}}"#
        );
        let text = issuer.sign(document.as_bytes()).unwrap();
        std::fs::write(licenses.join(format!("{i:05}.lic")), format!("{text}\n")).unwrap();
        let envelope: Value = serde_json::from_slice(&STANDARD.decode(&text).unwrap()).unwrap();
        let mut message = b"airgap-license:v1:bench:".to_vec();
        message.extend_from_slice(document.as_bytes());
        let signature: [u8; 64] = STANDARD.decode(envelope["signature"].as_str().unwrap()).unwrap().try_into().unwrap();
        messages.push((message, Signature::from_bytes(&signature)));
    }
    let verifying = key.verifying_key();

    let bare_loop = || {
        let start = Instant::now();
        for (message, signature) in &messages {
            black_box(verifying.verify_strict(black_box(message), black_box(signature))).unwrap();
        }
        start.elapsed().as_secs_f64()
    };
    let cli = || {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_airgap-license"))
            .args(["verify", "--at", "2026-06-01", "--keys"])
            .arg(&keys)
            .arg(&licenses)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        start.elapsed().as_secs_f64()
    };

    // Alternate the two, five rounds, and keep each one's median.
    let (mut loops, mut clis) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        loops.push(bare_loop());
        clis.push(cli());
    }
    loops.sort_by(f64::total_cmp);
    clis.sort_by(f64::total_cmp);
    let (bare, audit) = (loops[2], clis[2]);
    let per_second = |seconds: f64| LICENSES as f64 / seconds;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("licenses:                                 {LICENSES}");
    println!("cores:                                    {cores}");
    println!("bare verify_strict loop, one thread:      {:>8.0} licenses/s", per_second(bare));
    println!("airgap-license verify DIR (whole process): {:>8.0} licenses/s", per_second(audit));
    println!("ratio (goal >= 1.8 on two cores):         {:>8.2}x", bare / audit);
}
