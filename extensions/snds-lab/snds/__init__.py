"""snds: synthetic SNDS data and SQL, the same in every Python kernel.

In the JupyterLite site it runs SQL on DuckDB-WASM inside the browser; in a
CPython kernel it runs on native DuckDB.

>>> import snds
>>> snds.sql("select 42 as x").rows
[(42,)]
"""

from __future__ import annotations

from . import engine as _engine
from .errors import EngineNotReady, SndsError, SQLError
from .result import Result

__version__ = "0.1.0"
__all__ = ["sql", "connect", "engine_info", "Result", "SQLError", "SndsError", "EngineNotReady"]


def sql(query: str) -> Result:
    """Runs one SQL statement and returns its :class:`Result`.

    Raises :class:`SQLError` with DuckDB's message when the engine refuses it.
    """
    if not isinstance(query, str):
        raise TypeError(
            f"snds.sql() takes the SQL text as a string, not {type(query).__name__}."
        )
    return _engine.current().query(query)


async def connect(engine_url: str | None = None):
    """Connects the SQL engine now. The kernel extension does this on start."""
    return await _engine.connect(engine_url)


def engine_info() -> str:
    """Which engine this kernel uses, e.g. 'native DuckDB 2.0.1'."""
    return _engine.current().describe()


async def _bootstrap(engine_url: str) -> None:
    """Run silently by the kernel extension on kernel start."""
    await _engine.connect(engine_url)
