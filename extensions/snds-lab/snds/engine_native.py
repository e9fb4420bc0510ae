"""Native DuckDB, for CPython kernels (JupyterLab, JupyterHub, scripts)."""

from __future__ import annotations

from typing import Any, Sequence

from .errors import SndsError, SQLError
from .result import Result


class NativeEngine:
    """An in-memory DuckDB database opened on first use."""

    name = "duckdb"

    def __init__(self):
        try:
            import duckdb
        except ImportError:
            raise SndsError(
                "The duckdb package is missing from this Python. "
                "Install it with: pip install duckdb (or pip install snds-lab)."
            ) from None
        self._duckdb = duckdb
        self._con = duckdb.connect(":memory:")
        # Hospital networks are often closed: never try to download extensions.
        self._con.execute("SET autoinstall_known_extensions = false")
        self.version = duckdb.__version__

    def query(self, sql: str, params: Sequence[Any] = ()) -> Result:
        try:
            cursor = self._con.execute(sql, list(params)) if params else self._con.execute(sql)
        except self._duckdb.Error as error:
            raise SQLError(str(error), sql) from None
        if cursor.description is None:
            return Result([], [], [])
        columns = [d[0] for d in cursor.description]
        types = [str(d[1]) for d in cursor.description]
        return Result(columns, types, cursor.fetchall())

    @property
    def connection(self):
        """The DuckDB connection, for work that runs on several of its cursors at once."""
        return self._con

    def sql_error(self, error: BaseException) -> SQLError | None:
        """``error`` as the SQLError query() raises, if DuckDB raised it."""
        return SQLError(str(error)) if isinstance(error, self._duckdb.Error) else None

    def describe(self) -> str:
        return f"native DuckDB {self.version}"
