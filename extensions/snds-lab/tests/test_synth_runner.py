"""The native runner leaves the user's database with the chosen tables and nothing else."""

from __future__ import annotations

import duckdb
import pytest

from snds import synth


def user_tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_a_product_leaves_only_its_tables():
    con = duckdb.connect()
    report = synth.generate(con, patients=200, seed=1, years="2019-2020", products="cartographie")
    # CT_DEP is summed from the DCIR lines: ER_PRS_F is made, then dropped with its helpers.
    assert sorted(report.tables) == sorted(
        f"CT_{kind}_{year}_GN" for kind in ("DEP", "IDE", "IND") for year in (2019, 2020)
    )
    assert user_tables(con) == set(report.tables)


def test_a_failed_run_leaves_no_work_table():
    con = duckdb.connect()
    ran = []

    def execute(sql: str):
        ran.append(sql)
        if sql.startswith("CREATE OR REPLACE TABLE ER_PHA_F"):
            raise duckdb.OutOfMemoryException("out of memory (simulated)")
        return con.execute(sql)

    with pytest.raises(duckdb.OutOfMemoryException):
        synth.generate(execute, patients=200, seed=1, years="2019", products="dcir")
    assert any(s.startswith("CREATE OR REPLACE TABLE ER_PRS_F") for s in ran)
    assert not [t for t in user_tables(con) if t.startswith("_")]
    helpers = con.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'ER_PRS_F' AND column_name IN ('i', 'kind', '_r')"
    ).fetchall()
    assert helpers == []
