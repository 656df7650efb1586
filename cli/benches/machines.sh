#!/usr/bin/env bash
# Licenses bound to machines, as whole processes alternated run by run:
#   `status --store` of a bound license (its machine's components collected
#   and matched each time) against `status --store` of an unbound license of
#   the same vendor (goal: at most 1.3x); `request` of a template and
#   `activate` of the bound license, each durable (goal: under 20 ms each).
# The machine is identified by its hardware, as in production (no
# AIRGAP_LICENSE_MACHINE_ID); the stores live under target/, on disk.
#
#   cli/benches/machines.sh [RUNS]     (default 300)
set -euo pipefail
runs=${1:-300}
cd "$(dirname "$0")/../.."
cargo build --quiet --release -p airgap-license-cli --features issuer --bins
unset AIRGAP_LICENSE_MACHINE_ID
bin=$PWD/target/release/airgap-license
timer=$PWD/cli/benches/spawn_times.py
issuer=$PWD/target/release/airgap-license-issuer
work=$(mktemp -d -p target machines-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$issuer" keygen --kid bench --out keys >/dev/null
mkdir public && cp keys/bench.pem public/
"$issuer" new --issued-to Bench --plan Enterprise --until 2099-12-31 > plain.json
"$issuer" new --issued-to Bench --plan Enterprise --until 2099-12-31 --machines 5 > template.json
"$issuer" sign --key keys/bench.key plain.json > plain.lic
"$issuer" sign --key keys/bench.key --ledger ledger.jsonl template.json > template.lic
"$bin" request --keys public --store bound-store template.lic > request.txt
"$issuer" bind --key keys/bench.key --ledger ledger.jsonl request.txt > bound.lic 2>/dev/null
"$bin" activate --keys public --store bound-store bound.lic >/dev/null
"$bin" activate --keys public --store plain-store plain.lic >/dev/null

# Each process timed from spawn to exit (spawn_times.py, which stops on any
# run that does not exit 0), alternated.
python3 "$timer" "$runs" \
  -- plain "$bin" status --keys public --store plain-store \
  -- bound "$bin" status --keys public --store bound-store \
  -- request "$bin" request --keys public --store bound-store template.lic \
  -- activate "$bin" activate --keys public --store bound-store bound.lic |
  awk -v n="$runs" '{ t[$1] = $2 } END {
    printf "runs:                                  %d each, alternated\n", n
    printf "status --store, unbound license:       %.3f ms per run\n", t["plain"] / 1e6
    printf "status --store, bound license:         %.3f ms per run\n", t["bound"] / 1e6
    printf "ratio (goal <= 1.30):                  %.2f\n", t["bound"] / t["plain"]
    printf "request (durable, goal < 20):          %.3f ms per run\n", t["request"] / 1e6
    printf "activate bound (durable, goal < 20):   %.3f ms per run\n", t["activate"] / 1e6
  }'
