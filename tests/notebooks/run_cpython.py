"""Runs tutorial notebooks top to bottom on a CPython kernel and prints each run time.

Usage: .venv/bin/python tests/notebooks/run_cpython.py [notebooks/NAME.ipynb ...]

The kernel gets the source `snds` on PYTHONPATH and loads its magics with
`--ext=snds`, as the JupyterLab kernel extension does. Each notebook runs in a
scratch directory so that files it writes (exports) stay out of the repository.
Set NB_SAVE=DIR to keep the executed copies there. Exits non-zero if a cell fails or leaves an error output.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "extensions" / "snds-lab"


def kernel_env() -> dict[str, str]:
    """The environment of a tutorial's kernel: the source `snds` first on PYTHONPATH."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(HELPER), path) if p)}


def client_for(nb, scratch: str, **options) -> NotebookClient:
    """A client running `nb` in `scratch` on a CPython kernel with the snds magics loaded."""
    return NotebookClient(
        nb, timeout=300, kernel_name="python3",
        resources={"metadata": {"path": scratch}},
        extra_arguments=["--ext=snds"],
        **options,
    )


def run(path: Path) -> tuple[float, str | None]:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        client = client_for(nb, scratch)
        start = time.perf_counter()
        try:
            client.execute(env=kernel_env())
        except CellExecutionError as error:
            failure = f"{error.ename}: {error.evalue}"
        else:
            failure = None
        seconds = time.perf_counter() - start
    if os.environ.get("NB_SAVE"):
        saved = Path(os.environ["NB_SAVE"])
        saved.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, saved / path.name)
    if failure:
        return seconds, failure
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" or out.get("name") == "stderr":
                return seconds, f"cell {i}: {out.get('ename') or out.get('text', '')[:200]}"
    return seconds, None


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    failed = 0
    for path in paths:
        seconds, error = run(path)
        status = "ok" if error is None else f"FAILED: {error}"
        print(f"{path.name:40s} {seconds:6.1f} s  {status}", flush=True)
        failed += error is not None
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
