"""`prestatiemonitor diff`: year-over-year changes on a hand-made pair of years (hand-checked)."""

from prestatiemonitor import cli, paths

KOP = "jaar,afspraak,indicator,corporatie,waarde,teller,noemer,eenheid,omschrijving,notebook,cel\n"
JAAR_A = KOP + """2026,1.3.2,statushouders,totaal,62,,,aantal,,10_x,4
2026,2.2.3,aandeel_tot_x,Vidomes,0.412,412,1000,aandeel,,20_x,7
2026,2.2.3,aandeel_tot_x,WoonInvest,0.5,5,10,aandeel,,20_x,7
2026,4.1,gemiddelde_huur,totaal,713.02,,,euro,,20_x,9
2026,9.9,vervallen,totaal,1,,,aantal,,20_x,9
"""
JAAR_B = KOP + """2027,1.3.2,statushouders,totaal,70,,,aantal,,10_x,4
2027,2.2.3,aandeel_tot_x,Vidomes,0.43,430,1000,aandeel,,20_x,7
2027,2.2.3,aandeel_tot_x,WoonInvest,0.5,6,12,aandeel,,20_x,8
2027,4.1,gemiddelde_huur,totaal,725.52,,,euro,,20_x,9
2027,5.5,nieuw,totaal,3,,,aantal,,20_x,9
"""


def _jaren(root, met_scorekaart=False):
    for jaar, tekst in ((2026, JAAR_A), (2027, JAAR_B)):
        (root / str(jaar)).mkdir(parents=True)
        (root / str(jaar) / "indicatoren.csv").write_text(tekst)
    if met_scorekaart:  # as status.schrijf_scorekaart writes it: ';' and a BOM
        (root / "2026" / "scorekaart.csv").write_text("id;corporatie;status\n2.2.3;Vidomes;op koers\n2.2.3;WoonInvest;behaald\n",
                                                     encoding="utf-8-sig")
        (root / "2027" / "scorekaart.csv").write_text("id;corporatie;status\n2.2.3;Vidomes;behaald\n2.2.3;WoonInvest;behaald\n",
                                                     encoding="utf-8-sig")


def test_tekst_per_afspraak_met_nederlandse_getallen(tmp_path, monkeypatch, capsys):
    _jaren(tmp_path)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    assert cli.main(["diff", "2026", "2027"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Veranderingen van 2026 naar 2027, per afspraak en indicator",
        "",
        "Afspraak 1.3.2",
        "  statushouders (totaal): 62 in 2026, 70 in 2027 (+8)",
        "",
        "Afspraak 2.2.3",
        "  aandeel_tot_x (Vidomes): 41,2% in 2026, 43,0% in 2027 (+1,8 procentpunt)",
        "",
        "Afspraak 4.1",
        "  gemiddelde_huur (totaal): €\xa0713,02 in 2026, €\xa0725,52 in 2027 (+€\xa012,50)",  # fmt.euro: no-break space
        "",
        "Afspraak 5.5",
        "  nieuw (totaal): nieuw in 2027: 3",
        "",
        "Afspraak 9.9",
        "  vervallen (totaal): niet meer in 2027 (was 1 in 2026)",
        "",
        "Samen: 3 gewijzigd, 1 nieuw, 1 vervallen, 1 gelijk (niet getoond; zie --alles).",
    ]


def test_status_uit_de_scorekaart(tmp_path, monkeypatch, capsys):
    _jaren(tmp_path, met_scorekaart=True)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    assert cli.main(["diff", "2026", "2027"]) == 0
    uit = capsys.readouterr().out
    assert "Status per afspraak (scorekaart):\n  afspraak 2.2.3 (Vidomes): van op koers naar behaald\n" in uit
    assert ("  aandeel_tot_x (Vidomes): 41,2% in 2026, 43,0% in 2027 (+1,8 procentpunt); "
            "status van op koers naar behaald\n") in uit
    assert "WoonInvest" not in uit  # value and status unchanged


def test_csv_met_exacte_waarden(tmp_path, monkeypatch, capsys):
    _jaren(tmp_path, met_scorekaart=True)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    assert cli.main(["diff", "2026", "2027", "--csv"]) == 0
    regels = capsys.readouterr().out.splitlines()
    assert regels[0] == ("afspraak,indicator,corporatie,eenheid,omschrijving,waarde_2026,waarde_2027,verschil,"
                         "status_2026,status_2027,verandering")
    assert "2.2.3,aandeel_tot_x,Vidomes,aandeel,,0.412,0.43,0.018,op koers,behaald,gewijzigd" in regels
    assert "2.2.3,aandeel_tot_x,WoonInvest,aandeel,,0.5,0.5,0.0,behaald,behaald,gelijk" in regels
    assert len(regels) == 7


def test_ontbrekend_jaar_is_een_nederlandse_fout(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    assert cli.main(["diff", "2026", "2027"]) == 1
    assert "indicatoren.csv ontbreekt" in capsys.readouterr().err


def test_alles_toont_ook_gelijke_waarden(tmp_path, monkeypatch, capsys):
    _jaren(tmp_path)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    assert cli.main(["diff", "2026", "2027", "--alles"]) == 0
    uit = capsys.readouterr().out
    assert "  aandeel_tot_x (WoonInvest): 50,0% in beide jaren\n" in uit
    assert uit.rstrip().endswith("Samen: 3 gewijzigd, 1 nieuw, 1 vervallen, 1 gelijk.")
