"""Parallel and incremental runs (pipeline.STAPPEN, cache keys in manifest.json).

Real papermill runs of the real notebooks on the synthetic demo year (render=False: the report is
not what is tested here). The notebooks folder is copied to a temporary folder where a test edits
a notebook, so the shared work tree is never touched.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from prestatiemonitor import kernels, manifest, paths, pipeline
from prestatiemonitor.pipeline import RunFout, Uitvoer, run

JAAR = 2026


def _uitgevoerd(uitvoer: Uitvoer) -> set[str]:
    m = manifest.lees(uitvoer.report)
    return {n for n, i in m["notebooks"].items() if not i["hergebruikt"]}


def _inhoud(map_: Path) -> dict[str, bytes]:
    return {p.relative_to(map_).as_posix(): p.read_bytes() for p in sorted(map_.rglob("*")) if p.is_file()}


@pytest.fixture
def werk(tmp_path, demo_runs, monkeypatch):
    """A data root with the demo delivery of 2026 and a private copy of the notebooks."""
    shutil.copytree(demo_runs.raw / str(JAAR), tmp_path / "raw" / str(JAAR))
    notebooks = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    monkeypatch.setattr(paths, "NOTEBOOKS", notebooks)
    return tmp_path


def _run(root: Path, **kw) -> Uitvoer:
    return run(JAAR, render=False, raw_root=root / "raw", voortgang=kw.pop("voortgang", False),
               uitvoer=Uitvoer(root / "processed" / str(JAAR), root / "report" / str(JAAR)), **kw)


def _voeg_cel_toe(notebook: Path, bron: str, soort: str = "markdown") -> None:
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(bron) if soort == "markdown" else nbformat.v4.new_code_cell(bron))
    nbformat.write(nb, notebook)


def test_incrementeel_hergebruik_en_opnieuw(werk, demo_runs, capsys):
    uit = _run(werk)
    assert _uitgevoerd(uit) == set(pipeline.NOTEBOOKS)
    # the parallel run gives exactly the published demo run's figures
    for naam in ("indicatoren.csv", "scorekaart.csv"):
        assert (uit.processed / naam).read_bytes() == (demo_runs.uitvoer[JAAR].processed / naam).read_bytes()
    gepubliceerd = (_inhoud(uit.processed), _inhoud(uit.report))

    # 1. nothing changed: the whole run is skipped, nothing is rewritten (manifest included)
    _run(werk, voortgang=True)
    tekst = capsys.readouterr().out
    assert "niets gewijzigd sinds de publicatie" in tekst
    assert "10_sociaal_domein: ongewijzigd, vorige uitvoering hergebruikt" in tekst
    assert (_inhoud(uit.processed), _inhoud(uit.report)) == gepubliceerd

    # 2. one raw file changed (a sale moves one day): 00 and the notebooks reading voorraadmutaties
    # rerun; the others are reused, and the manifest says which
    pad = werk / "raw" / str(JAAR) / "vidomes" / f"mutaties_{JAAR}.csv"
    tekst_ruw = pad.read_text(encoding="utf-8-sig")
    m = re.search(r"(\d{2})-(\d{2})-2026", tekst_ruw)
    nieuw = f"{int(m[1]) % 27 + 1:02d}-{m[2]}-2026"
    pad.write_text(tekst_ruw[:m.start()] + nieuw + tekst_ruw[m.end():], encoding="utf-8-sig")
    _run(werk, voortgang=True)
    tekst = capsys.readouterr().out
    uitgevoerd = _uitgevoerd(uit)
    assert {"00_opschonen", "20_betaalbaarheid_beschikbaarheid", "30_nieuwbouw"} <= uitgevoerd
    assert not {"10_sociaal_domein", "40_leefbaarheid", "50_duurzaamheid"} & uitgevoerd
    assert "40_leefbaarheid: ongewijzigd, vorige uitvoering hergebruikt" in tekst
    assert "00_opschonen: uitgevoerd in" in tekst
    m = manifest.lees(uit.report)
    assert m["notebooks"]["40_leefbaarheid"]["hergebruikt"] is True
    # the audit trail is complete: every executed notebook is the one that produced its outputs
    for naam, info in m["notebooks"].items():
        assert manifest.sha256(uit.notebooks / f"{naam}.ipynb") == info["notebook_sha256"]
    assert sorted(p.stem for p in uit.notebooks.glob("*.ipynb")) == sorted(pipeline.NOTEBOOKS)

    # 3. a notebook's source changed: that notebook runs again (its outputs are the same, so 90 is reused)
    _voeg_cel_toe(paths.NOTEBOOKS / "40_leefbaarheid.ipynb", "Een extra toelichting.")
    _run(werk)
    assert _uitgevoerd(uit) == {"40_leefbaarheid"}
    assert "Een extra toelichting." in (uit.notebooks / "40_leefbaarheid.ipynb").read_text(encoding="utf-8")

    # 4. a published output that no longer matches the manifest: any doubt means execute
    (uit.processed / "indicatoren" / "50_duurzaamheid.csv").write_text("met de hand gewijzigd\n", encoding="utf-8")
    _run(werk)
    assert _uitgevoerd(uit) == {"50_duurzaamheid"}
    assert (uit.processed / "indicatoren" / "50_duurzaamheid.csv").read_text(encoding="utf-8") != "met de hand gewijzigd\n"

    # 5. --opnieuw executes everything
    _run(werk, opnieuw=True)
    assert _uitgevoerd(uit) == set(pipeline.NOTEBOOKS)


def test_parallel_gelijk_aan_serieel(werk, demo_runs):
    """One notebook at a time, in the order of NOTEBOOKS, gives byte-identical outputs and executed
    notebooks as the parallel run (both from the same private copy of the notebooks)."""
    parallel = _run(werk)
    serieel = run(JAAR, render=False, raw_root=werk / "raw", voortgang=False, werkers=1, opnieuw=True,
                  uitvoer=Uitvoer(werk / "serieel" / "processed" / str(JAAR), werk / "serieel" / "report" / str(JAAR)))
    assert _inhoud(serieel.processed) == _inhoud(parallel.processed)
    assert _inhoud(serieel.notebooks) == _inhoud(parallel.notebooks)


def test_fout_in_een_themanotebook_stopt_de_run_en_publiceert_niets(werk):
    uit = _run(werk)
    voor = (_inhoud(uit.processed), _inhoud(uit.report))
    _voeg_cel_toe(paths.NOTEBOOKS / "30_nieuwbouw.ipynb", "raise ValueError('kolom daeb ontbreekt')", "code")
    with pytest.raises(RunFout) as fout:
        _run(werk)
    tekst = str(fout.value)
    assert "Notebook 30_nieuwbouw stopte in cel In [" in tekst and "ValueError: kolom daeb ontbreekt" in tekst
    assert "Er is niets gepubliceerd" in tekst
    assert (_inhoud(uit.processed), _inhoud(uit.report)) == voor
    assert not list(uit.report.parent.glob(".staging-*"))


def test_afhankelijkheden_als_gegevens():
    namen = [s.naam for s in pipeline.STAPPEN]
    assert namen == pipeline.NOTEBOOKS and len(set(namen)) == len(namen)
    for i, stap in enumerate(pipeline.STAPPEN):
        assert set(stap.na) <= set(namen[:i]), f"{stap.naam} hangt af van een later notebook"
    scorekaart = pipeline.STAPPEN[-1]
    assert scorekaart.naam == "90_scorekaart"
    assert set(scorekaart.na) == {n for n in namen if n[:1] in "12345"}  # 90 waits for every theme


TABEL = re.compile(r"""(?:lees\(\s*["'](\w+)["']\s*\)|["'](\w+)\.parquet["'])""")


@pytest.mark.parametrize("stap", [s for s in pipeline.STAPPEN if not s.ruw], ids=lambda s: s.naam)
def test_gelezen_tabellen_zijn_gedeclareerd(stap):
    """Every harmonised table a notebook reads is in its ``leest``: the cache key must cover it.
    A table counts as read when its name appears as lees("x") or "x.parquet" in a code cell, and
    thema.lees_kengetallen reads gemeente_kengetallen."""
    nb = nbformat.read(paths.NOTEBOOKS / f"{stap.naam}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    gelezen = {a or b for a, b in TABEL.findall(code)}
    if "lees_kengetallen(" in code:
        gelezen.add("gemeente_kengetallen")
    gedeclareerd = {Path(p).stem for p in stap.leest} | {Path(p).stem for p in stap.andere_jaren}
    assert gelezen <= gedeclareerd, f"{stap.naam} leest {sorted(gelezen - gedeclareerd)} zonder declaratie in STAPPEN"
    if "voeg_samen(" in code:
        assert "indicatoren/*.csv" in stap.leest


def test_kernel_laadt_alleen_wat_het_notebook_importeert():
    """A kernel waiting for its turn imports its own notebook's modules, no more: the cleaning
    notebook draws no charts, so its kernel does not pay for matplotlib."""
    opschonen = kernels.voorladen("00_opschonen")
    assert "prestatiemonitor.validation" in opschonen and "pandas" in opschonen
    assert not any(m.startswith("matplotlib") or m == "prestatiemonitor.charts" for m in opschonen)
    thema = kernels.voorladen("10_sociaal_domein")
    assert "matplotlib.pyplot" in thema and "prestatiemonitor.charts" in thema
    assert "prestatiemonitor.validation" not in thema
    # the statements are the notebook's own, parsed (a parenthesised import is one statement)
    assert "from prestatiemonitor.indicators import ALLE, Indicatoren" in kernels.importregels("10_sociaal_domein")


def test_importregels_meerdere_regels_en_magics(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from prestatiemonitor import (\n    fmt,\n    paths,\n)\nx = 1"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy"),  # not plain Python: skipped
        nbformat.v4.new_code_cell("def f():\n    import json  # not top-level: imported when called\n"),
        nbformat.v4.new_markdown_cell("import nothing"),
    ])
    nbformat.write(nb, tmp_path / "x.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path)
    assert kernels.importregels("x") == ["from prestatiemonitor import (\n    fmt,\n    paths,\n)"]
    assert kernels.voorladen("x")[:3] == ["prestatiemonitor", "prestatiemonitor.fmt", "prestatiemonitor.paths"]


def test_grote_levering_minder_kernels_vooruit(werk, monkeypatch):
    """Beside a big delivery only werkers x 2 kernels are alive at once (a waiting kernel holds
    ~150 MB); a small one lets them all start ahead. The real kernels, counted as they start and stop."""
    leveringen = werk / "raw" / str(JAAR)
    assert pipeline.kernels_tegelijk(2, leveringen) == len(pipeline.STAPPEN)
    monkeypatch.setattr(pipeline, "GROOT_MB", 0)
    assert pipeline.kernels_tegelijk(2, leveringen) == 4
    levend = {"nu": 0, "max": 0}

    class Geteld(pipeline.Kernel):
        def __init__(self, *a, **k):
            levend["nu"] += 1  # counted from the start: a starting kernel holds memory too
            levend["max"] = max(levend["max"], levend["nu"])
            super().__init__(*a, **k)

        def sluit(self):
            levend["nu"] -= 1
            super().sluit()

    monkeypatch.setattr(pipeline, "Kernel", Geteld)
    _run(werk, werkers=2, opnieuw=True)
    assert 2 <= levend["max"] <= 4  # without the limit, 6 or 7 are alive while 00_opschonen runs
