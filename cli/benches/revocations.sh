#!/usr/bin/env bash
# Revocation lists, as whole processes alternated run by run:
#   `status --store` of a store that keeps a 10,000-entry revocation list
#   against `status --store` of a store that keeps none, the same license
#   active in both (goal: at most 1.10x); and, for the record, the import
#   of that list and `verify --revocations` of one license with it.
#
#   cli/benches/revocations.sh [RUNS]     (default 300)
set -euo pipefail
runs=${1:-300}
cd "$(dirname "$0")/../.."
cargo build --quiet --release -p airgap-license-cli --features issuer --bins
bin=$PWD/target/release/airgap-license
issuer=$PWD/target/release/airgap-license-issuer
work=$(mktemp -d -p target revocations-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$issuer" keygen --kid bench --out keys >/dev/null
mkdir public && cp keys/bench.pem public/
"$issuer" new --issued-to Bench --plan Enterprise --until 2099-12-31 > plain.json
"$issuer" sign --key keys/bench.key plain.json > plain.lic
python3 -c 'import uuid; print("\n".join(str(uuid.uuid4()) for _ in range(10000)))' > ids.txt
mapfile -t ids < ids.txt
"$issuer" revoke --key keys/bench.key --ledger ledger.jsonl --out list.txt "${ids[@]}" 2>/dev/null
test "$(grep -o '"sequence":1' ledger.jsonl | wc -l)" = 1
"$bin" activate --keys public --store plain-store plain.lic >/dev/null
"$bin" activate --keys public --store listed-store plain.lic >/dev/null
"$bin" revocations --keys public --store listed-store list.txt >/dev/null

now_ns() { date +%s%N; }
plain_ns=0
listed_ns=0
for _ in $(seq "$runs"); do
  t0=$(now_ns); "$bin" status --keys public --store plain-store >/dev/null 2>&1; t1=$(now_ns)
  "$bin" status --keys public --store listed-store >/dev/null 2>&1; t2=$(now_ns)
  plain_ns=$((plain_ns + t1 - t0))
  listed_ns=$((listed_ns + t2 - t1))
done
import_ns=0
verify_ns=0
for i in $(seq 20); do
  rm -rf import-store
  t0=$(now_ns); "$bin" revocations --keys public --store import-store list.txt >/dev/null; t1=$(now_ns)
  "$bin" verify --keys public --revocations list.txt plain.lic >/dev/null; t2=$(now_ns)
  import_ns=$((import_ns + t1 - t0))
  verify_ns=$((verify_ns + t2 - t1))
done
# Every run must have judged what it timed: in effect in both stores.
"$bin" status --keys public --store listed-store >/dev/null
"$bin" status --keys public --store plain-store >/dev/null
awk -v p="$plain_ns" -v l="$listed_ns" -v i="$import_ns" -v v="$verify_ns" -v n="$runs" -v size="$(wc -c < list.txt)" 'BEGIN {
  printf "runs:                                        %d each, alternated\n", n
  printf "list:                                        10000 licenseIds, %d bytes\n", size
  printf "status --store, no list:                     %.3f ms per run\n", p / n / 1e6
  printf "status --store, 10,000-entry list stored:    %.3f ms per run\n", l / n / 1e6
  printf "ratio (goal <= 1.10):                        %.2f\n", l / p
  printf "revocations --store (import, durable):       %.3f ms per run\n", i / 20 / 1e6
  printf "verify --revocations (10,000 entries):       %.3f ms per run\n", v / 20 / 1e6
}'
