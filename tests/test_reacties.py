"""The parties' reactions (data/raw/<jaar>/<partij>/reactie.md): checked at the door with the
delivery, printed literally (never as markup) through reacties.reactie_markdown; and the check of
the gemeente's milestone deadlines against the register."""

from __future__ import annotations

import re
import subprocess

import pytest

from prestatiemonitor import reacties
from prestatiemonitor.render.builtin import pandoc_pad
from prestatiemonitor.validation import FOUT, WAARSCHUWING, validate_year

from test_validation import JAAR, mini_levering


@pytest.fixture
def levering(tmp_path):
    return mini_levering(tmp_path / "raw")


def schrijf(root, map_, tekst: str | bytes):
    pad = root / str(JAAR) / map_ / "reactie.md"
    pad.parent.mkdir(parents=True, exist_ok=True)
    (pad.write_bytes if isinstance(tekst, bytes) else lambda t: pad.write_text(t, encoding="utf-8"))(tekst)
    return pad


def test_goede_reacties_van_alle_partijen_ook_huurdersorganisaties(levering):
    schrijf(levering, "vidomes", "Wij zijn *tevreden*.\n\n- punt een\n- punt twee\n")
    schrijf(levering, "respectus", "Huurders met <10 ontruimingen: nog te veel.")
    rapport = validate_year(JAAR, levering)
    assert rapport.ok and not rapport.waarschuwingen, rapport.tekst()  # reactie.md is no "onbekend bestand"
    gelezen = {r.map: r.tekst for r in reacties.lees(JAAR, levering)}
    assert list(gelezen) == ["gemeente", "vidomes", "wooninvest", "huurdersraad_vidomes", "respectus"]
    assert gelezen["respectus"].startswith("Huurders") and gelezen["wooninvest"] is None


@pytest.mark.parametrize("tekst, regel", [
    ("Zie <script>alert(1)</script>", "HTML is niet toegestaan"),
    ("Een <b>vet</b> woord", "HTML is niet toegestaan"),
    ("A &amp; B", "HTML-codes"),
    ("# Onze reactie\nTekst", "kopjes zijn niet toegestaan"),
    ("Zie [de site](https://voorbeeld.nl)", "links zijn niet toegestaan"),
    ("![logo](logo.png)", "afbeeldingen zijn niet toegestaan"),
    ("```\ncode\n```", "codeblokken zijn niet toegestaan"),
    ("| a | b |", "tabellen zijn niet toegestaan"),
    ("::: {.werkwijze}", "blokken (:::) zijn niet toegestaan"),
    ("Tekst met \x1b[31m stuurteken", "onzichtbare stuurtekens"),
    ("x" * (reacties.MAX_TEKENS + 1), f"langer dan {reacties.MAX_TEKENS} tekens"),
])
def test_foute_reactie_is_een_nederlandse_fout_met_regel(levering, tekst, regel):
    schrijf(levering, "huurdersraad_vidomes", tekst)
    rapport = validate_year(JAAR, levering)
    fouten = [b for b in rapport.fouten if b.bestand == "huurdersraad_vidomes/reactie.md"]
    assert fouten and any(regel in b.regel for b in fouten), rapport.tekst()
    assert all(b.partij == "Huurdersraad Vidomes" for b in fouten)
    assert "huurdersraad_vidomes/reactie.md" in rapport.tekst()


def test_reactie_geen_utf8_of_leeg(levering):
    schrijf(levering, "gemeente", "caf\xe9".encode("cp1252"))
    schrijf(levering, "wooninvest", "  \n")
    rapport = validate_year(JAAR, levering)
    assert any(b.regel == "tekst is geen UTF-8" and b.ernst == FOUT for b in rapport.fouten)
    assert any("leeg" in b.regel and b.ernst == WAARSCHUWING for b in rapport.waarschuwingen)
    assert {r.map: r.tekst for r in reacties.lees(JAAR, levering)}["wooninvest"] is None


def test_reactie_letterlijk_nooit_opmaak():
    """Whatever the text, pandoc shows it as text: no element, no emphasis, no list, no div."""
    tekst = ("*niet vet* _niet cursief_ <script>x</script> &amp;\n- geen lijst\n# geen kop\n"
             "::: {.werkwijze}\n[link](http://x) `code` \\ einde\n\nTweede alinea")
    md = reacties.reactie_markdown(tekst)
    assert md.startswith("::: {.kader .pm-reactie}\n") and md.endswith("\n:::")
    html = subprocess.run([pandoc_pad(), "-f", "markdown-raw_tex", "-t", "html5"], input=md, capture_output=True,
                          text=True, check=True).stdout
    for opmaak in ("<em>", "<strong>", "<script", "<ul>", "<h1", "<a ", "<code>", 'class="werkwijze"'):
        assert opmaak not in html, opmaak
    zichtbaar = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for stuk in ("*niet vet*", "_niet cursief_", "<script>x</script>", "&amp;", "- geen lijst", "# geen kop",
                 "::: {.werkwijze}", "[link](http://x)", "`code`", "\\ einde"):
        assert stuk in zichtbaar, stuk
    assert html.count("<p>") == 2  # paragraphs kept
    assert reacties.reactie_markdown(None) == "*Geen reactie ontvangen.*"
    assert reacties.reactie_markdown("   ") == "*Geen reactie ontvangen.*"


def test_deadline_van_de_gemeente_wijkt_af_van_het_register(levering):
    pad = levering / str(JAAR) / "gemeente" / f"mijlpalen_{JAAR}.csv"
    tekst = pad.read_bytes().decode("cp1252").replace("1.1.2-1,Uitvoeringsagenda vastgesteld — college,2026-09-30",
                                                      "1.1.2-1,Uitvoeringsagenda vastgesteld — college,2026-12-31")
    tekst += "1.3.2-20,Convenantwoningen H1,2026-06-30,24-06-2026,\n1.3.2-20,Convenantwoningen H2,2026-11-30,,\n"
    pad.write_bytes(tekst.encode("cp1252"))
    rapport = validate_year(JAAR, levering)
    assert rapport.ok, rapport.tekst()
    meldingen = [b for b in rapport.waarschuwingen if "wijkt af van het register" in b.regel]
    assert len(meldingen) == 2, rapport.tekst()
    eerste = next(b for b in meldingen if "1.1.2-1" in b.regel)
    assert eerste.waarde == "31 december 2026" and "30 september 2026" in eerste.regel and eerste.kolom == "Deadline"
    assert any("30 juni 2026 of 31 december 2026" in b.regel for b in meldingen)  # half-yearly: 30-06 or 31-12
