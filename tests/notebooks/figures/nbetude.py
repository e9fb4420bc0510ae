"""Figures quoted in etude-modele.ipynb."""

NOTEBOOK = "etude-modele.ipynb"

CLAIMS = [
    {
        # The passage comes before the `resultats` query, so this reads the temporary table
        # `evenements` by the same age groups: of the groups published (10 people or more), the
        # one with the most deaths under 10 (at least 2: "ce sont … décès"), its share first.
        "sql": """SELECT replace(printf('%.1f', ROUND(100.0 * AVG(decede), 1)), '.', ','),
          COUNT(*), SUM(decede)
        FROM evenements
        GROUP BY CASE WHEN age < 45 THEN 1 WHEN age < 65 THEN 2 WHEN age < 75 THEN 3 ELSE 4 END
        HAVING COUNT(*) >= 10 AND SUM(decede) BETWEEN 2 AND 9
        ORDER BY SUM(decede) DESC, MIN(age)
        LIMIT 1""",
        "text": "redonnent le numérateur ({} % de {} personnes, ce sont {} décès)",
    },
]
