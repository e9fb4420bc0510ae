"""Command line of the snds helper, on native DuckDB (no Node needed).

    python -m snds generate --patients N --seed S --years 2019[-2020] [--products dcir,pmsi]
                            --out DIR [--format csv|parquet|arrow]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Sequence

from .errors import WriteError

FORMATS = ("csv", "parquet", "arrow")


class _Once(argparse.Action):
    """Stores an option's value, refusing the option given twice: the last must not win silently."""

    def __call__(self, parser, namespace, values, option_string=None):
        given = namespace.__dict__.setdefault("_given", set())
        if self.dest in given:
            parser.error(f"{self.option_strings[0]} is given twice; give it once.")
        given.add(self.dest)
        setattr(namespace, self.dest, values)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m snds", description="Synthetic SNDS on native DuckDB."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser(
        "generate", help="generate every SNDS table (or some products) into a folder"
    )
    gen.add_argument("--patients", type=int, default=10_000, action=_Once, help="100 to 1,000,000")
    gen.add_argument("--seed", type=int, default=0, action=_Once)
    gen.add_argument(
        "--years", default="2019", action=_Once, help="a year or a range, e.g. 2019-2020"
    )
    gen.add_argument("--products", action=_Once, help="e.g. dcir,pmsi (all products when absent)")
    gen.add_argument(
        "--out", required=True, action=_Once, help="the folder to write, one file per table"
    )
    gen.add_argument("--format", choices=FORMATS, default="parquet", action=_Once)
    return parser


def _too_many(args: argparse.Namespace) -> str:
    """Why a request beyond the generator's limit is refused: first what else is wrong with it
    (the size depends on the years and products), then the size that fits this machine."""
    from .synth import SynthRequestError, estimate_bytes, load_program
    from .synth.runner import most_patients, plan_request, room

    limits = load_program()["limits"]
    low, high = limits["minPatients"], limits["maxPatients"]
    refusal = f"patients must be a whole number from {low} to {high}, not {args.patients}"
    try:
        request = plan_request(low, args.seed, args.years, _products(args.products))
    except SynthRequestError as error:
        return f"{error} {refusal}."
    years, steps = request.years, request.steps
    import duckdb

    # As snds.synth.generate: a request too big uncompressed goes to a compressed database.
    usable, can_compress = room(duckdb.connect())
    fits = most_patients(steps, years, usable, False, high)
    if can_compress:
        fits = max(fits, most_patients(steps, years, usable, True, high))
    compressed = can_compress and estimate_bytes(steps, args.patients, years) > usable
    if fits >= high:
        return f"{refusal}: ask for at most {high} patients."
    need = estimate_bytes(steps, args.patients, years, compressed) / 1024**3
    ask = (
        f"ask for at most {fits} patients, fewer years or fewer products"
        if fits >= low
        else "even the fewest patients do not fit: ask for fewer years or fewer products"
    )
    return (
        f"{refusal}: {args.patients} patients over {len(years)} year(s) would need about "
        f"{need:,.1f} GiB, and this machine's DuckDB can use {usable / 1024**3:.1f} GiB: {ask}."
    )


def _products(products: str | None) -> list[str] | None:
    if products is None:
        return None
    names = [p for p in products.split(",") if p.strip()]
    if not names:
        from .synth import SynthRequestError

        raise SynthRequestError(
            f'--products "{products}" names no product: give names, e.g. dcir,pmsi, '
            "or leave --products out for every product."
        )
    return names


def _progress(text: str) -> None:
    """A line on what the command is doing, on stderr when it is a terminal: a large dataset
    takes minutes to make and write. Scripts and pipes get none."""
    if sys.stderr.isatty():
        print(f"python -m snds: {text}", file=sys.stderr, flush=True)


def generate(args: argparse.Namespace) -> int:
    import duckdb

    from .synth import SynthRequestError, generate as run

    if not args.out.strip():
        # Path("") is the current folder: never write there by accident.
        raise SynthRequestError("generate needs --out DIR: the folder to write the tables into.")
    out = Path(args.out)
    if args.format == "arrow" and not _has_pyarrow():
        raise SynthRequestError(
            "--format arrow needs pyarrow (pip install pyarrow); csv and parquet need nothing more."
        )
    products = _products(args.products)
    made = _prepare_out(out)
    # Sorts (and the rare generation) bigger than memory spill into --out, which is writable,
    # rather than DuckDB's default .tmp in the current folder.
    spill = Path(tempfile.mkdtemp(prefix=".snds-spill-", dir=out))
    con = duckdb.connect()

    def close() -> None:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)

    try:
        quoted = str(spill).replace("'", "''")
        con.execute(f"SET temp_directory = '{quoted}'")
        _progress(f"generating {args.patients:,} patients, {args.years}, seed {args.seed}…")
        report = run(
            con,
            patients=args.patients,
            seed=args.seed,
            years=args.years,
            products=products,
        )
    except BaseException as error:
        close()
        _remove_empty(made)
        if not isinstance(error, SynthRequestError):
            raise
        if args.patients > _max_patients():
            raise SynthRequestError(_too_many(args)) from None
        raise
    rows = 0
    _progress(f"writing {len(report.tables)} tables as {args.format} to {out}…")
    try:
        for k, table in enumerate(report.tables):
            path = out / f"{table}.{args.format}"
            try:
                _write(con, table, path, args.format)
            except (duckdb.Error, OSError) as error:
                raise _write_failed(path, error, k) from None
            rows += con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    finally:
        close()
    print(
        f"{len(report.tables)} tables, {rows} rows in {out} "
        f"(generated in {report.seconds:.1f} s on DuckDB {duckdb.__version__})"
    )
    return 0


def _max_patients() -> int:
    from .synth import load_program

    return load_program()["limits"]["maxPatients"]


def _sorted(table: str) -> str:
    """A table's rows in one set order. Steps run on several cursors leave some tables' rows in
    no set order (ER_PRS_F's kinds of care are made in parallel): sorted, the same request
    writes the same files."""
    return f"SELECT * FROM {table} ORDER BY ALL"


def _write(con, table: str, path: Path, format: str) -> None:
    if format == "arrow":
        _write_arrow(con, table, path)
    else:
        options = "FORMAT csv, HEADER" if format == "csv" else "FORMAT parquet"
        quoted = str(path).replace("'", "''")
        con.execute(f"COPY ({_sorted(table)}) TO '{quoted}' ({options})")


def _write_failed(path: Path, error: BaseException, written: int) -> WriteError:
    """One line for a file that could not be written: which, why, and what to do."""
    if path.is_dir():
        why, fix = "a folder of that name is in the way", "move or rename that folder"
    else:
        why = getattr(error, "strerror", None) or str(error).removeprefix("IO Error: ")
        fix = "check the free space and the folder's permissions"
    kept = f"; the {written} tables written before it are kept" if written else ""
    return WriteError(f"cannot write {path}: {why}: {fix}, or give another --out{kept}.")


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

    relation = con.sql(_sorted(table))
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
    except WriteError as error:
        print(f"python -m snds: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
