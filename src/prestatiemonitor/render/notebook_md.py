"""Executed notebooks -> one pandoc-Markdown document (plus image files).

The conventions are Quarto's, so the same notebooks also render with Quarto:

- Markdown cells are narrative and are copied as pandoc Markdown (fenced divs, attributes,
  pipe tables, ``@fig-...`` cross references all work).
- Code cells start with optional Quarto cell options (``#| label: fig-x``, ``#| fig-cap: "..."``,
  ``#| fig-alt: "..."``, ``#| tbl-cap: "..."``, ``#| echo: false``, ``#| include: false``,
  ``#| output: false``). Cells tagged ``parameters`` / ``injected-parameters`` are hidden.
- Outputs, per output bundle, first match wins: ``text/markdown`` (inserted as Markdown),
  ``image/svg+xml``, ``image/png`` (figures), ``text/html`` (only when there is no Markdown
  alternative, e.g. a bare DataFrame: shown as an intermediate result inside the folded
  calculation of the HTML, absent from the PDF). ``text/plain`` and stream output are not
  part of the report. An error output raises, it must never reach a report.
- The code of a shown cell goes into a ``.berekening`` div *under* its output; the Lua filter
  turns it into ``<details><summary>Berekening</summary>`` in HTML and drops it from the PDF.
- Method notes for the auditor (files, columns, indicator ids, how a missing delivery is
  handled) go into a ``::: {.werkwijze}`` div, in a markdown cell or in a Markdown output; the
  Lua filter folds it as ``<details class="werkwijze"><summary>Werkwijze</summary>`` in HTML and
  drops it from the PDF, so the council reads outcomes and the auditor still finds the method.
- Every markdown cell and every Markdown output must close the fenced divs (``:::``) it opens:
  the cells are joined into one document, so an unclosed ``.werkwijze`` would silently take the
  rest of the report out of the PDF. An unbalanced cell is a NotebookFout naming the cell.

Every captioned table and figure gets a source line (``::: {.pm-bron}``): the cell option
``#| bron: "WoonInvest, Vidomes; bewerking gemeente"``, else the notebook's metadata
``prestatiemonitor.bron``, else the default of its chapter (BRON_PER_HOOFDSTUK, by the number
prefix of the notebook name), else STANDAARD_BRON. Output that already holds a ``pm-bron`` div
(e.g. several tables written by one cell) is left as it is.

The source line also names the cell that computed the table or figure: "Berekening: <notebook
title>, cel In [n]" (n: the execution count in the executed notebook), a ``.pm-herkomst`` span with
``href="notebooks/<naam>.html#cel-<n>"``; the Lua filter makes it a link to the HTML copy of the
executed notebook beside the report (render/notebook_html.py) in HTML and plain text in the PDF.

Figures become ``::: {.pm-figuur}`` divs and captioned tables get a pandoc table caption
``: caption {#tbl-x}``; the Lua filter ``templates/prestatiemonitor.lua`` does the rest
(numbering in HTML, ``image(alt: ...)`` in Typst).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from prestatiemonitor import yamlbestand

VERBORGEN_TAGS = {"parameters", "injected-parameters", "remove-cell", "remove_cell"}
_OPTIE = re.compile(r"^\s*#\|\s?(.*)$")
_KOP1 = re.compile(r"^#\s+\S", re.MULTILINE)
STANDAARD_BRON = "Vidomes, WoonInvest, gemeente Leidschendam-Voorburg; bewerking gemeente"
BRON_PER_HOOFDSTUK = {
    "00": "leveringen van Vidomes, WoonInvest en de gemeente; bewerking gemeente",
    "10": "Vidomes, WoonInvest, gemeente Leidschendam-Voorburg; bewerking gemeente",
    "20": "WoonInvest, Vidomes, gemeente Leidschendam-Voorburg; bewerking gemeente",  # tables on limits say their own
    "30": "Vidomes, WoonInvest, gemeente Leidschendam-Voorburg; bewerking gemeente",
    "40": "gemeente Leidschendam-Voorburg, Vidomes, WoonInvest; bewerking gemeente",
    "50": "WoonInvest, Vidomes; bewerking gemeente",
    "90": "register van de prestatieafspraken en de indicatoren in dit rapport; bewerking gemeente",
}


def bron_standaard(pad: Path, nb=None) -> str:
    """The default source line of a notebook's tables and figures (see the module docstring)."""
    meta = ((nb.metadata if nb is not None else {}) or {}).get("prestatiemonitor") or {}
    if meta.get("bron"):
        return str(meta["bron"])
    m = re.match(r"^(\d+)", Path(pad).stem)
    return BRON_PER_HOOFDSTUK.get(m.group(1) if m else "", STANDAARD_BRON)


def bron_div(tekst: str, herkomst: str | None = None) -> str:
    tekst = " ".join(str(tekst).split())
    if not tekst.lower().startswith("bron"):
        tekst = f"Bron: {tekst}"
    if herkomst:
        tekst = f"{tekst}\\\n{herkomst}"
    return f"::::: {{.pm-bron}}\n{tekst}\n:::::"


def _md_escape(tekst: str) -> str:
    return re.sub(r"([\\`*_\[\]{}<>#|$~^@])", r"\\\1", " ".join(str(tekst).split()))


def herkomst_span(naam: str, titel: str, cel) -> str | None:
    """'Berekening: <titel>, cel In [n]' as a ``.pm-herkomst`` span pointing at the cell's anchor
    in the HTML copy of the executed notebook; None without an execution count."""
    try:
        n = int(cel)
    except (TypeError, ValueError):
        return None
    if n <= 0:
        return None
    return (f"[Berekening: {_md_escape(titel)}, cel In \\[{n}\\]]"
            f"{{.pm-herkomst href=\"notebooks/{_attr_waarde(naam)}.html#cel-{n}\"}}")


_BRON_OPEN = re.compile(r"^ {0,3}:{3,}\s*\{\s*\.pm-bron\s*\}\s*$")


def voeg_herkomst_toe(tekst: str, herkomst: str) -> str:
    """Add the origin line at the end of every ``.pm-bron`` div in ``tekst`` (output that wrote
    its own source line)."""
    regels = tekst.split("\n")
    uit: list[str] = []
    in_bron = False
    for regel in regels:
        if in_bron and _DIV_DICHT.match(regel):
            while uit and not uit[-1].strip():
                uit.pop()
            uit[-1] = uit[-1].rstrip() + "\\"
            uit.append(herkomst)
            in_bron = False
        elif _BRON_OPEN.match(regel):
            in_bron = True
        uit.append(regel)
    return "\n".join(uit)


class NotebookFout(Exception):
    """A notebook cannot become part of the report (Dutch message)."""


# pandoc fenced divs: an opening fence has attributes or a class word after the colons, a closing
# fence is colons only; lines inside fenced code blocks do not count
_DIV_OPEN = re.compile(r"^ {0,3}:{3,}\s*(\{[^}]*\}|[^\s:{}]+)\s*:*\s*$")
_DIV_DICHT = re.compile(r"^ {0,3}:{3,}\s*$")
_CODE_HEK = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def controleer_blokken(tekst: str) -> str | None:
    """None if every fenced div in ``tekst`` is closed, else a Dutch description of the problem."""
    open_regels: list[int] = []
    code_hek = ""
    for nr, regel in enumerate(tekst.splitlines(), start=1):
        m = _CODE_HEK.match(regel)
        if code_hek:
            if m and m.group(1)[0] == code_hek[0] and len(m.group(1)) >= len(code_hek) \
                    and not regel.strip()[len(m.group(1)):].strip():
                code_hek = ""
            continue
        if m:
            code_hek = m.group(1)
        elif _DIV_DICHT.match(regel):
            if not open_regels:
                return f"regel {nr} sluit een blok (:::) dat niet geopend is"
            open_regels.pop()
        elif _DIV_OPEN.match(regel):
            open_regels.append(nr)
    if open_regels:
        return (f"het blok dat op regel {open_regels[-1]} opent ({tekst.splitlines()[open_regels[-1] - 1].strip()}) "
                f"wordt niet gesloten met een regel ':::'")
    return None


def _controleer(tekst: str, pad: Path, celnr: int) -> None:
    probleem = controleer_blokken(tekst)
    if probleem:
        raise NotebookFout(f"notebook {pad.name}, cel {celnr}: {probleem}; een niet gesloten blok zou de rest van "
                           f"het rapport meenemen (een werkwijze-blok zelfs uit de PDF halen)")


@dataclass
class Document:
    markdown: str
    afbeeldingen: dict[str, bytes] = field(default_factory=dict)  # relative path -> bytes
    datum: dt.date | None = None  # latest execution date found in the notebooks


def cel_opties(bron: str) -> tuple[dict, str]:
    """Split the leading ``#|`` option lines (YAML) from the code of a cell."""
    regels = bron.splitlines()
    opties_regels: list[str] = []
    i = 0
    while i < len(regels):
        m = _OPTIE.match(regels[i])
        if not m:
            break
        opties_regels.append(m.group(1))
        i += 1
    code = "\n".join(regels[i:]).strip("\n")
    if not opties_regels:
        return {}, code
    try:
        opties = yamlbestand.laad("\n".join(opties_regels)) or {}
    except yamlbestand.YAMLError as fout:
        raise NotebookFout(f"ongeldige celopties (#|): {fout}") from None
    if not isinstance(opties, dict):
        raise NotebookFout(f"ongeldige celopties (#|): {opties_regels!r}")
    return opties, code


def _tekst(waarde) -> str:
    return "".join(waarde) if isinstance(waarde, list) else str(waarde)


def _attr_waarde(tekst: str) -> str:
    """A value for a pandoc attribute in double quotes."""
    return " ".join(str(tekst).split()).replace("\\", "\\\\").replace('"', '\\"')


def _code_fence(code: str) -> str:
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence} {{.python}}\n{code}\n{fence}"


def _datum_uit(nb) -> dt.date | None:
    """Execution date of a notebook: papermill end_time, else nbclient cell timings."""
    kandidaten: list[str] = []
    pm = nb.metadata.get("papermill") or {}
    for sleutel in ("end_time", "start_time"):
        if pm.get(sleutel):
            kandidaten.append(str(pm[sleutel]))
            break
    if not kandidaten:
        for cel in nb.cells:
            uitv = (cel.get("metadata") or {}).get("execution") or {}
            if uitv.get("iopub.status.idle"):
                kandidaten.append(str(uitv["iopub.status.idle"]))
    datums = []
    for k in kandidaten:
        try:
            datums.append(dt.datetime.fromisoformat(k.replace("Z", "+00:00")).date())
        except ValueError:
            continue
    return max(datums) if datums else None


def _hoofdstuktitel(pad: Path) -> str:
    naam = re.sub(r"^\d+[_-]*", "", pad.stem).replace("_", " ").replace("-", " ").strip()
    return (naam or pad.stem).capitalize()


def notebook_naar_markdown(pad: Path, volgnummer: int, afbeeldingen: dict[str, bytes]) -> tuple[str, dt.date | None]:
    try:
        nb = nbformat.read(pad, as_version=4)
    except Exception as fout:  # noqa: BLE001 - any unreadable notebook is one Dutch message
        raise NotebookFout(f"notebook {pad.name} is niet te lezen: {fout}") from None

    blokken: list[str] = []
    heeft_hoofdstuk = False
    standaard_bron = bron_standaard(pad, nb)
    from prestatiemonitor.render.notebook_html import notebook_titel

    titel = notebook_titel(nb, pad.stem)
    for celnr, cel in enumerate(nb.cells, start=1):
        tags = set((cel.get("metadata") or {}).get("tags") or [])
        if tags & VERBORGEN_TAGS:
            continue
        bron = _tekst(cel.get("source", ""))
        if cel.cell_type == "markdown":
            if not bron.strip():
                continue
            if not heeft_hoofdstuk and _KOP1.search(bron):
                heeft_hoofdstuk = True
            _controleer(bron, pad, celnr)
            blokken.append(bron.strip("\n"))
            continue
        if cel.cell_type != "code":
            continue
        try:
            opties, code = cel_opties(bron)
        except NotebookFout as fout:
            raise NotebookFout(f"notebook {pad.name}, cel {celnr}: {fout}") from None
        if opties.get("include") is False:
            continue
        label = str(opties.get("label") or "")
        uit = [] if opties.get("output") is False else cel.get("outputs", [])
        delen: list[str] = []
        figuren = 0
        for output in uit:
            soort = output.get("output_type")
            if soort == "error":
                raise NotebookFout(
                    f"notebook {pad.name}, cel {celnr} eindigde met een fout "
                    f"({output.get('ename', '')}: {output.get('evalue', '')}); een rapport met een "
                    f"foutmelding wordt niet gemaakt")
            if soort not in ("display_data", "execute_result"):
                continue  # stream output (stdout/stderr) is not part of the report
            data = output.get("data") or {}
            if "text/markdown" in data:
                delen.append(("md", _tekst(data["text/markdown"]).strip("\n")))
                _controleer(delen[-1][1], pad, celnr)
            elif "image/svg+xml" in data or "image/png" in data:
                figuren += 1
                basis = f"nb{volgnummer:02d}-cel{celnr:03d}-{figuren}"
                if "image/svg+xml" in data:
                    naam = f"figuren/{basis}.svg"
                    afbeeldingen[naam] = _tekst(data["image/svg+xml"]).encode("utf-8")
                else:
                    naam = f"figuren/{basis}.png"
                    afbeeldingen[naam] = base64.b64decode(_tekst(data["image/png"]))
                meta = output.get("metadata") or {}
                alt_meta = meta.get("alt") or (meta.get("image/svg+xml") or {}).get("alt") or (meta.get("image/png") or {}).get("alt")
                delen.append(("fig", (naam, alt_meta)))
            elif "text/html" in data:
                delen.append(("html", _tekst(data["text/html"])))

        tekst: list[str] = []
        tussen: list[str] = []
        fig_nr = 0
        tabel_caption_gezet = False
        for soort, inhoud in delen:
            if soort == "md":
                if opties.get("tbl-cap") and not tabel_caption_gezet and "|" in inhoud:
                    tabel_id = f" {{#{label}}}" if label.startswith("tbl-") else ""
                    inhoud = f"{inhoud}\n\n: {' '.join(str(opties['tbl-cap']).split())}{tabel_id}"
                    tabel_caption_gezet = True
                tekst.append(inhoud)
            elif soort == "fig":
                fig_nr += 1
                inhoud, alt_meta = inhoud
                cap = str(opties.get("fig-cap") or "")
                alt = str(alt_meta or opties.get("fig-alt") or cap or "Grafiek")
                fid = ""
                if label.startswith("fig-"):
                    fid = f"#{label}" if fig_nr == 1 else f"#{label}-{fig_nr}"
                attrs = " ".join(x for x in (fid, ".pm-figuur", f'src="{_attr_waarde(inhoud)}"',
                                              f'alt="{_attr_waarde(alt)}"') if x)
                tekst.append(f"::::: {{{attrs}}}\n{cap}\n:::::")
            else:  # html without a markdown alternative (e.g. a bare DataFrame): an intermediate
                tussen.append(f"```{{=html}}\n<div class=\"tussenresultaat\">\n{inhoud}\n</div>\n```")
        heeft_bijschrift = bool(opties.get("tbl-cap") or opties.get("fig-cap")) or any(
            soort == "md" and "{#tbl-" in inhoud for soort, inhoud in delen)
        herkomst = herkomst_span(pad.stem, titel, cel.get("execution_count"))
        if tekst and heeft_bijschrift and not any("pm-bron" in t for t in tekst):
            tekst.append(bron_div(opties.get("bron") or standaard_bron, herkomst))
        elif tekst and heeft_bijschrift and herkomst:
            tekst = [voeg_herkomst_toe(t, herkomst) if "pm-bron" in t else t for t in tekst]
        if opties.get("echo") is not False and code.strip():
            # the calculation, folded under its output; intermediate HTML results go with it
            tekst.append("::::: {.berekening}\n" + "\n\n".join([_code_fence(code), *tussen]) + "\n:::::")
        if tekst:
            blokken.append("\n\n".join(tekst))

    if not heeft_hoofdstuk:
        blokken.insert(0, f"# {_hoofdstuktitel(pad)}")
    return "\n\n".join(blokken), _datum_uit(nb)


def notebooks_naar_document(notebooks: list[Path]) -> Document:
    afbeeldingen: dict[str, bytes] = {}
    stukken: list[str] = []
    datums: list[dt.date] = []
    for i, pad in enumerate(notebooks, start=1):
        pad = Path(pad)
        if not pad.is_file():
            raise NotebookFout(f"notebook {pad} bestaat niet")
        md, datum = notebook_naar_markdown(pad, i, afbeeldingen)
        stukken.append(md)
        if datum:
            datums.append(datum)
    return Document("\n\n".join(stukken) + "\n", afbeeldingen, max(datums) if datums else None)
