"""Larger demo scales (`demo --schaal`) and the CSV alternative of an Excel sheet in the contract."""

from __future__ import annotations

import hashlib
import time
import zipfile

import openpyxl
import pandas as pd
import pytest

from prestatiemonitor import clean, readers
from prestatiemonitor.contract import load_contract
from prestatiemonitor.demo import write_demo
from prestatiemonitor.validation import beoordeel_levering, validate_year

# Content hashes of the Leidschendam-Voorburg demo 2026 as it was before `--schaal` existed. For an
# .xlsx: the zip members except docProps/core.xml (openpyxl stamps the save time there).
LV_2026 = {
    "LEESMIJ.txt": "99799f8a90479825c84b1e8a92c10235ebab43c3f7c96de1543b35294fbc1114",
    "gemeente/mijlpalen_2026.csv": "ccdd44b2cbc7928854568ce99b77ab164b2ab30fabefd499911675965c38a47a",
    "vidomes/complexen_55plus_2026.csv": "a5cfb7ffaf29bcc60a724dbc2fa9f13dc047220a24f4e85e9af592d207b9a856",
    "vidomes/huurachterstand_2026.csv": "e54b7f0f3949fbddb5580420c3ec946807729d64082c4594ff9b888d91ba29a1",
    "vidomes/mutaties_2026.csv": "90ccad276d21188b8d099f138abc36c8c01f8b58af05dff6ab63ab064f01a70c",
    "vidomes/verhuringen_2026.csv": "d9836a20d52c608a4d3486a70143171756686f66d32c61ba08d17eca8645b6f2",
    "vidomes/voorraad_2026.csv": "5bf9384108615ef35af9dee51ea0e67041170d1618050cc2351d68419793f323",
    "vidomes/vrijkomend_2026.csv": "ec1336b01376bfa97e4c010adc15e7be08393f3c989e59cbd4ad80a4bb18ae64",
    "gemeente/kengetallen_2026.xlsx": "XLSX",
    "wooninvest/wooninvest_2026.xlsx": "XLSX",
    "gemeente/reactie.md": "620ee3ee644ece156e2e8fe9c4213bdb278ae2ed304e308858f3cabb2ef5e83c",
    "vidomes/reactie.md": "b7947523c97414f939e91f71915c94af88b784cd805b95aedcff6af9f29331cd",
    "respectus/reactie.md": "f2427fbcb73576c6ccee9e9ab8e5f62b4c10216fde2de05869624e3ad06b53a3",
}


def _inhoud(pad):
    if pad.suffix == ".xlsx":
        with zipfile.ZipFile(pad) as z:
            return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def test_lv_is_standaard_en_ongewijzigd(tmp_path):
    standaard = write_demo(2026, tmp_path / "a")
    expliciet = write_demo(2026, tmp_path / "b", schaal="lv")
    namen = sorted(p.relative_to(tmp_path / "a" / "2026").as_posix() for p in standaard)
    assert namen == sorted(LV_2026)
    for naam, verwacht in LV_2026.items():
        a, b = tmp_path / "a" / "2026" / naam, tmp_path / "b" / "2026" / naam
        assert _inhoud(a) == _inhoud(b), naam
        if verwacht != "XLSX":
            assert _inhoud(a) == verwacht, naam
    assert "SCHAAL" not in (tmp_path / "a" / "2026" / "LEESMIJ.txt").read_text(encoding="utf-8")
    assert len(expliciet) == len(standaard)


def test_haaglanden_levering_is_schoon_en_op_schaal(tmp_path):
    start = time.perf_counter()
    paden = write_demo(2026, tmp_path, schaal="haaglanden")
    namen = {p.name for p in paden}
    assert {"wooninvest_2026_voorraad.csv", "wooninvest_2026_verhuringen.csv", "wooninvest_2026.xlsx"} <= namen
    rapport, resultaten = beoordeel_levering(2026, tmp_path)
    assert rapport.fouten == [], rapport.tekst()[:3000]
    assert rapport.waarschuwingen == [], rapport.tekst()[:3000]
    tabellen = clean.harmoniseer(resultaten)
    v = tabellen["voorraad"]
    begin = v[v["peildatum"] == pd.Timestamp(2026, 1, 1)]
    assert 141_000 <= len(begin) <= 143_000
    assert set(begin["corporatie"]) == {"Vidomes", "WoonInvest"}
    assert 7_500 <= len(tabellen["verhuringen"]) <= 8_700
    wi = tabellen["verhuringen"][tabellen["verhuringen"]["corporatie"] == "WoonInvest"]
    assert set(wi["bron_bestand"]) == {"wooninvest_2026_verhuringen.csv"}
    leesmij = (tmp_path / "2026" / "LEESMIJ.txt").read_text(encoding="utf-8")
    assert "Haaglanden" in leesmij and "opgeschaald" in leesmij and "wooninvest_2026_voorraad.csv" in leesmij
    assert time.perf_counter() - start < 60


def test_schaal_is_deterministisch(tmp_path):
    a = write_demo(2027, tmp_path / "a", schaal="haaglanden")
    b = write_demo(2027, tmp_path / "b", schaal="haaglanden")
    for pa, pb in zip(a, b):
        assert pa.name == pb.name
        assert _inhoud(pa) == _inhoud(pb), pa.name


def test_onbekende_schaal(tmp_path):
    with pytest.raises(ValueError, match="Onbekende schaal"):
        write_demo(2026, tmp_path, schaal="provincie")


def _blad_als_csv(werkmap, blad: str, pad) -> None:
    """Write one demo sheet as the contract's CSV alternative: ';', decimal comma, dd-mm-jjjj."""
    ws = openpyxl.load_workbook(werkmap, read_only=True, data_only=True)[blad]
    rijen = [r for r in ws.iter_rows(values_only=True)]
    kop = next(i for i, r in enumerate(rijen) if r and r[0] in ("peildatum", "eenheid_nr"))

    def cel(w):
        if w is None:
            return ""
        if hasattr(w, "strftime"):
            return w.strftime("%d-%m-%Y")
        if isinstance(w, float):
            return f"{w:.2f}".replace(".", ",")
        return str(w)

    regels = [";".join(cel(w) for w in r) for r in rijen[kop:]]
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")


def test_csv_alternatief_geeft_dezelfde_tabel_als_het_blad(tmp_path):
    write_demo(2026, tmp_path)
    map_ = tmp_path / "2026" / "wooninvest"
    _, res_xlsx = beoordeel_levering(2026, tmp_path)
    voor = clean.harmoniseer(res_xlsx)
    _blad_als_csv(map_ / "wooninvest_2026.xlsx", "Voorraad", map_ / "wooninvest_2026_voorraad.csv")
    rapport, res_csv = beoordeel_levering(2026, tmp_path)
    assert rapport.fouten == []
    assert not [b for b in rapport.waarschuwingen if "onbekend bestand" in b.regel]
    na = clean.harmoniseer(res_csv)
    data = [c for c in voor["voorraad"].columns if not c.startswith("bron_")]
    pd.testing.assert_frame_equal(voor["voorraad"][data], na["voorraad"][data])
    wi = na["voorraad"][na["voorraad"]["corporatie"] == "WoonInvest"]
    assert set(wi["bron_bestand"]) == {"wooninvest_2026_voorraad.csv"}
    assert wi["bron_rij"].min() == 2  # header on line 1, first data row on line 2
    # the other sheets still come from the workbook
    assert set(na["verhuringen"].loc[na["verhuringen"]["corporatie"] == "WoonInvest", "bron_bestand"]) == {
        "wooninvest_2026.xlsx!Verhuringen"}


def test_csv_alternatief_klein_met_handgecontroleerde_waarden(tmp_path):
    write_demo(2026, tmp_path)
    pad = tmp_path / "2026" / "wooninvest" / "wooninvest_2026_verhuringen.csv"
    pad.write_text(
        "eenheid_nr;ingangsdatum;netto_huur;hh_grootte;hh_inkomen;aow_jn;doelgroep_code;segment;eerste_verhuring;svh_jn\n"
        "100001;15-03-2026;1.234,50;2;31.000;N;STH;MGW;N;J\n"
        "100002;32-03-2026;600,00;1;20000;N;REG;MGW;N;J\n",
        encoding="utf-8")
    rapport, resultaten = beoordeel_levering(2026, tmp_path)
    res = next(r for r in resultaten if r.label == "wooninvest_2026_verhuringen.csv")
    assert res.frame.loc[2, "kale_huur"] == 1234.5
    assert res.frame.loc[2, "inkomen"] == 31000.0
    assert res.frame.loc[2, "doelgroep"] == "statushouder"
    fout = [b for b in rapport.fouten if b.bestand == "wooninvest_2026_verhuringen.csv"]
    assert [(b.rij, b.kolom, b.waarde, b.regel) for b in fout] == [(3, "ingangsdatum", "32-03-2026", "datum bestaat niet")]


def test_csv_alternatief_mag_groter_dan_gewone_bestandsgrens(tmp_path, monkeypatch):
    write_demo(2026, tmp_path)
    map_ = tmp_path / "2026" / "wooninvest"
    _blad_als_csv(map_ / "wooninvest_2026.xlsx", "Voorraad", map_ / "wooninvest_2026_voorraad.csv")
    grootte = (map_ / "wooninvest_2026_voorraad.csv").stat().st_size
    assert grootte > 1024 * 1024  # WoonInvest's stock as CSV: more than 1 MB
    monkeypatch.setattr(readers, "MAX_BESTAND_MB", 0.3)
    rapport = validate_year(2026, tmp_path)
    te_groot = {b.bestand for b in rapport.fouten if "te groot" in b.regel}
    assert "wooninvest_2026_voorraad.csv" not in te_groot
    assert "voorraad_2026.csv" in te_groot  # Vidomes' own CSV (0,4 MB) keeps the normal limit
    monkeypatch.setattr(readers, "MAX_CSV_ALTERNATIEF_MB", 1)
    rapport = validate_year(2026, tmp_path)
    fout = [b for b in rapport.fouten if b.bestand == "wooninvest_2026_voorraad.csv"]
    assert len(fout) == 1 and "de grens is 1 MB" in fout[0].regel


def test_contract_kent_het_csv_alternatief():
    contract = load_contract()
    wi = contract.partijen["wooninvest"]
    voorraad = next(b for b in wi.bestanden if b.blad == "Voorraad")
    alt = voorraad.csv_alternatief()
    assert alt.bestandsnaam(2026) == "wooninvest_2026_voorraad.csv"
    assert (alt.formaat, alt.scheidingsteken, alt.decimaalteken, alt.duizendtal) == ("csv", ";", ",", ".")
    assert alt.alternatief_van == "wooninvest_{jaar}.xlsx!Voorraad"
    vidomes = contract.partijen["vidomes"].bestanden[0]
    assert vidomes.csv_alternatief() is None


def _bederf(map_):
    """Hand-made problems in Vidomes' CSVs, each of a kind the per-row checks report."""
    pad = map_ / "voorraad_2026.csv"
    regels = pad.read_text(encoding="utf-8-sig").split("\n")
    # regels[0] marker, [1] header; line number = list index + 1
    velden = regels[2].split(";")
    regels[4] = ";".join(velden[:10] + ["12,345,6"] + velden[11:])  # line 5: ambiguous number
    regels[6] = regels[2]  # line 7: exact copy of line 3 (also a duplicate key)
    regels[8] = ";;;;;;;;;;;;;"  # line 9: only empty cells, skipped
    regels[10] = "Totaal;;;;;;;;;;;;;"  # line 11: totals row
    velden = regels[12].split(";")
    regels[12] = ";".join(velden[:5] + ["Twee-onder-een-kap"] + velden[6:])  # line 13: unknown code
    velden = regels[14].split(";")
    regels[14] = ";".join(["31-02-2026"] + velden[1:])  # line 15: date that does not exist
    velden = regels[16].split(";")
    regels[16] = ";".join(velden[:10] + ["4000,00"] + velden[11:])  # line 17: above the maximum
    pad.write_text("\ufeff" + "\n".join(regels), encoding="utf-8")
    pad = map_ / "verhuringen_2026.csv"
    regels = pad.read_text(encoding="utf-8-sig").split("\n")
    velden = regels[3].split(";")
    regels[3] = ";".join(["99999999"] + velden[1:3] + ["12"] + velden[4:])  # not in stock; household above signal
    pad.write_text("\ufeff" + "\n".join(regels), encoding="utf-8")


def test_snelle_csv_lezer_geeft_dezelfde_meldingen_en_tabellen(tmp_path, monkeypatch):
    write_demo(2026, tmp_path)
    _bederf(tmp_path / "2026" / "vidomes")
    traag, gebruikt = _vergelijk_paden(tmp_path, monkeypatch)
    assert ("mijlpalen_2026.csv", False) in gebruikt  # quoted values: the per-row reader takes over
    alle = [(b.bestand, b.rij, b.regel) for b in traag.fouten + traag.waarschuwingen]
    verwacht = {
        ("voorraad_2026.csv", 5, "getal met onduidelijk scheidingsteken ','"),
        ("voorraad_2026.csv", 7, "exacte kopie van rij 3"),
        ("voorraad_2026.csv", 11, "totaalregel, geen gegevensregel"),
        ("voorraad_2026.csv", 13, "onbekende code"),
        ("voorraad_2026.csv", 15, "datum bestaat niet"),
        ("voorraad_2026.csv", 17, "waarde buiten het toegestane bereik 0 tot en met 3000"),
        ("verhuringen_2026.csv", 4, "verhuurde woning staat niet in de voorraad"),
        ("verhuringen_2026.csv", 4, "ongebruikelijke waarde: meer dan 10 personen"),
    }
    for bestand, rij, begin in verwacht:
        assert any(b == bestand and r == rij and regel.startswith(begin) for b, r, regel in alle), (bestand, rij, begin)


def _vervang(regels, index, kolom, waarde):
    velden = regels[index].split(";")
    velden[kolom] = waarde
    regels[index] = ";".join(velden)


def _bederf_meer(map_):
    """More hand-made problems, of the kinds the pandera checks and the per-value parsers report, and
    values that are not plain ASCII (they take the per-value Python route in the fast path)."""
    pad = map_ / "voorraad_2026.csv"
    regels = pad.read_text(encoding="utf-8-sig").split("\n")  # line number = list index + 1
    _vervang(regels, 18, 3, "")  # line 19: Complexnaam missing
    _vervang(regels, 20, 11, "Z")  # line 21: energielabel not allowed
    _vervang(regels, 22, 0, "15-06-2026")  # line 23: not a peildatum
    regels[24] = ";".join(regels[2].split(";")[:10] + ["999,00"] + regels[2].split(";")[11:])  # line 25: same key as line 3
    regels[27] = regels[26].replace(";Nee;", "; Nee ;", 1) if ";Nee;" in regels[26] else " " + regels[26]  # line 28: copy of 27
    _vervang(regels, 30, 10, "1.234,50")  # thousands separator: parse_getal, not pyarrow
    _vervang(regels, 32, 10, "+812,00")
    _vervang(regels, 34, 10, " 700 ")
    _vervang(regels, 36, 13, "2002,0")
    _vervang(regels, 38, 12, "")  # Energie-index may be empty
    _vervang(regels, 40, 3, "Hof van Wëde")
    _vervang(regels, 42, 3, "Kla\x01verhof")
    regels[44] = "TOTAAL: 3996" + ";" * 13  # totals row
    _vervang(regels, 46, 13, "1500")  # below the minimum
    _vervang(regels, 48, 4, "Oud-Voorburg  ")
    _vervang(regels, 50, 10, "12,345")  # ambiguous? no: decimal comma with three decimals
    _vervang(regels, 52, 10, "1234567890123456789012345678901234567890")  # 40 digits: out of range
    pad.write_text("\ufeff" + "\n".join(regels), encoding="utf-8")
    pad = map_ / "verhuringen_2026.csv"
    regels = pad.read_text(encoding="utf-8-sig").split("\n")
    _vervang(regels, 5, 1, "15-06-2025")  # date outside the year
    _vervang(regels, 7, 3, "25")  # household above the maximum
    _vervang(regels, 9, 6, "")  # Doelgroep missing
    _vervang(regels, 11, 4, "abc")  # not a number
    _vervang(regels, 13, 0, "4000001")  # same key as ... only if the date is equal: no message expected
    pad.write_text("\ufeff" + "\n".join(regels), encoding="utf-8")


def _vergelijk_paden(tmp_path, monkeypatch):
    """Validate the delivery in tmp_path with the per-row reader and with the fast reader; both must give
    the same findings in the same order, the same counts and the same harmonised tables. Returns the
    per-row findings and which files the fast reader took ((name, True) or (name, False))."""
    monkeypatch.setattr(readers, "SNEL_VANAF_MB", 10**6)
    traag, res_traag = beoordeel_levering(2026, tmp_path)
    gebruikt = []
    echt = readers.lees_csv_snel

    def tel(*args, **kwargs):
        uit = echt(*args, **kwargs)
        gebruikt.append((args[0].name, uit is not None))
        return uit

    monkeypatch.setattr(readers, "SNEL_VANAF_MB", 0)
    monkeypatch.setattr(readers, "lees_csv_snel", tel)
    snel, res_snel = beoordeel_levering(2026, tmp_path)
    assert ("voorraad_2026.csv", True) in gebruikt and ("verhuringen_2026.csv", True) in gebruikt
    assert [b.tekst() for b in traag.fouten] == [b.tekst() for b in snel.fouten]
    assert traag.fouten == snel.fouten
    assert traag.waarschuwingen == snel.waarschuwingen
    assert [(t.bestand, t.gelezen, t.gebruikt, t.afgewezen) for t in traag.aantallen] == \
        [(t.bestand, t.gelezen, t.gebruikt, t.afgewezen) for t in snel.aantallen]
    a, b = clean.harmoniseer(res_traag), clean.harmoniseer(res_snel)
    for tabel in a:
        pd.testing.assert_frame_equal(a[tabel], b[tabel], obj=tabel)
    return traag, gebruikt


def test_snelle_csv_lezer_meer_soorten_fouten(tmp_path, monkeypatch):
    write_demo(2026, tmp_path)
    _bederf_meer(tmp_path / "2026" / "vidomes")
    traag, _ = _vergelijk_paden(tmp_path, monkeypatch)
    alle = {(b.bestand, b.rij, b.kolom, b.regel.split(" (")[0]) for b in traag.fouten + traag.waarschuwingen}
    verwacht = {
        ("voorraad_2026.csv", 19, "Complexnaam", "verplichte waarde ontbreekt"),
        ("voorraad_2026.csv", 23, "Peildatum", "peildatum is niet 1 januari of 31 december van het verslagjaar"),
        ("voorraad_2026.csv", 3, "Peildatum, VHE-nummer", "dubbele sleutel: deze combinatie komt vaker voor in het bestand"),
        ("voorraad_2026.csv", 25, "Peildatum, VHE-nummer", "dubbele sleutel: deze combinatie komt vaker voor in het bestand"),
        ("voorraad_2026.csv", 28, None, "exacte kopie van rij 27"),
        ("voorraad_2026.csv", 45, None, "totaalregel, geen gegevensregel"),
        ("voorraad_2026.csv", 47, "Bouwjaar", "waarde buiten het toegestane bereik 1600 tot en met 2035"),
        ("voorraad_2026.csv", 53, "Kale huur", "waarde buiten het toegestane bereik 0 tot en met 3000"),
        ("verhuringen_2026.csv", 6, "Ingangsdatum", "datum valt buiten 2026"),
        ("verhuringen_2026.csv", 8, "Huishoudgrootte", "waarde buiten het toegestane bereik 1 tot en met 20"),
        ("verhuringen_2026.csv", 10, "Doelgroep", "verplichte waarde ontbreekt"),
    }
    assert verwacht <= alle, sorted(verwacht - alle)
    energielabel = [b for b in traag.fouten if b.rij == 21 and b.bestand == "voorraad_2026.csv"]
    assert [(b.kolom, b.waarde) for b in energielabel] == [("Energielabel", "Z")]
    assert any(b.rij == 12 and b.kolom == "Inkomen" and b.waarde == "abc" for b in traag.fouten)
    assert not any(b.rij in (31, 33, 35, 37, 39, 41, 43, 49, 51) for b in traag.fouten if b.bestand == "voorraad_2026.csv")


def test_snelle_controles_gelijk_aan_pandera():
    """The vectorised checks of the fast path against pandera (_pandera_bevindingen) on random frames with
    every kind of failure, with text as object (per-row path) and as pyarrow-backed str (fast path)."""
    import numpy as np

    from prestatiemonitor import validation

    contract = load_contract()
    for partij, tabel in (("vidomes", "voorraad"), ("vidomes", "verhuringen"), ("wooninvest", "voorraad")):
        p = contract.partijen[partij]
        bestand = next(b for b in p.bestanden if b.tabel == tabel)
        rng = np.random.default_rng(7)
        n = 400
        index = pd.Index(np.sort(rng.choice(np.arange(2, 5000), n, replace=False)), name="bron_rij")
        frame = {}
        for k in bestand.kolommen:
            d = k.doel
            if d.type in ("decimaal", "geheel", "kwartaal"):
                lo = d.min if d.min is not None else 0
                hi = d.max if d.max is not None else 100
                w = rng.uniform(lo - 0.2 * (hi - lo), hi + 0.2 * (hi - lo), n).round(0 if d.type != "decimaal" else 2)
                w[rng.random(n) < 0.05] = np.nan
                frame[d.naam] = pd.Series(w, index=index)
            elif d.type == "datum":
                datums = pd.to_datetime(rng.choice(["2026-01-01", "2026-12-31", "2026-06-15", "2025-12-31"], n))
                w = pd.Series(datums, index=index).astype("datetime64[ns]")
                w[rng.random(n) < 0.05] = pd.NaT
                frame[d.naam] = w
            elif d.type == "ja_nee":
                frame[d.naam] = pd.Series(rng.choice(np.array([True, False, None], dtype=object), n), index=index,
                                          dtype=object)
            else:
                keuzes = list(d.toegestaan or ("a", "b", "c")) + ["onbekend", None]
                frame[d.naam] = pd.Series(rng.choice(np.array(keuzes, dtype=object), n), index=index, dtype=object)
        frame = pd.DataFrame(frame, index=index)
        ruw = {int(r): {k.naam: f"ruw {r} {k.naam}" for k in bestand.kolommen} for r in index}
        al_fout = {(int(r), bestand.kolommen[1].doel.naam) for r in index[::7]}
        verwacht = validation.Bestandsresultaat(p, bestand, "x.csv")
        validation._pandera_bevindingen(verwacht, frame, 2026, al_fout, ruw)
        assert len({b.regel for b in verwacht.bevindingen}) >= 3
        for variant in (frame, frame.astype({c: "str" for c in frame.columns if frame[c].dtype == object
                                             and not any(isinstance(x, bool) for x in frame[c])})):
            snel = validation.Bestandsresultaat(p, bestand, "x.csv")
            validation._controles_snel(snel, variant, 2026, al_fout, ruw)
            assert snel.bevindingen == verwacht.bevindingen, (partij, tabel)
