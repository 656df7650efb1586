//! The library's integration tests, as one binary (ripgrep's layout): one
//! module per behaviour, `util` the helpers they share. `no_alloc` stays a
//! binary of its own (its own `main`, one thread, a counting allocator).

mod util;

mod dates;
mod ed25519_vectors;
mod embedding;
mod judgement;
#[cfg(feature = "issuer")]
mod machines;
#[cfg(feature = "issuer")]
mod over_time;
#[cfg(feature = "issuer")]
mod properties;
mod rejections;
mod revocations;
mod status_rules;
mod tamper;
