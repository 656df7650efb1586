//! Public Ed25519 vectors through the crate's own key loading and signature
//! check. The rules asserted are the strict ones of docs/FORMAT.md: weak
//! (small-order) keys refused at load; small-order R, S >= L and
//! non-canonical encodings rejected.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use airgap_license::{ConfigError, Error, KeyProblem, TrustedKey};
use ed25519_dalek::{Signer, SigningKey, Verifier as _};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Accepted,
    WeakKey,
    NotAKey,
    Rejected,
}

/// Load the key as a validator would, then check the signature.
fn judge(key: &[u8], message: &[u8], signature: &[u8]) -> Outcome {
    match TrustedKey::from_bytes("vector", key) {
        Err(ConfigError::Key { problem: KeyProblem::Weak, .. }) => Outcome::WeakKey,
        Err(_) => Outcome::NotAKey,
        Ok(trusted) => match trusted.verify_signature(message, signature) {
            Ok(()) => Outcome::Accepted,
            Err(Error::BadSignature { .. } | Error::SignatureLength { .. }) => Outcome::Rejected,
            Err(other) => panic!("unexpected error {other:?}"),
        },
    }
}

/// Secret key, public key, message, signature.
type SignedVector = (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);

fn json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("tests/vectors/{name}")).unwrap()).unwrap()
}

fn hex(text: &str) -> Vec<u8> {
    hex::decode(text).unwrap()
}

#[test]
fn wycheproof_labels_hold_with_keys_loaded_from_pem() {
    let suite = json("wycheproof_ed25519_test.json");
    let mut seen = 0;
    for group in suite["testGroups"].as_array().unwrap() {
        let pem = group["publicKeyPem"].as_str().unwrap();
        let key = TrustedKey::from_pem("wycheproof", pem);
        for test in group["tests"].as_array().unwrap() {
            let valid = test["result"] == "valid";
            let verdict = key.as_ref().map_err(ToString::to_string).and_then(|key| {
                key.verify_signature(&hex(test["msg"].as_str().unwrap()), &hex(test["sig"].as_str().unwrap()))
                    .map_err(|e| e.to_string())
            });
            assert_eq!(verdict.is_ok(), valid, "tcId {} {:?}: {verdict:?}", test["tcId"], test["comment"]);
            seen += 1;
        }
    }
    assert_eq!(seen, 151);
}

#[test]
fn speccheck_only_the_mixed_order_case_passes() {
    let cases = json("speccheck_cases.json");
    let outcomes: Vec<Outcome> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            judge(
                &hex(c["pub_key"].as_str().unwrap()),
                &hex(c["message"].as_str().unwrap()),
                &hex(c["signature"].as_str().unwrap()),
            )
        })
        .collect();
    use Outcome::*;
    assert_eq!(
        outcomes,
        [
            WeakKey,  // 0: small-order A (and R)
            WeakKey,  // 1: small-order A
            Rejected, // 2: small-order R
            Accepted, // 3: mixed-order A and R: allowed by the strict rules
            Rejected, // 4: passes only a cofactored equation
            Rejected, // 5: pre-reduced scalar
            Rejected, // 6: S > L
            Rejected, // 7: S >> L
            Rejected, // 8: non-canonical R
            Rejected, // 9: non-canonical R
            WeakKey,  // 10: non-canonical encoding of a small-order A: refused at load
            WeakKey,  // 11: the same, another encoding
        ]
    );
}

#[test]
fn cctv_accepts_only_signatures_without_low_order_or_non_canonical_parts() {
    let entries = json("cctv_ed25519vectors_VALIDATIONVECTORS.json");
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 914);
    let mut accepted = 0;
    for entry in entries {
        let flags: Vec<&str> =
            entry["flags"].as_array().map_or(vec![], |f| f.iter().map(|x| x.as_str().unwrap()).collect());
        let outcome = judge(
            &hex(entry["key"].as_str().unwrap()),
            entry["msg"].as_str().unwrap().as_bytes(),
            &hex(entry["sig"].as_str().unwrap()),
        );
        // Strict acceptance: nothing but mixed-order components may be flagged.
        let acceptable = flags.iter().all(|f| matches!(*f, "low_order_component_A" | "low_order_component_R"));
        assert_eq!(outcome == Outcome::Accepted, acceptable, "entry {}: {flags:?} -> {outcome:?}", entry["number"]);
        // A small-order key never gets as far as a signature check.
        if flags.contains(&"low_order_A") {
            assert!(matches!(outcome, Outcome::WeakKey | Outcome::NotAKey), "entry {}: {outcome:?}", entry["number"]);
        }
        accepted += usize::from(outcome == Outcome::Accepted);
    }
    // The count SOURCES.md gives for ed25519-dalek 2.2's verify_strict.
    assert_eq!(accepted, 43);
}

#[test]
fn rfc8032_and_sign_input_vectors_sign_and_verify() {
    let mut cases: Vec<SignedVector> = json("rfc8032_section7_1_subset.json")
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let field = |name: &str| hex(t[name].as_str().unwrap());
            (field("secret_key"), field("public_key"), field("message"), field("signature"))
        })
        .collect();
    assert_eq!(cases.len(), 4);
    let sign_input = std::fs::read_to_string("tests/vectors/dalek_TESTVECTORS_rfc8032_sign.input").unwrap();
    for line in sign_input.lines() {
        let parts: Vec<&str> = line.split(':').collect();
        let (secret, public, message, signed) = (hex(parts[0]), hex(parts[1]), hex(parts[2]), hex(parts[3]));
        cases.push((secret[..32].to_vec(), public, message, signed[..64].to_vec()));
    }
    assert_eq!(cases.len(), 4 + 128);
    for (secret, public, message, signature) in cases {
        let signing = SigningKey::from_bytes(&secret.clone().try_into().unwrap());
        assert_eq!(signing.verifying_key().as_bytes().as_slice(), public.as_slice());
        assert_eq!(signing.sign(&message).to_bytes().as_slice(), signature.as_slice());
        assert_eq!(judge(&public, &message, &signature), Outcome::Accepted);
        // And one bit less is a forgery.
        let mut forged = signature.clone();
        forged[0] ^= 1;
        assert_eq!(judge(&public, &message, &forged), Outcome::Rejected);
        // One license per vector key (the suites with private keys): signed
        // by it, it verifies under its public key, and nowhere else.
        license_under_vector_key(&signing);
    }
}

/// A license signed by `key` (its envelope made here, as docs/FORMAT.md
/// specifies) verifies with a validator that trusts that key alone; the
/// same license under another kid does not.
fn license_under_vector_key(key: &SigningKey) {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    let document = br#"{"licenseId":"00000000-0000-4000-8000-0000000000ed","issuedTo":"Vector","issued":"2026-01-01","expiration":"2036-12-31","licenseAttributes":{"LicensedPlan":"Starter","LicenseType":"Test"}}"#;
    let mut message = b"airgap-license:v1:vector:".to_vec();
    message.extend_from_slice(document);
    let envelope = serde_json::json!({
        "alg": "Ed25519",
        "kid": "vector",
        "payload": STANDARD.encode(document),
        "signature": STANDARD.encode(key.sign(&message).to_bytes()),
    });
    let text = STANDARD.encode(envelope.to_string());
    let mut keys = airgap_license::KeyStore::new();
    keys.insert(TrustedKey::new("vector", key.verifying_key()).unwrap()).unwrap();
    let validator = airgap_license::Validator::with_keys(keys).unwrap();
    let license = validator.verify(&text).unwrap();
    assert_eq!(license.issued_to(), "Vector");
    let relabelled = STANDARD.encode(envelope.to_string().replace("\"kid\":\"vector\"", "\"kid\":\"vector2\""));
    assert!(validator.verify(relabelled).is_err());
}

#[test]
fn a_small_order_key_with_identity_r_and_zero_s_is_refused() {
    // A = identity (y = 1), R = identity, S = 0 satisfies [S]B = R + [k]A for
    // every message: the classic "verifies anything" signature.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut signature = [0u8; 64];
    signature[0] = 1;
    assert_eq!(judge(&identity, b"any message", &signature), Outcome::WeakKey);
    // And so no license can name such a key: the store cannot hold it.
    assert!(matches!(
        TrustedKey::from_bytes("zero", &identity),
        Err(ConfigError::Key { problem: KeyProblem::Weak, .. })
    ));
    // Even bypassing our load check, the strict equation refuses it.
    let key = ed25519_dalek::VerifyingKey::from_bytes(&identity).unwrap();
    let sig = ed25519_dalek::Signature::from_bytes(&signature);
    assert!(key.verify_strict(b"any message", &sig).is_err());
    assert!(key.verify(b"any message", &sig).is_ok(), "the lax check would accept it: this is what strictness buys");
}

/// The published license vectors (`tests/vectors/licenses.tsv`): each line's
/// verdict, exit code and status body are the library's at the instant the
/// file names, trusting the sample key alone. The CLI, C, Python and Node
/// read the same file (`cli/tests/integration/samples.rs`, `ffi/tests/check.c`,
/// `python/tests/`, `node/test/`).
#[test]
fn the_license_vectors_hold() {
    use airgap_license::{Judgement, Validator, dangerous, json_text};
    let validator = Validator::with_keys(dangerous::sample_key_anyone_can_sign()).unwrap();
    let at = "2026-06-01T00:00:00Z".parse().unwrap();
    let table = std::fs::read_to_string("tests/vectors/licenses.tsv").unwrap();
    let mut seen = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [path, exit, verdict, body] = fields[..] else { panic!("not four fields: {line}") };
        let bytes = std::fs::read(path).unwrap();
        let judgement = match validator.verify(&bytes) {
            Ok(license) => Judgement::of_license(license, at),
            Err(e) => Judgement::rejected(e, at),
        };
        assert_eq!(judgement.exit_code().to_string(), exit, "{path}");
        assert_eq!(judgement.verdict().as_str(), verdict, "{path}");
        assert_eq!(json_text(&judgement.status(&validator).to_body()), body, "{path}");
        seen += 1;
    }
    assert_eq!(seen, 88, "every vector read");
}

/// Strict verification against OpenSSL's, on the same public vectors
/// (`openssl_verdicts.json`, recorded by `openssl_verdicts.py` with the
/// OpenSSL it names): this crate never accepts what OpenSSL refuses, and
/// every signature OpenSSL accepts that this crate refuses has a
/// small-order or non-canonically encoded part, which is why refusing it is
/// safe (no honest signer makes one: RFC 8032 keys and signatures are
/// canonical and of large order) and wanted (a small-order key or R lets
/// one signature verify for many messages or keys). The list is in
/// `tests/vectors/SOURCES.md`.
#[test]
fn strict_verification_is_never_looser_than_openssl_and_every_difference_is_a_degenerate_part() {
    let openssl = json("openssl_verdicts.json");
    let numbers = |name: &str| -> std::collections::BTreeSet<u64> {
        openssl[name].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect()
    };
    // CCTV: by the flags of each entry.
    let (cctv, openssl_cctv) = (json("cctv_ed25519vectors_VALIDATIONVECTORS.json"), numbers("cctv"));
    let mut refused_here_only = 0;
    for entry in cctv.as_array().unwrap() {
        let number = entry["number"].as_u64().unwrap();
        let ours = judge(
            &hex(entry["key"].as_str().unwrap()),
            entry["msg"].as_str().unwrap().as_bytes(),
            &hex(entry["sig"].as_str().unwrap()),
        ) == Outcome::Accepted;
        let theirs = openssl_cctv.contains(&number);
        assert!(!ours || theirs, "CCTV entry {number}: accepted here, refused by OpenSSL");
        if theirs && !ours {
            refused_here_only += 1;
            let flags: Vec<&str> = entry["flags"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
            assert!(
                flags.iter().any(|f| matches!(
                    *f,
                    "low_order_A" | "low_order_R" | "non_canonical_A" | "non_canonical_R" | "low_order_residue"
                )),
                "CCTV entry {number}: refused here, accepted by OpenSSL, with no degenerate part: {flags:?}"
            );
        }
    }
    assert_eq!(refused_here_only, 165, "the count SOURCES.md gives");
    // ed25519-speccheck: the cases by their documented defect.
    let speccheck = json("speccheck_cases.json");
    let mut differ = Vec::new();
    for (i, case) in speccheck.as_array().unwrap().iter().enumerate() {
        let ours = judge(
            &hex(case["pub_key"].as_str().unwrap()),
            &hex(case["message"].as_str().unwrap()),
            &hex(case["signature"].as_str().unwrap()),
        ) == Outcome::Accepted;
        let theirs = numbers("speccheck").contains(&u64::try_from(i).unwrap());
        assert!(!ours || theirs, "speccheck case {i}: accepted here, refused by OpenSSL");
        if theirs && !ours {
            differ.push(i);
        }
    }
    // 0, 1: small-order A; 2: small-order R; 11: a small-order A encoded
    // non-canonically.
    assert_eq!(differ, [0, 1, 2, 11]);
    // Wycheproof: OpenSSL and this crate accept exactly the same cases.
    let wycheproof = json("wycheproof_ed25519_test.json");
    let mut ours = std::collections::BTreeSet::new();
    for group in wycheproof["testGroups"].as_array().unwrap() {
        let key = hex(group["publicKey"]["pk"].as_str().unwrap());
        for test in group["tests"].as_array().unwrap() {
            let verdict = judge(&key, &hex(test["msg"].as_str().unwrap()), &hex(test["sig"].as_str().unwrap()));
            if verdict == Outcome::Accepted {
                ours.insert(test["tcId"].as_u64().unwrap());
            }
        }
    }
    assert_eq!(ours, numbers("wycheproof"));
}
