"""`prestatiemonitor verify`: a real rerun of the demo year into a temporary folder, compared byte
for byte with the published outputs (here: a copy of the shared demo run, so tests may change it)."""

import shutil

import pytest

from prestatiemonitor import cli, paths
from prestatiemonitor.verify import verifieer


@pytest.fixture
def gepubliceerd(demo_runs, tmp_path, monkeypatch):
    """A private copy of the demo data root, set up as the published data of the CLI."""
    root = tmp_path / "data"
    shutil.copytree(demo_runs.root, root, symlinks=True)
    monkeypatch.setattr(paths, "RAW", root / "raw")
    monkeypatch.setattr(paths, "PROCESSED", root / "processed")
    monkeypatch.setattr(paths, "REPORT", root / "report")
    monkeypatch.setenv("PRESTATIEMONITOR_DATA", str(root))
    return root


def _inhoud(map_):
    return {p.relative_to(map_): (p.stat().st_mtime_ns, p.read_bytes()) for p in map_.rglob("*") if p.is_file()}


def test_identieke_herhaling_geeft_0_en_raakt_niets_aan(gepubliceerd, capsys):
    voor = _inhoud(gepubliceerd)
    assert cli.main(["verify", "2026"]) == 0
    uit = capsys.readouterr().out
    assert "Controle 2026 geslaagd" in uit
    assert _inhoud(gepubliceerd) == voor  # published outputs (and raw data) untouched


def test_gewijzigde_waarde_wordt_genoemd(gepubliceerd, capsys):
    pad = gepubliceerd / "processed" / "2026" / "indicatoren.csv"
    regels = pad.read_text().splitlines(keepends=True)
    velden = regels[1].split(",")  # jaar,afspraak,indicator,corporatie,waarde,...
    oud = velden[4]
    velden[4] = "0.123456"
    regels[1] = ",".join(velden)
    pad.write_text("".join(regels))
    assert cli.main(["verify", "2026"]) == 1
    uit = capsys.readouterr().out
    assert "data/processed/2026/indicatoren.csv: verschilt" in uit
    assert f"indicator {velden[2]} ({velden[1]}, {velden[3]}): van '0.123456' naar '{oud}'" in uit
    assert "Controle 2026 NIET geslaagd" in uit
    assert "report/2026" not in uit.replace("report/2026/ (", "")  # nothing else differs


def test_gewijzigde_levering_wordt_genoemd(gepubliceerd):
    pad = gepubliceerd / "raw" / "2026" / "vidomes" / "huurachterstand_2026.csv"
    tekst = pad.read_text(encoding="utf-8-sig")
    assert "\nQ1;60;" in tekst
    pad.write_text(tekst.replace("\nQ1;60;", "\nQ1;61;"), encoding="utf-8-sig")
    verslag = verifieer(2026, voortgang=False)
    assert not verslag.ok
    assert len(verslag.ruw) == 1 and verslag.ruw[0].startswith("2026/vidomes/huurachterstand_2026.csv: inhoud gewijzigd")
    assert "data/processed/2026/huurachterstand.parquet: verschilt" in verslag.verschillen
    assert "2026/vidomes/huurachterstand_2026.csv" in verslag.tekst()
