#!/usr/bin/env bash
# Builds the Python package as a wheel that installs without Rust: abi3 (one
# wheel for every CPython 3 from 3.9), tagged manylinux_2_17 (glibc 2.17 or
# later), linked with zig so that the build machine's glibc does not raise
# the floor. Needs Rust, and maturin and ziglang from PyPI:
#
#   python3 -m pip install maturin ziglang
#   python/build-wheel.sh OUTDIR
#
# The keys compiled in are those of keys/ (the public sample key), or of
# AIRGAP_LICENSE_KEYS_DIR when set: a product that ships this wheel names
# its own at run time (Validator.from_pem, Validator.from_keys_dir).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: python/build-wheel.sh OUTDIR" >&2
  exit 2
fi
out=$1
cd "$(dirname "$0")/.."
maturin build --release --zig --compatibility manylinux2014 -m python/Cargo.toml -o "$out"
