"""Stamps the tutorial notebooks for the build and writes their manifest.

Usage: python lite/stamp_tutorials.py --src notebooks --out build/tutorials

Writes OUT/notebooks/<name>.ipynb (each carrying metadata.snds_lab =
{"tutorial": path, "version": hash}) and OUT/snds-tutorials.json, the list
the tutorials extension reads: path, title (first heading), hash, kind.
The committed notebooks stay as they are.

The hash is FNV-1a 64-bit over the cells' types and sources, the same as
extensions/tutorials/src/content_hash.ts computes in the browser: a copy
whose cells still hash to its stamp was never edited.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

# The one place that names the landing notebook and the study template.
LANDING = "index.ipynb"
TEMPLATE = "etude-modele.ipynb"
METADATA_KEY = "snds_lab"

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = (1 << 64) - 1


def canonical_cells(cells: list[dict]) -> str:
    out = []
    for cell in cells:
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        out.append(f"{cell['cell_type']}\x1f{source}\x1e")
    return "".join(out)


def content_hash(cells: list[dict]) -> str:
    h = FNV_OFFSET
    for byte in canonical_cells(cells).encode("utf-8"):
        h ^= byte
        h = (h * FNV_PRIME) & MASK
    return f"{h:016x}"


def title_of(nb: dict, fallback: str) -> str:
    """The text of the notebook's first Markdown heading."""
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in source.splitlines():
            match = re.match(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if match:
                # Plain text for the dialog: drop emphasis and code marks.
                return re.sub(r"[*`]", "", match.group(1))
    return fallback


def kind_of(name: str) -> str:
    return {LANDING: "landing", TEMPLATE: "template"}.get(name, "tutorial")


def landing_of(names: list[str]) -> str:
    """index.ipynb; while the learning path is a single notebook, that one."""
    if LANDING in names:
        return LANDING
    tutorials = [n for n in names if kind_of(n) == "tutorial"]
    if len(tutorials) > 1:
        sys.exit(
            f"notebooks/{LANDING} is missing: the lite site opens on it, and it lists the "
            f"{len(tutorials)} tutorials. Add it (or change LANDING in lite/stamp_tutorials.py)."
        )
    if not names:
        sys.exit("notebooks/ holds no notebook: the lite site needs at least one tutorial.")
    return names[0]


def stamp(src: Path, out: Path) -> dict:
    notebooks = out / "notebooks"
    if notebooks.exists():
        for old in notebooks.glob("*.ipynb"):
            old.unlink()
    notebooks.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in src.glob("*.ipynb"))
    entries = []
    for name in names:
        nb = json.loads((src / name).read_text(encoding="utf-8"))
        version = content_hash(nb["cells"])
        nb.setdefault("metadata", {})[METADATA_KEY] = {"tutorial": name, "version": version}
        (notebooks / name).write_text(
            json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        entries.append(
            {"path": name, "title": title_of(nb, Path(name).stem), "hash": version,
             "kind": kind_of(name)}
        )
    manifest = {"landing": landing_of(names), "tutorials": entries}
    (out / "snds-tutorials.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=Path("notebooks"))
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    manifest = stamp(args.src, args.out)
    print(f"{len(manifest['tutorials'])} tutorials, landing {manifest['landing']}")


if __name__ == "__main__":
    main()
