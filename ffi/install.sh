#!/usr/bin/env bash
# Installs the C library as C libraries are installed:
#   PREFIX/include/airgap_license.h
#   PREFIX/lib/libairgap_license.so.MAJOR.MINOR.PATCH, its SONAME link
#     libairgap_license.so.MAJOR and the development link libairgap_license.so
#   PREFIX/lib/libairgap_license.a
#   PREFIX/lib/pkgconfig/airgap_license.pc
# so that `cc prog.c $(pkg-config --cflags --libs airgap_license)` builds a
# program (add --static for the static library's link flags).
#
#   ffi/install.sh PREFIX        (builds with cargo first; Linux and the BSDs)
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: ffi/install.sh PREFIX" >&2
  exit 2
fi
prefix=$1
case "$prefix" in
  /*) ;;
  *) prefix=$PWD/$prefix ;;
esac
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' ffi/Cargo.toml | head -1)
major=${version%%.*}
cargo build --quiet --release -p airgap-license-ffi
so=target/release/libairgap_license.so
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" != "libairgap_license.so.$major" ]; then
  echo "error: $so has SONAME '$soname', not libairgap_license.so.$major" >&2
  exit 1
fi
install -d "$prefix/include" "$prefix/lib/pkgconfig"
install -m 0644 ffi/include/airgap_license.h "$prefix/include/airgap_license.h"
install -m 0755 "$so" "$prefix/lib/libairgap_license.so.$version"
ln -sf "libairgap_license.so.$version" "$prefix/lib/libairgap_license.so.$major"
ln -sf "libairgap_license.so.$major" "$prefix/lib/libairgap_license.so"
install -m 0644 target/release/libairgap_license.a "$prefix/lib/libairgap_license.a"
cat > "$prefix/lib/pkgconfig/airgap_license.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: airgap_license
Description: Offline validation of Ed25519-signed software licenses (C ABI)
Version: $version
Libs: -L\${libdir} -lairgap_license
Libs.private: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
Cflags: -I\${includedir}
PC
echo "installed airgap_license $version into $prefix"
