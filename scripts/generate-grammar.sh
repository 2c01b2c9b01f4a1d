#!/usr/bin/env bash
# Regenerates grammar/src/parser.c (ABI 14, so that Neovim 0.10+ loads it)
# from grammar/grammar.js, without node.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ts="$("$here/scripts/tree-sitter-cli.sh")"
cd "$here/grammar"
"$ts" generate --abi 14 --js-runtime native
