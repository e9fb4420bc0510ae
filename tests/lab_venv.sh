#!/usr/bin/env bash
# Makes build/e2e-venv: a fresh venv holding only the built snds-lab wheel,
# JupyterLab and ipykernel, installed with no Node on PATH. Remade whenever
# the wheel changes. Prints the venv path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${E2E_VENV:-build/e2e-venv}
[[ "$venv" = /* ]] || venv="$PWD/$venv"
wheel=$(ls build/wheels/snds_lab-*.whl 2>/dev/null | head -1)
[ -n "$wheel" ] || { echo "No snds-lab wheel in build/wheels: run scripts/build.sh first." >&2; exit 1; }
want=$(sha256sum "$wheel" requirements.txt | sha256sum | cut -c1-16)
if [ "$(cat $venv/.wheel 2>/dev/null || true)" != "$want" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  jlab=$(grep -E '^jupyterlab==' requirements.txt)
  # Only the venv on PATH: the install must not need Node.
  env -i HOME="$HOME" PATH="$venv/bin" PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_CERT="${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}" \
    "$venv/bin/pip" install --quiet "$wheel" "$jlab" ipykernel >&2
  echo "$want" > "$venv/.wheel"
fi
echo "$venv"
