"""Prepares a self-hosted Pyodide for the lite site, with no CDN at run time.

The npm ``pyodide`` package holds the core only. The kernel also loads
micropip, ipython and its dependencies, jedi, parso and comm. This script
fetches those pure-Python wheels from PyPI at build time (cached), adds the
kernel's own wheels (piplite, ipykernel shim, pyodide-kernel) and the
project's ``snds`` wheel, and writes a ``pyodide-lock.json`` that lists only
what the site ships, with sha256 hashes of these very files.

Having them all in the lock lets the kernel preload them in one parallel
batch (``loadPyodideOptions.packages``) instead of installing them one after
another with piplite.

Usage: python vendor_pyodide.py --pyodide DIR --kernel-wheels DIR --snds-wheel WHL --out DIR --cache DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

#: What the Pyodide kernel needs at start, beyond the core.
ROOTS = ["micropip", "ipython", "jedi"]
#: Needed by the kernel but absent from Pyodide's lock: fetched from PyPI.
EXTRA_FROM_PYPI = {"comm": "0.2.3"}
#: The kernel's own wheels, shipped in the pyodide-kernel labextension.
KERNEL_WHEELS = ["piplite", "ipykernel", "pyodide_kernel"]
#: Core files of the npm package that the module worker loads.
CORE_FILES = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "package.json",
]


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def wheel_metadata(path: Path):
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(z.read(name).decode())
        tops = sorted(
            {
                n.split("/")[0].removesuffix(".py")
                for n in z.namelist()
                if not n.split("/")[0].endswith((".dist-info", ".data"))
            }
        )
    return meta, tops


def download(name: str, version: str, cache: Path) -> Path:
    """The pure wheel name==version from PyPI, cached in ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    stem = normalize(name).replace("-", "_")
    for found in cache.glob("*.whl"):
        if normalize(found.name.split("-")[0]) == normalize(name) and found.name.split("-")[1] == version:
            return found
    cmd = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
        "--only-binary=:all:", "--python-version", "3.14", "--implementation", "py",
        "--abi", "none", "--platform", "any", "--dest", str(cache), f"{name}=={version}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(
            f"Could not download {name}=={version} from PyPI for the lite site:\n{result.stderr}"
        )
    matches = [p for p in cache.glob(f"*.whl") if normalize(p.name.split("-")[0]) == normalize(stem) and p.name.split("-")[1] == version]
    if not matches:
        raise SystemExit(f"pip reported success but no wheel of {name}=={version} is in {cache}")
    return matches[0]


def closure(packages: dict, roots: list[str]) -> list[str]:
    index = {normalize(k): k for k in packages}
    seen: list[str] = []
    stack = [normalize(r) for r in roots]
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        if n not in index:
            raise SystemExit(f"{n} is not in Pyodide's lock file: update ROOTS in {__file__}")
        seen.append(n)
        stack += [normalize(d) for d in packages[index[n]]["depends"]]
    return [index[n] for n in sorted(seen)]


def entry(name: str, wheel: Path, depends: list[str], imports: list[str]) -> dict:
    return {
        "name": name,
        "version": wheel.name.split("-")[1],
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
        "shared_library": False,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pyodide", type=Path, required=True, help="the npm pyodide package folder")
    ap.add_argument("--kernel-wheels", type=Path, required=True,
                    help="the pypi/ folder of the pyodide-kernel labextension")
    ap.add_argument("--snds-wheel", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True, help="becomes {lite_dir}/static/pyodide")
    ap.add_argument("--cache", type=Path, required=True)
    args = ap.parse_args()

    lock = json.loads((args.pyodide / "pyodide-lock.json").read_text())
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(args.pyodide / name, args.out / name)

    packages = {}
    for name in closure(lock["packages"], ROOTS):
        pkg = lock["packages"][name]
        if not pkg["file_name"].endswith("-none-any.whl"):
            raise SystemExit(f"{name} is not a pure-Python wheel in Pyodide's lock; it cannot come from PyPI")
        wheel = download(name, pkg["version"], args.cache)
        shutil.copy2(wheel, args.out / wheel.name)
        packages[name] = entry(name, args.out / wheel.name, pkg["depends"], pkg["imports"])

    extra = [download(name, version, args.cache) for name, version in EXTRA_FROM_PYPI.items()]
    for name in KERNEL_WHEELS:
        found = sorted(args.kernel_wheels.glob(f"{name}-*-py3-none-any.whl"))
        if len(found) != 1:
            raise SystemExit(
                f"Expected one {name} wheel in {args.kernel_wheels}, found {len(found)}: "
                "is jupyterlite-pyodide-kernel installed in the .venv?"
            )
        extra += found
    extra.append(args.snds_wheel)
    for wheel in extra:
        shutil.copy2(wheel, args.out / wheel.name)
        meta, tops = wheel_metadata(wheel)
        depends = [
            normalize(re.split(r"[ ;<>=!~\[(]", r, maxsplit=1)[0])
            for r in meta.get_all("Requires-Dist") or []
            if "extra ==" not in r
        ]
        name = normalize(meta["Name"])
        packages[name] = entry(name, args.out / wheel.name, depends, tops)

    lock["packages"] = dict(sorted(packages.items()))
    (args.out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"pyodide: {len(packages)} packages vendored, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
