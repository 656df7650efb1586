//! The license document's JSON and rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = airgap_license::fuzzing::parse_document(data);
});
