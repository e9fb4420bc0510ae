"""Figures quoted in 05-cohorte-diabete.ipynb."""

from shared_sql import DISPENSED, half_up

NOTEBOOK = "05-cohorte-diabete.ipynb"

# The dates of net delivery of an antidiabetic (A10), one row per person and date.
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


def _infirmiers(figures: str, traitement: str, age: str) -> str:
    """A `values` expression: `figures` of the `infirmiers` row of that group, where n is its
    persons, j their mean days, p the % (to 0.1) with 200 days or more and c their number."""
    return (
        f"next({figures} for t, a, n, _, p, j in infirmiers.rows"
        f" if (t, a) == ({traitement!r}, {age!r}) for c in [round(n * p / 100)])"
    )


CLAIMS = [
    {
        # The `prevalence` result: pct(tranches, sexe) lists its prevalence_pct; "moins de n %"
        # is the first integer above every prevalence before 40; r rounds half up (half_up).
        "values": "(lambda pct, r: (int(max(pct('00-19', '20-39'))) + 1,"
        " r(min(pct('40-59'))), r(max(pct('40-59'))),"
        " r(min(pct('60-79', '80+'))), r(max(pct('60-79', '80+'))),"
        " r(*pct('60-79', sexe='Hommes')), r(*pct('60-79', sexe='Femmes'))))("
        "lambda *ts, sexe=None: [float(x) for t, s, _, _, x in prevalence.rows"
        " if t in ts and sexe in (None, s)], lambda x: " + half_up("x") + ")",
        "text": "moins de {} % avant 40 ans, {} à {} % entre 40 et 59 ans, {} à {} % après 60 ans."
        " À partir de 60 ans, elle est plus élevée chez les hommes (environ {} % contre {} % chez"
        " les femmes entre 60 et 79 ans)",
    },
    {
        # The `prevalence` result: from 20 to 59, women's a little higher, by a few cases (the
        # men's cases at the women's size, within 10 of theirs).
        "holds": "(lambda pairs: len(pairs) == 2 and all(f[4] > h[4]"
        " and abs(f[3] - h[3] * f[2] / h[2]) < 10 for f, h in pairs))("
        "[(f, h) for f in prevalence.rows for h in prevalence.rows"
        " if f[0] == h[0] in ('20-39', '40-59') and (f[1], h[1]) == ('Femmes', 'Hommes')])",
        "text": "entre 20 et 59 ans, elle est ici un peu plus élevée chez les femmes,"
        " mais l'écart tient à quelques cas",
    },
    {
        # Own query for the threshold of 1 (the notebook's `tailles` comes after this passage);
        # the threshold of 3 is the temp table `cohorte_diabete`.
        "sql": "WITH"
        + _DATES
        + """
        SELECT COUNT(DISTINCT BEN_IDT_ANO), (SELECT COUNT(*) FROM cohorte_diabete)
        FROM dates WHERE YEAR(EXE_SOI_DTD) = 2019""",
        "text": "presque la même cohorte ({} et {} personnes)",
    },
    {
        # The temp table `cohorte_diabete` (3 dates or more) holds each person's dates.
        "sql": "SELECT COUNT(*) FROM cohorte_diabete WHERE dates_delivrance >= 6",
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
        # The `suivi` result: % of the cohort with 1 and 3 HbA1c tests or more, rounded half up.
        "values": "tuple("
        + half_up("100 * sum(p for n, p, _ in suivi.rows if n >= k) / sum(p for _, p, _ in suivi.rows)")
        + " for k in (1, 3))",
        "text": "Avec ces paramètres, {} % de la cohorte a au moins un dosage dans l'année"
        " et {} % en a au moins trois",
    },
    {
        # The `infirmiers` result, from here on.
        "values": _infirmiers(
            "(n, int(j), c, " + half_up("100 * c / n") + ")", "sous insuline", "75 ans et plus"
        ),
        "text": "les {} personnes de 75 ans et plus sous insuline ont en moyenne {} jours de soins"
        " infirmiers dans l'année, et {} d'entre elles ({} %) en ont au moins 200",
    },
    {
        # "Aucune": none of them has 200 days or more.
        "values": _infirmiers("(n, int(j))", "sans insuline", "75 ans et plus"),
        "holds": _infirmiers("c == 0", "sans insuline", "75 ans et plus"),
        "text": "une infirmière passe tous les jours. Aucune des {} personnes du même âge sans"
        " insuline n'en est là : leurs soins ({} jours en moyenne)",
    },
    {
        "values": _infirmiers("(c, n)", "sous insuline", "moins de 75 ans"),
        "text": "Avant 75 ans, {} personnes sous insuline sur {} ont des soins quotidiens",
    },
    {
        "values": _infirmiers(half_up("100 * c / n"), "sous insuline", "75 ans et plus"),
        "text": "et {} % est au-dessus de ce que le générateur prévoit",
    },
]
