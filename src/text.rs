//! License text: the size limit, the optional armor, and the outer Base64.

use std::borrow::Cow;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use memchr::memmem::Finder;

use crate::error::{Error, Part};

/// The longest license text accepted, in bytes, checked before any decoding.
pub const MAX_LICENSE_TEXT: usize = 64 * 1024;

/// The first line of an armored license.
pub const ARMOR_BEGIN: &str = "-----BEGIN AIRGAP LICENSE-----";
/// The last line of an armored license.
pub const ARMOR_END: &str = "-----END AIRGAP LICENSE-----";

/// Outer text: padding optional, trailing bits must be zero (canonical).
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// The most bytes a reader needs to take: a license of [`MAX_LICENSE_TEXT`]
/// bytes as UTF-16 with its byte-order mark. Readers stop one byte past it.
pub const MAX_LICENSE_INPUT: usize = 2 * MAX_LICENSE_TEXT + 2;

/// Decodes license text to the envelope's bytes. The text may be UTF-8 (with
/// or without a byte-order mark) or UTF-16 with one; an armored license may
/// sit inside other text (an e-mail, a ticket), its lines quoted with `>`.
pub(crate) fn decode(input: &[u8]) -> Result<Vec<u8>, Error> {
    if input.len() > MAX_LICENSE_INPUT {
        return Err(Error::TooLarge { len: input.len(), max: MAX_LICENSE_TEXT });
    }
    let text = transcode(input)?;
    if text.len() > MAX_LICENSE_TEXT {
        return Err(Error::TooLarge { len: text.len(), max: MAX_LICENSE_TEXT });
    }
    let compact = match find_armor(&text)? {
        Some(body) => body,
        None => unarmored(&text)?,
    };
    if compact.is_empty() {
        return Err(Error::Empty);
    }
    let standard = memchr::memchr2(b'+', b'/', &compact).is_some();
    let url_safe = memchr::memchr2(b'-', b'_', &compact).is_some();
    let engine = match (standard, url_safe) {
        (true, true) => return Err(Error::MixedAlphabet),
        (false, true) => &URL_SAFE_LENIENT,
        (true, false) | (false, false) => &STANDARD_LENIENT,
    };
    engine.decode(&compact).map_err(|e| base64_error(Part::License, &e, " (whitespace removed)"))
}

/// A decoding error, or, for the armored text of another airgap-license
/// document (a revocation list, a request, a receipt), an error that says
/// so. Only on the error path: a license pays nothing for it.
pub(crate) fn not_a_license(input: &[u8], error: Error) -> Error {
    const OTHERS: [(&str, &str); 3] = [
        ("-----BEGIN AIRGAP LICENSE REVOCATIONS-----", "this is a revocation list, not a license"),
        ("-----BEGIN AIRGAP LICENSE REQUEST-----", "this is an activation request, not a license"),
        ("-----BEGIN AIRGAP LICENSE RECEIPT-----", "this is a release receipt, not a license"),
    ];
    match OTHERS.iter().find(|(begin, _)| memchr::memmem::find(input, begin.as_bytes()).is_some()) {
        Some((_, problem)) => Error::Armor { problem },
        None => error,
    }
}

/// The text as UTF-8 bytes: a UTF-8 byte-order mark dropped, UTF-16 with a
/// byte-order mark converted. Other bytes are left for the Base64 decoder to
/// name, except NUL bytes, the mark of UTF-16 without a byte-order mark.
fn transcode(input: &[u8]) -> Result<Cow<'_, [u8]>, Error> {
    let utf16 = |big_endian: bool, body: &[u8]| -> Result<Cow<'_, [u8]>, Error> {
        let (pairs, rest) = body.as_chunks::<2>();
        if !rest.is_empty() {
            return Err(Error::Encoding { problem: "UTF-16 text with an odd number of bytes (truncated?)" });
        }
        let units =
            pairs.iter().map(|&pair| if big_endian { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map(|text| Cow::Owned(text.into_bytes()))
            .map_err(|_| Error::Encoding { problem: "UTF-16 text with an unpaired surrogate" })
    };
    if let Some(body) = input.strip_prefix(b"\xef\xbb\xbf") {
        Ok(Cow::Borrowed(body))
    } else if let Some(body) = input.strip_prefix(b"\xff\xfe") {
        utf16(false, body)
    } else if let Some(body) = input.strip_prefix(b"\xfe\xff") {
        utf16(true, body)
    } else if memchr::memchr(0, input).is_some() {
        Err(Error::Encoding { problem: "the text holds NUL bytes: UTF-16 without a byte-order mark? Save it as UTF-8" })
    } else {
        Ok(Cow::Borrowed(input))
    }
}

/// A line with any e-mail quote prefix (`>`, `> >`, `>>`, spaces) and
/// trailing whitespace removed.
fn unquoted(line: &[u8]) -> &[u8] {
    let start = line.iter().position(|b| !matches!(b, b'>' | b' ' | b'\t')).unwrap_or(line.len());
    line.get(start..).unwrap_or_default().trim_ascii_end()
}

/// The Base64 of the one armored block in `text`, whitespace removed; `None`
/// if the text holds no armor marker at all. The markers are found in the
/// whole text at once (SIMD substring search), then each must stand on a
/// line of its own, quote prefix aside.
fn find_armor(text: &[u8]) -> Result<Option<Vec<u8>>, Error> {
    // The searchers are built once per process: building one costs more than
    // searching a license with it.
    static MARKERS: OnceLock<(Finder<'static>, Finder<'static>)> = OnceLock::new();
    let (begin_marker, end_marker) = MARKERS.get_or_init(|| (Finder::new(ARMOR_BEGIN), Finder::new(ARMOR_END)));
    // Two of a marker are already one too many: no need to look further.
    let first_two = |finder: &Finder<'_>| {
        let mut found = finder.find_iter(text);
        (found.next(), found.next())
    };
    let (begins, ends) = (first_two(begin_marker), first_two(end_marker));
    for at in [begins.0, begins.1].into_iter().flatten() {
        if unquoted(line_around(text, at)) != ARMOR_BEGIN.as_bytes() {
            return Err(Error::Armor { problem: "the BEGIN line must be a line of its own" });
        }
    }
    for at in [ends.0, ends.1].into_iter().flatten() {
        if unquoted(line_around(text, at)) != ARMOR_END.as_bytes() {
            return Err(Error::Armor { problem: "the END line must be a line of its own" });
        }
    }
    let (begin, end) = match (begins, ends) {
        ((None, _), (None, _)) => return Ok(None),
        ((Some(_), Some(_)), _) => {
            return Err(Error::Armor { problem: "two armored licenses in one text; give one license at a time" });
        }
        ((Some(_), None), (None, _)) => return Err(Error::Armor { problem: "a BEGIN line without an END line" }),
        ((Some(begin), None), (Some(end), None)) if end > begin => (begin, end),
        ((None, _), (Some(_), _)) | ((Some(_), None), (Some(_), _)) => {
            return Err(Error::Armor { problem: "an END line without a BEGIN line" });
        }
    };
    // The lines strictly between the two marker lines, each unquoted.
    let body_start = memchr::memchr(b'\n', text.get(begin..).unwrap_or_default()).map_or(end, |i| begin + i + 1);
    let body_end = memchr::memrchr(b'\n', text.get(..end).unwrap_or_default()).map_or(body_start, |i| i + 1);
    let body = text.get(body_start..body_end).unwrap_or_default();
    let mut compact = Vec::with_capacity(body.len());
    let mut start = 0;
    for line_end in memchr::memchr_iter(b'\n', body).chain(std::iter::once(body.len())) {
        compact.extend_from_slice(unquoted(body.get(start..line_end).unwrap_or_default()));
        start = line_end + 1;
    }
    remove_whitespace(&mut compact);
    Ok(Some(compact))
}

/// The line of `text` that holds the byte at `at`, without its line break.
fn line_around(text: &[u8], at: usize) -> &[u8] {
    let (before, after) = text.split_at(at.min(text.len()));
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', after).map_or(text.len(), |i| at + i);
    text.get(start..end).unwrap_or_default()
}

/// Unarmored text: Base64 and whitespace only, whitespace removed.
fn unarmored(text: &[u8]) -> Result<Vec<u8>, Error> {
    if memchr::memmem::find(text, b"-----").is_some() {
        return Err(Error::Armor {
            problem: "an armor line other than -----BEGIN AIRGAP LICENSE----- and -----END AIRGAP LICENSE-----",
        });
    }
    let mut compact = text.to_vec();
    remove_whitespace(&mut compact);
    Ok(compact)
}

/// Removes ASCII whitespace (space, tab, CR, LF, form feed). The first one
/// is found with two SIMD scans, so that text with none (an armored license,
/// once its lines are unquoted and trimmed) is not walked byte by byte; from
/// there on, the rest is filtered.
fn remove_whitespace(bytes: &mut Vec<u8>) {
    let first =
        [memchr::memchr3(b' ', b'\t', b'\r', bytes), memchr::memchr2(b'\n', 0x0c, bytes)].into_iter().flatten().min();
    if let Some(first) = first {
        let tail = bytes.split_off(first);
        bytes.extend(tail.into_iter().filter(|b| !b.is_ascii_whitespace()));
    }
}

/// Decodes the `signature` member, which must be 64 bytes.
pub(crate) fn decode_signature(text: &str) -> Result<[u8; 64], Error> {
    // The decoder reserves its own estimate (66 for 88 symbols) before it decodes.
    let mut bytes = Vec::with_capacity(base64::decoded_len_estimate(text.len()));
    decode_member_into(Part::Signature, text, &mut bytes)?;
    <[u8; 64]>::try_from(bytes.as_slice()).map_err(|_| Error::SignatureLength { len: bytes.len() })
}

/// Decodes an envelope member (standard alphabet, canonical padding and
/// bits), appending the bytes to `out`.
pub(crate) fn decode_member_into(part: Part, text: &str, out: &mut Vec<u8>) -> Result<(), Error> {
    general_purpose::STANDARD.decode_vec(text, out).map_err(|e| base64_error(part, &e, ""))
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

fn base64_error(part: Part, e: &base64::DecodeError, offsets: &str) -> Error {
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
        assert!(matches!(decode(b"aGl="), Err(Error::Base64 { part: Part::License, .. })));
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
    fn byte_order_marks_and_utf16() {
        assert_eq!(decode(b"\xef\xbb\xbfaGk=\r\n").unwrap(), b"hi");
        let armored = format!("{ARMOR_BEGIN}\r\naGk=\r\n{ARMOR_END}\r\n");
        let with_bom = [b"\xef\xbb\xbf".as_slice(), armored.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap(), b"hi");
        // What PowerShell's > writes: UTF-16 LE with a byte-order mark; and BE.
        let le: Vec<u8> = [0xff, 0xfe].into_iter().chain(armored.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&le).unwrap(), b"hi");
        let be: Vec<u8> = [0xfe, 0xff].into_iter().chain(armored.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&be).unwrap(), b"hi");
        assert!(matches!(decode(&le[..le.len() - 1]), Err(Error::Encoding { .. })));
        let no_bom: Vec<u8> = "aGk=".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(matches!(decode(&no_bom), Err(Error::Encoding { problem }) if problem.contains("UTF-16")));
        let lone_surrogate = [0xff, 0xfe, 0x00, 0xd8];
        assert!(matches!(decode(&lone_surrogate), Err(Error::Encoding { problem }) if problem.contains("surrogate")));
    }

    #[test]
    fn an_armored_license_inside_other_text_and_quoted() {
        let mail =
            format!("Hello,\n\nhere is your license:\n\n{ARMOR_BEGIN}\naG\nk=\n{ARMOR_END}\n\nRegards,\n-- \nSales\n");
        assert_eq!(decode(mail.as_bytes()).unwrap(), b"hi");
        for prefix in ["> ", ">", "> > ", ">> ", "  >  > "] {
            let quoted =
                format!("On Monday Sales wrote:\n{prefix}{ARMOR_BEGIN}\n{prefix}aG\n{prefix}k=\n{prefix}{ARMOR_END}\n");
            assert_eq!(decode(quoted.as_bytes()).unwrap(), b"hi", "{prefix:?}");
        }
        let two = format!("{ARMOR_BEGIN}\naGk=\n{ARMOR_END}\n{ARMOR_BEGIN}\naGk=\n{ARMOR_END}\n");
        assert!(matches!(decode(two.as_bytes()), Err(Error::Armor { problem }) if problem.contains("two armored")));
        // Unarmored text is Base64 and whitespace only.
        assert!(matches!(decode(b"license: aGk="), Err(Error::Base64 { .. })));
    }

    #[test]
    fn size_limit_is_checked_first() {
        let at_limit = vec![b' '; MAX_LICENSE_TEXT];
        assert_eq!(decode(&at_limit), Err(Error::Empty));
        let over = vec![b'A'; MAX_LICENSE_TEXT + 1];
        assert_eq!(decode(&over), Err(Error::TooLarge { len: MAX_LICENSE_TEXT + 1, max: MAX_LICENSE_TEXT }));
        let far_over = vec![b'A'; MAX_LICENSE_INPUT + 1];
        assert_eq!(decode(&far_over), Err(Error::TooLarge { len: MAX_LICENSE_INPUT + 1, max: MAX_LICENSE_TEXT }));
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
