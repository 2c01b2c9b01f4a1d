#!/usr/bin/env bash
# Fails when grammar/src is not what grammar/grammar.js generates.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ts="$("$here/scripts/tree-sitter-cli.sh")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src"
cp "$here/grammar/grammar.js" "$here/grammar/tree-sitter.json" "$tmp/"
cp "$here/grammar/src/scanner.c" "$tmp/src/"
(cd "$tmp" && "$ts" generate --abi 14 --js-runtime native)
for f in parser.c grammar.json node-types.json; do
  if ! cmp -s "$tmp/src/$f" "$here/grammar/src/$f"; then
    echo "grammar/src/$f is stale: run scripts/generate-grammar.sh and commit" >&2
    exit 1
  fi
done
for f in tree_sitter/parser.h tree_sitter/alloc.h tree_sitter/array.h; do
  cmp -s "$tmp/src/$f" "$here/grammar/src/$f" || { echo "grammar/src/$f is stale" >&2; exit 1; }
done
echo "grammar: src/parser.c is current with grammar.js"
