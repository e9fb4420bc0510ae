"""Chooses and holds the SQL engine of this kernel, and what data it holds."""

from __future__ import annotations

import sys

from .errors import EngineNotReady

IN_PYODIDE = sys.platform == "emscripten"

_current = None
#: What snds.generate() loaded: {"patients", "seed", "years", "products", "rows"}.
dataset: dict | None = None


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


class EngineInfo:
    """What `snds.engine` shows: the engine and the data it holds."""

    def __init__(self, engine, data):
        self.name = engine.name
        self.version = engine.version
        self.description = engine.describe()
        self.dataset = dict(data) if data else None

    def __repr__(self) -> str:
        if not self.dataset:
            data = "no synthetic SNDS loaded yet (snds.generate() loads it)"
        else:
            d = self.dataset
            first, last = d["years"][0], d["years"][-1]
            years = str(first) if first == last else f"{first}-{last}"
            patients = f"{d['patients']:,}".replace(",", "\u202f")
            data = (
                f"synthetic SNDS, {patients} patients, seed {d['seed']}, years {years}, "
                f"products {', '.join(d.get('products') or ['all'])}"
            )
        return f"{self.description}; {data}{_kept(self.dataset)}"


def _kept(dataset: dict | None) -> str:
    """Where the background save of a generated dataset stands (browser only)."""
    state = (dataset or {}).get("kept")
    if state == "pending":
        return "; to be kept in this browser's cache once the kernel is idle"
    if state == "kept":
        return f"; kept in this browser's cache ({dataset['kept_bytes'] / 1e6:.0f} MB)"
    if state == "failed":
        return f"; not kept in this browser's cache ({dataset.get('kept_error', '')})"
    return ""


def info() -> EngineInfo:
    return EngineInfo(current(), dataset)
