//! License text: size limit, armor, whitespace, alphabets, Base64.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = airgap_license::fuzzing::decode_text(data);
});
