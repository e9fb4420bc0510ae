#!/usr/bin/env bash
# Runs every benchmark in bench/ and writes bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure_chromium.sh
bash scripts/build.sh
source scripts/lib.sh
for script in bench/*.mjs; do
  case "$script" in bench/harness.mjs) continue ;; esac
  step "$script"
  node "$script" "$@"
done
echo "figures: bench/results.json"
