"""The manifest of one run: report/<jaar>/manifest.json.

It makes every published number traceable to exactly what produced it: the SHA-256 of every raw
file (paths relative to the raw root), the locked package versions (requirements.lock), the
version of prestatiemonitor, the git commit and whether the work tree had uncommitted changes,
the run parameters, the renderer and its versions, and the start and end time of the run.
Those two times are the ONLY timestamps of a run: every other output is byte-identical on a
rerun with the same inputs (see prestatiemonitor.verify).

The file is written with sorted keys and sorted lists, so two manifests diff cleanly.
``kort(manifest)`` gives the short Dutch form for the colofon.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from prestatiemonitor import paths

NAAM = "manifest.json"
FORMAAT = 1  # bump when the structure changes
_LOCK_REGEL = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def sha256(pad: Path) -> str:
    h = hashlib.sha256()
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def bestanden_met_hash(map_: Path, t_o_v: Path) -> list[dict]:
    """Every regular file under ``map_`` (hidden files such as .DS_Store excluded), sorted, with
    its path relative to ``t_o_v`` (POSIX separators) and SHA-256."""
    map_, t_o_v = Path(map_), Path(t_o_v)
    if not map_.is_dir():
        return []
    uit = []
    for pad in sorted(map_.rglob("*")):
        rel = pad.relative_to(map_)
        if not pad.is_file() or any(deel.startswith(".") or deel == "__pycache__" for deel in rel.parts) \
                or pad.suffix == ".pyc":
            continue
        uit.append({"pad": pad.relative_to(t_o_v).as_posix(), "sha256": sha256(pad)})
    return sorted(uit, key=lambda b: b["pad"])


def gecombineerde_hash(bestanden: list[dict]) -> str:
    """One SHA-256 over a file list, in `sha256sum` format ("<hash>  <pad>\\n" per file, sorted):
    reproducible with `cd data/raw && sha256sum $(find 2026 -type f | sort) | sha256sum`."""
    regels = "".join(f"{b['sha256']}  {b['pad']}\n" for b in sorted(bestanden, key=lambda b: b["pad"]))
    return hashlib.sha256(regels.encode("utf-8")).hexdigest()


def codebestanden() -> list[dict]:
    """The code that computes and renders (package, templates, notebooks), hashed relative to the
    repository root: with it, verify can name the code that changed since a publication, also when
    the work tree was dirty (then the commit alone does not say what ran)."""
    uit = bestanden_met_hash(paths.ROOT / "src" / "prestatiemonitor", paths.ROOT)
    basis = paths.ROOT if Path(paths.NOTEBOOKS).is_relative_to(paths.ROOT) else Path(paths.NOTEBOOKS).parent
    uit += [b for b in bestanden_met_hash(paths.NOTEBOOKS, basis) if b["pad"].endswith(".ipynb")]
    return sorted(uit, key=lambda b: b["pad"])


def vergrendelde_pakketten(lock: Path | None = None) -> list[str]:
    """``name==version`` for every package in requirements.lock (sorted, names lower-case)."""
    lock = Path(lock or paths.ROOT / "requirements.lock")
    if not lock.is_file():
        return []
    uit = set()
    for regel in lock.read_text(encoding="utf-8").splitlines():
        m = _LOCK_REGEL.match(regel.strip())
        if m:
            uit.add(f"{m.group(1).lower()}=={m.group(2)}")
    return sorted(uit)


def git_info(root: Path | None = None) -> dict:
    """Commit and dirty flag of the work tree. ``git`` may be absent (or this may not be a git
    checkout, e.g. an unpacked release): then ``beschikbaar`` is false and ``melding`` says why."""
    root = Path(root or paths.ROOT)
    if shutil.which("git") is None:
        return {"beschikbaar": False, "commit": None, "gewijzigd": None,
                "melding": "git is niet geïnstalleerd; de commit is onbekend"}

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)

    commit = git("rev-parse", "HEAD")
    if commit.returncode != 0:
        return {"beschikbaar": False, "commit": None, "gewijzigd": None,
                "melding": "geen git-repository (of nog geen commit); de commit is onbekend"}
    # Tracked changes and new files that are not ignored (data/raw, data/processed and report/
    # are ignored, so a run does not make its own tree dirty).
    status = git("status", "--porcelain")
    gewijzigd = bool(status.stdout.strip()) if status.returncode == 0 else None
    return {"beschikbaar": True, "commit": commit.stdout.strip(), "gewijzigd": gewijzigd, "melding": None}


def renderer_info(engine: str | None) -> dict:
    """The renderer of this run and the versions of its tools (None when the report was not made)."""
    info: dict = {"engine": engine, "pandoc": None, "typst": None, "quarto": None}
    if engine is None:
        return info
    try:
        import pypandoc

        info["pandoc"] = str(pypandoc.get_pandoc_version())
    except Exception:  # noqa: BLE001 - a version we cannot read is recorded as unknown
        pass
    try:
        from importlib.metadata import version

        info["typst"] = version("typst")
    except Exception:  # noqa: BLE001
        pass
    if engine == "quarto" and shutil.which("quarto"):
        proc = subprocess.run(["quarto", "--version"], capture_output=True, text=True)
        info["quarto"] = proc.stdout.strip() or None
    return info


def maak(jaar: int, *, raw_root: Path, parameters: dict, engine: str | None,
         start: dt.datetime, einde: dt.datetime | None = None, notebooks: dict | None = None,
         rapport: dict | None = None, ruw: list[dict] | None = None) -> dict:
    """Build the manifest of one run (a plain dict; see ``schrijf``). ``notebooks``: per notebook
    its cache key, whether it was reused and the hashes of what it produced (pipeline.cache_verslag);
    ``rapport``: SHA-256 of the HTML and PDF."""
    from prestatiemonitor import __version__

    raw_root = Path(raw_root)
    if ruw is None:  # the pipeline passes the hashes it made at the start of the run
        ruw = bestanden_met_hash(raw_root / str(jaar), raw_root)
    referentie = bestanden_met_hash(paths.REFERENCE, paths.REFERENCE)
    code = codebestanden()
    uit = {
        "formaat": FORMAAT,
        "jaar": int(jaar),
        "prestatiemonitor": __version__,
        "git": git_info(),
        "parameters": {k: (str(v) if isinstance(v, Path) else v) for k, v in parameters.items()},
        "ruwe_bestanden": ruw,
        "ruwe_bestanden_sha256": gecombineerde_hash(ruw),
        "referentiebestanden": referentie,
        "codebestanden": code,
        "codebestanden_sha256": gecombineerde_hash(code),
        "pakketten": vergrendelde_pakketten(),
        "renderer": renderer_info(engine),
        "start": _tijd(start),
        "einde": _tijd(einde or dt.datetime.now(dt.timezone.utc)),
    }
    if notebooks is not None:
        uit["notebooks"] = notebooks
    if rapport is not None:
        uit["rapport"] = rapport
    return uit


def _tijd(t: dt.datetime) -> str:
    if t.tzinfo is None:
        t = t.astimezone()
    return t.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def tekst(manifest: dict) -> str:
    """The JSON text: sorted keys, sorted lists, two-space indent, newline at the end."""
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schrijf(manifest: dict, report_dir: Path) -> Path:
    doel = Path(report_dir) / NAAM
    doel.parent.mkdir(parents=True, exist_ok=True)
    doel.write_text(tekst(manifest), encoding="utf-8")
    return doel


def lees(report_dir: Path) -> dict | None:
    """The manifest of a published year, or None when there is none (a run before manifests)."""
    pad = Path(report_dir) / NAAM
    if not pad.is_file():
        return None
    return json.loads(pad.read_text(encoding="utf-8"))


def kort(manifest: dict) -> str:
    """Short Dutch form for the colofon, e.g.
    "Gemaakt met prestatiemonitor 0.1.0 (commit deeafbd8d1a3, zonder lokale wijzigingen) uit
    10 aangeleverde bestanden (SHA-256 samen: 3f2a9c41b7d0e6a8); pandoc 3.9, Typst 0.15.2."
    No timestamps: the colofon is part of the byte-identical report."""
    g = manifest.get("git") or {}
    if g.get("beschikbaar"):
        staat = {True: "met lokale wijzigingen die niet in git staan", False: "zonder lokale wijzigingen"}.get(
            g.get("gewijzigd"), "onbekend of er lokale wijzigingen waren")
        code = f"commit {str(g.get('commit'))[:12]}, {staat}"
    else:
        code = "commit onbekend: git niet beschikbaar"
    ruw = manifest.get("ruwe_bestanden") or []
    n = len(ruw)
    bestanden = f"{n} aangeleverd{'' if n == 1 else 'e'} bestand{'' if n == 1 else 'en'}"
    combi = str(manifest.get("ruwe_bestanden_sha256") or gecombineerde_hash(ruw))[:16]
    r = manifest.get("renderer") or {}
    versies = [f"{naam} {r[sleutel]}" for naam, sleutel in (("pandoc", "pandoc"), ("Typst", "typst"),
                                                                ("Quarto", "quarto")) if r.get(sleutel)]
    zin = (f"Gemaakt met prestatiemonitor {manifest.get('prestatiemonitor', '?')} ({code}) uit {bestanden} "
           f"(SHA-256 samen: {combi})")
    return zin + (f"; {', '.join(versies)}." if versies else ".")


def nu() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def schrijf_run(jaar: int, *, raw_root: Path, processed: Path, report: Path, staging_report: Path,
                engine: str | None, start: dt.datetime, notebooks: dict | None = None,
                rapport: dict | None = None, ruw: list[dict] | None = None) -> Path:
    """Pipeline hook: the manifest of a run, written into the staging report folder (so it is
    published together with everything else). ``processed``/``report`` are the destinations;
    ``engine`` is the requested engine, or None when no report was rendered."""
    gekozen = None
    if engine is not None:
        from prestatiemonitor.render import kies_engine

        gekozen = kies_engine(engine)
    parameters = {
        "jaar": int(jaar), "raw_dir": str(Path(raw_root)), "processed_dir": str(Path(processed)),
        "report_dir": str(Path(report)), "reference_dir": str(paths.REFERENCE),
        "engine": engine, "render": engine is not None,
    }
    m = maak(jaar, raw_root=raw_root, parameters=parameters, engine=gekozen, start=start, notebooks=notebooks,
             rapport=rapport, ruw=ruw)
    return schrijf(m, staging_report)
