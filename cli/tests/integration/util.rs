//! What more than one of the CLI's test modules needs.

/// Runs the test from the repository's root, where the samples are: every
/// test that reads the repository's files sets this same folder, so their
/// order does not matter (the others never depend on the process's folder).
#[allow(clippy::unwrap_used)]
pub fn at_root() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
}

/// A small deterministic generator, so that a failing instant of a kill -9
/// test can be replayed.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}
