#!/usr/bin/env bash
# Builds mediasoup-worker from the npm tarball against Debian's libraries, so that
# nothing is downloaded from GitHub (mediasoup's own postinstall would).
#
#   scripts/mediasoup/build-worker.sh VERSION
#
# Prints the path of the built binary on its last line. The binary is cached by
# version in $SKYTELLER_CACHE_DIR (default ~/.cache/skyteller): a second call
# for the same version returns at once.
set -euo pipefail

VERSION="${1:?usage: build-worker.sh VERSION}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"
CACHE="$(cache_dir)"
OUT="$CACHE/mediasoup-worker-$VERSION"
JOBS="${JOBS:-$(( $(nproc) + 1 ))}"

if [ -x "$OUT" ]; then
  echo "$OUT"
  exit 0
fi

apt_ensure meson ninja-build pkg-config g++ libssl-dev libuv1-dev libsrtp2-dev \
  libusrsctp-dev libabsl-dev flatbuffers-compiler libflatbuffers-dev

BUILD="$CACHE/build/mediasoup-$VERSION"
rm -rf "$BUILD"
mkdir -p "$BUILD/src"
( cd "$BUILD" && npm pack --silent "mediasoup@$VERSION" >/dev/null )
tar -xzf "$BUILD/mediasoup-$VERSION.tgz" -C "$BUILD/src" --strip-components=1
W="$BUILD/src/worker"

# The tarball's meson wraps only download. Each shim subproject resolves to a
# Debian -dev package through pkg-config instead.
rm -f "$W"/subprojects/*.wrap
SHIMS="$HERE/system-subprojects"
for d in openssl libuv usrsctp abseil-cpp flatbuffers catch2 liburing; do
  cp -a "$SHIMS/$d" "$W/subprojects/$d"
done
cp -a "$SHIMS/libsrtp" "$W/subprojects/libsrtp3"
cp -a "$SHIMS/unordered_dense-shim" "$SHIMS/unordered-dense.wrap" "$W/subprojects/"

# Debian bookworm ships meson 1.0.1; the worker asks for a newer one it does not need.
sed -i -E "s/meson_version: '>= 1\.[0-9]+\.[0-9]+'/meson_version: '>= 1.0.0'/" "$W/meson.build"

# Kernel-TLS fix. The DTLS BIO callback answered 1 to every BIO_ctrl() query;
# Debian's libssl3 (built with kernel TLS) then asks BIO_get_ktls_send(),
# believes the 1, skips its write buffer and the worker segfaults on the first
# DTLS handshake of any browser. Passing the BIO's own result through for every
# *_RETURN phase fixes it. test/e2e/call.e2e.test.ts fails without it.
DTLS="$W/src/RTC/DtlsTransport.cpp"
if ! grep -q '(operationType == BIO_CB_RETURN)' "$DTLS"; then
  echo "build-worker: DtlsTransport.cpp has no BIO callback to fix in $VERSION; review the kernel-TLS fix" >&2
  exit 1
fi
sed -i 's/(operationType == BIO_CB_RETURN)/(operationType \& BIO_CB_RETURN)/' "$DTLS"

MESON_OPTS=(--buildtype=release -Db_ndebug=true)
if grep -q ms_disable_liburing "$W/meson_options.txt"; then
  MESON_OPTS+=(-Dms_disable_liburing=true)
fi
cd "$W"
if ! meson setup build "${MESON_OPTS[@]}" > "$BUILD/meson-setup.log" 2>&1; then
  cat "$BUILD/meson-setup.log" >&2
  exit 1
fi
meson compile -C build flatbuffers-generator > /dev/null
ninja -C build -j "$JOBS" mediasoup-worker >&2
mkdir -p "$CACHE"
install -m 755 build/mediasoup-worker "$OUT.tmp"
strip "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
rm -rf "$BUILD"
echo "$OUT"
