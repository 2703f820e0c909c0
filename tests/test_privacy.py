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
