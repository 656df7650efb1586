#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) each, seeded from
# licenses-sample/ and tests/bad_inputs/, and fails on the first crash.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on the stable toolchain
# (no sanitizer: -s none). Prints one line per target: runs and seconds.
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")"
root=..

seed() { # seed TARGET: fills corpus/TARGET from the samples
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  for lic in "$root"/licenses-sample/*.lic; do
    local name; name=$(basename "$lic" .lic)
    local envelope; envelope=$(sed '/-----/d' "$lic" | tr -d '\n' | base64 -d 2>/dev/null || true)
    local payload; payload=$(printf '%s' "$envelope" | grep -o '"payload":"[^"]*"' | cut -d'"' -f4 || true)
    case $target in
      text|verify) cp "$lic" "$dir/$name" ;;
      envelope) printf '%s' "$envelope" >"$dir/$name" ;;
      document) printf '%s' "$payload" | base64 -d >"$dir/$name" 2>/dev/null || true ;;
      status) { printf '\x00\x5e\x1e\x6a\x00\x00\x00\x00\x1e\x00'; printf '%s' "$payload" | base64 -d 2>/dev/null || true; } >"$dir/$name" ;;
    esac
  done
  if [ "$target" = notes ]; then
    # The sample list, the request and receipt of docs/FORMAT.md, and the
    # sample list's JSON with the key id the target signs under.
    cp "$root/licenses-sample/revocations.txt" "$dir/revocations"
    for kind in REQUEST RECEIPT; do
      sed -n "/^-----BEGIN AIRGAP LICENSE $kind-----/,/^-----END AIRGAP LICENSE $kind-----/p" \
        "$root/docs/FORMAT.md" >"$dir/$kind"
    done
    sed '/-----/d' "$root/licenses-sample/revocations.txt" | tr -d '\n' | base64 -d 2>/dev/null | head -c -64 |
      sed 's/"kid":"[^"]*"/"kid":"fuzz"/' >"$dir/signed-list" || true
  fi
  if [ "$target" = text ] || [ "$target" = verify ]; then
    for bad in "$root"/tests/bad_inputs/*.lic; do
      sed '1,/^$/d' "$bad" >"$dir/bad-$(basename "$bad" .lic)"
    done
  fi
}

targets=(${FUZZ_TARGETS:-text envelope document status verify notes})
status=0
for target in "${targets[@]}"; do
  seed "$target"
  log=$(mktemp)
  if cargo fuzz run -s none "$target" "corpus/$target" -- -max_total_time="$seconds" >"$log" 2>&1; then
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1)
    echo "$target: ${runs:-finished} (no crash)"
  else
    echo "$target: CRASH or failure; log follows" >&2
    tail -40 "$log" >&2
    status=1
  fi
  rm -f "$log"
done
exit $status
