"""tsfaker side of bench/synth.mjs: tsfaker with a row count per table, in one process.

    python bench/tsfaker_run.py SCHEMAS RESOURCES OUT ROWS.json

The tsfaker CLI takes one row count for all tables. This drives its classes as the CLI does
(foreign keys from the CSV files under RESOURCES and from the tables generated before, seed
42, one CSV per table in OUT), but with the row count of each table from ROWS.json, which maps
a table's dictionary name (its schema file's name, e.g. T_MCOaaB) to its rows. Prints one JSON
line: seconds from reading the schemas to the last CSV (imports excluded), the tables and rows
generated, each table's seconds, the tables that failed and those without a schema file.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

from tsfaker.generator.foreign_key import ForeignKeyCatalog
from tsfaker.generator.table import TableGenerator
from tsfaker.io.resources import add_schema_to_resources, process_resources
from tsfaker.io.schema import iter_schemas_to_generate, read_schema

SEED = 42  # the CLI's default


def main() -> None:
    schemas_dir, resources, out, rows_file = sys.argv[1:5]
    rows: dict[str, int] = json.loads(Path(rows_file).read_text())
    logging.basicConfig(level=logging.WARNING)
    files = {p.stem: p for p in Path(schemas_dir).rglob("*.json")}
    csv = {name: str(Path(out) / f"{name}.csv") for name in rows}

    start = time.perf_counter()
    schemas = [read_schema(str(files[n]), csv[n], False) for n in rows if n in files]
    sources = process_resources([resources])  # table name -> CSV path, or Schema to generate
    add_schema_to_resources(sources, schemas)
    catalog = ForeignKeyCatalog(sources)
    seconds: dict[str, float] = {}
    failed: dict[str, str] = {}
    for schema in iter_schemas_to_generate(sources):
        name = schema.descriptor["name"]
        t = time.perf_counter()
        try:
            generator = TableGenerator(schema, rows[name], sources, catalog, SEED)
            generator.generate_output_csv(False, False, True, ",")
        except Exception as error:  # reported; the run goes on
            failed[name] = f"{type(error).__name__}: {error}"[:300]
            # Not retried; the tables whose foreign keys point to it fail on its missing CSV.
            sources[name] = csv[name]
        seconds[name] = time.perf_counter() - t
    total = time.perf_counter() - start

    done = [n for n in seconds if n not in failed]
    print(
        json.dumps(
            {
                "seconds": total,
                "tables": len(done),
                "rows": sum(rows[n] for n in done),
                "perTable": {n: round(seconds[n], 3) for n in done},
                "failed": failed,
                "noSchema": [n for n in rows if n not in files],
            }
        )
    )


if __name__ == "__main__":
    main()
