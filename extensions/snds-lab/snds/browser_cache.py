"""The browser's cache of generated datasets, seen from Python (Pyodide only).

The engine bridge keeps datasets in IndexedDB (packages/engine/src/warm_cache.ts);
the WasmEngine waits for it through JSPI. The cache is a shortcut: when it fails,
generate() generates and says why in one line.
"""

from __future__ import annotations

import json
import time
from typing import Sequence

from .warm_start import DatasetReport, DatasetRequest


def restore(engine, request: DatasetRequest) -> DatasetReport | None:
    """Loads the requested dataset from the browser's cache; its report, or None."""
    from . import kernel_engine

    start = time.perf_counter()
    try:
        entry = engine.restore_kept(request.key(engine))
    except Exception as error:  # the cache is a shortcut: never fail a generate() for it
        print(f"The browser's cache could not be read ({error}); generating instead.")
        return None
    if entry is None:
        return None
    seconds = time.perf_counter() - start
    tables = json.loads(entry["meta"])["tables"]
    kernel_engine.dataset = request.describe(tables, seconds, "browser cache")
    return DatasetReport(tables, seconds, "browser cache")


def keep(engine, request: DatasetRequest, tables: Sequence[str]) -> int | None:
    """Keeps the generated tables in the browser's cache; the bytes kept, or None."""
    meta = json.dumps({"tables": list(tables), **request.identity()})
    try:
        entry = engine.keep(request.key(engine), list(tables), meta)
    except Exception as error:
        print(
            f"This dataset could not be kept in the browser's cache ({error}); "
            "after a reload it will be generated again."
        )
        return None
    from . import kernel_engine

    if kernel_engine.dataset is not None:
        kernel_engine.dataset["kept_seconds"] = round(
            (entry.get("engineMs", 0) + entry.get("storeMs", 0)) / 1000, 2
        )
    return int(entry["bytes"])
