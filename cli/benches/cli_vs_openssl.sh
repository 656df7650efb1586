#!/usr/bin/env bash
# One license, as a whole process: `airgap-license verify` against
# `openssl pkeyutl -verify` on the same Ed25519 signature over the same
# message, alternated run by run. Prints the mean wall time of each and the
# ratio of the means; the goal is at most 0.5 (half of OpenSSL's time).
#
#   cli/benches/cli_vs_openssl.sh [RUNS]     (default 300; needs openssl)
set -euo pipefail
runs=${1:-300}
cd "$(dirname "$0")/../.."
cargo build --quiet --release -p airgap-license-cli --bin airgap-license
bin=target/release/airgap-license
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A key, a document and a license made with OpenSSL alone (the FORMAT.md
# recipe), so both sides check exactly the same bytes.
mkdir -p "$work/keys"
openssl genpkey -algorithm ed25519 -out "$work/bench.key"
openssl pkey -in "$work/bench.key" -pubout -out "$work/keys/bench.pem"
printf '{"licenseId":"00000000-0000-4000-8000-000000000001","issuedTo":"Bench","issued":"2026-01-01","expiration":"2036-12-31","licenseAttributes":{"LicensedPlan":"Enterprise","LicenseType":"Production"}}' >"$work/document.json"
{ printf 'airgap-license:v1:bench:'; cat "$work/document.json"; } >"$work/message.bin"
openssl pkeyutl -sign -rawin -inkey "$work/bench.key" -in "$work/message.bin" -out "$work/signature.bin"
printf '{"alg":"Ed25519","kid":"bench","payload":"%s","signature":"%s"}' \
  "$(base64 <"$work/document.json" | tr -d '\n')" "$(base64 <"$work/signature.bin" | tr -d '\n')" |
  base64 | tr -d '\n' >"$work/license.lic"

ours=("$bin" verify --at 2026-06-01 --keys "$work/keys" "$work/license.lic")
theirs=(openssl pkeyutl -verify -pubin -inkey "$work/keys/bench.pem" -rawin -in "$work/message.bin" -sigfile "$work/signature.bin")
"${ours[@]}" >/dev/null
"${theirs[@]}" >/dev/null

# Each process timed from spawn to exit (spawn_times.py), alternated; `true`
# for scale: the cost of starting any process at all.
python3 cli/benches/spawn_times.py "$runs" -- ours "${ours[@]}" -- theirs "${theirs[@]}" -- true true |
  awk -v n="$runs" '{ mean[$1] = $2; median[$1] = $3 } END {
    printf "runs:                        %d each, alternated\n", n
    printf "airgap-license verify:       %.3f ms mean, %.3f median\n", mean["ours"] / 1e6, median["ours"] / 1e6
    printf "openssl pkeyutl -verify:     %.3f ms mean, %.3f median\n", mean["theirs"] / 1e6, median["theirs"] / 1e6
    printf "true (starting a process):   %.3f ms mean, %.3f median\n", mean["true"] / 1e6, median["true"] / 1e6
    printf "ratio (goal <= 0.50):        %.2f\n", mean["ours"] / mean["theirs"]
  }'
