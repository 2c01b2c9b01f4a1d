#!/usr/bin/env bash
# Every check and test of the project: what CI runs (.ci/run calls this).
# It installs what the tests need on a fresh machine, caching it outside
# the clone.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== grammar freshness"
scripts/check-grammar.sh

echo "== cargo test"
cargo test --workspace --locked

echo "== editors, end to end"
scripts/test-editors.sh
