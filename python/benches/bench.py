"""Validator.verify + License.status against a bare Ed25519 verification of
the same message with the cryptography package (OpenSSL), in one process,
alternated in rounds. Prints both and the ratio (goal <= 0.6).

    python3 python/benches/bench.py        (after pip install ./python; needs cryptography)
"""

import base64
import datetime
import json
import pathlib
import time

from cryptography.hazmat.primitives.serialization import load_pem_public_key

import airgap_license

ROOT = pathlib.Path(__file__).resolve().parents[2]
text = (ROOT / "licenses-sample" / "enterprise.lic").read_text()
body = "".join(line for line in text.splitlines() if not line.startswith("-----"))
envelope = json.loads(base64.b64decode(body))
message = b"airgap-license:v1:" + envelope["kid"].encode() + b":" + base64.b64decode(envelope["payload"])
signature = base64.b64decode(envelope["signature"])
key = load_pem_public_key((ROOT / "keys" / "sample-2026.pem").read_bytes())
key.verify(signature, message)

validator = airgap_license.Validator()
at = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
validator.verify(text).status(at)

N = 2000
ours = theirs = 0.0
for _ in range(5):
    start = time.perf_counter()
    for _ in range(N):
        validator.verify(text).status(at)
    ours += time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(N):
        key.verify(signature, message)
    theirs += time.perf_counter() - start
print(f"airgap_license verify + status: {ours / (5 * N) * 1e6:.1f} us")
print(f"cryptography Ed25519 verify:    {theirs / (5 * N) * 1e6:.1f} us")
print(f"ratio (goal <= 0.6):            {ours / theirs:.2f}")

# The installed package's import, as a fresh process sees it: the median of
# `import airgap_license` over `pass`, alternated (goal: under 100 ms).
import subprocess  # noqa: E402
import sys  # noqa: E402

with_import, bare = [], []
for _ in range(15):
    for command, times in (("import airgap_license", with_import), ("pass", bare)):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", command], check=True)
        times.append(time.perf_counter() - start)
cost = (sorted(with_import)[7] - sorted(bare)[7]) * 1000
print(f"import airgap_license, fresh process: {cost:.1f} ms over the interpreter's start (goal < 100)")
