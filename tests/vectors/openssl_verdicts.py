"""Records which public Ed25519 vectors OpenSSL accepts, for
tests/ed25519_vectors.rs to compare with this crate's strict check.

Run from the repository root with Python's `cryptography` (OpenSSL-backed):

    python3 tests/vectors/openssl_verdicts.py > tests/vectors/openssl_verdicts.json

The output names the OpenSSL version that judged, and for each suite the
case numbers OpenSSL accepts. Nothing else is read or written.
"""
import json
import ssl

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def accepts(key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def main() -> None:
    cctv = json.load(open("tests/vectors/cctv_ed25519vectors_VALIDATIONVECTORS.json"))
    speccheck = json.load(open("tests/vectors/speccheck_cases.json"))
    wycheproof = json.load(open("tests/vectors/wycheproof_ed25519_test.json"))
    result = {
        "openssl": ssl.OPENSSL_VERSION,
        "cctv": [
            e["number"]
            for e in cctv
            if accepts(bytes.fromhex(e["key"]), e["msg"].encode(), bytes.fromhex(e["sig"]))
        ],
        "speccheck": [
            i
            for i, case in enumerate(speccheck)
            if accepts(bytes.fromhex(case["pub_key"]), bytes.fromhex(case["message"]), bytes.fromhex(case["signature"]))
        ],
        "wycheproof": [
            test["tcId"]
            for group in wycheproof["testGroups"]
            for test in group["tests"]
            if accepts(bytes.fromhex(group["publicKey"]["pk"]), bytes.fromhex(test["msg"]), bytes.fromhex(test["sig"]))
        ],
    }
    print(json.dumps(result, indent=1))


main()
