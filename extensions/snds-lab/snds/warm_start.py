"""Warm start: which dataset a generate() call asks for, and the browser cache.

In the lite site, each generated dataset is kept in the browser's IndexedDB by
the engine bridge (packages/engine/src/warm_cache.ts) under a key naming the
request (size, seed, years, products) and what made it (the generator
program's hash, the engine's version). A reload, or another notebook's
kernel, loads it back instead of generating it again. Engines without such a
cache (native DuckDB) always generate.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from .errors import ArgumentError
from .synth import GenerateReport

#: Bump when what is kept changes shape: older entries are then never read.
FORMAT = 1


@lru_cache(maxsize=1)
def generator_version() -> str:
    """Hash of the generator program: data kept by another generator is not reused."""
    from .synth.runner import PROGRAM_FILE

    try:
        return hashlib.sha256(PROGRAM_FILE.read_bytes()).hexdigest()[:16]
    except OSError:
        return "missing"


def _products(products: Iterable[str] | str | None) -> list[str] | None:
    if products is None:
        return None
    asked = repr(products)
    if isinstance(products, str):
        products = products.split(",")
    given = list(products) if isinstance(products, Iterable) else None
    if given is None or not all(isinstance(p, str) for p in given):
        raise ArgumentError(
            f"products takes names, e.g. 'dcir,pmsi' or ['dcir', 'pmsi'], not {products!r}."
        )
    names = [p.strip() for p in given if p.strip()]
    if not names:
        # An empty list is no way to ask for everything: that is products=None.
        raise ArgumentError(
            f"products={asked} names no product: give names, e.g. ['dcir', 'pmsi'], "
            "or leave products out for every product."
        )
    return names


@dataclass(frozen=True)
class DatasetRequest:
    patients: int
    seed: int
    years: list[int]
    products: list[str] | None

    @classmethod
    def of(cls, patients, seed, years, products) -> "DatasetRequest":
        from .errors import SndsError
        from .synth import SynthRequestError, parse_years

        try:
            year_list = parse_years(list(years) if isinstance(years, tuple) else years)
        except (SynthRequestError, TypeError, ValueError) as error:
            raise SndsError(str(error)) from None
        return cls(patients, seed, year_list, _products(products))

    def identity(self) -> dict:
        """What makes two requests the same dataset (products in any order or case)."""
        products = sorted({p.lower() for p in self.products}) if self.products else None
        return {
            "patients": self.patients,
            "seed": self.seed,
            "years": self.years,
            "products": products,
        }

    def key(self, engine) -> str:
        return json.dumps(
            {
                **self.identity(),
                "generator": generator_version(),
                "engine": str(getattr(engine, "version", "")),
                "format": FORMAT,
            },
            sort_keys=True,
        )

    def label(self) -> str:
        first, last = self.years[0], self.years[-1]
        years = str(first) if first == last else f"{first}-{last}"
        patients = f"{self.patients:,}".replace(",", "\u202f")
        products = ", ".join(self.products) if self.products else "all products"
        return f"{patients} patients, seed {self.seed}, years {years}, {products}"

    def describe(self, tables: Sequence[str], seconds: float, source: str) -> dict:
        """The kernel's record of its dataset (kernel_engine.dataset)."""
        return {
            "patients": self.patients,
            "seed": self.seed,
            "years": list(self.years),
            "products": list(self.products) if self.products else None,
            "tables": list(tables),
            "seconds": round(seconds, 2),
            "source": source,
        }

    def is_loaded(self, engine, dataset: dict | None) -> bool:
        """True when this kernel holds this dataset already, every table still there.

        ``dataset`` is set only once a generation has ended well (see generate._replace).
        """
        if not dataset or not dataset.get("tables"):
            return False
        loaded = DatasetRequest.of(
            dataset["patients"], dataset["seed"], dataset["years"], dataset.get("products")
        )
        if loaded.identity() != self.identity():
            return False
        present = {r[0] for r in engine.query("SELECT table_name FROM duckdb_tables()").rows}
        return set(dataset.get("tables") or ()) <= present


class DatasetReport(GenerateReport):
    """What snds.generate() returns: the tables, the time, and where they came from."""

    def __init__(self, tables, seconds: float, source: str, estimate_bytes: int = 0):
        super().__init__(tables=list(tables), seconds=seconds, estimate_bytes=estimate_bytes)
        #: "generated", "browser cache" or "already loaded".
        self.source = source

    def __repr__(self) -> str:
        # One line in the notebook, not the list of ~200 table names.
        how = {
            "generated": f"generated in {self.seconds:.1f} s",
            "browser cache": f"restored from this browser's cache in {self.seconds:.1f} s",
        }.get(self.source, self.source)
        return f"<synthetic SNDS: {len(self.tables)} tables, {how}>"


def report_of(dataset: dict) -> DatasetReport:
    return DatasetReport(dataset.get("tables") or (), 0.0, "already loaded")


def _keeps(engine) -> bool:
    return bool(getattr(engine, "keeps_datasets", False))


def cancel_keep(engine) -> None:
    """Stops keeping the loaded dataset, which is about to be replaced."""
    if _keeps(engine):
        engine.cancel_keep()


def restore(engine, request: DatasetRequest) -> DatasetReport | None:
    """Loads the requested dataset from the browser's cache; its report, or None."""
    if not _keeps(engine):
        return None
    cancel_keep(engine)
    from . import browser_cache

    return browser_cache.restore(engine, request)


def keep(engine, request: DatasetRequest, tables: Sequence[str]) -> bool:
    """Starts keeping the generated tables in the browser's cache; False if it cannot."""
    if not _keeps(engine):
        return False
    from . import browser_cache

    return browser_cache.keep(engine, request, tables)
