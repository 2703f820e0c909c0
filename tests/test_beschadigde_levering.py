"""A damaged copy of the demo delivery gets one complete, correct Dutch list of its problems,
and a run on it leaves data/processed/<jaar>/ and report/<jaar>/ exactly as they were."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from prestatiemonitor import paths
from prestatiemonitor.demo import write_demo
from prestatiemonitor.validation import FOUT, validate_year

JAAR = 2026
CLI = [sys.executable, "-m", "prestatiemonitor.cli"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "raw"
    write_demo(JAAR, root)
    return root


def _csv(root: Path, naam: str) -> tuple[Path, list[str]]:
    pad = root / str(JAAR) / "vidomes" / f"{naam}_{JAAR}.csv"
    return pad, pad.read_text(encoding="utf-8-sig").split("\n")


def _schrijf(pad: Path, regels: list[str]) -> None:
    pad.write_text("\n".join(regels), encoding="utf-8-sig")


def beschadig(root: Path) -> set[tuple[str, int | None, str, str]]:
    """Six kinds of damage at once; returns the expected fouten as (bestand, rij, kolom, regel-fragment).
    Row numbers are 1-based file lines (the demo CSVs start with the marker line, header on line 2)."""
    verwacht = set()

    # 1. a missing column: Vidomes huurachterstand without 'Ontruimingen uitgevoerd'
    pad, regels = _csv(root, "huurachterstand")
    kop = regels[1].split(";")
    i = kop.index("Ontruimingen uitgevoerd")
    regels = [";".join(c for j, c in enumerate(r.split(";")) if j != i) if n >= 1 and r else r for n, r in enumerate(regels)]
    _schrijf(pad, regels)
    verwacht.add(("huurachterstand_2026.csv", None, "Ontruimingen uitgevoerd", "verplichte kolom ontbreekt"))

    # 2, 3, 6 in Vidomes verhuringen: text in a number column, an unknown doelgroep, a date outside the year
    pad, regels = _csv(root, "verhuringen")
    kop = regels[1].split(";")
    kol = {naam: kop.index(naam) for naam in ("Kale huur", "Doelgroep", "Ingangsdatum")}
    data = [n for n in range(2, len(regels)) if regels[n]]
    q1 = [n for n in data if regels[n].split(";")[kol["Ingangsdatum"]][3:5] in ("01", "02", "03")]
    assert len(q1) >= 2, "demo has lettings in Q1"
    for n, kolom, nieuw in ((data[-1], "Kale huur", "zeshonderd"), (data[-2], "Doelgroep", "Vluchteling"),
                            (q1[0], "Ingangsdatum", None)):
        cellen = regels[n].split(";")
        if nieuw is None:  # same day and month in 2025: the letting stays in its quarter (no knock-on findings)
            nieuw = cellen[kol[kolom]][:6] + str(JAAR - 1)
        cellen[kol[kolom]] = nieuw
        regels[n] = ";".join(cellen)
    _schrijf(pad, regels)
    verwacht |= {("verhuringen_2026.csv", data[-1] + 1, "Kale huur", "geen getal"),
                 ("verhuringen_2026.csv", data[-2] + 1, "Doelgroep", "onbekende code"),
                 ("verhuringen_2026.csv", q1[0] + 1, "Ingangsdatum", "datum valt buiten 2026")}

    # 4. a duplicate VHE-nummer in the stock: row 4 (peildatum 1 januari) gets the number of row 3
    pad, regels = _csv(root, "voorraad")
    kop = regels[1].split(";")
    v = kop.index("VHE-nummer")
    eerste, tweede = regels[2].split(";"), regels[3].split(";")
    assert eerste[0] == tweede[0] == f"01-01-{JAAR}"
    tweede[v] = eerste[v]
    regels[3] = ";".join(tweede)
    _schrijf(pad, regels)
    verwacht |= {("voorraad_2026.csv", 3, "Peildatum, VHE-nummer", "dubbele sleutel"),
                 ("voorraad_2026.csv", 4, "Peildatum, VHE-nummer", "dubbele sleutel")}

    # 5. a WoonInvest letting of a unit that is not in the stock
    pad = root / str(JAAR) / "wooninvest" / f"wooninvest_{JAAR}.xlsx"
    wb = load_workbook(pad)
    ws = wb["Verhuringen"]
    kopregel = next(r[0].row for r in ws.iter_rows() if r[0].value == "eenheid_nr")
    ws.cell(kopregel + 1, 1).value = 999999
    wb.save(pad)
    verwacht.add(("wooninvest_2026.xlsx!Verhuringen", kopregel + 1, "eenheid_nr", "staat niet in de voorraad"))
    return verwacht


@pytest.fixture(scope="module")
def beschadigd(demo, tmp_path_factory):
    root = tmp_path_factory.mktemp("kapot") / "raw"
    shutil.copytree(demo, root)
    return root, beschadig(root)


def _past(b, verwacht) -> bool:
    bestand, rij, kolom, regel = verwacht
    return b.bestand == bestand and b.rij == rij and b.kolom == kolom and regel in b.regel


def test_demo_copy_is_clean_before_damage(demo):
    assert validate_year(JAAR, demo).ok


def test_one_run_lists_every_problem_exactly(beschadigd):
    root, verwacht = beschadigd
    rapport = validate_year(JAAR, root)
    for v in verwacht:
        assert any(_past(b, v) for b in rapport.fouten), (v, rapport.tekst())
    # complete AND correct: no fout that is not one of the damages
    vreemd = [b for b in rapport.fouten if not any(_past(b, v) for v in verwacht)]
    assert vreemd == [], rapport.tekst()
    assert all(b.ernst == FOUT and b.suggestie for b in rapport.fouten)
    tekst = rapport.tekst()
    assert tekst.startswith(f"Validatie levering {JAAR}: {len(verwacht)} fout(en)")
    for partij_bestand in ("Vidomes — verhuringen_2026.csv", "Vidomes — voorraad_2026.csv",
                           "Vidomes — huurachterstand_2026.csv", "WoonInvest — wooninvest_2026.xlsx!Verhuringen"):
        assert partij_bestand in tekst


def test_cli_validate_lists_them_and_writes_per_partij(beschadigd, tmp_path):
    root, verwacht = beschadigd
    uit = tmp_path / "validatie"
    env = {**os.environ, "PRESTATIEMONITOR_DATA": str(root.parent)}
    proc = subprocess.run([*CLI, "validate", str(JAAR), "--uitvoer", str(uit)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{len(verwacht)} fout(en)" in proc.stdout
    for _, rij, kolom, regel in verwacht:
        assert regel in proc.stdout and f"kolom '{kolom}'" in proc.stdout
        if rij is not None:
            assert f"rij {rij}, kolom '{kolom}'" in proc.stdout
    vid = load_workbook(uit / "vidomes.xlsx")["Bevindingen"]
    rijen = {(r[1], r[2], r[3]) for r in vid.iter_rows(min_row=6, values_only=True) if r[0] == "fout"}
    assert rijen == {(b, r, k) for b, r, k, _ in verwacht if not b.startswith("wooninvest")}
    assert "staat niet in de voorraad" in (uit / "wooninvest.html").read_text(encoding="utf-8")
    assert "geen fouten" in (uit / "gemeente.html").read_text(encoding="utf-8")


def _hash(map_: Path) -> str:
    if not map_.exists():
        return "afwezig"
    h = hashlib.sha256()
    for p in sorted(map_.rglob("*")):
        h.update(str(p.relative_to(map_)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def test_run_on_damaged_delivery_changes_nothing(tmp_path):
    """`prestatiemonitor run` validates before it writes: processed and report stay byte-identical.

    Year 2029 (the last year of the agreement): the run publishes to the repository's report/<jaar>/,
    and other runs of 2026/2027 in the same tree must not make this test flaky."""
    jaar = 2029
    data = tmp_path / "data"
    write_demo(jaar, data / "raw")
    pad = data / "raw" / str(jaar) / "vidomes" / f"verhuringen_{jaar}.csv"
    regels = pad.read_text(encoding="utf-8-sig").split("\n")
    cellen = regels[2].split(";")
    cellen[2] = "zeshonderd"  # Kale huur
    regels[2] = ";".join(cellen)
    pad.write_text("\n".join(regels), encoding="utf-8-sig")
    processed = data / "processed" / str(jaar)
    processed.mkdir(parents=True)
    (processed / "indicatoren.csv").write_text("vorige versie\n", encoding="utf-8")
    report = paths.report_dir(jaar)
    voor = (_hash(processed), _hash(report), _hash(data / "raw"))
    env = {**os.environ, "PRESTATIEMONITOR_DATA": str(data)}
    proc = subprocess.run([*CLI, "run", str(jaar), "--zonder-rapport"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "voldoen niet aan het datacontract" in proc.stderr
    assert f"verhuringen_{jaar}.csv" in proc.stderr and "rij 3, kolom 'Kale huur', waarde 'zeshonderd'" in proc.stderr
    assert (_hash(processed), _hash(report), _hash(data / "raw")) == voor
    assert sorted(p.name for p in processed.iterdir()) == ["indicatoren.csv"]
