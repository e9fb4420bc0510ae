#!/usr/bin/env bash
# Starts a real JupyterLab from build/e2e-venv on PORT, with empty settings
# and a fresh copy of the notebooks, for the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8702}
venv=$(bash tests/lab_venv.sh)
root=build/e2e-lab-$port
rm -rf "$root" && mkdir -p "$root/notebooks" "$root/settings" "$root/workspaces"
cp notebooks/*.ipynb "$root/notebooks/"
export JUPYTERLAB_SETTINGS_DIR="$PWD/$root/settings"
export JUPYTERLAB_WORKSPACES_DIR="$PWD/$root/workspaces"
export JUPYTER_CONFIG_DIR="$PWD/$root/config"
# A second kernel whose Python cannot import snds (as when the package is
# missing from a kernel's environment): the notebook must say how to fix it.
spec="$root/share/kernels/python3-without-snds"
mkdir -p "$spec"
cat > "$spec/kernel.json" <<JSON
{
  "argv": ["$venv/bin/python", "-c",
    "import sys; sys.modules['snds'] = None; from ipykernel.kernelapp import launch_new_instance; launch_new_instance()",
    "-f", "{connection_file}"],
  "display_name": "Python 3 (without snds)",
  "language": "python"
}
JSON
export JUPYTER_PATH="$PWD/$root/share"
exec "$venv/bin/jupyter" lab --no-browser --port "$port" --ip 127.0.0.1 \
  --allow-root --IdentityProvider.token= --ServerApp.password= --ServerApp.disable_check_xsrf=True \
  --ServerApp.root_dir="$PWD/$root/notebooks" --LabApp.news_url=none \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  --LabApp.expose_app_in_browser=True
