"""snds.generate(): synthetic SNDS into this kernel's engine, with progress.

In the browser, each generated dataset is also kept in IndexedDB (see
warm_start.py) and loaded back from there by a reload or another kernel.
"""

from __future__ import annotations

import time
from typing import Iterable, Sequence

from . import kernel_engine, warm_start
from .progress import Progress

DEFAULT_PATIENTS = 10_000
DEFAULT_SEED = 0
DEFAULT_YEARS = (2019,)


def generate(
    patients: int = DEFAULT_PATIENTS,
    seed: int = DEFAULT_SEED,
    years: int | str | Sequence[int] = DEFAULT_YEARS,
    products: Iterable[str] | str | None = None,
    *,
    force: bool = False,
):
    """Generates synthetic SNDS data into the current engine and returns its report.

    ``years`` is a year, a range such as ``"2019-2020"`` or a list; ``products``
    limits generation to some products (``["dcir", "pmsi"]``), all by default.
    A size that will not fit in memory is refused before anything runs.

    A generation replaces the whole dataset loaded before it: the previous dataset's tables
    that the new one does not make are dropped, so that every SNDS table in the kernel comes
    from the one request ``snds.engine`` shows. To add a product or a year, ask for all you
    want at once (a query on a missing SNDS table names that call). A request refused before
    it runs leaves the loaded dataset as it was; a generation that fails or is interrupted
    leaves none: its half-made tables are dropped, and the call must be run again.

    Asking again for the dataset already loaded does nothing. In the browser,
    a dataset generated before is loaded back from the browser's cache instead
    of being generated again. ``force=True`` generates it anew in both cases.
    """
    request = warm_start.DatasetRequest.of(patients, seed, years, products)
    engine = kernel_engine.current()
    if not force and request.is_loaded(engine, kernel_engine.dataset):
        print(f"Synthetic SNDS already loaded in this kernel ({request.label()}): nothing to do.")
        return warm_start.report_of(kernel_engine.dataset)
    _refuse_early(engine, request)
    if not force:
        report = _replace(engine, request, lambda: warm_start.restore(engine, request))
        if report is not None:
            print(
                f"Synthetic SNDS restored from this browser's cache in {report.seconds:.1f} s "
                f"({request.label()})."
            )
            return report
    return _generate(engine, request, say_kept=True)


def first_use() -> None:
    """The default dataset, for a first query on SNDS tables; says so in one line."""
    request = warm_start.DatasetRequest.of(DEFAULT_PATIENTS, DEFAULT_SEED, DEFAULT_YEARS, None)
    engine = kernel_engine.current()
    patients = f"{DEFAULT_PATIENTS:,}".replace(",", "\u202f")
    _refuse_early(engine, request)
    report = _replace(engine, request, lambda: warm_start.restore(engine, request))
    if report is not None:
        print(
            f"No synthetic SNDS in this kernel yet: restored the default dataset ({patients} "
            f"patients, seed {DEFAULT_SEED}) from this browser's cache in {report.seconds:.1f} s."
        )
        return
    print(
        f"No synthetic SNDS in this kernel yet: generating the default dataset "
        f"({patients} patients, seed {DEFAULT_SEED})."
    )
    _generate(engine, request, say_kept=False)


def _generate(engine, request: "warm_start.DatasetRequest", say_kept: bool):
    from .synth import SynthRequestError
    from .synth import generate as run

    warm_start.cancel_keep(engine)
    progress = Progress("Synthetic SNDS")

    def ran(n: int) -> None:
        progress.update(n, f"{n} SQL statements run")

    # A native connection runs independent steps on several cursors at once.
    target = getattr(engine, "connection", None) or engine.query

    def load():
        start = time.perf_counter()
        try:
            report = run(
                target,
                patients=request.patients,
                seed=request.seed,
                years=request.years,
                products=request.products,
                on_statements=ran,
            )
        except SynthRequestError as error:
            raise _Refused(str(error)) from None
        finally:
            progress.close()
        kernel_engine.dataset = request.describe(
            report.tables, time.perf_counter() - start, "generated"
        )
        return report

    report = _replace(engine, request, load)
    kept = warm_start.keep(engine, request, report.tables)
    if kept and say_kept:
        print(
            "It will be kept in this browser's cache as soon as the kernel is idle: "
            "after a reload, the same snds.generate() call restores it."
        )
    return warm_start.DatasetReport(
        report.tables, report.seconds, "generated", report.estimate_bytes
    )


# Tables a failed generation could not drop, with their database: the next one drops them.
_stale: list[tuple[str | None, str]] = []


def _refuse_early(engine, request: "warm_start.DatasetRequest") -> None:
    """Refuses a request that cannot run, before the loaded dataset is touched (nor its copy
    in the browser's cache): one the generator cannot make, or one inside a transaction,
    whose ROLLBACK would bring back tables the kernel no longer counts as its dataset."""
    from .errors import SndsError
    from .synth import SynthRequestError
    from .synth.runner import check_request, in_transaction

    try:
        check_request(request.patients, request.seed, request.years, request.products)
    except SynthRequestError as error:
        raise SndsError(str(error)) from None
    try:
        open_transaction = in_transaction(engine.query)
    except Exception:
        open_transaction = False  # an engine that cannot tell: the runner's own checks apply
    if open_transaction:
        raise SndsError(
            "snds.generate() cannot run inside a transaction (BEGIN): run COMMIT or ROLLBACK first."
        )


class _Refused(Exception):
    """A request the generator refused before running anything: the loaded dataset is intact."""


def _replace(engine, request: "warm_start.DatasetRequest", load):
    """Runs ``load``, which makes the tables of ``request`` and records them in
    kernel_engine.dataset (or returns None, having made nothing), in place of the loaded
    dataset. Until it ends well, the kernel claims no dataset: a failure or an interruption
    drops the tables of both, and says to generate again."""
    from .errors import SndsError

    previous = kernel_engine.dataset
    kernel_engine.dataset = None
    try:
        result = load()
    except _Refused as refusal:
        kernel_engine.dataset = previous
        raise SndsError(str(refusal)) from None
    except BaseException as error:
        kernel_engine.dataset = None
        database = (previous or {}).get("database")
        left = [(database, t) for t in _drop(engine, _tables(previous), database)]
        left += [(None, t) for t in _drop(engine, _names(request), None)]
        _stale.extend(left)
        raise _stopped(engine, request, error, previous is not None, len(left)) from None
    if kernel_engine.dataset is None:
        kernel_engine.dataset = previous  # nothing was made
        return result
    current = kernel_engine.dataset
    current.setdefault("database", _database(engine))
    database = (previous or {}).get("database")
    gone = [t for t in _tables(previous) if not _same_table(t, database, current)]
    _drop(engine, gone, database)
    # Those left by an earlier failure, unless the new dataset reuses them; kept if still left.
    retry = [(d, t) for d, t in _stale if not _same_table(t, d, current)]
    _stale[:] = [(d, t) for d, t in retry if _drop(engine, [t], d)]
    if gone:
        label = warm_start.DatasetRequest.of(
            previous["patients"], previous["seed"], previous["years"], previous.get("products")
        ).label()
        print(f"This dataset replaces the previous one ({label}): {len(gone)} of its tables were dropped.")
    return result


def _tables(dataset: dict | None) -> list[str]:
    return list((dataset or {}).get("tables") or ())


def _same_table(name: str, database: str | None, current: dict) -> bool:
    """Whether the new dataset has a table where table ``name`` of ``database`` was."""
    return name in current["tables"] and database in (None, current["database"])


def _names(request: "warm_start.DatasetRequest") -> list[str]:
    """The tables a generation of ``request`` makes (some may exist only in part)."""
    from .synth.runner import load_program, table_names, tables_of_products

    try:
        program = load_program()
        tables = tables_of_products(program, request.products)
    except Exception:
        return []
    return table_names(program, tables, request.patients, request.seed, request.years)


def _database(engine) -> str | None:
    try:
        return engine.query("SELECT current_database()").rows[0][0]
    except Exception:
        return None


def _drop(engine, tables: list[str], database: str | None) -> list[str]:
    """Drops ``tables`` of ``database`` (the current one if None), those still there; returns
    those it could not drop (its database is gone, or a second interrupt stopped one)."""
    prefix = "" if database is None else '"' + database.replace('"', '""') + '".'
    left = []
    for name in tables:
        try:
            engine.query(f'DROP TABLE IF EXISTS {prefix}"{name}"')
        except (Exception, KeyboardInterrupt):
            left.append(name)
    return left


def _stopped(
    engine, request: "warm_start.DatasetRequest", error: BaseException, replacing: bool, left: int
) -> BaseException:
    """The error to raise for a generation that stopped half-way: it says that the kernel
    holds no dataset now, and the call that makes one."""
    from .errors import GenerationInterrupted, SQLError
    from .suggest import generate_call

    call = generate_call(request.patients, request.seed, request.years, request.products)
    dropped = (
        "the previous dataset's tables and the half-made ones" if replacing else "the half-made tables"
    )
    kept = f"; {left} could not be, and the next generation drops them" if left else ""
    after = f"this kernel holds no synthetic SNDS now ({dropped} were dropped{kept}): run {call} again"
    if isinstance(error, KeyboardInterrupt) or "Interrupt" in type(error).__name__:
        return GenerationInterrupted(f"Synthetic SNDS generation interrupted: {after}.")
    sql_error = getattr(engine, "sql_error", lambda _: None)(error)
    if isinstance(error, SQLError) or sql_error is not None:
        return SQLError(
            f"{sql_error or error}\nSynthetic SNDS generation failed: {after} once the cause is fixed."
        )
    if hasattr(error, "add_note"):
        error.add_note(f"Synthetic SNDS generation failed: {after}.")
    return error
