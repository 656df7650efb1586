//! A request as a QR code in the terminal, for a phone to carry out of an
//! air-gapped room (as Keygen's air-gapped example does): Unicode half
//! blocks, two modules a character cell, light on dark, with its quiet zone.

use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};

use crate::error::CliError;

/// `text` as a QR code (error correction L: the largest payload per size),
/// one line of half blocks per two rows of modules.
pub(crate) fn terminal(text: &str) -> Result<String, CliError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L)
        .map_err(|e| CliError::Usage(format!("the request does not fit in a QR code: {e}")))?;
    let mut drawn = code.render::<Dense1x2>().dark_color(Dense1x2::Light).light_color(Dense1x2::Dark).build();
    drawn.push('\n');
    Ok(drawn)
}
