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

now_ns() { date +%s%N; }
file_ns=0
store_ns=0
activate_ns=0
for _ in $(seq "$runs"); do
  t0=$(now_ns); "$bin" status "$license" >/dev/null 2>&1; t1=$(now_ns)
  "$bin" status --store "$store" >/dev/null 2>&1; t2=$(now_ns)
  "$bin" activate --store "$store" "$license" >/dev/null 2>&1; t3=$(now_ns)
  file_ns=$((file_ns + t1 - t0))
  store_ns=$((store_ns + t2 - t1))
  activate_ns=$((activate_ns + t3 - t2))
done
awk -v f="$file_ns" -v s="$store_ns" -v a="$activate_ns" -v n="$runs" 'BEGIN {
  printf "runs:                          %d each, alternated\n", n
  printf "status FILE:                   %.3f ms per run\n", f / n / 1e6
  printf "status --store DIR:            %.3f ms per run\n", s / n / 1e6
  printf "ratio (goal <= 1.30):          %.2f\n", s / f
  printf "activate (durable, goal < 10): %.3f ms per run\n", a / n / 1e6
}'
