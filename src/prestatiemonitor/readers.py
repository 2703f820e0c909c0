"""Read raw partner files robustly, and parse single values strictly.

Files: CSV with ``;`` or ``,``, UTF-8 with or without BOM or Windows-1252; Excel with the data on a
named sheet, possibly below a title block (the header row is found by its column names).
Values: numbers with decimal comma and thousands dots, dates as dd-mm-jjjj, ISO or Excel serial,
labels in any case with stray spaces mapped through a code list. Anything ambiguous raises
``Waardefout``: never a guess.

Partner files are untrusted input. Before anything is parsed, ``controleer_bestand`` refuses files
above MAX_BESTAND_MB, binary files (NUL bytes, control characters) posing as CSV, and workbooks
whose zip members would unpack beyond MAX_XLSX_UITGEPAKT_MB or with a compression ratio above
MAX_ZIP_RATIO (a zip bomb) -- before the Excel reader opens them; a sheet whose filled block
exceeds MAX_CELLEN is refused before it is loaded. Every refusal is a ``Leesfout`` with a
Dutch message, within bounded memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from prestatiemonitor.contract import normaliseer_label

DEMO_MARKER = "SYNTHETISCHE DEMODATA — geen echte huurders"
EXCEL_EPOCH = dt.date(1899, 12, 30)
HEADER_ZOEKBEREIK = 25  # rows searched for the header row of an Excel sheet

# Limits for untrusted partner files (documented in data/raw/README.md, "Algemene regels").
MAX_BESTAND_MB = 100  # a delivered file (CSV or XLSX) on disk
MAX_CSV_ALTERNATIEF_MB = 1024  # a CSV delivered instead of an Excel sheet (big tables; contract.Bestand.csv_alternatief)
MAX_XLSX_UITGEPAKT_MB = 500  # all members of an XLSX (zip) together, uncompressed
MAX_ZIP_RATIO = 200  # uncompressed / compressed size of one zip member (members above 1 MB)
MAX_ZIP_LEDEN = 2000  # number of members in an XLSX
MAX_KOLOMMEN = 200  # columns read per row of an Excel sheet (the contract needs at most a few dozen)
MAX_CELLEN = 25_000_000  # filled block of one Excel sheet (rows x columns); bigger sheets come as CSV
MAX_STUURTEKENS = 0.001  # share of control characters above which a "CSV" is binary garbage
MB = 1024 * 1024


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

    @property
    def aantal(self) -> int:
        return len(self.rijen)


@dataclass
class SnelBestand:
    """A big plain CSV read column-wise by pyarrow (``lees_csv_snel``): per column its distinct values
    and a code per row (``verschil``, a Verschillend per header column), ``regels`` the line number
    (1-based) of each data row; rows with only empty cells are already left out."""

    kolommen: list[str]
    regels: object  # numpy int64 array
    kopregel: int
    verschil: list  # Verschillend per column (codes for the rows in regels)

    @property
    def aantal(self) -> int:
        return len(self.regels)


def is_leeg(waarde: object) -> bool:
    return waarde is None or (isinstance(waarde, str) and waarde.strip() == "")


def _is_marker(regel: str) -> bool:
    tekst = regel.strip().lstrip("\ufeff").strip().strip(";,\"'").strip().lstrip("#").strip()
    return tekst == DEMO_MARKER


# ---------------------------------------------------------------------------- files


def _mb(n: int) -> str:
    return f"{n / MB:.1f}".replace(".", ",") + " MB"


def controleer_bestand(pad: Path, formaat: str, max_mb: int | None = None) -> None:
    """Refuse oversized, empty or binary files and zip bombs before any parser sees them.

    ``max_mb`` overrides MAX_BESTAND_MB (the CSV alternative of a sheet may be bigger)."""
    grens = MAX_BESTAND_MB if max_mb is None else max_mb
    grootte = pad.stat().st_size
    if grootte > grens * MB:
        raise Leesfout(
            f"bestand is te groot ({_mb(grootte)}; de grens is {grens} MB)",
            "lever alleen de gevraagde kolommen en regels van het verslagjaar, of neem contact op met de gemeente",
        )
    if grootte == 0:
        raise Leesfout("bestand is leeg (0 bytes)", "lever het bestand met kopregel en gegevens aan")
    with pad.open("rb") as f:
        begin = f.read(8)
    if formaat == "xlsx":
        if not begin.startswith(b"PK\x03\x04"):
            soort = "een CSV- of tekstbestand" if b"\x00" not in begin and begin[:1].isascii() else "geen Excel-werkmap"
            raise Leesfout(f"dit is geen .xlsx-bestand ({soort})",
                           "open het in Excel en kies Opslaan als > Excel-werkmap (.xlsx)")
        controleer_zip(pad)
    elif begin.startswith(b"PK\x03\x04"):
        raise Leesfout("dit is een Excel- of zipbestand, geen CSV", "sla het blad op als CSV UTF-8 (door lijstscheidingsteken gescheiden)")
    elif begin.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Leesfout("bestand is opgeslagen als UTF-16 (Unicode-tekst), niet als CSV",
                       "sla het op als CSV UTF-8 (door lijstscheidingsteken gescheiden)")


def controleer_zip(pad: Path) -> None:
    """Check an XLSX's zip directory (sizes as declared; zipfile never inflates past them)."""
    try:
        with zipfile.ZipFile(pad) as z:
            leden = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise Leesfout("Excel-bestand is beschadigd of onvolledig (geen geldige zip)",
                       "sla het bestand opnieuw op als .xlsx en lever het opnieuw aan") from exc
    if len(leden) > MAX_ZIP_LEDEN:
        raise Leesfout(f"Excel-bestand bevat {len(leden)} onderdelen (de grens is {MAX_ZIP_LEDEN})",
                       "sla het bestand opnieuw op als gewone .xlsx-werkmap")
    totaal = sum(i.file_size for i in leden)
    if totaal > MAX_XLSX_UITGEPAKT_MB * MB:
        raise Leesfout(
            f"Excel-bestand is uitgepakt te groot ({_mb(totaal)}; de grens is {MAX_XLSX_UITGEPAKT_MB} MB)",
            "lever alleen de gevraagde bladen en kolommen, zonder opmaak over hele kolommen of rijen",
        )
    for i in leden:
        if i.file_size > MB and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise Leesfout(
                f"Excel-bestand is verdacht sterk gecomprimeerd (onderdeel {i.filename}: "
                f"{i.file_size // max(i.compress_size, 1)} keer; de grens is {MAX_ZIP_RATIO})",
                "sla het bestand opnieuw op als .xlsx; lever geen bestanden van onbekende herkomst door",
            )
    if not any(i.filename == "xl/workbook.xml" for i in leden):
        raise Leesfout("zipbestand is geen Excel-werkmap (xl/workbook.xml ontbreekt)",
                       "open het in Excel en kies Opslaan als > Excel-werkmap (.xlsx)")


_STUURBYTES = bytes(c for c in range(32) if chr(c) not in "\t\r\n")


def decodeer(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else (or binary data) is an error."""
    if b"\x00" in data:
        raise Leesfout(
            "bestand bevat NUL-tekens: het is geen tekstbestand (binair, of opgeslagen als UTF-16)",
            "sla het bestand op als CSV UTF-8 (door lijstscheidingsteken gescheiden)",
        )
    try:
        tekst = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            tekst = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise Leesfout(
                "tekencodering niet herkend (geen UTF-8 en geen Windows-1252)",
                "sla het bestand op als CSV UTF-8",
            ) from exc
    # Control characters are single bytes below 0x20 in UTF-8 and Windows-1252 alike: count them on the
    # bytes (C speed; the same count as a loop over the characters).
    stuur = len(data) - len(data.translate(None, _STUURBYTES))
    if stuur > max(1, MAX_STUURTEKENS * len(tekst)):
        raise Leesfout(
            f"bestand bevat {stuur} stuurtekens: het lijkt binair, geen CSV",
            "lever een CSV-bestand (tekst) zoals beschreven in het datacontract",
        )
    return tekst


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


def lees_csv(pad: Path, verwacht: list[str], voorkeur: str = ";", max_mb: int | None = None) -> RuwBestand:
    """Read a CSV file; the demo marker line (exactly DEMO_MARKER) before the header is skipped."""
    controleer_bestand(pad, "csv", max_mb)
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
    try:
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
    except csv.Error as exc:
        raise Leesfout(
            f"regel {vorige + 1} is geen geldige CSV ({_csv_reden(exc)})",
            "controleer aanhalingstekens in die regel; een waarde met een scheidingsteken staat tussen dubbele aanhalingstekens",
        ) from exc
    return RuwBestand(kolommen=kop or [], rijen=rijen, kopregel=kopregel)


SNEL_VANAF_MB = 5  # CSV files from this size are read by lees_csv_snel (when they qualify)


def lees_csv_snel(pad: Path, verwacht: list[str], voorkeur: str = ";", max_mb: int | None = None) -> SnelBestand | None:
    """Read a big CSV column-wise with pyarrow; None when the file is not plain enough for that (then
    ``lees_csv`` reads it): quotes, carriage returns, empty lines, rows with another number of values
    than the header, or an empty column name. The same file checks and the same header detection as
    ``lees_csv``, so the same rows get the same line numbers. Each column is kept only as its distinct
    values and a code per row (``Verschillend``), never as one Python object per cell."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    controleer_bestand(pad, "csv", max_mb)
    data = pad.read_bytes()
    tekst = decodeer(data)
    if any(teken in tekst for teken in '"\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'):
        return None  # quotes or other line breaks: lees_csv knows how to number those lines
    start = regel = 0  # start: character offset of the line, regel: its 0-based number
    while True:
        eind = tekst.find("\n", start)
        eind = len(tekst) if eind < 0 else eind
        if not (is_leeg(tekst[start:eind]) or _is_marker(tekst[start:eind])):
            break
        if eind >= len(tekst):
            raise Leesfout("bestand is leeg", "lever het bestand met kopregel en gegevens aan")
        start, regel = eind + 1, regel + 1
    kopregel_tekst = tekst[start:eind]
    teken = kies_scheidingsteken(kopregel_tekst, verwacht, voorkeur)
    kop = [c.strip().lstrip("\ufeff") for c in kopregel_tekst.split(teken)]
    # The body (after the header line) without copying it: empty lines or no data -> lees_csv.
    if (not kop or is_leeg(kop[-1]) or tekst.find("\n\n", eind + 1) >= 0 or tekst.startswith("\n", eind + 1)
            or _NIET_WIT.search(tekst, eind + 1) is None):
        return None
    # decodeer read UTF-8 (fewer characters than bytes, or only ASCII) or Windows-1252 (one byte per
    # character). UTF-8: the body is the tail of the file's own bytes; Windows-1252: encode it as UTF-8.
    if tekst.isascii() or len(tekst) < len(data):
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        buffer = pa.py_buffer(data).slice(bom + len(tekst[:eind + 1].encode("utf-8")))
    else:
        buffer = pa.py_buffer(tekst[eind + 1:].encode("utf-8"))
    del tekst, data
    namen = [f"k{i}" for i in range(len(kop))]
    try:
        tabel = pcsv.read_csv(
            pa.BufferReader(buffer),
            read_options=pcsv.ReadOptions(column_names=namen, block_size=32 << 20),
            parse_options=pcsv.ParseOptions(delimiter=teken, quote_char=False, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in namen}, strings_can_be_null=False,
                                                quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    del buffer
    verschil = []
    for _ in namen:  # encode column by column and let go of each text column right away
        verschil.append(Verschillend(tabel.column(0)))
        tabel = tabel.remove_column(0)
    del tabel
    geef_geheugen_vrij()
    n = len(verschil[0].codes) if verschil else 0
    regels = np.arange(regel + 2, regel + 2 + n, dtype=np.int64)
    # Rows with only empty cells are skipped (as lees_csv does); is_leeg per distinct value.
    if all(v.leeg.any() for v in verschil):
        leeg = np.ones(n, dtype=bool)
        for v in verschil:
            leeg &= v.leeg[v.codes]
        if leeg.any():
            for v in verschil:
                v.codes = v.codes[~leeg]
            regels = regels[~leeg]
    return SnelBestand(kolommen=kop, regels=regels, kopregel=regel + 1, verschil=verschil)


_NIET_WIT = re.compile(r"\S")


def geef_geheugen_vrij() -> None:
    """Hand memory that big intermediate arrays used back to the operating system: pyarrow's pool and
    (on glibc) malloc keep freed pages otherwise, so the next big step would add to them."""
    import ctypes
    import ctypes.util

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to trim


# A value of at most 200 characters of printable ASCII with single inner spaces: parse_tekst and _toon
# return it unchanged, is_leeg is False. Such values skip the per-value Python functions.
EENVOUDIG = r"^[!-~]+( [!-~]+)*$"


class Verschillend:
    """A pyarrow string column as its distinct values (``woorden``, a pyarrow array) and a code per row
    (``codes``, numpy int32), like pandas.factorize; ``eenvoudig`` marks the distinct values matching
    EENVOUDIG (decided by pyarrow, not per value in Python)."""

    def __init__(self, kolom):
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        enc = pc.dictionary_encode(kolom)
        if isinstance(enc, pa.ChunkedArray):
            # pyarrow encodes the chunks with one growing dictionary: each chunk's dictionary is the
            # start of the last one, so the codes already agree (checked; otherwise unify).
            laatste = enc.chunk(enc.num_chunks - 1).dictionary if enc.num_chunks else pa.array([], pa.string())
            if not all(c.dictionary.equals(laatste.slice(0, len(c.dictionary))) for c in enc.chunks):
                enc = enc.unify_dictionaries()
                laatste = enc.chunk(0).dictionary
            self.woorden = laatste
            delen = [c.indices.to_numpy(zero_copy_only=False) for c in enc.chunks]
            self.codes = np.concatenate(delen).astype(np.int32, copy=False) if delen else np.zeros(0, np.int32)
        else:
            self.woorden = enc.dictionary
            self.codes = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int32)
        if len(self.woorden):
            eenvoudig = pc.and_(pc.match_substring_regex(self.woorden, EENVOUDIG),
                                pc.less_equal(pc.utf8_length(self.woorden), 200))  # _toon shortens longer values
            self.eenvoudig = np.asarray(eenvoudig.to_numpy(zero_copy_only=False), dtype=bool)
        else:
            self.eenvoudig = np.zeros(0, dtype=bool)
        self.ander = np.flatnonzero(~self.eenvoudig)  # positions of the values that need Python
        self._ander_waarden = None
        self.leeg = np.zeros(len(self.woorden), dtype=bool)  # is_leeg per distinct value
        self.leeg[self.ander] = [is_leeg(w) for w in self.ander_waarden()]

    def ander_waarden(self) -> list:
        """The distinct values that are not eenvoudig, as Python strings (in the order of ``ander``)."""
        if self._ander_waarden is None:
            self._ander_waarden = self.woorden.take(self.ander).to_pylist() if len(self.ander) else []
        return self._ander_waarden

    def waarde(self, i: int) -> str:
        """The delivered value of row position ``i``."""
        return self.woorden[int(self.codes[i])].as_py()

    def per_uniek(self, functie, dtype=object, eenvoudig=None):
        """``functie`` per distinct value that is not eenvoudig; the eenvoudig values get ``eenvoudig``."""
        import numpy as np

        uit = np.empty(len(self.woorden), dtype=dtype)
        uit[self.eenvoudig] = eenvoudig
        uit[self.ander] = [functie(w) for w in self.ander_waarden()] if len(self.ander) else []
        return uit


def _csv_reden(exc: csv.Error) -> str:
    tekst = str(exc)
    if "field larger than field limit" in tekst:
        return "een waarde is langer dan 131.072 tekens; waarschijnlijk ontbreekt een sluitend aanhalingsteken"
    if "unexpected end of data" in tekst or "EOF" in tekst:
        return "het bestand eindigt midden in een waarde tussen aanhalingstekens"
    return "ongeldige opbouw"


def _zoek_blad(werkmap: Werkmap, blad: str) -> str:
    gevonden = [n for n in werkmap.sheetnames if normaliseer_label(n) == normaliseer_label(blad)]
    if not gevonden:
        raise Leesfout(
            f"werkblad '{blad}' ontbreekt",
            f"noem het blad '{blad}' (aanwezig: {', '.join(werkmap.sheetnames)})",
        )
    if len(gevonden) > 1:
        raise Leesfout(f"werkblad '{blad}' komt meer dan eens voor", "geef elk blad een unieke naam")
    return gevonden[0]


class Werkmap:
    """An open workbook, read by python-calamine (Rust; ~15x faster than openpyxl on a 17.000-row
    sheet). Calamine holds a sheet as one dense block from its first to its last filled cell, so
    ``rijen`` first measures that block in the sheet's XML and refuses one beyond MAX_CELLEN (a stray
    value in cell XFD1048576 would otherwise ask for billions of cells)."""

    def __init__(self, pad: Path):
        import python_calamine  # local: keeps import of this module cheap

        self.pad = pad
        self._boek = python_calamine.CalamineWorkbook.from_path(str(pad))
        self.sheetnames: list[str] = list(self._boek.sheet_names)
        self._leden = _bladleden(pad)  # sheet name -> its XML in the zip, for _controleer_blad

    def rijen(self, blad: str):
        """(row number, values) for every row of sheet ``blad`` from row 1 on, as openpyxl's
        values_only gave them: empty cells None, dates as datetime, whole numbers as int, and an
        Excel error as its text ("#DEEL/0!"; calamine would make it an empty cell)."""
        foutcellen = _controleer_blad(self.pad, self._leden.get(blad), blad)
        ws = self._boek.get_sheet_by_name(blad)
        if not ws.height:
            return
        eerste_rij, eerste_kol = ws.start
        breedte = max(0, MAX_KOLOMMEN - eerste_kol)  # columns beyond MAX_KOLOMMEN are not read
        for nummer, waarden in enumerate(ws.to_python(skip_empty_area=True), start=eerste_rij + 1):
            rij = [None] * eerste_kol + [_celwaarde(w) for w in waarden[:breedte]]
            for kolom, fout in foutcellen.get(nummer, {}).items():
                if kolom <= MAX_KOLOMMEN:
                    rij += [None] * (kolom - len(rij))
                    rij[kolom - 1] = fout
            yield nummer, rij

    def close(self) -> None:
        self._boek.close()


def _celwaarde(w: object) -> object:
    if w == "" and isinstance(w, str):
        return None
    if type(w) is float and w.is_integer() and abs(w) < 2**53:
        return int(w)
    if type(w) is dt.date:
        return dt.datetime(w.year, w.month, w.day)
    return w


_RIJ = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_BREDE_CEL = re.compile(rb'\sr="([A-Z]{2,3})\d+"')  # cell refs from column AA on (A..Z need no check)


def _kolomnummer(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + c - 64
    return n


def _bladleden(pad: Path) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML (via workbook.xml and its relationships)."""
    from defusedxml import ElementTree

    ns_r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(pad) as z:
        if "xl/_rels/workbook.xml.rels" not in z.namelist():
            return {}
        boek = ElementTree.fromstring(z.read("xl/workbook.xml"))
        relaties = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    doelen = {rel.get("Id"): rel.get("Target", "").lstrip("/") for rel in relaties}
    leden = {}
    for blad in boek.iter():
        doel = doelen.get(blad.get(ns_r)) if blad.tag.endswith("}sheet") else None
        if doel:
            leden[blad.get("name")] = doel if doel.startswith("xl/") else f"xl/{doel}"
    return leden


_FOUTCEL = re.compile(rb'<(?:\w+:)?c\b([^>]*)\bt="e"([^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_CELREF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_WAARDE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")


def _controleer_blad(pad: Path, lid: str | None, blad: str) -> dict[int, dict[int, str]]:
    """Read sheet ``blad``'s XML (zip member ``lid``) once, before calamine loads it: refuse a sheet
    whose filled block (first row/column to last) exceeds MAX_CELLEN, and return its Excel error
    cells ({row: {column: "#DIV/0!"}}), which calamine reads as empty."""
    with zipfile.ZipFile(pad) as z:
        if lid is None or lid not in z.namelist():
            return {}  # calamine reports a sheet it cannot find itself
        xml = z.read(lid)  # bounded by controleer_zip
    hoogte = max(map(int, _RIJ.findall(xml)), default=0)
    breedte = max((_kolomnummer(c) for c in set(_BREDE_CEL.findall(xml))), default=26)
    if hoogte * breedte > MAX_CELLEN:
        letters = _kolomletters(breedte)
        raise Leesfout(
            f"werkblad '{blad}' is te groot: er staan waarden tot rij {hoogte} en kolom {letters} "
            f"({hoogte:_} x {breedte} cellen; de grens is {MAX_CELLEN:_} cellen)".replace("_", "."),
            "verwijder losse waarden buiten de tabel, of lever dit blad als CSV (zie data/raw/README.md)",
        )
    fouten: dict[int, dict[int, str]] = {}
    for m in _FOUTCEL.finditer(xml):
        ref = _CELREF.search(m.group(1) + b" " + m.group(2))
        waarde = _WAARDE.search(m.group(3))
        if ref is None:
            raise Leesfout(f"werkblad '{blad}' bevat een foutwaarde (zoals #DEEL/0!) in een cel zonder celverwijzing",
                           "vervang foutwaarden door een getal of een lege cel en sla het bestand opnieuw op in Excel")
        tekst = waarde.group(1).decode("utf-8", "replace") if waarde else "#FOUT"
        fouten.setdefault(int(ref.group(2)), {})[_kolomnummer(ref.group(1))] = tekst
    return fouten


def _kolomletters(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def open_werkmap(pad: Path) -> Werkmap:
    """Open a workbook (Dutch Leesfout when it cannot be opened). Close it after use."""
    controleer_bestand(pad, "xlsx")  # size, zip directory and ratio: BEFORE anything is inflated
    try:
        return Werkmap(pad)
    except Exception as exc:  # noqa: BLE001 - any broken workbook becomes a Dutch message
        raise Leesfout(f"Excel-bestand kan niet worden geopend ({type(exc).__name__})",
                       "sla het bestand opnieuw op als .xlsx") from exc


def lees_xlsx(pad: Path, blad: str, verwacht: list[str], werkmap: Werkmap | None = None) -> RuwBestand:
    """Read one named sheet; the header is the row (within the first rows) with most expected names.

    Pass an open ``werkmap`` to read several sheets of one file without reopening it.
    """
    eigen = werkmap is None
    if eigen:
        werkmap = open_werkmap(pad)
    try:
        return _lees_blad(werkmap, blad, verwacht)
    except Leesfout:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed sheet XML surfaces only while reading the sheet
        raise Leesfout(f"werkblad '{blad}' is beschadigd en kan niet worden gelezen ({type(exc).__name__})",
                       "sla het bestand opnieuw op als .xlsx en lever het opnieuw aan") from exc
    finally:
        if eigen:
            werkmap.close()


def _lees_blad(werkmap: Werkmap, blad: str, verwacht: list[str]) -> RuwBestand:
    naam = _zoek_blad(werkmap, blad)
    namen = {normaliseer_label(v) for v in verwacht}
    kop: list[str] | None = None
    kopregel = 0
    beste = 0
    rijen: list[tuple[int, list[object]]] = []
    buffer: list[tuple[int, list[object]]] = []
    for nummer, waarden in werkmap.rijen(naam):
        n = len(waarden)
        while n and waarden[n - 1] is None:  # a sheet's block is as wide as its widest row
            n -= 1
        waarden = waarden[:n]
        if kop is not None and all(is_leeg(v) for v in waarden):
            continue
        if kop is None:
            buffer.append((nummer, waarden))
            score = sum(isinstance(w, str) and normaliseer_label(w) in namen for w in waarden)
            if score > beste and nummer <= HEADER_ZOEKBEREIK:
                beste, kopregel = score, nummer
            if nummer >= HEADER_ZOEKBEREIK:
                kop = _kop_uit_buffer(buffer, kopregel, verwacht)
                rijen.extend((n, w) for n, w in buffer if n > kopregel)
            continue
        rijen.append((nummer, waarden))
    if kop is None:
        kop = _kop_uit_buffer(buffer, kopregel, verwacht)
        rijen.extend((n, w) for n, w in buffer if n > kopregel)
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


# Excel's error values, as stored in a workbook (English) and as a Dutch Excel exports them to CSV.
EXCEL_FOUTEN = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!",
                          "#LEEG!", "#DEEL/0!", "#WAARDE!", "#VERW!", "#NAAM?", "#GETAL!", "#N/B", "#OVERLOOP!",
                          "#BEREKENEN!"})


def _geen_excelfout(waarde: object) -> None:
    """A formula that failed in Excel is named as such (not as 'geen getal')."""
    if isinstance(waarde, str) and waarde.strip().upper() in EXCEL_FOUTEN:
        raise Waardefout(f"Excel-foutwaarde {waarde.strip()}: de formule in deze cel geeft een fout",
                         "herstel de formule in Excel of vul de waarde zelf in")


def parse_tekst(waarde: object) -> str | None:
    if is_leeg(waarde):
        return None
    return re.sub(r"\s+", " ", _als_tekst(waarde))


def _groepering_ok(deel: str, teken: str) -> bool:
    return re.fullmatch(r"\d{1,3}(" + re.escape(teken) + r"\d{3})+", deel) is not None


def parse_getal(waarde: object, decimaalteken: str = ",", duizendtal: str = ".") -> float | None:
    """Number with decimal comma/point and optional thousands separators; ambiguous -> Waardefout."""
    getal = _parse_getal(waarde, decimaalteken, duizendtal)
    if getal is not None and not math.isfinite(getal):
        raise Waardefout("getal is te groot of geen eindig getal", "vul een gewoon getal in")
    return getal


def _parse_getal(waarde: object, decimaalteken: str, duizendtal: str) -> float | None:
    if is_leeg(waarde):
        return None
    _geen_excelfout(waarde)
    if isinstance(waarde, bool):
        raise Waardefout("geen getal", "vul een getal in")
    if isinstance(waarde, (int, float)):
        try:
            return float(waarde)
        except OverflowError as exc:  # an int beyond float range
            raise Waardefout("getal is te groot", "vul een gewoon getal in") from exc
    tekst = str(waarde).replace("\u00a0", "").replace(" ", "").replace("€", "").strip()
    if len(tekst) > 40:
        raise Waardefout("getal is te lang (meer dan 40 tekens)", "vul een gewoon getal in")
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
    if (heeft_punt or heeft_komma) and not decimaalteken:
        # No declared convention (a number typed as text in Excel): 1.234 / 1,234 can be read two ways.
        sep = "." if heeft_punt else ","
        if tekst.count(sep) == 1:
            geheel, frac = tekst.split(sep)
            if not (geheel.isdigit() and frac.isdigit()):
                raise Waardefout("geen getal", "vul een getal in, bijvoorbeeld 712,50")
            if len(frac) == 3:
                raise Waardefout(f"getal niet eenduidig: '{sep}' kan duizendtal of decimaalteken zijn",
                                 "maak de cel op als getal, of schrijf 1234 of 1,234 zonder twijfel (bijvoorbeeld 1234,00)")
            return float(teken + geheel + "." + frac)
        if _groepering_ok(tekst, sep):
            return float(teken + tekst.replace(sep, ""))
        raise Waardefout("geen getal", "vul een getal in, bijvoorbeeld 712,50")
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
    _geen_excelfout(waarde)
    if isinstance(waarde, dt.datetime):
        if waarde.time() != dt.time(0):
            raise Waardefout("datum bevat een tijdstip", "lever alleen de datum")
        return waarde.date()
    if isinstance(waarde, dt.date):
        return waarde
    if isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
        if abs(waarde) > 10**6 or (isinstance(waarde, float) and not math.isfinite(waarde)):
            raise Waardefout("geen geldig Excel-datumgetal", "maak de cel op als datum (dd-mm-jjjj)")
        return _serieel(float(waarde))
    if isinstance(waarde, bool):
        raise Waardefout("geen datum", "schrijf datums als dd-mm-jjjj, bijvoorbeeld 31-12-2026")
    tekst = str(waarde).strip()
    tekst = re.sub(r"[ T]00:00(:00)?$", "", tekst)
    try:
        if m := re.fullmatch(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})", tekst):
            dag, maand = int(m[1]), int(m[3])
            if m[2] == "/" and dag <= 12 and maand <= 12 and dag != maand:
                # 04/03/2026 is 4 March in Dutch but 3 April in an American export: never guess.
                raise Waardefout("datum is niet eenduidig (dd/mm of mm/dd?)",
                                 f"schrijf datums als dd-mm-jjjj, bijvoorbeeld {dag:02d}-{maand:02d}-{m[4]} voor {dag} {_MAANDEN[maand - 1]}")
            return dt.date(int(m[4]), maand, dag)
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", tekst):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except Waardefout:
        raise
    except ValueError as exc:
        raise Waardefout("datum bestaat niet", "controleer dag en maand (dd-mm-jjjj)") from exc
    if re.fullmatch(r"\d{5}(\.0+)?", tekst):
        return _serieel(float(tekst))
    raise Waardefout("geen datum", "schrijf datums als dd-mm-jjjj, bijvoorbeeld 31-12-2026")


_MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december"]


def _serieel(getal: float) -> dt.date:
    if not getal.is_integer() or not 20000 <= getal <= 80000:
        raise Waardefout("geen geldig Excel-datumgetal", "maak de cel op als datum (dd-mm-jjjj)")
    return EXCEL_EPOCH + dt.timedelta(days=int(getal))


def parse_kwartaal(waarde: object, jaar: int | None = None) -> int | None:
    """1-4, 'Q1', 'K1', 'kwartaal 1', '2026-Q1', '2026 K1'; a year that differs from jaar is an error."""
    if is_leeg(waarde):
        return None
    _geen_excelfout(waarde)
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
    _geen_excelfout(waarde)
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
