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

    Asking again for the dataset already loaded does nothing. In the browser,
    a dataset generated before is loaded back from the browser's cache instead
    of being generated again. ``force=True`` generates it anew in both cases.
    """
    request = warm_start.DatasetRequest.of(patients, seed, years, products)
    engine = kernel_engine.current()
    if not force and request.is_loaded(engine, kernel_engine.dataset):
        print(f"Synthetic SNDS already loaded in this kernel ({request.label()}): nothing to do.")
        return warm_start.report_of(kernel_engine.dataset)
    if not force:
        report = warm_start.restore(engine, request)
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
    report = warm_start.restore(engine, request)
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
    from .errors import SndsError
    from .synth import SynthRequestError
    from .synth import generate as run

    warm_start.cancel_keep(engine)
    progress = Progress("Synthetic SNDS")

    def ran(n: int) -> None:
        progress.update(n, f"{n} SQL statements run")

    # A native connection runs independent steps on several cursors at once.
    target = getattr(engine, "connection", None) or engine.query
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
        raise SndsError(str(error)) from None
    except Exception as error:
        sql_error = getattr(engine, "sql_error", lambda _: None)(error)
        if sql_error is None:
            raise
        raise sql_error from None
    finally:
        progress.close()
    kernel_engine.dataset = request.describe(report.tables, time.perf_counter() - start, "generated")
    kept = warm_start.keep(engine, request, report.tables)
    if kept and say_kept:
        print(
            "It will be kept in this browser's cache as soon as the kernel is idle: "
            "after a reload, the same snds.generate() call restores it."
        )
    return warm_start.DatasetReport(
        report.tables, report.seconds, "generated", report.estimate_bytes
    )
