//! Entry points for the fuzz targets in `fuzz/`, compiled only under
//! `--cfg fuzzing` (which `cargo fuzz` sets), so the private parsers are
//! reachable without widening the public API. Each returns normally for any
//! input; a panic is a bug the fuzzer reports.

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::document::Document;
use crate::envelope::Envelope;
use crate::error::Error;
use crate::license::License;
use crate::policy::Policy;
use crate::status::FeatureStatus;
use crate::text;

/// The license text layer: size, encodings, armor, Base64.
pub fn decode_text(data: &[u8]) -> Result<Vec<u8>, Error> {
    text::decode(data)
}

/// The envelope parser, on decoded envelope bytes.
pub fn parse_envelope(data: &[u8]) -> Result<(), Error> {
    Envelope::parse(data).map(|envelope| {
        // The message is what gets verified; building it must never fail.
        let _ = envelope.message();
    })
}

/// The document parser, on document bytes, against the Reactor catalog.
pub fn parse_document(data: &[u8]) -> Result<(), Error> {
    let Ok(catalog) = Catalog::reactor() else { return Ok(()) };
    Document::parse(data, &catalog).map(|_| ())
}

/// The status derivation for a document (as if its signature verified) at
/// `seconds` since the epoch, checking that the three views agree.
pub fn derive_status(data: &[u8], seconds: i64, valid_for_days: u16) -> Result<(), Error> {
    let Ok(catalog) = Catalog::reactor() else { return Ok(()) };
    let doc = Document::parse(data, &catalog)?;
    let Some(now) = DateTime::<Utc>::from_timestamp(seconds, 0) else { return Ok(()) };
    let policy = Policy { valid_for: chrono::TimeDelta::days(i64::from(valid_for_days)), ..Policy::default() };
    let license = License::new("fuzz".into(), false, doc, catalog, policy);
    let status = license.status(now);
    for (name, state) in status.features() {
        assert_eq!(license.feature(name, now), state, "feature() and status() disagree on {name}");
        assert_eq!(status.feature(name), Some(state), "status().feature() disagrees on {name}");
    }
    let checked = license.check(now);
    match &checked {
        Ok(()) => assert!(status.licensed(), "in effect but not licensed"),
        Err(e) => assert_ne!(e.verdict(), crate::Verdict::Rejected, "a date check rejected a verified license"),
    }
    if status.features().any(|(_, s)| s == FeatureStatus::Active) {
        assert!(status.licensed(), "an active feature on an unlicensed status");
    }
    Ok(())
}
