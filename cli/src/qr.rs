//! A request as a QR code in the terminal, for a phone to carry out of an
//! air-gapped room (as Keygen's air-gapped example does): qrcodegen (the
//! reference implementation's Rust port) encodes it; it is drawn here in
//! Unicode half blocks, two modules a character cell, light on dark, with
//! its quiet zone.

use qrcodegen::{QrCode, QrCodeEcc};

use crate::error::CliError;

/// The quiet zone around the code, in modules (the standard asks for 4).
const QUIET: i32 = 4;

/// `text` as a QR code (error correction L: the largest payload per size),
/// one line of half blocks per two rows of modules.
pub(crate) fn terminal(text: &str) -> Result<String, CliError> {
    let code = QrCode::encode_binary(text.as_bytes(), QrCodeEcc::Low)
        .map_err(|e| CliError::Usage(format!("the request does not fit in a QR code: {e:?}")))?;
    // Drawn light on dark, for a dark terminal: a dark module is a blank
    // half cell, a light one (the quiet zone included) a half block.
    let light = |x: i32, y: i32| !code.get_module(x, y);
    let size = code.size();
    let mut drawn = String::new();
    let mut y = -QUIET;
    while y < size + QUIET {
        for x in -QUIET..size + QUIET {
            drawn.push(match (light(x, y), light(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        drawn.push('\n');
        y += 2;
    }
    Ok(drawn)
}
