"""Turns DuckDB's 'not found' errors into SNDS suggestions."""

from __future__ import annotations

import difflib
import re

from . import dictionary

_MISSING_TABLE = re.compile(r"Table with name (\S+) does not exist", re.I)
_MISSING_COLUMN = re.compile(r'Referenced column "?([^"\s]+)"? not found', re.I)


def closest(name: str, candidates, n: int = 3) -> list[str]:
    upper: dict[str, str] = {}
    for c in candidates:
        # Prefer the usual upper-case spelling (CARTOGRAPHIE columns are lower-case).
        if c.upper() not in upper or c.isupper():
            upper[c.upper()] = c
    found = difflib.get_close_matches(name.upper(), list(upper), n=n, cutoff=0.6)
    return [upper[f] for f in found]


def missing_table(message: str) -> str | None:
    match = _MISSING_TABLE.search(message)
    return match.group(1).strip('"') if match else None


def hint(message: str, loaded_tables: list[str]) -> str | None:
    """A line to add under DuckDB's message, or None."""
    table = missing_table(message)
    if table:
        names = dictionary.table_names()
        if table.upper() in {n.upper() for n in names} or dictionary.is_per_year(table):
            product = dictionary.product_of(table)
            return (
                f"{table} is an SNDS table ({product}) that is not generated in this kernel: "
                f"add it with snds.generate(products=[{product.lower()!r}])."
            )
        found = closest(table, names + loaded_tables)
        if found:
            return f"Unknown table {table}: did you mean {', '.join(found)}?"
        return None
    match = _MISSING_COLUMN.search(message)
    if match:
        column = match.group(1).split(".")[-1]
        holders = dictionary.tables_with_column(column)
        if holders:
            shown = ", ".join(holders[:5]) + (", …" if len(holders) > 5 else "")
            return f"{column} is not in the tables of this query; it is a column of {shown}."
        found = closest(column, dictionary.column_names())
        if found:
            return f"Unknown column {column}: did you mean {', '.join(found)}?"
    return None
