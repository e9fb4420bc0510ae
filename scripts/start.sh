#!/usr/bin/env bash
# The main job: install, build, and serve the offline lite site on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
source scripts/lib.sh
step "serving build/lite (Ctrl+C to stop)"
exec python scripts/serve.py build/lite --port "${PORT:-8000}" "$@"
