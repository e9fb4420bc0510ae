#!/usr/bin/env bash
# Installs what the project needs, once: npm packages and the project .venv.
# A second run reuses both unless package-lock.json or requirements.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

want=$(sha256sum requirements.txt | cut -c1-16)
have=$(cat .venv/.requirements 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  step "Python .venv (requirements.txt)"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > .venv/.requirements
fi
