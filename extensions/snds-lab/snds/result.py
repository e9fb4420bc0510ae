"""Query results: columns, rows, and safe text and HTML views."""

from __future__ import annotations

import html
from typing import Any, Iterator, Sequence

from .errors import ArgumentError, SndsError, UnknownColumn

#: Rows shown by the text and HTML views before truncating.
DISPLAY_ROWS = 50


def _cell_text(value: Any) -> str:
    if value is None:
        return "NULL"
    return str(value)


class Result:
    """The result of :func:`snds.sql`: named, typed columns and rows of tuples."""

    def __init__(self, columns: Sequence[str], types: Sequence[str], rows: list[tuple]):
        self.columns: list[str] = list(columns)
        self.types: list[str] = list(types)
        self.rows: list[tuple] = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __getitem__(self, index):
        if isinstance(index, str):
            # Rows are taken by number: a column's values have their own method.
            column = (
                f"for the values of column {index!r}, write r.column({index!r})"
                if index in self.columns
                else f"no column is named {index!r}; its columns are: {', '.join(self.columns)}"
            )
            raise ArgumentError(f"A result's rows are taken by number, e.g. r[0]; {column}.")
        return self.rows[index]

    def column(self, name: str) -> list:
        """All values of one column, by name."""
        try:
            i = self.columns.index(name)
        except ValueError:
            raise UnknownColumn(
                f"No column {name!r} in this result; its columns are: {', '.join(self.columns)}"
            ) from None
        return [row[i] for row in self.rows]

    def to_arrow(self):
        """The result as a pyarrow Table (where pyarrow is installed)."""
        try:
            import pyarrow as pa
        except ImportError:
            raise SndsError(
                "to_arrow() needs pyarrow, which this Python lacks: pip install pyarrow "
                "(the browser kernel has none: use .rows or .to_pandas() there)."
            ) from None
        columns = list(zip(*self.rows)) if self.rows else [() for _ in self.columns]
        return pa.table({name: list(values) for name, values in zip(self.columns, columns)})

    def to_pandas(self):
        """The result as a pandas DataFrame (where pandas is installed)."""
        try:
            import pandas as pd
        except ImportError:
            raise SndsError(
                "to_pandas() needs pandas, which this Python lacks: pip install pandas "
                "(in the browser kernel: %pip install pandas, if the site ships it)."
            ) from None
        return pd.DataFrame.from_records(self.rows, columns=self.columns)

    def chart(self, kind: str, x: str, y: str, color: str | None = None, title: str | None = None):
        """A Vega-Lite v5 chart: kind is bar, line, point, area or tick."""
        from .chart import chart

        return chart(self, kind, x, y, color=color, title=title)

    def _shown(self) -> list[tuple]:
        return self.rows[:DISPLAY_ROWS]

    def __repr__(self) -> str:
        header = [f"{c} ({t})" for c, t in zip(self.columns, self.types)]
        body = [[_cell_text(v) for v in row] for row in self._shown()]
        widths = [
            max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)
        ]
        lines = [" | ".join(h.ljust(w) for h, w in zip(header, widths))]
        lines.append("-+-".join("-" * w for w in widths))
        lines += [" | ".join(v.ljust(w) for v, w in zip(r, widths)) for r in body]
        lines.append(self._footer())
        return "\n".join(lines)

    def _footer(self) -> str:
        n = len(self.rows)
        if n > DISPLAY_ROWS:
            return f"{DISPLAY_ROWS} of {n:,} rows shown".replace(",", "\u202f")
        return f"{n} row{'s' if n != 1 else ''}"

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(
            f'<th title="{esc(t)}">{esc(c)}<br><small>{esc(t)}</small></th>'
            for c, t in zip(self.columns, self.types)
        )
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(_cell_text(v))}</td>" for v in row) + "</tr>"
            for row in self._shown()
        )
        return (
            '<table class="snds-result">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p><small>{esc(self._footer())}</small></p>"
        )
