import pandas as pd

from prestatiemonitor.indicators import KOLOMMEN, Indicatoren, lees, voeg_samen


def test_delen_worden_een_gesorteerd_bestand(tmp_path):
    a = Indicatoren(2026, "20_x")
    a.voeg_toe("2.2.3", "aandeel_b", "WoonInvest", 2 / 3, teller=2, noemer=3, eenheid="aandeel")
    a.voeg_toe("2.2.3", "aandeel_a", "Vidomes", 0.5, teller=1, noemer=2, eenheid="aandeel")
    b = Indicatoren(2026, "10_y")
    b.voeg_toe("1.3.2-18", "statushouders", "totaal", 62)
    a.schrijf(tmp_path)
    b.schrijf(tmp_path)
    voeg_samen(tmp_path)
    tabel = lees(tmp_path)
    assert list(tabel.columns) == KOLOMMEN
    assert list(tabel["indicator"]) == ["statushouders", "aandeel_a", "aandeel_b"]
    assert tabel.loc[2, "waarde"] == 0.666667  # rounded: reruns write identical text
    tekst = (tmp_path / "indicatoren.csv").read_text()
    assert ",62," in tekst and ",62.0," not in tekst  # counts stay counts


def test_geen_delen_geeft_lege_tabel_met_kolommen(tmp_path):
    voeg_samen(tmp_path)
    assert list(pd.read_csv(tmp_path / "indicatoren.csv").columns) == KOLOMMEN
