"""The figures the tutorials' prose quotes are the data's.

Each claim (tests/notebooks/figures/*.py, one module per notebook) runs its SQL on the
dataset its notebook generates (5,000 patients, seed 0, on native DuckDB: the same rows as
DuckDB-WASM in the browser) and fills its passage with the row's values. The notebook's
markdown must hold that passage word for word: when the generator changes, the test names
the sentence to update and gives it with the new figures.

    SNDS_UPDATE_FIGURES=1 .venv/bin/python -m pytest tests/notebooks/test_tutorial_figures.py

writes the new figures into the notebooks instead (read the prose around them again);
SNDS_FIGURES=nb04,nb05 checks only those modules. A passage never ends with a slot.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
FIGURES = Path(__file__).resolve().parent / "figures"
# The source `snds` (as run_cpython.py gives the kernel), and the claims' shared SQL.
sys.path.insert(0, str(ROOT / "extensions" / "snds-lab"))
sys.path.insert(0, str(FIGURES))


# What a slot holds: a figure or a number word ("1 269", "8,9", "−41", "trois"), never
# punctuation, so that a passage cannot match across an earlier bracket of its line.
SLOT = r"([\w,.−-](?:[\w ,.−-]{0,22}[\w])?)"


def load_claims():
    """Every claim of every module in figures/, with its notebook's file name."""
    out = []
    only = [m for m in os.environ.get("SNDS_FIGURES", "").split(",") if m]
    for path in sorted(FIGURES.glob("nb*.py")):
        if only and path.stem not in only:
            continue
        spec = importlib.util.spec_from_file_location(f"tutorial_figures_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for k, claim in enumerate(module.CLAIMS):
            out.append(pytest.param(module.NOTEBOOK, claim, id=f"{module.NOTEBOOK}#{k}"))
    return out


CLAIMS = load_claims()


def french(value) -> str:
    """A value as the prose writes it: integers grouped by thousands with a space."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ").replace("-", "−")
    return str(value)


def markdown(notebook: str) -> str:
    nb = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    return "\n\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
    )


def rewrite(notebook: str, pattern: str, passage: str) -> None:
    """Writes `passage` over what `pattern` matches in the notebook's markdown lines."""
    path = NOTEBOOKS / notebook
    nb = json.loads(path.read_text(encoding="utf-8"))
    lines = [
        (cell, k)
        for cell in nb["cells"]
        if cell["cell_type"] == "markdown" and isinstance(cell["source"], list)
        for k, line in enumerate(cell["source"])
        if re.search(pattern, line)
    ]
    assert len(lines) == 1, f"{notebook}: {len(lines)} lines match the claim: make it unique"
    cell, k = lines[0]
    cell["source"][k] = re.sub(pattern, lambda _: passage, cell["source"][k], count=1)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def datasets():
    """The tutorials' datasets by their `years`, generated once."""
    from snds import synth

    made = {}

    def get(years: str):
        if years not in made:
            con = duckdb.connect()
            synth.generate(con, patients=5000, seed=0, years=years)
            made[years] = con
        return made[years]

    yield get
    for con in made.values():
        con.close()


def test_should_find_claims_for_the_tutorials():
    assert CLAIMS, "tests/notebooks/figures holds no claim"


@pytest.mark.parametrize(("notebook", "claim"), CLAIMS)
def test_should_quote_the_figures_of_the_data(notebook, claim, datasets):
    assert not claim["text"].endswith("{}"), "a passage ends with words, not with a slot"
    text = markdown(notebook)
    # The passage, with any figures in its slots: it must still be in the notebook.
    pattern = re.escape(claim["text"]).replace(r"\{\}", SLOT)
    assert re.search(pattern, text), (
        f"{notebook}: no passage matches the claim {claim['text']!r}: update the claim to the prose"
    )
    row = datasets(claim["years"]).execute(claim["sql"]).fetchone()
    assert row is not None, f"{notebook}: the claim's query gave no row"
    expected = claim["text"].format(*(french(v) for v in row))
    if expected not in text and os.environ.get("SNDS_UPDATE_FIGURES") == "1":
        rewrite(notebook, pattern, expected)
        text = markdown(notebook)
    assert expected in text, f"{notebook}: the prose should say, with today's data:\n  {expected}"
