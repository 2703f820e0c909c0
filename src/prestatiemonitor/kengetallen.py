"""The gemeente's own figures (table gemeente_kengetallen) as one value per code, partij and year.

The gemeente may deliver a figure for the whole year (periode ``jaar``), per half year (``H1``,
``H2``) or per quarter (``Q1``..``Q4``). A count over the year is the year row, else the sum of
both halves, else the sum of all four quarters; a stand (a stock at 31 December, such as a waiting
list) is the year row, else the last half year or quarter. An incomplete set of periods gives no
value: nothing is estimated.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from prestatiemonitor.indicators import ALLE

HALFJAREN = ("H1", "H2")
KWARTALEN = ("Q1", "Q2", "Q3", "Q4")


@dataclass
class Jaarwaarde:
    """The year value of one kengetal (None when not, or not completely, delivered) and how it was derived."""

    waarde: float | None
    herkomst: str  # Dutch, for the report: "jaarcijfer", "som van Q1-Q4", "ontbreekt", ...


def rijen(kengetallen: pd.DataFrame, code: str, partij: str = ALLE) -> pd.DataFrame:
    """The delivered rows of one code for one partij. For ``totaal`` the gemeente's own rows count
    too when there is no totaal row (a figure the gemeente reports as 'Gemeente')."""
    eigen = kengetallen[kengetallen["kengetal"] == code]
    sel = eigen[eigen["partij"] == partij]
    if sel.empty and partij == ALLE:
        sel = eigen[eigen["partij"] == "gemeente"]
    return sel


def jaarwaarde(kengetallen: pd.DataFrame, code: str, partij: str = ALLE, *, stand: bool = False) -> Jaarwaarde:
    """The value of kengetal ``code`` for ``partij`` over the year (``stand``: at the end of the year)."""
    sel = rijen(kengetallen, code, partij)
    if sel.empty:
        return Jaarwaarde(None, "ontbreekt")
    per = sel.groupby("periode")["waarde"].sum()
    if "jaar" in per.index:
        return Jaarwaarde(float(per["jaar"]), "jaarcijfer")
    for reeks, naam in ((HALFJAREN, "halfjaar"), (KWARTALEN, "kwartaal")):
        aanwezig = [p for p in reeks if p in per.index]
        if not aanwezig:
            continue
        if stand:
            laatste = reeks[-1]
            if laatste in per.index:
                return Jaarwaarde(float(per[laatste]), f"stand {laatste}")
            return Jaarwaarde(None, f"onvolledig: geen {laatste}")
        if len(aanwezig) == len(reeks):
            return Jaarwaarde(float(per[list(reeks)].sum()), f"som van {reeks[0]}-{reeks[-1]}")
        return Jaarwaarde(None, f"onvolledig: alleen {', '.join(aanwezig)}")
    return Jaarwaarde(None, "ontbreekt")
