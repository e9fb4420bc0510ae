"""Errors a user can meet, each naming the problem and the fix."""


class SndsError(Exception):
    """Base class of every error the snds helper raises on purpose."""


class SQLError(SndsError):
    """A query the engine refused: DuckDB's message, with the query's position."""

    def __init__(self, message: str, query: str | None = None):
        super().__init__(message)
        self.query = query

    def _render_traceback_(self):
        # IPython shows this instead of a stack trace: the mistake is the
        # user's query, not the helper's code.
        return [f"SQLError: {self}"]


class EngineNotReady(SndsError):
    """The SQL engine is not connected yet (the browser kernel is still starting)."""

    def _render_traceback_(self):
        return [f"EngineNotReady: {self}"]
