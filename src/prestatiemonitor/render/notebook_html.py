"""Executed notebook -> a readable, self-contained HTML copy beside it (the audit trail in a browser).

report/<jaar>/notebooks/<naam>.html: pandoc ``-f ipynb`` to html5 with the whole notebook (also the
parameter cells), code and outputs visible, every code cell anchored by its execution count
(``id="cel-7"``, templates/notebook.lua), and on top a block "Invoer" with the raw input files of the
year and their SHA-256 from manifest.json (key ``ruwe_bestanden``). The report links each table,
figure and scorecard row to such an anchor: report -> cell -> input file hash in two clicks.

Deterministic (no dates, images embedded by content hash) and without external references.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import nbformat

_KOP1 = re.compile(r"^#\s+(.+?)\s*$", re.MULTILINE)


def notebook_titel(nb, naam: str) -> str:
    """The ``# Title`` of the first markdown cell, else the notebook's file name."""
    for cel in nb.cells:
        if cel.cell_type == "markdown":
            m = _KOP1.search(cel.source if isinstance(cel.source, str) else "".join(cel.source))
            if m:
                return m.group(1).strip()
    return naam


def ruwe_bestanden(report_dir: Path | None) -> list[dict] | None:
    """The raw input files of the year ({"pad", "sha256"}) from report_dir/manifest.json, or None."""
    if report_dir is None:
        return None
    pad = Path(report_dir) / "manifest.json"
    if not pad.is_file():
        return None
    try:
        data = json.loads(pad.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    ruw = data.get("ruwe_bestanden")
    if not isinstance(ruw, list):
        return None
    return [b for b in ruw if isinstance(b, dict) and b.get("pad") and b.get("sha256")]


def invoer_blok(naam: str, jaar: int, ruw: list[dict] | None) -> str:
    """The HTML block "Invoer" at the top of a notebook copy."""
    delen = ['<section class="invoer" id="invoer" aria-labelledby="invoer-kop">',
             '<h2 id="invoer-kop">Invoer</h2>',
             f"<p>Uitgevoerd notebook <code>{html.escape(naam)}.ipynb</code> voor {jaar}, "
             "uitgevoerd met papermill. De aangeleverde bestanden van dit jaar, met hun SHA-256 "
             "(vergelijk met <code>sha256sum</code>):</p>"]
    if ruw:
        delen.append("<table><thead><tr><th>Bestand</th><th>SHA-256</th></tr></thead><tbody>")
        for b in sorted(ruw, key=lambda b: str(b["pad"])):
            delen.append(f"<tr><td>{html.escape(str(b['pad']))}</td>"
                         f"<td><code>{html.escape(str(b['sha256']))}</code></td></tr>")
        delen.append("</tbody></table>")
    else:
        delen.append("<p>Geen manifest.json bij dit rapport gevonden: de invoerbestanden en hun SHA-256 "
                     "zijn niet vastgelegd. Een volledige run (<code>prestatiemonitor run</code>) legt ze vast.</p>")
    delen.append("</section>")
    return "\n".join(delen) + "\n"


def maak_notebook_html(notebook: Path, doel: Path, *, jaar: int, ruw: list[dict] | None, werk: Path) -> None:
    """Write the HTML copy of one executed notebook to ``doel`` (pandoc; ``werk`` is scratch space).
    Raises builtin.PandocFout on failure."""
    from prestatiemonitor.render.builtin import _pandoc, template_pad

    notebook = Path(notebook)
    nb = nbformat.read(notebook, as_version=4)
    naam = notebook.stem
    titel = notebook_titel(nb, naam)
    werk.mkdir(parents=True, exist_ok=True)
    voor = werk / f"{naam}.invoer.html"
    voor.write_text(invoer_blok(naam, jaar, ruw), encoding="utf-8")
    _pandoc([
        str(notebook.resolve()), "--from", "ipynb+fenced_divs+bracketed_spans+native_divs", "--to", "html5", "--standalone", "--embed-resources",
        "--wrap=none", "--lua-filter", str(template_pad("notebook.lua")),
        "--css", str(template_pad("notebook.css")), "--include-before-body", str(voor),
        "--metadata", "lang=nl", "--metadata", f"pagetitle={titel} ({naam}.ipynb, {jaar})",
        "--output", str(Path(doel).resolve()),
    ], werk)


def cel_nummers(notebook: Path) -> set[int]:
    """Execution counts of the code cells of an executed notebook."""
    nb = nbformat.read(notebook, as_version=4)
    return {c.execution_count for c in nb.cells if c.cell_type == "code" and c.get("execution_count")}


__all__ = ["maak_notebook_html", "notebook_titel", "ruwe_bestanden", "invoer_blok", "cel_nummers"]


def _main() -> None:  # pragma: no cover - manual check: python -m prestatiemonitor.render.notebook_html nb.ipynb out.html
    import sys

    maak_notebook_html(Path(sys.argv[1]), Path(sys.argv[2]), jaar=0, ruw=None, werk=Path(sys.argv[2]).parent)


if __name__ == "__main__":  # pragma: no cover
    _main()
