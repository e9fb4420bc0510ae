"""`{name}` placeholders in SQL become bound parameters, never pasted text."""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from .errors import SndsError

# A quoted string or identifier, a comment, or a {name} placeholder.
_TOKEN = re.compile(
    r"""('(?:[^']|'')*')|("(?:[^"]|"")*")|(--[^\n]*)|(/\*.*?\*/)|\{([A-Za-z_][A-Za-z0-9_.]*)\}""",
    re.S,
)


def bind(query: str, namespace: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """Replaces each `{name}` outside quotes and comments by `?`.

    Returns the new query and the values in order. `name` may be dotted
    (`{cohort.start}`) to read an attribute.
    """
    params: list[Any] = []

    def replace(match: re.Match) -> str:
        name = match.group(5)
        if name is None:
            return match.group(0)
        head, *rest = name.split(".")
        if head not in namespace:
            raise SndsError(
                f"{{{name}}} in the query names no Python variable: define {head} first, "
                f"or write {{{{{name}}}}} for literal braces."
            )
        value = namespace[head]
        path = head
        for attr in rest:
            try:
                value = getattr(value, attr)
            except AttributeError:
                raise SndsError(
                    f"{{{name}}} in the query: {path} ({type(value).__name__}) has no attribute "
                    f"{attr}; name one it has, or write {{{{{name}}}}} for literal braces."
                ) from None
            path = f"{path}.{attr}"
        params.append(value)
        return "?"

    text = _TOKEN.sub(replace, query)
    return text.replace("{{", "{").replace("}}", "}"), params


def placeholders(query: str) -> list[str]:
    """The `{name}` placeholders outside quotes and comments, in order."""
    return [m.group(5) for m in _TOKEN.finditer(query) if m.group(5) is not None]


def unbound_hint(query: str) -> str | None:
    """A hint for `{name}` left in a query that was run without values."""
    names = placeholders(query)
    if not names:
        return None
    head = names[0].split(".")[0]
    return (
        f"{{{names[0]}}} is a placeholder, but snds.sql() got no values: pass them with "
        f'snds.sql(query, {{"{head}": {head}}}), or use a %%sql cell, which fills '
        f"{{name}} from your variables."
    )


_PLACEHOLDER = re.compile(r"""('(?:[^']|'')*')|("(?:[^"]|"")*")|(--[^\n]*)|(/\*.*?\*/)|(\?)""", re.S)


def inline_integers(query: str, params: Sequence[Any]) -> tuple[str, list[Any]]:
    """Writes integer parameters into the query as BIGINT literals.

    DuckDB-WASM binds every JS number as DOUBLE, where native DuckDB binds a
    Python int as an integer; an int rendered by Python cannot inject SQL.
    """
    values = list(params)
    kept: list[Any] = []
    index = 0

    def replace(match: re.Match) -> str:
        nonlocal index
        if match.group(5) is None:
            return match.group(0)
        if index >= len(values):
            return "?"
        value = values[index]
        index += 1
        if isinstance(value, int) and not isinstance(value, bool):
            return f"CAST({int(value)} AS BIGINT)"
        kept.append(value)
        return "?"

    return _PLACEHOLDER.sub(replace, query), kept
