//! Once a license is verified, asking about a feature allocates nothing and
//! verifies nothing: a product may ask on every request. Measured with a
//! counting global allocator, in a binary with no test harness: one thread,
//! so nothing else's allocations are counted.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::alloc::System;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::{FeatureStatus, Validator};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

/// `Validator::verify` and `License::status` of the armored enterprise
/// sample, 20 + 1: the armored block's Base64, the envelope bytes and its
/// members, the set of member names of each of the three JSON objects
/// (envelope, document, attributes), the signed message, the signature, the
/// kid, the document's two objects, id and licensee, the attribute map
/// (node, four strings, the `Arc`), the granted features, and the status
/// map's states.
const VERIFY_AND_STATUS_ALLOCATIONS: usize = 21;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() {
    let validator = Validator::with_keys(airgap_license::dangerous::sample_key_anyone_can_sign()).unwrap();
    let text = std::fs::read_to_string("licenses-sample/overrides.lic").unwrap();
    let license = validator.verify(&text).unwrap();
    let instants: Vec<DateTime<Utc>> = ["2025-01-01T00:00:00Z", "2026-06-01T00:00:00Z", "2040-01-01T00:00:00Z"]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    let names = ["scimServer", "connectors", "breachedPasswordDetection", "quantumSync", "noSuchFeature"];

    let region = Region::new(GLOBAL);
    let mut active = 0;
    for _ in 0..1000 {
        for now in &instants {
            for name in names {
                active += usize::from(license.feature(name, *now) == FeatureStatus::Active);
                active += usize::from(license.is_active(name, *now));
            }
        }
    }
    let stats = region.change();
    assert_eq!(stats.allocations, 0, "{stats:?}");
    assert_eq!(stats.reallocations, 0, "{stats:?}");
    // scimServer is active in 2026 only: 1000 rounds, counted twice.
    assert_eq!(active, 2000);

    // The check itself is sound: a status map does allocate, and is seen to.
    let region = Region::new(GLOBAL);
    let _ = license.status(instants[1]);
    assert!(region.change().allocations > 0);
    println!("feature_checks_do_not_allocate: 30000 checks, 0 allocations");

    // Verifying and mapping a license has an allocation budget (the figure in
    // docs/PERFORMANCE.md), and no buffer outgrows its first allocation: a
    // capacity estimate gone wrong shows as a reallocation.
    let enterprise = std::fs::read_to_string("licenses-sample/enterprise.lic").unwrap();
    let region = Region::new(GLOBAL);
    let status = validator.verify(&enterprise).unwrap().status(instants[1]);
    let stats = region.change();
    assert!(status.licensed());
    assert_eq!(stats.reallocations, 0, "{stats:?}");
    assert!(stats.allocations <= VERIFY_AND_STATUS_ALLOCATIONS, "{stats:?}");
    println!("verify_and_status_allocation_budget: {} allocations, 0 reallocations", stats.allocations);
    println!("2 passed, 0 failed");
}
