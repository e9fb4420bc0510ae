"""Figures quoted in 10-causes-de-deces.ipynb."""

NOTEBOOK = "10-causes-de-deces.ipynb"

CLAIMS = [
    {
        # The notebook's `causes`: deaths by chapter of their initial cause.
        "values": "sum(causes.column('deces')), dict(causes.rows)['Tumeurs'],"
        " dict(causes.rows)['Circulatoire']",
        # "De peu": ahead by a few deaths.
        "holds": "0 < dict(causes.rows)['Tumeurs'] - dict(causes.rows)['Circulatoire'] <= 3",
        "text": "Ici, sur {} décès, les tumeurs ({} décès) devancent de peu l'appareil"
        " circulatoire ({}), comme en France",
    },
    {
        # The notebook's `appariement`: the year's deaths, "une cinquantaine".
        "holds": "40 <= appariement.rows[0][0] <= 60",
        "text": "Avec 5 000 personnes et une cinquantaine de décès par an",
    },
    {
        # The notebook's `mortalite`: rates rising with every band, by half or more past 45.
        "holds": "(lambda t: all(b > a for a, b in zip(t, t[1:]))"
        " and all(b >= 1.5 * a for a, b in zip(t[1:], t[2:])))"
        "([float(x) for x in mortalite.column('taux_pour_1000')])",
        "text": "La mortalité croît de façon presque exponentielle avec l'âge.",
    },
]
