"""Cleaning: harmonised tables, traceability, rejects, counts and byte-identical Parquet."""

from __future__ import annotations

import pandas as pd
import pytest
from test_validation import JAAR, _vervang, mini_levering

from prestatiemonitor.clean import clean_year
from prestatiemonitor.contract import load_contract
from prestatiemonitor.validation import Leveringsfout

TABELLEN = ["voorraad", "verhuringen", "vrijkomend", "voorraadmutaties", "huurachterstand", "complexen_55plus",
            "gemeente_kengetallen", "mijlpalen", "rejects"]


@pytest.fixture
def levering(tmp_path):
    root = mini_levering(tmp_path / "raw")
    _vervang(root, "vrijkomend", "Q4;55+ woning;1\n", "Q4;55+ woning;1\nTotaal;;2\n")
    return root


def test_writes_every_table_with_contract_columns(levering, tmp_path):
    out = tmp_path / "out"
    tabellen = clean_year(JAAR, levering, out)
    assert sorted(tabellen) == sorted(TABELLEN)
    for naam in TABELLEN:
        assert (out / f"{naam}.parquet").exists()
    contract = load_contract()
    for naam, tabel in contract.tabellen.items():
        gelezen = pd.read_parquet(out / f"{naam}.parquet")
        assert list(gelezen.columns) == list(tabel.kolommen) + ["bron_bestand", "bron_rij"]
    assert list(tabellen["rejects"].columns) == ["partij", "bestand", "rij", "kolom", "waarde", "regel"]


def test_harmonised_values(levering, tmp_path):
    t = clean_year(JAAR, levering, tmp_path / "out")
    verh = t["verhuringen"]
    assert set(verh.corporatie) == {"Vidomes", "WoonInvest"}
    rij = verh[(verh.corporatie == "Vidomes") & (verh.vhe_id == "4000001")].iloc[0]
    assert rij.doelgroep == "statushouder" and rij.inkomen == 23456.0 and rij.kale_huur == 612.4
    assert rij.bron_bestand == "verhuringen_2026.csv" and rij.bron_rij == 3
    assert rij.datum_ingang == pd.Timestamp(2026, 3, 1)
    wi = verh[verh.corporatie == "WoonInvest"].set_index("vhe_id")
    assert wi.loc["100003", "nieuwbouw"] and wi.loc["100003", "doelgroep"] == "regulier"
    assert wi.loc["100002", "bron_bestand"] == "wooninvest_2026.xlsx!Verhuringen" and wi.loc["100002", "bron_rij"] == 5
    voorraad = t["voorraad"]
    assert voorraad.loc[voorraad.vhe_id == "100003", "peildatum"].iloc[0] == pd.Timestamp(2026, 12, 31)
    assert voorraad.energie_index.isna().sum() == 4
    assert voorraad.daeb.dtype == bool and voorraad.bouwjaar.dtype == "int64"
    assert set(t["vrijkomend"].kwartaal) == {1, 2, 3, 4}
    kg = t["gemeente_kengetallen"]
    assert set(kg.kengetal) == {"flatcoach_aantal", "flatcoach_bijdrage"} and set(kg.partij) == {"gemeente", "Vidomes"}
    mp = t["mijlpalen"].set_index("afspraak_id")
    assert mp.loc["1.1.2-1", "gereed_op"] == pd.Timestamp(2026, 9, 22) and pd.isna(mp.loc["1.3.2-30", "gereed_op"])
    assert mp.loc["1.3.2-30", "toelichting"] == "café-overleg"


def test_every_row_used_or_rejected(levering, tmp_path):
    out = tmp_path / "out"
    t = clean_year(JAAR, levering, out)
    telling = pd.read_csv(out / "telling.csv")
    assert list(telling.columns) == ["partij", "bestand", "gelezen", "gebruikt", "afgewezen"]
    assert (telling.gelezen == telling.gebruikt + telling.afgewezen).all()
    rij = telling[telling.bestand == "vrijkomend_2026.csv"].iloc[0]
    assert (rij.gelezen, rij.gebruikt, rij.afgewezen) == (5, 4, 1)
    rejects = t["rejects"]
    assert rejects.to_dict("records") == [{"partij": "Vidomes", "bestand": "vrijkomend_2026.csv", "rij": 7,
                                           "kolom": None, "waarde": "Totaal", "regel": "totaalregel, geen gegevensregel"}] or (
        len(rejects) == 1 and rejects.iloc[0].rij == 7 and rejects.iloc[0].waarde == "Totaal")
    gebruikt = {}
    for naam, frame in t.items():
        if naam != "rejects":
            for bestand, n in frame.groupby("bron_bestand").size().items():
                gebruikt[bestand] = n
    assert gebruikt == dict(zip(telling.bestand, telling.gebruikt))


def test_parquet_byte_identical_on_rerun(levering, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    clean_year(JAAR, levering, a)
    clean_year(JAAR, levering, b)
    for pad in sorted(a.iterdir()):
        assert pad.read_bytes() == (b / pad.name).read_bytes(), pad.name


def test_errors_raise_leveringsfout_and_write_nothing(levering, tmp_path):
    _vervang(levering, "verhuringen", "612,40", "abc")
    out = tmp_path / "out"
    with pytest.raises(Leveringsfout) as exc:
        clean_year(JAAR, levering, out)
    assert "geen getal" in str(exc.value) and "verhuringen_2026.csv" in str(exc.value)
    assert not exc.value.rapport.ok
    assert not out.exists()


def test_demo_year_end_to_end_is_deterministic(tmp_path):
    from prestatiemonitor.demo import write_demo

    raw = tmp_path / "raw"
    write_demo(2026, raw)
    a = clean_year(2026, raw, tmp_path / "a")
    clean_year(2026, raw, tmp_path / "b")
    for naam in TABELLEN:
        assert (tmp_path / "a" / f"{naam}.parquet").read_bytes() == (tmp_path / "b" / f"{naam}.parquet").read_bytes()
    assert len(a["voorraad"]) > 20000
    assert len(a["rejects"]) == 2


def test_telling_tekst_per_file(levering, tmp_path):
    from prestatiemonitor.clean import telling_tekst

    out = tmp_path / "out"
    clean_year(JAAR, levering, out)
    tekst = telling_tekst(out)
    regels = tekst.splitlines()
    assert regels[0].startswith("Regels per bestand:") and "1 afgewezen" in regels[0]
    vrij = next(r for r in regels if "vrijkomend_2026.csv" in r)
    assert vrij.split() == ["Vidomes", "—", "vrijkomend_2026.csv", "5", "gelezen", "4", "gebruikt", "1", "afgewezen"]
    assert len(regels) == 1 + 14  # 6 Vidomes files, 6 WoonInvest sheets, 2 gemeente files
    assert "ontbreekt" in telling_tekst(tmp_path / "leeg")


def test_lost_row_is_detected(levering, tmp_path):
    from prestatiemonitor.clean import Telfout, harmoniseer, schrijf
    from prestatiemonitor.validation import beoordeel_levering

    rapport, resultaten = beoordeel_levering(JAAR, levering)
    tabellen = harmoniseer(resultaten)
    tabellen["mijlpalen"] = tabellen["mijlpalen"].iloc[1:]  # a row silently dropped
    with pytest.raises(Telfout, match="mijlpalen_2026.csv: 2 gelezen, 1 in de tabellen"):
        schrijf(tabellen, rapport, tmp_path / "out")
    assert not (tmp_path / "out").exists()
