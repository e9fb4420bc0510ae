"""Errors a user can meet, each naming the problem and the fix."""


class SndsError(Exception):
    """Base class of every error the snds helper raises on purpose."""

    def _render_traceback_(self):
        # IPython shows this one line instead of a stack trace: the mistake is the
        # user's call or query, not the helper's code.
        return [f"{type(self).__name__}: {self}"]


class ArgumentError(SndsError, TypeError):
    """A helper called with a value of the wrong kind."""


class UnknownColumn(SndsError, KeyError):
    """A column a result does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class SQLError(SndsError):
    """A query the engine refused: DuckDB's message, with the query's position."""

    def __init__(self, message: str, query: str | None = None):
        super().__init__(message)
        self.query = query


class EngineNotReady(SndsError):
    """The SQL engine is not connected yet (the browser kernel is still starting)."""


class WriteError(SndsError):
    """A file `python -m snds generate` could not write."""


class GenerationInterrupted(KeyboardInterrupt):
    """A generation the user interrupted (Jupyter's "interrupt kernel").

    Still a KeyboardInterrupt, so that it stops a script and no ``except Exception`` swallows
    it, but shown in one line, as a SndsError is.
    """

    _render_traceback_ = SndsError._render_traceback_
