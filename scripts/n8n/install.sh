#!/usr/bin/env bash
# Installs n8n (default 2.41.1) into a cache directory outside the clone, for
# the local demo (npm run dev) and the end-to-end tests (npm run test:e2e):
#   $cache/n8n-<version>/node_modules/.bin/n8n
# Idempotent: does nothing when a previous run completed (marker file
# .install-complete, written last). Prints the install directory on stdout.
#
# Why it looks like this (see /work/shared/toolchain-notes.md):
# - n8n 2.x needs Node 24; setup.sh installs it, and this script does too when
#   it is run on its own.
# - `npm install --ignore-scripts`: @confluentinc/kafka-javascript's install
#   script downloads from the internet and fails without network.
# - then only sqlite3 is rebuilt, against Node 24's headers (its prebuilt
#   download is unreachable, so it compiles). isolated-vm ships a Node 24
#   prebuild.
set -euo pipefail
version="${N8N_VERSION:-2.41.1}"
cache="${PUSHER_NODES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-pusher-channels}"
dir="$cache/n8n-$version"
marker="$dir/.install-complete"

say() { printf '[n8n-install] %s\n' "$*" >&2; }

if [ -f "$marker" ]; then
  say "n8n $version already installed in $dir"
  echo "$dir"
  exit 0
fi

# shellcheck source=../node24.sh
source "$(dirname "$0")/../node24.sh"
say "node $(node --version), headers from $npm_config_nodedir"

started=$(date +%s)
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || printf '{ "name": "n8n-runtime", "private": true }\n' > package.json

t=$(date +%s)
say "npm install --ignore-scripts n8n@$version (about 5 min, 2.9 GB)"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$version" >&2
say "npm install took $(( $(date +%s) - t )) s"

t=$(date +%s)
say "npm rebuild sqlite3 (compiles against Node 24 headers, a few minutes)"
npm rebuild sqlite3 --loglevel=error >&2
say "sqlite3 rebuild took $(( $(date +%s) - t )) s"

# Check that what n8n needs at start-up actually loads under this Node.
node -e 'require("sqlite3"); require("isolated-vm"); require("bcryptjs")' >&2
test -x node_modules/.bin/n8n

date -u +%FT%TZ > "$marker"
say "n8n $version installed in $dir in $(( $(date +%s) - started )) s"
echo "$dir"
