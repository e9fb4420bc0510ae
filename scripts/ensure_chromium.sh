#!/usr/bin/env bash
# Browser tests use Debian's Chromium (never a browser a test tool downloads).
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is missing: install Debian's package (sudo apt-get install chromium)," >&2
  echo "or set CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
fi
