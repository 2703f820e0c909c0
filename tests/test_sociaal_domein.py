"""Theme 1 (notebook 10_sociaal_domein), run for real with papermill on a small hand-made processed
data set; every expected value is worked out by hand in the comments. Then the status evaluation
on those rows, and the notebook's coverage of the catalogue on the demo run."""

from __future__ import annotations

import json

import pandas as pd
import papermill as pm
import pytest
import yaml

from prestatiemonitor import paths, register as reg, status
from prestatiemonitor.contract import load_contract

JAAR = 2026
NOTEBOOK = "10_sociaal_domein"
D31 = pd.Timestamp(JAAR, 12, 31)


def _woning(corporatie, vhe, jongeren):
    return {"peildatum": D31, "corporatie": corporatie, "vhe_id": vhe, "complex_id": "C1", "complex_naam": "Proef",
            "wijk": "Damsigt", "woningtype": "meergezins", "daeb": True, "label_55plus": False, "miva": False,
            "jongeren": jongeren, "kale_huur": 600.0, "energielabel": "B", "energie_index": 1.3, "bouwjaar": 1980,
            "bron_bestand": "voorraad.csv", "bron_rij": 2}


VOORRAAD = [_woning("Vidomes", "V1", True), _woning("Vidomes", "V2", True), _woning("Vidomes", "V3", False),
            _woning("WoonInvest", "W1", True)]  # jongerenwoningen: Vidomes 2, WoonInvest 1, totaal 3


def _verhuring(corporatie, vhe, datum, doelgroep, deelsegment, hh=2, nieuwbouw=False):
    return {"corporatie": corporatie, "vhe_id": vhe, "datum_ingang": pd.Timestamp(datum), "kale_huur": 650.0,
            "huishoudgrootte": hh, "inkomen": 25000.0, "aow_leeftijd": False, "doelgroep": doelgroep,
            "deelsegment": deelsegment, "nieuwbouw": nieuwbouw, "svh_conform": True,
            "bron_bestand": "verhuringen.csv", "bron_rij": 2}


VERHURINGEN = [
    _verhuring("Vidomes", "V1", "2026-01-15", "statushouder", "eengezins"),              # Q1, H1
    _verhuring("Vidomes", "V2", "2026-02-10", "convenant", "eengezins"),                 # Q1, H1
    _verhuring("Vidomes", "V3", "2026-03-05", "regulier", "eengezins"),                  # Q1: not an aandachtsgroep
    _verhuring("Vidomes", "V4", "2026-05-20", "sociaal_medisch_urgent", "meergezins"),   # Q2, H1
    _verhuring("Vidomes", "V5", "2026-08-01", "miva", "meergezins"),                     # Q3, H2: MIVA
    _verhuring("Vidomes", "V6", "2026-12-31", "statushouder", "meergezins"),             # 31 December: Q4, H2
    _verhuring("WoonInvest", "W1", "2026-04-01", "woningdelen", "meergezins"),           # Q2, H1: statushouders
    _verhuring("WoonInvest", "W2", "2026-07-15", "niet_daeb_pilot", "meergezins", hh=6),  # pilot, 6 persons
    _verhuring("WoonInvest", "W3", "2026-09-30", "noodwoning", "eengezins"),             # Q3, H2: convenant
    _verhuring("WoonInvest", "W4", "2026-10-10", "statushouder", "meergezins", nieuwbouw=True),  # new build: no
]


def _vrij(corporatie, kwartaal, deelsegment, n):
    return {"corporatie": corporatie, "kwartaal": kwartaal, "deelsegment": deelsegment, "vrijgekomen": n,
            "bron_bestand": "vrijkomend.csv", "bron_rij": 2}


VRIJKOMEND = [
    _vrij("Vidomes", 1, "eengezins", 5), _vrij("Vidomes", 2, "eengezins", 4), _vrij("Vidomes", 3, "eengezins", 3),
    _vrij("Vidomes", 4, "eengezins", 2),
    _vrij("Vidomes", 1, "meergezins", 2), _vrij("Vidomes", 2, "meergezins", 4),
    _vrij("Vidomes", 3, "meergezins", 0),  # a quarter without vacancies: no share
    _vrij("Vidomes", 4, "meergezins", 3),
    _vrij("WoonInvest", 2, "meergezins", 10), _vrij("WoonInvest", 3, "meergezins", 2),
    _vrij("WoonInvest", 3, "eengezins", 4),
]  # vrijgekomen: Vidomes 23, WoonInvest 16, totaal 39 (last year 45: no increase)


def _achterstand(kwartaal, huurders, meldingen, aangezegd, uitgevoerd):
    return {"corporatie": "Vidomes", "kwartaal": kwartaal, "huurders_met_achterstand": huurders,
            "meldingen_vroegsignalering": meldingen, "ontruimingen_aangezegd": aangezegd,
            "ontruimingen_uitgevoerd": uitgevoerd, "bron_bestand": "huurachterstand.csv", "bron_rij": 2}


# Only Vidomes delivered; WoonInvest delivered no rows at all.
HUURACHTERSTAND = [_achterstand(1, 12, 3, 1, 0), _achterstand(2, 10, 2, 0, 0), _achterstand(3, 11, 4, 2, 1),
                   _achterstand(4, 9, 1, 0, 0)]


def _complex(corporatie, cid, collectief, stalling, gereed, aangewezen=True):
    return {"corporatie": corporatie, "complex_id": cid, "complex_naam": cid, "woningen": 20,
            "collectieve_aanpassingen": collectief, "scootmobielstalling": stalling,
            "scootmobielstalling_gereed": pd.Timestamp(gereed) if gereed else pd.NaT,
            "aangewezen_scootmobielstalling": aangewezen, "bron_bestand": "complexen.csv", "bron_rij": 2}


COMPLEXEN = [_complex("Vidomes", "A", True, True, "2025-06-01"), _complex("Vidomes", "B", False, True, "2026-05-01"),
             _complex("Vidomes", "D", False, False, None, aangewezen=False),  # not designated for a stalling
             _complex("WoonInvest", "C", True, False, None)]


def _kengetal(code, periode, partij, waarde):
    return {"kengetal": code, "periode": periode, "partij": partij, "waarde": float(waarde), "eenheid": "aantal",
            "toelichting": None, "bron_bestand": "kengetallen.xlsx!Kengetallen", "bron_rij": 2}


KENGETALLEN = [
    _kengetal("flatcoach_aantal", "jaar", "gemeente", 3),  # the gemeente's own figure counts as totaal
    _kengetal("flatcoach_bijdrage", "jaar", "gemeente", 60000),
    _kengetal("flatcoach_bijdrage", "jaar", "Vidomes", 30000),  # WoonInvest's contribution not delivered
    *[_kengetal("overleg_vroegsignalering", f"Q{k}", "gemeente", n) for k, n in ((1, 3), (2, 3), (3, 3), (4, 2))],
    *[_kengetal("overleg_voorkomen_uithuiszettingen", f"Q{k}", "gemeente", 1) for k in (1, 2, 3)],  # no Q4
    _kengetal("statushouders_taakstelling", "H1", "gemeente", 30),
    _kengetal("statushouders_taakstelling", "H2", "gemeente", 35),  # -> 65
    _kengetal("noodwoningen_beschikbaar", "jaar", "totaal", 4),
    _kengetal("deelname_bijeenkomst_minimaregelingen", "jaar", "Vidomes", 1),
    _kengetal("deelname_bijeenkomst_minimaregelingen", "jaar", "WoonInvest", 0),
    _kengetal("miva_wachtlijst", "Q2", "totaal", 20),
    _kengetal("miva_wachtlijst", "Q4", "totaal", 18),  # a stand: the last quarter
    _kengetal("voorlichtingsbijeenkomsten", "jaar", "gemeente", 1),
    # woonzorgvormen_gerealiseerd and spreekuren not delivered
]

MIJLPALEN = [
    {"afspraak_id": "1.1.2-1", "omschrijving": "Uitvoeringsagenda vastgesteld", "deadline": pd.Timestamp("2026-09-30"),
     "gereed_op": pd.Timestamp("2026-09-22"), "toelichting": None, "bron_bestand": "mijlpalen.csv", "bron_rij": 2},
    # half-yearly: H1 on time, H2 not done
    {"afspraak_id": "1.3.2-20", "omschrijving": "Halfjaaropgave convenantwoningen", "deadline": pd.Timestamp("2026-06-30"),
     "gereed_op": pd.Timestamp("2026-06-20"), "toelichting": None, "bron_bestand": "mijlpalen.csv", "bron_rij": 3},
    {"afspraak_id": "1.3.2-20", "omschrijving": "Halfjaaropgave convenantwoningen", "deadline": D31,
     "gereed_op": pd.NaT, "toelichting": "nog niet gereed", "bron_bestand": "mijlpalen.csv", "bron_rij": 4},
]

VORIG_JAAR = pd.DataFrame([
    {"jaar": JAAR - 1, "afspraak": "1.3.2-19", "indicator": "vrijgekomen_woningen", "corporatie": c, "waarde": w,
     "teller": None, "noemer": None, "eenheid": "aantal", "omschrijving": "x", "notebook": NOTEBOOK}
    for c, w in (("Vidomes", 25), ("WoonInvest", 20), ("totaal", 45))
])


def _schrijf_processed(processed):
    processed.mkdir(parents=True)
    for naam, rijen in (("voorraad", VOORRAAD), ("verhuringen", VERHURINGEN), ("vrijkomend", VRIJKOMEND),
                        ("huurachterstand", HUURACHTERSTAND), ("complexen_55plus", COMPLEXEN),
                        ("gemeente_kengetallen", KENGETALLEN), ("mijlpalen", MIJLPALEN)):
        pd.DataFrame(rijen).to_parquet(processed / f"{naam}.parquet")
    # An empty table is written with its columns by 00_opschonen; do the same for none here.


def _draai(processed):
    pm.execute_notebook(str(paths.NOTEBOOKS / f"{NOTEBOOK}.ipynb"), str(processed / f"{NOTEBOOK}.ipynb"),
                        parameters={"jaar": JAAR, "processed_dir": str(processed)},
                        kernel_name="python3", progress_bar=False, cwd=str(paths.NOTEBOOKS))
    rijen = pd.read_csv(processed / "indicatoren" / f"{NOTEBOOK}.csv", dtype={"afspraak": str})
    nb = json.loads((processed / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8"))
    markdown = "\n".join("".join(o["data"]["text/markdown"]) for c in nb["cells"] if c["cell_type"] == "code"
                         for o in c.get("outputs", []) if "text/markdown" in o.get("data", {}))
    return rijen, markdown


@pytest.fixture(scope="module")
def uitkomst(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    _schrijf_processed(root / str(JAAR))
    (root / str(JAAR - 1)).mkdir()
    VORIG_JAAR.to_csv(root / str(JAAR - 1) / "indicatoren.csv", index=False)
    return _draai(root / str(JAAR))


@pytest.fixture(scope="module")
def rijen(uitkomst):
    return uitkomst[0]


@pytest.fixture(scope="module")
def scorekaart(rijen):
    return status.evalueer(reg.laad_register(), rijen, JAAR)


def waarde(df, indicator, corporatie, kolom="waarde", jaar=JAAR):
    sel = df[(df["indicator"] == indicator) & (df["corporatie"] == corporatie) & (df["jaar"] == jaar)]
    assert len(sel) == 1, f"{len(sel)} regels voor {indicator} / {corporatie}"
    return sel[kolom].iloc[0]


def heeft(df, indicator, corporatie) -> bool:
    return not df[(df["indicator"] == indicator) & (df["corporatie"] == corporatie)].empty


@pytest.mark.parametrize("indicator, corporatie, verwacht", [
    # statushouders (+ woningdelen), not new build, not the pilot: V1, V6 (31 Dec) | W1 (W4 is new build)
    ("verhuringen_statushouders", "Vidomes", 2), ("verhuringen_statushouders", "WoonInvest", 1),
    ("verhuringen_statushouders", "totaal", 3),
    ("verhuringen_statushouders_h1", "totaal", 2), ("verhuringen_statushouders_h2", "totaal", 1),
    # convenant + noodwoning: V2 (H1) | W3 (H2)
    ("verhuringen_convenant", "totaal", 2), ("verhuringen_convenant_h1", "totaal", 1),
    ("verhuringen_convenant_h2", "totaal", 1),
    # afspraak 20: H1 17,5 - 1 = 16,5; H2: (35 - 2) - 16,5 = 16,5
    ("convenant_niet_benut_h1", "totaal", 16.5), ("convenant_niet_benut_h2", "totaal", 16.5),
    ("verhuringen_niet_daeb_pilot", "WoonInvest", 1), ("verhuringen_niet_daeb_pilot", "Vidomes", 0),
    ("verhuringen_woningdelen", "WoonInvest", 1), ("verhuringen_sociaal_medisch_urgent", "Vidomes", 1),
    ("miva_verhuringen_h1", "Vidomes", 0), ("miva_verhuringen_h2", "Vidomes", 1),
    ("jongerenwoningen", "Vidomes", 2), ("jongerenwoningen", "totaal", 3),
    ("vrijgekomen_woningen", "Vidomes", 23), ("vrijgekomen_woningen", "totaal", 39),
    # huurachterstand, Vidomes only: Q4 stand 9; sums 10, 3, 1
    ("huurders_met_achterstand", "Vidomes", 9), ("meldingen_vroegsignalering", "Vidomes", 10),
    ("ontruimingen_aangezegd", "Vidomes", 3), ("ontruimingen_uitgevoerd", "Vidomes", 1),
    # kengetallen
    ("flatcoach_aantal", "totaal", 3), ("flatcoach_bijdrage", "gemeente", 60000),
    ("flatcoach_bijdrage", "Vidomes", 30000), ("overleg_vroegsignalering", "totaal", 11),
    ("statushouders_taakstelling", "totaal", 65), ("noodwoningen_beschikbaar", "totaal", 4),
    ("deelname_bijeenkomst_minimaregelingen", "WoonInvest", 0), ("miva_wachtlijst", "totaal", 18),
    # 55+: stalling on 31 Dec Vidomes A and B (2 of 3 complexes); on 1 Jan only A (B ready in May)
    ("complexen_55plus_scootmobielstalling", "Vidomes", 2),
    ("aandeel_complexen_55plus_scootmobielstalling_1jan", "Vidomes", pytest.approx(1 / 3, abs=1e-6)),
    ("aandeel_complexen_55plus_collectief", "totaal", pytest.approx(2 / 4, abs=1e-6)),
    # designated for a stalling: Vidomes A and B (both have one), not D; WoonInvest C (none yet)
    ("aandeel_aangewezen_complexen_scootmobielstalling", "Vidomes", 1.0),
    ("aandeel_aangewezen_complexen_scootmobielstalling", "totaal", pytest.approx(2 / 3, abs=1e-6)),
    # afspraak 28: the month of the first woningdelen letting (W1, 1 April) as its last day
    ("woningdelen_eerste_verhuring", "totaal", 20260430),
    # persons: V1, V6 statushouder (2 each), W1 woningdelen (2), W2 pilot (6), W4 new build statushouder (2)
    ("statushouders_gehuisvest_personen", "Vidomes", 4), ("statushouders_gehuisvest_personen", "totaal", 14),
])
def test_waarden(rijen, indicator, corporatie, verwacht):
    assert waarde(rijen, indicator, corporatie) == verwacht


@pytest.mark.parametrize("indicator, corporatie, teller, noemer", [
    # Vidomes eengezins Q1: V1 statushouder + V2 convenant (V3 regulier not) of 5 vacancies
    ("aandeel_aandachtsgroepen_eengezins_q1", "Vidomes", 2, 5),
    # the test of afspraak 16: the whole year per deelsegment (eengezins 2 of 5+4+3+2, meergezins 2 of 2+4+0+3)
    ("aandeel_aandachtsgroepen_eengezins", "Vidomes", 2, 14), ("aandeel_aandachtsgroepen_meergezins", "Vidomes", 2, 9),
    ("aandeel_aandachtsgroepen_eengezins", "WoonInvest", 1, 4),
    ("aandeel_aandachtsgroepen_meergezins_q2", "Vidomes", 1, 4),   # V4 sociaal-medisch urgent
    ("aandeel_aandachtsgroepen_meergezins_q4", "Vidomes", 1, 3),   # V6 on 31 December
    ("aandeel_aandachtsgroepen_meergezins_q2", "WoonInvest", 1, 10),
    ("aandeel_aandachtsgroepen_meergezins_q3", "WoonInvest", 0, 2),  # the pilot letting does not count
    ("aandeel_aandachtsgroepen_meergezins_q3", "totaal", 0, 2),
    ("aandeel_aandachtsgroepen", "Vidomes", 4, 23), ("aandeel_aandachtsgroepen", "totaal", 6, 39),
])
def test_aandeel_aandachtsgroepen(rijen, indicator, corporatie, teller, noemer):
    assert waarde(rijen, indicator, corporatie, "teller") == teller
    assert waarde(rijen, indicator, corporatie, "noemer") == noemer
    assert waarde(rijen, indicator, corporatie) == pytest.approx(teller / noemer, abs=1e-6)


def test_geen_aandeel_zonder_vrijgekomen_woningen(rijen):
    # Vidomes meergezins Q3: 0 vacancies (the MIVA letting V5 is there); WoonInvest delivered no Q1 rows.
    assert not heeft(rijen, "aandeel_aandachtsgroepen_meergezins_q3", "Vidomes")
    assert not heeft(rijen, "aandeel_aandachtsgroepen_eengezins_q1", "WoonInvest")


def test_ontbrekende_levering_geeft_geen_regel(rijen):
    # WoonInvest delivered no huurachterstand: no WoonInvest row and no (half) total.
    for indicator in ("ontruimingen_aangezegd", "huurders_met_achterstand", "meldingen_vroegsignalering"):
        assert not heeft(rijen, indicator, "WoonInvest") and not heeft(rijen, indicator, "totaal")
    assert not heeft(rijen, "overleg_voorkomen_uithuiszettingen", "totaal")  # Q4 missing
    assert not heeft(rijen, "woonzorgvormen_gerealiseerd", "totaal")
    assert not heeft(rijen, "flatcoach_bijdrage", "WoonInvest")


def test_mijlpalen_en_vorig_jaar(rijen):
    m = rijen[rijen["indicator"] == "mijlpaal_gereed_op"].set_index("afspraak")["waarde"]
    # a half-yearly milestone is recorded per half year, from the deadline the gemeente gave the row
    assert m["1.1.2-1"] == 20260922 and m["1.3.2-20 H1"] == 20260620 and pd.isna(m["1.3.2-20 H2"])
    assert waarde(rijen, "vrijgekomen_woningen", "totaal", jaar=JAAR - 1) == 45
    assert set(rijen["indicator"]) <= set(reg.laad_indicatoren().index)


@pytest.mark.parametrize("afspraak, corporatie, verwacht", [
    # quarters above 30% (eengezins Q1 40%, meergezins Q4 33,3%) do not decide; the year per deelsegment
    # is at most 22,2% (meergezins 2 of 9)
    ("1.3.2-16", "Vidomes", "behaald"),
    ("1.3.2-16", "WoonInvest", "behaald"),       # highest 25% (eengezins 1 of 4)
    ("1.3.2-17", "", "niet behaald"),            # 2 of 35
    ("1.3.2-19", "", "gevolgd"),                 # 39 vacated < 45 last year: no requirement this year
    ("1.3.2-21", "", "behaald"),                 # 4 noodwoningen
    ("1.3.2-23", "WoonInvest", "behaald"),       # 1 pilot home, range 1-4
    ("1.2.2-10", "", "geen gegevens"),           # no total: WoonInvest did not deliver
    ("1.2.2-12", "Vidomes", "gevolgd"),          # no number in the text
    ("1.2.2-12", "WoonInvest", "geen gegevens"),
    ("1.2.2-11", "", "geen gegevens"),           # kwartaaloverleg Q4 missing
    ("1.2.2-13", "WoonInvest", "niet behaald"),  # did not attend
    ("1.1.2-1", "", "behaald"),                  # 22 September, deadline 30 September
    ("1.3.2-20", "", "niet behaald"),            # H1 on time, H2 not done
    ("1.1.2-7", "", "geen gegevens"),            # woonzorgvormen not delivered
    ("1.1.2-6", "Vidomes", "gevolgd"),           # an effort: followed, not judged
])
def test_status(scorekaart, afspraak, corporatie, verwacht):
    rij = scorekaart[(scorekaart["id"] == afspraak) & (scorekaart["corporatie"] == corporatie)]
    assert len(rij) == 1
    assert rij["status"].iloc[0] == verwacht, rij["toelichting"].iloc[0]


def test_afspraak_19_zonder_toename_geen_eis(scorekaart):
    rij = scorekaart[scorekaart["id"] == "1.3.2-19"].iloc[0]
    assert rij["norm"] == "geen eis (geen toename van mutaties)"
    assert "Geen toename van mutaties" in rij["toelichting"] and "2025: 45" in rij["toelichting"]


def test_rapport_toont_gevoelige_aantallen_afgeschermd(uitkomst):
    _, markdown = uitkomst
    regel = next(r for r in markdown.splitlines() if r.startswith("| Aangezegde ontruimingen"))
    assert "&lt; 10" in regel and "3" not in regel
    assert "In 2026 kwamen 39 woningen vrij, in 2025 45" in markdown
    assert "dat telt niet mee voor het oordeel" in markdown  # quarters above 30% are shown, not deciding


def test_zonder_vorig_jaar_staat_dat_in_de_tekst(tmp_path):
    rijen, markdown = _draai(_maak_zonder_vorig(tmp_path))
    assert not (rijen["jaar"] == JAAR - 1).any()
    assert "Gegevens over 2025 ontbreken" in markdown
    # whether 19 applies depends on last year: without it and without the gemeente's kengetal, geen gegevens
    kaart = status.evalueer(reg.laad_register(), rijen, JAAR)
    rij = kaart.loc[kaart["id"] == "1.3.2-19"].iloc[0]
    assert rij["status"] == "geen gegevens" and "vrijgekomen_vorig_jaar" in rij["toelichting"]


def _maak_zonder_vorig(tmp_path):
    processed = tmp_path / str(JAAR)
    _schrijf_processed(processed)
    return processed


# ---------------------------------------------------------------------------- catalogue and contract

def test_kengetallen_staan_in_het_contract():
    """One place for each fact: the catalogue names the codes, the contract says they can be delivered."""
    data = yaml.safe_load((paths.REFERENCE / "indicatoren.yaml").read_text(encoding="utf-8"))
    codes = {k["code"] for k in data["kengetallen"]}
    assert all("in_contract" not in k for k in data["kengetallen"])
    gemeente = load_contract().partijen["gemeente"].codelijsten["kengetal"]
    assert codes <= set(gemeente.values())
    assert {"woonzorgvormen_gerealiseerd", "deelname_bijeenkomst_minimaregelingen", "noodwoningen_beschikbaar",
            "woningvoorraad_totaal", "wijkschouwen", "overleg_leefbaarheid", "bewonersinitiatieven"} <= codes


def test_demo_levert_alle_kengetallen_en_het_notebook_dekt_de_catalogus(demo_runs):
    processed = demo_runs.uitvoer[JAAR].processed
    kg = pd.read_parquet(processed / "gemeente_kengetallen.parquet")
    data = yaml.safe_load((paths.REFERENCE / "indicatoren.yaml").read_text(encoding="utf-8"))
    assert {k["code"] for k in data["kengetallen"]} <= set(kg["kengetal"])
    assert 37000 < kg.loc[kg["kengetal"] == "woningvoorraad_totaal", "waarde"].iloc[0] < 39000

    rijen = pd.read_csv(processed / "indicatoren" / f"{NOTEBOOK}.csv", dtype={"afspraak": str})
    cat = reg.laad_indicatoren()
    eigen = cat[cat["notebook"] == NOTEBOOK]
    assert set(eigen.loc[eigen["id"] == eigen["basis"], "id"]) <= set(rijen["indicator"])
    for r in rijen[rijen["jaar"] == JAAR].itertuples():
        toegestaan = [d.strip() for d in str(cat.loc[r.indicator, "rijen"]).split(",")]
        assert r.corporatie in toegestaan, (r.indicator, r.corporatie)
