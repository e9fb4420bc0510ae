"""The SNDS dictionary, from the same bundle as the sidebar (built into _data/)."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from .errors import ArgumentError, SndsError
from .result import Result

_DATA = Path(__file__).parent / "_data" / "dictionary.json"


@lru_cache(maxsize=1)
def load() -> dict:
    try:
        return json.loads(_DATA.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SndsError(
            f"The SNDS dictionary is missing from this snds install ({_DATA}). "
            "Reinstall the snds-lab wheel built by `npm run build`."
        ) from None


@lru_cache(maxsize=1)
def _by_name() -> dict[str, dict]:
    return {t["name"].upper(): t for t in load()["tables"]}


@lru_cache(maxsize=1)
def _per_year() -> list[tuple[re.Pattern, dict]]:
    out = []
    for t in load()["tables"]:
        name = t["name"]
        if "aa" in name or "AAAA" in name:
            # The year is kept in a group: yyyy (CT_DEP_AAAA_GN) or yy (T_MCOaaB).
            pattern = (
                re.escape(name).replace("AAAA", r"(?P<yyyy>\d{4})").replace("aa", r"(?P<yy>\d{2})")
            )
            out.append((re.compile(f"^{pattern}$", re.I), t))
    return out


def table_names() -> list[str]:
    return [t["name"] for t in load()["tables"]]


@lru_cache(maxsize=1)
def column_names() -> list[str]:
    return sorted({c["name"] for t in load()["tables"] for c in t["columns"]})


def tables_with_column(column: str) -> list[str]:
    """The SNDS tables that have a column of that name (any case)."""
    upper = column.upper()
    return [t["name"] for t in load()["tables"] if any(c["name"].upper() == upper for c in t["columns"])]


def find(name: str) -> dict | None:
    """The table named `name`, also by a per-year name (T_MCO19B → T_MCOaaB)."""
    table = _by_name().get(name.upper())
    if table:
        return table
    for pattern, t in _per_year():
        if pattern.match(name):
            return t
    return None


def is_per_year(name: str) -> bool:
    return any(p.match(name) for p, _ in _per_year())


def year_of(name: str) -> int | None:
    """The year a per-year table's name holds (T_MCO25B → 2025), or None."""
    for pattern, _ in _per_year():
        match = pattern.match(name)
        if match:
            found = match.groupdict()
            return int(found["yyyy"]) if found.get("yyyy") else 2000 + int(found["yy"])
    return None


def product_of(name: str) -> str:
    table = find(name)
    return table["product"] if table else ""


def table(name: str) -> dict:
    if not isinstance(name, str):
        raise ArgumentError(f"Give the table's name as a string, e.g. 'IR_BEN_R', not {name!r}.")
    name = name.strip()
    if not name:
        raise SndsError(
            "Give a table's name, e.g. snds.describe('IR_BEN_R'); snds.tables() lists them."
        )
    found = find(name)
    if found is None:
        import difflib

        close = difflib.get_close_matches(name.upper(), list(_by_name()), n=3, cutoff=0.6)
        hint = f": did you mean {', '.join(_by_name()[c]['name'] for c in close)}?" if close else "; see snds.tables()."
        raise SndsError(f"Unknown SNDS table {name}{hint}")
    return found


def tables(product: str | None = None) -> Result:
    """Every SNDS table (or one product's): name, product, title, column count."""
    if product is not None and not isinstance(product, str):
        raise ArgumentError(f"Give the product's name as a string, e.g. 'DCIR', not {product!r}.")
    if product is not None:
        product = product.strip()
        if not product:
            raise SndsError(
                "Give a product's name, e.g. snds.tables('DCIR'), or call snds.tables() "
                "for every table."
            )
    rows = [
        (t["name"], t["product"], t["title"], len(t["columns"]))
        for t in load()["tables"]
        if product is None or t["product"].upper() == product.upper()
    ]
    if not rows:
        products = sorted({t["product"] for t in load()["tables"]})
        raise SndsError(f"Unknown SNDS product {product}; the products are: {', '.join(products)}")
    return Result(["table", "product", "title", "columns"], ["VARCHAR", "VARCHAR", "VARCHAR", "INTEGER"], rows)


class TableDescription:
    """One SNDS table as the sidebar shows it: title, product, keys, links, columns."""

    def __init__(self, data: dict, links: list[dict]):
        self.name: str = data["name"]
        self.title: str = data.get("title", "")
        self.product: str = data.get("product", "")
        self.primary_key: list[str] = list(data.get("primaryKey", []))
        self.columns: list[dict] = data["columns"]
        self.links: list[dict] = links

    def _column_rows(self):
        for c in self.columns:
            nom = c.get("nomenclature") or {}
            yield (
                c["name"], c.get("type", ""), c.get("length", ""),
                nom.get("name", ""), c.get("description", ""),
            )

    def _link_lines(self):
        for link in self.links:
            if link["from"] == self.name:
                other, mine, theirs = link["to"], link["fromColumns"], link["toColumns"]
            else:
                other, mine, theirs = link["from"], link["toColumns"], link["fromColumns"]
            keys = ", ".join(a if a == b else f"{a} = {b}" for a, b in zip(mine, theirs))
            yield f"{other} on {keys} ({link['kind']})"

    def __repr__(self) -> str:
        lines = [f"{self.name} ({self.product}): {self.title}"]
        if self.primary_key:
            lines.append(f"Primary key: {', '.join(self.primary_key)}")
        if self.links:
            lines.append("Links:")
            lines += [f"  {line}" for line in self._link_lines()]
        lines.append(f"{len(self.columns)} columns:")
        for name, type_, length, nom, desc in self._column_rows():
            extra = f" [{nom}]" if nom else ""
            lines.append(f"  {name} {type_}{f'({length})' if length else ''}{extra}: {desc}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        head = f"<h4>{esc(self.name)} <small>{esc(self.product)}</small></h4><p>{esc(self.title)}</p>"
        if self.primary_key:
            head += f"<p><b>Clé primaire :</b> {esc(', '.join(self.primary_key))}</p>"
        if self.links:
            head += "<p><b>Liens :</b></p><ul>" + "".join(
                f"<li>{esc(line)}</li>" for line in self._link_lines()
            ) + "</ul>"
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in row) + "</tr>"
            for row in self._column_rows()
        )
        return (
            head + '<table class="snds-result"><thead><tr><th>colonne</th><th>type</th>'
            "<th>longueur</th><th>nomenclature</th><th>description</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )


def describe(name: str) -> TableDescription:
    t = table(name)
    links = [l for l in load()["links"] if t["name"] in (l["from"], l["to"])]
    return TableDescription(t, links)


def credit() -> str:
    source = load()["source"]
    return f"{source['credit']} ({source['licence']})"
