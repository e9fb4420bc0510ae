"""Figures quoted in 10-causes-de-deces.ipynb."""

NOTEBOOK = "10-causes-de-deces.ipynb"

# The notebook's `causes` query: initial causes of death by ICD-10 chapter.
_CAUSES = """
WITH causes AS (
  SELECT CASE SUBSTR(cci.DCD_CIM_COD, 1, 1)
              WHEN 'C' THEN 'Tumeurs' WHEN 'I' THEN 'Circulatoire' WHEN 'J' THEN 'Respiratoire'
              WHEN 'E' THEN 'Endocrinien' WHEN 'F' THEN 'Mental' WHEN 'G' THEN 'Nerveux'
              WHEN 'R' THEN 'Mal définies' WHEN 'V' THEN 'Externes' WHEN 'W' THEN 'Externes'
              WHEN 'X' THEN 'Externes' WHEN 'Y' THEN 'Externes' ELSE 'Autres' END AS grande_cause,
         COUNT(*) AS deces
  FROM KI_CCI_R AS cci
  GROUP BY 1
)
"""

CLAIMS = [
    {
        "sql": _CAUSES
        + """SELECT SUM(deces),
          SUM(deces) FILTER (WHERE grande_cause = 'Tumeurs'),
          SUM(deces) FILTER (WHERE grande_cause = 'Circulatoire')
        FROM causes""",
        "text": "Ici, sur {} décès, les tumeurs ({} décès) devancent de peu l'appareil"
        " circulatoire ({}), comme en France",
    },
]
