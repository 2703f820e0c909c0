"""Demo generator: deterministic, marked synthetic, consistent between years, valid."""

from __future__ import annotations

import hashlib
import time

import pandas as pd
import pytest

from prestatiemonitor.demo import jaargegevens, write_demo
from prestatiemonitor.readers import DEMO_MARKER
from prestatiemonitor.validation import validate_year


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    start = time.perf_counter()
    write_demo(2026, root)
    assert time.perf_counter() - start < 6
    write_demo(2027, root)
    return root


def _csv_hashes(map_):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(map_.rglob("*.csv"))}


def test_deterministic(demo_root, tmp_path):
    write_demo(2026, tmp_path)
    assert _csv_hashes(tmp_path / "2026") == _csv_hashes(demo_root / "2026")


def test_als_leeg_leaves_existing_delivery(demo_root):
    assert write_demo(2026, demo_root, als_leeg=True) == []


def test_every_file_is_marked_synthetic(demo_root):
    from openpyxl import load_workbook

    jaar = demo_root / "2026"
    assert "SYNTHETISCHE DEMODATA" in (jaar / "LEESMIJ.txt").read_text(encoding="utf-8")
    for p in jaar.rglob("*.csv"):
        eerste = p.read_bytes().decode("utf-8-sig" if "vidomes" in str(p) else "cp1252").splitlines()[0]
        assert DEMO_MARKER in eerste, p
    for p in jaar.rglob("*.xlsx"):
        wb = load_workbook(p, read_only=True)
        for ws in wb.worksheets:
            assert next(ws.iter_rows(max_row=1, values_only=True))[0] == DEMO_MARKER, (p, ws.title)
        wb.close()


@pytest.mark.parametrize("jaar", [2026, 2027])
def test_demo_validates_without_errors(demo_root, jaar):
    rapport = validate_year(jaar, demo_root)
    assert rapport.ok, rapport.tekst()


def test_world_sizes_and_agreement_hooks():
    g = jaargegevens(2026)
    assert 8300 <= len(g.begin["WoonInvest"]) <= 8700 and 1900 <= len(g.begin["Vidomes"]) <= 2100
    verh = pd.DataFrame(g.verhuringen["WoonInvest"] + g.verhuringen["Vidomes"])
    assert 400 <= len(verh) <= 560
    assert (verh.doelgroep == "statushouder").sum() >= 50
    assert (verh.doelgroep.isin(["convenant", "noodwoning"])).sum() >= 35
    assert (verh.doelgroep == "noodwoning").sum() == 4
    assert 1 <= (verh.doelgroep == "niet_daeb_pilot").sum() <= 4
    assert (verh.datum_ingang == pd.Timestamp(2026, 12, 31).date()).sum() >= 1
    jong = [w for c in g.begin.values() for w in c if w["jongeren"]]
    assert len(jong) == 171 and len({(w["complex_id"]) for w in jong}) == 4
    complexen = [c for lijst in g.complexen_55.values() for c in lijst]
    assert sum(c["collectieve_aanpassingen"] for c in complexen) / len(complexen) >= 0.8


def test_years_are_consistent_and_mutations_rise():
    g26, g27 = jaargegevens(2026), jaargegevens(2027)
    for corp in ("WoonInvest", "Vidomes"):
        assert g27.begin[corp] == g26.eind[corp]
    n26 = sum(len(v) for v in g26.verhuringen.values())
    n27 = sum(len(v) for v in g27.verhuringen.values())
    assert n27 > n26
    st27 = sum(v["doelgroep"] == "statushouder" for lijst in g27.verhuringen.values() for v in lijst)
    assert st27 > 50


def test_energy_labels_efg_decrease():
    def aandeel(stand):
        alle = [w for lijst in stand.values() for w in lijst]
        return sum(w["energielabel"] in "EFG" for w in alle) / len(alle)

    g = jaargegevens(2027)
    assert aandeel(g.eind) < aandeel(g.begin)


def test_year_out_of_range():
    with pytest.raises(ValueError):
        jaargegevens(2030)
