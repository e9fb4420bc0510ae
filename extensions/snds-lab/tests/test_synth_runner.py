"""The native runner leaves the user's database with the chosen tables and nothing else."""

from __future__ import annotations

import re
import threading
import time

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


def checksum_after(queries: list[str], table: str) -> tuple:
    """Runs `queries` on a new database, then returns the checksum of `table`."""
    from snds.synth import runner

    con = duckdb.connect()
    for q in queries:
        con.execute(q)
    cols = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return con.execute(runner.checksum_sql(table, cols)).fetchone()


def test_chunks_of_persons_make_the_same_rows():
    from snds.synth import runner

    program = runner.load_program()
    steps = runner.plan(program, runner.tables_of_products(program, ["dcir"]))
    sqls = runner.statements(program, steps, 1500, 42, [2019, 2020], chunk_patients=600)
    first = next(k for k, q in enumerate(sqls) if " ER_PRS_F AS SELECT " in q)
    # Planned once: the insert is prepared, then run per chunk of persons.
    assert [q.split(" SELECT ")[0] for q in sqls[first : first + 8]] == [
        "CREATE OR REPLACE TABLE ER_PRS_F AS",
        "CHECKPOINT",
        "PREPARE snds_synth_chunk AS INSERT INTO ER_PRS_F",
        "EXECUTE snds_synth_chunk(500, 1000)",
        "CHECKPOINT",
        "EXECUTE snds_synth_chunk(1000, 1500)",
        "CHECKPOINT",
        "DEALLOCATE snds_synth_chunk",
    ]
    assert "p.i >= $1 AND p.i < $2" in sqls[first + 2]
    sums = [
        checksum_after(queries, "ER_PRS_F")
        for queries in (runner.statements(program, steps, 1500, 42, [2019, 2020]), sqls)
    ]
    assert sums[0][0] > 10_000
    assert sums[1] == sums[0]


def test_yy_plus_t_names_the_year_t_after_the_first_like_the_node_runner():
    from snds.synth import runner

    years = [2099, 2100, 2101]
    assert runner.render("_stay_{{yy+0}} _stay_{{yy+1}} _stay_{{yy+2}}", 100, 0, years) == (
        "_stay_99 _stay_00 _stay_01"
    )
    assert runner.render("_stay_{{yy}} {{yy+1}}", 100, 0, years, 2101) == "_stay_01 00"


def test_parts_for_longer_periods_are_dropped_and_change_no_row():
    from snds.synth import runner

    sql = "CASE WHEN a THEN 0 /*years>1*/WHEN b THEN 1 /*end*/ /*years>2*/WHEN c THEN 2 /*end*/END"
    assert runner.render(sql, 100, 0, [2019]) == "CASE WHEN a THEN 0  END"
    two = runner.render(sql, 100, 0, [2019, 2020])
    assert "WHEN b THEN 1" in two and "WHEN c" not in two
    # The program's year branches (deaths, new cases, ends) kept or dropped: the same people.
    program = runner.load_program()
    assert any("/*years>" in q for s in program["steps"] for q in s["sql"])
    kept = {**program, "steps": [
        {**s, "sql": [re.sub(r"/\*(years>\d+|end)\*/", "", q) for q in s["sql"]]} for s in program["steps"]
    ]}
    sums, sizes = [], []
    for prog in (program, kept):
        steps = runner.plan(prog, runner.tables_of_products(prog, ["beneficiaire"]))
        queries = runner.statements(prog, steps, 800, 5, [2019])
        sizes.append(len("".join(queries)))
        sums.append(checksum_after(queries, "_person"))
    assert sizes[0] < sizes[1]
    assert sums[0][0] == 800
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
    # Too big for the uncompressed database (about 22,000 patients), not for a compressed one
    # (about 26,000).
    report = synth.generate(con, patients=25_000, seed=1, years="2019", products="dcir")
    assert con.execute("SELECT current_database()").fetchone()[0] == "snds_lab"
    assert con.execute("SELECT count(*) FROM ER_PRS_F").fetchone()[0] > 500_000
    assert con.execute("SELECT answer FROM memory.mine").fetchone()[0] == 42
    # The new dataset replaced the small one: no copy of its tables is left in memory.
    assert user_tables(con) == set(report.tables) | {"mine"}
    assert "ER_PRS_F" in report.tables


def test_a_compressed_run_on_one_connection_makes_its_work_tables_temp():
    """TEMP work tables skip the compression that their drop would throw away; the rows are
    those of a run in DuckDB's own database, and no work table is left."""
    sums = []
    for compressed in (False, True):
        con = duckdb.connect()
        if compressed:
            con.execute("ATTACH ':memory:' AS snds_lab (COMPRESS)")
            con.execute("USE snds_lab")
        ran = []

        def execute(sql: str, con=con, ran=ran):
            ran.append(sql)
            return con.execute(sql)

        report = synth.generate(execute, patients=300, seed=2, years="2019", products="dcir")
        work = [q for q in ran if re.match(r"CREATE OR REPLACE (TEMP )?TABLE _", q)]
        assert len(work) > 5
        assert all(q.startswith("CREATE OR REPLACE TEMP TABLE _") == compressed for q in work)
        assert user_tables(con) == set(report.tables)
        sums.append(table_sums(con))
    assert sums[0]["ER_PRS_F"][0] > 1000
    assert sums[1] == sums[0]


def test_a_failed_run_in_a_compressed_database_leaves_the_connection_as_it_was():
    con = duckdb.connect()
    con.execute("SET memory_limit = '1.5GiB'")

    def execute(sql: str):
        if sql.startswith("CREATE OR REPLACE TABLE ER_PHA_F"):
            raise duckdb.OutOfMemoryException("out of memory (simulated)")
        return con.execute(sql)

    with pytest.raises(duckdb.OutOfMemoryException):
        synth.generate(execute, patients=25_000, seed=1, years="2019", products="dcir")
    assert con.execute("SELECT current_database()").fetchone()[0] == "memory"
    assert con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = 'snds_lab'").fetchone()[0] == 0


def test_a_run_failing_between_chunks_lets_their_prepared_statement_go():
    con = duckdb.connect()
    con.execute("SET memory_limit = '1.5GiB'")
    ran = []

    def execute(sql: str):
        ran.append(sql.split(" ")[0])
        if sql.startswith("EXECUTE snds_synth_chunk"):
            raise duckdb.OutOfMemoryException("out of memory (simulated)")
        return con.execute(sql)

    with pytest.raises(duckdb.OutOfMemoryException):
        synth.generate(execute, patients=25_000, seed=1, years="2019", products="dcir")
    assert ran.count("PREPARE") == 1
    with pytest.raises(duckdb.Error, match="snds_synth_chunk"):
        con.execute("EXECUTE snds_synth_chunk(0, 1)")


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


# --- Independent steps at once, on cursors of one native connection (parallel.py) ---

TABLE_WRITE = re.compile(
    r"\b(?:CREATE OR REPLACE TABLE|CREATE TABLE|INSERT INTO|ALTER TABLE|UPDATE|DROP TABLE IF EXISTS)"
    r"\s+(\w+)",
    re.I,
)
# What a step's statements may start with. A TEMP table, a view or a macro would belong to
# one cursor: the test below fails on any other statement, to be looked at first.
STEP_STATEMENT = re.compile(
    r"(CREATE OR REPLACE TABLE|CREATE TABLE|INSERT INTO|DROP TABLE IF EXISTS) \w+(?:[ (]|$)"
)


def table_sums(con) -> dict[str, tuple]:
    from snds.synth import runner

    sums = {}
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
        cols = con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
        sums[table] = con.execute(runner.checksum_sql(table, cols)).fetchone()
    return sums


def test_every_table_a_step_reads_is_among_its_dependencies():
    """Steps run as soon as their deps are done: a table read but not named would be a race."""
    from snds.synth import runner

    program = runner.load_program()
    steps = {s["id"]: s for s in program["steps"]}
    sql = {i: "\n".join(runner.step_statements(s, 500, 1, [2019, 2020])) for i, s in steps.items()}
    writes = {i: {t.lower() for t in TABLE_WRITE.findall(q)} for i, q in sql.items()}

    def before(step_id: str, seen: set[str]) -> set[str]:
        for dep in steps[step_id]["deps"]:
            if dep not in seen:
                seen.add(dep)
                before(dep, seen)
        return seen

    unknown = [
        q[:60]
        for s in steps.values()
        for q in runner.step_statements(s, 500, 1, [2019, 2020])
        if not STEP_STATEMENT.match(q)
    ]
    assert unknown == []
    missing = []
    for i, q in sql.items():
        words = set(re.findall(r"\w+", q.lower()))
        upstream = before(i, set())
        for j, tables in writes.items():
            if j != i and j not in upstream and tables & words:
                missing.append(f"{i} uses {sorted(tables & words)} of {j}")
    assert sum(len(w) for w in writes.values()) > 200
    assert missing == []


def test_steps_run_at_once_make_the_same_rows_as_one_by_one():
    from snds.synth.parallel import parallel_workers

    sums = []
    for threads in (1, 2):
        con = duckdb.connect()
        con.execute(f"SET threads = {threads}")
        assert parallel_workers(con) == threads
        synth.generate(con, patients=1500, seed=7, years="2019-2020")
        sums.append(table_sums(con))
    assert len(sums[0]) > 300
    assert sums[1] == sums[0]


def test_a_big_er_prs_f_is_made_in_parts_on_several_cursors():
    from snds.synth import runner

    program = runner.load_program()
    steps = runner.plan(program, runner.tables_of_products(program, ["dcir"]))

    def jobs(patients: int, workers: int):
        priority = runner.critical_paths(steps, patients, [2019])
        made = runner.parallel_jobs(steps, patients, 1, [2019], workers, priority)
        return {job_id: (deps, sql) for job_id, deps, sql in made}, priority

    for patients, workers in ((40_000, 1), (20_000, 2)):  # one core, or too few persons
        assert not [j for j in jobs(patients, workers)[0] if "#" in j]
    made, priority = jobs(40_000, 2)
    prs = "table:ER_PRS_F"
    empty, parts = f"{prs}#empty", [f"{prs}#part0", f"{prs}#part1"]
    assert [j for j in made if j.startswith(prs)] == [empty, *parts, prs]
    assert made[empty][1][0].startswith("CREATE OR REPLACE TABLE ER_PRS_F (BEN_AMA_COD INTEGER, ")
    for k, part in enumerate(parts):
        assert made[part][0] == [empty]
        assert made[part][1][0].startswith("INSERT INTO ER_PRS_F SELECT ")
        assert f"p.i >= {20_000 * k} AND p.i < {20_000 * (k + 1)} " in made[part][1][0]
    assert made[prs] == (parts, [])
    assert prs in made["table:ER_PHA_F"][0]  # dependents wait for every part
    others = max(v for k, v in priority.items() if not k.startswith(prs))
    assert priority[empty] > priority[parts[0]] == priority[parts[1]] > others


def jobs_and_sums_on_1_then_2_threads(monkeypatch, compressed: bool):
    """Generates 1,500 patients with 1 then 2 threads (persons per chunk and per part: 500);
    returns the jobs made for 2 threads and each run's table checksums."""
    from snds.synth import runner

    made = []
    jobs = runner.parallel_jobs
    monkeypatch.setattr(runner, "parallel_jobs", lambda *a: made.extend(jobs(*a)) or made)
    monkeypatch.setattr(runner, "SPLIT_PATIENTS", 500)
    monkeypatch.setattr(runner, "CHUNK_PATIENTS", 500)
    sums = []
    for threads in (1, 2):
        con = duckdb.connect()
        con.execute(f"SET threads = {threads}")
        if compressed:
            con.execute("ATTACH ':memory:' AS snds_lab (COMPRESS)")
            con.execute("USE snds_lab")
        synth.generate(con, patients=1500, seed=7, years="2019-2020")
        sums.append(table_sums(con))
    return made, sums


def test_parts_of_er_prs_f_make_the_same_rows_as_one_statement(monkeypatch):
    made, sums = jobs_and_sums_on_1_then_2_threads(monkeypatch, compressed=False)
    assert [j for j, _, _ in made if j.startswith("table:ER_PRS_F#part")] == [
        "table:ER_PRS_F#part0",
        "table:ER_PRS_F#part1",
    ]
    assert sums[0]["ER_PRS_F"][0] > 10_000
    assert sums[1] == sums[0]
    # In native DuckDB's own database, each part materializes its dated lines.
    parts = [sql for j, _, sql in made if j.startswith("table:ER_PRS_F#part")]
    assert all("), dated AS MATERIALIZED (" in sql[0] for sql in parts)


def test_a_chunked_step_s_empty_table_has_the_columns_its_statement_makes(monkeypatch):
    from snds.synth import runner

    program = runner.load_program()
    chunked = [s for s in program["steps"] if s.get("chunked")]
    assert [s["table"] for s in chunked] == ["ER_PRS_F"]
    # 100 persons: one statement makes the table; its helper columns stay without the cleanup.
    monkeypatch.setattr(runner, "cleanup_statements", lambda *a: [])
    con = duckdb.connect()
    synth.generate(con, patients=100, seed=1, years=2019, products=["dcir"])
    columns = (
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position"
    )
    for step in chunked:
        con.execute(step["empty"].replace(f"TABLE {step['table']} (", "TABLE empty (", 1))
        # The helper columns (dropped at cleanup) are cast to types written in compile.ts: the
        # casts must not change what their values are.
        helpers = [sql.rsplit(" ", 1)[1] for sql in step["cleanup"]]
        uncast = step["sql"][0]
        for h in helpers:
            uncast = re.sub(rf"CAST\(d\.{h} AS [^)]+\)?\) AS {h}\b", f"d.{h} AS {h}", uncast)
        assert "d._r AS _r" in uncast and len(helpers) == 10
        con.execute(runner.chunk_sql(uncast, 0, 100, True, 100, 1, [2019]).replace(
            f"TABLE {step['table']} AS", "TABLE uncast AS", 1))
        made, empty, uncast = (
            con.execute(columns, [t]).fetchall() for t in (step["table"], "empty", "uncast")
        )
        assert len(made) > 100 and ("_r", "BIGINT") in made
        assert empty == made
        assert uncast == made


def test_the_materialized_cte_changes_no_row(monkeypatch):
    from snds.synth import runner

    sums = []
    for materialize in (True, False):
        if not materialize:
            monkeypatch.setattr(runner, "materialized", lambda steps: steps)
        con = duckdb.connect()
        synth.generate(con, patients=1500, seed=7, years="2019-2020")
        sums.append(table_sums(con))
    assert sums[0]["ER_PRS_F"][0] > 10_000
    assert sums[1] == sums[0]


def test_a_compressed_run_appends_its_chunks_together_and_checkpoints_after_each_round():
    from snds.synth import runner

    program = runner.load_program()
    steps = runner.plan(program, runner.tables_of_products(program, ["dcir"]))
    priority = runner.critical_paths(steps, 100_000, [2019])
    made = runner.parallel_jobs(steps, 100_000, 1, [2019], 2, priority, 20_000, 2)
    jobs = {job_id: (deps, sql) for job_id, deps, sql in made}
    prs = "table:ER_PRS_F"
    chunks = [f"{prs}#chunk{k}" for k in range(5)]
    checkpoints = [f"{prs}#checkpoint{r}" for r in range(3)]
    assert [j for j in jobs if j.startswith(prs)] == [
        f"{prs}#empty", *chunks[:2], checkpoints[0], *chunks[2:4], checkpoints[1], chunks[4], checkpoints[2], prs
    ]
    assert jobs[f"{prs}#empty"][1][0].startswith("CREATE OR REPLACE TABLE ER_PRS_F (")
    for k, chunk in enumerate(chunks):
        assert jobs[chunk][0] == ([f"{prs}#empty"] if k < 2 else [checkpoints[k // 2 - 1]])
        assert jobs[chunk][1][0].startswith("INSERT INTO ER_PRS_F SELECT ")
        assert f"p.i >= {20_000 * k} AND p.i < {20_000 * (k + 1)} " in jobs[chunk][1][0]
    assert [jobs[c] for c in checkpoints] == [
        (chunks[:2], ["CHECKPOINT"]),
        (chunks[2:4], ["CHECKPOINT"]),
        ([chunks[4]], ["CHECKPOINT"]),
    ]
    assert jobs[prs] == ([checkpoints[2]], [])
    assert prs in jobs["table:ER_PHA_F"][0]
    assert not [j for j in jobs if "#part" in j]  # no parts besides the chunks


def test_chunks_go_together_only_as_far_as_memory_allows():
    from snds.synth import runner

    program = runner.load_program()
    steps = runner.plan(program, runner.tables_of_products(program, None))
    one, two = (runner.estimate_bytes(steps, 300_000, [2019], True, n) for n in (1, 2))
    assert two > one
    assert runner.chunks_together(steps, 300_000, [2019], two, 4) == 2
    assert runner.chunks_together(steps, 300_000, [2019], two - 1, 4) == 1
    assert runner.chunks_together(steps, 300_000, [2019], 10 * two, 4) == 4
    assert runner.chunks_together(steps, 300_000, [2019], 10 * two, 1) == 1
    assert runner.chunks_together(steps, 30_000, [2019], 10 * two, 8) == 2  # its 2 chunks


def test_the_care_tables_count_once_per_generated_year_in_the_estimate():
    from snds.synth import runner

    program = runner.load_program()
    steps = runner.plan(program, runner.tables_of_products(program, None))
    care = [s for s in steps if s.get("table") in ("ER_PRS_F", "ER_PHA_F", "ER_BIO_F")]
    people = [s for s in steps if s.get("table") == "IR_BEN_R"]
    assert len(care) == 3 and people
    for chosen, times in ((care, 3), (people, 1)):
        one, three = (runner.estimate_bytes(chosen, 10_000, years) for years in ([2019], [2019, 2020, 2021]))
        assert three == pytest.approx(times * one, rel=0.001)


def test_the_ranges_of_chunks_and_parts_cover_the_persons_once():
    from snds.synth import runner

    for patients, n in [
        (1_501, runner.chunk_count(1_501, 500)),
        (310_001, runner.chunk_count(310_001, runner.CHUNK_PATIENTS)),
        (31_001, 2),
        (7, 7),
    ]:
        ranges = runner.person_ranges(patients, n)
        assert len(ranges) == n
        assert ranges[0][0] == 0 and ranges[-1][1] == patients
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
        assert all(lo < hi for lo, hi in ranges)


def test_chunks_made_together_in_a_compressed_database_give_the_same_rows(monkeypatch):
    made, sums = jobs_and_sums_on_1_then_2_threads(monkeypatch, compressed=True)
    assert [j for j, _, _ in made if j.startswith("table:ER_PRS_F#")] == [
        "table:ER_PRS_F#empty",
        "table:ER_PRS_F#chunk0",
        "table:ER_PRS_F#chunk1",
        "table:ER_PRS_F#checkpoint0",
        "table:ER_PRS_F#chunk2",
        "table:ER_PRS_F#checkpoint1",
    ]
    assert sums[0]["ER_PRS_F"][0] > 10_000
    assert sums[1] == sums[0]
    # Made for requests near the memory limit: no materialized CTE holds more of it.
    assert not [j for j, _, sql in made if any("AS MATERIALIZED (" in q or "{{" in q for q in sql)]
    # Every cursor reads the work tables: none is TEMP, which only its own cursor would see.
    assert not [j for j, _, sql in made if any(" TEMP " in q for q in sql)]


def scripted_connection(run):
    """A stand-in for a DuckDB connection whose cursors hand each statement to ``run``: the
    scheduler tested alone, its timing under the test's control."""

    class Cursor:
        def execute(self, sql):
            run(sql)

        def interrupt(self):
            pass  # like DuckDB's between two statements: nothing to stop

        def close(self):
            pass

    class Connection(Cursor):
        def execute(self, sql):
            return duckdb.connect().execute("SELECT 'memory', 'main'")

        def cursor(self):
            return Cursor()

    return Connection()


def test_independent_steps_run_at_the_same_time_and_dependents_after():
    from snds.synth.parallel import run_steps

    both = threading.Barrier(2, timeout=10)
    events = []

    def run(sql):
        if sql.startswith("wait"):
            both.wait()  # fails unless the two independent steps run at once
        events.append(sql)

    jobs = [
        ("a", [], ["wait a", "a done"]),
        ("b", [], ["wait b", "b done"]),
        ("c", ["a", "b"], ["c"]),
    ]
    counts = []
    run_steps(scripted_connection(run), jobs, 2, on_statements=counts.append)
    assert events[-1] == "c" and {"a done", "b done"} <= set(events[:-1])
    assert counts[-1] == 5


def test_a_checkpoint_runs_alone_once_the_steps_before_it_end():
    from snds.synth.parallel import run_steps

    lock = threading.Lock()
    running = []
    seen = []

    def run(sql):
        if sql.startswith("USE"):
            return
        with lock:
            running.append(sql)
            seen.append(sorted(running))
        time.sleep(0.05)
        with lock:
            running.remove(sql)

    jobs = [
        ("a", [], ["a"]),
        ("b", [], ["b"]),
        ("ck", ["a"], ["CHECKPOINT"]),
        ("c", [], ["c"]),
        ("d", [], ["d"]),
    ]
    run_steps(scripted_connection(run), jobs, 3, priority={"ck": 1.0})
    assert ["a", "b", "c"] in seen  # steps do run at once
    assert ["CHECKPOINT"] in seen
    assert not [s for s in seen if "CHECKPOINT" in s and len(s) > 1]
    # Ready, the checkpoint goes before d: d waits for it rather than run beside it.
    assert seen.index(["CHECKPOINT"]) < min(k for k, s in enumerate(seen) if "d" in s)


def test_ready_steps_start_by_priority_then_in_the_plans_order():
    from snds.synth.parallel import run_steps

    events = []
    jobs = [("a", [], ["a"]), ("b", [], ["b"]), ("c", [], ["c"]), ("d", ["a"], ["d"])]
    run_steps(scripted_connection(events.append), jobs, 1, priority={"c": 2.0, "a": 1.0})
    assert [e for e in events if not e.startswith("USE")] == ["c", "a", "b", "d"]


def test_the_chain_to_er_prs_f_comes_first():
    from snds.synth.runner import critical_paths, load_program, plan, tables_of_products

    program = load_program(None)
    steps = plan(program, tables_of_products(program, None))
    paths = critical_paths(steps, 10_000, [2019])
    deps = {s["id"]: s["deps"] for s in steps}
    before, todo = set(), ["table:ER_PRS_F"]
    while todo:
        for d in deps[todo.pop()]:
            if d in deps and d not in before:
                before.add(d)
                todo.append(d)
    # Only the steps ER_PRS_F waits for come before it (_person, _pools, …).
    assert {k for k, v in paths.items() if v > paths["table:ER_PRS_F"]} == before
    assert "internal:_person" in before
    assert paths["table:ER_PRS_F"] > 5 * max(
        v for k, v in paths.items() if k not in before | {"table:ER_PRS_F"}
    )


def test_after_a_failure_no_step_starts_another_statement():
    """DuckDB drops the interrupt of a cursor between statements: the scheduler's own flag stops it."""
    from snds.synth.parallel import run_steps

    events = []

    def run(sql):
        if sql == "fail":
            time.sleep(0.1)
            raise RuntimeError("boom")
        if sql == "slow":
            time.sleep(0.6)
        events.append(sql)

    jobs = [("a", [], ["fail"]), ("b", [], ["slow", "after"]), ("c", [], ["later"])]
    with pytest.raises(RuntimeError, match="boom"):
        run_steps(scripted_connection(run), jobs, 2)
    assert events == ["USE \"memory\".\"main\"", "USE \"memory\".\"main\"", "slow"]


def test_a_failed_step_stops_the_run_and_leaves_the_connection_usable(failing_step):
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("CREATE TABLE mine AS SELECT 42 AS answer")
    with pytest.raises(duckdb.CatalogException, match="a_table_that_does_not_exist"):
        synth.generate(con, patients=300, seed=1, years="2019")
    assert not [t for t in user_tables(con) if t.startswith("_")]
    assert con.execute("SELECT answer FROM mine").fetchone() == (42,)


def optimizer_setting(con) -> str:
    return con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]


def test_a_run_keeps_the_users_optimizer_setting(failing_step):
    """The program turns DuckDB's join-order optimizer off for its own statements only."""
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET disabled_optimizers = 'filter_pushdown'")
    seen = []
    synth.generate(
        con, patients=200, seed=1, years="2019", products="beneficiaire",
        on_statements=lambda n: seen.append(optimizer_setting(con)),
    )
    assert set(seen) == {"filter_pushdown,join_order"}
    assert optimizer_setting(con) == "filter_pushdown"
    with pytest.raises(duckdb.CatalogException, match="a_table_that_does_not_exist"):
        synth.generate(con, patients=200, seed=1, years="2019")
    assert optimizer_setting(con) == "filter_pushdown"
    assert con.execute("SELECT count(*) FROM duckdb_variables()").fetchone() == (0,)


def test_a_failed_cleanup_still_puts_the_optimizer_setting_back(monkeypatch):
    from snds.synth import runner

    real = runner.cleanup_statements
    monkeypatch.setattr(
        runner,
        "cleanup_statements",
        lambda *args: [*real(*args), "DROP TABLE a_table_that_does_not_exist"],
    )
    con = duckdb.connect()
    with pytest.raises(duckdb.CatalogException, match="a_table_that_does_not_exist"):
        synth.generate(con, patients=200, seed=1, years="2019", products="beneficiaire")
    assert optimizer_setting(con) == ""


def test_the_prologue_names_only_optimizers_the_engine_has():
    """A DuckDB without one of the optimizers the program turns off still runs it."""
    from snds.synth import runner

    program = runner.load_program()
    con = duckdb.connect()
    con.execute("SET disabled_optimizers = 'filter_pushdown'")
    for sql in program["prologue"]:
        con.execute(sql.replace("'join_order'", "'join_order', 'an_optimizer_of_another_version'"))
    assert optimizer_setting(con) == "filter_pushdown,join_order"
    for sql in program["epilogue"]:
        con.execute(sql)
    assert optimizer_setting(con) == "filter_pushdown"


def test_an_interrupted_run_stops_and_cleans_up():
    con = duckdb.connect()
    con.execute("SET threads = 2")
    seen = []

    def stop_after_50(n: int) -> None:
        seen.append(n)
        if n >= 50:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        synth.generate(con, patients=300, seed=1, years="2019", on_statements=stop_after_50)
    assert max(seen) < 60
    assert not [t for t in user_tables(con) if t.startswith("_")]
    assert con.execute("SELECT 1").fetchone() == (1,)
    assert optimizer_setting(con) == ""


def test_steps_run_at_once_land_in_the_connections_current_database():
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("ATTACH ':memory:' AS study")
    con.execute("USE study")
    report = synth.generate(con, patients=200, seed=1, years="2019", products="dcir")
    made = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'study'"
        ).fetchall()
    }
    assert set(report.tables) == made
    assert con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'memory'"
    ).fetchone() == (0,)
