"""The same seed, size and years give the same rows on native DuckDB and on DuckDB-WASM.

Native DuckDB runs here through snds.synth.generate; DuckDB-WASM runs in Node through
`snds-synth checksum` (packages/synth). Both compute the same per-table checksums in SQL
(count, and md5 over the sorted md5 of each row's text).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from snds import synth

REPO = Path(__file__).resolve().parents[3]
SYNTH = REPO / "packages" / "synth"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None, reason="node is needed to run DuckDB-WASM (packages/synth) for the comparison"
)


@pytest.fixture(scope="module")
def program_path(tmp_path_factory) -> str:
    if not (SYNTH / "lib" / "cli.js").exists():
        pytest.fail("packages/synth is not built: run `npm run build -w @snds-lab/synth`.")
    out = tmp_path_factory.mktemp("synth") / "synth_program.json"
    subprocess.run(
        [NODE, str(SYNTH / "lib" / "build_program.js"), "--out", str(out)],
        check=True,
        cwd=SYNTH,
        capture_output=True,
    )
    return str(out)


def native_checksums(program_path: str, patients: int, seed: int, years: str, products: str | None):
    con = duckdb.connect()
    report = synth.generate(
        con, patients=patients, seed=seed, years=years, products=products, program_path=program_path
    )
    out = {}
    for table in report.tables:
        columns = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        n, digest = con.execute(synth.checksum_sql(table, columns)).fetchone()
        out[table] = [int(n), digest]
    return out


def wasm_checksums(patients: int, seed: int, years: str, products: str | None):
    args = [NODE, str(SYNTH / "lib" / "cli.js"), "checksum", "--patients", str(patients),
            "--seed", str(seed), "--years", years]
    if products:
        args += ["--products", products]
    done = subprocess.run(args, check=True, cwd=SYNTH, capture_output=True, text=True, timeout=600)
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "patients,seed,years,products",
    [
        (300, 7, "2019", None),
        (500, 123, "2019-2020", "dcir,mco,cartographie,deces"),
        # Four years: the deaths of the new cases, from the third year.
        (3000, 11, "2019-2022", "beneficiaire,DCIR_DCIRS,deces"),
    ],
)
def test_native_and_wasm_give_the_same_rows(program_path, patients, seed, years, products):
    native = native_checksums(program_path, patients, seed, years, products)
    wasm = wasm_checksums(patients, seed, years, products)
    assert set(native) == set(wasm)
    # Real data, not empty tables: care lines, or people and their deaths.
    if "ER_PRS_F" in native:
        assert native["ER_PRS_F"][0] > patients
    else:
        assert native["IR_BEN_R"][0] >= patients and native["KI_CCI_R"][0] > 0
    different = {t: (native[t], wasm[t]) for t in native if native[t] != wasm[t]}
    assert not different, f"tables that differ between native DuckDB and DuckDB-WASM: {different}"


def test_another_seed_gives_other_rows(program_path):
    a = native_checksums(program_path, 200, 1, "2019", "dcir")
    b = native_checksums(program_path, 200, 2, "2019", "dcir")
    assert a["IR_BEN_R"][1] != b["IR_BEN_R"][1]
    assert a["ER_PRS_F"][1] != b["ER_PRS_F"][1]
