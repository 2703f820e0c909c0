"""Executed notebooks -> the yearly evaluation report (one self-contained HTML file and a PDF).

Two engines on the same notebook conventions (see docs/architectuur.md):

- ``builtin`` (default when Quarto is absent): pandoc (pypandoc-binary) for the HTML, pandoc ->
  Typst source with our own template -> the ``typst`` wheel for the PDF.
- ``quarto``: ``quarto render`` of a book over the same notebooks (see render/quarto.py).

``render_report`` writes everything in a temporary folder and only moves finished files into
``out_dir``; on failure it raises :class:`RenderFout` with a Dutch message and ``out_dir`` keeps
what it had.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

ENGINES = ("auto", "builtin", "quarto")


class RenderFout(Exception):
    """The report could not be made (Dutch message for the user)."""


def kies_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise RenderFout(f"Onbekende render-engine '{engine}'; kies uit: {', '.join(ENGINES)}")
    if engine == "auto":
        return "quarto" if shutil.which("quarto") else "builtin"
    return engine


def render_report(notebooks: list[Path], out_dir: Path, jaar: int, *, engine: str = "auto",
                  titel: str | None = None, processed_dir: Path | None = None) -> list[Path]:
    """Render the executed ``notebooks`` (in report order) to ``out_dir/prestatiemonitor-<jaar>.html``
    and ``.pdf``; returns ``[html, pdf]``. ``processed_dir`` (data/processed/<jaar>/) feeds the
    colofon with the counts per delivered file (telling.csv); a ``manifest.json`` in ``out_dir``
    adds the short form of the run manifest."""
    gekozen = kies_engine(engine)
    notebooks = [Path(nb) for nb in notebooks]
    if not notebooks:
        raise RenderFout(f"Kan het rapport {jaar} niet maken: geen notebooks opgegeven")
    ontbrekend = [str(nb) for nb in notebooks if not nb.is_file()]
    if ontbrekend:
        raise RenderFout(f"Kan het rapport {jaar} niet maken: notebooks ontbreken: {', '.join(ontbrekend)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    doelen = [out_dir / f"prestatiemonitor-{jaar}.html", out_dir / f"prestatiemonitor-{jaar}.pdf"]

    # the temporary folder lives inside out_dir: same filesystem, so the final move is a rename
    with tempfile.TemporaryDirectory(prefix=f".render-{jaar}-", dir=out_dir) as tmp:
        werk = Path(tmp)
        if gekozen == "builtin":
            html, pdf = _builtin(notebooks, werk, jaar, titel, processed_dir=processed_dir, report_dir=out_dir)
        else:
            from prestatiemonitor.render import quarto

            try:
                from prestatiemonitor import __version__
                from prestatiemonitor.render.colofon import colofon_markdown

                colofon = colofon_markdown(jaar, processed_dir=processed_dir, report_dir=out_dir, versie=__version__)
                pdf = quarto.render_pdf(notebooks, werk / "quarto", jaar, titel=titel, colofon=colofon)
            except quarto.QuartoFout as fout:
                raise RenderFout(f"Rapport {jaar} (Quarto) mislukt: {fout}") from None
            # A Quarto book renders HTML as a multi-page website, and Quarto does not support
            # embed-resources for books; the one-file HTML therefore always comes from pandoc.
            html, _ = _builtin(notebooks, werk, jaar, titel, pdf_maken=False, processed_dir=processed_dir,
                               report_dir=out_dir)
        for bron, doel in zip((html, pdf), doelen):
            if not bron.is_file() or bron.stat().st_size == 0:
                raise RenderFout(f"Rapport {jaar}: {doel.name} is niet gemaakt")
        for bron, doel in zip((html, pdf), doelen):
            os.replace(bron, doel)
    return doelen


def _builtin(notebooks: list[Path], werk: Path, jaar: int, titel: str | None, *,
             pdf_maken: bool = True, processed_dir: Path | None = None,
             report_dir: Path | None = None) -> tuple[Path, Path | None]:
    from prestatiemonitor import __version__
    from prestatiemonitor.render import builtin
    from prestatiemonitor.render.colofon import colofon_markdown
    from prestatiemonitor.render.notebook_md import NotebookFout, notebooks_naar_document

    try:
        doc = notebooks_naar_document(notebooks)
    except NotebookFout as fout:
        raise RenderFout(f"Kan het rapport {jaar} niet maken: {fout}") from None
    colofon = colofon_markdown(jaar, processed_dir=processed_dir, report_dir=report_dir, versie=__version__)
    (werk / "bron.md").write_text(doc.markdown + "\n\n" + colofon, encoding="utf-8")
    for naam, inhoud in doc.afbeeldingen.items():
        pad = werk / naam
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_bytes(inhoud)

    kop = builtin.Kop(jaar=jaar, titel=titel or builtin.TITEL, datum=builtin.documentdatum(doc, jaar),
                      versie=__version__)
    html = werk / "rapport.out.html"
    typ = werk / "rapport.typ"
    pdf = werk / "rapport.pdf"
    try:
        builtin.maak_html(werk, kop, html)
        if pdf_maken:
            builtin.maak_typst(werk, kop, typ)
    except builtin.PandocFout as fout:
        raise RenderFout(f"Rapport {jaar}: pandoc kon het rapport niet omzetten: {fout}") from None
    if not pdf_maken:
        return html, None
    try:
        for melding in builtin.maak_pdf(typ, pdf, kop):
            log.warning("Rapport %s: %s", jaar, melding)
    except builtin.TypstFout as fout:
        raise RenderFout(f"Rapport {jaar}: Typst kon de PDF niet maken: {fout}") from None
    return html, pdf


__all__ = ["RenderFout", "render_report", "kies_engine"]
