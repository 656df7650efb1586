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
}
