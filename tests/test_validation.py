"""Validation: a small hand-written delivery, then one broken variant per rule (table-driven)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from prestatiemonitor.readers import DEMO_MARKER
from prestatiemonitor.validation import FOUT, Leveringsfout, validate_year

JAAR = 2026

VIDOMES = {
    "voorraad": (
        "Peildatum;VHE-nummer;Complexnummer;Complexnaam;Wijk;Woningtype;DAEB;Label 55+;MIVA;Jongeren;Kale huur;Energielabel;Energie-index;Bouwjaar\n"
        "01-01-2026;4000001;C1;Klaverhof;Damsigt;Meergezins;Ja;Ja;Nee;Nee;612,40;B;1,31;1990\n"
        "01-01-2026;4000002;C1;Klaverhof;Damsigt;Meergezins;Ja;Ja;Nee;Nee;701,10;C;;1990\n"
        "01-01-2026;4000003;C2;Hof van Rhijn;Bovenveen;Eengezins;Nee;Nee;Nee;Nee;1.012,00;A;0,95;2001\n"
        "01-01-2026;4000004;C2;Hof van Rhijn;Bovenveen;Eengezins;Ja;Nee;Nee;Nee;480,00;E;2,2;2001\n"
        "31-12-2026;4000001;C1;Klaverhof;Damsigt;Meergezins;Ja;Ja;Nee;Nee;636,90;B;1,31;1990\n"
        "31-12-2026;4000002;C1;Klaverhof;Damsigt;Meergezins;Ja;Ja;Nee;Nee;729,14;C;;1990\n"
        "31-12-2026;4000003;C2;Hof van Rhijn;Bovenveen;Eengezins;Nee;Nee;Nee;Nee;1.052,48;A;0,95;2001\n"
    ),
    "verhuringen": (
        "VHE-nummer;Ingangsdatum;Kale huur;Huishoudgrootte;Inkomen;AOW-leeftijd;Doelgroep;Deelsegment;Nieuwbouw;SVH-conform\n"
        "4000001;01-03-2026;612,40;1;23.456;Nee; Statushouder ;55+ woning;Nee;Ja\n"
        "4000002;31-12-2026;729,14;2;31.000;ja;REGULIER;55+ woning;nee;JA\n"
    ),
    "vrijkomend": "Kwartaal;Deelsegment;Vrijgekomen\nQ1;55+ woning;1\nQ2;55+ woning;0\nQ3;55+ woning;0\nQ4;55+ woning;1\n",
    "mutaties": "VHE-nummer;Mutatie;Datum;DAEB\n4000004;Verkoop;15-06-2026;Ja\n",
    "huurachterstand": (
        "Kwartaal;Huurders met achterstand;Meldingen vroegsignalering;Ontruimingen aangezegd;Ontruimingen uitgevoerd\n"
        "Q1;60;15;1;0\nQ2;58;14;0;0\nQ3;61;17;2;1\nQ4;55;12;0;0\n"
    ),
    "complexen_55plus": (
        "Complexnummer;Complexnaam;Aantal woningen;Collectieve aanpassingen;Scootmobielstalling;Stalling gereed op;"
        "Aangewezen voor stalling\n"
        "C1;Klaverhof;2;Ja;Ja;14-03-2025;Ja\n"
    ),
}


def _blad(wb, naam, kop, rijen, titel=True):
    ws = wb.create_sheet(naam)
    if titel:
        ws.append([DEMO_MARKER])
        ws.append([f"WoonInvest — {naam}"])
        ws.append([])
    ws.append(kop)
    for r in rijen:
        ws.append(r)


def wooninvest_werkmap(pad: Path, zonder_blad: str | None = None) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    d = dt.datetime
    bladen = {
        "Voorraad": (["peildatum", "eenheid_nr", "complex_nr", "complex_naam", "buurt", "type_woning", "daeb_jn", "label55",
                      "miva_jn", "jongeren_jn", "netto_huur", "ei_label", "ei_waarde", "bouwjaar"],
                     [[d(2026, 1, 1), 100001, 201, "De Panden", "Voorburg-West", "MGW", "J", "J", "N", "N", 545.5, "A", 1.1, 1985],
                      [d(2026, 1, 1), 100002, 202, "Campus Vliet", "Damsigt", "MGW", "J", "N", "N", "J", 480.0, "B", None, 2010],
                      [d(2026, 12, 31), 100001, 201, "De Panden", "Voorburg-West", "MGW", "J", "J", "N", "N", 567.3, "A", 1.1, 1985],
                      [d(2026, 12, 31), 100002, 202, "Campus Vliet", "Damsigt", "MGW", "J", "N", "N", "J", 499.2, "B", None, 2010],
                      [46387, 100003, 203, "Nieuw Damsigt", "Damsigt", "MGW", "J", "N", "N", "N", 812.0, "A+++", 0.4, 2026]]),
        "Verhuringen": (["eenheid_nr", "ingangsdatum", "netto_huur", "hh_grootte", "hh_inkomen", "aow_jn", "doelgroep_code",
                         "segment", "eerste_verhuring", "svh_jn"],
                        [[100002, d(2026, 2, 1), 480.0, 1, 21000, "N", "STH", "JONG", "N", "J"],
                         [100003, d(2026, 10, 1), 812.0, 3, 38000, "N", "reg ", "MGW", "J", "J"]]),
        "Vrijkomend": (["kwartaal", "segment", "aantal_vrijgekomen"], [[f"2026-Q{k}", "JONG", 1] for k in range(1, 5)]),
        "Mutaties": (["eenheid_nr", "mutatie_code", "mutatiedatum", "daeb_jn"], [[100003, "NWB", d(2026, 9, 15), "J"]]),
        "Huurachterstand": (["kwartaal", "aantal_achterstand", "meldingen_vs", "ontruiming_aangezegd", "ontruiming_uitgevoerd"],
                            [[f"2026-Q{k}", 250, 70, 3, 1] for k in range(1, 5)]),
        "Complexen55plus": (["complex_nr", "complex_naam", "aantal_won", "coll_aanpassingen", "scootmobiel", "scootmobiel_gereed",
                             "scootmobiel_aangewezen"],
                            [[201, "De Panden", 1, "J", "N", None, "J"]]),
    }
    for naam, (kop, rijen) in bladen.items():
        if naam != zonder_blad:
            _blad(wb, naam, kop, rijen, titel=naam in ("Voorraad", "Verhuringen"))
    wb.save(pad)


def mini_levering(root: Path, jaar: int = JAAR) -> Path:
    """A complete, valid, tiny delivery for 2026 under root/<jaar>/."""
    v = root / str(jaar) / "vidomes"
    v.mkdir(parents=True)
    for naam, tekst in VIDOMES.items():
        (v / f"{naam}_{jaar}.csv").write_text(f"# {DEMO_MARKER}\n" + tekst, encoding="utf-8-sig")
    w = root / str(jaar) / "wooninvest"
    w.mkdir()
    wooninvest_werkmap(w / f"wooninvest_{jaar}.xlsx")
    g = root / str(jaar) / "gemeente"
    g.mkdir()
    wb = Workbook()
    wb.remove(wb.active)
    _blad(wb, "Kengetallen", ["Kengetal", "Periode", "Partij", "Waarde", "Eenheid", "Toelichting"],
          [["Aantal flatcoaches", "Heel jaar", "Gemeente", 3, "aantal", None],
           ["Bijdrage flatcoach", "heel jaar", "vidomes", 40000, "euro", "deel van € 60.000"]])
    wb.save(g / f"kengetallen_{jaar}.xlsx")
    (g / f"mijlpalen_{jaar}.csv").write_bytes(
        (f"{DEMO_MARKER}\nAfspraak,Omschrijving,Deadline,Gereed op,Toelichting\n"
         "1.1.2-1,Uitvoeringsagenda vastgesteld — college,2026-09-30,22-09-2026,\n"
         "1.3.2-30,Onderzoek spoedzoekers,2026-06-30,,café-overleg\n").encode("cp1252"))
    return root


@pytest.fixture
def levering(tmp_path: Path) -> Path:
    return mini_levering(tmp_path / "raw")


def _vervang(root: Path, naam: str, oud: str, nieuw: str) -> None:
    pad = root / str(JAAR) / "vidomes" / f"{naam}_{JAAR}.csv"
    tekst = pad.read_text(encoding="utf-8-sig")
    assert oud in tekst, oud
    pad.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8-sig")


def test_valid_delivery_has_no_findings(levering):
    rapport = validate_year(JAAR, levering)
    assert rapport.ok, rapport.tekst()
    assert rapport.waarschuwingen == []
    telling = {t.bestand: t for t in rapport.aantallen}
    assert telling["voorraad_2026.csv"].gelezen == 7
    assert telling["wooninvest_2026.xlsx!Voorraad"].gebruikt == 5
    assert "voldoet aan het datacontract" in rapport.tekst()


def _rename_to_2025(root):
    p = root / "2026" / "vidomes" / "verhuringen_2026.csv"
    p.rename(p.with_name("verhuringen_2025.csv"))


def _drop_sheet(root):
    wooninvest_werkmap(root / "2026" / "wooninvest" / "wooninvest_2026.xlsx", zonder_blad="Mutaties")


def _drop_gemeente(root):
    import shutil

    shutil.rmtree(root / "2026" / "gemeente")


def _gemeente_totaal_mismatch(root):
    from openpyxl import load_workbook

    pad = root / "2026" / "gemeente" / "kengetallen_2026.xlsx"
    wb = load_workbook(pad)
    wb["Kengetallen"].append(["Bijdrage flatcoach", "Heel jaar", "Totaal", 50000, "euro", None])  # row 7; Vidomes: 40000
    wb.save(pad)


def _wi_tekstgetal(root):
    from openpyxl import load_workbook

    pad = root / "2026" / "wooninvest" / "wooninvest_2026.xlsx"
    wb = load_workbook(pad)
    wb["Verhuringen"]["C5"] = "1.234"  # netto_huur typed as text: thousands or decimal?
    wb.save(pad)


# (id, mutation, bestand, rij, kolom, waarde, text in regel)
REGELS = [
    ("bestand ontbreekt", lambda r: (r / "2026/vidomes/mutaties_2026.csv").unlink(), "mutaties_2026.csv", None, None, None, "bestand ontbreekt"),
    ("verkeerd jaar", _rename_to_2025, "verhuringen_2026.csv", None, None, "verhuringen_2025.csv", "verkeerde jaar"),
    ("kolom ontbreekt", lambda r: _vervang(r, "verhuringen", ";Inkomen;", ";Salaris;"), "verhuringen_2026.csv", None, "Inkomen", None, "verplichte kolom ontbreekt"),
    ("tekst als getal", lambda r: _vervang(r, "verhuringen", "612,40", "zeshonderd"), "verhuringen_2026.csv", 3, "Kale huur", "zeshonderd", "geen getal"),
    ("onduidelijk getal", lambda r: _vervang(r, "verhuringen", "612,40", "612.40"), "verhuringen_2026.csv", 3, "Kale huur", "612.40", "onduidelijk scheidingsteken"),
    ("onbekende code", lambda r: _vervang(r, "verhuringen", " Statushouder ", "Vluchteling"), "verhuringen_2026.csv", 3, "Doelgroep", "Vluchteling", "onbekende code"),
    ("buiten bereik", lambda r: _vervang(r, "verhuringen", "612,40;1;", "612,40;0;"), "verhuringen_2026.csv", 3, "Huishoudgrootte", "0", "buiten het toegestane bereik"),
    ("verplicht leeg", lambda r: _vervang(r, "verhuringen", "23.456", ""), "verhuringen_2026.csv", 3, "Inkomen", "", "verplichte waarde ontbreekt"),
    ("datum buiten jaar", lambda r: _vervang(r, "verhuringen", "01-03-2026", "01-03-2025"), "verhuringen_2026.csv", 3, "Ingangsdatum", "01-03-2025", "datum valt buiten 2026"),
    ("datum bestaat niet", lambda r: _vervang(r, "verhuringen", "01-03-2026", "31-02-2026"), "verhuringen_2026.csv", 3, "Ingangsdatum", "31-02-2026", "datum bestaat niet"),
    ("dubbele vhe", lambda r: _vervang(r, "voorraad", "31-12-2026;4000002", "31-12-2026;4000001"), "voorraad_2026.csv", 8, "Peildatum, VHE-nummer", "31-12-2026 / 4000001", "dubbele sleutel"),
    ("peildatum", lambda r: _vervang(r, "voorraad", "31-12-2026;4000003", "30-06-2026;4000003"), "voorraad_2026.csv", 9, "Peildatum", "30-06-2026", "peildatum is niet"),
    ("niet in voorraad", lambda r: _vervang(r, "verhuringen", "4000001;01-03", "4099999;01-03"), "verhuringen_2026.csv", 3, "VHE-nummer", "4099999", "staat niet in de voorraad"),
    ("complex onbekend", lambda r: _vervang(r, "complexen_55plus", "C1;", "C9;"), "complexen_55plus_2026.csv", 3, "Complexnummer", "C9", "complex staat niet in de voorraad"),
    ("kwartaal ander jaar", lambda r: _vervang(r, "vrijkomend", "Q2;", "2025-Q2;"), "vrijkomend_2026.csv", 4, "Kwartaal", "2025-Q2", "kwartaal hoort bij jaar 2025"),
    ("werkblad ontbreekt", _drop_sheet, "wooninvest_2026.xlsx!Mutaties", None, None, None, "werkblad 'Mutaties' ontbreekt"),
    ("map ontbreekt", _drop_gemeente, "2026/gemeente/", None, None, None, "map van deze partij ontbreekt"),
    ("rij te breed", lambda r: _vervang(r, "mutaties", "Verkoop;15-06-2026;Ja", "Verkoop;15-06-2026;Ja;extra"),
     "mutaties_2026.csv", 3, None, "extra", "de kopregel maar 4"),
    ("datum dd/mm of mm/dd", lambda r: _vervang(r, "verhuringen", "01-03-2026", "01/03/2026"), "verhuringen_2026.csv", 3,
     "Ingangsdatum", "01/03/2026", "niet eenduidig"),
    ("minder vrijgekomen dan verhuurd", lambda r: _vervang(r, "vrijkomend", "Q1;55+ woning;1", "Q1;55+ woning;0"),
     "vrijkomend_2026.csv", None, "Vrijgekomen", "Q1: 0", "minder vrijgekomen woningen (0) dan verhuringen"),
    ("totaal gemeente klopt niet", _gemeente_totaal_mismatch, "kengetallen_2026.xlsx!Kengetallen", 7, "Waarde", "50.000",
     "wijkt af van de som van de partijen (40.000"),
    ("excel tekstgetal", _wi_tekstgetal, "wooninvest_2026.xlsx!Verhuringen", 5, "netto_huur", "1.234", "niet eenduidig"),
    ("binair bestand", lambda r: (r / "2026/vidomes/mutaties_2026.csv").write_bytes(b"\x00\x01binair\xff"),
     "mutaties_2026.csv", None, None, None, "NUL-tekens"),
]


@pytest.mark.parametrize("naam,breek,bestand,rij,kolom,waarde,regel", REGELS, ids=[r[0] for r in REGELS])
def test_rule_reports_fout(levering, naam, breek, bestand, rij, kolom, waarde, regel):
    breek(levering)
    rapport = validate_year(JAAR, levering)
    assert not rapport.ok
    passend = [b for b in rapport.fouten if b.bestand == bestand and regel in b.regel]
    assert passend, rapport.tekst()
    b = next((b for b in passend if b.rij == rij), passend[0])
    assert (b.rij, b.kolom, b.waarde, b.ernst) == (rij, kolom, waarde, FOUT)
    assert b.partij and b.suggestie
    tekst = rapport.tekst()
    assert bestand in tekst and regel in tekst and "Oplossing:" in tekst


def test_all_problems_reported_at_once(levering):
    _vervang(levering, "verhuringen", "612,40", "abc")
    _vervang(levering, "verhuringen", "REGULIER", "Onbekend")
    _vervang(levering, "vrijkomend", "Q4;55+ woning;1", "Q4;55+ woning;veel")
    (levering / "2026/wooninvest/wooninvest_2026.xlsx").unlink()
    rapport = validate_year(JAAR, levering)
    regels = {(b.bestand, b.regel) for b in rapport.fouten}
    assert ("verhuringen_2026.csv", "geen getal") in regels
    assert ("verhuringen_2026.csv", "onbekende code") in regels
    assert ("vrijkomend_2026.csv", "geen getal") in regels
    assert ("wooninvest_2026.xlsx", "bestand ontbreekt") in regels


def test_totals_and_duplicate_rows_are_rejected_with_warning(levering):
    _vervang(levering, "vrijkomend", "Q4;55+ woning;1\n", "Q4;55+ woning;1\nTotaal;;2\n")
    _vervang(levering, "mutaties", "Ja\n", "Ja\n4000004;Verkoop;15-06-2026;Ja\n")
    rapport = validate_year(JAAR, levering)
    assert rapport.ok, rapport.tekst()
    regels = {(b.bestand, b.rij, b.regel) for b in rapport.waarschuwingen}
    assert ("vrijkomend_2026.csv", 7, "totaalregel, geen gegevensregel") in regels
    assert ("mutaties_2026.csv", 4, "exacte kopie van rij 3") in regels
    telling = {t.bestand: t for t in rapport.aantallen}
    assert (telling["vrijkomend_2026.csv"].gelezen, telling["vrijkomend_2026.csv"].afgewezen) == (5, 1)


def test_unknown_extra_file_and_column_are_warnings(levering):
    (levering / "2026/vidomes/notities.docx").write_bytes(b"x")
    _vervang(levering, "mutaties", "DAEB\n", "DAEB;Opmerking\n")
    rapport = validate_year(JAAR, levering)
    assert rapport.ok
    assert {b.regel for b in rapport.waarschuwingen} >= {"onbekend bestand, wordt niet gebruikt",
                                                         "onbekende kolom, wordt niet gebruikt"}


def test_many_errors_are_summarised_in_text(levering):
    pad = levering / "2026/vidomes/verhuringen_2026.csv"
    regels = "".join(f"4000001;01-03-2026;abc;1;{20000 + i};Nee;Regulier;55+ woning;Nee;Ja\n" for i in range(30))
    tekst = pad.read_text(encoding="utf-8-sig")
    pad.write_text(tekst + regels, encoding="utf-8-sig")
    rapport = validate_year(JAAR, levering)
    assert sum(b.regel == "geen getal" for b in rapport.fouten) == 30
    assert "en nog 20 keer 'geen getal'" in rapport.tekst()


def test_leveringsfout_carries_report(levering):
    _vervang(levering, "verhuringen", "612,40", "abc")
    rapport = validate_year(JAAR, levering)
    fout = Leveringsfout(rapport)
    assert fout.rapport is rapport and str(fout) == rapport.tekst()


# (id, mutation, bestand, rij, kolom, text in regel): possible but unusual -> waarschuwing, no fout
WAARSCHUWINGEN = [
    ("huishouden van 12", lambda r: _vervang(r, "verhuringen", "612,40;1;", "612,40;12;"), "verhuringen_2026.csv", 3,
     "Huishoudgrootte", "ongebruikelijke waarde: meer dan 10 personen"),
    ("DAEB-huur boven grens", lambda r: _vervang(r, "verhuringen", "729,14;2;", "989,00;2;"), "verhuringen_2026.csv", 4,
     "Kale huur", "boven de huurprijsgrens DAEB 2026"),
    ("onbekende kolom", lambda r: _vervang(r, "mutaties", "DAEB\n", "DAEB;Opmerking\n"), "mutaties_2026.csv", 2,
     "Opmerking", "onbekende kolom, wordt niet gebruikt"),
    ("totaalregel", lambda r: _vervang(r, "vrijkomend", "Q4;55+ woning;1\n", "Q4;55+ woning;1\nTotaal;;2\n"),
     "vrijkomend_2026.csv", 7, None, "totaalregel"),
]


@pytest.mark.parametrize("naam,breek,bestand,rij,kolom,regel", WAARSCHUWINGEN, ids=[w[0] for w in WAARSCHUWINGEN])
def test_rule_reports_waarschuwing_only(levering, naam, breek, bestand, rij, kolom, regel):
    breek(levering)
    rapport = validate_year(JAAR, levering)
    assert rapport.ok, rapport.tekst()
    passend = [b for b in rapport.waarschuwingen if b.bestand == bestand and regel in b.regel]
    assert [(b.rij, b.kolom) for b in passend] == [(rij, kolom)], rapport.tekst()


def test_daeb_limit_not_applied_to_niet_daeb_home(levering):
    _vervang(levering, "verhuringen", "4000001;01-03-2026;612,40", "4000003;01-03-2026;1.052,48")  # 4000003: DAEB Nee
    rapport = validate_year(JAAR, levering)
    assert not [b for b in rapport.waarschuwingen if "DAEB" in b.regel], rapport.tekst()


def test_cli_writes_list_per_partij_xlsx_and_html(levering, tmp_path):
    """validate writes <partij>.xlsx/.html for every partij; partner strings are escaped and inert."""
    import os
    import subprocess
    import sys

    from openpyxl import load_workbook

    # A hostile complex name and a formula in a code cell reach both outputs.
    _vervang(levering, "complexen_55plus", "C1;Klaverhof;", "C1;<script>alert(1)</script>;")
    _vervang(levering, "verhuringen", "REGULIER", "=HYPERLINK(\"http://x\")")
    uit = tmp_path / "validatie"
    uit.mkdir()
    (uit / "ander.txt").write_text("blijft staan")
    env = {**os.environ, "PRESTATIEMONITOR_DATA": str(levering.parent)}
    proc = subprocess.run([sys.executable, "-m", "prestatiemonitor.cli", "validate", str(JAAR), "--uitvoer", str(uit)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in uit.iterdir()) == ["ander.txt", "gemeente.html", "gemeente.xlsx", "vidomes.html",
                                                    "vidomes.xlsx", "wooninvest.html", "wooninvest.xlsx"]
    pagina = (uit / "vidomes.html").read_text(encoding="utf-8")
    assert "<script>" not in pagina and "onbekende code" in pagina
    wb = load_workbook(uit / "vidomes.xlsx")
    ws = wb["Bevindingen"]
    kop = [c.value for c in ws[5]]
    assert kop == ["Ernst", "Bestand", "Rij", "Kolom", "Waarde", "Regel", "Oplossing"]
    rijen = [[c.value for c in r] for r in ws.iter_rows(min_row=6)]
    fout = next(r for r in rijen if r[5] == "onbekende code")
    assert fout[:5] == ["fout", "verhuringen_2026.csv", 4, "Doelgroep", "'=HYPERLINK(\"http://x\")"]
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    schoon = load_workbook(uit / "gemeente.xlsx")["Bevindingen"]
    assert "voldoet aan het datacontract" in schoon["A2"].value
