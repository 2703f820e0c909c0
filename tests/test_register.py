"""The register of afspraken (data/reference/afspraken.yaml) and the indicator catalogue."""

import re
import textwrap

import pytest
import yaml

from prestatiemonitor import paths, register as reg


@pytest.fixture(scope="module")
def df():
    return reg.laad_register()


def nummers(df, paragraaf):
    """The afspraak numbers present for a paragraph (29a and 29 both count as 29)."""
    ids = df.loc[df["paragraaf"] == paragraaf, "id"]
    return {int(re.match(r"\d+", i.split("-")[1]).group()) for i in ids}


def test_register_laadt_en_ids_uniek(df):
    assert len(df) > 60
    assert df["id"].is_unique


def test_alle_afspraken_van_het_uittreksel(df):
    assert nummers(df, "1.1.2") == set(range(1, 10))
    assert nummers(df, "1.2.2") == set(range(10, 16))
    assert nummers(df, "1.3.2") == set(range(16, 33))
    assert nummers(df, "2.1.2") == {5, 6}  # 1-4 are not in the extract
    assert nummers(df, "2.2.2") == {7, 8, 9, 10}
    for sub in ["1.1.2-4a", "1.1.2-4b", "1.1.2-8a", "1.1.2-8b", "1.3.2-30a", "1.3.2-30b", "1.3.2-30c",
                "1.3.2-30d", "2.2.2-7a", "2.2.2-7b", "2.2.2-7c", "2.2.2-7d"]:
        assert sub in set(df["id"])


@pytest.mark.parametrize("paragraaf, aantal", [("1.1.3", 6), ("1.2.3", 2), ("1.3.3", 4), ("2.1.3", 1), ("2.2.3", 1)])
def test_elk_monitoringitem_eigen_afspraak(df, paragraaf, aantal):
    ids = list(df.loc[df["paragraaf"] == paragraaf, "id"])
    assert ids == [f"{paragraaf}-{letter}" for letter in "abcdefgh"[:aantal]]


def test_thema_3_tot_5_voorlopig(df):
    for thema in (3, 4, 5):
        deel = df[df["thema"] == thema]
        assert len(deel) >= 2
        assert deel["af_te_stemmen"].all()
        assert deel["te_controleren"].str.contains("af te stemmen met de getekende tekst").all()
        assert not deel["citaat"].map(bool).any()  # not in the extract: nothing to quote
    assert not df.loc[df["thema"].isin([1, 2]), "af_te_stemmen"].any()
    assert "3.3" not in set(df["id"])  # duplicated 2.2.2-10, which is in the text


def test_elk_citaat_staat_in_de_tekst_op_die_regels(df):
    regels = reg.uittreksel()
    fout = [(a.id, c["regels"]) for a in df.itertuples() for c in a.citaat if not reg.citaat_klopt(c, regels)]
    assert not fout
    # the copy in data/reference is the extract the brief names, unchanged
    gedeeld = paths.ROOT.parent.parent / "shared" / "agreement" / "prestatieafspraken-2026-2029-extract.txt"
    if gedeeld.is_file():
        assert gedeeld.read_bytes() == (paths.REFERENCE / reg.UITTREKSEL).read_bytes()


def test_elke_norm_uit_de_tekst_of_als_lezing_gemarkeerd(df):
    """Thema 1-2: every afspraak quotes the text; every judged norm quotes it or names the monitor's reading."""
    for a in df.itertuples():
        soorten = {e["type"] for e in a.eisen}
        if a.thema in (1, 2):
            assert a.citaat, a.id
        if soorten & reg.GEOORDEELD:
            assert a.citaat or a.te_controleren, a.id


def test_lezingen_uit_de_issue(df):
    r = df.set_index("id")
    soort = lambda i: {e["type"] for e in r.loc[i, "eisen"]}  # noqa: E731
    assert soort("1.1.2-3") == {"gevolgd"} and r.loc["1.1.2-3", "soort"] == "feit"  # a fact, not a norm
    assert soort("1.2.3-b") == {"gevolgd"}  # no number of spreekuren in the text
    assert soort("1.1.2-6") == {"gevolgd"} and "aangewezen" in r.loc["1.1.2-6", "indicatoren"][0]
    assert "Niet geverifieerd" in r.loc["1.3.2-30a", "te_controleren"]
    assert r.loc["1.3.2-20", "eisen"][0]["herhaling"] == "halfjaarlijks"
    assert r.loc["1.3.2-28", "eisen"][0]["deadline_na"]["maanden"] == 12
    assert r.loc["2.2.2-9", "indicatoren"] == ["nieuwbouw_sociaal_onttrokken"]  # not all DAEB sales
    assert r.loc["2.2.2-10", "eisen"][0]["cumulatief"] is True and not r.loc["2.2.2-10", "per_corporatie"]
    # 18 and 19 read the same way in every year: 18 only in 2026, 19 only with an increase of mutations
    assert r.loc["1.3.2-18", "eisen"][0]["jaren"] == [2026]
    assert "jaren" not in r.loc["1.3.2-19", "eisen"][0]
    # monitoring items that repeat an afspraak are followed, judged once under that afspraak
    for item, afspraak in (("1.1.3-a", "1.1.2-1"), ("1.1.3-b", "1.1.2-2"), ("1.3.3-c", "1.3.2-31"), ("1.3.3-d", "1.3.2-32")):
        assert r.loc[item, "eisen"][0]["zie"] == afspraak
    # no tolerance band: the text names none
    assert not any(e.get("marge") for eisen in df["eisen"] for e in eisen)
    for eisen in df["eisen"]:
        for e in eisen:
            if e["type"] == "pad":
                assert e["richting"] in ("stijgend", "dalend")


def test_een_deadline_per_mijlpaal(df):
    deadlines: dict[str, set] = {}
    for a in df.itertuples():
        for e in a.eisen:
            if e["type"] == "mijlpaal":
                deadlines.setdefault(str(e.get("mijlpaal") or a.id), set()).add(
                    str(e.get("deadline") or e.get("deadline_na") or e.get("herhaling")))
    assert deadlines and all(len(d) == 1 for d in deadlines.values())
    assert set(reg.mijlpaal_eisen(df)) == set(deadlines)


def test_niet_gemonitorde_afspraken():
    lijst = reg.niet_gemonitord()
    assert "2.1.2" in set(lijst["paragraaf"]) and lijst["omschrijving"].str.contains("1 tot en met 4").any()
    assert (lijst["reden"].str.len() > 10).all()


def test_kernnormen(df):
    r = df.set_index("id")
    assert r.loc["1.3.2-18", "eisen"][0] == {"type": "minimum", "indicator": "verhuringen_statushouders",
                                              "waarde": 50, "jaren": [2026]}
    assert r.loc["1.3.2-16", "eisen"][0]["uitsplitsing"] == "deelsegment"
    assert r.loc["1.3.2-23", "corporaties"] == ["WoonInvest"]
    assert str(r.loc["1.1.3-c", "eisen"][0]["deadline"]) == "2026-06-30"
    assert r.loc["2.1.2-6", "eisen"][0]["waarde"] == 0.85


def test_indicatoren_bekend_en_notebook(df):
    cat = reg.laad_indicatoren()
    for ids in df["indicatoren"]:
        assert set(ids) <= set(cat.index)
    for bestaand in ["aandeel_tot_kwaliteitskortingsgrens", "aandeel_tot_aftoppingsgrens_laag",
                     "aandeel_tot_aftoppingsgrens_hoog", "aandeel_tot_huurprijsgrens_daeb"]:
        assert cat.loc[bestaand, "notebook"] == "20_betaalbaarheid_beschikbaarheid"
    assert cat.loc["ontruimingen_uitgevoerd", "gevoelig"]
    assert "aandeel_aandachtsgroepen_55plus_q2" in cat.index


def test_yaml_blokstijl_en_vaste_volgorde():
    tekst = (paths.REFERENCE / "afspraken.yaml").read_text(encoding="utf-8")
    assert not re.search(r":\s*[\[{]", tekst), "geen flow-stijl"
    for item in yaml.safe_load(tekst)["afspraken"]:
        keys = list(item)
        assert keys == sorted(keys, key=reg.SLEUTELS.index)


def schrijf(tmp_path, items: str):
    pad = tmp_path / "afspraken.yaml"
    pad.write_text("afspraken:\n" + textwrap.indent(textwrap.dedent(items), "  "), encoding="utf-8")
    return pad


GOED = """\
- id: "1.3.2-18"
  thema: 1
  paragraaf: "1.3.2"
  titel: t
  tekst: t
  partijen:
    - Vidomes
  soort: {soort}
  per_corporatie: false
  indicatoren:
    - {indicator}
  bron:
    Vidomes: verhuringen
"""


@pytest.mark.parametrize("items, melding", [
    (GOED.format(soort="wens", indicator="verhuringen_statushouders"), "onbekende soort 'wens'"),
    (GOED.format(soort="norm", indicator="bestaat_niet"), "indicator 'bestaat_niet' staat niet in indicatoren.yaml"),
    (GOED.format(soort="norm", indicator="verhuringen_statushouders") * 2, "komt dubbel voor"),
])
def test_foute_register_geeft_nederlandse_melding(tmp_path, items, melding):
    with pytest.raises(reg.RegisterFout, match=re.escape(melding)):
        reg.laad_register(schrijf(tmp_path, items))


@pytest.mark.parametrize("norm, melding", [
    ("    type: pad\n    start: 1\n    doel: 2\n    startjaar: 2026\n    eindjaar: 2027\n", "richting moet stijgend of dalend"),
    ("    type: mijlpaal\n", "precies één termijn"),
    ("    type: minimum\n    waarde: 5\n    marge: 10\n", "marge is een fractie"),
    ("    type: minimum\n    waarde: 5\n", "citeert de tekst (citaat) of noemt de lezing"),
])
def test_norm_zonder_soortgegevens_of_herkomst(tmp_path, norm, melding):
    items = GOED.format(soort="norm", indicator="verhuringen_statushouders").replace("  bron:", "  norm:\n" + norm + "  bron:")
    with pytest.raises(reg.RegisterFout, match=re.escape(melding)):
        reg.laad_register(schrijf(tmp_path, items))


def test_citaat_dat_niet_in_de_tekst_staat():
    assert not reg.citaat_klopt({"regels": "327", "tekst": "maximaal 40% van vrijkomende woningen"}, reg.uittreksel())
    assert reg.citaat_klopt({"regels": "327-328", "tekst": "maximaal 30% van vrijkomende woningen per deelsegment"},
                            reg.uittreksel())
    assert not reg.citaat_klopt({"regels": "1-2", "tekst": "maximaal 30%"}, reg.uittreksel())  # wrong lines


def test_onbekend_normtype(tmp_path):
    items = GOED.format(soort="norm", indicator="verhuringen_statushouders").replace(
        "  bron:", "  norm:\n    type: ongeveer\n  bron:")
    with pytest.raises(reg.RegisterFout, match="onbekend normtype 'ongeveer'"):
        reg.laad_register(schrijf(tmp_path, items))
