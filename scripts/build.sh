#!/usr/bin/env bash
# Builds everything: TypeScript packages, labextensions, the Python wheels and
# the offline lite site in build/lite. Each step is skipped when its inputs
# have not changed since it last ran.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mkdir -p build/stamps build/wheels

if [ ! -d "$SNDS_SCHEMA_DIR/schemas" ]; then
  echo "The SNDS schema data is missing: expected $SNDS_SCHEMA_DIR/schemas." >&2
  echo "Put the shared folder beside this repository (../shared/snds-schema) or set SNDS_SCHEMA_DIR." >&2
  exit 1
fi

# 1. npm workspaces, libraries before the extensions that use them.
for dir in packages/* extensions/*; do
  [ -f "$dir/package.json" ] || continue
  # SNDS_SKIP_WORKSPACES="synth other": leave workspaces under construction out.
  [[ " ${SNDS_SKIP_WORKSPACES:-} " == *" $(basename "$dir") "* ]] && continue
  name=$(node -p "require('./$dir/package.json').name")
  stamp="build/stamps/$(basename "$dir").npm"
  inputs=("$dir/src" "$dir/package.json")
  for extra in "$dir/style" "$dir/schema" "$dir"/*.mjs "$dir"/tsconfig.json; do
    [ -e "$extra" ] && inputs+=("$extra")
  done
  [ "$dir" = packages/schema ] && inputs+=("$SNDS_SCHEMA_DIR")
  if ! up_to_date "$stamp" "${inputs[@]}"; then
    step "build $name"
    npm run build -w "$name"
    touch "$stamp"
  fi
done

# 2. Data the Python helper ships (git-ignored snds/_data/): each workspace
#    may write its share with a `build:python-data` script.
if ! up_to_date build/stamps/python-data packages/*/lib packages/*/bundle datasets; then
  step "Python helper data (snds/_data)"
  mkdir -p extensions/snds-lab/snds/_data
  for dir in packages/* extensions/*; do
    [ -f "$dir/package.json" ] || continue
    [[ " ${SNDS_SKIP_WORKSPACES:-} " == *" $(basename "$dir") "* ]] && continue
    npm run --if-present build:python-data -w "$dir"
  done
  touch build/stamps/python-data
fi

# 3. Python wheels: snds-lab (labextensions + snds) and snds alone for Pyodide.
#    The dictionary bundle is served with the sidebar's labextension; the
#    tutorials, stamped with their version, and their manifest with the
#    tutorials labextension (forks and resets read them there).
labext=extensions/snds-lab/build/labextensions/@snds-lab
if ! up_to_date build/stamps/wheels extensions/snds-lab/snds extensions/snds-lab/pyproject.toml \
    extensions/snds-lab/pyodide/pyproject.toml extensions/snds-lab/install.json "$labext" \
    packages/schema/bundle notebooks lite/stamp_tutorials.py; then
  step "Python wheels"
  python lite/stamp_tutorials.py --src notebooks --out build/tutorials
  rm -rf "$labext/tutorials-extension/static/tutorials"
  mkdir -p "$labext/tutorials-extension/static/tutorials"
  cp build/tutorials/notebooks/*.ipynb build/tutorials/snds-tutorials.json \
    "$labext/tutorials-extension/static/tutorials/"
  for ext in "$labext"/*/; do cp extensions/snds-lab/install.json "$ext/install.json"; done
  rm -rf "$labext/dictionary-extension/static/snds-dictionary"
  cp -r packages/schema/bundle "$labext/dictionary-extension/static/snds-dictionary"
  rm -f build/wheels/*.whl
  python -m build --wheel --no-isolation --outdir build/wheels extensions/snds-lab >/dev/null
  python -m build --wheel --no-isolation --outdir build/wheels extensions/snds-lab/pyodide >/dev/null
  ls build/wheels
  touch build/stamps/wheels
fi

# 4. Self-hosted Pyodide with the kernel's wheels and a rewritten lock.
if ! up_to_date build/stamps/pyodide node_modules/pyodide/pyodide-lock.json lite/vendor_pyodide.py build/wheels; then
  step "vendor Pyodide"
  kernel_wheels="$(python -c 'import sys; print(sys.prefix)')/share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
  python lite/vendor_pyodide.py --pyodide node_modules/pyodide --kernel-wheels "$kernel_wheels" \
    --snds-wheel build/wheels/snds-*.whl --out build/lite-src/static/pyodide --cache .cache/wheels
  touch build/stamps/pyodide
fi

# 5. The lite site.
#    Its contents are the stamped tutorials (build/tutorials/notebooks).
if ! up_to_date build/stamps/lite lite notebooks build/tutorials build/wheels build/lite-src/static/pyodide packages/engine/dist/browser; then
  step "jupyter lite build"
  # From scratch: jupyterlite's incremental tasks can drop settings it patched.
  rm -rf build/lite build/lite-src/.cache build/lite-src/.jupyterlite.doit.db
  cp lite/jupyter-lite.json lite/jupyter_lite_config.json build/lite-src/
  (cd build/lite-src && jupyter lite build --no-sourcemaps \
    --contents ../tutorials/notebooks --output-dir ../lite \
    --LiteBuildConfig.federated_extensions="$(ls ../wheels/snds_lab-*.whl)")
  # jupyterlite takes language packs from this venv but our catalogue only from installed
  # packages (jupyterlab.locale): merge it as jupyterlab_server would for the installed wheel.
  python - <<'EOF'
import json, pathlib
for po_json in pathlib.Path("extensions/snds-lab/snds/locale").glob("*/LC_MESSAGES/snds_lab.json"):
    pack = pathlib.Path("build/lite/api/translations") / f"{po_json.parts[-3]}.json"
    if pack.exists():
        data = json.loads(pack.read_text(encoding="utf-8"))
        data["data"]["snds_lab"] = json.loads(po_json.read_text(encoding="utf-8"))
        pack.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
EOF
  rm -rf build/lite/static/snds-engine
  cp -r packages/engine/dist/browser build/lite/static/snds-engine
  touch build/stamps/lite
fi
echo "lite site: build/lite ($(du -sh build/lite | cut -f1))"
