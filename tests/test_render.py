"""The built-in renderer, for real: papermill-executed notebook -> pandoc -> HTML and Typst -> PDF."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from prestatiemonitor.render import RenderFout, kies_engine, render_report
from prestatiemonitor.render.notebook_md import NotebookFout, cel_opties, notebooks_naar_document

from pdf_hulp import INGEBED, font_beschrijvingen

JAAR = 2026

PARAMETERS = 'jaar = 2000\ngeheim_pad = "/niet/tonen"'
FIGUUR = '''#| label: fig-verhuringen
#| fig-cap: "Verhuringen per kwartaal naar corporatie"
#| fig-alt: "Staafdiagram met het aantal verhuringen per kwartaal voor Vidomes en WoonInvest."
import matplotlib.pyplot as plt
from matplotlib_inline.backend_inline import set_matplotlib_formats
plt.rcParams["svg.hashsalt"] = "test"
set_matplotlib_formats("svg", metadata={"Date": None})
fig, ax = plt.subplots(figsize=(6, 3))
ax.bar(["K1", "K2", "K3", "K4"], [12, 15, 9, 20], color="#00529b")
ax.set_ylabel("verhuringen")
plt.show()'''
TABEL = '''#| label: tbl-slaagkans
#| tbl-cap: "Slaagkans per doelgroep"
from IPython.display import Markdown
print("dit is stdout en hoort niet in het rapport")
Markdown("""| doelgroep | verhuringen | aandeel |
|:--|--:|--:|
| regulier | 412 | 71,3% |
| statushouder | 58 | 10,0% |
| urgent | 108 | 18,7% |""")'''
ZIN = '''from IPython.display import Markdown
Markdown(f"In {jaar} zijn **578** sociale huurwoningen verhuurd.")'''
DATAFRAME = '''import pandas as pd
pd.DataFrame({"corporatie": ["Vidomes", "WoonInvest"], "woningen": [9123, 2045]})'''
VERBORGEN = '''#| include: false
geheime_tussenstap = 42
print("verborgen")'''
ZONDER_CODE = '''#| echo: false
from IPython.display import Markdown
Markdown("Zin zonder zichtbare berekening.")'''
WERKWIJZE_MD = ("Beide corporaties leverden hun verhuringen.\n\n"
                "::: {.werkwijze}\nWe tellen de regels met `nieuwbouw = nee` uit het bestand "
                "`verhuringen_<jaar>.csv`.\n:::\n\nDaarna volgt de uitkomst voor de raad.")
WERKWIJZE_UIT = '''#| echo: false
from IPython.display import Markdown
Markdown(f"In {jaar} zijn alle mijlpalen gereed.\\n\\n::: {{.werkwijze}}\\nIndicator "
         f"`mijlpaal_gereed_op` uit mijlpalen_{jaar}.csv, datum als jjjjmmdd.\\n:::")'''


def _maak_notebook(map_: Path) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    par = new_code_cell(PARAMETERS)
    par.metadata["tags"] = ["parameters"]
    nb.cells = [
        par,
        new_markdown_cell("# Betaalbaarheid en beschikbaarheid\n\nDe partijen spraken af dat "
                          "@fig-verhuringen en @tbl-slaagkans jaarlijks worden gevolgd.\n\n"
                          "::: {.kader}\nDit is een kader met een pandoc fenced div.\n:::"),
        new_code_cell(ZIN),
        new_code_cell(FIGUUR),
        new_markdown_cell("## Slaagkansen\n\nDe tabel hieronder geeft de slaagkans."),
        new_code_cell(TABEL),
        new_code_cell(VERBORGEN),
        new_code_cell(ZONDER_CODE),
        new_markdown_cell("## 2.2.3 Huurprijzen in de voorraad\n\nKop met het eigen nummer uit de afspraken."),
        new_code_cell(DATAFRAME),
        new_markdown_cell(WERKWIJZE_MD),
        new_code_cell(WERKWIJZE_UIT),
    ]
    bron = map_ / "bron.ipynb"
    nbformat.write(nb, bron)
    return bron


@pytest.fixture(scope="module")
def uitgevoerd(tmp_path_factory) -> Path:
    import papermill as pm

    map_ = tmp_path_factory.mktemp("nb")
    bron = _maak_notebook(map_)
    doel = map_ / "20_betaalbaarheid.ipynb"
    pm.execute_notebook(str(bron), str(doel), parameters={"jaar": JAAR}, kernel_name="python3",
                        progress_bar=False, cwd=str(map_))
    return doel


@pytest.fixture(scope="module")
def gerenderd(uitgevoerd, tmp_path_factory) -> tuple[Path, Path]:
    uit = tmp_path_factory.mktemp("rapport")
    paden = render_report([uitgevoerd], uit, JAAR, engine="builtin")
    return paden[0], paden[1]


def test_paden_en_geen_restanten(gerenderd):
    html, pdf = gerenderd
    assert html.name == f"prestatiemonitor-{JAAR}.html" and pdf.name == f"prestatiemonitor-{JAAR}.pdf"
    assert sorted(p.name for p in html.parent.iterdir()) == sorted([html.name, pdf.name, "notebooks"])
    # the readable copy of the executed notebook, which the report's source lines link to
    assert [p.name for p in (html.parent / "notebooks").iterdir()] == ["20_betaalbaarheid.html"]


def test_html_zelfstandig_en_nederlands(gerenderd):
    html = gerenderd[0].read_text(encoding="utf-8")
    assert '<html lang="nl"' in html
    for extern in ('src="http', "src='http", 'href="http', "href='http", "<script src", "<link"):
        assert extern not in html, extern
    assert "mathjax" not in html.lower()
    assert 'id="TOC"' in html and 'href="#betaalbaarheid-en-beschikbaarheid"' in html
    assert "<figure" in html and "Verhuringen per kwartaal naar corporatie" in html
    assert "Figuur 1:" in html and "Tabel 1:" in html
    assert 'id="fig-verhuringen"' in html and 'id="tbl-slaagkans"' in html
    assert "Staafdiagram met het aantal verhuringen" in html  # alt text
    assert "Slaagkans per doelgroep" in html and ">statushouder</td>" in html
    assert "In 2026 zijn <strong>578</strong> sociale huurwoningen verhuurd." in html
    assert '<a href="#fig-verhuringen">Figuur 1</a>' in html
    assert 'class="kader"' in html


def test_html_code_gevouwen_en_verborgen_cellen(gerenderd):
    html = gerenderd[0].read_text(encoding="utf-8")
    assert html.count("<summary>Berekening</summary>") == 4  # zin, figuur, tabel, dataframe
    # a bare DataFrame (HTML only) is an intermediate result inside the folded calculation
    assert html.index('<div class="tussenresultaat">') > html.rindex("<summary>Berekening</summary>")
    assert "ax.bar" in html
    assert html.count("hoort niet in het rapport") == 1  # only in the code, the stdout is not shown
    assert "geheime_tussenstap" not in html  # include: false
    assert "Zin zonder zichtbare berekening." in html and 'Markdown("Zin zonder' not in html  # echo: false
    assert "/niet/tonen" not in html and "jaar = 2000" not in html  # parameters cells
    # the calculation comes after its output
    assert html.index("Slaagkans per doelgroep") < html.index("stdout en hoort")


def test_pdf_a4_titel_en_inhoud(gerenderd):
    from pypdf import PdfReader

    reader = PdfReader(gerenderd[1])
    for pagina in reader.pages:
        breedte, hoogte = float(pagina.mediabox.width), float(pagina.mediabox.height)
        assert abs(breedte - 595.3) < 1 and abs(hoogte - 841.9) < 1
    tekst = " ".join(p.extract_text() for p in reader.pages)
    vlak = re.sub(r"-\s+", "-", re.sub(r"\s+", " ", tekst))  # a line break after a hyphen
    assert "Monitor prestatieafspraken sociaal wonen Leidschendam-Voorburg" in vlak
    for partij in ("Vidomes", "WoonInvest", "Huurdersraad Vidomes", "Huurdersvereniging Respectus"):
        assert partij in vlak
    assert "Inhoudsopgave" in vlak
    assert "Figuur 1" in vlak and "Tabel 1" in vlak
    assert "statushouder" in vlak
    # no code in the PDF; "Berekening" only in the origin under a table or figure, as text
    assert "ax.bar" not in vlak and "Berekening" not in re.sub(r"Berekening: [^,]+, cel In \[\d+\]", "", vlak)
    assert re.search(r"Berekening: Betaalbaarheid en beschikbaarheid, cel In \[\d+\]", vlak)
    assert "hoort niet in het rapport" not in vlak
    assert "Huurprijzen in de voorraad (paragraaf 2.2.3)" in vlak and "1.2 2.2.3" not in vlak  # no double numbers
    assert "9123" not in vlak  # intermediate DataFrame is not in the PDF
    assert reader.metadata.title == "Monitor prestatieafspraken sociaal wonen Leidschendam-Voorburg"


def test_werkwijze_gevouwen_in_html_en_weg_uit_pdf(gerenderd):
    """::: {.werkwijze} in a markdown cell and in a Markdown output: folded in the HTML, absent
    from the PDF; the council text around it stays in both."""
    from pypdf import PdfReader

    html = gerenderd[0].read_text(encoding="utf-8")
    assert html.count('<details class="werkwijze"><summary>Werkwijze</summary>') == 2
    blokken = re.findall(r'<details class="werkwijze"><summary>Werkwijze</summary>(.*?)</details>', html, re.S)
    assert "verhuringen_&lt;jaar&gt;.csv" in blokken[0] and "<code>nieuwbouw = nee</code>" in blokken[0]
    assert "<code>mijlpaal_gereed_op</code>" in blokken[1] and "mijlpalen_2026.csv" in blokken[1]
    # the text around the method notes is not folded
    buiten = re.sub(r'<details class="werkwijze">.*?</details>', "", html, flags=re.S)
    for zin in ("Beide corporaties leverden hun verhuringen.", "Daarna volgt de uitkomst voor de raad.",
                "In 2026 zijn alle mijlpalen gereed."):
        assert zin in buiten
    assert "nieuwbouw = nee" not in buiten and "mijlpaal_gereed_op" not in buiten
    assert ":::" not in html

    vlak = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(gerenderd[1]).pages))
    # the chapter text, without the table of contents and the colophon (which names the delivered
    # files and has its own section "Werkwijze")
    hoofdstuk = vlak[vlak.index("De partijen spraken af"):vlak.index("Colofon en verantwoording Gegevensbronnen")]
    for zin in ("Beide corporaties leverden hun verhuringen.", "Daarna volgt de uitkomst voor de raad.",
                "In 2026 zijn alle mijlpalen gereed."):
        assert zin in hoofdstuk
    for methode in ("nieuwbouw = nee", "verhuringen_", "mijlpaal_gereed_op", "jjjjmmdd", "Werkwijze", ":::"):
        assert methode not in hoofdstuk, methode


@pytest.mark.parametrize("tekst, melding", [
    ("Uitkomst.\n\n::: {.werkwijze}\nMethode zonder einde.", "regel 3 opent"),
    ("Uitkomst.\n\n:::\n", "niet geopend"),
])
def test_niet_gesloten_blok_wordt_genoemd(tmp_path, tekst, melding):
    """An unclosed fenced div would take the rest of the report with it (a .werkwijze: out of the
    PDF); the renderer refuses, naming the notebook and the cell."""
    nb = new_notebook()
    nb.cells = [new_markdown_cell("# Hoofdstuk"), new_markdown_cell(tekst), new_markdown_cell("## Volgende")]
    pad = tmp_path / "10_x.ipynb"
    nbformat.write(nb, pad)
    with pytest.raises(NotebookFout, match=f"10_x.ipynb, cel 2: .*{melding}"):
        notebooks_naar_document([pad])
    # a fence inside a code block is text, not a div
    nb.cells[1] = new_markdown_cell("Voorbeeld:\n\n```\n::: {.werkwijze}\n```\n\n::: {.werkwijze}\nx\n:::")
    nbformat.write(nb, pad)
    assert "## Volgende" in notebooks_naar_document([pad]).markdown


def test_pdf_fonts_ingebed(gerenderd):
    from pypdf import PdfReader

    reader = PdfReader(gerenderd[1])
    for font, desc in font_beschrijvingen(reader):
        assert any(k in desc for k in INGEBED), font.get("/BaseFont")


def test_pdf_byte_identiek(uitgevoerd, gerenderd, tmp_path):
    tweede = render_report([uitgevoerd], tmp_path, JAAR, engine="builtin")
    assert tweede[1].read_bytes() == gerenderd[1].read_bytes()
    assert tweede[0].read_bytes() == gerenderd[0].read_bytes()


def test_fout_output_geeft_renderfout_en_laat_niets_achter(uitgevoerd, tmp_path):
    nb = nbformat.read(uitgevoerd, as_version=4)
    cel = next(c for c in nb.cells if c.cell_type == "code" and c.outputs)
    cel.outputs.append(nbformat.v4.new_output("error", ename="ValueError", evalue="kapot", traceback=[]))
    kapot = tmp_path / "kapot.ipynb"
    nbformat.write(nb, kapot)
    uit = tmp_path / "uit"
    (uit).mkdir()
    (uit / "prestatiemonitor-2026.pdf").write_bytes(b"oud")
    with pytest.raises(RenderFout, match="fout"):
        render_report([kapot], uit, JAAR, engine="builtin")
    assert sorted(p.name for p in uit.iterdir()) == ["prestatiemonitor-2026.pdf"]
    assert (uit / "prestatiemonitor-2026.pdf").read_bytes() == b"oud"


def test_onbekende_engine_en_ontbrekend_notebook(tmp_path):
    with pytest.raises(RenderFout, match="Onbekende render-engine"):
        render_report([tmp_path / "x.ipynb"], tmp_path, JAAR, engine="latex")
    with pytest.raises(RenderFout, match="ontbreken"):
        render_report([tmp_path / "x.ipynb"], tmp_path, JAAR, engine="builtin")
    assert kies_engine("builtin") == "builtin"


def test_celopties():
    opties, code = cel_opties('#| label: fig-x\n#| fig-cap: "Een: bijschrift"\n#| echo: false\nprint(1)')
    assert opties == {"label": "fig-x", "fig-cap": "Een: bijschrift", "echo": False}
    assert code == "print(1)"
    assert cel_opties("x = 1") == ({}, "x = 1")


def test_hoofdstuk_uit_bestandsnaam_zonder_kop(tmp_path):
    nb = new_notebook()
    nb.cells = [new_markdown_cell("Alleen tekst, geen kop.")]
    pad = tmp_path / "30_leefbaarheid_en_wonen.ipynb"
    nbformat.write(nb, pad)
    doc = notebooks_naar_document([pad])
    assert doc.markdown.startswith("# Leefbaarheid en wonen")


def test_pdf_a2b_en_ua1(gerenderd):
    """PDF/A-2b and PDF/UA-1 are requested from Typst; a fallback to PDF/A alone would show here."""
    from pypdf import PdfReader

    reader = PdfReader(gerenderd[1])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part>2<", xmp) and re.search(r"pdfaid:conformance>B<", xmp)
    assert re.search(r"pdfuaid:part>1<", xmp)
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"


def test_quarto_engine_plumbing(uitgevoerd, tmp_path, monkeypatch):
    """Quarto is not installed here: a stand-in `quarto` checks the generated book project and
    writes the PDF where Quarto would; render_report must move it into place."""
    import yaml

    bin_ = tmp_path / "bin"
    bin_.mkdir()
    nep = bin_ / "quarto"
    nep.write_text(
        "#!/bin/sh\n"
        'test "$1" = render || exit 3\n'
        "grep -q 'notebooks/20_betaalbaarheid.ipynb' _quarto.yml || exit 4\n"
        "test -f index.qmd || exit 5\n"
        "grep -q 'colofon.qmd' _quarto.yml && grep -q 'Kleine aantallen' colofon.qmd || exit 6\n"
        "mkdir -p _boek && printf '%%PDF-1.7 quarto' > _boek/prestatiemonitor-2026.pdf\n")
    nep.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_}:{__import__('os').environ['PATH']}")
    assert kies_engine("auto") == "quarto"
    uit = tmp_path / "uit"
    html, pdf = render_report([uitgevoerd], uit, JAAR, engine="quarto")
    assert pdf.read_bytes() == b"%PDF-1.7 quarto"
    assert '<html lang="nl"' in html.read_text(encoding="utf-8")
    assert sorted(p.name for p in uit.iterdir()) == sorted([html.name, pdf.name, "notebooks"])

    from prestatiemonitor.render import quarto

    config = quarto.boekconfig(JAAR, ["notebooks/a.ipynb"])
    assert config["project"]["type"] == "book" and config["book"]["chapters"] == ["index.qmd", "notebooks/a.ipynb"]
    assert config["execute"]["enabled"] is False
    assert config["format"]["typst"]["papersize"] == "a4" and config["format"]["html"]["code-fold"] is True
    assert yaml.safe_load(yaml.safe_dump(config)) == config


def test_quarto_fout_wordt_renderfout(uitgevoerd, tmp_path, monkeypatch):
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "quarto").write_text("#!/bin/sh\necho 'ERROR: kapot' >&2\nexit 1\n")
    (bin_ / "quarto").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_}:{__import__('os').environ['PATH']}")
    uit = tmp_path / "uit"
    with pytest.raises(RenderFout, match="Quarto"):
        render_report([uitgevoerd], uit, JAAR, engine="quarto")
    assert list(uit.iterdir()) == []
