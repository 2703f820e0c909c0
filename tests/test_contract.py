"""Contract: YAML consistency and the written contract (data/raw/README.md) in sync with it."""

from __future__ import annotations

import shutil

import pytest

from prestatiemonitor.contract import CONTRACT_DIR, README, ContractFout, contract_markdown, load_contract

ARCHITECTUUR_TABELLEN = {"voorraad", "verhuringen", "vrijkomend", "voorraadmutaties", "huurachterstand",
                         "complexen_55plus", "gemeente_kengetallen", "mijlpalen"}


def test_contract_loads_all_partijen_and_tables():
    c = load_contract()
    assert set(c.partijen) == {"vidomes", "wooninvest", "gemeente"}
    assert set(c.tabellen) == ARCHITECTUUR_TABELLEN
    for p in ("vidomes", "wooninvest"):
        assert {b.tabel for b in c.partijen[p].bestanden} == ARCHITECTUUR_TABELLEN - {"gemeente_kengetallen", "mijlpalen"}
    assert {b.tabel for b in c.partijen["gemeente"].bestanden} == {"gemeente_kengetallen", "mijlpalen"}


def test_code_lists_map_partner_codes():
    c = load_contract()
    assert c.partijen["wooninvest"].codelijsten["doelgroep"]["sth"] == "statushouder"
    assert c.partijen["vidomes"].codelijsten["doelgroep"]["statushouder"] == "statushouder"


def test_every_column_has_meaning_and_ja_nee_has_code_list():
    c = load_contract()
    for b in c.bestanden():
        for k in b.kolommen:
            assert k.doel.betekenis, (b.patroon, k.naam)
            if k.doel.type == "ja_nee":
                assert k.codelijst == "ja_nee", (b.patroon, k.naam)


def test_readme_is_generated_from_contract():
    committed = README.read_text(encoding="utf-8")
    assert committed == contract_markdown(), "data/raw/README.md loopt achter: draai prestatiemonitor.contract.schrijf_readme()"


def test_every_yaml_column_appears_in_readme():
    tekst = README.read_text(encoding="utf-8")
    for b in load_contract().bestanden():
        assert b.patroon.replace("{jaar}", "<jaar>") in tekst
        for k in b.kolommen:
            assert f"| `{k.naam}` | `{k.doel.naam}` |" in tekst


def test_conflicting_code_list_is_contract_error(tmp_path):
    kopie = tmp_path / "contract"
    shutil.copytree(CONTRACT_DIR, kopie)
    pad = kopie / "wooninvest.yaml"
    pad.write_text(pad.read_text(encoding="utf-8").replace("statushouder: [STH]", "statushouder: [STH, REG]"), encoding="utf-8")
    with pytest.raises(ContractFout, match="REG"):
        load_contract(kopie)
