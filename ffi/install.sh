#!/usr/bin/env bash
# Installs the C library as C libraries are installed:
#   PREFIX/include/airgap_license.h
#   PREFIX/lib/libairgap_license.so.MAJOR.MINOR.PATCH, its SONAME link
#     libairgap_license.so.MAJOR and the development link libairgap_license.so
#   PREFIX/lib/libairgap_license.a
#   PREFIX/lib/pkgconfig/airgap_license.pc         (the shared library)
#   PREFIX/lib/pkgconfig/airgap_license_static.pc  (the archive: no .so needed at run time)
# so that `cc prog.c $(pkg-config --cflags --libs airgap_license)` builds a
# program against the shared library, and `... airgap_license_static` one
# that runs where the shared library is absent.
#
#   ffi/install.sh [--sample-key] PREFIX   (builds with cargo first; Linux and the BSDs)
#
# It prints the keys the library trusts (AIRGAP_LICENSE_KEYS_DIR at build
# time, else keys/) and refuses to install one that trusts the public sample
# key, whose private half anyone has, unless --sample-key says that is meant
# (trying it out). Files are installed 0644 (the shared library 0755) and
# folders made 0755, whatever the umask.
set -euo pipefail
sample_key=no
if [ "${1:-}" = "--sample-key" ]; then
  sample_key=yes
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: ffi/install.sh [--sample-key] PREFIX" >&2
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
# The keys compiled in, asked of the library itself.
"${CC:-cc}" -std=c11 -Iffi/include ffi/print-keys.c target/release/libairgap_license.a -lpthread -ldl -lm \
  -o target/airgap-license-print-keys
set +e
keys=$(target/airgap-license-print-keys)
trusted=$?
set -e
if [ "$trusted" != 0 ] && [ "$trusted" != 3 ]; then
  echo "error: the library's compiled-in keys could not be read" >&2
  exit 1
fi
echo "compiled-in keys: $keys"
if [ "$trusted" = 3 ] && [ "$sample_key" = no ]; then
  echo "error: this library trusts the public SAMPLE key (anyone can sign licenses it accepts): build it with" >&2
  echo "  AIRGAP_LICENSE_KEYS_DIR=/path/to/your/public/keys ffi/install.sh PREFIX" >&2
  echo "or pass --sample-key to install it for trying out only; nothing was installed" >&2
  exit 1
fi
install -d -m 0755 "$prefix" "$prefix/include" "$prefix/lib" "$prefix/lib/pkgconfig"
install -m 0644 ffi/include/airgap_license.h "$prefix/include/airgap_license.h"
install -m 0755 "$so" "$prefix/lib/libairgap_license.so.$version"
ln -sf "libairgap_license.so.$version" "$prefix/lib/libairgap_license.so.$major"
ln -sf "libairgap_license.so.$major" "$prefix/lib/libairgap_license.so"
install -m 0644 target/release/libairgap_license.a "$prefix/lib/libairgap_license.a"
# The .pc files are written beside the build, then installed 0644: a
# redirection into the prefix would take the umask (0666 under umask 000,
# and another user could inject link flags into every build).
pc=$(mktemp -d)
trap 'rm -rf "$pc"' EXIT
system_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
cat > "$pc/airgap_license.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: airgap_license
Description: Offline validation of Ed25519-signed software licenses (C ABI)
Version: $version
Libs: -L\${libdir} -lairgap_license
Libs.private: $system_libs
Cflags: -I\${includedir}
PC
cat > "$pc/airgap_license_static.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: airgap_license_static
Description: Offline validation of Ed25519-signed software licenses (C ABI, the static archive)
Version: $version
Libs: \${libdir}/libairgap_license.a $system_libs
Cflags: -I\${includedir}
PC
install -m 0644 "$pc/airgap_license.pc" "$pc/airgap_license_static.pc" "$prefix/lib/pkgconfig/"
echo "installed airgap_license $version into $prefix"
