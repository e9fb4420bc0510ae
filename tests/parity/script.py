# The same queries through the snds helper on every engine; the parity test
# compares what this prints in the lite site (DuckDB-WASM) and in CPython
# (native DuckDB), value for value.
import datetime
import decimal

import snds

QUERIES = [
    ("select 42 as x, 'SNDS' as s, NULL as n", None),
    (
        "select 10000000000::BIGINT b, -0.05::DECIMAL(10,2) d, DATE '2019-03-01' dt, "
        "TIMESTAMP '2019-03-01 12:30:00' ts, 1.5::DOUBLE f, true ok",
        None,
    ),
    ("select i % 7 as k, count(*) as n, sum(i) as s from range(100000) t(i) group by k order by k", None),
    ("select {a} + 1 as x, {b} as y", {"a": 41, "b": "l'été"}),
    ("select ? * 2 as x", [21]),
    ("select BEN_SEX_COD, count(*) as n from IR_BEN_R group by 1 order by 1", None),
    ("select count(*) as n, sum(PRS_PAI_MNT) as paid, min(EXE_SOI_DTD) as first, max(FLX_DIS_DTD) as last from ER_PRS_F", None),
    ("select count(*) as stays, count(distinct NIR_ANO_17) as people from T_MCO19C", None),
    ("select PHA_ATC_C07, count(*) as n from IR_PHA_R group by 1 order by 2 desc, 1 limit 5", None),
]

snds.generate(patients=500, seed=3, years=2019)
for query, params in QUERIES:
    result = snds.sql(query, params)
    print("PARITY", repr((result.columns, result.rows)))
print("PARITY-END")
