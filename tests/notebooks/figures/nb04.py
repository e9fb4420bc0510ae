"""Figures quoted in 04-medicaments.ipynb."""

NOTEBOOK = "04-medicaments.ipynb"

# The notebook never looks at box sizes: the prescriptions of an antidiabetic by a GP (as in
# its `renouvellements` query) that give a single delivery, of a 90-unit box.
_SINGLE_90 = """SELECT COUNT(*) FROM (
  SELECT 1
  FROM ER_PRS_F AS prs
  JOIN ER_PHA_F AS pha USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD,
                ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
  JOIN IR_PHA_R AS ref ON ref.PHA_CIP_C13 = pha.PHA_PRS_C13
  WHERE prs.DPN_QLF <> 71 AND prs.PRS_ACT_QTE > 0 AND ref.PHA_ATC_C07 LIKE 'A10%'
    AND prs.PSP_SPE_COD = 1
  GROUP BY prs.BEN_NIR_PSA, prs.BEN_RNG_GEM, prs.PFS_PRE_NUM, prs.PRE_PRE_DTD, ref.PHA_ATC_C07
  HAVING COUNT(*) = 1 AND MAX(CAST(ref.PHA_UPC_NBR AS INTEGER)) = 90)"""

CLAIMS = [
    {
        # `renouvellements` (prescriptions by number of deliveries): those with 3, all, those
        # with 1; then the single deliveries of a 90-unit box, by the query above.
        "values": "(lambda n: (n[3], sum(n.values()), n[1], snds.sql("
        + repr(_SINGLE_90)
        + ").rows[0][0]))(dict(renouvellements.rows))",
        "text": "près d'une ordonnance sur deux ({} sur {}), est celui de trois délivrances,"
        " une par mois. Viennent ensuite les ordonnances d'une seule délivrance ({}) :"
        " la plupart ({}) portent sur une **boîte de trois mois**",
    },
    {
        # `renouvellements`: the most deliveries a prescription gives, in words.
        "values": "(lambda m: {2: 'deux', 3: 'trois', 4: 'quatre', 5: 'cinq', 6: 'six'}"
        ".get(m, str(m)))(max(renouvellements.column('delivrances_par_ordonnance')))",
        "text": "aucune n'en donne plus de {}, car chaque renouvellement couvre trois mois",
    },
]
