#!/usr/bin/env bash
# Makes sure a Chromium is there for the editor tests and the README
# screenshots (test/editor/, driven by playwright-core): $CHROMIUM when set,
# else Debian's /usr/bin/chromium, installed with apt-get when it is missing.
# Browser downloads by test tools do not work here, so no browser is fetched
# any other way. Idempotent; prints the browser's path on stdout.
set -euo pipefail
browser="${CHROMIUM:-/usr/bin/chromium}"
say() { printf '[chromium] %s\n' "$*" >&2; }

if [ -x "$browser" ]; then
  echo "$browser"
  exit 0
fi
if [ -n "${CHROMIUM:-}" ]; then
  say "CHROMIUM=$CHROMIUM is not an executable"
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  say "no Chromium at $browser and no apt-get to install it: install Chromium and set CHROMIUM=/path/to/chromium"
  exit 1
fi
as_root=()
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null; then
    say "no Chromium at $browser: run apt-get install -y chromium as root"
    exit 1
  fi
  as_root=(sudo -n)
fi
started=$(date +%s)
say "installing Debian's chromium with apt-get (about a minute)"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  rm -f "$log"
  say "apt-get could not install chromium"
  exit 1
fi
rm -f "$log"
test -x "$browser"
say "chromium $("$browser" --version 2>/dev/null | awk '{print $2}') installed in $(( $(date +%s) - started )) s"
echo "$browser"
