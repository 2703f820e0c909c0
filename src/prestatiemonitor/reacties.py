"""The parties' own voice: a short reaction per party per year, ``data/raw/<jaar>/<partij>/reactie.md``.

Every party may deliver one: the gemeente and both corporations in their own delivery folder, the
tenant organisations in folders of their own (``huurdersraad_vidomes``, ``respectus``). A reaction is
optional; the report says "geen reactie ontvangen" where there is none.

It is checked with the delivery (``validation.beoordeel_levering`` calls ``controleer``): UTF-8 text,
at most MAX_TEKENS characters, plain Markdown only (paragraphs, emphasis, lists): no HTML, no
headings, links, images, tables or code blocks, no control characters. Each problem is one Dutch
finding with the line number; an error stops the run like any other delivery error.

Reaction text is partner text. The report prints it only through ``reactie_markdown`` (one place,
so the project's escaper for partner text can take over there): every Markdown character is
escaped, so the text appears literally and never becomes markup in the HTML or the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from prestatiemonitor import paths

BESTAND = "reactie.md"
MAX_TEKENS = 3000  # about 450 words: a reaction, not a report
MAX_BYTES = 64 * 1024  # anything larger is not a short text file; not even read
# folder under data/raw/<jaar>/ -> the party's name in the report, in the order of the agreement
PARTIJEN = {
    "gemeente": "Gemeente Leidschendam-Voorburg",
    "vidomes": "Vidomes",
    "wooninvest": "WoonInvest",
    "huurdersraad_vidomes": "Huurdersraad Vidomes",
    "respectus": "Huurdersvereniging Respectus",
}
GEEN_REACTIE = "Geen reactie ontvangen."

# (pattern on one line, rule, suggestion): what is not plain Markdown
_NIET_TOEGESTAAN = [
    (re.compile(r"<\s*[A-Za-z!/?]"), "HTML is niet toegestaan", "schrijf gewone tekst zonder < en >-codes"),
    (re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);"), "HTML-codes (zoals &amp;) zijn niet toegestaan",
     "schrijf het teken zelf"),
    (re.compile(r"^\s{0,3}#{1,6}(\s|$)"), "kopjes zijn niet toegestaan (het rapport zet de kop)",
     "laat het #-teken weg"),
    (re.compile(r"!\[[^\]]*\]\("), "afbeeldingen zijn niet toegestaan", "laat de afbeelding weg"),
    (re.compile(r"\[[^\]]+\]\([^)]*\)"), "links zijn niet toegestaan", "schrijf het webadres als tekst"),
    (re.compile(r"^\s{0,3}(`{3,}|~{3,})"), "codeblokken zijn niet toegestaan", "schrijf gewone tekst"),
    (re.compile(r"^\s*\|.*\|\s*$"), "tabellen zijn niet toegestaan", "schrijf de cijfers in een zin of opsomming"),
    (re.compile(r"^\s*:{3,}"), "blokken (:::) zijn niet toegestaan", "laat de dubbele punten weg"),
]
_STUURTEKEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Reactie:
    map: str  # folder under data/raw/<jaar>/
    partij: str  # name in the report
    tekst: str | None  # None: no (usable) reaction


def pad(jaar: int, map_: str, raw_root: Path | None = None) -> Path:
    return Path(raw_root or paths.RAW) / str(jaar) / map_ / BESTAND


def controleer(jaar: int, raw_root: Path | None = None) -> list:
    """Findings (validation.Bevinding) for every delivered reaction of the year; [] when all are fine."""
    from prestatiemonitor.validation import FOUT, WAARSCHUWING, Bevinding

    uit = []
    for map_, naam in PARTIJEN.items():
        p = pad(jaar, map_, raw_root)
        bestand = f"{map_}/{BESTAND}"
        if not p.exists():
            continue
        if p.is_symlink() or not p.is_file():
            uit.append(Bevinding(naam, bestand, None, None, None, "geen gewoon bestand", "lever een tekstbestand"))
            continue
        if p.stat().st_size > MAX_BYTES:
            uit.append(Bevinding(naam, bestand, None, None, None,
                                 f"te groot voor een reactie (meer dan {MAX_BYTES // 1024} kB)",
                                 f"houd de reactie onder {MAX_TEKENS} tekens"))
            continue
        ruw = p.read_bytes()
        try:
            tekst = ruw.decode("utf-8-sig")
        except UnicodeDecodeError:
            uit.append(Bevinding(naam, bestand, None, None, None, "tekst is geen UTF-8",
                                 "sla het bestand op als UTF-8 (platte tekst)"))
            continue
        if not tekst.strip():
            uit.append(Bevinding(naam, bestand, None, None, None, "reactie is leeg; het rapport meldt 'geen reactie ontvangen'",
                                 "vul de reactie in of verwijder het bestand", WAARSCHUWING))
            continue
        if len(tekst.strip()) > MAX_TEKENS:
            uit.append(Bevinding(naam, bestand, None, None, f"{len(tekst.strip())} tekens",
                                 f"reactie is langer dan {MAX_TEKENS} tekens", "kort de reactie in", FOUT))
        for nr, regel in enumerate(tekst.splitlines(), start=1):
            if _STUURTEKEN.search(regel):
                uit.append(Bevinding(naam, bestand, nr, None, None, "onzichtbare stuurtekens in de tekst",
                                     "typ de regel opnieuw als gewone tekst"))
            for patroon, regel_tekst, suggestie in _NIET_TOEGESTAAN:
                m = patroon.search(regel)
                if m:
                    uit.append(Bevinding(naam, bestand, nr, None, _kort(regel), regel_tekst, suggestie))
    return uit


def lees(jaar: int, raw_root: Path | None = None) -> list[Reactie]:
    """The reactions of the year, one per party in PARTIJEN order (tekst None where there is none).
    Call after ``controleer`` found no errors (the pipeline validates before any notebook runs)."""
    uit = []
    for map_, naam in PARTIJEN.items():
        p = pad(jaar, map_, raw_root)
        tekst = None
        if p.is_file() and not p.is_symlink() and p.stat().st_size <= MAX_BYTES:
            try:
                tekst = p.read_bytes().decode("utf-8-sig").strip() or None
            except UnicodeDecodeError:
                tekst = None
        uit.append(Reactie(map_, naam, tekst))
    return uit


def reactie_markdown(tekst: str | None) -> str:
    """A party's reaction as report Markdown that shows the text literally: every ASCII punctuation
    character escaped (no emphasis, list, link, HTML or fenced div can arise), paragraphs kept,
    line breaks as hard breaks, in a framed block. The one place where reaction text enters the
    report; "Geen reactie ontvangen." when there is none."""
    if not tekst or not tekst.strip():
        return f"*{GEEN_REACTIE}*"
    alineas = re.split(r"\n\s*\n", tekst.strip().replace("\r\n", "\n").replace("\r", "\n"))
    blokken = []
    for alinea in alineas:
        regels = [_letterlijk(r.strip()) for r in alinea.split("\n") if r.strip()]
        blokken.append("\\\n".join(regels))
    return "::: {.kader .pm-reactie}\n" + "\n\n".join(blokken) + "\n:::"


def _letterlijk(regel: str) -> str:
    regel = _STUURTEKEN.sub("", regel)
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", regel)


def _kort(regel: str, n: int = 60) -> str:
    regel = _STUURTEKEN.sub("", regel.strip())
    return regel if len(regel) <= n else regel[: n - 1] + "…"
