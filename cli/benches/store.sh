#!/usr/bin/env bash
# The store as whole processes, alternated run by run:
#   `status --store DIR` of the active license against `status FILE` of the
#   same license (goal: at most 1.3x), and `activate` (durable: the state file
#   written, synced, renamed, the folder synced; goal: under 10 ms).
# The store lives under target/, on the machine's disk, not in a tmpfs.
#
#   cli/benches/store.sh [RUNS]     (default 300)
set -euo pipefail
runs=${1:-300}
cd "$(dirname "$0")/../.."
cargo build --quiet --release -p airgap-license-cli --bin airgap-license
bin=target/release/airgap-license
license=licenses-sample/enterprise.lic
store=$(mktemp -d -p target store-bench.XXXXXX)
trap 'rm -rf "$store"' EXIT
"$bin" activate --store "$store" "$license" >/dev/null 2>&1

# Each process timed from spawn to exit (spawn_times.py), alternated.
python3 cli/benches/spawn_times.py "$runs" \
  -- file "$bin" status "$license" \
  -- store "$bin" status --store "$store" \
  -- activate "$bin" activate --store "$store" "$license" |
  awk -v n="$runs" '{ t[$1] = $2 } END {
    printf "runs:                          %d each, alternated\n", n
    printf "status FILE:                   %.3f ms per run\n", t["file"] / 1e6
    printf "status --store DIR:            %.3f ms per run\n", t["store"] / 1e6
    printf "ratio (goal <= 1.30):          %.2f\n", t["store"] / t["file"]
    printf "activate (durable, goal < 10): %.3f ms per run\n", t["activate"] / 1e6
  }'
