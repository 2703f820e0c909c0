"""One yearly run, end to end. The phases, in order:

1. validate  -- every partner delivery of the year is checked against the data contract
               (prestatiemonitor.validation). Any error stops the run before anything is
               written; the analyst gets one Dutch list of all problems.
2. execute   -- papermill runs the notebooks in NOTEBOOKS, in order, with the year's
               parameters, into a staging folder. 00_opschonen writes the harmonised tables;
               each theme notebook records its indicator values; 90_scorekaart merges them
               into indicatoren.csv and judges every afspraak (scorekaart.csv).
3. render    -- the executed notebooks become the HTML and PDF report (still in staging).
4. publish   -- only now staging replaces data/processed/<jaar>/ and report/<jaar>/.
               A failure in any earlier phase leaves the published outputs as they were.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from functools import partial
from dataclasses import dataclass
from pathlib import Path

import papermill
from papermill.exceptions import PapermillExecutionError
from tqdm.auto import tqdm

from prestatiemonitor import clean, herhaalbaar, manifest, paths

# Run order. The report shows them in REPORT_ORDER.
NOTEBOOKS = [
    "00_opschonen",
    "10_sociaal_domein",
    "20_betaalbaarheid_beschikbaarheid",
    "30_nieuwbouw",
    "40_leefbaarheid",
    "50_duurzaamheid",
    "90_scorekaart",
]
REPORT_ORDER = [
    "90_scorekaart",
    "10_sociaal_domein",
    "20_betaalbaarheid_beschikbaarheid",
    "30_nieuwbouw",
    "40_leefbaarheid",
    "50_duurzaamheid",
    "00_opschonen",
]
KERNEL = "python3"


class RunFout(Exception):
    """A run stopped; str() is the Dutch message for the analyst (no traceback)."""


@dataclass
class Uitvoer:
    """Where one run writes: the published folders, or a staging copy of them."""

    processed: Path
    report: Path

    @property
    def notebooks(self) -> Path:
        return self.report / "notebooks"


def run(jaar: int, *, engine: str = "auto", render: bool = True, raw_root: Path | None = None,
        uitvoer: Uitvoer | None = None, voortgang: bool = True) -> Uitvoer:
    """Validate, execute, merge, render and publish one year. Returns the published folders."""
    raw_root = Path(raw_root or paths.RAW)
    doel = uitvoer or Uitvoer(paths.processed_dir(jaar), paths.report_dir(jaar))
    valideer(jaar, raw_root)

    doel.report.parent.mkdir(parents=True, exist_ok=True)
    staging_root = Path(tempfile.mkdtemp(prefix=f".staging-{jaar}-", dir=doel.report.parent))
    staging = Uitvoer(staging_root / "processed" / str(jaar), staging_root / "report")
    start = manifest.nu()
    try:
        toon_andere_jaren(doel.processed, staging.processed)
        voer_notebooks_uit(jaar, raw_root, staging, voortgang=voortgang)
        herhaalbaar.maak_run_herhaalbaar(staging.notebooks, jaar, raw_root, staging.processed)
        schrijf_manifest = partial(manifest.schrijf_run, jaar, raw_root=raw_root, processed=doel.processed,
                                   report=doel.report, staging_report=staging.report,
                                   engine=engine if render else None, start=start)
        schrijf_manifest()  # before rendering too: the colofon quotes its short form
        if render:
            render_jaar(jaar, staging, engine=engine)
            schrijf_manifest()  # again, now with the end time
        publiceer(staging, doel)
        if voortgang:
            print(clean.telling_tekst(doel.processed))
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    return doel


def toon_andere_jaren(gepubliceerd: Path, staging: Path) -> None:
    """Notebooks find earlier years beside their own (Path(processed_dir).parent / str(jaar - 1)).
    Link the published years into the staging root, so that holds during a run too."""
    staging.parent.mkdir(parents=True, exist_ok=True)
    root = gepubliceerd.parent
    if not root.is_dir():
        return
    for map_ in sorted(root.iterdir()):
        if map_.is_dir() and map_.name.isdigit() and map_.name != staging.name:
            (staging.parent / map_.name).symlink_to(map_.resolve(), target_is_directory=True)


def valideer(jaar: int, raw_root: Path) -> None:
    from prestatiemonitor import validation

    jaarmap = raw_root / str(jaar)
    if not jaarmap.is_dir() or not any(jaarmap.iterdir()):
        raise RunFout(
            f"Geen leveringen gevonden voor {jaar}: de map {jaarmap} ontbreekt of is leeg. "
            f"Zet de bestanden van de partijen in {jaarmap}/<partij>/ "
            f"(of maak demodata met: prestatiemonitor demo {jaar})."
        )
    rapport = validation.validate_year(jaar, raw_root)
    if not rapport.ok:
        raise RunFout(
            f"De leveringen voor {jaar} voldoen niet aan het datacontract; er is niets geschreven.\n\n"
            + rapport.tekst()
        )


def parameters(jaar: int, raw_root: Path, uitvoer: Uitvoer) -> dict:
    """The parameters every notebook receives (papermill injects them after the parameters cell)."""
    return {
        "jaar": jaar,
        "raw_dir": str(raw_root),
        "processed_dir": str(uitvoer.processed),
        "reference_dir": str(paths.REFERENCE),
    }


def voer_notebooks_uit(jaar: int, raw_root: Path, uitvoer: Uitvoer, *, voortgang: bool = True) -> None:
    uitvoer.notebooks.mkdir(parents=True, exist_ok=True)
    uitvoer.processed.mkdir(parents=True, exist_ok=True)
    params = parameters(jaar, raw_root, uitvoer)
    for naam in tqdm(NOTEBOOKS, desc=f"Monitor {jaar}", unit="notebook", disable=not voortgang):
        voer_notebook_uit(paths.NOTEBOOKS / f"{naam}.ipynb", uitvoer.notebooks / f"{naam}.ipynb", params,
                          voortgang=voortgang)


def voer_notebook_uit(bron: Path, doel: Path, params: dict, *, voortgang: bool = True) -> None:
    """Execute one notebook with papermill; a failing cell becomes a RunFout naming notebook and cell."""
    naam = bron.stem
    doel.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(bron), str(doel), parameters=params, kernel_name=KERNEL,
            progress_bar=voortgang and {"desc": f"  {naam}", "leave": False}, cwd=str(bron.parent),
        )
    except PapermillExecutionError as fout:
        bewaard = _bewaar_mislukt(doel, params["jaar"])
        raise RunFout(
            f"Notebook {naam} stopte in cel In [{fout.exec_count}] "
            f"(`{fout.source.strip().splitlines()[-1][:80]}`) met {fout.ename}: {fout.evalue}\n"
            f"Het uitgevoerde notebook met de volledige foutmelding: {bewaard}\n"
            f"Er is niets gepubliceerd; data/processed/{params['jaar']}/ en report/{params['jaar']}/ "
            f"zijn ongewijzigd."
        ) from None
    strip_tijdstempels(doel)


def _bewaar_mislukt(notebook: Path, jaar: int) -> Path:
    """Keep the failed notebook for diagnosis, outside the published folders."""
    map_ = Path(tempfile.gettempdir()) / f"prestatiemonitor-mislukt-{jaar}"
    map_.mkdir(exist_ok=True)
    doel = map_ / notebook.name
    if notebook.exists():
        shutil.copy2(notebook, doel)
    return doel


def strip_tijdstempels(notebook: Path) -> None:
    """Remove papermill/nbclient timestamps and random ids so reruns give identical executed notebooks."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    pm = nb.get("metadata", {}).get("papermill", {})
    for sleutel in ("start_time", "end_time", "duration", "input_path", "output_path"):
        pm.pop(sleutel, None)
    for cel in nb.get("cells", []):
        if "injected-parameters" in cel.get("metadata", {}).get("tags", []):
            cel["id"] = "injected-parameters"  # papermill gives it a random id
        cel.get("metadata", {}).pop("execution", None)
        cpm = cel.get("metadata", {}).get("papermill", {})
        for sleutel in ("start_time", "end_time", "duration", "exception", "status"):
            cpm.pop(sleutel, None)
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def render_jaar(jaar: int, uitvoer: Uitvoer, *, engine: str = "auto") -> list[Path]:
    from prestatiemonitor.render import RenderFout, render_report

    notebooks = [uitvoer.notebooks / f"{naam}.ipynb" for naam in REPORT_ORDER]
    ontbrekend = [str(nb) for nb in notebooks if not nb.exists()]
    if ontbrekend:
        raise RunFout(f"Kan het rapport {jaar} niet maken: uitgevoerde notebooks ontbreken: {', '.join(ontbrekend)}. "
                      f"Draai eerst: prestatiemonitor run {jaar}")
    try:
        return render_report(notebooks, uitvoer.report, jaar, engine=engine, processed_dir=uitvoer.processed)
    except RenderFout as fout:
        raise RunFout(str(fout)) from None


def publiceer(staging: Uitvoer, doel: Uitvoer) -> None:
    """Swap staging into place. Each folder is replaced whole by a rename on the same filesystem.
    The partner lists of `prestatiemonitor validate` (report/<jaar>/validatie/) are kept."""
    validatie = doel.report / "validatie"
    if validatie.is_dir() and not (staging.report / "validatie").exists():
        shutil.copytree(validatie, staging.report / "validatie")
    for nieuw, oud in ((staging.processed, doel.processed), (staging.report, doel.report)):
        oud.parent.mkdir(parents=True, exist_ok=True)
        weg = oud.with_name(f".oud-{oud.name}")
        shutil.rmtree(weg, ignore_errors=True)
        if oud.exists():
            oud.rename(weg)
        shutil.move(str(nieuw), str(oud))
        shutil.rmtree(weg, ignore_errors=True)
