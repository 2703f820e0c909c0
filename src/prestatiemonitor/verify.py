"""`prestatiemonitor verify JAAR`: is the published year exactly what its inputs give today?

1. The raw files are checked against the hashes in report/<jaar>/manifest.json: a delivery that
   changed, disappeared or was added since the published run is named.
2. The whole year is run again (validate, notebooks, report with the same renderer) into a
   temporary folder, never into the published folders.
3. Every file of data/processed/<jaar>/ and report/<jaar>/ is compared byte for byte with the
   rerun, except manifest.json (start/end time) and validatie/. Differences are listed per file;
   CSV files by row ("indicator X (afspraak, corporatie): van A naar B").

Exit code 0 only when nothing differs.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from prestatiemonitor import manifest, paths, vergelijk

UITSLUITEN = {"manifest.json", "validatie"}


@dataclass
class Verslag:
    jaar: int
    ruw: list[str] = field(default_factory=list)  # raw files changed since the published run
    verschillen: list[str] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    bewaard: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.ruw and not self.verschillen

    def tekst(self) -> str:
        regels = [*self.opmerkingen]
        if self.ruw:
            regels.append(f"Leveringen gewijzigd sinds het gepubliceerde rapport {self.jaar} "
                          f"(SHA-256 anders dan in manifest.json):")
            regels += [f"  - {r}" for r in self.ruw]
        if self.verschillen:
            regels.append(f"De herhaling van {self.jaar} wijkt af van de gepubliceerde uitvoer:")
            regels += [f"  - {r}" if not r.startswith("    ") else f"  {r}" for r in self.verschillen]
        if self.bewaard:
            regels.append(f"De herhaling staat in {self.bewaard}")
        if self.ok:
            regels.append(f"Controle {self.jaar} geslaagd: de herhaling is byte voor byte gelijk aan "
                          f"data/processed/{self.jaar}/ en report/{self.jaar}/ (manifest.json en validatie/ "
                          f"niet meegeteld).")
        else:
            regels.append(f"Controle {self.jaar} NIET geslaagd.")
        return "\n".join(regels)


def gewijzigde_leveringen(m: dict, raw_root: Path, jaar: int) -> list[str]:
    """Raw files whose hash differs from the manifest, or that are missing or new."""
    gepubliceerd = {b["pad"]: b["sha256"] for b in m.get("ruwe_bestanden") or []}
    nu = {b["pad"]: b["sha256"] for b in manifest.bestanden_met_hash(Path(raw_root) / str(jaar), raw_root)}
    uit = []
    for pad in sorted(set(gepubliceerd) | set(nu)):
        if pad not in nu:
            uit.append(f"{pad}: ontbreekt nu (stond in het gepubliceerde rapport)")
        elif pad not in gepubliceerd:
            uit.append(f"{pad}: nieuw bestand (niet gebruikt voor het gepubliceerde rapport)")
        elif nu[pad] != gepubliceerd[pad]:
            uit.append(f"{pad}: inhoud gewijzigd (SHA-256 was {gepubliceerd[pad][:12]}…, is nu {nu[pad][:12]}…)")
    return uit


def gewijzigde_code(m: dict) -> list[str]:
    """Code files (package, templates, notebooks) that differ from the published run's manifest."""
    if "codebestanden" not in m:
        return []
    toen = {b["pad"]: b["sha256"] for b in m["codebestanden"]}
    nu = {b["pad"]: b["sha256"] for b in manifest.codebestanden()}
    return [f"{pad}: {'nieuw' if pad not in toen else 'verwijderd' if pad not in nu else 'gewijzigd'}"
            for pad in sorted(set(toen) | set(nu)) if toen.get(pad) != nu.get(pad)]


def _toon_gepubliceerde_jaren(gepubliceerd_processed: Path, werk_processed_root: Path, jaar: int) -> None:
    """Notebooks may read earlier years beside their own; let the rerun see the published ones
    (read-only links, the rerun never writes into them)."""
    werk_processed_root.mkdir(parents=True, exist_ok=True)
    root = gepubliceerd_processed.parent
    if not root.is_dir():
        return
    for map_ in sorted(root.iterdir()):
        if map_.is_dir() and map_.name.isdigit() and map_.name != str(jaar):
            (werk_processed_root / map_.name).symlink_to(map_.resolve(), target_is_directory=True)


def verifieer(jaar: int, *, raw_root: Path | None = None, processed: Path | None = None,
              report: Path | None = None, engine: str | None = None, bewaar: bool = False,
              voortgang: bool = True) -> Verslag:
    """Rerun ``jaar`` into a temporary folder and compare (see module doc). ``processed`` and
    ``report`` are the published folders (default: data/processed/<jaar>, report/<jaar>)."""
    from prestatiemonitor.pipeline import RunFout, Uitvoer, run

    raw_root = Path(raw_root or paths.RAW)
    processed = Path(processed or paths.processed_dir(jaar))
    report = Path(report or paths.report_dir(jaar))
    if not processed.is_dir() or not report.is_dir():
        raise RunFout(f"Er is geen gepubliceerde uitvoer van {jaar} om te controleren "
                      f"({processed} en {report}). Draai eerst: prestatiemonitor run {jaar}")
    verslag = Verslag(jaar)
    m = manifest.lees(report)
    if m is None:
        verslag.opmerkingen.append(f"Let op: {report}/manifest.json ontbreekt; niet na te gaan of de leveringen "
                                   f"sinds de publicatie zijn gewijzigd.")
        render = any(report.glob("prestatiemonitor-*.pdf"))
        gekozen = engine or "auto"
    else:
        verslag.ruw = gewijzigde_leveringen(m, raw_root, jaar)
        code = gewijzigde_code(m)
        if code:
            verslag.opmerkingen.append("Let op: de code is gewijzigd sinds de publicatie; verschillen kunnen "
                                       "daaruit komen:\n" + "\n".join(f"  - {c}" for c in code))
        par = m.get("parameters") or {}
        render = bool(par.get("render", True))
        gekozen = engine or (m.get("renderer") or {}).get("engine") or "auto"

    werk = Path(tempfile.mkdtemp(prefix=f"prestatiemonitor-verify-{jaar}-"))
    try:
        _toon_gepubliceerde_jaren(processed, werk / "processed", jaar)
        herhaling = Uitvoer(werk / "processed" / str(jaar), werk / "report" / str(jaar))
        try:
            run(jaar, engine=gekozen, render=render, raw_root=raw_root, uitvoer=herhaling, voortgang=voortgang,
                opnieuw=True)  # a real rerun: nothing is reused
        except RunFout as fout:  # e.g. a changed delivery no longer validates: still name the changed files
            verslag.verschillen = [f"de herhaling is mislukt: {fout}"]
            return verslag
        verslag.verschillen = (
            vergelijk.vergelijk_mappen(processed, herhaling.processed, naam=f"data/processed/{jaar}",
                                       uitsluiten=UITSLUITEN)
            + vergelijk.vergelijk_mappen(report, herhaling.report, naam=f"report/{jaar}", uitsluiten=UITSLUITEN)
        )
    finally:
        if bewaar:
            verslag.bewaard = werk
        else:
            shutil.rmtree(werk, ignore_errors=True)
    return verslag
