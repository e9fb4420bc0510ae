"""Figures quoted in 05-cohorte-diabete.ipynb."""

from shared_sql import DISPENSED

NOTEBOOK = "05-cohorte-diabete.ipynb"

# The notebook's dates of net delivery of an antidiabetic (A10), one row per person and date.
_DATES = (
    """
dates AS (
  SELECT ben.BEN_IDT_ANO, prs.EXE_SOI_DTD
  """
    + DISPENSED
    + """
  WHERE ref.PHA_ATC_C07 LIKE 'A10%' AND prs.DPN_QLF <> 71
  GROUP BY ben.BEN_IDT_ANO, prs.EXE_SOI_DTD
  HAVING SUM(pha.PHA_ACT_QSN) > 0
)"""
)

# The temporary table `cohorte_diabete`: at least 3 dates of net delivery in 2019.
_COHORTE = (
    "WITH"
    + _DATES
    + """,
cohorte_diabete AS (
  SELECT BEN_IDT_ANO, COUNT(*) AS dates_delivrance, MIN(EXE_SOI_DTD) AS premiere_delivrance
  FROM dates
  WHERE EXTRACT(YEAR FROM EXE_SOI_DTD) = 2019
  GROUP BY BEN_IDT_ANO
  HAVING COUNT(*) >= 3
)"""
)

# Exercise 1: the cohort's size with a threshold of 1, 3 and 6 dates.
_TAILLES = (
    "WITH"
    + _DATES
    + """,
par_personne AS (
  SELECT BEN_IDT_ANO, COUNT(*) AS n
  FROM dates
  WHERE EXTRACT(YEAR FROM EXE_SOI_DTD) = 2019
  GROUP BY BEN_IDT_ANO
)
"""
)

# The prevalence by age group and sex (the `prevalence` query).
_PREVALENCE = (
    _COHORTE
    + """,
prevalence AS (
  SELECT CASE WHEN age < 20 THEN '00-19' WHEN age < 40 THEN '20-39' WHEN age < 60 THEN '40-59'
              WHEN age < 80 THEN '60-79' ELSE '80+' END AS tranche_age,
         CASE sexe WHEN 1 THEN 'Hommes' ELSE 'Femmes' END AS sexe,
         ROUND(100.0 * SUM(diabete) / COUNT(*), 2) AS prevalence_pct
  FROM (SELECT 2019 - CAST(ben.BEN_NAI_ANN AS INTEGER) AS age, ben.BEN_SEX_COD AS sexe,
               CASE WHEN coh.BEN_IDT_ANO IS NULL THEN 0 ELSE 1 END AS diabete
        FROM (SELECT BEN_IDT_ANO, MIN(BEN_NAI_ANN) AS BEN_NAI_ANN, MIN(BEN_SEX_COD) AS BEN_SEX_COD
              FROM IR_BEN_R
              GROUP BY BEN_IDT_ANO) AS ben
        LEFT JOIN cohorte_diabete AS coh ON coh.BEN_IDT_ANO = ben.BEN_IDT_ANO) AS p
  GROUP BY 1, 2
)
"""
)

# The HbA1c tests per person of the cohort (the `suivi` query).
_SUIVI = (
    _COHORTE
    + """,
dosages AS (
  SELECT ben.BEN_IDT_ANO, prs.EXE_SOI_DTD
  FROM ER_PRS_F AS prs
  JOIN ER_BIO_F AS bio USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD,
                ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
  JOIN IR_BEN_R AS ben ON ben.BEN_NIR_PSA = prs.BEN_NIR_PSA AND ben.BEN_RNG_GEM = prs.BEN_RNG_GEM
  WHERE bio.BIO_PRS_IDE = 1577 AND prs.DPN_QLF <> 71 AND EXTRACT(YEAR FROM prs.EXE_SOI_DTD) = 2019
  GROUP BY ben.BEN_IDT_ANO, prs.EXE_SOI_DTD
  HAVING SUM(bio.BIO_ACT_QSN) > 0
),
par_personne AS (
  SELECT coh.BEN_IDT_ANO, COUNT(dos.EXE_SOI_DTD) AS dosages
  FROM cohorte_diabete AS coh
  LEFT JOIN dosages AS dos USING (BEN_IDT_ANO)
  GROUP BY coh.BEN_IDT_ANO
)
"""
)

# The days of nursing care per person of the cohort, with insulin or not (the `infirmiers` query).
_INFIRMIERS = (
    _COHORTE
    + """,
insuline AS (
  SELECT ben.BEN_IDT_ANO
  """
    + DISPENSED
    + """
  WHERE ref.PHA_ATC_C07 LIKE 'A10A%' AND prs.DPN_QLF <> 71
    AND EXTRACT(YEAR FROM prs.EXE_SOI_DTD) = 2019
  GROUP BY ben.BEN_IDT_ANO
  HAVING SUM(pha.PHA_ACT_QSN) > 0
),
periodes AS (
  SELECT ben.BEN_IDT_ANO, prs.EXE_SOI_DTD, LEAST(prs.EXE_SOI_DTF, MAKE_DATE(2019, 12, 31)) AS fin
  FROM ER_PRS_F AS prs
  JOIN IR_BEN_R AS ben ON ben.BEN_NIR_PSA = prs.BEN_NIR_PSA AND ben.BEN_RNG_GEM = prs.BEN_RNG_GEM
  WHERE prs.PRS_NAT_REF = 3111 AND prs.DPN_QLF <> 71 AND EXTRACT(YEAR FROM prs.EXE_SOI_DTD) = 2019
  GROUP BY ben.BEN_IDT_ANO, prs.EXE_SOI_DTD, prs.EXE_SOI_DTF
  HAVING SUM(prs.PRS_ACT_QTE) > 0
),
jours AS (
  SELECT BEN_IDT_ANO, COUNT(DISTINCT jour) AS jours
  FROM (SELECT BEN_IDT_ANO, UNNEST(generate_series(EXE_SOI_DTD, fin, INTERVAL 1 DAY)) AS jour
        FROM periodes) AS j
  GROUP BY BEN_IDT_ANO
),
ages AS (
  SELECT BEN_IDT_ANO, 2019 - CAST(MIN(BEN_NAI_ANN) AS INTEGER) AS age
  FROM IR_BEN_R
  GROUP BY BEN_IDT_ANO
),
infirmiers AS (
  SELECT ins.BEN_IDT_ANO IS NOT NULL AS sous_insuline, ages.age >= 75 AS age_75,
         COUNT(*) AS personnes,
         COUNT(*) FILTER (WHERE j.jours >= 200) AS personnes_200_jours,
         CAST(ROUND(100.0 * AVG(CASE WHEN j.jours >= 200 THEN 1 ELSE 0 END)) AS INTEGER) AS pct_200,
         CAST(ROUND(AVG(COALESCE(j.jours, 0))) AS INTEGER) AS jours_moyens
  FROM cohorte_diabete AS coh
  JOIN ages USING (BEN_IDT_ANO)
  LEFT JOIN insuline AS ins USING (BEN_IDT_ANO)
  LEFT JOIN jours AS j USING (BEN_IDT_ANO)
  GROUP BY 1, 2
)
"""
)

CLAIMS = [
    {
        # "moins de n %": the first integer above every prevalence before 40.
        "sql": _PREVALENCE
        + """, tranches AS (
          SELECT CASE WHEN tranche_age IN ('00-19', '20-39') THEN 'avant 40'
                      WHEN tranche_age = '40-59' THEN '40-59' ELSE 'après 60' END AS groupe,
                 sexe, tranche_age, prevalence_pct
          FROM prevalence
        )
        SELECT CAST(FLOOR(MAX(prevalence_pct) FILTER (WHERE groupe = 'avant 40')) + 1 AS INTEGER),
          CAST(ROUND(MIN(prevalence_pct) FILTER (WHERE groupe = '40-59')) AS INTEGER),
          CAST(ROUND(MAX(prevalence_pct) FILTER (WHERE groupe = '40-59')) AS INTEGER),
          CAST(ROUND(MIN(prevalence_pct) FILTER (WHERE groupe = 'après 60')) AS INTEGER),
          CAST(ROUND(MAX(prevalence_pct) FILTER (WHERE groupe = 'après 60')) AS INTEGER),
          CAST(ROUND(ANY_VALUE(prevalence_pct)
                     FILTER (WHERE tranche_age = '60-79' AND sexe = 'Hommes')) AS INTEGER),
          CAST(ROUND(ANY_VALUE(prevalence_pct)
                     FILTER (WHERE tranche_age = '60-79' AND sexe = 'Femmes')) AS INTEGER)
        FROM tranches""",
        "text": "moins de {} % avant 40 ans, {} à {} % entre 40 et 59 ans, {} à {} % après 60 ans."
        " À partir de 60 ans, elle est plus élevée chez les hommes (environ {} % contre {} % chez"
        " les femmes entre 60 et 79 ans)",
    },
    {
        "sql": _TAILLES
        + "SELECT COUNT(*) FILTER (WHERE n >= 1), COUNT(*) FILTER (WHERE n >= 3) FROM par_personne",
        "text": "presque la même cohorte ({} et {} personnes)",
    },
    {
        "sql": _TAILLES + "SELECT COUNT(*) FILTER (WHERE n >= 6) FROM par_personne",
        "text": "Mais 6 dates n'en gardent que {} (voir l'exercice 1)",
    },
    {
        # The new treated persons of 2020: no net delivery of A10 in 2019, at least one in 2020.
        "years": "2019-2020",
        "sql": "WITH"
        + _DATES
        + """,
        par_personne AS (
          SELECT ben.BEN_IDT_ANO,
                 COUNT(dates.EXE_SOI_DTD) FILTER (WHERE YEAR(dates.EXE_SOI_DTD) = 2019) AS n_2019,
                 COUNT(dates.EXE_SOI_DTD) FILTER (WHERE YEAR(dates.EXE_SOI_DTD) = 2020) AS n_2020
          FROM (SELECT DISTINCT BEN_IDT_ANO FROM IR_BEN_R) AS ben
          LEFT JOIN dates USING (BEN_IDT_ANO)
          GROUP BY ben.BEN_IDT_ANO
        ),
        nouveaux AS (
          SELECT COUNT(*) FILTER (WHERE n_2019 = 0 AND n_2020 > 0) AS nouveaux,
                 COUNT(*) FILTER (WHERE n_2019 = 0) AS sans_2019
          FROM par_personne
        )
        SELECT nouveaux, sans_2019,
               replace(printf('%.1f', 1000.0 * nouveaux / sans_2019), '.', ',')
        FROM nouveaux""",
        "text": "avec ces paramètres, {} personnes parmi les {} qui n'avaient aucune délivrance"
        " en 2019, soit environ {} pour 1 000",
    },
    {
        "sql": _SUIVI
        + """SELECT CAST(ROUND(100.0 * COUNT(*) FILTER (WHERE dosages >= 1) / COUNT(*)) AS INTEGER),
          CAST(ROUND(100.0 * COUNT(*) FILTER (WHERE dosages >= 3) / COUNT(*)) AS INTEGER)
        FROM par_personne""",
        "text": "Avec ces paramètres, {} % de la cohorte a au moins un dosage dans l'année"
        " et {} % en a au moins trois",
    },
    {
        "sql": _INFIRMIERS
        + """SELECT personnes, jours_moyens, personnes_200_jours, pct_200
        FROM infirmiers WHERE sous_insuline AND age_75""",
        "text": "les {} personnes de 75 ans et plus sous insuline ont en moyenne {} jours de soins"
        " infirmiers dans l'année, et {} d'entre elles ({} %) en ont au moins 200",
    },
    {
        # "Aucune" is the figure: none of them has 200 days or more.
        "sql": _INFIRMIERS
        + """SELECT CASE personnes_200_jours WHEN 0 THEN 'Aucune'
                    ELSE CAST(personnes_200_jours AS VARCHAR) END,
               personnes, jours_moyens
        FROM infirmiers WHERE NOT sous_insuline AND age_75""",
        "text": "une infirmière passe tous les jours. {} des {} personnes du même âge sans insuline"
        " n'en est là : leurs soins ({} jours en moyenne)",
    },
    {
        "sql": _INFIRMIERS
        + """SELECT personnes_200_jours, personnes
        FROM infirmiers WHERE sous_insuline AND NOT age_75""",
        "text": "Avant 75 ans, {} personnes sous insuline sur {} ont des soins quotidiens",
    },
    {
        "sql": _INFIRMIERS + "SELECT pct_200 FROM infirmiers WHERE sous_insuline AND age_75",
        "text": "et {} % est au-dessus de ce que le générateur prévoit",
    },
]
