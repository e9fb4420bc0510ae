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


def hint(message: str, loaded_tables: list[str], dataset: dict | None = None) -> str | None:
    """A line to add under DuckDB's message, or None. ``dataset`` is the kernel's record of
    its generated data (kernel_engine.dataset), for a generate() call that keeps it."""
    table = missing_table(message)
    if table:
        names = dictionary.table_names()
        if table.upper() in {n.upper() for n in names} or dictionary.is_per_year(table):
            return snds_table_hint(table, dataset)
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


def snds_table_hint(table: str, dataset: dict | None) -> str:
    """What to call to have the SNDS table ``table``: a generate() call that keeps the loaded
    dataset's patients, seed, years and products, and adds the year and product it needs."""
    from .synth.runner import FIRST_YEAR, LAST_YEAR, load_program, tables_of_products, years_text

    product = dictionary.product_of(table)
    year = dictionary.year_of(table)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        return (
            f"{table} is the {product} table of {year}, a year the generator cannot make: "
            f"it makes {FIRST_YEAR} to {LAST_YEAR}."
        )
    if dataset is None:
        call = generate_call(None, None, [year] if year else [], [product.lower()])
        return _not_generated(table, product, call)
    program = load_program()
    products, years = dataset["products"], list(dataset["years"])
    has_product = dictionary.find(table)["name"] in tables_of_products(program, products)
    if not has_product:
        products = [*products, product.lower()]
    has_year = year is None or year in years
    years, note = (years, "") if has_year else _with_year(years, year, program["limits"]["maxYears"])
    call = generate_call(dataset["patients"], dataset["seed"], years, products) + note
    if not has_year:
        have = years_text(dataset["years"])
        return (
            f"{table} is the {product} table of {year}, a year not generated in this kernel "
            f"(its dataset covers {have}): add it with {call}."
        )
    if not has_product:
        return _not_generated(table, product, call)
    return (
        f"{table} is an SNDS table ({product}) of this kernel's dataset, but it is gone: "
        f"make it again with {call}."
    )


def _with_year(years: list[int], year: int, most: int) -> tuple[list[int], str]:
    """The loaded years and ``year``, and what the call gives up when they span too many."""
    from .synth.runner import years_text

    span = list(range(min(year, years[0]), max(year, years[-1]) + 1))
    if len(span) <= most:
        return span, ""
    return [year], (
        f" (a dataset spans at most {most} consecutive years: this call replaces "
        f"{years_text(years)} with {year})"
    )


def _not_generated(table: str, product: str, call: str) -> str:
    return f"{table} is an SNDS table ({product}) that is not generated in this kernel: add it with {call}."


def generate_call(patients, seed, years: list[int], products: list[str] | None) -> str:
    """The snds.generate() call of a request; arguments left unknown (None, []) are left out."""
    from .synth.runner import years_text

    args = [] if patients is None else [f"patients={patients}", f"seed={seed}"]
    if years:
        args.append(f"years={years[0]}" if len(years) == 1 else f"years={years_text(years)!r}")
    if products is not None:
        args.append(f"products={list(products)!r}")
    return f"snds.generate({', '.join(args)})"
