"""Figures quoted in etude-modele.ipynb."""

from shared_sql import DISPENSED

NOTEBOOK = "etude-modele.ipynb"

# The notebook's `cohorte` table (parameters 2019, "A10%", 3 deliveries, 18 years) and the
# death flag of its `evenements` table: one row per person of the cohort.
_COHORT = (
    """
WITH delivrances AS (
  SELECT ben.BEN_IDT_ANO, prs.EXE_SOI_DTD
  """
    + DISPENSED
    + """
  WHERE ref.PHA_ATC_C07 LIKE 'A10%'
    AND prs.DPN_QLF <> 71 AND prs.PRS_DPN_QLP <> 71
    AND EXTRACT(YEAR FROM prs.EXE_SOI_DTD) = 2019
  GROUP BY ben.BEN_IDT_ANO, prs.EXE_SOI_DTD
  HAVING SUM(pha.PHA_ACT_QSN) > 0
),
cas AS (
  SELECT BEN_IDT_ANO FROM delivrances GROUP BY BEN_IDT_ANO HAVING COUNT(*) >= 3
),
personnes AS (
  SELECT BEN_IDT_ANO, MIN(BEN_NAI_ANN) AS BEN_NAI_ANN, MAX(BEN_DCD_DTE) AS BEN_DCD_DTE
  FROM IR_BEN_R
  GROUP BY BEN_IDT_ANO
),
evenements AS (
  SELECT 2019 - CAST(p.BEN_NAI_ANN AS INTEGER) AS age,
         CASE WHEN p.BEN_DCD_DTE <> DATE '1600-01-01' AND EXTRACT(YEAR FROM p.BEN_DCD_DTE) = 2019
              THEN 1 ELSE 0 END AS decede
  FROM cas
  JOIN personnes AS p ON p.BEN_IDT_ANO = cas.BEN_IDT_ANO
  WHERE 2019 - CAST(p.BEN_NAI_ANN AS INTEGER) >= 18
),
resultats AS (
  SELECT CASE WHEN age < 45 THEN '18-44' WHEN age < 65 THEN '45-64' WHEN age < 75 THEN '65-74'
              ELSE '75+' END AS tranche_age,
         COUNT(*) AS personnes,
         SUM(decede) AS decedes,
         ROUND(100.0 * AVG(decede), 1) AS pct_decedes
  FROM evenements
  GROUP BY 1
)
"""
)

CLAIMS = [
    {
        # The example of a masked numerator: of the published age groups (10 people or more),
        # the one with the most deaths under 10 (at least 2: "ce sont … décès"), masked with
        # its share in the notebook's table.
        "sql": _COHORT
        + """SELECT replace(printf('%.1f', pct_decedes), '.', ','), personnes, decedes
        FROM resultats
        WHERE personnes >= 10 AND decedes BETWEEN 2 AND 9
        ORDER BY decedes DESC, tranche_age
        LIMIT 1""",
        "text": "redonnent le numérateur ({} % de {} personnes, ce sont {} décès)",
    },
]
