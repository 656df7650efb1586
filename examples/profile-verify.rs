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

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;

use airgap_license::Validator;
use airgap_license::chrono::{DateTime, Utc};

fn main() {
    let mut args = std::env::args().skip(1);
    let (mode, calls) = (args.next().unwrap_or_default(), args.next().and_then(|n| n.parse::<u32>().ok()));
    let (Some(calls), "bare" | "full") = (calls, mode.as_str()) else {
        eprintln!("usage: profile-verify bare|full CALLS");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string("licenses-sample/enterprise.lic").expect("run from the repository root");
    let validator = Validator::with_keys(airgap_license::dangerous::sample_key_anyone_can_sign()).unwrap();
    let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();

    let (key, message, signature) = common::bare_check_of(&validator, &text);

    for _ in 0..calls {
        if mode == "bare" {
            black_box(key.verify_strict(black_box(&message), black_box(&signature))).unwrap();
        } else {
            black_box(validator.verify(black_box(&text)).unwrap().status(black_box(now)));
        }
    }
}
