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

now_ns() { date +%s%N; }
plain_ns=0
bound_ns=0
request_ns=0
activate_ns=0
for _ in $(seq "$runs"); do
  t0=$(now_ns); "$bin" status --keys public --store plain-store >/dev/null 2>&1; t1=$(now_ns)
  "$bin" status --keys public --store bound-store >/dev/null 2>&1; t2=$(now_ns)
  "$bin" request --keys public --store bound-store template.lic >/dev/null 2>&1; t3=$(now_ns)
  "$bin" activate --keys public --store bound-store bound.lic >/dev/null 2>&1; t4=$(now_ns)
  plain_ns=$((plain_ns + t1 - t0))
  bound_ns=$((bound_ns + t2 - t1))
  request_ns=$((request_ns + t3 - t2))
  activate_ns=$((activate_ns + t4 - t3))
done
# Every run must have judged what it timed.
"$bin" status --keys public --store bound-store >/dev/null
awk -v p="$plain_ns" -v b="$bound_ns" -v r="$request_ns" -v a="$activate_ns" -v n="$runs" 'BEGIN {
  printf "runs:                                  %d each, alternated\n", n
  printf "status --store, unbound license:       %.3f ms per run\n", p / n / 1e6
  printf "status --store, bound license:         %.3f ms per run\n", b / n / 1e6
  printf "ratio (goal <= 1.30):                  %.2f\n", b / p
  printf "request (durable, goal < 20):          %.3f ms per run\n", r / n / 1e6
  printf "activate bound (durable, goal < 20):   %.3f ms per run\n", a / n / 1e6
}'
