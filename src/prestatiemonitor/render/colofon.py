"""The colofon of the report: sources per partij and file, method, the small-count rule, how to
reproduce the report and (when present) the run manifest and the counts per delivered file.

Pandoc Markdown, appended as the last (unnumbered) chapter of both HTML and PDF."""

from __future__ import annotations

import csv
from pathlib import Path

from prestatiemonitor import fmt, privacy

WERKWIJZE = (
    "Vidomes, WoonInvest en de gemeente leveren elk jaar hun gegevens volgens een vast datacontract. "
    "De monitor controleert elke levering regel voor regel; een levering met fouten wordt niet gebruikt "
    "en gaat terug naar de partij. Daarna rekenen notebooks per thema elke indicator uit de afspraken uit, "
    "en legt de monitor elke afspraak naast haar norm uit het register van afspraken. "
    "In de HTML-versie staat onder elke tabel en figuur de berekening die hem maakte; "
    "de uitgevoerde notebooks in de map notebooks/ naast dit rapport zijn het volledige controlespoor. "
    "Onder elke tabel en figuur noemt de bronregel ook het notebook en de cel (In [n]) die hem berekende; "
    "in de HTML-versie is dat een link naar die cel in de leesbare kopie van het notebook (notebooks/<naam>.html), "
    "met bovenaan de aangeleverde bestanden en hun SHA-256."
)


def _bestand(tekst: str) -> str:
    naam, _, blad = str(tekst).partition("!")
    return f"{naam}, blad {blad}" if blad else naam


def _cel(tekst: str) -> str:
    return str(tekst).replace("|", "\\|").replace("_", "\\_").replace("*", "\\*").replace("<", "&lt;")


def telling_tabel(pad: Path) -> str | None:
    """The counts per delivered file (telling.csv: partij, bestand, gelezen, gebruikt, afgewezen)."""
    if not pad.is_file():
        return None
    with pad.open(encoding="utf-8-sig", newline="") as f:
        rijen = list(csv.DictReader(f))
    if not rijen:
        return None
    regels = ["| Partij | Bestand | Gelezen | Gebruikt | Afgewezen |", "|:---|:---|---:|---:|---:|"]
    for r in rijen:
        getallen = []
        for k in ("gelezen", "gebruikt", "afgewezen"):
            try:
                getallen.append(fmt.getal(int(float(r.get(k) or 0))))
            except ValueError:
                getallen.append(_cel(r.get(k) or ""))
        regels.append(f"| {_cel(r.get('partij', ''))} | {_cel(_bestand(r.get('bestand', '')))} | "
                      + " | ".join(getallen) + " |")
    return "\n".join(regels) + "\n\n: Regels per aangeleverd bestand: gelezen, gebruikt en afgewezen {#tbl-colofon-telling}"


def manifest_kort(report_dir: Path | None) -> str | None:
    if report_dir is None or not (Path(report_dir) / "manifest.json").is_file():
        return None
    try:
        from prestatiemonitor import manifest
    except ImportError:
        return None
    if not hasattr(manifest, "kort"):
        return None
    try:
        import json

        data = json.loads((Path(report_dir) / "manifest.json").read_text(encoding="utf-8"))
        return manifest.kort(data)
    except (ValueError, OSError, KeyError, TypeError, AttributeError):
        return None


def leveringen_lijst(jaar: int) -> list[str]:
    """Per partij the files the data contract asks for (when telling.csv is absent)."""
    try:
        from prestatiemonitor import register
        lev = register.leveringen()
    except Exception:  # noqa: BLE001 - the colofon never stops a report
        return []
    per_partij: dict[str, list[str]] = {}
    for (partij, _tabel), bestand in sorted(lev.items()):
        per_partij.setdefault(partij, [])
        naam = str(bestand).replace("<jaar>", str(jaar))
        if naam not in per_partij[partij]:
            per_partij[partij].append(naam)
    return [f"- **{p}**: {', '.join(_cel(b) for b in bestanden)}" for p, bestanden in per_partij.items()]


def grenzen_zin(jaar: int) -> str:
    """Where the rent and income limits of the year come from: the Rijksoverheid is named only for
    the confirmed ones; every limit that is estimated or still to be verified is named."""
    try:
        from prestatiemonitor import reference

        tabel = reference.grenzen_tabel()
        open_ = reference.niet_bevestigd(jaar)
    except Exception:  # noqa: BLE001 - the colofon never stops a report
        return "De huur- en inkomensgrenzen staan met hun bron in data/reference/grenzen.csv."
    alle = tabel[tabel["jaar"] == jaar]
    zin = "De huur- en inkomensgrenzen staan met hun bron in data/reference/grenzen.csv."
    bevestigd = len(alle) - len(open_)
    if bevestigd:
        zin += f" {bevestigd} van de {len(alle)} grenzen van {jaar} zijn bevestigd door de Rijksoverheid."
    if open_:
        namen = "; ".join(f"{_cel(p.replace('_', ' '))} ({_cel(str(st).split(';')[0])})" for p, st in open_.items())
        zin += (f" Nog niet bevestigd, en dus voorlopig: {namen}. Elk cijfer dat op zo'n grens rust, zegt dat in de "
                "bronregel, de scorekaart en de kerncijfers.")
    return zin


def colofon_markdown(jaar: int, *, processed_dir: Path | None = None, report_dir: Path | None = None,
                     versie: str = "") -> str:
    delen = ["# Colofon en verantwoording {.unnumbered #colofon}"]
    delen.append("## Gegevensbronnen {.unnumbered}")
    tabel = telling_tabel(Path(processed_dir) / "telling.csv") if processed_dir else None
    if tabel:
        delen.append(f"De gegevens over {jaar} komen uit de volgende leveringen. Afgewezen regels voldeden "
                     "niet aan het datacontract en tellen niet mee; de reden staat per regel in de bijlage.")
        delen.append(tabel)
        delen.append("::::: {.pm-bron}\nBron: leveringen van de partijen; controle door de monitor\n:::::")
    else:
        lijst = leveringen_lijst(jaar)
        delen.append(f"De gegevens over {jaar} komen uit de leveringen van de partijen"
                     + (":\n\n" + "\n".join(lijst) if lijst else "."))
    delen.append(grenzen_zin(jaar) + " De afspraken en hun normen komen uit de Prestatieafspraken sociaal wonen "
                 "Leidschendam-Voorburg 2026-2029 (register van afspraken, met per norm de geciteerde regels).")
    delen.append("## Werkwijze {.unnumbered}")
    delen.append(WERKWIJZE)
    delen.append("## Kleine aantallen {.unnumbered}")
    delen.append(privacy.REGEL)
    delen.append("## Zelf opnieuw maken {.unnumbered}")
    stappen = [
        f"Dit rapport is met de prestatiemonitor{' versie ' + versie if versie else ''} gemaakt en is uit dezelfde leveringen "
        "opnieuw te maken, met dezelfde uitkomst:",
        "",
        f"- het hele jaar: `prestatiemonitor run {jaar}` (controleren, rekenen en het rapport maken);",
        f"- alleen het rapport: `prestatiemonitor render {jaar}`;",
        "- de demonstratieversie op een schone machine: `make report`.",
    ]
    delen.append("\n".join(stappen))
    kort = manifest_kort(report_dir)
    if kort:
        delen.append(f"Vastlegging van deze run (manifest.json): {kort}")
    return "\n\n".join(delen) + "\n"
