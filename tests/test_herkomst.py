"""Every number traceable: report -> cell -> input file hash in at most two clicks.

A real rendered demo year (the session fixture ``demo_runs``, tests/conftest.py, rendered once here
with the built-in renderer and the run's manifest.json beside it), checked the way an auditor
follows it: a table or figure's source line links to an anchor ``cel-N`` in the HTML copy of the
executed notebook; that cell really made it; that page lists every delivered file with its SHA-256.
Plus hand-checked cases of the scorecard column ``herkomst`` (prestatiemonitor.status)."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil

import nbformat
import pandas as pd
import pytest

from prestatiemonitor import register as reg, status
from prestatiemonitor.pipeline import REPORT_ORDER
from prestatiemonitor.render import render_report

JAAR = 2026
LINK = re.compile(r'<a href="(notebooks/([^"#]+)\.html#cel-(\d+))"')


@pytest.fixture(scope="module")
def gerenderd(demo_runs, tmp_path_factory):
    uitvoer = demo_runs.uitvoer[JAAR]
    out = tmp_path_factory.mktemp("herkomst")
    shutil.copy(uitvoer.report / "manifest.json", out / "manifest.json")  # as the pipeline does
    notebooks = [uitvoer.notebooks / f"{naam}.ipynb" for naam in REPORT_ORDER]
    render_report(notebooks, out, JAAR, engine="builtin", processed_dir=uitvoer.processed)
    return out, uitvoer


def _hoofdtekst(out) -> str:
    tekst = (out / f"prestatiemonitor-{JAAR}.html").read_text(encoding="utf-8")
    tekst = tekst.split('<main id="inhoud">', 1)[1]
    return tekst.split('id="colofon"', 1)[0]  # the colofon's own table is not computed in a notebook


def _cel(uitvoer, naam: str, n: int):
    nb = nbformat.read(uitvoer.notebooks / f"{naam}.ipynb", as_version=4)
    cellen = [c for c in nb.cells if c.cell_type == "code" and c.get("execution_count") == n]
    assert len(cellen) == 1, (naam, n)
    return cellen[0]


def test_elke_tabel_en_figuur_linkt_naar_de_cel_die_hem_maakte(gerenderd):
    out, uitvoer = gerenderd
    tekst = _hoofdtekst(out)
    # every captioned table and every figure, in document order, with the source line under it
    posities = sorted([("fig", m.start()) for m in re.finditer(r"<figure\b", tekst)]
                      + [("tbl", m.start()) for m in re.finditer(r"<caption>", tekst)], key=lambda x: x[1])
    assert sum(1 for s, _ in posities if s == "fig") >= 5 and sum(1 for s, _ in posities if s == "tbl") >= 15
    for i, (soort, pos) in enumerate(posities):
        volgende = posities[i + 1][1] if i + 1 < len(posities) else len(tekst)
        bron = tekst.find('class="pm-bron"', pos)
        assert 0 <= bron < volgende, (soort, tekst[pos:pos + 200])
        m = LINK.search(tekst, bron, volgende)
        assert m, (soort, tekst[bron:bron + 300])
        doel, naam, n = m.group(1), m.group(2), int(m.group(3))
        regel = tekst[bron:tekst.find("</div>", bron)]
        assert f"cel In [{n}]" in htmllib.unescape(re.sub(r"<[^>]+>", "", regel)), regel
        # the anchor exists in the notebook copy shipped beside the report ...
        pagina = (out / "notebooks" / f"{naam}.html").read_text(encoding="utf-8")
        assert f'id="cel-{n}"' in pagina, doel
        # ... and that cell made this table or figure
        cel = _cel(uitvoer, naam, n)
        soorten = [set((o.get("data") or {})) for o in cel.outputs]
        if soort == "fig":
            assert any({"image/png", "image/svg+xml"} & s for s in soorten), doel
        else:
            assert any("|" in "".join(o.get("data", {}).get("text/markdown", "")) for o in cel.outputs), doel


def test_notebookpagina_noemt_elke_levering_met_sha256_en_is_zelfstandig(gerenderd):
    out, uitvoer = gerenderd
    ruw = json.loads((uitvoer.report / "manifest.json").read_text(encoding="utf-8"))["ruwe_bestanden"]
    assert len(ruw) >= 8
    for naam in REPORT_ORDER:
        pagina = (out / "notebooks" / f"{naam}.html").read_text(encoding="utf-8")
        invoer = pagina.split('<section class="invoer"', 1)[1].split("</section>", 1)[0]
        for b in ruw:
            assert re.search(rf"<td>{re.escape(b['pad'])}</td><td><code>{b['sha256']}</code>", invoer), (naam, b)
        assert re.search(r'<html[^>]*\slang="nl"', pagina[:400]), naam
        for extern in ('src="http', 'href="http', "<script src", "<link ", "url(http", "@import"):
            assert extern not in pagina, (naam, extern)
        assert "<p>::: {" not in pagina, naam  # fenced divs (Werkwijze) are read as divs, not text
        # every code cell has its anchor and its In [n] label
        nb = nbformat.read(uitvoer.notebooks / f"{naam}.ipynb", as_version=4)
        for c in nb.cells:
            if c.cell_type == "code" and c.get("execution_count"):
                assert f'id="cel-{c.execution_count}"' in pagina
                assert f"In [{c.execution_count}]:" in pagina


def test_notebookpaginas_byte_identiek_bij_herhaling(gerenderd, tmp_path):
    out, uitvoer = gerenderd
    shutil.copy(out / "manifest.json", tmp_path / "manifest.json")
    render_report([uitvoer.notebooks / f"{n}.ipynb" for n in REPORT_ORDER], tmp_path, JAAR, engine="builtin",
                  processed_dir=uitvoer.processed)
    for naam in REPORT_ORDER:
        assert (tmp_path / "notebooks" / f"{naam}.html").read_bytes() == (out / "notebooks" / f"{naam}.html").read_bytes()
    assert (tmp_path / f"prestatiemonitor-{JAAR}.html").read_bytes() == (out / f"prestatiemonitor-{JAAR}.html").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".render")]


def test_scorekaart_herkomst_voor_elke_gemeten_afspraak(gerenderd):
    out, uitvoer = gerenderd
    sk = pd.read_csv(uitvoer.processed / "scorekaart.csv", sep=";", dtype=str, keep_default_na=False,
                     encoding="utf-8-sig")
    assert list(sk.columns) == status.KOLOMMEN and sk.columns[-1] == "herkomst"
    gemeten = sk[sk["status"] != "geen gegevens"]
    assert len(gemeten) >= 40
    for r in gemeten.itertuples():
        assert r.herkomst, r.id
        for deel in r.herkomst.split("; "):
            m = re.fullmatch(r"(\w+) In \[(\d+)\]", deel)
            assert m, (r.id, deel)
            _cel(uitvoer, m.group(1), int(m.group(2)))  # the cell exists in the executed notebook


def test_scorekaart_in_html_linkt_afspraak_naar_eerste_herkomst(gerenderd):
    out, uitvoer = gerenderd
    sk = pd.read_csv(uitvoer.processed / "scorekaart.csv", sep=";", dtype=str, keep_default_na=False,
                     encoding="utf-8-sig")
    tekst = _hoofdtekst(out)
    verwacht = {}
    for r in sk.itertuples():
        verwacht.setdefault(r.id, set()).add(status.herkomst_doel(r.herkomst, jaar=JAAR))
    gelinkt = re.findall(r'data-label="Afspraak"><a href="(notebooks/[^"]+)" class="pm-herkomst">([^<]+)</a>', tekst)
    assert len(gelinkt) >= 0.9 * len(sk)
    for doel, afspraak in gelinkt:
        assert doel in verwacht[afspraak], (afspraak, doel)
        naam, n = re.fullmatch(r"notebooks/(\w+)\.html#cel-(\d+)", doel).groups()
        assert f'id="cel-{n}"' in (out / "notebooks" / f"{naam}.html").read_text(encoding="utf-8")


def test_pdf_noemt_herkomst_als_tekst_zonder_link(gerenderd):
    from pypdf import PdfReader

    out, _ = gerenderd
    lezer = PdfReader(out / f"prestatiemonitor-{JAAR}.pdf")
    tekst = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in lezer.pages))
    assert re.search(r"Berekening: Samenvatting en scorekaart, cel In \[\d+\]", tekst)
    for pagina in lezer.pages:
        for annot in pagina.get("/Annots") or []:
            uri = (annot.get_object().get("/A") or {}).get("/URI") or ""
            assert "notebooks/" not in str(uri), uri


# ---------------------------------------------------------------------------- hand-checked

REGISTER = reg.laad_register()


def _rijen(*rijen):
    return pd.DataFrame([{"jaar": j, "afspraak": a, "indicator": i, "corporatie": c, "waarde": w, "teller": None,
                          "noemer": None, "notebook": nb, "cel": cel} for j, a, i, c, w, nb, cel in rijen])


def test_herkomst_met_de_hand():
    sh, vr = "verhuringen_statushouders", "vrijgekomen_woningen"
    # one indicator: its cell
    df = status.evalueer(REGISTER[REGISTER["id"] == "1.3.2-18"],
                         _rijen((2026, "x", sh, "totaal", 62, "10_sociaal_domein", 21)), 2026)
    assert df["herkomst"].tolist() == ["10_sociaal_domein In [21]"]
    assert df.columns[-1] == "herkomst" and df["status"].tolist() == ["behaald"]
    # two indicators of this year, one of last year (not this report's cell): this year's, in order of use
    df = status.evalueer(REGISTER[REGISTER["id"] == "1.3.2-19"], _rijen(
        (2026, "x", sh, "totaal", 51, "10_sociaal_domein", 21),
        (2026, "x", vr, "totaal", 530, "10_sociaal_domein", 30),
        (2025, "x", vr, "totaal", 510, "10_sociaal_domein", 29)), 2026)
    assert df["herkomst"].tolist() == ["10_sociaal_domein In [21]; 10_sociaal_domein In [30]"]
    # nothing measured: no origin
    df = status.evalueer(REGISTER[REGISTER["id"] == "1.3.2-18"], _rijen(), 2026)
    assert df["herkomst"].tolist() == [""] and df["status"].tolist() == ["geen gegevens"]


def test_herkomst_doel():
    assert status.herkomst_doel("10_sociaal_domein In [12]; 20_x In [3]") == "notebooks/10_sociaal_domein.html#cel-12"
    assert status.herkomst_doel("10_sociaal_domein In [5] (2026)", jaar=2027) == "../2026/notebooks/10_sociaal_domein.html#cel-5"
    assert status.herkomst_doel("90_scorekaart") == "notebooks/90_scorekaart.html"
    assert status.herkomst_doel("") is None
    assert status.afspraak_met_herkomst("1.1.2-1", "") == "1.1.2-1"
    assert status.afspraak_met_herkomst("1.1.2-1", "10_a In [5]") == '[1.1.2-1]{.pm-herkomst href="notebooks/10_a.html#cel-5"}'
