//! base64-simd against the base64 crate, through the very functions and
//! engines the validator pairs (`fast_standard`, `STANDARD_LENIENT`). The
//! validator decodes with base64-simd first and lets the base64 crate decide
//! whenever base64-simd refuses: that is sound only if base64-simd never
//! accepts what the base64 crate refuses and never decodes to other bytes,
//! and it is worth having only if valid text takes the fast path. Checked on
//! valid encodings and on every kind of near miss: stray bits in the last
//! symbol, missing, extra or misplaced padding, foreign symbols, truncation.

use base64::Engine as _;
use base64::engine::general_purpose::{self, STANDARD};
use proptest::prelude::*;

use super::{STANDARD_LENIENT, fast_standard};

fn agree(text: &[u8]) -> Result<(), TestCaseError> {
    if let Some(fast) = fast_standard(text, false) {
        prop_assert_eq!(Some(fast), STANDARD.decode(text).ok(), "strict: {:?}", String::from_utf8_lossy(text));
    }
    if let Some(fast) = fast_standard(text, true) {
        prop_assert_eq!(Some(fast), STANDARD_LENIENT.decode(text).ok(), "lenient: {:?}", String::from_utf8_lossy(text));
    }
    Ok(())
}

/// A near miss of a valid encoding: one edit at one place.
fn mutate(mut text: Vec<u8>, at: usize, edit: u8, byte: u8) -> Vec<u8> {
    const SYMBOLS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n.";
    let at = if text.is_empty() { 0 } else { at % (text.len() + 1) };
    let symbol = SYMBOLS[usize::from(byte) % SYMBOLS.len()];
    match edit % 6 {
        0 if at < text.len() => text[at] = symbol,
        1 => text.insert(at, symbol),
        2 if at < text.len() => {
            text.remove(at);
        }
        3 => text.truncate(at),
        4 => text.push(b'='),
        _ => {
            // Stray bits: the last symbol before the padding moved by one.
            if let Some(last) = text.iter().rposition(|b| *b != b'=') {
                text[last] = if text[last] == b'A' { b'B' } else { text[last].wrapping_sub(1).max(b'A') };
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn valid_encodings_decode_the_same(bytes in prop::collection::vec(any::<u8>(), 0..200), padded in any::<bool>()) {
        let text = if padded { STANDARD.encode(&bytes) } else { general_purpose::STANDARD_NO_PAD.encode(&bytes) };
        if padded {
            prop_assert_eq!(fast_standard(text.as_bytes(), false), Some(bytes.clone()));
        }
        prop_assert_eq!(fast_standard(text.as_bytes(), true), Some(bytes));
        agree(text.as_bytes())?;
    }

    #[test]
    fn near_misses_are_never_accepted_by_one_alone(
        bytes in prop::collection::vec(any::<u8>(), 0..120),
        padded in any::<bool>(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..3),
    ) {
        let mut text = if padded { STANDARD.encode(&bytes) } else { general_purpose::STANDARD_NO_PAD.encode(&bytes) }.into_bytes();
        for (at, edit, byte) in edits {
            text = mutate(text, at, edit, byte);
        }
        agree(&text)?;
    }

    #[test]
    fn arbitrary_bytes(text in prop::collection::vec(prop::sample::select(b"AQgw/+=Zz09 -_\n\x00\xff".to_vec()), 0..40)) {
        agree(&text)?;
    }
}

#[test]
fn every_short_quad_tail_agrees() {
    // All tails of up to four symbols over a small alphabet that covers every
    // class: zero bits, stray bits, padding, foreign symbols.
    let alphabet: &[u8] = b"AQgw/+=E-";
    let mut checked = 0;
    for len in 0..=4 {
        let mut indices = vec![0usize; len];
        loop {
            let tail: Vec<u8> = indices.iter().map(|&i| alphabet[i]).collect();
            for prefix in [&b""[..], b"e30=", b"QUJD"] {
                let text = [prefix, &tail].concat();
                agree(&text).unwrap();
                checked += 1;
            }
            // Next combination, odometer style.
            let Some(pos) = indices.iter().rposition(|&i| i + 1 < alphabet.len()) else { break };
            indices[pos] += 1;
            for i in indices.iter_mut().skip(pos + 1) {
                *i = 0;
            }
        }
    }
    assert_eq!(checked, 3 * (1 + 9 + 81 + 729 + 6561));
}
