#!/usr/bin/env bash
# The C call against the Rust library path, side by side in one process.
#   ffi/benches/c_vs_rust.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --release -p airgap-license-ffi --features bench
cc -O2 -std=c11 -Iffi/include ffi/benches/bench.c target/release/libairgap_license.a -lpthread -ldl -lm -o target/ffi-bench
target/ffi-bench
# Leave the library as CI builds it (without the bench entry point).
cargo build --quiet --release -p airgap-license-ffi
