"""Figures quoted in 04-medicaments.ipynb."""

NOTEBOOK = "04-medicaments.ipynb"

# The notebook's renewals query: one row per prescription of an antidiabetic by a GP.
_PRESCRIPTIONS = """
WITH antidiabetiques AS (
  SELECT prs.BEN_NIR_PSA, prs.BEN_RNG_GEM, prs.PFS_PRE_NUM, prs.PRE_PRE_DTD, ref.PHA_ATC_C07,
    ref.PHA_UPC_NBR
  FROM ER_PRS_F AS prs
  JOIN ER_PHA_F AS pha USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD,
                ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
  JOIN IR_PHA_R AS ref ON ref.PHA_CIP_C13 = pha.PHA_PRS_C13
  WHERE prs.DPN_QLF <> 71 AND prs.PRS_ACT_QTE > 0 AND ref.PHA_ATC_C07 LIKE 'A10%'
    AND prs.PSP_SPE_COD = 1
),
ordonnances AS (
  SELECT COUNT(*) AS delivrances, MAX(CAST(PHA_UPC_NBR AS INTEGER)) AS unites
  FROM antidiabetiques
  GROUP BY BEN_NIR_PSA, BEN_RNG_GEM, PFS_PRE_NUM, PRE_PRE_DTD, PHA_ATC_C07
)
"""

CLAIMS = [
    {
        "sql": _PRESCRIPTIONS
        + """SELECT COUNT(*) FILTER (WHERE delivrances = 3), COUNT(*),
          COUNT(*) FILTER (WHERE delivrances = 1),
          COUNT(*) FILTER (WHERE delivrances = 1 AND unites = 90)
        FROM ordonnances""",
        "text": "près d'une ordonnance sur deux ({} sur {}), est celui de trois délivrances,"
        " une par mois. Viennent ensuite les ordonnances d'une seule délivrance ({}) :"
        " la plupart ({}) portent sur une **boîte de trois mois**",
    },
    {
        # The most deliveries a prescription gives, in words as the prose writes it.
        "sql": _PRESCRIPTIONS
        + """SELECT CASE MAX(delivrances) WHEN 2 THEN 'deux' WHEN 3 THEN 'trois'
          WHEN 4 THEN 'quatre' WHEN 5 THEN 'cinq' WHEN 6 THEN 'six'
          ELSE CAST(MAX(delivrances) AS VARCHAR) END
        FROM ordonnances""",
        "text": "aucune n'en donne plus de {}, car chaque renouvellement couvre trois mois",
    },
]
