"""Read raw partner files robustly, and parse single values strictly.

Files: CSV with ``;`` or ``,``, UTF-8 with or without BOM or Windows-1252; Excel with the data on a
named sheet, possibly below a title block (the header row is found by its column names).
Values: numbers with decimal comma and thousands dots, dates as dd-mm-jjjj, ISO or Excel serial,
labels in any case with stray spaces mapped through a code list. Anything ambiguous raises
``Waardefout``: never a guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from prestatiemonitor.contract import normaliseer_label

DEMO_MARKER = "SYNTHETISCHE DEMODATA — geen echte huurders"
EXCEL_EPOCH = dt.date(1899, 12, 30)
HEADER_ZOEKBEREIK = 25  # rows searched for the header row of an Excel sheet


class Leesfout(Exception):
    """A whole file cannot be read (Dutch message; suggestie says what to do)."""

    def __init__(self, regel: str, suggestie: str = "", waarde: str | None = None):
        super().__init__(regel)
        self.regel = regel
        self.suggestie = suggestie
        self.waarde = waarde


class Waardefout(ValueError):
    """A single value does not fit its type (Dutch regel + suggestie)."""

    def __init__(self, regel: str, suggestie: str = ""):
        super().__init__(regel)
        self.regel = regel
        self.suggestie = suggestie


@dataclass
class RuwBestand:
    """Header and data rows of a file; every row carries its spreadsheet row number (1-based)."""

    kolommen: list[str]
    rijen: list[tuple[int, list[object]]]
    kopregel: int


def is_leeg(waarde: object) -> bool:
    return waarde is None or (isinstance(waarde, str) and waarde.strip() == "")


def _is_marker(regel: str) -> bool:
    tekst = regel.strip().lstrip("\ufeff").strip().strip(";,\"'").strip().lstrip("#").strip()
    return tekst == DEMO_MARKER


# ---------------------------------------------------------------------------- files


def decodeer(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is an error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise Leesfout(
            "tekencodering niet herkend (geen UTF-8 en geen Windows-1252)",
            "sla het bestand op als CSV UTF-8",
        ) from exc


def _splits(regel: str, teken: str) -> list[str]:
    return [c.strip() for c in next(csv.reader([regel], delimiter=teken))]


def kies_scheidingsteken(kopregel: str, verwacht: list[str], voorkeur: str = ";") -> str:
    """Pick ``;`` or ``,`` by how many expected column names the header yields."""
    namen = {normaliseer_label(v) for v in verwacht}
    score = {}
    for teken in (";", ","):
        delen = _splits(kopregel, teken)
        score[teken] = (sum(normaliseer_label(d) in namen for d in delen), len(delen) > 1)
    beste = max(score.values())
    kandidaten = [t for t, s in score.items() if s == beste]
    if beste == (0, False):
        raise Leesfout(
            "kopregel niet herkend: geen van de verwachte kolomnamen gevonden",
            f"zet de kolomnamen ({', '.join(verwacht)}) in de eerste regel",
            waarde=kopregel[:80],
        )
    if len(kandidaten) == 1:
        return kandidaten[0]
    if voorkeur in kandidaten:
        return voorkeur
    raise Leesfout("scheidingsteken niet eenduidig (puntkomma of komma)", "gebruik puntkomma als scheidingsteken")


def lees_csv(pad: Path, verwacht: list[str], voorkeur: str = ";") -> RuwBestand:
    """Read a CSV file; the demo marker line (exactly DEMO_MARKER) before the header is skipped."""
    tekst = decodeer(pad.read_bytes())
    regels = tekst.splitlines()
    start = 0
    while start < len(regels) and (is_leeg(regels[start]) or _is_marker(regels[start])):
        start += 1
    if start >= len(regels):
        raise Leesfout("bestand is leeg", "lever het bestand met kopregel en gegevens aan")
    teken = kies_scheidingsteken(regels[start], verwacht, voorkeur)
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=teken)
    kop: list[str] | None = None
    kopregel = 0
    rijen: list[tuple[int, list[object]]] = []
    vorige = 0
    for record in reader:
        eerste = vorige + 1
        vorige = reader.line_num
        if kop is None:
            if eerste <= start:
                continue
            kop = [c.strip().lstrip("\ufeff") for c in record]
            kopregel = eerste
            continue
        if all(is_leeg(c) for c in record):
            continue
        rijen.append((eerste, list(record)))
    return RuwBestand(kolommen=kop or [], rijen=rijen, kopregel=kopregel)


def _zoek_blad(werkmap, blad: str):
    gevonden = [n for n in werkmap.sheetnames if normaliseer_label(n) == normaliseer_label(blad)]
    if not gevonden:
        raise Leesfout(
            f"werkblad '{blad}' ontbreekt",
            f"noem het blad '{blad}' (aanwezig: {', '.join(werkmap.sheetnames)})",
        )
    if len(gevonden) > 1:
        raise Leesfout(f"werkblad '{blad}' komt meer dan eens voor", "geef elk blad een unieke naam")
    return werkmap[gevonden[0]]


def open_werkmap(pad: Path):
    """Open a workbook read-only (Dutch Leesfout when it cannot be opened). Close it after use."""
    import openpyxl  # local: keeps import of this module cheap

    try:
        return openpyxl.load_workbook(pad, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook becomes a Dutch message
        raise Leesfout(f"Excel-bestand kan niet worden geopend ({type(exc).__name__})", "sla het bestand opnieuw op als .xlsx") from exc


def lees_xlsx(pad: Path, blad: str, verwacht: list[str], werkmap=None) -> RuwBestand:
    """Read one named sheet; the header is the row (within the first rows) with most expected names.

    Pass an open ``werkmap`` to read several sheets of one file without reopening it.
    """
    eigen = werkmap is None
    if eigen:
        werkmap = open_werkmap(pad)
    try:
        ws = _zoek_blad(werkmap, blad)
        namen = {normaliseer_label(v) for v in verwacht}
        kop: list[str] | None = None
        kopregel = 0
        beste = 0
        rijen: list[tuple[int, list[object]]] = []
        buffer: list[tuple[int, list[object]]] = []
        for nummer, waarden in enumerate(ws.iter_rows(values_only=True), start=1):
            waarden = list(waarden)
            if kop is None:
                buffer.append((nummer, waarden))
                score = sum(isinstance(w, str) and normaliseer_label(w) in namen for w in waarden)
                if score > beste:
                    beste, kopregel = score, nummer
                if nummer >= HEADER_ZOEKBEREIK:
                    kop = _kop_uit_buffer(buffer, kopregel, verwacht)
                    rijen.extend((n, w) for n, w in buffer if n > kopregel)
                continue
            rijen.append((nummer, waarden))
        if kop is None:
            kop = _kop_uit_buffer(buffer, kopregel, verwacht)
            rijen.extend((n, w) for n, w in buffer if n > kopregel)
    finally:
        if eigen:
            werkmap.close()
    rijen = [(n, w) for n, w in rijen if not all(is_leeg(v) for v in w)]
    return RuwBestand(kolommen=kop, rijen=rijen, kopregel=kopregel)


def _kop_uit_buffer(buffer, kopregel: int, verwacht: list[str]) -> list[str]:
    if kopregel == 0:
        raise Leesfout(
            "kopregel niet gevonden: geen van de verwachte kolomnamen staat in de eerste "
            f"{HEADER_ZOEKBEREIK} regels",
            f"zet de kolomnamen ({', '.join(verwacht)}) boven de gegevens",
        )
    waarden = dict(buffer)[kopregel]
    return ["" if w is None else str(w).strip() for w in waarden]


# ---------------------------------------------------------------------------- values


def _als_tekst(waarde: object) -> str:
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).replace("\u00a0", " ").strip()


def parse_tekst(waarde: object) -> str | None:
    if is_leeg(waarde):
        return None
    return re.sub(r"\s+", " ", _als_tekst(waarde))


def _groepering_ok(deel: str, teken: str) -> bool:
    return re.fullmatch(r"\d{1,3}(" + re.escape(teken) + r"\d{3})+", deel) is not None


def parse_getal(waarde: object, decimaalteken: str = ",", duizendtal: str = ".") -> float | None:
    """Number with decimal comma/point and optional thousands separators; ambiguous -> Waardefout."""
    if is_leeg(waarde):
        return None
    if isinstance(waarde, bool):
        raise Waardefout("geen getal", "vul een getal in")
    if isinstance(waarde, (int, float)):
        return float(waarde)
    tekst = str(waarde).replace("\u00a0", "").replace(" ", "").replace("€", "").strip()
    teken = ""
    if tekst[:1] in "+-":
        teken, tekst = tekst[0], tekst[1:]
    if not re.fullmatch(r"[\d.,]+", tekst) or not re.search(r"\d", tekst):
        raise Waardefout("geen getal", "vul een getal in, bijvoorbeeld 712,50")
    heeft_punt, heeft_komma = "." in tekst, "," in tekst
    if heeft_punt and heeft_komma:
        dec = "," if tekst.rfind(",") > tekst.rfind(".") else "."
        dui = "." if dec == "," else ","
        geheel, _, frac = tekst.rpartition(dec)
        if not _groepering_ok(geheel, dui) or not frac.isdigit():
            raise Waardefout("getal met onduidelijke scheidingstekens", "schrijf bedragen als 1.234,56 of 1234,56")
        return float(teken + geheel.replace(dui, "") + "." + frac)
    if heeft_punt or heeft_komma:
        sep = "." if heeft_punt else ","
        if sep == decimaalteken and tekst.count(sep) == 1:
            geheel, frac = tekst.split(sep)
            if geheel.isdigit() and frac.isdigit():
                return float(teken + geheel + "." + frac)
        if sep == duizendtal and _groepering_ok(tekst, sep):
            return float(teken + tekst.replace(sep, ""))
        raise Waardefout(
            f"getal met onduidelijk scheidingsteken '{sep}' (decimaalteken volgens contract: '{decimaalteken}')",
            f"gebruik '{decimaalteken}' als decimaalteken",
        )
    return float(teken + tekst)


def parse_geheel(waarde: object, decimaalteken: str = ",", duizendtal: str = ".") -> int | None:
    getal = parse_getal(waarde, decimaalteken, duizendtal)
    if getal is None:
        return None
    if not float(getal).is_integer():
        raise Waardefout("geen geheel getal", "vul een geheel getal in")
    return int(getal)


def parse_datum(waarde: object) -> dt.date | None:
    """dd-mm-jjjj (or d/m/jjjj), ISO jjjj-mm-dd, an Excel date or an Excel serial number."""
    if is_leeg(waarde):
        return None
    if isinstance(waarde, dt.datetime):
        if waarde.time() != dt.time(0):
            raise Waardefout("datum bevat een tijdstip", "lever alleen de datum")
        return waarde.date()
    if isinstance(waarde, dt.date):
        return waarde
    if isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
        return _serieel(float(waarde))
    tekst = str(waarde).strip()
    tekst = re.sub(r"[ T]00:00(:00)?$", "", tekst)
    try:
        if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", tekst):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", tekst):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise Waardefout("datum bestaat niet", "controleer dag en maand (dd-mm-jjjj)") from exc
    if re.fullmatch(r"\d{5}(\.0+)?", tekst):
        return _serieel(float(tekst))
    raise Waardefout("geen datum", "schrijf datums als dd-mm-jjjj, bijvoorbeeld 31-12-2026")


def _serieel(getal: float) -> dt.date:
    if not getal.is_integer() or not 20000 <= getal <= 80000:
        raise Waardefout("geen geldig Excel-datumgetal", "maak de cel op als datum (dd-mm-jjjj)")
    return EXCEL_EPOCH + dt.timedelta(days=int(getal))


def parse_kwartaal(waarde: object, jaar: int | None = None) -> int | None:
    """1-4, 'Q1', 'K1', 'kwartaal 1', '2026-Q1', '2026 K1'; a year that differs from jaar is an error."""
    if is_leeg(waarde):
        return None
    tekst = normaliseer_label(_als_tekst(waarde))
    m = re.fullmatch(r"(?:(\d{4})\s*[-/ ]?\s*)?(?:q|k|kw|kwartaal)?\s*([1-4])", tekst)
    if not m:
        raise Waardefout("geen kwartaal", "schrijf het kwartaal als 1-4 of Q1-Q4")
    if m[1] and jaar is not None and int(m[1]) != jaar:
        raise Waardefout(f"kwartaal hoort bij jaar {m[1]}, niet bij {jaar}", "lever alleen kwartalen van het verslagjaar")
    return int(m[2])


def map_label(waarde: object, codelijst: dict[str, str]) -> str | None:
    """Partner label -> harmonised code via a compiled code list (normalised label -> code)."""
    if is_leeg(waarde):
        return None
    sleutel = normaliseer_label(_als_tekst(waarde))
    if sleutel in codelijst:
        return codelijst[sleutel]
    bekend = sorted({lab for lab in codelijst})
    dichtbij = difflib.get_close_matches(sleutel, bekend, n=1)
    hint = f"bedoelt u '{dichtbij[0]}'? " if dichtbij else ""
    raise Waardefout("onbekende code", f"{hint}toegestaan: {', '.join(bekend)}")


def map_toegestaan(waarde: object, toegestaan: tuple[str, ...]) -> str | None:
    """Free label that must equal one of the allowed harmonised codes, ignoring case and spaces."""
    return map_label(waarde, {normaliseer_label(t): t for t in toegestaan})
