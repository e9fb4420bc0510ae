"""The figures the tutorials' prose quotes are the data's.

Each claim (tests/notebooks/figures/*.py, one module per notebook) names a passage of the
notebook's markdown with slots for figures, and how to get them: `sql`, a query, or `values`,
a Python expression (a value or a tuple of values). It may give `holds`, a Python condition
that the passage's words need (a "de peu", a "une cinquantaine"). The notebook runs top to
bottom on a CPython kernel (as run_cpython.py runs it), and each claim is evaluated right
after the markdown cell that holds its passage: with the notebook's own dataset, temporary
tables and variables at that point. A claim about a dataset the notebook only describes
(another `years`) names those `years`: its `sql` runs on that dataset, generated here (5,000
patients, seed 0, as the tutorials). The passage must be there with those figures: when the
generator changes, the test names the sentence to update and gives it with the new figures.

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
import tempfile
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
FIGURES = Path(__file__).resolve().parent / "figures"
# The claims' shared helpers, and run_cpython's kernel.
sys.path.insert(0, str(FIGURES))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_cpython import HELPER, client_for, kernel_env  # noqa: E402

# What a slot holds: a figure or a number word ("1 269", "8,9", "−41", "trois"), never
# punctuation, so that a passage cannot match across an earlier bracket of its line.
SLOT = r"([\w,.−-](?:[\w ,.−-]{0,22}[\w])?)"
# The line a claim's cell prints its figures on.
MARK = "@@snds-figures@@"


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
            out.append(pytest.param(module.NOTEBOOK, k, claim, id=f"{module.NOTEBOOK}#{k}"))
    return out


CLAIMS = load_claims()


def french(value) -> str:
    """A value as the prose writes it: integers grouped by thousands with a space."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ").replace("-", "−")
    return str(value)


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def pattern_of(claim) -> str:
    """The passage as a regular expression, any figures in its slots."""
    return re.escape(claim["text"]).replace(r"\{\}", SLOT)


def markdown(notebook: str) -> str:
    nb = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    return "\n\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def figures_cell(claim) -> str:
    """A code cell printing, as JSON after MARK, the claim's figures and whether its `holds`
    (a Python condition for the passage's words, such as "de peu") is true."""
    if "sql" in claim and "values" in claim:
        raise ValueError(f"a claim gives sql or values, not both: {claim['text']!r}")
    if "sql" in claim:
        value = f"list(__import__('snds').sql({claim['sql']!r}).rows[0])"
    elif "values" in claim:
        value = f"(lambda v: list(v) if isinstance(v, (tuple, list)) else [v])(({claim['values']}))"
    else:
        value = "[]"
    holds = f"bool({claim['holds']})" if "holds" in claim else "None"
    return (
        f"print({MARK!r} + __import__('json').dumps("
        f"{{'values': {value}, 'holds': {holds}}}, default=str))"
    )


def run_claims(notebook: str, claims: list) -> dict[int, dict | str]:
    """Runs the notebook with each claim's cell after the markdown cell holding its passage:
    its figures by claim index, or why there are none."""
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    found: dict[int, dict | str] = {}
    after: dict[int, list[int]] = {}
    for k, claim in claims:
        if "years" in claim:
            continue
        cells = [
            i for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and re.search(pattern_of(claim), source(c))
        ]
        if len(cells) != 1:
            found[k] = f"{len(cells)} markdown cells hold the passage {claim['text']!r}"
            continue
        after.setdefault(cells[0], []).append(k)
    by_index = dict(claims)
    marks: dict[str, int] = {}
    for i in sorted(after, reverse=True):
        for k in reversed(after[i]):
            cell = nbformat.v4.new_code_cell(figures_cell(by_index[k]))
            marks[cell.id] = k
            nb.cells.insert(i + 1, cell)
    with tempfile.TemporaryDirectory() as scratch:
        # Every cell runs, so that each claim says why it has no figures.
        client_for(nb, scratch, allow_errors=True).execute(env=kernel_env())
    error = None
    for cell in nb.cells:
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        failure = next((o for o in outputs if o.get("output_type") == "error"), None)
        if cell.get("id") in marks:
            k = marks[cell["id"]]
            printed = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
            # After a failed cell the notebook's state is not its own: no figures from it.
            if error:
                found[k] = f"an earlier cell of the notebook failed: {error}"
            elif failure:
                found[k] = f"the claim's cell failed: {failure['ename']}: {failure['evalue']}"
            elif MARK not in printed:
                found[k] = "the claim's cell printed no figures"
            else:
                found[k] = json.loads(printed.split(MARK, 1)[1])
        elif failure and error is None:
            error = f"{failure['ename']}: {failure['evalue']}"
    return found


@pytest.fixture(scope="module")
def figures():
    """A claim's figures: from one run of its notebook, or from a dataset of its years."""
    made: dict[str, dict[int, dict | str]] = {}
    datasets: dict[str, object] = {}

    def get(notebook: str, k: int, claim: dict):
        if "years" in claim:
            if claim["years"] not in datasets:
                duckdb = pytest.importorskip("duckdb")
                sys.path.insert(0, str(HELPER))
                from snds import synth

                datasets[claim["years"]] = con = duckdb.connect()
                synth.generate(con, patients=5000, seed=0, years=claim["years"])
            row = datasets[claim["years"]].execute(claim["sql"]).fetchone()
            return {"values": list(row), "holds": None}
        if notebook not in made:
            claims = [(j, c) for nb, j, c in (p.values for p in CLAIMS) if nb == notebook]
            try:
                made[notebook] = run_claims(notebook, claims)
            except Exception as error:  # the kernel, a timeout: said once for every claim
                made[notebook] = {j: f"the notebook did not run: {error!r}" for j, _ in claims}
        return made[notebook][k]

    yield get
    for con in datasets.values():
        con.close()


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


def test_should_find_claims_for_the_tutorials():
    assert CLAIMS, "tests/notebooks/figures holds no claim"


@pytest.mark.parametrize(("notebook", "k", "claim"), CLAIMS)
def test_should_quote_the_figures_of_the_data(notebook, k, claim, figures):
    assert not claim["text"].endswith("{}"), "a passage ends with words, not with a slot"
    pattern = pattern_of(claim)
    # The passage, with any figures in its slots: it must still be in the notebook.
    assert re.search(pattern, markdown(notebook)), (
        f"{notebook}: no passage matches the claim {claim['text']!r}: update the claim to the prose"
    )
    found = figures(notebook, k, claim)
    assert isinstance(found, dict), f"{notebook}: no figures for the claim: {found}"
    assert found["holds"] is not False, (
        f"{notebook}: the data no longer bears the words of {claim['text']!r}"
        f" ({claim['holds']} is false): reword the passage"
    )
    expected = claim["text"].format(*(french(v) for v in found["values"]))
    text = markdown(notebook)
    if expected not in text and os.environ.get("SNDS_UPDATE_FIGURES") == "1":
        rewrite(notebook, pattern, expected)
        text = markdown(notebook)
    assert expected in text, f"{notebook}: the prose should say, with today's data:\n  {expected}"
