"""Figures quoted in 02-beneficiaires-et-identifiants.ipynb."""

NOTEBOOK = "02-beneficiaires-et-identifiants.ipynb"

CLAIMS = [
    {
        # The notebook's BEN_IDT_TOP query: the lines with BEN_IDT_TOP = 1.
        "sql": "SELECT COUNT(*) FROM IR_BEN_R WHERE BEN_IDT_TOP = 1",
        "text": "Filtrer sur `BEN_IDT_TOP = 1` garderait ici les {} lignes :"
        " cela ne dédoublonne rien.",
    },
]
