"""Publication rules for small counts (only the published report suppresses; processed data and
the scorecard CSV keep exact values).

Primary: a count of 1..4 is shown as "< 5"; for sensitive items (ontruimingen, huurachterstand,
vroegsignalering) 1..9 as "< 10". Zero is shown: it identifies nobody.
Secondary: in a table with a printed total, a line (row or column) must never hold exactly one
hidden cell, or it could be worked back from the total; then the smallest other non-zero cell of
that line is hidden too (or, if there is none, the total itself). Repeated until stable.
"""

from __future__ import annotations

import pandas as pd

from prestatiemonitor import fmt

DREMPEL = 5
DREMPEL_GEVOELIG = 10
VERBORGEN = "×"  # secondary suppression: hidden to protect another cell


def drempel(gevoelig: bool) -> int:
    return DREMPEL_GEVOELIG if gevoelig else DREMPEL


def te_klein(waarde, gevoelig: bool = False) -> bool:
    return pd.notna(waarde) and 0 < waarde < drempel(gevoelig)


def onderdruk(waarde, gevoelig: bool = False) -> str:
    """One published count: '< 5' / '< 10' when too small, else Dutch-formatted."""
    if te_klein(waarde, gevoelig):
        return f"< {drempel(gevoelig)}"
    return fmt.getal(waarde)


def onderdruk_tabel(df: pd.DataFrame, kolommen: list[str], *, gevoelig: bool = False,
                    totaal_kolom: str | None = None, totaal_rij: int | None = None) -> pd.DataFrame:
    """Format the count columns of a table for publication with primary and secondary suppression.

    ``totaal_kolom``: a column in ``kolommen`` holding the row totals of the other count columns.
    ``totaal_rij``: the positional index of a row holding the column totals.
    Returns a copy in which those columns are text.
    """
    waarden = df[kolommen].astype(float).reset_index(drop=True)
    verborgen = waarden.apply(lambda k: k.map(lambda v: te_klein(v, gevoelig)))
    primair = verborgen.copy()
    delen = [k for k in kolommen if k != totaal_kolom]

    def lijnen():
        if totaal_kolom:
            for i in range(len(waarden)):
                yield [(i, k) for k in delen], (i, totaal_kolom)
        if totaal_rij is not None:
            rijen = [i for i in range(len(waarden)) if i != totaal_rij]
            for k in kolommen:
                yield [(i, k) for i in rijen], (totaal_rij, k)

    veranderd = True
    while veranderd:
        veranderd = False
        for cellen, totaal in lijnen():
            if verborgen.at[totaal]:
                continue  # the total itself is hidden: nothing to work back from
            if sum(verborgen.at[c] for c in cellen) != 1:
                continue
            kandidaten = [c for c in cellen if not verborgen.at[c] and waarden.at[c] > 0]
            extra = min(kandidaten, key=lambda c: waarden.at[c]) if kandidaten else totaal
            verborgen.at[extra] = True
            veranderd = True

    uit = df.copy().reset_index(drop=True)
    for k in kolommen:
        uit[k] = [
            (f"< {drempel(gevoelig)}" if primair.at[i, k] else VERBORGEN) if verborgen.at[i, k] else fmt.getal(waarden.at[i, k])
            for i in range(len(waarden))
        ]
    uit.index = df.index
    return uit
