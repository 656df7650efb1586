//! A fixed workload for instruction and cache profilers, which count rather
//! than time (stable on a noisy machine): `bare` runs the strict check of
//! the enterprise sample's message N times, `full` runs `Validator::verify`
//! and `License::status` on its text N times. The difference between runs of
//! N = 200 and N = 100, divided by 100, is the cost per call without
//! start-up:
//!
//! ```sh
//! cargo build --release --example profile-verify
//! valgrind --tool=callgrind target/release/examples/profile-verify full 100
//! valgrind --tool=cachegrind --cache-sim=yes target/release/examples/profile-verify bare 200
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Validator, dangerous};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signature;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mode, calls) = (args.next().unwrap_or_default(), args.next().and_then(|n| n.parse::<u32>().ok()));
    let (Some(calls), "bare" | "full") = (calls, mode.as_str()) else {
        eprintln!("usage: profile-verify bare|full CALLS");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string("licenses-sample/enterprise.lic").expect("run from the repository root");
    let validator = Validator::embedded().unwrap();
    let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();

    // The exact message and signature the library checks for this license.
    let envelope = dangerous::decode_unverified(&text).unwrap();
    let mut message = format!("airgap-license:v1:{}:", envelope.kid()).into_bytes();
    message.extend_from_slice(envelope.payload());
    let signature: [u8; 64] = STANDARD.decode(envelope.signature_base64()).unwrap().try_into().unwrap();
    let signature = Signature::from_bytes(&signature);
    let key = *validator.keys().get(envelope.kid()).unwrap().verifying_key();

    for _ in 0..calls {
        if mode == "bare" {
            black_box(key.verify_strict(black_box(&message), black_box(&signature))).unwrap();
        } else {
            black_box(validator.verify(black_box(&text)).unwrap().status(black_box(now)));
        }
    }
}
