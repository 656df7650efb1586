//! License text: the size limit, the optional armor, and the outer Base64.

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};

use crate::error::Error;

/// The longest license text accepted, in bytes, checked before any decoding.
pub const MAX_LICENSE_TEXT: usize = 64 * 1024;

/// The first line of an armored license.
pub const ARMOR_BEGIN: &str = "-----BEGIN AIRGAP LICENSE-----";
/// The last line of an armored license.
pub const ARMOR_END: &str = "-----END AIRGAP LICENSE-----";

/// Outer text: padding optional, trailing bits must be zero (canonical).
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
pub(crate) const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// Decodes license text to the envelope's bytes.
pub(crate) fn decode(text: &[u8]) -> Result<Vec<u8>, Error> {
    if text.len() > MAX_LICENSE_TEXT {
        return Err(Error::TooLarge { len: text.len(), max: MAX_LICENSE_TEXT });
    }
    let body = strip_armor(text)?;
    let compact = without_whitespace(body);
    if compact.is_empty() {
        return Err(Error::Empty);
    }
    // The common case, standard Base64 (on one line or wrapped), decodes as it
    // is: such a text has no URL-safe symbol and no dash, so the analysis
    // below would decode the very same bytes. Skipping it saves several passes.
    if let Some(envelope) = fast_standard(&compact, true) {
        return Ok(envelope);
    }
    if has_dash_run(body) {
        return Err(Error::Armor {
            problem: "an armor line other than -----BEGIN AIRGAP LICENSE----- and -----END AIRGAP LICENSE-----",
        });
    }
    let standard = compact.iter().any(|b| matches!(b, b'+' | b'/'));
    let url_safe = compact.iter().any(|b| matches!(b, b'-' | b'_'));
    let engine = match (standard, url_safe) {
        (true, true) => return Err(Error::MixedAlphabet),
        (false, true) => &URL_SAFE_LENIENT,
        _ => &STANDARD_LENIENT,
    };
    engine.decode(&compact).map_err(|e| base64_error("license", &e, " (whitespace removed)"))
}

/// Decodes the `signature` member, which must be 64 bytes.
pub(crate) fn decode_signature(text: &str) -> Result<[u8; 64], Error> {
    let mut bytes = Vec::with_capacity(64);
    decode_member_into("signature", text, &mut bytes)?;
    <[u8; 64]>::try_from(bytes.as_slice()).map_err(|_| Error::SignatureLength { len: bytes.len() })
}

/// Decodes an envelope member (standard alphabet, canonical padding and
/// bits), appending the bytes to `out`.
pub(crate) fn decode_member_into(part: &'static str, text: &str, out: &mut Vec<u8>) -> Result<(), Error> {
    // base64-simd changes `out` only when it succeeds.
    if base64_simd::STANDARD.decode_append(text, out).is_ok() {
        return Ok(());
    }
    general_purpose::STANDARD.decode_vec(text, out).map_err(|e| base64_error(part, &e, ""))
}

/// Standard Base64 by base64-simd, several times faster than the base64
/// crate on a license. It accepts exactly the canonical encodings the base64
/// crate's `STANDARD` engine does (padded; and unpadded too when
/// `padding_optional`), which src/text/base64_agreement.rs and the `base64`
/// fuzz target check; when it refuses, the caller decodes again with the
/// base64 crate, whose verdict stands and whose errors say what is wrong.
pub(crate) fn fast_standard(text: &[u8], padding_optional: bool) -> Option<Vec<u8>> {
    let engine = if padding_optional && !text.len().is_multiple_of(4) {
        &base64_simd::STANDARD_NO_PAD
    } else {
        &base64_simd::STANDARD
    };
    engine.decode_to_vec(text).ok()
}

/// Encodes an envelope member or a whole license: standard, padded.
pub(crate) fn encode(bytes: &[u8]) -> String {
    general_purpose::STANDARD.encode(bytes)
}

/// Wraps Base64 license text in the armor, 64 columns to a line.
#[cfg(feature = "issuer")]
pub(crate) fn armor(base64_text: &str) -> String {
    let mut out = String::with_capacity(base64_text.len() + base64_text.len() / 64 + 64);
    out.push_str(ARMOR_BEGIN);
    out.push('\n');
    let mut rest = base64_text;
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str(ARMOR_END);
    out.push('\n');
    out
}

fn base64_error(part: &'static str, e: &base64::DecodeError, offsets: &str) -> Error {
    use base64::DecodeError as D;
    let detail = match *e {
        D::InvalidByte(offset, byte) => {
            format!("byte {} at offset {offset}{offsets} is not a Base64 symbol here", describe_byte(byte))
        }
        D::InvalidLength(len) => format!("{len} symbols cannot be Base64 (is it truncated?)"),
        D::InvalidLastSymbol { offset, symbol, .. } => format!(
            "the last symbol {} at offset {offset}{offsets} has stray low bits (not canonical)",
            describe_byte(symbol)
        ),
        D::InvalidPadding => "the padding is wrong".to_owned(),
    };
    Error::Base64 { part, detail }
}

fn describe_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() { format!("'{}'", char::from(byte)) } else { format!("0x{byte:02x}") }
}

/// `bytes` without ASCII whitespace, borrowed when there is none. Line
/// breaks and spaces are found with memchr and the runs between them copied
/// whole; a byte filter was the slowest part of decoding armored text. Tabs
/// and form feeds are rare and take the plain filter.
fn without_whitespace(bytes: &[u8]) -> Cow<'_, [u8]> {
    if memchr::memchr2(b'\t', 0x0c, bytes).is_some() {
        return Cow::Owned(bytes.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect());
    }
    let mut breaks = memchr::memchr3_iter(b'\n', b'\r', b' ', bytes).peekable();
    if breaks.peek().is_none() {
        return Cow::Borrowed(bytes);
    }
    let mut compact = Vec::with_capacity(bytes.len());
    let mut start = 0;
    for at in breaks {
        compact.extend_from_slice(bytes.get(start..at).unwrap_or_default());
        start = at + 1;
    }
    compact.extend_from_slice(bytes.get(start..).unwrap_or_default());
    Cow::Owned(compact)
}

/// Whether `bytes` holds five dashes in a row, the mark of an armor line.
fn has_dash_run(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"-----").is_some()
}

/// Returns the text between the armor lines, or the trimmed text if unarmored.
fn strip_armor(text: &[u8]) -> Result<&[u8], Error> {
    let trimmed = text.trim_ascii();
    let begins = trimmed.starts_with(ARMOR_BEGIN.as_bytes());
    let ends = trimmed.ends_with(ARMOR_END.as_bytes());
    let body = match (begins, ends) {
        (false, false) => trimmed,
        (true, false) => return Err(Error::Armor { problem: "a BEGIN line without an END line" }),
        (false, true) => return Err(Error::Armor { problem: "an END line without a BEGIN line" }),
        (true, true) => {
            let inner = trimmed
                .get(ARMOR_BEGIN.len()..trimmed.len().saturating_sub(ARMOR_END.len()))
                .ok_or(Error::Armor { problem: "a BEGIN line without an END line" })?;
            // The markers are lines of their own: only whitespace between a
            // marker and the line break next to it.
            let blank = |line: Option<&[u8]>| line.is_some_and(|l| l.iter().all(u8::is_ascii_whitespace));
            let mut lines = inner.split(|b| *b == b'\n');
            if !blank(lines.next()) {
                return Err(Error::Armor { problem: "the BEGIN line must be a line of its own" });
            }
            if !blank(lines.next_back()) {
                return Err(Error::Armor { problem: "the END line must be a line of its own" });
            }
            inner
        }
    };
    Ok(body)
}

#[cfg(test)]
mod base64_agreement;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_padding_and_alphabets() {
        assert_eq!(decode(b"aGk=").unwrap(), b"hi");
        assert_eq!(decode(b"aGk").unwrap(), b"hi");
        assert_eq!(decode(b" a G\r\n\tk = \n").unwrap(), b"hi");
        assert_eq!(decode(b"-_8=").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode(b"+/8=").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode(b"+_8="), Err(Error::MixedAlphabet));
        assert!(matches!(decode(b"aGl="), Err(Error::Base64 { part: "license", .. })));
        assert!(matches!(decode(b"aG=k"), Err(Error::Base64 { .. })));
        assert_eq!(decode(b" \n "), Err(Error::Empty));
    }

    #[test]
    fn armor_must_be_whole() {
        let armored = format!("{ARMOR_BEGIN}\r\naGk=\r\n{ARMOR_END}\r\n");
        assert_eq!(decode(armored.as_bytes()).unwrap(), b"hi");
        let missing_end = format!("{ARMOR_BEGIN}\naGk=\n");
        assert!(matches!(decode(missing_end.as_bytes()), Err(Error::Armor { .. })));
        let missing_begin = format!("aGk=\n{ARMOR_END}\n");
        assert!(matches!(decode(missing_begin.as_bytes()), Err(Error::Armor { .. })));
        let one_line = format!("{ARMOR_BEGIN} aGk= {ARMOR_END}");
        assert!(matches!(decode(one_line.as_bytes()), Err(Error::Armor { .. })));
        let other = "-----BEGIN PUBLIC KEY-----\naGk=\n-----END PUBLIC KEY-----\n";
        assert!(matches!(decode(other.as_bytes()), Err(Error::Armor { .. })));
        let only_markers = format!("{ARMOR_BEGIN}\n{ARMOR_END}\n");
        assert_eq!(decode(only_markers.as_bytes()), Err(Error::Empty));
        let overlapping = "-----BEGIN AIRGAP LICENSE-----END AIRGAP LICENSE-----";
        assert!(matches!(decode(overlapping.as_bytes()), Err(Error::Armor { .. })));
    }

    #[test]
    fn whitespace_of_every_kind_is_removed() {
        for text in ["a G k =", "aGk=\n", "\r\naGk=\r\n", "a\tG\x0ck=", " \n aG\r\nk= \t", "aGk="] {
            assert_eq!(without_whitespace(text.as_bytes()).as_ref(), b"aGk=", "{text:?}");
        }
        assert_eq!(without_whitespace(b"").as_ref(), b"");
        assert_eq!(without_whitespace(b" \n\r\t\x0c").as_ref(), b"");
        // Text without whitespace is not copied.
        assert!(matches!(without_whitespace(b"aGk="), Cow::Borrowed(b"aGk=")));
    }

    #[test]
    fn size_limit_is_checked_first() {
        let at_limit = vec![b' '; MAX_LICENSE_TEXT];
        assert_eq!(decode(&at_limit), Err(Error::Empty));
        let over = vec![b'A'; MAX_LICENSE_TEXT + 1];
        assert_eq!(decode(&over), Err(Error::TooLarge { len: MAX_LICENSE_TEXT + 1, max: MAX_LICENSE_TEXT }));
    }

    #[test]
    #[cfg(feature = "issuer")]
    fn armor_wraps_at_64_and_round_trips() {
        let b64 = encode(&[7u8; 100]);
        let armored = armor(&b64);
        assert!(armored.lines().all(|l| l.len() <= 64 || l.starts_with("-----")));
        assert_eq!(decode(armored.as_bytes()).unwrap(), vec![7u8; 100]);
    }
}
