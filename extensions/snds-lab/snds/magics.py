"""%%sql and %sql: SQL cells for IPython, with {var} values bound as parameters."""

from __future__ import annotations

import re

_TARGET = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*<<\s*(.*)$", re.S)


def split_target(line: str) -> tuple[str | None, str]:
    """`name << rest` → ("name", "rest"); otherwise (None, line)."""
    match = _TARGET.match(line)
    if match:
        return match.group(1), match.group(2)
    return None, line


def register(ipython) -> None:
    from IPython.core.magic import register_line_cell_magic  # noqa: F401  (IPython present)

    from . import sql

    def sql_magic(line: str, cell: str | None = None):
        target, rest = split_target(line)
        query = rest if cell is None else f"{rest}\n{cell}" if rest.strip() else cell
        result = sql(query, _namespace=ipython.user_ns)
        if target:
            ipython.user_ns[target] = result
            return None
        return result

    ipython.register_magic_function(sql_magic, magic_kind="line_cell", magic_name="sql")
