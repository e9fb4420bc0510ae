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


def test_chunks_of_persons_make_the_same_rows():
    from snds.synth import runner

    program = runner.load_program()
    steps = runner.plan(program, runner.tables_of_products(program, ["dcir"]))
    sqls = runner.statements(program, steps, 1500, 42, [2019, 2020], chunk_patients=600)
    prs = [q.split(" SELECT ")[0] for q in sqls if " ER_PRS_F " in q.split(" SELECT ")[0] + " "]
    assert prs == ["CREATE OR REPLACE TABLE ER_PRS_F AS", "INSERT INTO ER_PRS_F", "INSERT INTO ER_PRS_F"]
    sums = []
    for queries in (runner.statements(program, steps, 1500, 42, [2019, 2020]), sqls):
        con = duckdb.connect()
        for q in queries:
            con.execute(q)
        cols = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'ER_PRS_F' ORDER BY ordinal_position"
        ).fetchall()
        sums.append(con.execute(runner.checksum_sql("ER_PRS_F", cols)).fetchone())
    assert sums[0][0] > 10_000
    assert sums[1] == sums[0]


def test_a_request_too_big_uncompressed_goes_to_a_compressed_database():
    con = duckdb.connect()
    con.execute("SET memory_limit = '1.5GiB'")
    con.execute("CREATE TABLE mine AS SELECT 42 AS answer")
    synth.generate(con, patients=200, seed=1, years="2019", products="dcir")
    # Refused even compressed: the connection is left as it was.
    with pytest.raises(synth.SynthRequestError, match=r"at most \d+ patients"):
        synth.generate(con, patients=1_000_000, seed=1, years="2019")
    assert con.execute("SELECT current_database()").fetchone()[0] == "memory"
    assert con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = 'snds_lab'").fetchone()[0] == 0
    # Too big for the uncompressed database (about 24,000 patients), not for a compressed one.
    report = synth.generate(con, patients=30_000, seed=1, years="2019", products="dcir")
    assert con.execute("SELECT current_database()").fetchone()[0] == "snds_lab"
    assert con.execute("SELECT count(*) FROM ER_PRS_F").fetchone()[0] > 500_000
    assert con.execute("SELECT answer FROM memory.mine").fetchone()[0] == 42
    # The new dataset replaced the small one: no copy of its tables is left in memory.
    assert user_tables(con) == set(report.tables) | {"mine"}
    assert "ER_PRS_F" in report.tables


def test_a_failed_run_in_a_compressed_database_leaves_the_connection_as_it_was():
    con = duckdb.connect()
    con.execute("SET memory_limit = '1.5GiB'")

    def execute(sql: str):
        if sql.startswith("CREATE OR REPLACE TABLE ER_PHA_F"):
            raise duckdb.OutOfMemoryException("out of memory (simulated)")
        return con.execute(sql)

    with pytest.raises(duckdb.OutOfMemoryException):
        synth.generate(execute, patients=30_000, seed=1, years="2019", products="dcir")
    assert con.execute("SELECT current_database()").fetchone()[0] == "memory"
    assert con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = 'snds_lab'").fetchone()[0] == 0


def test_chunks_are_refused_inside_a_transaction_which_survives():
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS snds_lab (COMPRESS)")
    con.execute("USE snds_lab")
    con.execute("BEGIN")
    con.execute("CREATE TABLE mine AS SELECT 1 AS x")
    with pytest.raises(synth.SynthRequestError, match="COMMIT or ROLLBACK first"):
        synth.generate(con, patients=25_000, seed=1, years="2019", products="dcir")
    assert con.execute("SELECT x FROM mine").fetchone()[0] == 1
    con.execute("COMMIT")
