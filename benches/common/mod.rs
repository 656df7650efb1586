//! Helpers shared by the benchmarks and `examples/profile-verify.rs`:
//! the bare check a license carries, timing, and spreading work over stack
//! positions (see docs/PERFORMANCE.md, "Why the stack position is averaged").
//! Each user takes a part of them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::as_conversions)]

use std::hint::black_box;
use std::time::Instant;

use airgap_license::{Validator, dangerous};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, VerifyingKey};

/// The bare check inside `text`: the trusted key, and the exact message and
/// signature the library verifies, the message built from the format's
/// definition (docs/FORMAT.md) rather than by the library. Checked once here.
pub fn bare_check_of(validator: &Validator, text: &str) -> (VerifyingKey, Vec<u8>, Signature) {
    let envelope = dangerous::decode_unverified(text).unwrap();
    let mut message = format!("airgap-license:v1:{}:", envelope.kid()).into_bytes();
    message.extend_from_slice(envelope.payload());
    let signature: [u8; 64] = STANDARD.decode(envelope.signature_base64()).unwrap().try_into().unwrap();
    let signature = Signature::from_bytes(&signature);
    let key = *validator.keys().get(envelope.kid()).expect("the license's key is trusted").verifying_key();
    key.verify_strict(&message, &signature).expect("the bare check passes");
    (key, message, signature)
}

/// Stack positions to average over; each frame of [`at_depth`] is at least
/// 32 bytes, so they span more than a 4 KiB page.
pub const DEPTHS: usize = 160;

/// Nanoseconds per call of `f`, over `calls` calls.
pub fn time_per_call(calls: u32, f: &mut impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(calls)
}

/// The middle value.
pub fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Runs `f` with the stack `depth` small frames deeper than the caller.
#[inline(never)]
pub fn at_depth<T>(depth: usize, f: &mut dyn FnMut() -> T) -> T {
    if depth == 0 {
        return f();
    }
    let pad = black_box([0u8; 16]);
    let out = at_depth(depth - 1, f);
    black_box(pad);
    out
}

/// Calls `each` on every item, the items cut into [`DEPTHS`] runs, each run
/// at its own stack depth: one pass whose time is an average over positions.
pub fn spread_over_depths<T>(items: &[T], mut each: impl FnMut(&T)) {
    let run = items.len().div_ceil(DEPTHS).max(1);
    for (depth, chunk) in items.chunks(run).enumerate() {
        at_depth(depth, &mut || chunk.iter().for_each(&mut each));
    }
}
