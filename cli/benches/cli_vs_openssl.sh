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

# Each process is timed from its spawn to its exit by one Python loop
# (posix_spawn, waitpid, a monotonic clock), alternated run by run. Timing
# from the shell instead (`date +%s%N` around each run) adds two forks of
# `date` to every figure, about 3 ms on this machine, which is more than the
# CLI's whole run and pulls any ratio towards 1. `true` is timed the same way
# for scale: the cost of starting any process at all.
python3 - "$runs" "${ours[@]}" -- "${theirs[@]}" <<'PY'
import os, shutil, statistics, sys, time

runs = int(sys.argv[1])
split = sys.argv.index("--")
commands = {
    "airgap-license verify": sys.argv[2:split],
    "openssl pkeyutl -verify": sys.argv[split + 1:],
    "true (starting a process)": ["true"],
}
null = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]

def once(argv):
    path = shutil.which(argv[0]) or argv[0]
    start = time.perf_counter_ns()
    pid = os.posix_spawn(path, argv, os.environ, file_actions=null)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} exited with {os.waitstatus_to_exitcode(status)}")
    return elapsed

times = {name: [] for name in commands}
for _ in range(runs):
    for name, argv in commands.items():
        times[name].append(once(argv))
print(f"runs:                        {runs} each, alternated")
for name, values in times.items():
    print(f"{name + ':':<29}{statistics.mean(values) / 1e6:.3f} ms mean, {statistics.median(values) / 1e6:.3f} median")
ratio = statistics.mean(times["airgap-license verify"]) / statistics.mean(times["openssl pkeyutl -verify"])
print(f"ratio (goal <= 0.50):        {ratio:.2f}")
PY
