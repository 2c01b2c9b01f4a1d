#!/usr/bin/env bash
# Prints the path of a tree-sitter CLI of the pinned version, installing it
# from crates.io into a cache outside the clone when it is missing (about
# ten minutes the first time; the npm package cannot install here, since it
# downloads from GitHub).
set -euo pipefail
version=0.27.1
cache="${CLAIMCHECK_CACHE:-$HOME/.cache/claimcheck}"
root="$cache/tree-sitter-cli-$version"
bin="$root/bin/tree-sitter"
if [ ! -x "$bin" ]; then
  echo "installing tree-sitter-cli $version into $root (once per machine)" >&2
  cargo install tree-sitter-cli --locked --version "$version" --root "$root" >&2
fi
echo "$bin"
