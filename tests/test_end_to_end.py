"""End to end: the real pipeline (papermill, kernel, pandoc, Typst) on the synthetic demo year,
checked against figures this test computes itself straight from the raw delivery files,
without the project's readers or cleaning code."""

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from prestatiemonitor import paths
from prestatiemonitor.demo import write_demo
from prestatiemonitor.pipeline import Uitvoer, run

JAAR = 2026
GRENZEN = {  # data/reference/grenzen.csv 2026, typed in on purpose: an independent check
    "kwaliteitskortingsgrens": 498.20, "aftoppingsgrens_laag": 713.02,
    "aftoppingsgrens_hoog": 764.14, "huurprijsgrens_daeb": 932.93,
}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    write_demo(JAAR, root / "raw")
    uitvoer = run(JAAR, raw_root=root / "raw", uitvoer=Uitvoer(root / "processed" / str(JAAR), root / "report" / str(JAAR)),
                  voortgang=False)
    return root, uitvoer


def _huren_vidomes(raw: Path) -> pd.Series:
    tekst = (raw / "vidomes" / f"voorraad_{JAAR}.csv").read_text(encoding="utf-8-sig")
    regels = [r for r in tekst.splitlines() if not r.startswith("#")]
    rijen = list(csv.DictReader(io.StringIO("\n".join(regels)), delimiter=";"))
    eind = [r for r in rijen if r["Peildatum"].strip() == f"31-12-{JAAR}"]
    return pd.Series([float(r["Kale huur"].replace(".", "").replace(",", ".")) for r in eind])


def _huren_wooninvest(raw: Path) -> pd.Series:
    blad = openpyxl.load_workbook(raw / "wooninvest" / f"wooninvest_{JAAR}.xlsx", read_only=True)["Voorraad"]
    rijen = list(blad.iter_rows(values_only=True))
    kop = next(i for i, r in enumerate(rijen) if r and r[0] == "peildatum")
    k = dict(zip(rijen[kop], range(len(rijen[kop]))))
    return pd.Series([r[k["netto_huur"]] for r in rijen[kop + 1:]
                      if r and isinstance(r[0], dt.datetime) and r[0].date() == dt.date(JAAR, 12, 31)])


def test_huurklassen_gelijk_aan_onafhankelijke_berekening(demo_run):
    root, uitvoer = demo_run
    raw = root / "raw" / str(JAAR)
    huren = {"Vidomes": _huren_vidomes(raw), "WoonInvest": _huren_wooninvest(raw)}
    huren["totaal"] = pd.concat(huren.values(), ignore_index=True)
    assert 1500 < len(huren["Vidomes"]) < 2500 and 8000 < len(huren["WoonInvest"]) < 9500

    ind = pd.read_csv(uitvoer.processed / "indicatoren.csv", dtype={"afspraak": str})
    ind = ind[ind["afspraak"] == "2.2.3"].set_index(["indicator", "corporatie"])
    for corporatie, reeks in huren.items():
        for grens, bedrag in GRENZEN.items():
            rij = ind.loc[(f"aandeel_tot_{grens}", corporatie)]
            assert rij["teller"] == (reeks <= bedrag).sum(), (corporatie, grens)
            assert rij["noemer"] == len(reeks)
            assert rij["waarde"] == pytest.approx((reeks <= bedrag).mean(), abs=1e-6)


def test_rapport_en_controlespoor_gepubliceerd(demo_run):
    _, uitvoer = demo_run
    html = uitvoer.report / f"prestatiemonitor-{JAAR}.html"
    pdf = uitvoer.report / f"prestatiemonitor-{JAAR}.pdf"
    assert html.stat().st_size > 10_000 and pdf.read_bytes()[:5] == b"%PDF-"
    uitgevoerd = sorted(p.stem for p in uitvoer.notebooks.glob("*.ipynb"))
    assert uitgevoerd == sorted(__import__("prestatiemonitor.pipeline").pipeline.NOTEBOOKS)
    assert (uitvoer.processed / "scorekaart.csv").exists()
    assert not list(uitvoer.report.parent.glob(".staging-*")), "staging left behind"


def test_kapotte_levering_stopt_zonder_traceback_en_zonder_uitvoer(tmp_path):
    """The CLI as the analyst uses it: a damaged delivery gives a Dutch message, exit 1, no output."""
    write_demo(JAAR, tmp_path / "raw")
    voorraad = tmp_path / "raw" / str(JAAR) / "vidomes" / f"voorraad_{JAAR}.csv"
    origineel = voorraad.read_text(encoding="utf-8-sig")
    beschadigd = origineel.replace(";811,76;", ";achthonderd;", 1)
    assert beschadigd != origineel
    voorraad.write_text(beschadigd, encoding="utf-8-sig")
    env = {"PRESTATIEMONITOR_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "prestatiemonitor.cli", "run", str(JAAR), "--zonder-rapport"],
                          capture_output=True, text=True, env=env, cwd=paths.ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "voorraad_2026.csv" in proc.stderr and "achthonderd" in proc.stderr and "Kale huur" in proc.stderr
    assert not (tmp_path / "processed").exists()
