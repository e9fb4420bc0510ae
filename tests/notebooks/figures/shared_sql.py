"""What the claims share: the notebooks' joins, and rounding as SQL's ROUND does."""

# Every dispensed line (ER_PHA_F) with its prestation (prs), its drug (ref) and its person (ben).
DISPENSED = """FROM ER_PRS_F AS prs
  JOIN ER_PHA_F AS pha USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD,
                ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
  JOIN IR_PHA_R AS ref ON ref.PHA_CIP_C13 = pha.PHA_PRS_C13
  JOIN IR_BEN_R AS ben ON ben.BEN_NIR_PSA = prs.BEN_NIR_PSA AND ben.BEN_RNG_GEM = prs.BEN_RNG_GEM"""


def half_up(expr: str) -> str:
    """Python for `expr` rounded to a whole number half away from zero, as SQL's ROUND (Python's
    round() takes halves to even)."""
    return f"int(__import__('decimal').Decimal(str({expr})).quantize(1, 'ROUND_HALF_UP'))"
