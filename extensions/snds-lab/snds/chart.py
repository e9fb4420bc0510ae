"""Vega-Lite v5 charts from query results; JupyterLab and JupyterLite render them natively."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .errors import SndsError

VEGA_LITE_MIME = "application/vnd.vegalite.v5+json"
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
KINDS = ("bar", "line", "point", "area", "tick")
#: Above this, a chart is slow to draw and unreadable: aggregate first.
MAX_ROWS = 20_000

_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL")
_TEMPORAL = ("DATE", "TIMESTAMP")


def _field_type(sql_type: str) -> str:
    t = sql_type.upper()
    if t.startswith(_TEMPORAL):
        return "temporal"
    if t.startswith(_NUMERIC):
        return "quantitative"
    return "nominal"


def _json_value(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    return v


class Chart:
    """A Vega-Lite spec that displays itself; `.spec` is the plain dict."""

    def __init__(self, spec: dict):
        self.spec = spec

    def _repr_mimebundle_(self, include=None, exclude=None):
        mark = self.spec["mark"]["type"]
        return {
            VEGA_LITE_MIME: self.spec,
            "text/plain": f"<Vega-Lite {mark} chart of {len(self.spec['data']['values'])} rows>",
        }

    def __repr__(self) -> str:
        return self._repr_mimebundle_()["text/plain"]


def chart(result, kind: str, x: str, y: str, color: str | None = None, title: str | None = None) -> Chart:
    if kind not in KINDS:
        raise SndsError(f"Unknown chart kind {kind!r}: use one of {', '.join(KINDS)}.")
    for role, name in (("x", x), ("y", y), ("color", color)):
        if name is not None and name not in result.columns:
            raise SndsError(
                f"chart {role}={name!r} is not a column of this result; "
                f"its columns are: {', '.join(result.columns)}"
            )
    if len(result) > MAX_ROWS:
        raise SndsError(
            f"This result has {len(result):,} rows, too many to draw (at most {MAX_ROWS:,}): "
            "aggregate it in SQL first (GROUP BY)."
        )
    types = dict(zip(result.columns, result.types))
    used = [c for c in (x, y, color) if c is not None]
    index = [result.columns.index(c) for c in used]
    values = [{c: _json_value(row[i]) for c, i in zip(used, index)} for row in result.rows]

    def channel(name):
        enc = {"field": name, "type": _field_type(types[name]), "title": name}
        if kind == "bar" and name == x and enc["type"] == "quantitative" and len(result) <= 60:
            enc["type"] = "ordinal"
        return enc

    encoding = {"x": channel(x), "y": channel(y)}
    if color is not None:
        encoding["color"] = channel(color)
    encoding["tooltip"] = [channel(c) for c in used]
    spec = {
        "$schema": SCHEMA,
        "data": {"values": values},
        "mark": {"type": kind, "tooltip": True},
        "encoding": encoding,
        # A fixed size: "container" makes the output area and Vega resize each
        # other in a loop that freezes the page.
        "width": 480,
        "height": 300,
    }
    if title:
        spec["title"] = title
    return Chart(spec)
