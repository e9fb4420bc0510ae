"""Helper overhead per query on native DuckDB, for bench/helper.mjs.

Times snds.sql(q) against the same query on the same DuckDB connection
(con.execute(q).fetchall()), alternating, and prints the figures as JSON.
Usage: python bench/helper_native.py REPEATS
"""

import json
import statistics
import sys
import time

import snds
from snds import kernel_engine

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 300

QUERIES = {
    "constant": "SELECT 42 AS x",
    "100 rows": "SELECT i, i * 2 AS d, 'x' || i AS s FROM range(100) t(i)",
    "SNDS aggregate": (
        "SELECT b.BEN_SEX_COD, count(*) AS n, sum(p.PRS_PAI_MNT) AS paid "
        "FROM ER_PRS_F p JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM) GROUP BY 1 ORDER BY 1"
    ),
}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    snds.generate(patients=1000, seed=0, years=2019)
    con = kernel_engine.current()._con
    figures = {}
    for name, query in QUERIES.items():
        helper, direct = [], []
        for _ in range(20):  # warm both paths
            snds.sql(query)
            con.execute(query).fetchall()
        for i in range(REPEATS):
            # Alternate which goes first, so caches favour neither.
            if i % 2:
                direct.append(timed(lambda: con.execute(query).fetchall()))
                helper.append(timed(lambda: snds.sql(query)))
            else:
                helper.append(timed(lambda: snds.sql(query)))
                direct.append(timed(lambda: con.execute(query).fetchall()))
        h, d = statistics.median(helper), statistics.median(direct)
        figures[name] = {"helper_ms": h * 1e3, "direct_ms": d * 1e3, "overhead_ms": (h - d) * 1e3}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
