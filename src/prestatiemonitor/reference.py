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


def niet_bevestigd(jaar: int, reference_dir: Path | None = None) -> dict[str, str]:
    """The limits of a year that are not confirmed by the Rijksoverheid (status in grenzen.csv other
    than "bevestigd", e.g. "raming (2026 maal 1,035)"): {parameter: status}."""
    tabel = grenzen_tabel(reference_dir)
    rijen = tabel[(tabel["jaar"] == jaar) & ~tabel["status"].astype(str).str.startswith("bevestigd")]
    return dict(zip(rijen["parameter"], rijen["status"].astype(str)))


def grensbron(jaar: int, parameters: list[str], reference_dir: Path | None = None) -> str:
    """The source of the limits a table or figure rests on, for its source line: "Rijksoverheid" only
    for confirmed limits; an estimate says so ("aftoppingsgrens laag: raming (2026 maal 1,035)")."""
    open_ = niet_bevestigd(jaar, reference_dir)
    geraamd = [p for p in parameters if p in open_]
    bevestigd = [p for p in parameters if p not in open_]
    delen = []
    if bevestigd:
        delen.append(f"{', '.join(p.replace('_', ' ') for p in bevestigd)}: Rijksoverheid")
    if geraamd:
        delen.append(f"{', '.join(p.replace('_', ' ') for p in geraamd)}: {open_[geraamd[0]].split(';')[0]}, "
                     "nog niet bevestigd door de Rijksoverheid")
    return "grenzen " + str(jaar) + " (" + "; ".join(delen) + ")"


def begrippen(reference_dir: Path | None = None) -> list[dict]:
    """The glossary of the report (begrippen.yaml): [{begrip, vormen, uitleg}], in file order."""
    with open((reference_dir or paths.REFERENCE) / "begrippen.yaml", encoding="utf-8") as f:
        lijst = (yamlbestand.laad(f) or {}).get("begrippen") or []
    onvolledig = [str(b.get("begrip", "?")) for b in lijst if not (b.get("begrip") and b.get("uitleg"))]
    if onvolledig:
        raise ReferentieFout(f"begrippen.yaml: begrip of uitleg ontbreekt bij {', '.join(onvolledig)}.")
    return [{"begrip": str(b["begrip"]), "vormen": str(b.get("vormen") or b["begrip"]), "uitleg": str(b["uitleg"])}
            for b in lijst]
