"""Figures quoted in 06-pmsi-mco.ipynb."""

NOTEBOOK = "06-pmsi-mco.ipynb"


def _in_words(expr: str, words: dict[int, str]) -> str:
    """SQL for a count as the prose writes it: a word (0 → 'aucun'…) or else its digits."""
    cases = " ".join(f"WHEN {n} THEN '{word}'" for n, word in words.items())
    return f"CASE {expr} {cases} ELSE CAST({expr} AS VARCHAR) END"


# The notebook's `chainage` query: the 2019 stays by their state in the standard selection.
_CHAINAGE = """
WITH chainage AS (
  SELECT CASE WHEN NOT (c.NIR_RET = '0' AND c.NAI_RET = '0' AND c.SEX_RET = '0'
                        AND c.SEJ_RET = '0' AND c.FHO_RET = '0' AND c.PMS_RET = '0'
                        AND c.DAT_RET = '0' AND c.COH_NAI_RET = '0' AND c.COH_SEX_RET = '0')
              THEN 'code retour en erreur'
              WHEN b.SEJ_TYP = 'B' THEN 'prestation inter-établissements'
              WHEN b.GRG_GHM LIKE '90%' THEN 'erreur de groupage (GHM 90)'
              ELSE 'séjour retenu' END AS etat
  FROM T_MCO19C AS c
  JOIN T_MCO19B AS b ON b.ETA_NUM = c.ETA_NUM AND b.RSA_NUM = c.RSA_NUM
)
"""

# The COVID-19 stays of 2020 (`covid_annees`, `covid_periodes`), with their month of entry.
_COVID = """
WITH covid AS (
  SELECT b.AGE_ANN, b.SEJ_NBJ, b.SOR_MOD, MONTH(c.ENT_DAT) AS mois
  FROM T_MCO20B AS b
  JOIN T_MCO20C AS c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
  WHERE b.DGN_PAL = 'U071'
)
"""

# The notebook's `autres_sejours` query: the other stays of 2019 and 2020 by period of entry.
_AUTRES_SEJOURS = """
WITH sejours AS (
  SELECT 2019 AS annee, c.ENT_DAT
  FROM T_MCO19B AS b JOIN T_MCO19C AS c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
  WHERE b.DGN_PAL <> 'U071' AND (b.SEJ_TYP IS NULL OR b.SEJ_TYP <> 'B')
  UNION ALL
  SELECT 2020, c.ENT_DAT
  FROM T_MCO20B AS b JOIN T_MCO20C AS c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
  WHERE b.DGN_PAL <> 'U071' AND (b.SEJ_TYP IS NULL OR b.SEJ_TYP <> 'B')
),
autres_sejours AS (
  SELECT CASE WHEN MONTH(ENT_DAT) <= 2 THEN '1. janvier-février'
              WHEN MONTH(ENT_DAT) <= 5 THEN '2. mars-mai'
              WHEN MONTH(ENT_DAT) <= 9 THEN '3. juin-septembre'
              ELSE '4. octobre-décembre' END AS periode,
         SUM(CASE WHEN annee = 2019 THEN 1 ELSE 0 END) AS sejours_2019,
         SUM(CASE WHEN annee = 2020 THEN 1 ELSE 0 END) AS sejours_2020
  FROM sejours
  WHERE YEAR(ENT_DAT) = annee
  GROUP BY 1
)
"""

CLAIMS = [
    {
        "sql": _CHAINAGE
        + f"""SELECT COUNT(*) FILTER (WHERE etat = 'code retour en erreur'),
          COUNT(*) FILTER (WHERE etat = 'prestation inter-établissements'),
          {_in_words("COUNT(*) FILTER (WHERE etat = 'erreur de groupage (GHM 90)')", {0: "aucun"})},
          COUNT(*) FILTER (WHERE etat = 'séjour retenu'), COUNT(*)
        FROM chainage""",
        "text": "Ici, {} séjours ont un code retour en erreur et {} sont des prestations"
        " inter-établissements ; {} n'est en erreur de groupage (la ligne correspondante"
        " n'apparaît donc pas) : {} séjours sur {} sont retenus",
    },
    {
        "sql": _COVID
        + f"""SELECT COUNT(*),
          {_in_words("(SELECT COUNT(*) FROM T_MCO19B WHERE DGN_PAL = 'U071')", {0: "aucun"})},
          CAST(ROUND(AVG(AGE_ANN)) AS INTEGER), CAST(ROUND(AVG(SEJ_NBJ)) AS INTEGER),
          replace(printf('%g', MEDIAN(SEJ_NBJ)), '.', ','),
          {_in_words("COUNT(*) FILTER (WHERE SOR_MOD = '9')", {1: "un", 2: "deux", 3: "trois"})}
        FROM covid""",
        "text": "sur 5 000 personnes, {} séjours de 2020 portent le code `U071`, {} de 2019."
        " Leurs patients ont {} ans en moyenne ; ils restent {} jours en moyenne, une moyenne que"
        " tirent quelques très longs séjours (la médiane est de {} jours), et {} en meurent"
        " à l'hôpital",
    },
    {
        "sql": _COVID
        + f"""SELECT COUNT(*) FILTER (WHERE mois BETWEEN 3 AND 5),
          COUNT(*) FILTER (WHERE mois >= 10),
          {_in_words("COUNT(*) FILTER (WHERE mois BETWEEN 6 AND 9)", {1: "un seul"})},
          {_in_words("COUNT(*) FILTER (WHERE mois <= 2)", {0: "aucun"})}
        FROM covid""",
        "text": "Les séjours se groupent au printemps ({} de mars à mai) et à l'automne"
        " ({} d'octobre à décembre) ; {} tombe l'été, {} avant mars",
    },
    {
        "sql": _AUTRES_SEJOURS
        + "SELECT sejours_2020, sejours_2019 FROM autres_sejours WHERE periode = '2. mars-mai'",
        "text": "De mars à mai 2020, {} séjours contre {} en 2019 : un quart de moins",
    },
    {
        "sql": _AUTRES_SEJOURS
        + """SELECT CAST(ROUND(100.0 * (sejours_2019 - sejours_2020) / sejours_2019) AS INTEGER)
        FROM autres_sejours WHERE periode = '1. janvier-février'""",
        "text": "ici, janvier-février perd {} % de ses séjours sans aucun confinement",
    },
]
