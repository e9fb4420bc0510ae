"""DuckDB-WASM inside the Pyodide kernel's worker, through the site's JS bridge."""

from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal

from .errors import SQLError
from .result import Result

_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_EPOCH = _dt.datetime(1970, 1, 1)


def _date(days):
    return _dt.date.fromordinal(_EPOCH_ORDINAL + int(days))


def _timestamp(micros):
    return _EPOCH + _dt.timedelta(microseconds=int(micros))


# Python value for each column kind the bridge reports (see columnar.ts).
_CONVERT = {
    "decimal": Decimal,
    "hugeint": int,
    "date": _date,
    "timestamp": _timestamp,
}


def _absent(proxy) -> bool:
    # JS null arrives as None or as pyodide's JsNull, depending on the path.
    return proxy is None or not hasattr(proxy, "to_py")


def _column_values(column, kind, validity):
    values = column.to_py()
    if isinstance(values, memoryview):
        values = values.tolist()
    convert = _CONVERT.get(kind)
    if not _absent(validity):
        mask = validity.to_py().tolist()
        if convert:
            return [convert(v) if ok else None for v, ok in zip(values, mask)]
        return [v if ok else None for v, ok in zip(values, mask)]
    if convert:
        return [None if v is None else convert(v) for v in values]
    return values


def _js_param(value):
    # Ints are written into the query (params.inline_integers); dates go as ISO text.
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class WasmEngine:
    """Wraps the bridge's session object (packages/engine, bridge.ts)."""

    name = "duckdb-wasm"

    def __init__(self, session, bridge=None):
        self._session = session
        self._bridge = bridge
        self.version = str(session.version)

    @classmethod
    async def connect(cls, engine_url: str) -> "WasmEngine":
        from pyodide.code import run_js

        module = await run_js(f"import({json.dumps(engine_url)})")
        engine = cls(await module.session(), module)
        engine._report_cells()
        return engine

    def _report_cells(self) -> None:
        """Tells the bridge when cells run: background saves wait for an idle kernel."""
        try:
            from IPython import get_ipython
        except ImportError:
            return
        shell = get_ipython()
        bridge = self._bridge
        if shell is None or getattr(bridge, "cellStarted", None) is None:
            return
        shell.events.register("pre_run_cell", lambda *_: bridge.cellStarted())
        shell.events.register("post_run_cell", lambda *_: bridge.cellFinished())

    def query(self, sql: str, params=()) -> Result:
        from pyodide.ffi import JsException, to_js

        from .params import inline_integers

        sql, params = inline_integers(sql, params)
        try:
            res = self._session.queryColumnar(sql, to_js([_js_param(p) for p in params]))
        except JsException as error:
            message = getattr(error, "message", None) or str(error)
            raise SQLError(str(message), sql) from None
        kinds = res.kinds.to_py()
        validity = list(res.validity)
        columns = [
            _column_values(col, kind, valid)
            for col, kind, valid in zip(res.columns, kinds, validity)
        ]
        rows = list(zip(*columns)) if columns else []
        return Result(res.names.to_py(), res.types.to_py(), rows)

    @property
    def keeps_datasets(self) -> bool:
        """True when datasets can be kept in and restored from IndexedDB.

        Restoring waits for the asynchronous cache through JSPI (run_sync), which
        Chromium has. Elsewhere every generate() generates.
        """
        from pyodide.ffi import can_run_sync

        return self._bridge is not None and can_run_sync()

    def restore_kept(self, key: str):
        """Loads the dataset kept under ``key``; its entry as a dict, or None."""
        text = self._await(self._bridge.restoreDataset(key))
        return json.loads(text) if isinstance(text, str) else None

    def keep_later(self, key: str, tables: list[str], meta: str, on_outcome) -> None:
        """Starts keeping ``tables`` as they are now under ``key``, once the kernel is idle.

        ``on_outcome`` gets {"state": "kept" | "cancelled" | "failed", ...} at the end.
        """
        from pyodide.ffi import create_once_callable, to_js

        def settle(text):
            try:
                on_outcome(json.loads(text))
            except Exception as error:  # never an unhandled rejection in the worker
                print(f"snds: the browser cache's answer could not be read ({error}).")

        self._bridge.keepDataset(key, to_js(tables), meta).then(create_once_callable(settle))

    def cancel_keep(self) -> None:
        """Stops a pending background save and frees the tables it holds."""
        cancel = getattr(self._bridge, "cancelKeep", None)
        if cancel is not None:
            cancel()

    @staticmethod
    def _await(promise):
        from pyodide.ffi import JsException, run_sync

        try:
            return run_sync(promise)
        except JsException as error:
            raise RuntimeError(getattr(error, "message", None) or str(error)) from None

    def describe(self) -> str:
        return f"DuckDB-WASM {self.version} in the browser"
