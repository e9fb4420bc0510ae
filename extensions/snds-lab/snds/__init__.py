"""snds: synthetic SNDS data and SQL, the same in every Python kernel.

In the JupyterLite site it runs SQL on DuckDB-WASM inside the browser; in a
CPython kernel it runs on native DuckDB.

>>> import snds
>>> snds.sql("select 42 as x").rows
[(42,)]
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from . import kernel_engine as _kernel_engine
from .dictionary import describe, tables
from .errors import ArgumentError, EngineNotReady, SndsError, SQLError
from .generate import generate
from .result import Result

__version__ = "0.1.0"
__all__ = [
    "sql", "generate", "describe", "tables", "connect", "engine", "engine_info",
    "Result", "SQLError", "SndsError", "EngineNotReady", "load_ipython_extension",
]


def sql(query: str, params: Mapping[str, Any] | Sequence[Any] | None = None, *, _namespace=None) -> Result:
    """Runs one SQL statement and returns its :class:`Result`.

    ``params`` binds values without pasting them into the text: a sequence
    fills ``?`` placeholders in order; a mapping fills ``{name}`` placeholders.
    Raises :class:`SQLError` with DuckDB's message (and, for SNDS tables and
    columns, the closest names) when the engine refuses the query.
    """
    if not isinstance(query, str):
        raise ArgumentError(f"snds.sql() takes the SQL text as a string, not {type(query).__name__}.")
    values: Sequence[Any] = ()
    namespace = _namespace if params is None else params
    if isinstance(namespace, Mapping):
        from .params import bind

        query, values = bind(query, namespace)
    elif params is not None:
        if isinstance(params, (str, bytes)) or not isinstance(params, Sequence):
            raise ArgumentError(
                "snds.sql() takes its values as a list, for ? placeholders, or a dict, for "
                f"{{name}} placeholders, not {type(params).__name__}: "
                f"write snds.sql(query, [{params!r}])."
            )
        values = list(params)
    if not _has_statement(query):
        raise SQLError(
            "There is no SQL statement to run, only spaces or comments: write a query, "
            "e.g. snds.sql('SELECT count(*) FROM IR_BEN_R').",
            query,
        )
    engine = _kernel_engine.current()
    try:
        return engine.query(query, values)
    except SQLError as error:
        from .suggest import missing_table

        if not (_kernel_engine.dataset is None and _is_snds_table(missing_table(str(error)))):
            raise _explained(error, query, params is None and _namespace is None) from None
    # First use: the query needs SNDS data and none is loaded yet.
    from .generate import first_use

    first_use()
    try:
        return engine.query(query, values)
    except SQLError as error:
        # The default dataset may lack the table too (another year): say what would have it.
        raise _explained(error, query, params is None and _namespace is None) from None


def _explained(error: SQLError, query: str, unbound: bool) -> SQLError:
    """``error`` with a line naming the fix, when there is one to name."""
    from .suggest import hint

    extra = hint(str(error), [], _kernel_engine.dataset)
    if unbound:
        from .params import unbound_hint

        extra = unbound_hint(query) or extra
    return SQLError(f"{error}\n{extra}", query) if extra else error


def _has_statement(query: str) -> bool:
    """Whether ``query`` holds more than spaces, semicolons and SQL comments."""
    import re

    bare = re.sub(r"--[^\n]*|/\*.*?(\*/|$)", " ", query, flags=re.DOTALL)
    return bool(bare.replace(";", " ").strip())


def _is_snds_table(name: str | None) -> bool:
    """Whether ``name`` is an SNDS table the default dataset has (a per-year table of its year)."""
    from .dictionary import find, year_of
    from .generate import DEFAULT_YEARS

    if not name or find(name) is None:
        return False
    year = year_of(name)
    return year is None or year in DEFAULT_YEARS


class _Json:
    def __init__(self, data):
        self.data = data

    def _repr_json_(self):
        return self.data

    def __repr__(self) -> str:
        return repr(self.data)


def _status() -> _Json:
    """Engine and dataset as JSON, for the JupyterLab status bar."""
    engine = _kernel_engine.current()
    data = _kernel_engine.dataset
    dataset = None if data is None else {k: data[k] for k in ("patients", "seed", "years", "products")}
    return _Json({"engine": engine.describe(), "dataset": dataset})


async def connect(engine_url: str | None = None):
    """Connects the SQL engine now. The kernel extension does this on start."""
    return await _kernel_engine.connect(engine_url)


def engine_info() -> str:
    """Which engine this kernel uses, e.g. 'native DuckDB 2.0.1'."""
    return _kernel_engine.current().describe()


def __getattr__(name: str):
    # `snds.engine`: which engine, which data is loaded (computed on access).
    if name == "engine":
        return _kernel_engine.info()
    raise AttributeError(f"module 'snds' has no attribute {name!r}")


def load_ipython_extension(ipython) -> None:
    """`%load_ext snds`: registers the %sql and %%sql magics."""
    from .magics import register

    register(ipython)


async def _bootstrap(engine_url: str) -> None:
    """Run silently by the kernel extension on kernel start."""
    await _kernel_engine.connect(engine_url)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ipython = get_ipython()
    if ipython is not None:
        load_ipython_extension(ipython)
