//! Revocation lists, activation requests and release receipts. The input
//! goes through each reader as hostile text, then as the JSON of a list
//! signed here (with a key made from the operating system's random source
//! when the process starts, never stored), so that what is read after the
//! signature is reached too; a list that verifies must read back the same
//! from the text it writes of itself.
#![no_main]

use std::sync::OnceLock;

use airgap_license::{KeyStore, Receipt, RevocationList, Request, TrustedKey, REVOCATIONS_BEGIN, REVOCATIONS_END};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer as _, SigningKey};
use libfuzzer_sys::fuzz_target;

/// The key id the signed lists name.
const KID: &str = "fuzz";

fn vendor() -> Option<&'static (SigningKey, KeyStore)> {
    static VENDOR: OnceLock<Option<(SigningKey, KeyStore)>> = OnceLock::new();
    VENDOR
        .get_or_init(|| {
            let mut seed = [0u8; 32];
            getrandom::getrandom(&mut seed).ok()?;
            let signing = SigningKey::from_bytes(&seed);
            let mut keys = KeyStore::new();
            keys.insert(TrustedKey::new(KID, signing.verifying_key()).ok()?).ok()?;
            Some((signing, keys))
        })
        .as_ref()
}

/// `json` as a list signed by `signing`, armored as the issuer writes it.
fn signed(json: &[u8], signing: &SigningKey) -> String {
    let mut message = format!("airgap-license:revocations:v1:{KID}:").into_bytes();
    message.extend_from_slice(json);
    let mut body = json.to_vec();
    body.extend_from_slice(&signing.sign(&message).to_bytes());
    format!("{REVOCATIONS_BEGIN}\n{}\n{REVOCATIONS_END}\n", STANDARD.encode(body))
}

fuzz_target!(|data: &[u8]| {
    let Some((signing, keys)) = vendor() else { return };
    let _ = RevocationList::verify(data, keys);
    let _ = Request::from_text(data);
    let _ = Receipt::from_text(data);
    if let Ok(list) = RevocationList::verify(signed(data, signing).as_bytes(), keys) {
        let text = list.to_text(|message| signing.sign(message).to_bytes());
        let again = RevocationList::verify(text.as_bytes(), keys);
        assert_eq!(again.as_ref().ok(), Some(&list), "a verified list does not read back the same: {again:?}");
    }
});
