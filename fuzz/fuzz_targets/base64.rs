//! The Base64 fast path (base64-simd) never accepts what the base64 crate
//! refuses, and never decodes to other bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    airgap_license::fuzzing::base64_agreement(data);
});
