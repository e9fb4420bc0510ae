"""Figures quoted in 03-prestations-dcir.ipynb.

The notebook works on 2019 first, then regenerates 2019-2020 for the lockdown of 2020.
Percentages are rounded half up, as SQL's ROUND (half_up).
"""

from shared_sql import half_up

NOTEBOOK = "03-prestations-dcir.ipynb"


CLAIMS = [
    {
        # No result before the passage counts the natures (`natures` comes after it): a query.
        "sql": """SELECT ['une', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf',
          'dix'][COUNT(DISTINCT PRS_NAT_REF)]
        FROM ER_PRS_F WHERE DPN_QLF <> 71 AND PRS_DPN_QLP <> 71""",
        "text": "Dans ces données synthétiques, {} natures sont utilisées",
    },
    {
        # `confinement` (mois, serie, consultations): GP consultations in April of each series.
        "values": f"""(lambda c19, c20, v20: (
            int(c20), int(c19), {half_up("100 * c20 / c19 - 100")}, int(v20),
            {half_up("100 * (c20 + v20) / c19 - 100")},
        ))(*(sum(n for m, s, n in confinement.rows if s == serie and m == 4)
             for serie in ('2019 au cabinet', '2020 au cabinet', '2020 par vidéo')))""",
        # "Plus d'une consultation sur cinq": by video.
        "holds": "(lambda c20, v20: v20 > (c20 + v20) / 5)(*(sum(n for m, s, n in"
        " confinement.rows if s == serie and m == 4) for serie in ('2020 au cabinet',"
        " '2020 par vidéo')))",
        "text": "En avril 2020, les généralistes font ici {} consultations au cabinet contre {}"
        " en avril 2019 ({} %), et {} téléconsultations, plus d'une consultation sur cinq :"
        " au total, {} %.",
    },
    {
        # `confinement`: GP consultations of 2019, of 2020 and of 2020 by video, all months.
        "values": f"""(lambda t19, t20, v20: (
            {half_up("100 - 100 * t20 / t19")}, int(t20), int(v20), int(t19),
        ))(*(sum(n for m, s, n in confinement.rows if s.startswith(serie))
             for serie in ('2019', '2020', '2020 par vidéo')))""",
        "text": "sur l'année la baisse n'est plus que de {} % ({} consultations,"
        " dont {} par vidéo, contre {}).",
    },
    {
        # The natures' comparison shown by the bare `%%sql` cell just before the passage,
        # IPython's `_` (PRS_NAT_REF, printemps_2019, confinement_2020): each group's fall.
        "values": f"""(lambda rows: tuple(
            {half_up("100 - 100 * sum(c for p, s, c in rows if p in group)"
                    " / sum(s for p, s, c in rows if p in group)")}
            for group in ((1110, 1192), (1110,), (1112, 1191), (3211,), (3313,))
        ))(_.rows)""",
        "text": "les généralistes perdent ici {} % de leurs consultations ({} % au cabinet),"
        " les spécialistes {} % (le suivi des maladies chroniques continue), la biologie {} %,"
        " la pharmacie {} % seulement",
    },
]
