#!/usr/bin/env bash
# Installs one n8n version into a cache directory outside the clone, for the
# local demo (npm run dev) and the end-to-end tests (npm run test:e2e):
#   bash scripts/n8n/install.sh [version]     (default: $N8N_VERSION, else 2.41.1)
#   -> $cache/n8n-<version>/node_modules/.bin/n8n
# Idempotent: does nothing when a previous run completed (marker file
# .install-complete, written last). Prints the install directory on stdout.
#
# Why it looks like this (see /work/shared/toolchain-notes.md):
# - Each line runs on its own Node: n8n 2.x on 24, n8n 1.x on 22
#   (scripts/node.sh installs that Node into the cache when it is missing;
#   N8N_NODE_MAJOR overrides the choice).
# - `npm install --ignore-scripts`: @confluentinc/kafka-javascript's install
#   script downloads from the internet and fails without network.
# - n8n 1.x's nodes take `xlsx` from a CDN that is unreachable: the install
#   directory's own package.json overrides it with the same library from the
#   registry (@e965/xlsx).
# - then only sqlite3 is rebuilt, against the headers of the Node that runs
#   n8n (its prebuilt download is unreachable, so it compiles). For 1.x it is
#   built for N-API 6 rather than the newest that Node offers, so the same
#   binary also loads on Node 20 (a Node 22 build with N-API 10 crashes Node
#   20), where the tests prove what the Channel Trigger says there.
#   isolated-vm ships prebuilds for Node 22 and 24 (n8n 1.x on Node 20 runs
#   with N8N_EXPRESSION_ENGINE=legacy and does not load it).
set -euo pipefail
version="${1:-${N8N_VERSION:-2.41.1}}"
cache="${PUSHER_NODES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-pusher-channels}"
dir="$cache/n8n-$version"
marker="$dir/.install-complete"

say() { printf '[n8n-install] %s\n' "$*" >&2; }

if [ -f "$marker" ]; then
  say "n8n $version already installed in $dir"
  echo "$dir"
  exit 0
fi

# The same rule as scripts/n8n/line.cjs.
case "$version" in
  1.*) major="${N8N_NODE_MAJOR:-22}" also=20 ;;
  *) major="${N8N_NODE_MAJOR:-24}" also= ;;
esac
# shellcheck source=../node.sh
source "$(dirname "$0")/../node.sh"
use_node "$major"
say "n8n $version on node $(node --version), headers from $npm_config_nodedir"

started=$(date +%s)
mkdir -p "$dir"
cd "$dir"
case "$version" in
  1.*)
    printf '{ "name": "n8n-runtime", "private": true, "overrides": { "xlsx": "npm:@e965/xlsx@0.20.2" } }\n' > package.json
    export npm_config_napi_build_version=6
    ;;
  *) printf '{ "name": "n8n-runtime", "private": true }\n' > package.json ;;
esac

t=$(date +%s)
say "npm install --ignore-scripts n8n@$version (2-5 min, 2-3 GB)"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$version" >&2
say "npm install took $(( $(date +%s) - t )) s"

t=$(date +%s)
say "npm rebuild sqlite3 (compiles against Node $major's headers, 1-3 min)"
npm rebuild sqlite3 --loglevel=error >&2
say "sqlite3 rebuild took $(( $(date +%s) - t )) s"

# Check that what n8n needs at start-up actually loads under this Node.
node -e 'require("sqlite3"); require("isolated-vm"); require("bcryptjs")' >&2
if [ -n "$also" ]; then
  "$(node_home "$also")/bin/node" -e 'new (require("sqlite3").Database)(":memory:").close()' >&2
fi
test -x node_modules/.bin/n8n

date -u +%FT%TZ > "$marker"
say "n8n $version installed in $dir in $(( $(date +%s) - started )) s"
echo "$dir"
