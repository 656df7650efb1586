//! For `ffi/benches/c_vs_rust.sh` only (feature `bench`, never in a
//! shipped build nor in the header): the Rust library path an embedder
//! takes for what `airgap_license_check` returns, timed in the same process
//! as the C calls so that the two are measured side by side.

use std::hint::black_box;
use std::time::Instant;

/// Runs the Rust path `iterations` times on `text` at `now_unix` and returns
/// the nanoseconds it took: judge, status map, body serialized.
///
/// # Safety
/// `text` points to `text_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn airgap_license_bench_rust_path(
    text: *const u8, text_len: usize, now_unix: i64, iterations: u64,
) -> u64 {
    let (Some(validator), Some(now)) = (crate::embedded(), crate::instant(now_unix)) else { return 0 };
    if text.is_null() {
        return 0;
    }
    // SAFETY: not NULL; the caller guarantees `text_len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(text, text_len) };
    let started = Instant::now();
    for _ in 0..iterations {
        // The work airgap_license_check wraps, called as Rust calls it.
        black_box(crate::check::check_bytes(validator, Some(black_box(bytes)), now));
    }
    u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX)
}
