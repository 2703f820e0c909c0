"""Publication rules for small counts (only the published report suppresses; processed data and
the scorecard CSV keep exact values).

Each indicator has a publication level in data/reference/indicatoren.yaml (`publicatie`):

- ``vrij``: published as is (homes, euros, dates, meetings: nothing about a person);
- ``klein``: counts of households or persons (lettings to small doelgroepen such as
  niet-DAEB-pilot, woningdelen, MIVA): a count of 1..4 is shown as "< 5";
- ``gevoelig``: ontruimingen, huurachterstand, vroegsignalering: 1..9 is shown as "< 10".

Zero is shown: it identifies nobody. A share (aandeel) follows the level of its numerator:
when the numerator would be suppressed, the share is suppressed too (``onderdruk_aandeel``).

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
NIVEAUS = ("vrij", "klein", "gevoelig")

# The rule in words, for the colofon of the report.
REGEL = (
    "Kleine aantallen personen of huishoudens worden in dit rapport niet precies getoond: "
    "aantallen van 1 tot en met 4 staan er als \u201c< 5\u201d, en bij gevoelige onderwerpen "
    "(ontruimingen, huurachterstand en vroegsignalering) aantallen van 1 tot en met 9 als \u201c< 10\u201d. "
    "Een percentage waarvan het aantal erachter zo klein is, wordt ook niet getoond. Waar een "
    "afgeschermd aantal uit een totaal terug te rekenen zou zijn, is nog een cel afgeschermd (\u201c×\u201d). "
    "Nul wordt wel getoond. De exacte waarden staan in de verwerkte gegevens en in scorekaart.csv, "
    "die niet openbaar worden gemaakt."
)


def niveau(gevoelig) -> str:
    """Normalise a level: a bool (old catalogue field `gevoelig`) or one of NIVEAUS."""
    if isinstance(gevoelig, str):
        if gevoelig not in NIVEAUS:
            raise ValueError(f"onbekend publicatieniveau '{gevoelig}' (toegestaan: {', '.join(NIVEAUS)})")
        return gevoelig
    return "gevoelig" if gevoelig else "klein"


def drempel(gevoelig=False) -> int:
    """The threshold for a level; ``vrij`` has none (0). Booleans: True = gevoelig, False = klein."""
    n = niveau(gevoelig)
    return {"vrij": 0, "klein": DREMPEL, "gevoelig": DREMPEL_GEVOELIG}[n]


def te_klein(waarde, gevoelig=False) -> bool:
    return pd.notna(waarde) and 0 < waarde < drempel(gevoelig)


def onderdruk(waarde, gevoelig=False, decimalen: int = 0) -> str:
    """One published count: '< 5' / '< 10' when too small, else Dutch-formatted."""
    if te_klein(waarde, gevoelig):
        return f"< {drempel(gevoelig)}"
    return fmt.getal(waarde, decimalen)


def onderdruk_aandeel(aandeel, teller, gevoelig=False, decimalen: int = 1) -> str:
    """A published share: hidden ('×') when its numerator would be suppressed, else '12,5%'."""
    if te_klein(teller, gevoelig):
        return VERBORGEN
    return fmt.procent(aandeel, decimalen)


def onderdruk_tabel(df: pd.DataFrame, kolommen: list[str], *, gevoelig=False,
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


def verborgen_delen(delen: dict, totaal, gevoelig=False) -> set:
    """Secondary suppression for a set of parts printed beside their total (e.g. Vidomes and
    WoonInvest beside 'beide corporaties'): the keys of ``delen`` that must be hidden. A part that
    is too small is hidden; if exactly one part is hidden while the total is shown, the smallest
    other non-zero part is hidden too (or the total, key None, when there is none)."""
    verborgen = {k for k, v in delen.items() if te_klein(v, gevoelig)}
    if len(verborgen) == 1 and not te_klein(totaal, gevoelig):
        rest = [k for k, v in delen.items() if k not in verborgen and pd.notna(v) and v > 0]
        verborgen.add(min(rest, key=lambda k: delen[k]) if rest else None)
    return verborgen
