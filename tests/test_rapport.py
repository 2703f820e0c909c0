"""The report a council member gets: a real rendered demo year (built-in renderer: pandoc + Typst),
checked for what a reader, an archivist and a privacy officer would check.

Reuses the session fixture ``demo_runs`` (tests/conftest.py: the real pipeline on the demo years,
without rendering) and renders 2026 once for this module, with the colofon fed by telling.csv."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from prestatiemonitor import register
from prestatiemonitor.pipeline import REPORT_ORDER
from prestatiemonitor.render import render_report

from pdf_hulp import INGEBED, font_beschrijvingen

JAAR = 2026
KLEIN = re.compile(r"^<\s?(5|10)$")
GETAL = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?%?$")


@pytest.fixture(scope="module")
def rapport(demo_runs, tmp_path_factory):
    uitvoer = demo_runs.uitvoer[JAAR]
    notebooks = [uitvoer.notebooks / f"{naam}.ipynb" for naam in REPORT_ORDER]
    out = tmp_path_factory.mktemp("rapport")
    html, pdf = render_report(notebooks, out, JAAR, engine="builtin", processed_dir=uitvoer.processed)
    return html, pdf


@pytest.fixture(scope="module")
def html_tekst(rapport):
    return rapport[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_lezer(rapport):
    from pypdf import PdfReader

    return PdfReader(rapport[1])


@pytest.fixture(scope="module")
def pdf_tekst(pdf_lezer):
    tekst = " ".join(p.extract_text() for p in pdf_lezer.pages)
    return re.sub(r"\s+", " ", tekst)


class _Tabellen(HTMLParser):
    """Every <table> of the HTML as {"id", "kop": [...], "rijen": [[...], ...]} (cell text)."""

    def __init__(self):
        super().__init__()
        self.tabellen: list[dict] = []
        self._cel: list[str] | None = None
        self._rij: list[str] | None = None
        self._in_kop = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tabellen.append({"id": a.get("id", ""), "kop": [], "rijen": []})
        elif tag == "thead":
            self._in_kop = True
        elif tag == "tr" and self.tabellen:
            self._rij = []
        elif tag in ("td", "th") and self._rij is not None:
            self._cel = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cel is not None and self._rij is not None:
            self._rij.append(" ".join("".join(self._cel).split()))
            self._cel = None
        elif tag == "tr" and self._rij is not None and self.tabellen:
            (self.tabellen[-1]["kop"] if self._in_kop else self.tabellen[-1]["rijen"]).append(self._rij)
            self._rij = None
        elif tag == "thead":
            self._in_kop = False

    def handle_data(self, data):
        if self._cel is not None:
            self._cel.append(data)


def tabellen(html: str) -> list[dict]:
    p = _Tabellen()
    p.feed(html)
    for t in p.tabellen:
        t["kop"] = t["kop"][0] if t["kop"] else []
    return p.tabellen


# ---------------------------------------------------------------------------- HTML

def test_html_zelfstandig_nederlands_en_toegankelijk(html_tekst):
    assert '<html lang="nl"' in html_tekst
    for extern in ('src="http', "src='http", 'src="//', 'href="http', "href='http", "<script src", "<link ",
                   "url(http", "url(//", "@import"):
        assert extern not in html_tekst, extern
    # every resource that is loaded is embedded
    for src in re.findall(r'\ssrc="([^"]*)"', html_tekst):
        assert src.startswith("data:"), src[:60]
    # every image has a Dutch alt text; no image without one
    imgs = re.findall(r"<img\b[^>]*>", html_tekst)
    assert imgs
    for img in imgs:
        alt = re.search(r'\salt="([^"]*)"', img)
        assert alt and len(alt.group(1).split()) >= 5, img[:120]
    # headings in order: never skip a level going down
    niveaus = [int(n) for n in re.findall(r"<h([1-6])\b", html_tekst.split('<main id="inhoud">', 1)[1])]
    assert niveaus and niveaus[0] == 1
    for vorig, dit in zip(niveaus, niveaus[1:]):
        assert dit <= vorig + 1, (vorig, dit)
    # tables have header cells
    for t in tabellen(html_tekst):
        assert t["kop"], t["id"]


def test_html_berekening_onder_elke_tabel_en_figuur_en_bronregels(html_tekst):
    assert html_tekst.count('<details class="berekening"><summary>Berekening</summary>') >= 5
    assert "<details open>" not in html_tekst.split('<main id="inhoud">', 1)[1]  # calculations start folded
    figuren = html_tekst.count('<figure')
    tabellen_met_bijschrift = len(re.findall(r"<caption>", html_tekst))
    assert html_tekst.count('class="pm-bron"') >= figuren + tabellen_met_bijschrift - 1
    assert "Bron: " in html_tekst and "bewerking gemeente" in html_tekst


def test_scorekaart_leesbaar(html_tekst):
    catalogus = register.laad_indicatoren()
    ids = [i for i in catalogus.index if "_" in i]
    scorekaarten = [t for t in tabellen(html_tekst) if t["id"].startswith("tbl-scorekaart-")]
    assert scorekaarten
    badges = re.findall(r'<span class="status status-([a-z-]+)">', html_tekst)
    assert set(badges) <= {"behaald", "op-koers", "aandacht-nodig", "niet-behaald", "gevolgd", "geen-gegevens"}
    assert len(badges) >= sum(len(t["rijen"]) for t in scorekaarten)
    for t in scorekaarten:
        assert t["kop"] == ["Afspraak", "Omschrijving", "Partij", "Norm", "Waarde", "Status"]
        for rij in t["rijen"]:
            partij = rij[2]
            assert "," not in partij, partij  # short labels, no lists of five parties
            for cel in rij[3:5]:
                gevonden = [i for i in ids if re.search(rf"\b{re.escape(i)}\b", cel)]
                assert not gevonden, (rij[0], gevonden)


def test_elke_afspraak_in_html_en_pdf(html_tekst, pdf_tekst):
    ids = list(register.laad_register()["id"])
    zonder_spaties = re.sub(r"\s+", "", pdf_tekst)
    for afspraak in ids:
        assert f">{afspraak}<" in html_tekst, afspraak
        assert afspraak in zonder_spaties, afspraak


# ---------------------------------------------------------------------------- PDF

def test_pdf_a4_getagd_standaarden_metadata(pdf_lezer):
    for pagina in pdf_lezer.pages:
        assert abs(float(pagina.mediabox.width) - 595.3) < 1 and abs(float(pagina.mediabox.height) - 841.9) < 1
    root = pdf_lezer.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl-NL"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part>2<", xmp) and re.search(r"pdfaid:conformance>B<", xmp)
    assert re.search(r"pdfuaid:part>1<", xmp)
    assert "Monitor prestatieafspraken sociaal wonen Leidschendam-Voorburg" in xmp
    assert "nl" in re.search(r"<dc:language>(.*?)</dc:language>", xmp, re.S).group(1)
    assert str(JAAR) in xmp  # keyword with the year
    assert pdf_lezer.metadata.title == "Monitor prestatieafspraken sociaal wonen Leidschendam-Voorburg"


def test_pdf_alle_fonts_ingebed_en_statussymbolen_aanwezig(pdf_lezer, pdf_tekst):
    for font, desc in font_beschrijvingen(pdf_lezer):
        assert desc is not None, font.get("/BaseFont")
        assert any(k in desc for k in INGEBED), font.get("/BaseFont")
    for symbool in ("●", "○"):  # at least these statuses occur in the demo; glyphs must extract
        assert symbool in pdf_tekst


def test_pdf_colofon_en_geen_code(pdf_tekst):
    assert "Colofon en verantwoording" in pdf_tekst
    assert "< 5" in pdf_tekst and "< 10" in pdf_tekst  # the rule in words
    assert f"prestatiemonitor run {JAAR}" in pdf_tekst and "make report" in pdf_tekst
    assert "voorraad_2026.csv" in pdf_tekst.replace("_ ", "_")  # counts per delivered file (telling.csv)
    assert "Bron: " in pdf_tekst
    # "Berekening" only as the origin under a table or figure (plain text), never a folded calculation
    zonder_herkomst = re.sub(r"Berekening: [^,]+, cel In \[\d+\]", "", pdf_tekst)
    for code in ("import ", "markdown_tabel(", "def ", "Berekening"):
        assert code not in zonder_herkomst, code


# ---------------------------------------------------------------------------- small counts

def test_afgeschermd_aantal_niet_terug_te_rekenen(html_tekst):
    """No table line holds exactly one suppressed count beside a printed total, and no
    per-corporation scorecard value is printed beside a suppressed value of the other corporation
    (the total over both is printed in the table of indicators per year)."""
    gecontroleerd = 0
    for t in tabellen(html_tekst):
        kop = t["kop"]
        totaal_kolommen = [i for i, k in enumerate(kop) if "totaal" in k.lower()]
        for rij in t["rijen"]:
            for tk in totaal_kolommen:
                if tk >= len(rij) or not GETAL.match(rij[tk]):
                    continue
                delen = [c for i, c in enumerate(rij) if i not in totaal_kolommen and i > 0]
                verborgen = [c for c in delen if KLEIN.match(c) or c == "×"]
                assert len(verborgen) != 1, (t["id"], rij)
                gecontroleerd += 1
        if t["id"].startswith("tbl-scorekaart-"):
            per_afspraak: dict[str, list[str]] = {}
            for rij in t["rijen"]:
                if rij[2] in ("Vidomes", "WoonInvest"):
                    per_afspraak.setdefault(rij[0], []).append(rij[4])
            for afspraak, waarden in per_afspraak.items():
                if len(waarden) == 2 and any(KLEIN.match(w) for w in waarden):
                    assert not any(re.fullmatch(r"\d+", w) for w in waarden), (afspraak, waarden)
                    gecontroleerd += 1
    assert gecontroleerd > 0  # the check looked at real lines
    assert re.search(r">< ?(5|10)<", html_tekst.replace("&lt;", "<").replace("&gt;", ">")) or "&lt; 5" in html_tekst
