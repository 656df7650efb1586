//! Status derivation: the first 8 bytes are the instant (seconds since the
//! epoch), the next 2 the --valid-for days, the rest a document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((head, document)) = data.split_first_chunk::<10>() else { return };
    let (seconds, days) = head.split_at(8);
    let seconds = i64::from_le_bytes(seconds.try_into().unwrap_or_default()) % 400_000_000_000;
    let days = u16::from_le_bytes(days.try_into().unwrap_or_default());
    let _ = airgap_license::fuzzing::derive_status(document, seconds, days);
});
