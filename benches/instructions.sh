#!/usr/bin/env bash
# Instructions per call, counted by callgrind (repeatable on a noisy
# machine): the library path (Validator::verify + License::status of the
# enterprise sample) against the bare strict check of the same message.
# Runs each workload with 100 and 200 calls and takes the difference over
# 100, so start-up cancels. Prints both and their ratio (goal <= 1.08).
#
#   benches/instructions.sh          (needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p airgap-license --example profile-verify
bin=target/release/examples/profile-verify
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count() { # count MODE CALLS: total instructions of one run
  valgrind --tool=callgrind --callgrind-out-file="$work/out" "$bin" "$1" "$2" >/dev/null 2>"$work/log"
  grep -o 'Collected : [0-9]*' "$work/log" | grep -o '[0-9]*$'
}
full=$(( ($(count full 200) - $(count full 100)) / 100 ))
bare=$(( ($(count bare 200) - $(count bare 100)) / 100 ))
awk -v f="$full" -v b="$bare" 'BEGIN {
  printf "bare verify_strict:           %d instructions per call\n", b
  printf "library, text to status map:  %d instructions per call\n", f
  printf "ratio (goal <= 1.08):         %.3f\n", f / b
}'
