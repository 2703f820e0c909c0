"""Indicator values as data: every notebook records its results here, one row per
indicator x corporatie, and writes them to data/processed/<jaar>/indicatoren/<notebook>.csv.
The scorecard notebook merges those parts into indicatoren.csv (voeg_samen)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

KOLOMMEN = ["jaar", "afspraak", "indicator", "corporatie", "waarde", "teller", "noemer", "eenheid", "omschrijving", "notebook",
            "cel"]
ALLE = "totaal"  # corporatie value for figures over both corporations (or the gemeente)


def _getal(x):
    """Round so that reruns write identical text (no float noise in the CSV)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    x = round(float(x), 6)
    return int(x) if x.is_integer() else x  # counts read as counts: 270, not 270.0


def huidige_cel() -> str | None:
    """The In [n] number of the notebook cell that is running now, as text ("7"), or None outside
    IPython. Traceability: every indicator row names the notebook *and* the cell that computed it.

    Why the execution count and not the cell id: papermill runs every cell once, top to bottom, so
    In [n] is stable between reruns, is what an auditor sees beside the cell in the executed
    notebook (report/<jaar>/notebooks/<notebook>.ipynb) and in any notebook viewer, and needs no
    kernel-protocol details. The number is taken from the ExecutionResult of the running cell
    (``displayhook.exec_result``), not from ``shell.execution_count``: IPython 9 increments that
    counter *before* running a cell, older versions after, so it is off by one on one of them."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return None
    shell = get_ipython()
    if shell is None:
        return None
    resultaat = getattr(getattr(shell, "displayhook", None), "exec_result", None)
    teller = getattr(resultaat, "execution_count", None)
    return str(int(teller)) if isinstance(teller, int) and teller > 0 else None


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
            "cel": huidige_cel(),
        })

    def tabel(self) -> pd.DataFrame:
        return pd.DataFrame(self.rijen, columns=KOLOMMEN)

    def schrijf(self, processed_dir: Path) -> Path:
        doel = Path(processed_dir) / "indicatoren" / f"{self.notebook}.csv"
        doel.parent.mkdir(parents=True, exist_ok=True)
        # object dtype: a count stays "83" even when another row has no teller (float would give "83.0")
        schrijf_csv(pd.DataFrame(self.rijen, columns=KOLOMMEN, dtype=object), doel)
        return doel


def schrijf_csv(df: pd.DataFrame, doel: Path) -> None:
    """Stable, diff-friendly CSV: sorted rows (values already rounded), '\\n' line ends."""
    df = df.sort_values(["jaar", "afspraak", "indicator", "corporatie"], kind="stable")
    df.to_csv(doel, index=False, lineterminator="\n")


def lees(processed_dir: Path) -> pd.DataFrame:
    """All indicator rows of one processed year (merged file)."""
    return pd.read_csv(Path(processed_dir) / "indicatoren.csv", dtype={"afspraak": str})


def voeg_samen(processed_dir: Path) -> pd.DataFrame:
    """indicatoren/<notebook>.csv parts -> one sorted indicatoren.csv; returns the merged table."""
    processed_dir = Path(processed_dir)
    delen = sorted((processed_dir / "indicatoren").glob("*.csv"))
    # Read as text: the parts are already rounded and formatted; merging must not re-format them.
    tabel = pd.concat([pd.read_csv(d, dtype=str, keep_default_na=False) for d in delen], ignore_index=True) \
        if delen else pd.DataFrame(columns=KOLOMMEN)
    schrijf_csv(tabel, processed_dir / "indicatoren.csv")
    return lees(processed_dir)
