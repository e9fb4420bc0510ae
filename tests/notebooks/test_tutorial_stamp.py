"""lite/stamp_tutorials.py: the stamped copies and the manifest the site ships."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "lite"))
import stamp_tutorials  # noqa: E402


def notebook(*cells: tuple[str, str]) -> dict:
    return {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": t, "id": f"c{i}", "metadata": {}, "source": s,
             **({"outputs": [], "execution_count": None} if t == "code" else {})}
            for i, (t, s) in enumerate(cells)
        ],
    }


def write(folder: Path, name: str, nb: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(nb), encoding="utf-8")


class TestContentHash:
    def test_should_match_the_browser_implementation(self):
        # Same vector as extensions/tutorials/src/content_hash.ts gives.
        assert stamp_tutorials.content_hash(
            [{"cell_type": "code", "source": 'print("é")'}]) == "eddbde28bededb23"

    def test_should_ignore_outputs_ids_and_source_line_splitting(self):
        a = notebook(("markdown", "# T\nx"), ("code", "1"))
        b = notebook(("markdown", ["# T\n", "x"]), ("code", "1"))
        b["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1"}]
        b["cells"][0]["id"] = "other"
        assert stamp_tutorials.content_hash(a["cells"]) == stamp_tutorials.content_hash(b["cells"])

    def test_should_change_when_a_source_changes(self):
        a = notebook(("code", "x = 1"))
        b = notebook(("code", "x = 2"))
        assert stamp_tutorials.content_hash(a["cells"]) != stamp_tutorials.content_hash(b["cells"])


class TestStamp:
    def test_should_stamp_copies_and_list_titles_kinds_and_landing(self, tmp_path):
        src = tmp_path / "src"
        write(src, "index.ipynb", notebook(("markdown", "# Parcours\n")))
        write(src, "01-a.ipynb", notebook(("markdown", "Intro\n\n## Les *bénéficiaires*"), ("code", "1")))
        write(src, "etude-modele.ipynb", notebook(("code", "x = 1")))
        before = {p.name: p.read_text() for p in src.iterdir()}
        manifest = stamp_tutorials.stamp(src, tmp_path / "out")
        assert manifest["landing"] == "index.ipynb"
        assert [(t["path"], t["title"], t["kind"]) for t in manifest["tutorials"]] == [
            ("01-a.ipynb", "Les bénéficiaires", "tutorial"),
            ("etude-modele.ipynb", "etude-modele", "template"),
            ("index.ipynb", "Parcours", "landing"),
        ]
        for entry in manifest["tutorials"]:
            stamped = json.loads((tmp_path / "out" / "notebooks" / entry["path"]).read_text())
            assert stamped["metadata"]["snds_lab"] == {"tutorial": entry["path"], "version": entry["hash"]}
            assert stamp_tutorials.content_hash(stamped["cells"]) == entry["hash"]
        assert {p.name: p.read_text() for p in src.iterdir()} == before
        on_disk = json.loads((tmp_path / "out" / "snds-tutorials.json").read_text())
        assert on_disk == manifest

    def test_should_fall_back_to_the_only_tutorial_without_a_landing(self, tmp_path):
        write(tmp_path / "src", "00-bienvenue.ipynb", notebook(("markdown", "# B")))
        assert stamp_tutorials.stamp(tmp_path / "src", tmp_path / "out")["landing"] == "00-bienvenue.ipynb"

    def test_should_fail_clearly_when_a_learning_path_has_no_landing(self, tmp_path):
        for name in ("00-a.ipynb", "01-b.ipynb"):
            write(tmp_path / "src", name, notebook(("markdown", "# X")))
        out = subprocess.run(
            [sys.executable, str(ROOT / "lite" / "stamp_tutorials.py"),
             "--src", str(tmp_path / "src"), "--out", str(tmp_path / "out")],
            capture_output=True, text=True,
        )
        assert out.returncode != 0
        assert "notebooks/index.ipynb is missing" in out.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_committed_notebooks_should_carry_no_stamp(name):
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    assert "snds_lab" not in nb.get("metadata", {}), f"{name}: the stamp belongs to build output only"
