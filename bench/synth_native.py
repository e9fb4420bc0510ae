"""Native DuckDB side of bench/synth.mjs: the generator and its floor, timed in one process.

    python bench/synth_native.py PROGRAM.json PATIENTS YEAR

Prints one JSON line: generation seconds, rows, and the floor (the same tables, row counts and
column types materialised from range() with constants) in seconds.

Both run with DuckDB's default settings, as users run the generator. The generator runs
independent steps at once on cursors of its connection, as many as DuckDB's threads; the floor
runs its tables the same way, through the same scheduler, so the two get the same cores.
"""

from __future__ import annotations

import json
import sys
import time

import duckdb

from snds import synth
from snds.synth.parallel import parallel_workers, run_steps

CONSTANTS = {
    "VARCHAR": "'0'",
    "DATE": "DATE '2019-01-01'",
    "TIMESTAMP": "TIMESTAMP '2019-01-01 00:00:00'",
    "BOOLEAN": "false",
}


def floor_sql(table: str, rows: int, columns: list[tuple[str, str]]) -> str:
    cells = ", ".join(
        f"CAST({CONSTANTS.get(t, '0')} AS {t}) AS \"{c}\"" for c, t in columns
    )
    return f"CREATE OR REPLACE TABLE {table} AS SELECT {cells} FROM range({rows})"


def main() -> None:
    program, patients, year = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    con = duckdb.connect()
    report = synth.generate(con, patients=patients, seed=0, years=year, program_path=program)
    shapes = []
    for table in report.tables:
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        columns = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        shapes.append((table, rows, columns))
    floor = duckdb.connect()
    workers = parallel_workers(floor)
    jobs = [(table, [], [floor_sql(table, rows, columns)]) for table, rows, columns in shapes]
    start = time.perf_counter()
    run_steps(floor, jobs, workers)
    floor_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": report.seconds,
                "rows": sum(r for _, r, _ in shapes),
                "cells": sum(r * len(c) for _, r, c in shapes),
                "floorSeconds": floor_seconds,
                "workers": workers,
                "duckdb": duckdb.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
