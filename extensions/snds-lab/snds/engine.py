"""Chooses and holds the SQL engine of this kernel."""

from __future__ import annotations

import sys

from .errors import EngineNotReady

IN_PYODIDE = sys.platform == "emscripten"

_current = None


def current():
    """The engine of this kernel, opened on first use."""
    global _current
    if _current is None:
        if IN_PYODIDE:
            raise EngineNotReady(
                "DuckDB-WASM is not connected yet in this browser kernel. "
                "It connects when the kernel starts; if you restarted Python by hand, "
                "run: await snds.connect()"
            )
        from .engine_native import NativeEngine

        _current = NativeEngine()
    return _current


async def connect(engine_url: str | None = None):
    """Connects the engine now (in the browser, DuckDB-WASM from the site)."""
    global _current
    if _current is not None:
        return _current
    if IN_PYODIDE:
        from .engine_wasm import WasmEngine

        if engine_url is None:
            import js

            engine_url = str(
                js.URL.new("../static/snds-engine/snds-engine.mjs", js.location.href).href
            )
        _current = await WasmEngine.connect(engine_url)
    else:
        current()
    return _current
