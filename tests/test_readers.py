"""Readers: table-driven value parsing and robust file reading."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from prestatiemonitor import readers
from prestatiemonitor.readers import DEMO_MARKER, Leesfout, Waardefout

GETALLEN = [
    ("712,50", 712.5), ("1.234,56", 1234.56), ("23.456", 23456.0), ("€ 712,50", 712.5), ("0", 0.0),
    ("-3,5", -3.5), ("1,234.56", 1234.56), (812.5, 812.5), (7, 7.0), ("", None), (None, None),
]


@pytest.mark.parametrize("waarde,verwacht", GETALLEN)
def test_parse_getal(waarde, verwacht):
    assert readers.parse_getal(waarde, ",", ".") == verwacht


@pytest.mark.parametrize("waarde", ["abc", "812.50", "1.23.4", "1,2,3", "12,5,0", "--1", True])
def test_parse_getal_ambiguous_or_wrong_is_error(waarde):
    with pytest.raises(Waardefout):
        readers.parse_getal(waarde, ",", ".")


def test_parse_getal_point_decimal_contract():
    assert readers.parse_getal("812.50", ".", "") == 812.5
    with pytest.raises(Waardefout):
        readers.parse_getal("812,50", ".", "")


def test_parse_geheel():
    assert readers.parse_geheel("3") == 3
    with pytest.raises(Waardefout):
        readers.parse_geheel("2,5")


DATUMS = [
    ("31-12-2026", dt.date(2026, 12, 31)), ("1-3-2026", dt.date(2026, 3, 1)), ("2026-12-31", dt.date(2026, 12, 31)),
    (46387, dt.date(2026, 12, 31)), ("46387", dt.date(2026, 12, 31)), (dt.datetime(2026, 1, 1), dt.date(2026, 1, 1)),
    ("2026-01-01 00:00:00", dt.date(2026, 1, 1)), (dt.date(2026, 5, 5), dt.date(2026, 5, 5)), ("", None),
]


@pytest.mark.parametrize("waarde,verwacht", DATUMS)
def test_parse_datum(waarde, verwacht):
    assert readers.parse_datum(waarde) == verwacht


@pytest.mark.parametrize("waarde", ["31-02-2026", "12/31/2026", "morgen", "2026/12/31", 12.5, "26-1-1",
                                    "04/03/2026", "1/2/2026", "31-12/2026", 10**12, float("inf"), True])
def test_parse_datum_error(waarde):
    with pytest.raises(Waardefout):
        readers.parse_datum(waarde)


@pytest.mark.parametrize("waarde,verwacht", [("Q1", 1), ("q2", 2), ("2026-Q3", 3), ("4", 4), ("K2", 2), ("kwartaal 1", 1), (3, 3)])
def test_parse_kwartaal(waarde, verwacht):
    assert readers.parse_kwartaal(waarde, 2026) == verwacht


@pytest.mark.parametrize("waarde", ["Q5", "2025-Q1", "eerste", "0"])
def test_parse_kwartaal_error(waarde):
    with pytest.raises(Waardefout):
        readers.parse_kwartaal(waarde, 2026)


CODES = {"statushouder": "statushouder", "sth": "statushouder", "regulier": "regulier"}


@pytest.mark.parametrize("label", [" Statushouder ", "STATUSHOUDER", "statushouder", "STH", "sth ", "Statushouder\u00a0"])
def test_map_label_case_and_spaces(label):
    assert readers.map_label(label, CODES) == "statushouder"


def test_map_label_unknown_suggests():
    with pytest.raises(Waardefout) as exc:
        readers.map_label("Statushoudr", CODES)
    assert exc.value.regel == "onbekende code"
    assert "statushouder" in exc.value.suggestie


def test_map_toegestaan():
    assert readers.map_toegestaan(" a++ ", ("A++", "A")) == "A++"


def test_csv_utf8_bom_semicolon_with_marker(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text(f"# {DEMO_MARKER}\nNaam;Bedrag\nÉén;1,5\n\n\"a;b\";2\n", encoding="utf-8-sig")
    ruw = readers.lees_csv(pad, ["Naam", "Bedrag"])
    assert ruw.kolommen == ["Naam", "Bedrag"]
    assert ruw.kopregel == 2
    assert ruw.rijen == [(3, ["Één", "1,5"]), (5, ["a;b", "2"])]


def test_csv_cp1252_comma(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_bytes("Naam,Bedrag\ncafé — zo,3\n".encode("cp1252"))
    ruw = readers.lees_csv(pad, ["Naam", "Bedrag"])
    assert ruw.rijen == [(2, ["café — zo", "3"])]


def test_csv_only_the_exact_marker_is_skipped(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("# een andere opmerking\nNaam;Bedrag\nx;1\n", encoding="utf-8")
    with pytest.raises(Leesfout):
        readers.lees_csv(pad, ["Naam", "Bedrag"])


def test_csv_empty_file(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_bytes(b"")
    with pytest.raises(Leesfout, match="leeg"):
        readers.lees_csv(pad, ["Naam"])


def test_xlsx_title_block_and_named_sheet(tmp_path):
    wb = Workbook()
    wb.active.title = "Iets anders"
    ws = wb.create_sheet("Voorraad")
    ws.append([DEMO_MARKER])
    ws.append(["Titel van de export"])
    ws.append([])
    ws.append(["eenheid_nr", "netto_huur", None])
    ws.append([100001, 545.5])
    ws.append([None, None])
    ws.append([100002, "480,00"])
    pad = tmp_path / "x.xlsx"
    wb.save(pad)
    ruw = readers.lees_xlsx(pad, " voorraad ", ["eenheid_nr", "netto_huur"])
    assert ruw.kopregel == 4
    assert [r for r, _ in ruw.rijen] == [5, 7]
    assert ruw.rijen[0][1][:2] == [100001, 545.5]
    with pytest.raises(Leesfout, match="werkblad 'Verhuringen' ontbreekt"):
        readers.lees_xlsx(pad, "Verhuringen", ["eenheid_nr"])


def _blad(tmp_path, cellen: dict, blad: str = "Voorraad"):
    """A workbook with one sheet holding ``cellen`` ({"C4": value}); its path."""
    wb = Workbook()
    wb.active.title = blad
    for ref, waarde in cellen.items():
        wb.active[ref] = waarde
    pad = tmp_path / "x.xlsx"
    wb.save(pad)
    return pad


def test_xlsx_values_as_typed_in_excel_and_row_numbers_below_empty_area(tmp_path):
    pad = _blad(tmp_path, {"C4": "eenheid_nr", "D4": "peildatum", "E4": "netto_huur", "F4": "toelichting",
                           "C5": 100001, "D5": dt.datetime(2026, 12, 31), "E5": 545.5,
                           "F5": "",  # an empty text cell is an empty cell
                           "C7": "100002"})
    ruw = readers.lees_xlsx(pad, "Voorraad", ["eenheid_nr", "peildatum", "netto_huur"])
    assert ruw.kopregel == 4
    assert ruw.kolommen == ["", "", "eenheid_nr", "peildatum", "netto_huur", "toelichting"]
    assert ruw.rijen == [(5, [None, None, 100001, dt.datetime(2026, 12, 31), 545.5]), (7, [None, None, "100002"])]


def test_xlsx_error_cells_kept_as_their_text(tmp_path):
    """An Excel error (#DIV/0!, #N/A) is a value the partner must fix, never an empty cell: a row
    holding only errors would otherwise vanish as an empty row."""
    pad = _blad(tmp_path, {"A1": "eenheid_nr", "B1": "netto_huur", "A2": 100001, "B2": "#DIV/0!", "B3": "#N/A"})
    ruw = readers.lees_xlsx(pad, "Voorraad", ["eenheid_nr", "netto_huur"])
    assert ruw.rijen == [(2, [100001, "#DIV/0!"]), (3, [None, "#N/A"])]


@pytest.mark.parametrize("waarde", ["#DIV/0!", "#N/A", " #deel/0! ", "#N/B"])
def test_excel_error_value_is_named(waarde):
    for parse in (readers.parse_getal, readers.parse_datum, readers.parse_kwartaal,
                  lambda w: readers.map_label(w, {"egw": "EGW"})):
        with pytest.raises(Waardefout, match="Excel-foutwaarde") as exc:
            parse(waarde)
        assert "formule" in exc.value.suggestie


def test_xlsx_header_only_within_search_range(tmp_path):
    pad = _blad(tmp_path, {f"A{readers.HEADER_ZOEKBEREIK + 5}": "eenheid_nr"})
    with pytest.raises(Leesfout, match="kopregel niet gevonden"):
        readers.lees_xlsx(pad, "Voorraad", ["eenheid_nr"])


def test_xlsx_stray_far_cell_refused_before_loading(tmp_path):
    """One value in the last cell of a sheet would make the reader allocate billions of cells."""
    pad = _blad(tmp_path, {"A1": "eenheid_nr", "A2": 100001, "XFD1048576": "x"})
    with pytest.raises(Leesfout, match="rij 1048576 en kolom XFD") as exc:
        readers.lees_xlsx(pad, "Voorraad", ["eenheid_nr"])
    assert "verwijder losse waarden" in exc.value.suggestie


def test_xlsx_broken_file(tmp_path):
    pad = tmp_path / "x.xlsx"
    pad.write_text("geen excel")
    with pytest.raises(Leesfout, match="geen .xlsx-bestand"):
        readers.lees_xlsx(pad, "Voorraad", ["a"])


@pytest.mark.parametrize("waarde,verwacht", [("31/12/2026", dt.date(2026, 12, 31)), ("03/03/2026", dt.date(2026, 3, 3)),
                                             ("03-04-2026", dt.date(2026, 4, 3))])
def test_parse_datum_slash_only_when_unambiguous(waarde, verwacht):
    assert readers.parse_datum(waarde) == verwacht


def test_parse_datum_ambiguous_slash_suggests_dutch_form():
    with pytest.raises(Waardefout) as exc:
        readers.parse_datum("04/03/2026")
    assert "niet eenduidig" in exc.value.regel and "04-03-2026" in exc.value.suggestie


@pytest.mark.parametrize("waarde", ["9" * 400, "1" * 41, 10**400])
def test_parse_getal_huge_is_error_not_inf(waarde):
    with pytest.raises(Waardefout):
        readers.parse_getal(waarde, ",", ".")
    with pytest.raises(Waardefout):
        readers.parse_geheel(waarde, ",", ".")


# ---------------------------------------------------------------- untrusted files: refused with a Dutch Leesfout


def _zip_bomb(pad, grootte):
    import zipfile

    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * grootte)


def test_zip_bomb_refused_before_the_excel_reader(tmp_path, monkeypatch):
    pad = tmp_path / "bom.xlsx"
    _zip_bomb(pad, 30 * 1024 * 1024)  # 30 MB of zeros: ratio ~1000
    assert pad.stat().st_size < 100_000

    def nooit(*a, **k):
        raise AssertionError("de Excel-lezer mag dit bestand niet openen")

    monkeypatch.setattr(readers, "Werkmap", nooit)
    with pytest.raises(Leesfout, match="verdacht sterk gecomprimeerd"):
        readers.open_werkmap(pad)


def test_zip_uncompressed_total_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_XLSX_UITGEPAKT_MB", 1)
    pad = tmp_path / "groot.xlsx"
    _zip_bomb(pad, 2 * 1024 * 1024)
    with pytest.raises(Leesfout, match="uitgepakt te groot"):
        readers.open_werkmap(pad)


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_BESTAND_MB", 1)
    pad = tmp_path / "x.csv"
    pad.write_bytes(b"Naam;Bedrag\n" + b"a;1\n" * 300_000)
    with pytest.raises(Leesfout, match="te groot") as exc:
        readers.lees_csv(pad, ["Naam", "Bedrag"])
    assert "1 MB" in exc.value.regel


@pytest.mark.parametrize("inhoud,melding", [
    (b"Naam;Bedrag\n\x00\x01\x02;1\n", "NUL-tekens"),
    ("Naam;Bedrag\nx;1\n".encode("utf-16"), "UTF-16"),
    (b"PK\x03\x04rest", "Excel- of zipbestand"),
    (b"Naam;Bedrag\n" + bytes(range(1, 9)) * 50 + b"\n", "stuurtekens"),
    (b'Naam;Bedrag\n"' + b"a" * 200_000 + b";1\n", "geen geldige CSV"),
    (b"", "leeg"),
])
def test_csv_binary_or_malformed_refused(tmp_path, inhoud, melding):
    pad = tmp_path / "x.csv"
    pad.write_bytes(inhoud)
    with pytest.raises(Leesfout, match=melding):
        readers.lees_csv(pad, ["Naam", "Bedrag"])


def test_xlsx_truncated_is_leesfout(tmp_path):
    wb = Workbook()
    wb.active.append(["a"])
    pad = tmp_path / "x.xlsx"
    wb.save(pad)
    pad.write_bytes(pad.read_bytes()[:300])
    with pytest.raises(Leesfout, match="beschadigd"):
        readers.open_werkmap(pad)


@pytest.mark.parametrize("waarde,verwacht", [("712,50", 712.5), ("712.5", 712.5), ("1.234,56", 1234.56),
                                             ("1.234.567", 1234567.0), ("23456", 23456.0), (812.5, 812.5)])
def test_parse_getal_without_declared_convention(waarde, verwacht):
    """Excel text cells: no declared decimal sign, so only unambiguous numbers are accepted."""
    assert readers.parse_getal(waarde, "", "") == verwacht


@pytest.mark.parametrize("waarde", ["1.234", "1,234", "-2.500", "1.2.3", "1,2.3,4"])
def test_parse_getal_without_convention_ambiguous(waarde):
    with pytest.raises(Waardefout):
        readers.parse_getal(waarde, "", "")


def test_parse_getal_declared_convention_decides():
    """With a declared convention, 1.234 has one reading: thousands (Vidomes) or decimal (point contract)."""
    assert readers.parse_getal("1.234", ",", ".") == 1234.0
    assert readers.parse_getal("1.234", ".", "") == 1.234
