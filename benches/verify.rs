//! The library path against the bare signature check it is built on.
//!
//! `cargo bench --bench verify` runs criterion on three functions, then
//! measures the ratio that matters side by side (interleaved rounds, medians):
//! - `bare verify_strict`: ed25519-dalek's strict check of the very message
//!   and signature the license carries;
//! - `text to status map`: `Validator::verify` on the license text, then
//!   `License::status` (Base64, JSON, key lookup, the same check, the
//!   document rules, the status map);
//! - `feature check`: `License::feature` on a verified license.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::as_conversions)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{Validator, dangerous};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use criterion::Criterion;
use ed25519_dalek::Signature;

/// Times `a` and `b` in alternating rounds of `per_round` calls (the order
/// flips every round, so neither always runs first), and returns the median
/// nanoseconds per call of each and the quartiles of the per-round ratio b/a.
/// Each round's ratio compares two measurements taken a few milliseconds
/// apart, so a slow spell on a shared machine moves both.
fn side_by_side(rounds: usize, per_round: u32, mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64, [f64; 3]) {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..per_round {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(per_round)
    };
    let (mut ta, mut tb, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (x, y) = if round % 2 == 0 {
            let x = time(&mut a);
            (x, time(&mut b))
        } else {
            let y = time(&mut b);
            (time(&mut a), y)
        };
        ta.push(x);
        tb.push(y);
        ratios.push(y / x);
    }
    let sorted = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v
    };
    let (ta, tb, ratios) = (sorted(ta), sorted(tb), sorted(ratios));
    let quartile = |q: usize| ratios[(ratios.len() - 1) * q / 4];
    (ta[ta.len() / 2], tb[tb.len() / 2], [quartile(1), quartile(2), quartile(3)])
}

fn main() {
    let text = std::fs::read_to_string("licenses-sample/enterprise.lic").unwrap();
    let validator = Validator::embedded().unwrap();
    let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();

    // The exact message and signature the library checks for this license.
    let envelope = dangerous::decode_unverified(&text).unwrap();
    let mut message = format!("airgap-license:v1:{}:", envelope.kid()).into_bytes();
    message.extend_from_slice(envelope.payload());
    let signature: [u8; 64] = STANDARD.decode(envelope.signature_base64()).unwrap().try_into().unwrap();
    let signature = Signature::from_bytes(&signature);
    let key = *validator.keys().get(envelope.kid()).unwrap().verifying_key();
    key.verify_strict(&message, &signature).unwrap();
    let license = validator.verify(&text).unwrap();

    let mut c = Criterion::default().measurement_time(Duration::from_secs(3)).configure_from_args();
    c.bench_function("bare verify_strict", |b| {
        b.iter(|| key.verify_strict(black_box(&message), black_box(&signature)))
    });
    c.bench_function("text to status map", |b| {
        b.iter(|| validator.verify(black_box(&text)).map(|l| l.status(black_box(now))))
    });
    c.bench_function("feature check", |b| b.iter(|| license.feature(black_box("scimServer"), black_box(now))));
    c.final_summary();

    let (bare, full, ratio) = side_by_side(
        401,
        50,
        || {
            let _ = black_box(key.verify_strict(black_box(&message), black_box(&signature)));
        },
        || {
            let _ = black_box(validator.verify(black_box(&text)).map(|l| l.status(black_box(now))));
        },
    );
    let (feature, _, _) = side_by_side(
        41,
        1_000_000,
        || {
            black_box(license.feature(black_box("scimServer"), black_box(now)));
        },
        || {},
    );
    println!();
    println!("bare verify_strict:   {:>9.0} ns", bare);
    println!("text to status map:   {:>9.0} ns", full);
    println!(
        "ratio (goal <= 1.05): {:>9.3}x median of per-round ratios (quartiles {:.3} to {:.3})",
        ratio[1], ratio[0], ratio[2]
    );
    println!("feature check:        {:>9.1} ns (goal < 50 ns)", feature);
}
