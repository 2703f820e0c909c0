"""Built-in renderer: executed notebooks -> pandoc Markdown -> HTML (pandoc) and PDF (pandoc -> Typst).

Everything happens in a temporary folder; the caller moves the finished files into place.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from prestatiemonitor.render.notebook_md import Document

TITEL = "Monitor prestatieafspraken sociaal wonen Leidschendam-Voorburg"
PARTIJEN = (
    "gemeente Leidschendam-Voorburg",
    "Vidomes",
    "WoonInvest",
    "Huurdersraad Vidomes",
    "Huurdersvereniging Respectus",
)
KLEUR = "#00529b"
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
# pandoc Markdown with everything the notebooks may use; raw TeX is never meant.
LEES_FORMAAT = "markdown-raw_tex"
PDF_STANDAARDEN = ["a-2b", "ua-1"]


class PandocFout(Exception):
    pass


class TypstFout(Exception):
    pass


@dataclass
class Kop:
    """Everything on the title page / in the colophon."""

    jaar: int
    titel: str
    datum: dt.date
    versie: str

    @property
    def ondertitel(self) -> str:
        return f"Jaarmonitor {self.jaar}"

    @property
    def datum_nl(self) -> str:
        return f"{self.datum.day} {MAANDEN[self.datum.month - 1]} {self.datum.year}"


def template_pad(naam: str) -> Path:
    return Path(str(resources.files("prestatiemonitor") / "templates" / naam))


def pandoc_pad() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def documentdatum(doc: Document, jaar: int) -> dt.date:
    """The date on the report, fixed by the input (never 'now'): SOURCE_DATE_EPOCH when set,
    else the last execution date recorded in the notebooks, else 31 December of the year."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return doc.datum or dt.date(jaar, 12, 31)


def _typst_markup(tekst: str) -> str:
    return re.sub(r"([\\#\[\]*_`$<>@=~/])", r"\\\1", tekst)


def _typst_str(tekst: str) -> str:
    return tekst.replace("\\", "\\\\").replace('"', '\\"')


def _html(tekst: str) -> str:
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _pandoc(args: list[str], cwd: Path) -> None:
    proc = subprocess.run([pandoc_pad(), *args], cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise PandocFout(proc.stderr.strip() or f"pandoc stopte met code {proc.returncode}")


def _gemeenschappelijk(werk: Path) -> list[str]:
    return [
        "bron.md", "--from", LEES_FORMAAT, "--standalone", "--toc", "--toc-depth=2",
        "--number-sections", "--wrap=none", "--lua-filter", str(template_pad("prestatiemonitor.lua")),
        "--resource-path", str(werk), "--metadata", "lang=nl-NL",
    ]


def maak_html(werk: Path, kop: Kop, doel: Path) -> None:
    css = template_pad("rapport.css").read_text(encoding="utf-8")
    template = template_pad("rapport.html").read_text(encoding="utf-8").replace("$css$", css)
    (werk / "rapport.html").write_text(template, encoding="utf-8")
    variabelen = {
        "titel-tekst": _html(kop.titel), "ondertitel": _html(kop.ondertitel), "jaar": str(kop.jaar),
        "datum": kop.datum_nl, "datum-iso": kop.datum.isoformat(), "versie": _html(kop.versie),
        "colofon": "De PDF-versie van dit rapport is het document voor de gemeenteraad; "
                   "in deze HTML-versie is onder elke tabel en figuur de berekening uit te klappen.",
    }
    args = _gemeenschappelijk(werk) + [
        "--to", "html5", "--template", "rapport.html", "--mathml",
        "--section-divs", "--metadata", f"pagetitle={kop.titel} {kop.jaar}", "--output", str(doel),
    ]
    for k, v in variabelen.items():
        args += ["-V", f"{k}={v}"]
    for p in PARTIJEN:
        args += ["-V", f"partijen={_html(p)}"]
    _pandoc(args, werk)
    doel.write_text(bed_afbeeldingen_in(doel.read_text(encoding="utf-8"), werk), encoding="utf-8")


MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def bed_afbeeldingen_in(html: str, werk: Path) -> str:
    """Make the HTML one self-contained file: every local image (src="figuren/...") becomes a data
    URI. Done here rather than with pandoc's --embed-resources, which re-parses the whole document
    (a third of the HTML's render time); the CSS is already inline in the template."""
    import base64

    def data_uri(m: re.Match) -> str:
        pad = werk / m.group(1)
        mime = MIME.get(pad.suffix.lower())
        if mime is None or not pad.is_file():
            raise PandocFout(f"afbeelding {m.group(1)} kan niet in de HTML worden opgenomen")
        return f'src="data:{mime};base64,{base64.b64encode(pad.read_bytes()).decode("ascii")}"'

    return re.sub(r'src="(?!data:)([^":]+)"', data_uri, html)


def maak_typst(werk: Path, kop: Kop, doel: Path) -> None:
    variabelen = {
        "titel-tekst": _typst_str(kop.titel), "ondertitel": _typst_markup(kop.ondertitel),
        "jaar": str(kop.jaar), "datum": kop.datum_nl, "datum-jaar": str(kop.datum.year),
        "datum-maand": str(kop.datum.month), "datum-dag": str(kop.datum.day),
        "versie": _typst_markup(kop.versie), "kleur": KLEUR, "toc-depth": "2",
        "auteur": _typst_str(", ".join(PARTIJEN)),
        "colofon": "Dit rapport is reproduceerbaar gemaakt uit de aangeleverde gegevens van de partijen. "
                   "De berekeningen staan in de HTML-versie onder elke tabel en figuur.",
    }
    args = _gemeenschappelijk(werk) + [
        "--to", "typst", "--template", str(template_pad("rapport.typ")), "--output", str(doel),
    ]
    for k, v in variabelen.items():
        args += ["-V", f"{k}={v}"]
    for p in PARTIJEN:
        args += ["-V", f"partijen={_typst_markup(p)}"]
    _pandoc(args, werk)


def fontmappen() -> list[str]:
    """Fonts beyond the ones embedded in the typst wheel: DejaVu Sans from matplotlib."""
    mappen = [str(template_pad("fonts"))] if template_pad("fonts").is_dir() else []
    try:
        import matplotlib

        mpl = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        if mpl.is_dir():
            mappen.append(str(mpl))
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass
    return mappen


def maak_pdf(typ: Path, doel: Path, kop: Kop) -> list[str]:
    """Compile Typst to PDF. Returns warnings (e.g. PDF/UA not reached)."""
    import typst

    meldingen: list[str] = []
    tijd = dt.datetime(kop.datum.year, kop.datum.month, kop.datum.day, 12, 0, tzinfo=dt.timezone.utc)
    basis = dict(root=str(typ.parent), font_paths=fontmappen(), ignore_system_fonts=True,
                 timestamp=int(tijd.timestamp()))
    try:
        typst.compile(str(typ), output=str(doel), pdf_standards=PDF_STANDAARDEN, **basis)
    except typst.TypstError as fout:
        eerste = str(fout)
        try:  # PDF/UA is strict (alt text, heading order); fall back to PDF/A-2b alone
            typst.compile(str(typ), output=str(doel), pdf_standards=["a-2b"], **basis)
            meldingen.append(f"PDF/UA-1 niet gehaald, alleen PDF/A-2b: {eerste}")
        except typst.TypstError as fout2:
            raise TypstFout(str(fout2)) from None
    return meldingen
