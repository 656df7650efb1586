//! The envelope's JSON: members, alg, kid, inner Base64, signature length.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = airgap_license::fuzzing::parse_envelope(data);
});
