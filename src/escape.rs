//! The one escaping rule for text from a license, a file name or a folder on
//! its way to a terminal or a log: every character that can move the cursor,
//! reorder or hide text is written as a visible `\u{...}` escape.

use std::fmt::{self, Write as _};

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether `c` is shown as an escape: control characters (Cc: escape
/// sequences, carriage returns, line feeds), format characters (Cf: bidi
/// overrides and isolates such as U+202E and U+2066-2069, zero-width
/// characters, the BOM), line and paragraph separators (Zl, Zp), and the
/// backslash itself, so that an escape in the output is never ambiguous.
#[must_use]
pub fn needs_escape(c: char) -> bool {
    c == '\\'
        || matches!(
            c.general_category(),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// Displays text with [`needs_escape`] characters escaped: `\\`, `\n`,
/// `\r`, `\t`, and `\u{202e}` for the others. Printable text, non-ASCII
/// letters included, is shown as it is.
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            write_char(f, c)?;
        }
        Ok(())
    }
}

fn write_char(f: &mut impl fmt::Write, c: char) -> fmt::Result {
    match c {
        '\\' => f.write_str("\\\\"),
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\t' => f.write_str("\\t"),
        c if needs_escape(c) => write!(f, "\\u{{{:x}}}", u32::from(c)),
        c => f.write_char(c),
    }
}

/// [`Escaped`] as an owned string.
#[must_use]
pub fn escape(text: &str) -> String {
    Escaped(text).to_string()
}

/// Displays untrusted text in double quotes, escaped, with `"` escaped too,
/// and cut at 64 characters (then `...`), so that a hostile license cannot
/// flood a log or a terminal line.
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX_CHARS: usize = 64;
        f.write_char('"')?;
        for (count, c) in self.0.chars().enumerate() {
            if count == MAX_CHARS {
                f.write_str("...")?;
                break;
            }
            if c == '"' {
                f.write_str("\\\"")?;
            } else {
                write_char(f, c)?;
            }
        }
        f.write_char('"')
    }
}

/// JSON text for `value`, compact, with every [`needs_escape`] character
/// inside a string written as a `\uXXXX` escape (a surrogate pair beyond
/// U+FFFF): still valid JSON with the same string values, but never a raw
/// bidi override, line separator or C1 control for a terminal or a log
/// that shows it. (JSON itself already escapes the C0 controls and `\`.)
#[must_use]
pub fn json_text(value: &serde_json::Value) -> String {
    json_escaped(value.to_string())
}

/// [`json_text`], indented as `serde_json::to_string_pretty` indents.
#[must_use]
pub fn json_text_pretty(value: &serde_json::Value) -> String {
    json_escaped(serde_json::to_string_pretty(value).unwrap_or_default())
}

/// Escapes the characters JSON leaves raw. Outside strings JSON text is
/// ASCII, so any such character is inside one.
fn json_escaped(text: String) -> String {
    let raw = |c: char| u32::from(c) >= 0x7f && needs_escape(c);
    if text.is_ascii() || !text.chars().any(raw) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_formats_and_separators_are_escaped() {
        assert_eq!(escape("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("x\ny\r\tz"), "x\\ny\\r\\tz");
        // Bidi override and isolates, zero-width characters, the BOM.
        for c in ['\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200b}', '\u{200d}', '\u{feff}'] {
            assert_eq!(escape(&c.to_string()), format!("\\u{{{:x}}}", u32::from(c)), "{c:?}");
        }
        // Line and paragraph separators, NEL (a C1 control).
        assert_eq!(escape("\u{2028}\u{2029}\u{85}"), "\\u{2028}\\u{2029}\\u{85}");
        // A backslash is doubled, so a literal "\u{1b}" cannot pass for an escape.
        assert_eq!(escape("\\u{1b}"), "\\\\u{1b}");
    }

    #[test]
    fn printable_text_is_kept() {
        assert_eq!(escape("Société Générale 東京 ✓"), "Société Générale 東京 ✓");
    }

    #[test]
    fn quoted_escapes_quotes_and_truncates() {
        assert_eq!(Quoted("a\"b\u{1b}[31m").to_string(), "\"a\\\"b\\u{1b}[31m\"");
        let long = "x".repeat(100);
        assert_eq!(Quoted(&long).to_string(), format!("\"{}...\"", "x".repeat(64)));
    }

    #[test]
    fn json_text_escapes_what_a_terminal_would_obey() {
        let value = serde_json::json!({
            "issuedTo": "Acme\u{202e}gnp.exe\u{2028}x\u{85}\u{1b}[31m\u{e0001}",
            "plain": "Société 東京 \\ \"q\"",
        });
        for text in [json_text(&value), json_text_pretty(&value)] {
            assert!(text.contains("Acme\\u202egnp.exe\\u2028x\\u0085\\u001b[31m\\udb40\\udc01"), "{text}");
            assert!(text.contains("Société 東京"), "{text}");
            assert!(!text.chars().any(|c| u32::from(c) >= 0x7f && needs_escape(c)), "{text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value, "the same string values");
        }
    }
}
