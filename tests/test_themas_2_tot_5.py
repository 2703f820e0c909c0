"""Themes 2-5 (notebooks 20, 30, 40, 50), run for real with papermill on a small hand-made
processed data set; every expected value below is worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import papermill as pm
import pytest

from prestatiemonitor import paths, reference, register as reg, status, thema
from prestatiemonitor.reference import ReferentieFout

JAAR = 2026
NOTEBOOKS = ["20_betaalbaarheid_beschikbaarheid", "30_nieuwbouw", "40_leefbaarheid", "50_duurzaamheid"]
J1, D31 = pd.Timestamp(JAAR, 1, 1), pd.Timestamp(JAAR, 12, 31)


def _woning(peildatum, corporatie, vhe, daeb, huur, label, index, label_55plus=False):
    return {"peildatum": peildatum, "corporatie": corporatie, "vhe_id": vhe, "complex_id": "C1",
            "complex_naam": "Proef", "wijk": "Oud-Voorburg", "woningtype": "meergezins", "daeb": daeb,
            "label_55plus": label_55plus, "miva": False, "jongeren": False, "kale_huur": huur,
            "energielabel": label, "energie_index": index, "bouwjaar": 1970,
            "bron_bestand": "voorraad.csv", "bron_rij": 2}


VOORRAAD = [
    # Vidomes: V1 DAEB 55+ label A; V2 DAEB E -> C; V3 niet-DAEB G without index; V4 DAEB F, sold and
    # demolished during the year (only on 1 January).
    *[_woning(p, "Vidomes", "V1", True, 600.0, "A", 1.0, True) for p in (J1, D31)],
    _woning(J1, "Vidomes", "V2", True, 720.0, "E", 2.1), _woning(D31, "Vidomes", "V2", True, 720.0, "C", 1.6),
    *[_woning(p, "Vidomes", "V3", False, 1000.0, "G", float("nan")) for p in (J1, D31)],
    _woning(J1, "Vidomes", "V4", True, 500.0, "F", 2.4),
    # WoonInvest: W1 B, W2 A+, W3 new build A++ (only on 31 December); no E/F/G at all.
    *[_woning(p, "WoonInvest", "W1", True, 700.0, "B", 1.4) for p in (J1, D31)],
    *[_woning(p, "WoonInvest", "W2", True, 760.0, "A+", 1.2) for p in (J1, D31)],
    _woning(D31, "WoonInvest", "W3", True, 800.0, "A++", 0.8),
]


def _verhuring(corporatie, vhe, datum, huur, hh, inkomen, aow, svh, doelgroep="regulier", nieuwbouw=False):
    return {"corporatie": corporatie, "vhe_id": vhe, "datum_ingang": pd.Timestamp(datum), "kale_huur": huur,
            "huishoudgrootte": hh, "inkomen": inkomen, "aow_leeftijd": aow, "doelgroep": doelgroep,
            "deelsegment": "meergezins", "nieuwbouw": nieuwbouw, "svh_conform": svh,
            "bron_bestand": "verhuringen.csv", "bron_rij": 2}


VERHURINGEN = [
    # Vidomes. Default check table 2026: 1-2 pers. up to the passend limit -> max € 713,02 (laag),
    # 3+ -> € 764,14 (hoog), above the limit -> € 932,93.
    _verhuring("Vidomes", "V1", "2026-03-01", 600.0, 1, 25000.0, False, True),   # check: <= 713,02 ok
    _verhuring("Vidomes", "V2", "2026-12-31", 720.0, 1, 28000.0, False, True),   # 31 Dec counts; 720 > 713,02
    _verhuring("Vidomes", "V4", "2026-02-01", 500.0, 2, 60000.0, False, True),   # DAEB via 1 Jan; > DAEB 2p limit
    _verhuring("Vidomes", "V3", "2026-05-01", 1000.0, 6, 30000.0, False, False, "niet_daeb_pilot"),  # not DAEB
    # WoonInvest
    _verhuring("WoonInvest", "W1", "2026-06-01", 700.0, 3, 40000.0, False, False),  # > 39.925 -> max 932,93 ok
    _verhuring("WoonInvest", "W3", "2026-09-01", 800.0, 1, 30000.0, True, True, nieuwbouw=True),  # AOW > 28.775 ok
    _verhuring("WoonInvest", "W2", "2026-10-01", 760.0, 2, 38000.0, True, False),  # AOW <= 38.650 -> 760 > 713,02
]


def _mutatie(corporatie, vhe, mutatie, datum, daeb):
    return {"corporatie": corporatie, "vhe_id": vhe, "mutatie": mutatie, "datum": pd.Timestamp(datum),
            "daeb": daeb, "bron_bestand": "mutaties.csv", "bron_rij": 2}


MUTATIES = [
    _mutatie("Vidomes", "V4", "verkoop", "2026-03-01", True),   # V4 sold and demolished: one home
    _mutatie("Vidomes", "V4", "sloop", "2026-06-01", True),
    _mutatie("Vidomes", "V9", "verkoop", "2026-04-01", False),  # niet-DAEB: does not count
    _mutatie("WoonInvest", "W3", "nieuwbouw", "2026-08-01", True),
    _mutatie("WoonInvest", "W8", "sloop", "2026-05-01", True),
    _mutatie("WoonInvest", "W7", "aankoop", "2026-07-01", True),  # purchase: no compensation
    # W5: built as a social home this year and sold again: it left the social stock (afspraak 2.2.2-9)
    _mutatie("WoonInvest", "W5", "nieuwbouw", "2026-02-01", True),
    _mutatie("WoonInvest", "W5", "verkoop", "2026-11-01", True),
]


def _kengetal(code, periode, partij, waarde):
    return {"kengetal": code, "periode": periode, "partij": partij, "waarde": float(waarde), "eenheid": "aantal",
            "toelichting": None, "bron_bestand": "kengetallen.xlsx!Kengetallen", "bron_rij": 2}


KENGETALLEN = [
    _kengetal("seniorenmakelaar_bijdrage", "jaar", "gemeente", 60000),
    _kengetal("seniorenmakelaar_bijdrage", "H1", "Vidomes", 7500),  # two halves -> 15.000
    _kengetal("seniorenmakelaar_bijdrage", "H2", "Vidomes", 7500),
    # WoonInvest's contribution is not delivered
    _kengetal("woningvoorraad_totaal", "jaar", "totaal", 20),
    _kengetal("wijkschouwen", "jaar", "totaal", 2),
    *[_kengetal("overleg_leefbaarheid", q, "totaal", 1) for q in ("Q1", "Q2", "Q3")],  # Q4 missing: no value
    # bewonersinitiatieven not delivered
]


@pytest.fixture(scope="module")
def uitkomst(tmp_path_factory) -> dict:
    processed = tmp_path_factory.mktemp("processed")
    pd.DataFrame(VOORRAAD).to_parquet(processed / "voorraad.parquet")
    pd.DataFrame(VERHURINGEN).to_parquet(processed / "verhuringen.parquet")
    pd.DataFrame(MUTATIES).to_parquet(processed / "voorraadmutaties.parquet")
    pd.DataFrame(KENGETALLEN).to_parquet(processed / "gemeente_kengetallen.parquet")
    uit = {}
    for naam in NOTEBOOKS:
        pm.execute_notebook(str(paths.NOTEBOOKS / f"{naam}.ipynb"), str(processed / f"{naam}.ipynb"),
                            parameters={"jaar": JAAR, "processed_dir": str(processed)},
                            kernel_name="python3", progress_bar=False, cwd=str(paths.NOTEBOOKS))
        uit[naam] = pd.read_csv(processed / "indicatoren" / f"{naam}.csv", dtype={"afspraak": str})
    uit["alle"] = pd.concat([uit[n] for n in NOTEBOOKS], ignore_index=True)
    uit["map"] = processed
    return uit


def waarde(df, indicator, corporatie, kolom="waarde"):
    sel = df[(df["indicator"] == indicator) & (df["corporatie"] == corporatie)]
    assert len(sel) >= 1, f"geen regel voor {indicator} / {corporatie}"
    assert sel[kolom].nunique() == 1
    return sel[kolom].iloc[0]


def heeft(df, indicator, corporatie) -> bool:
    return not df[(df["indicator"] == indicator) & (df["corporatie"] == corporatie)].empty


# ---------------------------------------------------------------------------- 20

@pytest.mark.parametrize("indicator, corporatie, teller, noemer", [
    # DAEB lettings: Vidomes V1, V2 (31 December), V4 (DAEB on 1 January); V3 is niet-DAEB.
    ("aandeel_verhuringen_svh_conform", "Vidomes", 3, 3),      # all three reported conform
    ("aandeel_verhuringen_svh_conform", "WoonInvest", 1, 3),   # only W3
    ("aandeel_verhuringen_svh_conform", "totaal", 4, 6),
    ("aandeel_verhuringen_daeb_doelgroep", "Vidomes", 2, 3),   # V4: 60.000 > 56.910 (2 pers.)
    ("aandeel_verhuringen_daeb_doelgroep", "WoonInvest", 3, 3),
    ("aandeel_verhuringen_daeb_doelgroep", "totaal", 5, 6),
    ("aandeel_tot_aftoppingsgrens_laag", "Vidomes", 1, 3),     # 600 of 600, 720, 1000
    ("aandeel_tot_aftoppingsgrens_hoog", "Vidomes", 2, 3),
    ("aandeel_tot_aftoppingsgrens_laag", "WoonInvest", 1, 3),  # 700 of 700, 760, 800
    ("aandeel_tot_aftoppingsgrens_hoog", "WoonInvest", 2, 3),
])
def test_20_aandelen(uitkomst, indicator, corporatie, teller, noemer):
    df = uitkomst["20_betaalbaarheid_beschikbaarheid"]
    assert waarde(df, indicator, corporatie, "teller") == teller
    assert waarde(df, indicator, corporatie, "noemer") == noemer
    assert waarde(df, indicator, corporatie) == pytest.approx(teller / noemer, abs=1e-6)


@pytest.mark.parametrize("indicator, corporatie, verwacht", [
    ("daeb_verkocht", "Vidomes", 1), ("daeb_verkocht", "WoonInvest", 1), ("daeb_verkocht", "totaal", 2),
    # V4 is sold and demolished: one home leaves the stock; WoonInvest W8 demolished, W5 sold
    ("daeb_onttrokken", "Vidomes", 1), ("daeb_onttrokken", "WoonInvest", 2), ("daeb_onttrokken", "totaal", 3),
    # Vidomes built nothing: 0 - 1; WoonInvest W3 + W5 built, W8 + W5 gone: 2 - 2 (the purchase does not count)
    ("daeb_compensatie_saldo", "Vidomes", -1), ("daeb_compensatie_saldo", "WoonInvest", 0),
    ("daeb_compensatie_saldo", "totaal", -1),
    # afspraak 9: only W5 (built from 2026 as DAEB, sold); V4 was built in 1970
    ("nieuwbouw_sociaal_onttrokken", "Vidomes", 0), ("nieuwbouw_sociaal_onttrokken", "WoonInvest", 1),
    ("nieuwbouw_sociaal_onttrokken", "totaal", 1),
    ("woningen_label_55plus", "Vidomes", 1), ("woningen_label_55plus", "WoonInvest", 0),
    ("woningen_label_55plus", "totaal", 1),
    ("seniorenmakelaar_bijdrage", "gemeente", 60000), ("seniorenmakelaar_bijdrage", "Vidomes", 15000),
])
def test_20_aantallen(uitkomst, indicator, corporatie, verwacht):
    assert waarde(uitkomst["20_betaalbaarheid_beschikbaarheid"], indicator, corporatie) == verwacht


def test_20_ontbrekende_bijdrage_geeft_geen_regel(uitkomst):
    assert not heeft(uitkomst["20_betaalbaarheid_beschikbaarheid"], "seniorenmakelaar_bijdrage", "WoonInvest")


def test_20_svh_controle_naast_melding(uitkomst):
    # The executed notebook shows reported and checked side by side: Vidomes 3 of 3 reported, 2 of 3
    # checked (V2: 720 > 713,02); WoonInvest 1 of 3 reported, 2 of 3 checked (W2: 760 > 713,02).
    tekst = (uitkomst["map"] / "20_betaalbaarheid_beschikbaarheid.ipynb").read_text(encoding="utf-8")
    assert "| Vidomes | 3 | 3 | 100,0% | 2 | 66,7% |" in tekst
    assert "| WoonInvest | 3 | 1 | 33,3% | 2 | 66,7% |" in tekst
    assert "STANDAARD, geen SVH-tabel" in tekst


# ---------------------------------------------------------------------------- 30, 40, 50

@pytest.mark.parametrize("notebook, indicator, corporatie, verwacht", [
    ("30_nieuwbouw", "nieuwbouw_daeb", "Vidomes", 0),  # no new build: a 0, not a missing row
    ("30_nieuwbouw", "nieuwbouw_daeb", "WoonInvest", 2),  # W3 and W5
    ("30_nieuwbouw", "nieuwbouw_daeb", "totaal", 2),
    ("30_nieuwbouw", "aandeel_sociale_huur_voorraad", "totaal", 0.25),  # DAEB 31-12: V1, V2, W1-W3 = 5 of 20
    ("40_leefbaarheid", "wijkschouwen", "totaal", 2),
    ("50_duurzaamheid", "woningen_label_efg_1jan", "Vidomes", 3),  # V2 E, V3 G, V4 F
    ("50_duurzaamheid", "woningen_label_efg", "Vidomes", 1),       # V3 G
    ("50_duurzaamheid", "woningen_label_efg_1jan", "WoonInvest", 0),
    ("50_duurzaamheid", "woningen_label_efg", "WoonInvest", 0),
    ("50_duurzaamheid", "woningen_label_efg", "totaal", 1),
    ("50_duurzaamheid", "gemiddelde_energie_index", "Vidomes", 1.3),  # (1,0 + 1,6) / 2; V3 has no index
    ("50_duurzaamheid", "gemiddelde_energie_index", "WoonInvest", 1.133333),  # (1,4 + 1,2 + 0,8) / 3
    ("50_duurzaamheid", "gemiddelde_energie_index", "totaal", 1.2),  # 6,0 / 5
    ("50_duurzaamheid", "aandeel_label_a_of_beter", "Vidomes", 0.333333),  # V1 of 3
    ("50_duurzaamheid", "aandeel_label_a_of_beter", "WoonInvest", 0.666667),  # W2, W3 of 3
])
def test_30_40_50_waarden(uitkomst, notebook, indicator, corporatie, verwacht):
    assert waarde(uitkomst[notebook], indicator, corporatie) == pytest.approx(verwacht, abs=1e-6)


def test_30_teller_noemer_sociale_huur(uitkomst):
    df = uitkomst["30_nieuwbouw"]
    assert waarde(df, "aandeel_sociale_huur_voorraad", "totaal", "teller") == 5
    assert waarde(df, "aandeel_sociale_huur_voorraad", "totaal", "noemer") == 20


def test_40_onvolledig_of_ontbrekend_kengetal_geeft_geen_regel(uitkomst):
    df = uitkomst["40_leefbaarheid"]
    assert not heeft(df, "overleg_leefbaarheid", "totaal")  # only Q1-Q3 delivered
    assert not heeft(df, "bewonersinitiatieven", "totaal")
    assert len(df) == 1


# ---------------------------------------------------------------------------- status of the rows

REGISTER = reg.laad_register()


@pytest.mark.parametrize("afspraak, corporatie, verwacht", [
    ("2.1.2-5", "Vidomes", "behaald"),          # 100% >= 85%
    ("2.1.2-5", "WoonInvest", "niet behaald"),  # 33,3% < 85% (no tolerance band)
    # both together over the term so far: -1, and the term runs until 2029
    ("2.2.2-10", "", "aandacht nodig"),
    ("2.2.2-9", "WoonInvest", "niet behaald"),  # W5 left the social stock
    ("2.2.2-9", "Vidomes", "behaald"),
    # path 3 (1 January 2026) -> 0 (end 2028): end 2026 at most ceil(3 - 1) = 2; Vidomes has 1
    ("5.1", "Vidomes", "op koers"),
    ("5.1", "WoonInvest", "behaald"),           # 0 = target reached
    ("4.1", "", "behaald"),                     # 2 wijkschouwen, minimum 1 (provisional)
    ("4.2", "", "geen gegevens"),
    ("4.3", "", "geen gegevens"),
    ("3.2", "", "niet behaald"),                # 25% < 30% (provisional)
    ("3.1", "", "gevolgd"),                     # no number known: followed
])
def test_status(uitkomst, afspraak, corporatie, verwacht):
    kaart = status.evalueer(REGISTER[REGISTER["id"] == afspraak], uitkomst["alle"], JAAR)
    rij = kaart[kaart["corporatie"] == corporatie].iloc[0]
    assert rij["status"] == verwacht, rij.to_dict()


# ---------------------------------------------------------------------------- reference tables

def test_standaard_svh_tabel_volgt_passend_toewijzen():
    """Every STANDAARD row of the SVH table equals the passend-toewijzen rule of grenzen.csv."""
    for jaar in (2026, 2027):
        g, t = reference.grenzen(jaar), thema.svh_tabel(jaar)
        t = t[t["status"].str.startswith("STANDAARD")]
        assert len(t) == 12
        for r in t.itertuples():
            grootte = "1p" if r.huishoudgrootte_van == 1 else "2p"
            passend = g[f"inkomensgrens_passend{'_aow' if r.aow_leeftijd else ''}_{grootte}"]
            if pd.isna(r.inkomen_boven):
                assert r.inkomen_tot_en_met == passend
                aftopping = "aftoppingsgrens_laag" if r.huishoudgrootte_van <= 2 else "aftoppingsgrens_hoog"
                assert r.max_kale_huur == g[aftopping]
            else:
                assert r.inkomen_boven == passend and pd.isna(r.inkomen_tot_en_met)
                assert r.max_kale_huur == g["huurprijsgrens_daeb"]


def test_svh_tabel_ontbrekend_jaar_en_gat_geven_nederlandse_fout(tmp_path):
    with pytest.raises(ReferentieFout, match="Geen SVH huur-inkomenstabel voor 2031"):
        thema.svh_tabel(2031)
    tabel = thema.svh_tabel(2026)
    gat = tabel[~((tabel["huishoudgrootte_van"] == 2) & ~tabel["aow_leeftijd"])]
    verhuring = pd.DataFrame([_verhuring("Vidomes", "V1", "2026-03-01", 600.0, 2, 25000.0, False, True)])
    with pytest.raises(ReferentieFout, match="past in 0 regels"):
        thema.svh_max_huur(verhuring, gat)
