#!/usr/bin/env bash
# Runs every test suite: lint, vitest (libraries), pytest (Python helper and
# wheel), and the browser tests against the built lite site and a real
# JupyterLab. Every suite runs even when an earlier one fails; the last line
# sums them up as "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/ensure_chromium.sh || exit 1
bash scripts/build.sh || exit 1
source scripts/lib.sh

results=build/test-results
rm -rf "$results" && mkdir -p "$results"
failed_suites=()
suite() {
  local name=$1; shift
  step "$name"
  "$@" || failed_suites+=("$name")
}

suite "lint (eslint, prettier)" bash -c 'eslint . && prettier --check . --log-level warn'

for dir in packages/* extensions/*; do
  [ -f "$dir/vitest.config.ts" ] || continue
  suite "vitest $(basename "$dir")" vitest run --root "$dir" \
    --reporter=default --reporter=junit --outputFile.junit="$PWD/$results/vitest-$(basename "$dir").xml"
done

suite "pytest snds helper (coverage >= 90%)" python -m pytest -p no:cacheprovider -q \
  --rootdir extensions/snds-lab -c extensions/snds-lab/pyproject.toml extensions/snds-lab/tests \
  --cov=snds --cov-config=extensions/snds-lab/pyproject.toml \
  --junitxml="$results/pytest-snds.xml"
suite "pytest wheel and notebooks" python -m pytest -p no:cacheprovider -q tests/packaging tests/notebooks \
  --junitxml="$results/pytest-packaging.xml"

suite "browser (lite site, JupyterLab)" bash -c 'cd tests && playwright test'

python scripts/summarize_tests.py "$results"
summary=$?
if [ ${#failed_suites[@]} -gt 0 ]; then
  echo "Failed suites: ${failed_suites[*]}" >&2
  exit 1
fi
exit $summary
