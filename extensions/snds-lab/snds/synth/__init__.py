"""Synthetic SNDS: the generator compiled by packages/synth, run on any DuckDB.

The program (``snds/_data/synth_program.json``, written at build time) is a list of portable
SQL statements. :func:`generate` renders them for a size, seed and years, and runs them
through one callable that executes a statement, so the same code drives native DuckDB in
CPython and DuckDB-WASM in Pyodide.

>>> import duckdb, snds.synth
>>> con = duckdb.connect()
>>> report = snds.synth.generate(con, patients=1000, seed=1, years=2019)
"""

from __future__ import annotations

from .runner import (
    PRODUCT_ALIASES,
    GenerateReport,
    SynthRequestError,
    checksum_sql,
    estimate_bytes,
    generate,
    load_program,
    parse_years,
    plan,
    statements,
)

__all__ = [
    "generate",
    "GenerateReport",
    "SynthRequestError",
    "PRODUCT_ALIASES",
    "load_program",
    "parse_years",
    "plan",
    "statements",
    "estimate_bytes",
    "checksum_sql",
]
