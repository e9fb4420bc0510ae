"""Figures quoted in 06-pmsi-mco.ipynb."""

from shared_sql import half_up

NOTEBOOK = "06-pmsi-mco.ipynb"


def _in_words(n: str, words: dict[int, str]) -> str:
    """Python for a count `n` as the prose writes it: a word (0 → 'aucun'…) or else the number."""
    return f"{words!r}.get({n}, {n})"


CLAIMS = [
    {
        # `chainage`: the 2019 stays by their state in the standard selection.
        "values": "(lambda n: (n.get('code retour en erreur', 0),"
        " n.get('prestation inter-établissements', 0), "
        + _in_words("n.get('erreur de groupage (GHM 90)', 0)", {0: "aucun"})
        + ", n.get('séjour retenu', 0), sum(n.values())))"
        "({etat: n for etat, n, _ in chainage.rows})",
        "text": "Ici, {} séjours ont un code retour en erreur et {} sont des prestations"
        " inter-établissements ; {} n'est en erreur de groupage (la ligne correspondante"
        " n'apparaît donc pas) : {} séjours sur {} sont retenus",
    },
    {
        # `covid_annees` by year: stays, mean age and length (rounded), deaths. The notebook
        # computes no median length: the claim's own query gives it.
        "values": "(lambda a: (a[2020][0], "
        + _in_words("a[2019][0]", {0: "aucun"})
        + ", " + half_up("a[2020][1]") + ", " + half_up("a[2020][2]") + ", format(snds.sql("
        + repr("SELECT MEDIAN(SEJ_NBJ) FROM T_MCO20B WHERE DGN_PAL = 'U071'")
        + ").rows[0][0], 'g').replace('.', ','), "
        + _in_words("a[2020][3]", {1: "un", 2: "deux", 3: "trois"})
        + "))({annee: rest for annee, *rest in covid_annees.rows})",
        "text": "sur 5 000 personnes, {} séjours de 2020 portent le code `U071`, {} de 2019."
        " Leurs patients ont {} ans en moyenne ; ils restent {} jours en moyenne, une moyenne que"
        " tirent quelques très longs séjours (la médiane est de {} jours), et {} en meurent"
        " à l'hôpital",
    },
    {
        # `covid_periodes`: the COVID-19 stays of 2020 by period of entry (none: no row).
        "values": "(lambda p: (p.get('2. mars-mai', 0), p.get('4. octobre-décembre', 0), "
        + _in_words("p.get('3. juin-septembre', 0)", {1: "un seul"})
        + ", "
        + _in_words("p.get('1. janvier-février', 0)", {0: "aucun"})
        + "))(dict(covid_periodes.rows))",
        "text": "Les séjours se groupent au printemps ({} de mars à mai) et à l'automne"
        " ({} d'octobre à décembre) ; {} tombe l'été, {} avant mars",
    },
    {
        # `autres_sejours`: the other stays of March-May, 2020 then 2019.
        "values": "[(n20, n19) for p, n19, n20 in autres_sejours.rows if p == '2. mars-mai'][0]",
        "holds": "[0.2 <= 1 - n20 / n19 <= 0.3 for p, n19, n20 in autres_sejours.rows"
        " if p == '2. mars-mai'][0]",
        "text": "De mars à mai 2020, {} séjours contre {} en 2019 : un quart de moins",
    },
    {
        # `autres_sejours`: the share of January-February stays lost from 2019 to 2020.
        "values": "[" + half_up("100 * (n19 - n20) / n19") + " for p, n19, n20 in autres_sejours.rows"
        " if p == '1. janvier-février'][0]",
        "text": "ici, janvier-février perd {} % de ses séjours sans aucun confinement",
    },
]
