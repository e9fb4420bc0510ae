"""Figures quoted in 03-prestations-dcir.ipynb.

The notebook works on 2019 first, then regenerates 2019-2020 for the lockdown of 2020.
"""

NOTEBOOK = "03-prestations-dcir.ipynb"

# The notebook's monthly query: GP consultations (net acts) by year and month of care,
# at the surgery (1110) and by video (1192).
_GENERALISTES = """
WITH mois AS (
  SELECT EXTRACT(YEAR FROM EXE_SOI_DTD) AS annee, EXTRACT(MONTH FROM EXE_SOI_DTD) AS mois,
    SUM(CASE WHEN PRS_NAT_REF = 1110 THEN PRS_ACT_QTE ELSE 0 END) AS cabinet,
    SUM(CASE WHEN PRS_NAT_REF = 1192 THEN PRS_ACT_QTE ELSE 0 END) AS video
  FROM ER_PRS_F
  WHERE PRS_NAT_REF IN (1110, 1192) AND DPN_QLF <> 71 AND PRS_DPN_QLP <> 71
    AND EXE_SOI_DTD >= DATE '2019-01-01' AND EXE_SOI_DTD < DATE '2021-01-01'
  GROUP BY 1, 2
),
annees AS (
  SELECT
    SUM(cabinet) FILTER (WHERE annee = 2019 AND mois = 4) AS cabinet_avril_2019,
    SUM(cabinet) FILTER (WHERE annee = 2020 AND mois = 4) AS cabinet_avril_2020,
    SUM(video) FILTER (WHERE annee = 2020 AND mois = 4) AS video_avril_2020,
    SUM(cabinet + video) FILTER (WHERE annee = 2019) AS total_2019,
    SUM(cabinet + video) FILTER (WHERE annee = 2020) AS total_2020,
    SUM(video) FILTER (WHERE annee = 2020) AS video_2020
  FROM mois
)
"""

# The notebook's comparison of natures: net acts from 17 March to 10 May, 2019 and 2020.
_CONFINEMENT = """
WITH natures AS (
  SELECT PRS_NAT_REF,
    SUM(CASE WHEN EXE_SOI_DTD BETWEEN DATE '2019-03-17' AND DATE '2019-05-10'
        THEN PRS_ACT_QTE ELSE 0 END) AS printemps_2019,
    SUM(CASE WHEN EXE_SOI_DTD BETWEEN DATE '2020-03-17' AND DATE '2020-05-10'
        THEN PRS_ACT_QTE ELSE 0 END) AS confinement_2020
  FROM ER_PRS_F
  WHERE PRS_NAT_REF IN (1110, 1192, 1112, 1191, 3211, 3313) AND DPN_QLF <> 71
    AND PRS_DPN_QLP <> 71
  GROUP BY PRS_NAT_REF
)
"""


def _baisse(natures: str) -> str:
    """The fall, in whole percent, of the natures' acts from spring 2019 to the lockdown."""
    return f"""(SELECT CAST(ROUND(100 - 100.0 * SUM(confinement_2020) / SUM(printemps_2019))
        AS INTEGER) FROM natures WHERE PRS_NAT_REF IN ({natures}))"""


CLAIMS = [
    {
        # The natures of ER_PRS_F in 2019 (the notebook's natures query).
        "sql": """SELECT ['une', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf',
          'dix'][COUNT(DISTINCT PRS_NAT_REF)]
        FROM ER_PRS_F WHERE DPN_QLF <> 71 AND PRS_DPN_QLP <> 71""",
        "text": "Dans ces données synthétiques, {} natures sont utilisées",
    },
    {
        "sql": _GENERALISTES
        + """SELECT CAST(cabinet_avril_2020 AS INTEGER), CAST(cabinet_avril_2019 AS INTEGER),
          CAST(ROUND(100.0 * cabinet_avril_2020 / cabinet_avril_2019 - 100) AS INTEGER),
          CAST(video_avril_2020 AS INTEGER),
          CAST(ROUND(100.0 * (cabinet_avril_2020 + video_avril_2020) / cabinet_avril_2019 - 100)
            AS INTEGER)
        FROM annees""",
        "text": "En avril 2020, les généralistes font ici {} consultations au cabinet contre {}"
        " en avril 2019 ({} %), et {} téléconsultations, plus d'une consultation sur cinq :"
        " au total, {} %.",
    },
    {
        "sql": _GENERALISTES
        + """SELECT CAST(ROUND(100 - 100.0 * total_2020 / total_2019) AS INTEGER),
          CAST(total_2020 AS INTEGER), CAST(video_2020 AS INTEGER), CAST(total_2019 AS INTEGER)
        FROM annees""",
        "text": "sur l'année la baisse n'est plus que de {} % ({} consultations,"
        " dont {} par vidéo, contre {}).",
    },
    {
        "sql": _CONFINEMENT
        + f"""SELECT {_baisse("1110, 1192")}, {_baisse("1110")}, {_baisse("1112, 1191")},
          {_baisse("3211")}, {_baisse("3313")}""",
        "text": "les généralistes perdent ici {} % de leurs consultations ({} % au cabinet),"
        " les spécialistes {} % (le suivi des maladies chroniques continue), la biologie {} %,"
        " la pharmacie {} % seulement",
    },
]
