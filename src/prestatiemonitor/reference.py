"""Reference data (data/reference/): the yearly rent and income limits, with their sources."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from prestatiemonitor import paths, yamlbestand


class ReferentieFout(Exception):
    """Reference data missing or incomplete (Dutch message)."""


def grenzen(jaar: int, reference_dir: Path | None = None) -> dict[str, float]:
    """The rent and income limits of one year as {parameter: value}."""
    tabel = grenzen_tabel(reference_dir)
    rijen = tabel[tabel["jaar"] == jaar]
    if rijen.empty:
        jaren = ", ".join(str(j) for j in sorted(tabel["jaar"].unique()))
        raise ReferentieFout(
            f"Geen huur- en inkomensgrenzen voor {jaar} in data/reference/grenzen.csv "
            f"(wel voor: {jaren}). Voeg de grenzen van {jaar} toe met hun bron."
        )
    return dict(zip(rijen["parameter"], rijen["waarde"].astype(float)))


def grenzen_tabel(reference_dir: Path | None = None) -> pd.DataFrame:
    """The full table: jaar, parameter, waarde, eenheid, status, bron."""
    return pd.read_csv((reference_dir or paths.REFERENCE) / "grenzen.csv")


def overeenkomst(reference_dir: Path | None = None) -> dict:
    """The agreement's title, parties, period (eerste_jaar..laatste_jaar) and theme names."""
    with open((reference_dir or paths.REFERENCE) / "overeenkomst.yaml", encoding="utf-8") as f:
        return yamlbestand.laad(f)
