//! Writes the bad-input catalogue `tests/bad_inputs/*.lic`: malformed licenses,
//! each with an `expect:` header naming the exit code and error code it must
//! give (see `tests/bad_inputs/README.md`). Cases that must reach the document
//! rules are signed with the sample key directly, bypassing the issuer's own
//! check of those rules. Deterministic: CI reruns it and diffs.
//!
//! ```sh
//! cargo run --features issuer --example make-bad-inputs
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::Path;

use airgap_license::issuer::private_key_from_pem;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

const KID: &str = "sample-2026";

fn good_document() -> Value {
    json!({
        "licenseId": "00000000-0000-4000-8000-0000000000ba",
        "issuedTo": "Example Corp (bad input catalogue)",
        "issued": "2026-01-01",
        "expiration": "2036-12-31",
        "licenseAttributes": {"LicensedPlan": "Starter", "LicenseType": "Sample", "Seats": "5"},
    })
}

fn with(changes: Value) -> Vec<u8> {
    let mut doc = good_document();
    for (name, value) in changes.as_object().unwrap() {
        if value.is_null() && name.starts_with('-') {
            doc.as_object_mut().unwrap().remove(&name[1..]);
        } else {
            doc[name] = value.clone();
        }
    }
    doc.to_string().into_bytes()
}

struct Maker {
    key: SigningKey,
}

impl Maker {
    fn signature(&self, kid: &str, document: &[u8]) -> Vec<u8> {
        let mut message = format!("airgap-license:v1:{kid}:").into_bytes();
        message.extend_from_slice(document);
        self.key.sign(&message).to_bytes().to_vec()
    }

    /// An envelope JSON with the members as given (strings already encoded).
    fn envelope_json(&self, document: &[u8]) -> String {
        json!({
            "alg": "Ed25519",
            "kid": KID,
            "payload": STANDARD.encode(document),
            "signature": STANDARD.encode(self.signature(KID, document)),
        })
        .to_string()
    }

    /// A correctly signed license for `document`, whatever its content.
    fn signed(&self, document: &[u8]) -> Vec<u8> {
        (STANDARD.encode(self.envelope_json(document)) + "\n").into_bytes()
    }

    /// A license whose envelope JSON is `envelope` verbatim.
    fn raw_envelope(envelope: &str) -> Vec<u8> {
        (STANDARD.encode(envelope) + "\n").into_bytes()
    }

    /// The good envelope with one member replaced by raw JSON text.
    fn member(&self, name: &str, raw: &str) -> Vec<u8> {
        let doc = with(json!({}));
        let mut members = vec![
            ("alg", "\"Ed25519\"".to_owned()),
            ("kid", format!("\"{KID}\"")),
            ("payload", format!("\"{}\"", STANDARD.encode(&doc))),
            ("signature", format!("\"{}\"", STANDARD.encode(self.signature(KID, &doc)))),
        ];
        for member in &mut members {
            if member.0 == name {
                member.1 = raw.to_owned();
            }
        }
        let body: Vec<String> =
            members.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("\"{k}\":{v}")).collect();
        Self::raw_envelope(&format!("{{{}}}", body.join(",")))
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pem = fs::read_to_string(root.join("licenses-sample/sample-2026.key")).unwrap();
    let m = Maker { key: private_key_from_pem(KID, &pem).unwrap() };
    let good = m.signed(&with(json!({})));
    let good_text = String::from_utf8(good.clone()).unwrap();
    let good_b64 = good_text.trim();
    let doc = with(json!({}));
    let sig = m.signature(KID, &doc);

    let cases: Vec<(&str, &str, &str, Vec<u8>)> = vec![
        // The text.
        ("empty", "[blank]license", "no text at all", vec![]),
        ("whitespace-only", "[blank]license", "spaces, tabs and line breaks", b" \t\r\n \n".to_vec()),
        ("binary-garbage", "[invalid]license", "bytes that are not text", (0u8..=255).rev().collect()),
        ("nul-bytes", "[invalid]license", "NUL bytes inside the Base64", {
            let mut t = good.clone();
            t.insert(20, 0);
            t
        }),
        ("bom-inside", "[invalid]license", "a UTF-8 byte order mark inside the Base64", {
            let mut t = good.clone();
            t.splice(20..20, [0xEF, 0xBB, 0xBF]);
            t
        }),
        ("utf16-without-bom", "[invalid]license", "UTF-16 LE with no byte order mark", {
            good_text.encode_utf16().flat_map(u16::to_le_bytes).collect()
        }),
        ("utf16-odd-length", "[invalid]license", "UTF-16 LE with its mark, one byte short", {
            let mut t: Vec<u8> =
                [0xFF, 0xFE].into_iter().chain(good_text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
            t.pop();
            t
        }),
        ("armor-twice", "[invalid]license", "two armored licenses in one text", {
            let block = format!("-----BEGIN AIRGAP LICENSE-----\n{good_b64}\n-----END AIRGAP LICENSE-----\n");
            format!("first:\n{block}\nsecond:\n{block}").into_bytes()
        }),
        ("oversize", "[tooLarge]license", "one byte over 64 KiB", vec![b'A'; 64 * 1024 + 1]),
        ("truncated-text", "[invalid]license", "the text cut at a third", good[..good.len() / 3].to_vec()),
        ("truncated-quad", "[invalid]license", "one symbol of a last quad", {
            let mut t = good_b64.trim_end_matches('=').as_bytes().to_vec();
            t.truncate(t.len() - t.len() % 4 + 1);
            t
        }),
        ("mixed-alphabets", "[invalid]license", "both + and - in one text", format!("{good_b64}-+").into_bytes()),
        ("non-canonical-text", "[invalid]license", "stray low bits in the last symbol", b"aGl=\n".to_vec()),
        (
            "bad-padding",
            "[invalid]license",
            "padding in the middle",
            format!("{}={}", &good_b64[..8], &good_b64[8..]).into_bytes(),
        ),
        (
            "armor-begin-only",
            "[invalid]license",
            "a BEGIN line without END",
            format!("-----BEGIN AIRGAP LICENSE-----\n{good_b64}\n").into_bytes(),
        ),
        (
            "armor-end-only",
            "[invalid]license",
            "an END line without BEGIN",
            format!("{good_b64}\n-----END AIRGAP LICENSE-----\n").into_bytes(),
        ),
        (
            "armor-other-label",
            "[invalid]license",
            "another kind of armor",
            format!("-----BEGIN PGP MESSAGE-----\n{good_b64}\n-----END PGP MESSAGE-----\n").into_bytes(),
        ),
        (
            "armor-one-line",
            "[invalid]license",
            "armor and text on one line",
            format!("-----BEGIN AIRGAP LICENSE----- {good_b64} -----END AIRGAP LICENSE-----\n").into_bytes(),
        ),
        // The envelope.
        ("envelope-not-json", "[invalid]license", "Base64 of plain text", Maker::raw_envelope("hello, license")),
        ("envelope-array", "[invalid]license", "an array, not an object", Maker::raw_envelope("[\"Ed25519\"]")),
        (
            "envelope-truncated",
            "[invalid]license",
            "the JSON cut short",
            Maker::raw_envelope(&m.envelope_json(&doc)[..60]),
        ),
        (
            "envelope-deep-nesting",
            "[invalid]license",
            "an alg nested 5000 arrays deep",
            m.member("alg", &format!("{}\"Ed25519\"{}", "[".repeat(5000), "]".repeat(5000))),
        ),
        (
            "envelope-duplicate-kid",
            "[duplicate]license",
            "kid given twice",
            Maker::raw_envelope(&m.envelope_json(&doc).replacen("\"kid\":", "\"kid\":\"other\",\"kid\":", 1)),
        ),
        (
            "envelope-unknown-member",
            "[unexpected]license",
            "a fifth member",
            Maker::raw_envelope(&m.envelope_json(&doc).replacen('{', "{\"typ\":\"JWT\",", 1)),
        ),
        ("envelope-missing-alg", "[missing]alg", "no alg", m.member("alg", "")),
        ("envelope-missing-signature", "[missing]signature", "no signature", m.member("signature", "")),
        ("alg-unknown", "[unsupported]alg", "EdDSA is not Ed25519", m.member("alg", "\"EdDSA\"")),
        ("alg-none", "[unsupported]alg", "the none algorithm", m.member("alg", "\"none\"")),
        ("alg-wrong-type", "[invalid]alg", "alg as a number", m.member("alg", "25519")),
        ("kid-path-traversal", "[invalid]kid", "a kid with slashes", m.member("kid", "\"../keys/sample-2026\"")),
        ("kid-65-chars", "[invalid]kid", "one character too long", m.member("kid", &format!("\"{}\"", "k".repeat(65)))),
        ("kid-empty", "[blank]kid", "an empty kid", m.member("kid", "\"\"")),
        ("kid-unknown", "[unknown]kid", "a well-formed kid nobody trusts", m.member("kid", "\"stranger\"")),
        ("payload-not-base64", "[invalid]payload", "a payload with a space", m.member("payload", "\"eyJh bGci\"")),
        (
            "payload-url-safe",
            "[invalid]payload",
            "the inner Base64 must be standard",
            m.member("payload", &format!("\"{}\"", URL_SAFE.encode([0xfb, 0xff, 0xfe]))),
        ),
        (
            "payload-unpadded",
            "[invalid]payload",
            "the inner Base64 must be padded (e30 for {})",
            m.member("payload", "\"e30\""),
        ),
        (
            "signature-63-bytes",
            "[invalid]signature",
            "a byte short",
            m.member("signature", &format!("\"{}\"", STANDARD.encode(&sig[..63]))),
        ),
        (
            "signature-65-bytes",
            "[invalid]signature",
            "a byte long",
            m.member("signature", &format!("\"{}\"", STANDARD.encode([&sig[..], &[0]].concat()))),
        ),
        (
            "signature-non-canonical",
            "[invalid]signature",
            "stray bits before the padding",
            m.member("signature", &format!("\"{}B==\"", &STANDARD.encode(&sig)[..85])),
        ),
        (
            "signature-zero",
            "[invalid]signature",
            "64 zero bytes",
            m.member("signature", &format!("\"{}\"", STANDARD.encode([0u8; 64]))),
        ),
        (
            "signature-other-document",
            "[invalid]signature",
            "a genuine signature over another document",
            m.member(
                "signature",
                &format!("\"{}\"", STANDARD.encode(m.signature(KID, &with(json!({"issuedTo": "Someone Else"}))))),
            ),
        ),
        // The document, correctly signed.
        ("document-not-json", "[invalid]payload", "signed plain text", m.signed(b"licensed: yes")),
        ("document-array", "[invalid]payload", "a signed array", m.signed(b"[]")),
        (
            "document-invalid-utf8",
            "[invalid]payload",
            "a byte that is not UTF-8",
            m.signed(
                &with(json!({"issuedTo": "ACME"}))
                    .iter()
                    .map(|b| if *b == b'M' { 0xff } else { *b })
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "document-lone-surrogate",
            "[invalid]payload",
            "a lone UTF-16 surrogate escape",
            m.signed(
                String::from_utf8(with(json!({"issuedTo": "X"}))).unwrap().replace("\"X\"", "\"\\ud800\"").as_bytes(),
            ),
        ),
        (
            "document-deep-nesting",
            "[invalid]payload",
            "an unknown member nested 5000 deep",
            m.signed(
                String::from_utf8(with(json!({})))
                    .unwrap()
                    .replacen('{', &format!("{{\"deep\":{}1{},", "[".repeat(5000), "]".repeat(5000)), 1)
                    .as_bytes(),
            ),
        ),
        (
            "document-duplicate-top",
            "[duplicate]payload",
            "issuedTo twice",
            m.signed(
                String::from_utf8(with(json!({}))).unwrap().replacen('{', "{\"issuedTo\":\"Evil Corp\",", 1).as_bytes(),
            ),
        ),
        (
            "document-duplicate-attribute",
            "[duplicate]payload",
            "LicensedPlan twice",
            m.signed(
                String::from_utf8(with(json!({})))
                    .unwrap()
                    .replacen("\"LicensedPlan\":", "\"LicensedPlan\":\"Enterprise\",\"LicensedPlan\":", 1)
                    .as_bytes(),
            ),
        ),
        (
            "document-duplicate-feature",
            "[duplicate]payload",
            "a feature twice",
            m.signed(
                String::from_utf8(with(json!({"features": {"scimServer": false}})))
                    .unwrap()
                    .replacen("\"scimServer\":false", "\"scimServer\":false,\"scimServer\":true", 1)
                    .as_bytes(),
            ),
        ),
        ("licenseId-missing", "[missing]licenseId", "no licenseId", m.signed(&with(json!({"-licenseId": null})))),
        ("licenseId-blank", "[blank]licenseId", "an empty licenseId", m.signed(&with(json!({"licenseId": ""})))),
        ("licenseId-number", "[invalid]licenseId", "a number", m.signed(&with(json!({"licenseId": 42})))),
        ("licenseId-not-uuid", "[invalid]licenseId", "not a UUID", m.signed(&with(json!({"licenseId": "license-42"})))),
        ("issuedTo-null", "[invalid]issuedTo", "null", m.signed(&with(json!({"issuedTo": null})))),
        ("issuedTo-blank", "[blank]issuedTo", "only spaces", m.signed(&with(json!({"issuedTo": "   "})))),
        ("issued-impossible", "[invalid]issued", "February 30th", m.signed(&with(json!({"issued": "2026-02-30"})))),
        (
            "issued-not-leap-year",
            "[invalid]issued",
            "February 29th of 2027",
            m.signed(&with(json!({"issued": "2027-02-29"}))),
        ),
        (
            "issued-with-time",
            "[invalid]issued",
            "a date and time",
            m.signed(&with(json!({"issued": "2026-01-01T00:00:00Z"}))),
        ),
        ("issued-number", "[invalid]issued", "a number", m.signed(&with(json!({"issued": 20_260_101})))),
        ("notBefore-null", "[invalid]notBefore", "null is not absent", m.signed(&with(json!({"notBefore": null})))),
        (
            "expiration-before-notBefore",
            "[invalid]expiration",
            "ends before it starts",
            m.signed(&with(json!({"notBefore": "2027-01-01", "expiration": "2026-12-31"}))),
        ),
        (
            "expiration-month-13",
            "[invalid]expiration",
            "month 13",
            m.signed(&with(json!({"expiration": "2026-13-01"}))),
        ),
        (
            "expiration-year-10000",
            "[invalid]expiration",
            "a five-digit year",
            m.signed(&with(json!({"expiration": "10000-01-01"}))),
        ),
        (
            "licenseAttributes-array",
            "[invalid]licenseAttributes",
            "an array",
            m.signed(&with(json!({"licenseAttributes": ["Starter"]}))),
        ),
        (
            "licensedPlan-missing",
            "[missing]licenseAttributes.LicensedPlan",
            "no plan",
            m.signed(&with(json!({"licenseAttributes": {"LicenseType": "Sample"}}))),
        ),
        (
            "licensedPlan-unknown",
            "[unknown]licenseAttributes.LicensedPlan",
            "a plan not in the catalog",
            m.signed(&with(json!({"licenseAttributes": {"LicensedPlan": "Platinum", "LicenseType": "Sample"}}))),
        ),
        (
            "licenseType-blank",
            "[blank]licenseAttributes.LicenseType",
            "an empty type",
            m.signed(&with(json!({"licenseAttributes": {"LicensedPlan": "Starter", "LicenseType": ""}}))),
        ),
        (
            "attribute-number",
            "[invalid]licenseAttributes.Seats",
            "an attribute that is not a string",
            m.signed(&with(
                json!({"licenseAttributes": {"LicensedPlan": "Starter", "LicenseType": "Sample", "Seats": 5}}),
            )),
        ),
        (
            "features-array",
            "[invalid]features",
            "an array of names",
            m.signed(&with(json!({"features": ["scimServer"]}))),
        ),
        (
            "features-string-value",
            "[invalid]features.scimServer",
            "\"yes\" is not true",
            m.signed(&with(json!({"features": {"scimServer": "yes"}}))),
        ),
        (
            "features-reserved-name",
            "[invalid]features",
            "a feature named licensed",
            m.signed(&with(json!({"features": {"licensed": true}}))),
        ),
    ];

    let dir = root.join("tests/bad_inputs");
    for old in fs::read_dir(&dir).unwrap() {
        let path = old.unwrap().path();
        if path.extension().is_some_and(|e| e == "lic") {
            fs::remove_file(path).unwrap();
        }
    }
    for (name, code, note, body) in cases {
        let mut file = format!("expect: exit 1 {code}\nnote: {note}\n\n").into_bytes();
        file.extend_from_slice(&body);
        fs::write(dir.join(format!("{name}.lic")), file).unwrap();
    }
}
