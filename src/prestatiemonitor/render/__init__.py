"""Executed notebooks -> the yearly evaluation report (one self-contained HTML file and a PDF).

Two engines on the same notebook conventions (see docs/architectuur.md):

- ``builtin`` (default when Quarto is absent): pandoc (pypandoc-binary) for the HTML, pandoc ->
  Typst source with our own template -> the ``typst`` wheel for the PDF.
- ``quarto``: ``quarto render`` of a book over the same notebooks (see render/quarto.py).

``render_report`` writes everything in a temporary folder and only moves finished files into
``out_dir``; on failure it raises :class:`RenderFout` with a Dutch message and ``out_dir`` keeps
what it had. Beside the report it writes a readable HTML copy of every executed notebook
(``out_dir/notebooks/<naam>.html``, render/notebook_html.py): the tables, figures and scorecard
rows of the report link to the cell that computed them.

The engines run at the same time: pandoc for the HTML, pandoc + Typst for the PDF and pandoc for
the notebook copies are separate processes (Typst in its own thread) that only share the read-only
source files in the temporary folder; each writes its own output file.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
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
                  titel: str | None = None, processed_dir: Path | None = None,
                  paginas: NotebookPaginas | None = None) -> list[Path]:
    """Render the executed ``notebooks`` (in report order) to ``out_dir/prestatiemonitor-<jaar>.html``
    and ``.pdf``; returns ``[html, pdf]``. ``processed_dir`` (data/processed/<jaar>/) feeds the
    colofon with the counts per delivered file (telling.csv); a ``manifest.json`` in ``out_dir``
    adds the short form of the run manifest. ``paginas``: the notebook HTML copies, already started
    by the caller (the pipeline starts each as soon as its notebook is done); otherwise they are
    made here, beside the report."""
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
        eigen = paginas is None
        if eigen:
            from prestatiemonitor.render.notebook_html import ruwe_bestanden

            paginas = NotebookPaginas(werk / "notebooks", jaar, ruwe_bestanden(out_dir))
            for nb in notebooks:
                paginas.maak(nb)
        try:
            if gekozen == "builtin":
                html, pdf = _builtin(notebooks, werk, jaar, titel, processed_dir=processed_dir, report_dir=out_dir)
            else:
                from prestatiemonitor.render import quarto

                try:
                    from prestatiemonitor import __version__
                    from prestatiemonitor.render.colofon import colofon_markdown

                    colofon = colofon_markdown(jaar, processed_dir=processed_dir, report_dir=out_dir,
                                               versie=__version__)
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
            kopieen = paginas.wacht([nb.stem for nb in notebooks])
        finally:
            if eigen:
                paginas.sluit()
        (out_dir / "notebooks").mkdir(exist_ok=True)
        for bron, doel in zip((html, pdf), doelen):
            os.replace(bron, doel)
        for bron in kopieen:
            os.replace(bron, out_dir / "notebooks" / bron.name)
    return doelen


class NotebookPaginas:
    """The readable HTML copies of executed notebooks (``werk/<naam>.html``, pandoc), made in the
    background: ``maak`` starts one, ``wacht`` collects them, ``sluit`` stops what is still queued.
    ``ruw``: the year's raw input files with their SHA-256, shown at the top of every copy."""

    def __init__(self, werk: Path, jaar: int, ruw: list[dict] | None, werkers: int | None = None):
        self.werk, self.jaar, self.ruw = Path(werk), jaar, ruw
        self.werk.mkdir(parents=True, exist_ok=True)
        self._pool = ThreadPoolExecutor(max_workers=max(2, werkers or os.cpu_count() or 1))
        self._taken: dict[str, tuple[Path, object]] = {}

    def maak(self, notebook: Path) -> None:
        from prestatiemonitor.render.notebook_html import maak_notebook_html

        notebook = Path(notebook)
        doel = self.werk / f"{notebook.stem}.html"
        self._taken[notebook.stem] = (notebook, self._pool.submit(
            maak_notebook_html, notebook, doel, jaar=self.jaar, ruw=self.ruw, werk=self.werk / "werk" / notebook.stem))

    def wacht(self, namen: list[str]) -> list[Path]:
        """The finished copies of ``namen`` (RenderFout when one failed or was never started)."""
        from prestatiemonitor.render.builtin import PandocFout

        klaar = []
        for naam in namen:
            if naam not in self._taken:
                raise RenderFout(f"Rapport {self.jaar}: notebooks/{naam}.html is niet gemaakt")
            nb, taak = self._taken[naam]
            try:
                taak.result()
            except PandocFout as fout:
                raise RenderFout(f"Rapport {self.jaar}: pandoc kon notebook {nb.name} niet als HTML opslaan: "
                                 f"{fout}") from None
            except Exception as fout:  # noqa: BLE001 - an unreadable notebook: Dutch message, no traceback
                raise RenderFout(f"Rapport {self.jaar}: notebook {nb.name} kon niet als HTML worden opgeslagen "
                                 f"({type(fout).__name__}: {fout})") from None
            doel = self.werk / f"{naam}.html"
            if not doel.is_file() or doel.stat().st_size == 0:
                raise RenderFout(f"Rapport {self.jaar}: notebooks/{doel.name} is niet gemaakt")
            klaar.append(doel)
        return klaar

    def sluit(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


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
    # HTML (pandoc) in its own thread while pandoc -> Typst -> PDF runs here: separate processes
    # and output files, the shared inputs (bron.md, figuren/) are only read
    with ThreadPoolExecutor(max_workers=1) as html_draad:
        html_taak = html_draad.submit(builtin.maak_html, werk, kop, html)
        try:
            if pdf_maken:
                builtin.maak_typst(werk, kop, typ)
        except builtin.PandocFout as fout:
            raise RenderFout(f"Rapport {jaar}: pandoc kon het rapport niet omzetten: {fout}") from None
        try:
            for melding in (builtin.maak_pdf(typ, pdf, kop) if pdf_maken else []):
                log.warning("Rapport %s: %s", jaar, melding)
        except builtin.TypstFout as fout:
            raise RenderFout(f"Rapport {jaar}: Typst kon de PDF niet maken: {fout}") from None
        finally:
            fout_html = html_taak.exception()  # always wait for the HTML thread
        if isinstance(fout_html, builtin.PandocFout):
            raise RenderFout(f"Rapport {jaar}: pandoc kon het rapport niet omzetten: {fout_html}") from None
        if fout_html is not None:
            raise fout_html
    return html, (pdf if pdf_maken else None)


__all__ = ["NotebookPaginas", "RenderFout", "render_report", "kies_engine"]
