//! Helpers shared by the benchmarks: timing, and spreading work over stack
//! positions (see docs/PERFORMANCE.md, "Why the stack position is averaged").

use std::hint::black_box;
use std::time::Instant;

/// Stack positions to average over; each frame of [`at_depth`] is at least
/// 32 bytes, so they span more than a 4 KiB page.
pub const DEPTHS: usize = 160;

/// Nanoseconds per call of `f`, over `calls` calls.
#[allow(dead_code)] // used by verify.rs only
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
#[allow(dead_code)] // used by fleet.rs only
pub fn spread_over_depths<T>(items: &[T], mut each: impl FnMut(&T)) {
    let run = items.len().div_ceil(DEPTHS).max(1);
    for (depth, chunk) in items.chunks(run).enumerate() {
        at_depth(depth, &mut || chunk.iter().for_each(&mut each));
    }
}
