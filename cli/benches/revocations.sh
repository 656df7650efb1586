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
timer=$PWD/cli/benches/spawn_times.py
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

# Each process timed from spawn to exit (spawn_times.py, which stops on any
# run that does not exit 0), alternated. The import needs a fresh store each
# time, so it is timed with a store removed before each run, in a loop of its
# own; `verify --revocations` alternates with `verify` without a list.
times=$(python3 "$timer" "$runs" \
  -- plain "$bin" status --keys public --store plain-store \
  -- listed "$bin" status --keys public --store listed-store)
extra=$(python3 "$timer" 20 \
  -- verify "$bin" verify --keys public plain.lic \
  -- listed-verify "$bin" verify --keys public --revocations list.txt plain.lic \
  -- import sh -c 'rm -rf import-store && exec "$0" revocations --keys public --store import-store list.txt' "$bin" \
  -- remove-only sh -c 'rm -rf import-store && exec true')
printf '%s\n%s\n' "$times" "$extra" | awk -v n="$runs" -v size="$(wc -c < list.txt)" '{ t[$1] = $2 } END {
  printf "runs:                                        %d each, alternated\n", n
  printf "list:                                        10000 licenseIds, %d bytes\n", size
  printf "status --store, no list:                     %.3f ms per run\n", t["plain"] / 1e6
  printf "status --store, 10,000-entry list stored:    %.3f ms per run\n", t["listed"] / 1e6
  printf "ratio (goal <= 1.10):                        %.2f\n", t["listed"] / t["plain"]
  printf "revocations --store (import, durable):       %.3f ms per run (less the sh and rm -rf before it, timed alone)\n", (t["import"] - t["remove-only"]) / 1e6
  printf "verify, no list:                             %.3f ms per run\n", t["verify"] / 1e6
  printf "verify --revocations (10,000 entries):       %.3f ms per run\n", t["listed-verify"] / 1e6
}'
