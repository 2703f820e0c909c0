"""The validation report as files the analyst can mail to each partner.

``schrijf_per_partij`` writes ``<map>/<partij>.xlsx`` and ``<map>/<partij>.html`` for EVERY partner
of the contract (a partner without findings gets a file saying so, so an old list never lingers).
Each file is written to a temporary name in the same folder and moved into place (os.replace),
so a reader never sees half a file; nothing else in the folder's parent is touched.

Partner strings are untrusted: HTML output is escaped, and spreadsheet cells never start a
formula (``veilige_cel``: a leading = + - @ tab or CR gets a ``'`` prefix).
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

from prestatiemonitor import fmt
from prestatiemonitor.contract import Contract, load_contract
from prestatiemonitor.validation import FOUT, Bevinding, Validatierapport

KOLOMMEN = ["Ernst", "Bestand", "Rij", "Kolom", "Waarde", "Regel", "Oplossing"]
FORMULE_START = ("=", "+", "-", "@", "\t", "\r")
_ONGELDIG_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CEL = 32000  # Excel's limit is 32.767 characters per cell


def veilige_cel(waarde: object) -> object:
    """A value that a spreadsheet shows as text and never runs as a formula."""
    if waarde is None or isinstance(waarde, (int, float)):
        return waarde
    tekst = _ONGELDIG_XML.sub("\ufffd", str(waarde))[:MAX_CEL]
    if tekst.startswith(FORMULE_START):
        tekst = "'" + tekst
    return tekst


def _partij_bevindingen(rapport: Validatierapport, naam: str) -> list[Bevinding]:
    lijst = [b for b in rapport.fouten + rapport.waarschuwingen if b.partij == naam]
    return sorted(lijst, key=lambda b: (b.bestand, b.ernst != FOUT, b.rij or 0, b.kolom or "", b.regel))


def _samenvatting(rapport: Validatierapport, naam: str, lijst: list[Bevinding]) -> str:
    fouten = sum(b.ernst == FOUT for b in lijst)
    waarsch = len(lijst) - fouten
    if not lijst:
        return f"De levering {rapport.jaar} van {naam} voldoet aan het datacontract: geen fouten en geen waarschuwingen."
    zin = (f"Levering {rapport.jaar} van {naam}: {fmt.getal(fouten)} fout(en) en {fmt.getal(waarsch)} "
           f"waarschuwing(en).")
    if fouten:
        zin += " Wilt u de fouten herstellen en de bestanden opnieuw aanleveren? Waarschuwingen stoppen de verwerking niet."
    return zin


def _rij(b: Bevinding) -> list[object]:
    return [b.ernst, b.bestand, b.rij, b.kolom or "", b.waarde if b.waarde is not None else "", b.regel, b.suggestie]


def schrijf_xlsx(pad: Path, rapport: Validatierapport, naam: str, lijst: list[Bevinding]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Bevindingen"
    ws.append([veilige_cel(f"Validatie levering {rapport.jaar} — {naam}")])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([veilige_cel(_samenvatting(rapport, naam, lijst))])
    ws.append(["Rijnummers zijn de rijnummers in het aangeleverde bestand (eerste regel = 1)."])
    ws.append([])
    ws.append(KOLOMMEN)
    for cel in ws[5]:
        cel.font = Font(bold=True)
    for b in lijst:
        ws.append([veilige_cel(w) for w in _rij(b)])
    for cel in ws["C"][5:]:
        cel.number_format = "0"
    for kolom, breedte in zip("ABCDEFG", (13, 34, 7, 26, 24, 70, 70)):
        ws.column_dimensions[kolom].width = breedte
    ws.freeze_panes = "A6"
    if lijst:
        ws.auto_filter.ref = f"A5:G{5 + len(lijst)}"
    ws2 = wb.create_sheet("Aantallen")
    ws2.append(["Bestand", "Gelezen", "Gebruikt", "Afgewezen"])
    for t in sorted((t for t in rapport.aantallen if t.partij == naam), key=lambda t: t.bestand):
        ws2.append([veilige_cel(t.bestand), t.gelezen, t.gebruikt, t.afgewezen])
    ws2.column_dimensions["A"].width = 40
    wb.save(pad)


_CSS = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;font-size:0.9em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eee}tr.fout td:first-child{color:#a00;font-weight:bold}tr.waarschuwing td:first-child{color:#a60}"""


def html_tekst(rapport: Validatierapport, naam: str, lijst: list[Bevinding]) -> str:
    e = html.escape
    regels = [
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        f"<title>{e(f'Validatie levering {rapport.jaar} — {naam}')}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>{e(f'Validatie levering {rapport.jaar} — {naam}')}</h1>",
        f"<p>{e(_samenvatting(rapport, naam, lijst))}</p>",
        "<p>Rijnummers zijn de rijnummers in het aangeleverde bestand (eerste regel = 1).</p>",
    ]
    if lijst:
        regels.append("<table>")
        regels.append("<thead><tr>" + "".join(f"<th>{e(k)}</th>" for k in KOLOMMEN) + "</tr></thead><tbody>")
        for b in lijst:
            cellen = "".join(f"<td>{e('' if w is None else str(w))}</td>" for w in _rij(b))
            regels.append(f'<tr class="{e(b.ernst)}">{cellen}</tr>')
        regels.append("</tbody></table>")
    tellingen = sorted((t for t in rapport.aantallen if t.partij == naam), key=lambda t: t.bestand)
    if tellingen:
        regels.append("<h2>Regels per bestand</h2><table><thead><tr><th>Bestand</th><th>Gelezen</th>"
                      "<th>Gebruikt</th><th>Afgewezen</th></tr></thead><tbody>")
        for t in tellingen:
            regels.append(f"<tr><td>{e(t.bestand)}</td><td>{fmt.getal(t.gelezen)}</td><td>{fmt.getal(t.gebruikt)}</td>"
                          f"<td>{fmt.getal(t.afgewezen)}</td></tr>")
        regels.append("</tbody></table>")
    regels += ["</body>", "</html>", ""]
    return "\n".join(regels)


def _atomair(doel: Path, schrijf) -> None:
    """Write via a temporary file in the same folder, then rename over the target."""
    fd, tmp = tempfile.mkstemp(prefix=f".{doel.name}.", suffix=".tmp", dir=doel.parent)
    os.close(fd)
    try:
        schrijf(Path(tmp))
        os.replace(tmp, doel)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schrijf_per_partij(rapport: Validatierapport, map_: Path, contract: Contract | None = None) -> list[Path]:
    """<map_>/<partij>.xlsx and .html for every partner of the contract; returns the written paths."""
    contract = contract or load_contract()
    map_ = Path(map_)
    map_.mkdir(parents=True, exist_ok=True)
    geschreven = []
    for partij in contract.partijen.values():
        lijst = _partij_bevindingen(rapport, partij.naam)
        xlsx = map_ / f"{partij.partij}.xlsx"
        _atomair(xlsx, lambda p, lijst=lijst, naam=partij.naam: schrijf_xlsx(p, rapport, naam, lijst))
        pagina = map_ / f"{partij.partij}.html"
        tekst = html_tekst(rapport, partij.naam, lijst)
        _atomair(pagina, lambda p, tekst=tekst: p.write_text(tekst, encoding="utf-8"))
        geschreven += [xlsx, pagina]
    return geschreven
