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


def keep(engine, request: DatasetRequest, tables: Sequence[str]) -> bool:
    """Starts keeping the generated tables in the browser's cache, in the background.

    The copy waits until the kernel is idle, so the learner's next cells are not
    slowed; ``snds.engine`` then says whether the dataset was kept.
    """
    from . import kernel_engine

    meta = json.dumps({"tables": list(tables), **request.identity()})
    dataset = kernel_engine.dataset

    def outcome(result: dict) -> None:
        if dataset is None:
            return
        dataset["kept"] = result["state"]
        if result["state"] == "kept":
            entry = result["entry"]
            dataset["kept_bytes"] = int(entry["bytes"])
            dataset["kept_seconds"] = round(
                (entry.get("engineMs", 0) + entry.get("storeMs", 0)) / 1000, 2
            )
        elif result["state"] == "failed":
            dataset["kept_error"] = result.get("error", "")

    try:
        engine.keep_later(request.key(engine), list(tables), meta, outcome)
    except Exception as error:
        print(
            f"This dataset could not be kept in the browser's cache ({error}); "
            "after a reload it will be generated again."
        )
        return False
    if dataset is not None:
        dataset["kept"] = "pending"
    return True
