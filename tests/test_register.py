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


def test_thema_3_tot_5_af_te_stemmen(df):
    for thema in (3, 4, 5):
        deel = df[df["thema"] == thema]
        assert len(deel) >= 2
        assert deel["af_te_stemmen"].all()
        assert deel["tekst"].str.contains("af te stemmen met de getekende tekst").all()
    assert not df.loc[df["thema"].isin([1, 2]), "af_te_stemmen"].any()


def test_kernnormen(df):
    r = df.set_index("id")
    assert r.loc["1.3.2-18", "eisen"][0] == {"type": "minimum", "indicator": "verhuringen_statushouders",
                                              "waarde": 50, "jaren": [2026]}
    assert r.loc["1.3.2-16", "eisen"][0]["uitsplitsing"] == "deelsegment_kwartaal"
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


def test_onbekend_normtype(tmp_path):
    items = GOED.format(soort="norm", indicator="verhuringen_statushouders").replace(
        "  bron:", "  norm:\n    type: ongeveer\n  bron:")
    with pytest.raises(reg.RegisterFout, match="onbekend normtype 'ongeveer'"):
        reg.laad_register(schrijf(tmp_path, items))
