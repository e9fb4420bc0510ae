"""Command line of the snds helper, on native DuckDB (no Node needed).

    python -m snds generate --patients N --seed S --years 2019[-2020] [--products dcir,pmsi]
                            --out DIR [--format csv|parquet|arrow]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

FORMATS = ("csv", "parquet", "arrow")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m snds", description="Synthetic SNDS on native DuckDB."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser(
        "generate", help="generate every SNDS table (or some products) into a folder"
    )
    gen.add_argument("--patients", type=int, default=10_000, help="100 to 1,000,000")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--years", default="2019", help="a year or a range, e.g. 2019-2020")
    gen.add_argument("--products", help="e.g. dcir,pmsi (all products when absent)")
    gen.add_argument("--out", required=True, help="the folder to write, one file per table")
    gen.add_argument("--format", choices=FORMATS, default="parquet")
    return parser


def _too_many(patients: int, years: str, products: str | None) -> str:
    """The size of a request beyond the generator's limit, and one that fits."""
    from .synth import estimate_bytes, load_program, parse_years, plan
    from .synth.runner import tables_of_products

    program = load_program()
    steps = plan(program, tables_of_products(program, _products(products)))
    years_list = parse_years(years)
    estimate = estimate_bytes(steps, patients, years_list) / 1024**3
    limit = program["limits"]["maxPatients"]
    return (
        f" {patients} patients over {len(years_list)} year(s) would need about "
        f"{estimate:,.1f} GiB; ask for at most {limit} patients (about "
        f"{estimate_bytes(steps, limit, years_list) / 1024**3:.1f} GiB)."
    )


def _products(products: str | None) -> list[str] | None:
    return [p for p in products.split(",") if p.strip()] if products else None


def generate(args: argparse.Namespace) -> int:
    import duckdb

    from .synth import SynthRequestError, generate as run

    out = Path(args.out)
    if args.format == "arrow" and not _has_pyarrow():
        raise SynthRequestError(
            "--format arrow needs pyarrow (pip install pyarrow); csv and parquet need nothing more."
        )
    made = _prepare_out(out)
    con = duckdb.connect()
    try:
        report = run(
            con,
            patients=args.patients,
            seed=args.seed,
            years=args.years,
            products=_products(args.products),
        )
    except BaseException as error:
        _remove_empty(made)
        if not isinstance(error, SynthRequestError):
            raise
        limits_hit = isinstance(args.patients, int) and args.patients > 1_000_000
        raise SynthRequestError(
            str(error) + (_too_many(args.patients, args.years, args.products) if limits_hit else "")
        ) from None
    rows = 0
    for table in report.tables:
        path = out / f"{table}.{args.format}"
        if args.format == "arrow":
            _write_arrow(con, table, path)
        else:
            options = "FORMAT csv, HEADER" if args.format == "csv" else "FORMAT parquet"
            quoted = str(path).replace("'", "''")
            con.execute(f"COPY {table} TO '{quoted}' ({options})")
        rows += con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    print(
        f"{len(report.tables)} tables, {rows} rows in {out} "
        f"(generated in {report.seconds:.1f} s on DuckDB {duckdb.__version__})"
    )
    return 0


def _prepare_out(out: Path) -> list[Path]:
    """Makes the folder ``out`` and its missing parents before a generation that may take
    minutes, or says why it cannot; returns the folders it made."""
    from .synth import SynthRequestError

    def fail(why: str) -> SynthRequestError:
        return SynthRequestError(f"--out {out}: {why}: give a folder to write the tables into.")

    missing: list[Path] = []
    path = out.absolute()
    while not path.exists() and path.parent != path:
        missing.insert(0, path)
        path = path.parent
    if not path.is_dir():
        raise fail("this is a file" if path == out.absolute() else f"{path} is a file")
    for folder in missing:
        try:
            folder.mkdir()
        except OSError as error:
            _remove_empty(missing)
            raise fail(f"cannot create {folder} ({error.strerror})") from None
    if not os.access(out, os.W_OK):
        raise fail("this folder is not writable")
    return missing


def _remove_empty(folders: list[Path]) -> None:
    """Removes the folders _prepare_out made, when nothing was written in them."""
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty, or never made


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _write_arrow(con, table: str, path: Path) -> None:
    """One table as an Arrow IPC stream, as snds-synth writes it on Node."""
    import pyarrow.ipc

    relation = con.sql(f"SELECT * FROM {table}")
    # DuckDB 2 names it to_arrow_reader; 1.x fetch_arrow_reader.
    read = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
    batches = read()
    with pyarrow.ipc.new_stream(str(path), batches.schema) as writer:
        for batch in batches:
            writer.write_batch(batch)


def main(argv: Sequence[str] | None = None) -> int:
    from .synth import SynthRequestError

    args = _parser().parse_args(argv)
    try:
        return generate(args)
    except SynthRequestError as error:
        print(f"python -m snds: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
