"""snds.generate(): synthetic SNDS into this kernel's engine, with progress."""

from __future__ import annotations

import time
from typing import Iterable, Sequence

from . import kernel_engine
from .progress import Progress

DEFAULT_PATIENTS = 10_000
DEFAULT_SEED = 0
DEFAULT_YEARS = (2019,)


def generate(
    patients: int = DEFAULT_PATIENTS,
    seed: int = DEFAULT_SEED,
    years: int | str | Sequence[int] = DEFAULT_YEARS,
    products: Iterable[str] | str | None = None,
):
    """Generates synthetic SNDS data into the current engine and returns its report.

    ``years`` is a year, a range such as ``"2019-2020"`` or a list; ``products``
    limits generation to some products (``["dcir", "pmsi"]``), all by default.
    A size that will not fit in memory is refused before anything runs.
    """
    from .errors import SndsError
    from .synth import SynthRequestError, parse_years
    from .synth import generate as run

    engine = kernel_engine.current()
    if isinstance(years, (list, tuple)):
        years = list(years)
    progress = Progress("Synthetic SNDS")
    counter = {"n": 0}

    def execute(sql: str):
        counter["n"] += 1
        progress.update(counter["n"], f"{counter['n']} SQL statements run")
        return engine.query(sql)

    start = time.perf_counter()
    try:
        report = run(execute, patients=patients, seed=seed, years=years, products=products)
    except SynthRequestError as error:
        raise SndsError(str(error)) from None
    finally:
        progress.close()
    product_list = (
        [p for p in products.split(",")] if isinstance(products, str)
        else list(products) if products is not None else None
    )
    kernel_engine.dataset = {
        "patients": patients,
        "seed": seed,
        "years": parse_years(years),
        "products": product_list,
        "tables": list(report.tables),
        "seconds": round(time.perf_counter() - start, 2),
    }
    return report
