import itertools

import pandas as pd
import pytest

from prestatiemonitor.privacy import VERBORGEN, onderdruk, onderdruk_tabel


@pytest.mark.parametrize("waarde, gevoelig, verwacht", [
    (0, False, "0"), (1, False, "< 5"), (4, False, "< 5"), (5, False, "5"),
    (9, True, "< 10"), (10, True, "10"), (1234, False, "1.234"),
])
def test_primaire_onderdrukking(waarde, gevoelig, verwacht):
    assert onderdruk(waarde, gevoelig) == verwacht


def _herleidbaar(tabel: pd.DataFrame, delen: list[str], totaal: str) -> list:
    """Cells a reader can work back: a row with exactly one hidden part and a visible total."""
    gevonden = []
    for i, rij in tabel.iterrows():
        verborgen = [k for k in delen if not rij[k].replace(".", "").isdigit()]
        if len(verborgen) == 1 and rij[totaal].replace(".", "").isdigit():
            gevonden.append((i, verborgen[0]))
    return gevonden


def test_secundaire_onderdrukking_in_rij_met_totaal():
    df = pd.DataFrame({"kwartaal": ["Q1", "Q2"], "Vidomes": [3, 20], "WoonInvest": [40, 50], "totaal": [43, 70]})
    uit = onderdruk_tabel(df, ["Vidomes", "WoonInvest", "totaal"], totaal_kolom="totaal")
    assert uit.loc[0, "Vidomes"] == "< 5"
    assert uit.loc[0, "WoonInvest"] == VERBORGEN  # otherwise 43 - 40 = 3
    assert uit.loc[1].tolist() == ["Q2", "20", "50", "70"]
    assert _herleidbaar(uit, ["Vidomes", "WoonInvest"], "totaal") == []


def test_secundaire_onderdrukking_in_kolommen_met_totaalrij():
    df = pd.DataFrame({"soort": ["a", "b", "c", "totaal"], "n": [2, 30, 31, 63]})
    uit = onderdruk_tabel(df, ["n"], totaal_rij=3)
    assert uit["n"].tolist() == ["< 5", VERBORGEN, "31", "63"]


def test_geen_enkele_combinatie_van_kleine_aantallen_is_terug_te_rekenen():
    delen = ["a", "b", "c"]
    for waarden in itertools.product([0, 1, 4, 6, 12], repeat=3):
        df = pd.DataFrame([{**dict(zip(delen, waarden)), "totaal": sum(waarden)}])
        uit = onderdruk_tabel(df, [*delen, "totaal"], totaal_kolom="totaal", gevoelig=True)
        assert _herleidbaar(uit, delen, "totaal") == [], waarden


# ---- publication levels (vrij | klein | gevoelig), shares, parts beside a total

from prestatiemonitor import privacy  # noqa: E402


@pytest.mark.parametrize("waarde, niveau, verwacht", [
    (3, "vrij", "3"), (3, "klein", "< 5"), (5, "klein", "5"), (3, "gevoelig", "< 10"),
    (9, "gevoelig", "< 10"), (10, "gevoelig", "10"), (0, "gevoelig", "0"),
])
def test_niveaus(waarde, niveau, verwacht):
    assert privacy.onderdruk(waarde, niveau) == verwacht


def test_onbekend_niveau():
    with pytest.raises(ValueError, match="onbekend publicatieniveau"):
        privacy.drempel("geheim")


def test_aandeel_met_kleine_teller_wordt_afgeschermd():
    # 3 of 12 lettings = 25,0%: with the denominator known, 25% would give the 3 away
    assert privacy.onderdruk_aandeel(0.25, 3, "klein") == privacy.VERBORGEN
    assert privacy.onderdruk_aandeel(0.25, 5, "klein") == "25,0%"
    assert privacy.onderdruk_aandeel(0.25, 0, "klein") == "25,0%"  # zero identifies nobody
    assert privacy.onderdruk_aandeel(0.5, 6, "gevoelig") == privacy.VERBORGEN


def test_delen_naast_totaal():
    # Vidomes 3 and WoonInvest 40 beside the printed total 43: 43 - 40 = 3, so 40 is hidden too
    assert privacy.verborgen_delen({"Vidomes": 3, "WoonInvest": 40}, 43, "klein") == {"Vidomes", "WoonInvest"}
    assert privacy.verborgen_delen({"Vidomes": 3, "WoonInvest": 2}, 5, "klein") == {"Vidomes", "WoonInvest"}
    assert privacy.verborgen_delen({"Vidomes": 30, "WoonInvest": 40}, 70, "klein") == set()
    # the only other part is zero: then the total is what must go (key None)
    assert privacy.verborgen_delen({"Vidomes": 3, "WoonInvest": 0}, 3, "klein") == {"Vidomes"}  # total 3 is itself small
    assert privacy.verborgen_delen({"Vidomes": 6, "WoonInvest": 0}, 6, "gevoelig") == {"Vidomes"}
    assert privacy.verborgen_delen({"a": 2, "b": 0}, 7, "klein") == {"a", None}


def test_regel_staat_in_woorden():
    assert "< 5" in privacy.REGEL and "< 10" in privacy.REGEL and "×" in privacy.REGEL
