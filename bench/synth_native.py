"""Native DuckDB side of bench/synth.mjs: the generator and its floor, timed in one process.

    python bench/synth_native.py PROGRAM.json PATIENTS YEAR

Prints one JSON line: generation seconds, rows, and the floor (the same tables, row counts and
column types materialised from range() with constants) in seconds.
"""

from __future__ import annotations

import json
import sys
import time

import duckdb

from snds import synth

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
    con.execute("SET threads = 1")
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
    floor.execute("SET threads = 1")
    start = time.perf_counter()
    for table, rows, columns in shapes:
        floor.execute(floor_sql(table, rows, columns))
    floor_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": report.seconds,
                "rows": sum(r for _, r, _ in shapes),
                "cells": sum(r * len(c) for _, r, c in shapes),
                "floorSeconds": floor_seconds,
                "duckdb": duckdb.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
