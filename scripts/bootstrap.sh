#!/usr/bin/env bash
# Installs whatever is missing for Skyteller to run (and, with --test, to be
# tested): the Node in .node-version, Debian packages, the mediasoup worker
# (built from the npm tarball), npm dependencies, the client build. Every step
# is skipped when already done, so `npm start` and `npm test` call it every time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STAMP_DIR="node_modules/.skyteller"

log() { printf 'bootstrap: %s\n' "$*" >&2; }
# shellcheck source=lib.sh
source scripts/lib.sh

# Skyteller runs on the Node in .node-version: the machine's own when it is
# recent enough, else that version from the npm registry, cached outside the
# clone (lib.sh). Every step below runs on it, npm's included, so the native
# modules are built for it, against the headers that come with it: node-gyp
# downloads nothing. The package scripts run on it through scripts/with-node.sh.
NODE_DIR="$(node_bin_dir "$ROOT")"
export PATH="$NODE_DIR:$PATH"
if [ -f "$NODE_DIR/../include/node/common.gypi" ]; then
  npm_config_nodedir="$(cd "$NODE_DIR/.." && pwd)"
  export npm_config_nodedir
fi
MEDIASOUP_VERSION="$(node -p 'require("./package.json").dependencies.mediasoup')"

# Debian packages needed at run time (openssl for certificates; ffmpeg records;
# the CJK font for the signed records)
# and, for tests, the browser, the PDF checkers, PostgreSQL and Redis (tests start
# their own servers from the binaries: scripts/postgres/postgres-server.ts,
# scripts/redis/redis-server.ts); haproxy fronts `npm run cluster`'s nodes
# (scripts/cluster/), which tests start too.
APT_RUN=(openssl ffmpeg fonts-droid-fallback)
APT_TEST=(chromium firefox-esr fonts-liberation qpdf poppler-utils stress postgresql redis-server haproxy)
if [ "${1:-}" = "--test" ]; then
  apt_ensure "${APT_RUN[@]}" "${APT_TEST[@]}"
else
  apt_ensure "${APT_RUN[@]}"
fi

WORKER_BIN="$(bash scripts/mediasoup/build-worker.sh "$MEDIASOUP_VERSION" | tail -n 1)"

lock_hash="$(sha256sum package-lock.json | cut -c1-64)"
# A git worktree may borrow another checkout's install through a symlinked
# node_modules; reinstalling from this checkout's lock would pull it from under
# the other checkout, so a borrowed install is left as it is.
if [ -L node_modules ]; then
  log "node_modules is borrowed (a symlink): not reinstalling it"
elif [ "$(cat "$STAMP_DIR/lock" 2>/dev/null)" != "$lock_hash" ]; then
  log "installing npm dependencies"
  # .npmrc sets ignore-scripts: no package's install step runs, so mediasoup
  # cannot download its worker and better-sqlite3 cannot try to download a binary.
  quietly npm ci --ignore-scripts --no-audit --no-fund
  mkdir -p "$STAMP_DIR"
  echo "$lock_hash" > "$STAMP_DIR/lock"
fi

# The native modules, compiled here from their npm sources (node-gyp against
# Node's headers). argon2's own prebuilt binary crashed here on Node 20; it is
# compiled too (--build-from-source: node-gyp-build would keep a prebuilt that
# loads). The stamp names the Node ABI they were built for: another Node
# rebuilds them.
native_stamp="node-abi-$(node -p process.versions.modules)"
if [ "$(cat "$STAMP_DIR/native" 2>/dev/null)" != "$native_stamp" ] \
  || [ ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ] \
  || [ ! -d node_modules/argon2/build/Release ]; then
  log "building better-sqlite3 and argon2 for Node $(node --version)"
  quietly npm run build-release --prefix node_modules/better-sqlite3 --ignore-scripts=false
  quietly npm rebuild argon2 esbuild --ignore-scripts=false --build-from-source
  echo "$native_stamp" > "$STAMP_DIR/native"
fi

# Put the worker where mediasoup looks for it, so no variable is needed at run time.
DEST="node_modules/mediasoup/worker/out/Release/mediasoup-worker"
if ! cmp -s "$WORKER_BIN" "$DEST"; then
  install -D -m 755 "$WORKER_BIN" "$DEST"
fi

# Rebuild the browser apps when their sources changed.
client_hash="$( (find client shared -type f -not -path "*/node_modules/*" -print0 | sort -z | xargs -0 sha256sum; sha256sum package-lock.json) | sha256sum | cut -c1-64)"
if [ "$(cat "$STAMP_DIR/client" 2>/dev/null)" != "$client_hash" ] || [ ! -f dist/client/index.html ]; then
  log "building the browser apps"
  quietly npx vite build --config client/vite.config.ts
  echo "$client_hash" > "$STAMP_DIR/client"
fi
