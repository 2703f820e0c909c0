"""One yearly run, end to end. The phases, in order:

1. execute   -- papermill runs the notebooks of STAPPEN with the year's parameters into a staging
               folder. 00_opschonen validates every partner delivery against the data contract
               (prestatiemonitor.validation; any error stops the run before anything is published,
               with one Dutch list of all problems) and writes the harmonised tables; each theme
               notebook records its indicator values; 90_scorekaart merges them into
               indicatoren.csv and judges every afspraak (scorekaart.csv).
               Notebooks that do not depend on each other (the themes 10-50) run at the same time,
               on os.cpu_count() cores; their kernels are started ahead, while earlier notebooks
               run (prestatiemonitor.kernels).
2. reuse     -- a notebook whose inputs are unchanged since the published run (same content hash of
               the files it reads, the notebook source, the package code, the reference data, the
               locked packages and the parameters) is not executed again: its executed copy and its
               outputs are taken over from the published folders, and manifest.json says so. When
               nothing changed at all, the whole run (report included) is skipped. `--opnieuw`
               forces everything; `verify` always reruns for real.
3. render    -- the executed notebooks become the HTML and PDF report (still in staging); the
               HTML copy of each notebook is already started when that notebook finishes.
4. publish   -- only now staging replaces data/processed/<jaar>/ and report/<jaar>/.
               A failure in any earlier phase leaves the published outputs as they were.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from prestatiemonitor import manifest, paths
from prestatiemonitor.kernels import KERNEL, Kernel


@dataclass(frozen=True)
class Stap:
    """One notebook of a run, with its dependencies as data.

    na            notebooks that must have finished first
    ruw           reads the raw deliveries of the year (data/raw/<jaar>/)
    leest         files (glob patterns) it reads in processed/<jaar>/
    andere_jaren  files it reads in the processed folders of other years (processed/<ander jaar>/)
    schrijft      files (glob patterns) it writes in processed/<jaar>/

    ``leest``/``andere_jaren`` feed the cache key: a notebook is reused only when every file it
    reads is byte-identical. tests/test_snelheid.py checks the declarations against the notebooks.
    """

    naam: str
    na: tuple[str, ...] = ()
    ruw: bool = False
    leest: tuple[str, ...] = ()
    andere_jaren: tuple[str, ...] = ()
    schrijft: tuple[str, ...] = ()


def _thema(naam: str, *tabellen: str, andere_jaren: tuple[str, ...] = ()) -> Stap:
    return Stap(naam, na=("00_opschonen",), leest=tuple(f"{t}.parquet" for t in tabellen),
                andere_jaren=andere_jaren, schrijft=(f"indicatoren/{naam}.csv",))


STAPPEN = (
    Stap("00_opschonen", ruw=True, schrijft=("*.parquet", "telling.csv")),
    _thema("10_sociaal_domein", "voorraad", "verhuringen", "vrijkomend", "huurachterstand", "complexen_55plus",
           "gemeente_kengetallen", "mijlpalen",
           andere_jaren=("indicatoren.csv", "indicatoren/10_sociaal_domein.csv", "vrijkomend.parquet")),
    _thema("20_betaalbaarheid_beschikbaarheid", "voorraad", "verhuringen", "voorraadmutaties", "gemeente_kengetallen",
           andere_jaren=("indicatoren.csv",)),
    _thema("30_nieuwbouw", "voorraad", "voorraadmutaties", "gemeente_kengetallen"),
    _thema("40_leefbaarheid", "gemeente_kengetallen"),
    _thema("50_duurzaamheid", "voorraad"),
    # the parties' reactions (data/raw/<jaar>/<partij>/reactie.md, checked by 00) and the annexes from the register
    Stap("95_reacties_en_bijlagen", na=("00_opschonen",), ruw=True),
    Stap("90_scorekaart", na=("10_sociaal_domein", "20_betaalbaarheid_beschikbaarheid", "30_nieuwbouw",
                              "40_leefbaarheid", "50_duurzaamheid"),
         leest=("indicatoren/*.csv",), andere_jaren=("indicatoren.csv",),
         schrijft=("indicatoren.csv", "scorekaart.csv")),
)
# Run order (a valid serial order of STAPPEN). The report shows them in REPORT_ORDER.
NOTEBOOKS = [s.naam for s in STAPPEN]
REPORT_ORDER = [
    "90_scorekaart",
    "10_sociaal_domein",
    "20_betaalbaarheid_beschikbaarheid",
    "30_nieuwbouw",
    "40_leefbaarheid",
    "50_duurzaamheid",
    "95_reacties_en_bijlagen",
    "00_opschonen",
]
# From this size of the year's delivery on, fewer kernels wait ahead (memory beside a big 00_opschonen).
GROOT_MB = 100
CACHE_FORMAAT = 1  # bump when the meaning of a cache key changes: every notebook then runs again


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


@dataclass
class Resultaat:
    """How one notebook of a run came about (recorded in manifest.json under "notebooks")."""

    naam: str
    sleutel: str
    hergebruikt: bool = False
    uitgevoerd_in_run: str | None = None  # start of the run that executed it (when reused)
    seconden: float | None = None


def run(jaar: int, *, engine: str = "auto", render: bool = True, raw_root: Path | None = None,
        uitvoer: Uitvoer | None = None, voortgang: bool = True, opnieuw: bool = False,
        werkers: int | None = None) -> Uitvoer:
    """Execute, merge, render and publish one year (validation is the first step of 00_opschonen).
    Returns the published folders. ``opnieuw`` executes every notebook even when its inputs are
    unchanged; ``werkers`` is the number of notebooks run at the same time (default: the cores)."""
    raw_root = Path(raw_root or paths.RAW)
    doel = uitvoer or Uitvoer(paths.processed_dir(jaar), paths.report_dir(jaar))
    controleer_leveringen_aanwezig(jaar, raw_root)
    # the raw files are hashed once: for the cache key, the notebook pages and manifest.json
    ruw = manifest.bestanden_met_hash(raw_root / str(jaar), raw_root)
    vorige = None if opnieuw else manifest.lees(doel.report) if doel.report.is_dir() else None
    if vorige is not None and alles_ongewijzigd(jaar, raw_root, doel, vorige, engine=engine, render=render, ruw=ruw):
        if voortgang:
            print(f"Monitor {jaar}: niets gewijzigd sinds de publicatie van {vorige.get('einde', '?')} "
                  f"(leveringen, code, referentiegegevens en parameters gelijk aan manifest.json); "
                  f"vorige uitvoering en rapport hergebruikt. Alles opnieuw: prestatiemonitor run {jaar} --opnieuw")
            for naam in NOTEBOOKS:
                print(f"  {naam}: ongewijzigd, vorige uitvoering hergebruikt")
        return doel

    doel.report.parent.mkdir(parents=True, exist_ok=True)
    staging_root = Path(tempfile.mkdtemp(prefix=f".staging-{jaar}-", dir=doel.report.parent))
    staging = Uitvoer(staging_root / "processed" / str(jaar), staging_root / "report")
    start = manifest.nu()
    paginas = None
    try:
        toon_andere_jaren(doel.processed, staging.processed)
        if render:  # the notebook HTML copies are made as soon as each notebook is done
            from prestatiemonitor.render import NotebookPaginas

            paginas = NotebookPaginas(staging_root / "paginas", jaar, ruw, werkers)
        resultaten = voer_notebooks_uit(jaar, raw_root, staging, voortgang=voortgang, vorige=vorige,
                                        gepubliceerd=doel, werkers=werkers, ruw=ruw, paginas=paginas)
        schrijf_manifest = partial(manifest.schrijf_run, jaar, raw_root=raw_root, processed=doel.processed,
                                   report=doel.report, staging_report=staging.report,
                                   engine=engine if render else None, start=start, ruw=ruw)
        cache = cache_verslag(resultaten, staging, start)
        schrijf_manifest(notebooks=cache)  # before rendering too: the colofon quotes its short form
        if render:
            t = time.perf_counter()
            render_jaar(jaar, staging, engine=engine, paginas=paginas)
            schrijf_manifest(notebooks=cache, rapport=rapportbestanden(staging.report, jaar))  # now with the end time
            if voortgang:
                print(f"  rapport (HTML, PDF en de notebooks als HTML): gemaakt in {_sec(time.perf_counter() - t)}")
        publiceer(staging, doel)
        if voortgang:
            from prestatiemonitor import clean

            print(clean.telling_tekst(doel.processed))
    finally:
        if paginas is not None:
            paginas.sluit()
        shutil.rmtree(staging_root, ignore_errors=True)
    return doel


def _sec(s: float) -> str:
    return f"{s:.1f}".replace(".", ",") + " s"


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


def controleer_leveringen_aanwezig(jaar: int, raw_root: Path) -> None:
    jaarmap = raw_root / str(jaar)
    if not jaarmap.is_dir() or not any(jaarmap.iterdir()):
        raise RunFout(
            f"Geen leveringen gevonden voor {jaar}: de map {jaarmap} ontbreekt of is leeg. "
            f"Zet de bestanden van de partijen in {jaarmap}/<partij>/ "
            f"(of maak demodata met: prestatiemonitor demo {jaar})."
        )


def datacontract_melding(jaar: int, rapport_tekst: str) -> str:
    return (f"De leveringen voor {jaar} voldoen niet aan het datacontract; er is niets geschreven.\n\n"
            + rapport_tekst)


def valideer(jaar: int, raw_root: Path) -> None:
    """Validate the delivery without running anything (a run does this in 00_opschonen)."""
    from prestatiemonitor import validation

    controleer_leveringen_aanwezig(jaar, raw_root)
    rapport = validation.validate_year(jaar, raw_root)
    if not rapport.ok:
        raise RunFout(datacontract_melding(jaar, rapport.tekst()))


def parameters(jaar: int, raw_root: Path, uitvoer: Uitvoer) -> dict:
    """The parameters every notebook receives (papermill injects them after the parameters cell)."""
    return {
        "jaar": jaar,
        "raw_dir": str(raw_root),
        "processed_dir": str(uitvoer.processed),
        "reference_dir": str(paths.REFERENCE),
    }


# ---------------------------------------------------------------------------- cache keys


def _bestanden(map_: Path, patronen: tuple[str, ...]) -> dict[str, str]:
    """relative path -> SHA-256 of the files matching ``patronen`` in ``map_`` (sorted)."""
    uit = {}
    for patroon in patronen:
        for pad in sorted(Path(map_).glob(patroon)):
            if pad.is_file():
                uit[pad.relative_to(map_).as_posix()] = manifest.sha256(pad)
    return dict(sorted(uit.items()))


def basis_sleutel() -> dict:
    """What every notebook depends on: package code, reference data, locked packages, kernel."""
    code = manifest.bestanden_met_hash(paths.ROOT / "src" / "prestatiemonitor", paths.ROOT)
    referentie = manifest.bestanden_met_hash(paths.REFERENCE, paths.REFERENCE)
    return {
        "formaat": CACHE_FORMAAT,
        "code": manifest.gecombineerde_hash(code),
        "referentie": manifest.gecombineerde_hash(referentie),
        "pakketten": hashlib.sha256("\n".join(manifest.vergrendelde_pakketten()).encode()).hexdigest(),
        "kernel": KERNEL,
        "python": sys.version.split()[0],
    }


def sleutel(stap: Stap, jaar: int, raw_root: Path, processed: Path, basis: dict, ruw: list[dict] | None = None) -> str:
    """Content hash of everything ``stap`` reads; equal keys mean the notebook would compute the
    same. Files, never file times. ``ruw``: the raw files with their hashes, when already known."""
    invoer: dict[str, str] = {}
    if stap.ruw:
        if ruw is None:
            ruw = manifest.bestanden_met_hash(Path(raw_root) / str(jaar), raw_root)
        invoer |= {f"raw/{b['pad']}": b["sha256"] for b in ruw}
    invoer |= {f"processed/{p}": h for p, h in _bestanden(processed, stap.leest).items()}
    if stap.andere_jaren and processed.parent.is_dir():
        for map_ in sorted(processed.parent.iterdir()):
            if map_.name.isdigit() and map_.name != str(jaar) and map_.is_dir():
                invoer |= {f"processed/{map_.name}/{p}": h for p, h in _bestanden(map_, stap.andere_jaren).items()}
    onderdelen = {
        **basis,
        "notebook": manifest.sha256(paths.NOTEBOOKS / f"{stap.naam}.ipynb"),
        "parameters": {"jaar": int(jaar)},
        "invoer": invoer,
    }
    return hashlib.sha256(json.dumps(onderdelen, sort_keys=True).encode()).hexdigest()


def _vorige_uitvoering(stap: Stap, vorige: dict | None, gepubliceerd: Uitvoer, key: str) -> dict | None:
    """The published execution of ``stap`` if it has this key and its files are intact."""
    if not vorige:
        return None
    info = (vorige.get("notebooks") or {}).get(stap.naam)
    if not info or info.get("sleutel") != key or info.get("cache") != CACHE_FORMAAT:
        return None
    nb = gepubliceerd.notebooks / f"{stap.naam}.ipynb"
    if not nb.is_file() or manifest.sha256(nb) != info.get("notebook_sha256"):
        return None
    if _bestanden(gepubliceerd.processed, stap.schrijft) != info.get("uitvoer"):
        return None  # an output is missing, extra or changed since publication: any doubt means execute
    return info


def alles_ongewijzigd(jaar: int, raw_root: Path, doel: Uitvoer, vorige: dict, *, engine: str, render: bool,
                      ruw: list[dict] | None = None) -> bool:
    """True when a run would reproduce the published year exactly: raw files, code, reference data
    and parameters equal to manifest.json, every notebook's key equal and its files intact."""
    par = vorige.get("parameters") or {}
    verwacht = {"jaar": int(jaar), "raw_dir": str(Path(raw_root)), "processed_dir": str(doel.processed),
                "report_dir": str(doel.report), "reference_dir": str(paths.REFERENCE),
                "engine": engine if render else None, "render": render}
    if any(par.get(k) != v for k, v in verwacht.items()):
        return False
    basis = basis_sleutel()
    for stap in STAPPEN:
        if _vorige_uitvoering(stap, vorige, doel, sleutel(stap, jaar, raw_root, doel.processed, basis, ruw)) is None:
            return False
    if render:
        bestanden = vorige.get("rapport")
        if not bestanden or rapportbestanden(doel.report, jaar) != bestanden:
            return False
    return True


def rapportbestanden(report: Path, jaar: int) -> dict[str, str]:
    """SHA-256 of the report files: HTML, PDF and the HTML copies of the executed notebooks."""
    return _bestanden(report, (f"prestatiemonitor-{jaar}.html", f"prestatiemonitor-{jaar}.pdf", "notebooks/*.html"))


def cache_verslag(resultaten: list[Resultaat], staging: Uitvoer, start) -> dict:
    """The "notebooks" section of manifest.json: per notebook its cache key, whether it was reused,
    the hash of its executed copy and of the files it wrote."""
    stappen = {s.naam: s for s in STAPPEN}
    uit = {}
    for r in resultaten:
        uit[r.naam] = {
            "cache": CACHE_FORMAAT,
            "sleutel": r.sleutel,
            "hergebruikt": r.hergebruikt,
            "uitgevoerd_in_run": r.uitgevoerd_in_run or manifest._tijd(start),
            "notebook_sha256": manifest.sha256(staging.notebooks / f"{r.naam}.ipynb"),
            "uitvoer": _bestanden(staging.processed, stappen[r.naam].schrijft),
        }
    return uit


# ---------------------------------------------------------------------------- execution


def kernels_tegelijk(werkers: int, leveringen: Path) -> int:
    """How many kernels may be alive at once. A waiting kernel holds ~150 MB; beside a delivery of
    GROOT_MB or more (where 00_opschonen itself needs GBs) one waits ahead per core, else all do."""
    grootte = sum(p.stat().st_size for p in Path(leveringen).rglob("*") if p.is_file())
    return werkers * 2 if grootte >= GROOT_MB * 2**20 else len(STAPPEN)


def voer_notebooks_uit(jaar: int, raw_root: Path, uitvoer: Uitvoer, *, voortgang: bool = True,
                       vorige: dict | None = None, gepubliceerd: Uitvoer | None = None,
                       werkers: int | None = None, ruw: list[dict] | None = None,
                       paginas=None) -> list[Resultaat]:
    """Run STAPPEN into ``uitvoer``: each notebook in its own thread and kernel, at most ``werkers``
    executing at once, each as soon as the notebooks it depends on are done. A notebook with an
    unchanged cache key is reused from ``gepubliceerd`` (described by its manifest ``vorige``).
    The first failure stops the run (RunFout naming notebook and cell). ``paginas``
    (render.NotebookPaginas): each finished notebook's HTML copy is started right away.

    Progress (``voortgang``): one line per finished notebook on stdout, always. On a terminal
    (sys.stderr.isatty()) also progress bars on stderr: the whole run (notebooks done / total) and,
    below it, one bar per running notebook (cells done / total) on a line of its own that
    disappears when the notebook is done. In CI logs (no terminal) only the plain lines."""
    from tqdm.auto import tqdm

    # What the kernel starts need is imported here, once; papermill (~0,4 s) is imported beside
    # the first kernel's boot. Never two threads in one package's imports at the same time:
    # jupyter_client imports itself circularly, which concurrent imports trip over.
    import jupyter_client.manager  # noqa: F401
    import nbformat  # noqa: F401

    import prestatiemonitor.kernelclient  # noqa: F401

    threading.Thread(target=importlib.import_module, args=("papermill",), daemon=True).start()
    uitvoer.notebooks.mkdir(parents=True, exist_ok=True)
    uitvoer.processed.mkdir(parents=True, exist_ok=True)
    params = parameters(jaar, raw_root, uitvoer)
    werkers = max(1, werkers or os.cpu_count() or 1)
    basis = basis_sleutel()
    klaar = {s.naam: threading.Event() for s in STAPPEN}
    besloten = {s.naam: threading.Event() for s in STAPPEN}  # reuse or execute is decided
    uitvoeren: dict[str, bool] = {}
    rekenen = threading.Semaphore(werkers)
    # at most this many kernels alive at once, handed out in run order (so no deadlock)
    max_kernels = kernels_tegelijk(werkers, Path(raw_root) / str(jaar))
    kernels_lock = threading.Condition()
    staat = {"levend": 0, "beurt": 0, "fout": None}
    resultaten: dict[str, Resultaat] = {}
    # kernels warm up ``werkers`` at a time, strictly in run order (the longest themes come first in
    # STAPPEN, so they are ready first): notebook i asks for a start only once i-1 has asked or passed
    opstarten = threading.Semaphore(werkers)
    aan_de_beurt = {s.naam: threading.Event() for s in STAPPEN}  # passed the kernel start gate
    balken = voortgang and _is_terminal()
    balk = tqdm(total=len(STAPPEN), desc=f"Monitor {jaar}", unit="notebook", disable=not balken,
                leave=False, position=0, file=sys.stderr, dynamic_ncols=True)
    schrijf_lock = threading.Lock()
    # screen lines 1..werkers below the overall bar, one per running notebook
    vrije_regels = list(range(1, werkers + 1))

    def meld(tekst: str) -> None:
        with schrijf_lock:
            if voortgang:
                tqdm.write(tekst, file=sys.stdout)
                sys.stdout.flush()
            balk.update(1)

    def werk(index: int, stap: Stap) -> None:
        kernel = None
        heeft_plek = False
        try:
            # a kernel slot, in run order
            with kernels_lock:
                while not (staat["beurt"] == index and staat["levend"] < max_kernels) and staat["fout"] is None:
                    kernels_lock.wait()
                if staat["fout"] is not None:
                    return
                staat["levend"] += 1
                staat["beurt"] += 1
                heeft_plek = True
                kernels_lock.notify_all()
            # May it be reused? A notebook without predecessors can tell right away; the others once
            # their predecessors are done (their outputs are its inputs).
            key = info = None
            if not stap.na:
                key = sleutel(stap, jaar, raw_root, uitvoer.processed, basis, ruw)
                info = _vorige_uitvoering(stap, vorige, gepubliceerd, key) if gepubliceerd else None
                uitvoeren[stap.naam] = info is None
                besloten[stap.naam].set()
            # Start the kernel ahead when the notebook will surely run, or probably: when one of its
            # predecessors runs (its inputs may change); a kernel that turns out unneeded is shut down.
            for voor in stap.na:
                besloten[voor].wait()
            zeker = (key is not None and info is None) or not (vorige or {}).get("notebooks", {}).get(stap.naam)
            if index:
                aan_de_beurt[STAPPEN[index - 1].naam].wait()
            if zeker or any(uitvoeren.get(voor, True) for voor in stap.na):
                with opstarten:
                    aan_de_beurt[stap.naam].set()
                    if staat["fout"] is None:
                        kernel = Kernel(stap.naam)
            aan_de_beurt[stap.naam].set()
            for voor in stap.na:
                klaar[voor].wait()
            if staat["fout"] is not None:
                return
            if key is None:
                key = sleutel(stap, jaar, raw_root, uitvoer.processed, basis, ruw)
                info = _vorige_uitvoering(stap, vorige, gepubliceerd, key) if gepubliceerd else None
                uitvoeren[stap.naam] = info is None
                besloten[stap.naam].set()
            if info is not None:
                _neem_over(stap, gepubliceerd, uitvoer)
                if paginas is not None:
                    paginas.maak(uitvoer.notebooks / f"{stap.naam}.ipynb")
                resultaten[stap.naam] = Resultaat(stap.naam, key, True, info.get("uitgevoerd_in_run"))
                meld(f"  {stap.naam}: ongewijzigd, vorige uitvoering hergebruikt")
                return
            with rekenen:
                if staat["fout"] is not None:
                    return
                t = time.perf_counter()
                if kernel is None:
                    kernel = Kernel(stap.naam)
                if staat["fout"] is not None:
                    return
                with schrijf_lock:
                    regel = vrije_regels.pop(0) if vrije_regels else None
                try:
                    voer_notebook_uit(paths.NOTEBOOKS / f"{stap.naam}.ipynb", uitvoer.notebooks / f"{stap.naam}.ipynb",
                                      params, voortgang=balken, kernel=kernel, positie=regel)
                finally:
                    if regel is not None:
                        with schrijf_lock:
                            vrije_regels.append(regel)
                            vrije_regels.sort()
                from prestatiemonitor import herhaalbaar

                herhaalbaar.maak_paden_logisch(uitvoer.notebooks / f"{stap.naam}.ipynb",
                                               herhaalbaar.logische_paden(jaar, raw_root, uitvoer.processed))
                duur = time.perf_counter() - t
            if paginas is not None:
                paginas.maak(uitvoer.notebooks / f"{stap.naam}.ipynb")
            resultaten[stap.naam] = Resultaat(stap.naam, key, False, None, duur)
            meld(f"  {stap.naam}: uitgevoerd in {_sec(duur)}")
        except BaseException as fout:  # noqa: BLE001 - handed to the main thread
            with kernels_lock:
                if staat["fout"] is None:
                    staat["fout"] = fout
                kernels_lock.notify_all()
            for e in (*klaar.values(), *besloten.values(), *aan_de_beurt.values()):
                e.set()  # waiting notebooks wake up and stop
        finally:
            if kernel is not None:
                kernel.sluit()
            if heeft_plek:
                with kernels_lock:
                    staat["levend"] -= 1
                    kernels_lock.notify_all()
            besloten[stap.naam].set()
            aan_de_beurt[stap.naam].set()
            klaar[stap.naam].set()

    draden = [threading.Thread(target=werk, args=(i, s), name=f"pm-{s.naam}", daemon=True)
              for i, s in enumerate(STAPPEN)]
    try:
        for d in draden:
            d.start()
        for d in draden:
            while d.is_alive():
                d.join(0.2)
    except KeyboardInterrupt:
        with kernels_lock:
            staat["fout"] = staat["fout"] or KeyboardInterrupt()
            kernels_lock.notify_all()
        for e in (*klaar.values(), *besloten.values(), *aan_de_beurt.values()):
            e.set()
        raise
    finally:
        balk.close()
    if staat["fout"] is not None:
        raise staat["fout"]
    return [resultaten[s.naam] for s in STAPPEN]


def _neem_over(stap: Stap, gepubliceerd: Uitvoer, staging: Uitvoer) -> None:
    """Copy a reused notebook's executed copy and outputs from the published folders into staging."""
    shutil.copy2(gepubliceerd.notebooks / f"{stap.naam}.ipynb", staging.notebooks / f"{stap.naam}.ipynb")
    for rel in _bestanden(gepubliceerd.processed, stap.schrijft):
        doel = staging.processed / rel
        doel.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(gepubliceerd.processed / rel, doel)


def _is_terminal() -> bool:
    """Progress bars only on a terminal; CI logs get plain lines."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def voer_notebook_uit(bron: Path, doel: Path, params: dict, *, voortgang: bool = True, kernel: Kernel | None = None,
                      positie: int | None = None) -> None:
    """Execute one notebook with papermill; a failing cell becomes a RunFout naming notebook and cell.
    ``kernel``: a kernel started ahead (otherwise papermill starts its own). ``voortgang``: a progress
    bar (cells done / total) on stderr, on screen line ``positie`` (below the run's overall bar)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    naam = bron.stem
    doel.parent.mkdir(parents=True, exist_ok=True)
    extra = {"km": kernel.km} if kernel is not None else {"cwd": str(bron.parent)}
    try:
        papermill.execute_notebook(
            str(bron), str(doel), parameters=params, kernel_name=KERNEL,
            # one write at the end instead of two per cell (papermill's default; ~10 ms each)
            request_save_on_cell_execute=False,
            progress_bar=voortgang and {"desc": f"  {naam}", "leave": False, "position": positie,
                                        "file": sys.stderr, "dynamic_ncols": True}, **extra,
        )
    except PapermillExecutionError as fout:
        bewaard = _bewaar_mislukt(doel, params["jaar"])
        if fout.ename == "Leveringsfout":  # 00_opschonen: the delivery does not meet the contract
            raise RunFout(datacontract_melding(params["jaar"], fout.evalue)) from None
        raise RunFout(
            f"Notebook {naam} stopte in cel In [{fout.exec_count}] "
            f"(`{fout.source.strip().splitlines()[-1][:80]}`) met {fout.ename}: {fout.evalue}\n"
            f"Het uitgevoerde notebook met de volledige foutmelding: {bewaard}\n"
            f"Er is niets gepubliceerd; data/processed/{params['jaar']}/ en report/{params['jaar']}/ "
            f"zijn ongewijzigd."
        ) from None
    except RunFout:
        raise
    except Exception as fout:  # noqa: BLE001 - a dead kernel, a timeout: Dutch message, no traceback
        raise RunFout(
            f"Notebook {naam} kon niet worden uitgevoerd ({type(fout).__name__}: {fout}). "
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
    for sleutel_ in ("start_time", "end_time", "duration", "input_path", "output_path"):
        pm.pop(sleutel_, None)
    for cel in nb.get("cells", []):
        if "injected-parameters" in cel.get("metadata", {}).get("tags", []):
            cel["id"] = "injected-parameters"  # papermill gives it a random id
        cel.get("metadata", {}).pop("execution", None)
        cpm = cel.get("metadata", {}).get("papermill", {})
        for sleutel_ in ("start_time", "end_time", "duration", "exception", "status"):
            cpm.pop(sleutel_, None)
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def render_jaar(jaar: int, uitvoer: Uitvoer, *, engine: str = "auto", paginas=None) -> list[Path]:
    from prestatiemonitor.render import RenderFout, render_report

    notebooks = [uitvoer.notebooks / f"{naam}.ipynb" for naam in REPORT_ORDER]
    ontbrekend = [str(nb) for nb in notebooks if not nb.exists()]
    if ontbrekend:
        raise RunFout(f"Kan het rapport {jaar} niet maken: uitgevoerde notebooks ontbreken: {', '.join(ontbrekend)}. "
                      f"Draai eerst: prestatiemonitor run {jaar}")
    try:
        return render_report(notebooks, uitvoer.report, jaar, engine=engine, processed_dir=uitvoer.processed,
                             paginas=paginas)
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
