"""Indicator values as data: every notebook records its results here, one row per
indicator x corporatie, and writes them to data/processed/<jaar>/indicatoren/<notebook>.csv.
The pipeline merges those parts into indicatoren.csv (see pipeline.merge_indicatoren)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

KOLOMMEN = ["jaar", "afspraak", "indicator", "corporatie", "waarde", "teller", "noemer", "eenheid", "omschrijving", "notebook"]
ALLE = "totaal"  # corporatie value for figures over both corporations (or the gemeente)


def _getal(x):
    """Round so that reruns write identical text (no float noise in the CSV)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    x = round(float(x), 6)
    return int(x) if x.is_integer() else x  # counts read as counts: 270, not 270.0


class Indicatoren:
    """Collects the indicator rows of one notebook run."""

    def __init__(self, jaar: int, notebook: str):
        self.jaar = jaar
        self.notebook = notebook
        self.rijen: list[dict] = []

    def voeg_toe(self, afspraak: str, indicator: str, corporatie: str, waarde, *,
                 teller=None, noemer=None, eenheid: str = "aantal", omschrijving: str = "") -> None:
        self.rijen.append({
            "jaar": self.jaar, "afspraak": afspraak, "indicator": indicator, "corporatie": corporatie,
            "waarde": _getal(waarde), "teller": _getal(teller), "noemer": _getal(noemer),
            "eenheid": eenheid, "omschrijving": omschrijving, "notebook": self.notebook,
        })

    def tabel(self) -> pd.DataFrame:
        return pd.DataFrame(self.rijen, columns=KOLOMMEN)

    def schrijf(self, processed_dir: Path) -> Path:
        doel = Path(processed_dir) / "indicatoren" / f"{self.notebook}.csv"
        doel.parent.mkdir(parents=True, exist_ok=True)
        schrijf_csv(self.tabel(), doel)
        return doel


def schrijf_csv(df: pd.DataFrame, doel: Path) -> None:
    """Stable, diff-friendly CSV: sorted rows (values already rounded), '\\n' line ends."""
    df = df.sort_values(["jaar", "afspraak", "indicator", "corporatie"], kind="stable")
    df.to_csv(doel, index=False, lineterminator="\n")


def lees(processed_dir: Path) -> pd.DataFrame:
    """All indicator rows of one processed year (merged file)."""
    return pd.read_csv(Path(processed_dir) / "indicatoren.csv", dtype={"afspraak": str})
