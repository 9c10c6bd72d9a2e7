#!/usr/bin/env bash
# Runs a command on Skyteller's Node (see node_bin_dir in lib.sh):
#
#   bash scripts/with-node.sh node --import tsx server/main.ts
#   bash scripts/with-node.sh vitest run test/e2e/call.e2e.test.ts
#
# That Node goes first on PATH, so `node`, every tool that starts with
# `#!/usr/bin/env node` (vitest, tsc, eslint, ...) and every process they start
# by the name `node` run on it: the native modules are built for it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"
NODE_DIR="$(node_bin_dir "$ROOT")"
export PATH="$NODE_DIR:$ROOT/node_modules/.bin:$PATH"
exec "$@"
