//! The whole path a license takes: text to verified license to status map,
//! trusting the sample key, at a fixed instant.
#![no_main]

use airgap_license::Validator;
use airgap_license::chrono::DateTime;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(validator) = Validator::with_keys(airgap_license::dangerous::sample_key_anyone_can_sign()) else { return };
    if let Ok(license) = validator.verify(data) {
        let now = DateTime::from_timestamp(1_780_272_000, 0).unwrap_or_default();
        let _ = license.check(now);
        let _ = license.status(now).to_body();
    }
});
