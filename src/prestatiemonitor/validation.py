"""Validate one year's delivery against the data contract and collect ALL problems at once.

Every problem becomes a ``Bevinding`` (partij, bestand, rij, kolom, waarde, regel, suggestie,
ernst). Value types are parsed by ``readers``; ranges, allowed values, required values, dates in
the year and duplicate keys are pandera checks; cross-file checks (a letting of a unit that is not
in the stock, at least as many vacancies as lettings of existing homes per quarter, a gemeente
'totaal' equal to the sum of its partijen) follow. A ``fout`` stops the run; a ``waarschuwing``
does not (an unknown extra column, a value above ``signaal_max``, a DAEB home let above the DAEB
rent limit). Rows that are not data (a totals row, an exact duplicate row) are rejected with a
waarschuwing and end up in the rejects table. ``validatie_uitvoer`` writes the list per partij.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from prestatiemonitor import fmt, paths, readers
from prestatiemonitor.contract import Bestand, Contract, Doelkolom, Partij, load_contract, normaliseer_label

FOUT = "fout"
WAARSCHUWING = "waarschuwing"
MAX_REGELS_PER_SOORT = 10  # tekst(): lines shown per (bestand, kolom, regel); the rest is summarised
NEGEER_BESTANDEN = {"leesmij.txt", "readme.md", ".gitkeep", "reactie.md"}  # reactie.md: checked by reacties.py


@dataclass(frozen=True)
class Bevinding:
    """One problem in a delivery. rij is the spreadsheet row number (None: whole file)."""

    partij: str
    bestand: str
    rij: int | None
    kolom: str | None
    waarde: str | None
    regel: str
    suggestie: str
    ernst: str = FOUT
    afwijzen: bool = False  # waarschuwing that rejects the row (it goes to the rejects table)

    def tekst(self) -> str:
        delen = [self.ernst.upper()]
        if self.rij is not None:
            delen.append(f"rij {self.rij}")
        if self.kolom:
            delen.append(f"kolom '{self.kolom}'")
        if self.waarde is not None:
            delen.append(f"waarde '{self.waarde}'")
        zin = ", ".join(delen) + f": {self.regel}."
        if self.suggestie:
            zin += f" Oplossing: {self.suggestie}."
        return zin


@dataclass
class Telling:
    partij: str
    bestand: str
    gelezen: int = 0
    gebruikt: int = 0
    afgewezen: int = 0


@dataclass
class Bestandsresultaat:
    """A read file: its harmonised rows (index = bron_rij) and its findings."""

    partij: Partij
    bestand: Bestand
    label: str
    frame: pd.DataFrame | None = None
    bevindingen: list[Bevinding] = field(default_factory=list)
    gelezen: int = 0

    def afgewezen_rijen(self) -> set[int]:
        return {b.rij for b in self.bevindingen if b.rij is not None and (b.afwijzen or b.ernst == FOUT)}


@dataclass
class Validatierapport:
    jaar: int
    fouten: list[Bevinding] = field(default_factory=list)
    waarschuwingen: list[Bevinding] = field(default_factory=list)
    aantallen: list[Telling] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fouten

    def tekst(self) -> str:
        """Dutch report, grouped per partij and file; long runs of one rule are summarised."""
        kop = (
            f"Validatie levering {self.jaar}: {len(self.fouten)} fout(en), "
            f"{len(self.waarschuwingen)} waarschuwing(en)."
        )
        regels = [kop]
        if self.ok:
            regels.append("De levering voldoet aan het datacontract." if not self.waarschuwingen else
                          "Geen fouten; de waarschuwingen hieronder stoppen de verwerking niet.")
        groepen: dict[tuple[str, str], list[Bevinding]] = defaultdict(list)
        for b in self.fouten + self.waarschuwingen:
            groepen[(b.partij, b.bestand)].append(b)
        for (partij, bestand), lijst in sorted(groepen.items()):
            regels.append("")
            regels.append(f"{partij} — {bestand}")
            per_soort: dict[tuple, list[Bevinding]] = defaultdict(list)
            for b in sorted(lijst, key=lambda b: (b.ernst != FOUT, b.rij or 0)):
                per_soort[(b.ernst != FOUT, b.kolom or "", b.regel)].append(b)
            for _, soort in sorted(per_soort.items(), key=lambda kv: kv[0]):
                for b in soort[:MAX_REGELS_PER_SOORT]:
                    regels.append("  " + b.tekst())
                rest = soort[MAX_REGELS_PER_SOORT:]
                if rest:
                    rijen = ", ".join(str(b.rij) for b in rest[:20] if b.rij is not None)
                    regels.append(f"  ... en nog {len(rest)} keer '{soort[0].regel}' (rijen {rijen}{', ...' if len(rest) > 20 else ''}).")
        return "\n".join(regels)


class Leveringsfout(Exception):
    """Raised by clean_year when the delivery has errors; str() is the Dutch report."""

    def __init__(self, rapport: Validatierapport):
        super().__init__(rapport.tekst())
        self.rapport = rapport

    def __str__(self) -> str:
        return self.rapport.tekst()


# ---------------------------------------------------------------------------- per value


def _toon(waarde: object) -> str:
    """A delivered value as shown in messages: control characters (terminal escapes) neutralised, length capped."""
    if isinstance(waarde, dt.datetime):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    tekst = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "\ufffd", str(waarde).strip())
    return tekst if len(tekst) <= 200 else tekst[:200] + "…"


def _converteer(waarde: object, doel: Doelkolom, partij: Partij, kolom_codelijst: str | None,
                bestand: Bestand, jaar: int) -> object:
    if kolom_codelijst:
        return readers.map_label(waarde, partij.codelijsten[kolom_codelijst])
    if doel.type == "tekst":
        if doel.toegestaan:
            return readers.map_toegestaan(waarde, doel.toegestaan)
        return readers.parse_tekst(waarde)
    if doel.type == "decimaal":
        return readers.parse_getal(waarde, bestand.decimaalteken, bestand.duizendtal)
    if doel.type == "geheel":
        return readers.parse_geheel(waarde, bestand.decimaalteken, bestand.duizendtal)
    if doel.type == "datum":
        return readers.parse_datum(waarde)
    if doel.type == "kwartaal":
        return readers.parse_kwartaal(waarde, jaar)
    raise ValueError(f"type {doel.type} zonder codelijst")  # ja_nee needs a code list (contract)


def _ja_nee(code: object) -> object:
    return None if code is None else code == "ja"


# ---------------------------------------------------------------------------- pandera


_CHECK_TEKST = {
    "not_nullable": ("verplichte waarde ontbreekt", "vul deze kolom in elke rij"),
    "in_range": ("waarde buiten het toegestane bereik", ""),
    "isin": ("waarde niet toegestaan", ""),
    "datum_in_jaar": ("datum valt buiten het verslagjaar", "lever alleen gegevens van het verslagjaar"),
    "peildatum": ("peildatum is niet 1 januari of 31 december van het verslagjaar", "lever de stand op 01-01 en 31-12"),
}


def _schema(tabel_kolommen: list[Doelkolom], sleutel: list[str], jaar: int) -> pa.DataFrameSchema:
    kolommen = {}
    for d in tabel_kolommen:
        checks = []
        if d.min is not None or d.max is not None:
            lo = d.min if d.min is not None else float("-inf")
            hi = d.max if d.max is not None else float("inf")
            checks.append(pa.Check.in_range(lo, hi, name="in_range"))
        if d.toegestaan:
            checks.append(pa.Check.isin(list(d.toegestaan), name="isin"))
        if d.datum_in == "jaar":
            checks.append(pa.Check(lambda s: s.dt.year == jaar, name="datum_in_jaar"))
        elif d.datum_in == "peildatum":
            grenzen = [pd.Timestamp(jaar, 1, 1), pd.Timestamp(jaar, 12, 31)]
            checks.append(pa.Check(lambda s, g=grenzen: s.isin(g), name="peildatum"))
        kolommen[d.naam] = pa.Column(None, checks=checks, nullable=not d.verplicht)
    return pa.DataFrameSchema(kolommen, unique=sleutel or None, strict=False, coerce=False)


def _typeer(frame: pd.DataFrame, doelen: list[Doelkolom]) -> pd.DataFrame:
    uit = pd.DataFrame(index=frame.index)
    for d in doelen:
        s = frame[d.naam]
        if d.type in ("decimaal", "geheel", "kwartaal"):
            uit[d.naam] = pd.to_numeric(s, errors="coerce").astype("float64")
        elif d.type == "datum":
            uit[d.naam] = pd.to_datetime(s, errors="coerce").astype("datetime64[ns]")
        else:
            uit[d.naam] = s.astype("object")
    return uit


def _controle_tekst(soort: str, d: Doelkolom, jaar: int, onbekend: str = "") -> tuple[str, str]:
    """(regel, suggestie) of a failed column check (pandera's or the fast path's) for column ``d``."""
    regel, suggestie = _CHECK_TEKST.get(soort, (onbekend, ""))
    if soort == "in_range":
        regel = f"waarde buiten het toegestane bereik {d.min} tot en met {d.max}"
        suggestie = "controleer de waarde en de eenheid" + (f" ({d.eenheid})" if d.eenheid else "")
    if soort == "isin":
        suggestie = "toegestaan: " + ", ".join(d.toegestaan or ())
    if soort == "datum_in_jaar":
        regel = f"datum valt buiten {jaar}"
    return regel, suggestie


def _pandera_bevindingen(res: Bestandsresultaat, getypeerd: pd.DataFrame, jaar: int,
                         al_fout: set[tuple[int, str]], ruw: dict[int, dict[str, object]]) -> None:
    tabel_doelen = [k.doel for k in res.bestand.kolommen]
    partnernaam = {k.doel.naam: k.naam for k in res.bestand.kolommen}
    sleutel = [s for s in _sleutel(res) if s in getypeerd.columns]
    schema = _schema(tabel_doelen, sleutel, jaar)
    try:
        schema.validate(getypeerd, lazy=True)
        return
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    gezien_uniek: set[int] = set()
    for case in cases.itertuples(index=False):
        rij = None if pd.isna(case.index) else int(case.index)
        check = str(case.check)
        doel = str(case.column)
        naam = partnernaam.get(doel, doel)
        if rij is None:
            continue  # dtype/column level: not used (we type ourselves)
        if check == "multiple_fields_uniqueness":
            if rij in gezien_uniek:
                continue
            gezien_uniek.add(rij)
            waarde = " / ".join(_toon(ruw[rij].get(partnernaam.get(s, s), "")) for s in sleutel)
            res.bevindingen.append(Bevinding(
                res.partij.naam, res.label, rij, ", ".join(partnernaam.get(s, s) for s in sleutel), waarde,
                "dubbele sleutel: deze combinatie komt vaker voor in het bestand",
                "lever elke " + "/".join(partnernaam.get(s, s) for s in sleutel) + " maar één keer",
            ))
            continue
        if (rij, doel) in al_fout:
            continue
        soort = "in_range" if check.startswith("in_range") else "isin" if check.startswith("isin") else check
        d = next(x for x in tabel_doelen if x.naam == doel)
        regel, suggestie = _controle_tekst(soort, d, jaar, f"controle {check} faalt")
        res.bevindingen.append(Bevinding(res.partij.naam, res.label, rij, naam, _toon(ruw[rij].get(naam, "")), regel, suggestie))


def _sleutel(res: Bestandsresultaat) -> list[str]:
    contract = load_contract()
    tabel = contract.tabellen[res.bestand.tabel]
    return [s for s in tabel.sleutel if tabel.kolommen[s].bron == "bestand"]


# ---------------------------------------------------------------------------- per file


def _is_totaalregel(waarden: list[object]) -> bool:
    eerste = next((w for w in waarden if not readers.is_leeg(w)), None)
    if not isinstance(eerste, str):
        return False
    label = normaliseer_label(eerste)
    return label == "totaal" or label.startswith(("totaal ", "totaal:", "total "))


def beoordeel_bestand(partij: Partij, bestand: Bestand, pad: Path, jaar: int, werkmappen: dict | None = None
                      ) -> Bestandsresultaat:
    """Read and check one file (or sheet); never raises for bad content.

    ``werkmappen`` caches open workbooks (path -> workbook or Leesfout) across sheets of one file.
    """
    label = bestand.label(jaar)
    res = Bestandsresultaat(partij, bestand, label)
    verwacht = [k.naam for k in bestand.kolommen]
    try:
        if bestand.formaat == "xlsx":
            werkmappen = {} if werkmappen is None else werkmappen
            if pad not in werkmappen:
                try:
                    werkmappen[pad] = readers.open_werkmap(pad)
                except readers.Leesfout as exc:
                    werkmappen[pad] = exc
            if isinstance(werkmappen[pad], readers.Leesfout):
                raise werkmappen[pad]
            ruw = readers.lees_xlsx(pad, bestand.blad or "", verwacht, werkmappen[pad])
        else:
            max_mb = readers.MAX_CSV_ALTERNATIEF_MB if bestand.alternatief_van else None
            ruw = None
            if pad.stat().st_size >= readers.SNEL_VANAF_MB * readers.MB:
                ruw = readers.lees_csv_snel(pad, verwacht, bestand.scheidingsteken, max_mb)
            if ruw is None:
                ruw = readers.lees_csv(pad, verwacht, bestand.scheidingsteken, max_mb)
    except readers.Leesfout as exc:
        res.bevindingen.append(Bevinding(partij.naam, label, None, None, exc.waarde, exc.regel, exc.suggestie))
        return res
    except OSError as exc:
        res.bevindingen.append(Bevinding(partij.naam, label, None, None, None,
                                         f"bestand kan niet worden gelezen ({exc.strerror})", "controleer het bestand"))
        return res
    except (RecursionError, MemoryError, UnicodeError, ValueError) as exc:
        # Last line of defence for malformed input the readers did not foresee: a Dutch finding, no traceback.
        res.bevindingen.append(Bevinding(partij.naam, label, None, None, None,
                                         f"bestand kan niet worden gelezen ({type(exc).__name__})",
                                         "sla het bestand opnieuw op in het formaat van het datacontract"))
        return res

    positie: dict[str, int] = {}
    for i, naam in enumerate(ruw.kolommen):
        positie.setdefault(normaliseer_label(naam), i)
    ontbrekend = [k for k in bestand.kolommen if normaliseer_label(k.naam) not in positie]
    for k in ontbrekend:
        res.bevindingen.append(Bevinding(
            partij.naam, label, None, k.naam, None, f"verplichte kolom ontbreekt (kopregel is rij {ruw.kopregel})",
            f"voeg kolom '{k.naam}' toe ({k.doel.betekenis.rstrip('.')})",
        ))
    bekend = {normaliseer_label(k.naam) for k in bestand.kolommen}
    for naam in ruw.kolommen:
        if naam and normaliseer_label(naam) not in bekend:
            res.bevindingen.append(Bevinding(partij.naam, label, ruw.kopregel, naam, None,
                                             "onbekende kolom, wordt niet gebruikt", "", WAARSCHUWING))
    res.gelezen = ruw.aantal
    if ontbrekend:
        return res
    if not ruw.aantal and not load_contract().tabellen[bestand.tabel].mag_leeg:
        res.bevindingen.append(Bevinding(partij.naam, label, None, None, None,
                                         f"bestand bevat alleen de kopregel (rij {ruw.kopregel}), geen gegevens",
                                         "lever het bestand met de gegevens van het verslagjaar"))
    if isinstance(ruw, readers.SnelBestand):
        return _rijen_snel(res, ruw, positie, jaar)  # no row is wider than the header (checked while reading)
    _controleer_breedte(res, ruw)

    # Row-level: not data rows (totals, exact duplicates) are rejected with a waarschuwing.
    geldig: list[tuple[int, list[object]]] = []
    eerder: dict[tuple, int] = {}
    getoond: dict[tuple, str] = {}  # (type, value) -> _toon(value): values repeat a lot

    def toon(w: object) -> str:
        sleutel = (type(w), w)
        if sleutel not in getoond:
            getoond[sleutel] = "" if readers.is_leeg(w) else _toon(w)
        return getoond[sleutel]

    for rij, waarden in ruw.rijen:
        if _is_totaalregel(waarden):
            res.bevindingen.append(Bevinding(partij.naam, label, rij, None, _toon(next(w for w in waarden if not readers.is_leeg(w))),
                                             "totaalregel, geen gegevensregel", "laat totaalregels weg", WAARSCHUWING, True))
            continue
        vingerafdruk = [toon(w) for w in waarden]
        while vingerafdruk and vingerafdruk[-1] == "":  # trailing empty cells do not make a row different
            vingerafdruk.pop()
        vingerafdruk = tuple(vingerafdruk)
        if vingerafdruk in eerder:
            res.bevindingen.append(Bevinding(partij.naam, label, rij, None, None,
                                             f"exacte kopie van rij {eerder[vingerafdruk]}", "lever elke regel één keer",
                                             WAARSCHUWING, True))
            continue
        eerder[vingerafdruk] = rij
        geldig.append((rij, waarden))

    # Value parsing, with a cache per column (labels and amounts repeat a lot).
    data: dict[str, list[object]] = {k.doel.naam: [] for k in bestand.kolommen}
    ruwe_waarden: dict[int, dict[str, object]] = {}
    al_fout: set[tuple[int, str]] = set()
    for k in bestand.kolommen:
        i = positie[normaliseer_label(k.naam)]
        cache: dict[object, object] = {}
        uit = data[k.doel.naam]
        for rij, waarden in geldig:
            w = waarden[i] if i < len(waarden) else None
            ruwe_waarden.setdefault(rij, {})[k.naam] = w
            sleutel = (type(w), w)
            if sleutel not in cache:
                try:
                    cache[sleutel] = _converteer(w, k.doel, partij, k.codelijst, bestand, jaar)
                except readers.Waardefout as exc:
                    cache[sleutel] = exc
            waarde = cache[sleutel]
            if isinstance(waarde, readers.Waardefout):
                res.bevindingen.append(Bevinding(partij.naam, label, rij, k.naam, _toon(w), waarde.regel, waarde.suggestie))
                al_fout.add((rij, k.doel.naam))
                waarde = None
            elif k.doel.type == "ja_nee":
                waarde = _ja_nee(waarde)
            uit.append(waarde)
    frame = pd.DataFrame(data, index=pd.Index([r for r, _ in geldig], name="bron_rij"), dtype="object")
    doelen = [k.doel for k in bestand.kolommen]
    getypeerd = _typeer(frame, doelen)
    _pandera_bevindingen(res, getypeerd, jaar, al_fout, ruwe_waarden)
    _signaalwaarden(res, getypeerd, ruwe_waarden)
    _controleer_jaar(res, getypeerd, jaar)
    res.frame = getypeerd
    return res


class _RuweRijen:
    """Row number -> {partner column: delivered value}, built only for the rows a message needs."""

    def __init__(self, ruw: readers.SnelBestand, kolommen: list[tuple[str, int]]):
        self.ruw, self.kolommen = ruw, kolommen

    def __getitem__(self, rij: int) -> dict[str, object]:
        import numpy as np

        i = int(np.searchsorted(self.ruw.regels, rij))
        return {naam: self.ruw.verschil[j].waarde(i) for naam, j in self.kolommen}


# A number the fast path converts with pyarrow instead of readers.parse_getal: only digits, or digits, the
# contract's decimal separator and digits (at most 40 characters). parse_getal gives float() of exactly that.
_GEHEEL_TEKST = r"^[0-9]{1,40}$"
_DECIMAAL_TEKST = {",": r"^[0-9]+,[0-9]+$", ".": r"^[0-9]+\.[0-9]+$"}
# A first value that makes a row a totals row (see _is_totaalregel), for values that are eenvoudig.
_TOTAAL_EENVOUDIG = r"(?i)^(?:totaal$|totaal[ :]|total )"


def _totaal_per_uniek(v: readers.Verschillend):
    """_is_totaalregel([w]) per distinct value: pyarrow for the eenvoudig values (normaliseer_label is
    then just lower case), Python for the others."""
    import numpy as np
    import pyarrow.compute as pc

    uit = v.per_uniek(lambda w: _is_totaalregel([w]), bool, eenvoudig=False)
    if len(v.woorden):
        uit |= v.eenvoudig & np.asarray(pc.match_substring_regex(v.woorden, _TOTAAL_EENVOUDIG).to_numpy(
            zero_copy_only=False), dtype=bool)
    return uit


def _vinger(v: readers.Verschillend):
    """A number per row, equal for rows whose value in this column has the same fingerprint in
    beoordeel_bestand (``_toon(w)``, or "" for an empty value): an eenvoudig value is its own _toon, so
    when all values are eenvoudig the codes themselves will do."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(v.ander):
        return v.codes
    uit = np.arange(len(v.woorden), dtype=np.int64)
    toon = [_toon(w) if not readers.is_leeg(w) else "" for w in v.ander_waarden()]
    gelijk = pc.index_in(pa.array(toon, pa.string()), value_set=v.woorden).fill_null(-1).to_numpy(zero_copy_only=False)
    eerste: dict[str, int] = {}
    for p, t, j in zip(v.ander.tolist(), toon, gelijk.tolist()):
        uit[p] = j if j >= 0 and v.eenvoudig[j] else eerste.setdefault(t, p)
    return uit[v.codes]


def _kopieen(vinger_kolommen: list, kandidaat, regels):
    """Exact copies among the candidate rows: (mask over the candidates, first row number per candidate).
    A hash of the fingerprint finds possible copies; only those are grouped exactly."""
    import numpy as np

    posities = np.flatnonzero(kandidaat)
    alle = len(posities) == len(kandidaat)
    rijen = regels[posities]
    h = np.zeros(len(posities), dtype=np.uint64)
    for c in vinger_kolommen:
        h ^= (c if alle else c[posities]).astype(np.uint64)
        h *= np.uint64(0x100000001B3)
        h ^= h >> np.uint64(29)
    kopie = np.zeros(len(posities), dtype=bool)
    eerst = rijen.copy()
    dubbel = np.flatnonzero(pd.Series(h).duplicated(keep=False).to_numpy())
    if len(dubbel):
        vingers = pd.DataFrame({j: c[posities[dubbel]] for j, c in enumerate(vinger_kolommen)})
        groep = vingers.groupby(list(vingers.columns), sort=False).ngroup().to_numpy()
        eerst[dubbel] = pd.Series(rijen[dubbel]).groupby(groep).transform("first").to_numpy()
        kopie = rijen != eerst
    return kopie, eerst


def _omzetten_snel(k, v: readers.Verschillend, partij: Partij, bestand: Bestand, jaar: int):
    """_converteer per distinct value: (values per distinct value, {position: Waardefout}). Numbers in
    the common plain forms are converted by pyarrow and eenvoudig free text is kept as it is (a numpy
    float array, or a pyarrow string array for free text); every other value goes through _converteer."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    d = k.doel
    vrije_tekst = d.type == "tekst" and not k.codelijst and not d.toegestaan
    getal = d.type in ("decimaal", "geheel") and not k.codelijst and len(v.woorden) > 0
    if vrije_tekst:
        posities = v.ander  # parse_tekst(w) == w for the eenvoudig values
    elif getal:
        patroon = _GEHEEL_TEKST
        if d.type == "decimaal" and bestand.decimaalteken in _DECIMAAL_TEKST:
            patroon = f"{_GEHEEL_TEKST}|{_DECIMAAL_TEKST[bestand.decimaalteken]}"
        vorm = pc.and_(pc.match_substring_regex(v.woorden, patroon), pc.less_equal(pc.utf8_length(v.woorden), 40))
        gewoon = pc.filter(v.woorden, vorm)
        if d.type == "decimaal" and bestand.decimaalteken == ",":
            gewoon = pc.replace_substring(gewoon, ",", ".")
        vorm = np.asarray(vorm.to_numpy(zero_copy_only=False), dtype=bool)
        posities = np.flatnonzero(~vorm)
    else:
        posities = np.arange(len(v.woorden))
    waarden = v.woorden.take(posities).to_pylist() if len(posities) else []
    omgezet: list[object] = []
    fouten: dict[int, readers.Waardefout] = {}
    for p, w in zip(posities.tolist(), waarden):
        try:
            waarde = _converteer(w, d, partij, k.codelijst, bestand, jaar)
        except readers.Waardefout as exc:
            fouten[p] = exc
            waarde = None
        if d.type == "ja_nee" and p not in fouten:
            waarde = _ja_nee(waarde)
        omgezet.append(waarde)
    if vrije_tekst:
        if not len(posities):
            return v.woorden, fouten
        masker = np.zeros(len(v.woorden), dtype=bool)
        masker[posities] = True
        return pc.replace_with_mask(v.woorden, pa.array(masker), pa.array(omgezet, pa.string())), fouten
    if getal:
        uit = np.empty(len(v.woorden), dtype=np.float64)
        uit[vorm] = np.asarray(pc.cast(gewoon, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
        uit[posities] = pd.to_numeric(pd.Series(omgezet, dtype=object), errors="coerce").astype("float64").to_numpy()
        return uit, fouten
    uit = np.empty(len(omgezet), dtype=object)
    uit[:] = omgezet
    return uit, fouten


def _kolom_snel(d: Doelkolom, waarden, codes, index: pd.Index) -> pd.Series:
    """A typed column from values per distinct value and a code per row, typed like _typeer (text as
    pandas' pyarrow-backed str, ja_nee as the nullable boolean)."""
    import numpy as np
    import pyarrow as pa

    if d.type in ("decimaal", "geheel", "kwartaal"):
        per = waarden if waarden.dtype == np.float64 else \
            pd.to_numeric(pd.Series(waarden, dtype=object), errors="coerce").astype("float64").to_numpy()
        return pd.Series(per[codes] if len(per) else np.full(len(index), np.nan), index=index)
    if d.type == "datum":
        per = pd.to_datetime(pd.Series(waarden, dtype=object), errors="coerce").astype("datetime64[ns]").to_numpy()
        return pd.Series(per[codes] if len(per) else np.full(len(index), np.datetime64("NaT"), "datetime64[ns]"),
                         index=index)
    if d.type == "ja_nee":
        ja = np.array([w is True for w in waarden], dtype=bool)
        leeg = np.array([w is None for w in waarden], dtype=bool)
        if not len(waarden):
            return pd.Series(pd.array([None] * len(index), dtype="boolean"), index=index)
        return pd.Series(pd.arrays.BooleanArray(ja[codes], leeg[codes]), index=index)
    per = waarden if isinstance(waarden, pa.Array) else pa.array(list(waarden), type=pa.string())
    kolom = per.take(pa.array(codes)) if len(per) else pa.nulls(len(index), pa.string())
    return pd.Series(pd.array(kolom, dtype="str"), index=index)


def _rijen_snel(res: Bestandsresultaat, ruw: readers.SnelBestand, positie: dict[str, int], jaar: int) -> Bestandsresultaat:
    """The row part of beoordeel_bestand for a SnelBestand: the same checks and the same messages,
    computed once per distinct value of a column (by pyarrow where the value is plain) and spread over
    the rows with numpy; messages are only made for the rows that fail."""
    import numpy as np

    partij, bestand, label = res.partij, res.bestand, res.label
    n = ruw.aantal
    regels = ruw.regels
    verschil = ruw.verschil
    # Row-level: totals rows (first non-empty value) and exact copies, as in beoordeel_bestand.
    eerste = np.full(n, -1, dtype=np.int64)
    open_ = np.arange(n)  # rows without a non-empty value so far
    for j, v in enumerate(verschil):
        if not len(open_):
            break
        hier = ~v.leeg[v.codes[open_]] if v.leeg.any() else np.ones(len(open_), dtype=bool)
        eerste[open_[hier]] = j
        open_ = open_[~hier]
    totaal = np.zeros(n, dtype=bool)
    for j, v in enumerate(verschil):
        hier = np.flatnonzero(eerste == j)
        if len(hier):
            totaal[hier] = _totaal_per_uniek(v)[v.codes[hier]]
    bevindingen: list[tuple[int, Bevinding]] = []
    for i in np.flatnonzero(totaal):
        w = verschil[int(eerste[i])].waarde(int(i))
        bevindingen.append((int(regels[i]), Bevinding(partij.naam, label, int(regels[i]), None, _toon(w),
                                                      "totaalregel, geen gegevensregel", "laat totaalregels weg",
                                                      WAARSCHUWING, True)))
    del eerste
    vinger = [_vinger(v) for v in verschil]
    kandidaat = ~totaal
    kopie, eerst = _kopieen(vinger, kandidaat, regels)
    del vinger
    rijen_kand = regels[kandidaat]
    for rij, origineel in zip(rijen_kand[kopie], eerst[kopie]):
        bevindingen.append((int(rij), Bevinding(partij.naam, label, int(rij), None, None, f"exacte kopie van rij {int(origineel)}",
                                                "lever elke regel één keer", WAARSCHUWING, True)))
    geldig = np.flatnonzero(kandidaat)[~kopie]
    alle_rijen = len(geldig) == n
    rijcontroles = len(bevindingen)
    index = pd.Index(regels[geldig], name="bron_rij")

    # Value parsing: _converteer once per distinct value; typed like _typeer.
    kolommen: dict[str, pd.Series] = {}
    al_fout: set[tuple[int, str]] = set()
    for k in bestand.kolommen:
        v = verschil[positie[normaliseer_label(k.naam)]]
        codes = v.codes if alle_rijen else v.codes[geldig]
        waarden, fout = _omzetten_snel(k, v, partij, bestand, jaar)
        if fout:
            fout_codes = np.fromiter(fout, dtype=np.int64)
            for i in np.flatnonzero(np.isin(codes, fout_codes)):
                rij, exc = int(index[i]), fout[int(codes[i])]
                bevindingen.append((rij, Bevinding(partij.naam, label, rij, k.naam, _toon(v.woorden[int(codes[i])].as_py()),
                                                   exc.regel, exc.suggestie)))
                al_fout.add((rij, k.doel.naam))
        kolommen[k.doel.naam] = _kolom_snel(k.doel, waarden, codes, index)
    getypeerd = pd.DataFrame(kolommen, index=index)
    del kolommen
    # Messages in the order of the per-row path: the row checks by row, then per column by row.
    res.bevindingen.extend(b for _, b in sorted(bevindingen[:rijcontroles], key=lambda x: x[0]))
    res.bevindingen.extend(b for _, b in bevindingen[rijcontroles:])
    ruwe = _RuweRijen(ruw, [(k.naam, positie[normaliseer_label(k.naam)]) for k in bestand.kolommen])
    _controles_snel(res, getypeerd, jaar, al_fout, ruwe)
    _signaalwaarden(res, getypeerd, ruwe)
    _controleer_jaar(res, getypeerd, jaar)
    res.frame = getypeerd
    del ruw, ruwe, verschil
    readers.geef_geheugen_vrij()
    return res


def _controles_snel(res: Bestandsresultaat, getypeerd: pd.DataFrame, jaar: int,
                    al_fout: set[tuple[int, str]], ruw) -> None:
    """The checks of _schema (pandera in _pandera_bevindingen) with pandas/numpy on the whole columns:
    the same messages in the same order (duplicate keys; then per column: required value, range,
    allowed values, date in the year or peildatum, each by row). Nulls pass every check except
    'verplicht', as in pandera."""
    import numpy as np

    tabel_doelen = [k.doel for k in res.bestand.kolommen]
    partnernaam = {k.doel.naam: k.naam for k in res.bestand.kolommen}
    sleutel = [s for s in _sleutel(res) if s in getypeerd.columns]
    rijen = getypeerd.index.to_numpy()
    if sleutel:
        # pandera lists the duplicate rows per key column and leaves out the rows where that column is
        # empty; _pandera_bevindingen reports each row once, in that order.
        dubbel = getypeerd[sleutel].duplicated(keep=False).to_numpy()
        volgorde = [rijen[dubbel & getypeerd[s].notna().to_numpy()] for s in sleutel]
        gezien: set[int] = set()
        for rij in (r for deel in volgorde for r in deel.tolist() if not (r in gezien or gezien.add(r))):
            waarde = " / ".join(_toon(ruw[rij].get(partnernaam.get(s, s), "")) for s in sleutel)
            res.bevindingen.append(Bevinding(
                res.partij.naam, res.label, rij, ", ".join(partnernaam.get(s, s) for s in sleutel), waarde,
                "dubbele sleutel: deze combinatie komt vaker voor in het bestand",
                "lever elke " + "/".join(partnernaam.get(s, s) for s in sleutel) + " maar één keer",
            ))

    def meld(d: Doelkolom, fout, soort: str) -> None:
        naam = partnernaam.get(d.naam, d.naam)
        regel, suggestie = _controle_tekst(soort, d, jaar)
        for rij in rijen[np.asarray(fout, dtype=bool)].tolist():
            if (rij, d.naam) not in al_fout:
                res.bevindingen.append(Bevinding(res.partij.naam, res.label, rij, naam,
                                                 _toon(ruw[rij].get(naam, "")), regel, suggestie))

    for d in tabel_doelen:
        s = getypeerd[d.naam]
        leeg = s.isna().to_numpy()
        if d.verplicht:
            meld(d, leeg, "not_nullable")
        if d.min is not None or d.max is not None:
            lo = d.min if d.min is not None else float("-inf")
            hi = d.max if d.max is not None else float("inf")
            meld(d, ~leeg & ~((s >= lo) & (s <= hi)).fillna(True).to_numpy(dtype=bool), "in_range")
        if d.toegestaan:
            meld(d, ~leeg & ~s.isin(list(d.toegestaan)).to_numpy(dtype=bool), "isin")
        if d.datum_in == "jaar":
            meld(d, ~leeg & (s.dt.year != jaar).to_numpy(dtype=bool), "datum_in_jaar")
        elif d.datum_in == "peildatum":
            meld(d, ~leeg & ~s.isin([pd.Timestamp(jaar, 1, 1), pd.Timestamp(jaar, 12, 31)]).to_numpy(dtype=bool),
                 "peildatum")


def _controleer_breedte(res: Bestandsresultaat, ruw: readers.RuwBestand) -> None:
    """Values to the right of the last named column: in a CSV a shifted row (a separator inside an
    unquoted value), which is a fout; in Excel an unnamed column, which is not used (waarschuwing)."""
    breedte = max((i + 1 for i, n in enumerate(ruw.kolommen) if not readers.is_leeg(n)), default=0)
    xlsx_rijen = []
    for rij, waarden in ruw.rijen:
        extra = [w for w in waarden[breedte:] if not readers.is_leeg(w)]
        if not extra:
            continue
        if res.bestand.formaat == "csv":
            res.bevindingen.append(Bevinding(
                res.partij.naam, res.label, rij, None, _toon(extra[0]),
                f"rij heeft {max(i + 1 for i, w in enumerate(waarden) if not readers.is_leeg(w))} waarden, "
                f"de kopregel maar {breedte}: waarschijnlijk staat het scheidingsteken in een waarde",
                f"zet waarden met '{res.bestand.scheidingsteken}' tussen dubbele aanhalingstekens of laat het teken weg",
            ))
        else:
            xlsx_rijen.append(rij)
    if xlsx_rijen:
        res.bevindingen.append(Bevinding(
            res.partij.naam, res.label, xlsx_rijen[0], None, None,
            f"{len(xlsx_rijen)} rij(en) hebben waarden in een kolom zonder kolomnaam; die worden niet gebruikt",
            "verwijder die waarden of geef de kolom een naam uit het datacontract", WAARSCHUWING,
        ))


def _signaalwaarden(res: Bestandsresultaat, frame: pd.DataFrame, ruw: dict[int, dict[str, object]]) -> None:
    """Possible but unusual values (above signaal_max in the contract): a waarschuwing, the row is used."""
    for k in res.bestand.kolommen:
        d = k.doel
        if d.signaal_max is None or d.naam not in frame:
            continue
        boven = frame[d.naam].dropna()
        boven = boven[(boven > d.signaal_max) & (d.max is None or boven <= d.max)]
        for rij in boven.index:
            res.bevindingen.append(Bevinding(
                res.partij.naam, res.label, int(rij), k.naam, _toon(ruw[rij].get(k.naam, "")),
                f"ongebruikelijke waarde: meer dan {fmt.getal(d.signaal_max)}" + (f" {d.eenheid}" if d.eenheid else ""),
                "controleer de waarde; klopt hij, dan hoeft er niets te gebeuren", WAARSCHUWING,
            ))


def _controleer_jaar(res: Bestandsresultaat, frame: pd.DataFrame, jaar: int) -> None:
    """A file whose dates mostly fall in another year was probably filed under the wrong year."""
    for k in res.bestand.kolommen:
        if k.doel.type != "datum" or not k.doel.datum_in:
            continue
        jaren = frame[k.doel.naam].dropna().dt.year
        if jaren.empty:
            continue
        meest, aantal = Counter(jaren.tolist()).most_common(1)[0]
        if meest != jaar and aantal > len(jaren) / 2:
            res.bevindingen.append(Bevinding(
                res.partij.naam, res.label, None, k.naam, str(meest),
                f"de meeste datums vallen in {meest}: deze levering lijkt van {meest} en staat onder {jaar}",
                f"zet het bestand in data/raw/{meest}/{res.partij.partij}/ of lever de gegevens van {jaar}",
            ))


# ---------------------------------------------------------------------------- per delivery


def _zoek_bestanden(partij: Partij, map_: Path, jaar: int) -> tuple[dict[str, Path], list[Bevinding]]:
    """Expected file name -> path; missing files and files of another year become findings."""
    gevonden: dict[str, Path] = {}
    bevindingen: list[Bevinding] = []
    if not map_.is_dir():
        bevindingen.append(Bevinding(partij.naam, f"{jaar}/{partij.partij}/", None, None, None,
                                     "de map van deze partij ontbreekt: geen levering gevonden",
                                     f"lever de bestanden aan in data/raw/{jaar}/{partij.partij}/"))
        return gevonden, bevindingen
    aanwezig = {p.name.casefold(): p for p in sorted(map_.iterdir()) if p.is_file()}
    verwacht = []
    alternatieven = []  # CSVs delivered instead of a sheet (contract.Bestand.csv_alternatief)
    for b in partij.bestanden:
        alt = b.csv_alternatief()
        if alt is not None and (pad := aanwezig.get(alt.bestandsnaam(jaar).casefold())) is not None:
            gevonden[alt.bestandsnaam(jaar)] = pad
            alternatieven.append(alt.bestandsnaam(jaar))
    for b in partij.bestanden:
        alt = b.csv_alternatief()
        if alt is not None and alt.bestandsnaam(jaar) in alternatieven:
            continue  # this sheet comes as CSV; the workbook is only needed for its other sheets
        naam = b.bestandsnaam(jaar)
        if naam in gevonden or naam in verwacht:
            continue
        verwacht.append(naam)
        pad = aanwezig.get(naam.casefold())
        if pad is not None:
            gevonden[naam] = pad
            continue
        ander = [(m[1], p) for n, p in aanwezig.items() if (m := b.jaar_patroon().match(n)) and m[1] != str(jaar)]
        if ander:
            bevindingen.append(Bevinding(partij.naam, naam, None, None, ander[0][1].name,
                                         f"bestand ontbreekt; wel gevonden: {ander[0][1].name} (jaar {ander[0][0]}): levering onder het verkeerde jaar",
                                         f"lever {naam} aan, of zet {ander[0][1].name} in data/raw/{ander[0][0]}/{partij.partij}/"))
        else:
            bevindingen.append(Bevinding(partij.naam, naam, None, None, None, "bestand ontbreekt",
                                         f"lever {naam} aan in data/raw/{jaar}/{partij.partij}/"))
    bekend = {n.casefold() for n in verwacht + alternatieven} | NEGEER_BESTANDEN
    for n, p in aanwezig.items():
        if n not in bekend and not n.startswith(("~$", ".")):
            bevindingen.append(Bevinding(partij.naam, p.name, None, None, None,
                                         "onbekend bestand, wordt niet gebruikt",
                                         "verwijder het of noem het zoals in het datacontract", WAARSCHUWING))
    return gevonden, bevindingen


def _kruiscontroles(partij: Partij, resultaten: dict[str, Bestandsresultaat], jaar: int) -> list[Bevinding]:
    """Checks between the files of one corporation (whole columns at once; messages by row)."""
    uit: list[Bevinding] = []
    voorraad = resultaten.get("voorraad")
    if voorraad is None or voorraad.frame is None or any(b.ernst == FOUT and b.rij is None for b in voorraad.bevindingen):
        return uit
    v = voorraad.frame
    naam = {k.doel.naam: k.naam for k in voorraad.bestand.kolommen}
    for peil in (pd.Timestamp(jaar, 1, 1), pd.Timestamp(jaar, 12, 31)):
        if not (v["peildatum"] == peil).any():
            uit.append(Bevinding(partij.naam, voorraad.label, None, naam["peildatum"], None,
                                 f"de voorraad bevat geen stand op {peil:%d-%m-%Y}",
                                 "lever de voorraad op 1 januari én op 31 december"))
    in_voorraad = v["vhe_id"].dropna()
    eind = v.loc[(v["peildatum"] == pd.Timestamp(jaar, 12, 31)).to_numpy(dtype=bool), "vhe_id"].dropna()
    complexen = v["complex_id"].dropna()

    def kolomnaam(res, doel):
        return next(k.naam for k in res.bestand.kolommen if k.doel.naam == doel)

    verwijzingen = (  # table, column, values the stock knows, rule, suggested fix
        ("verhuringen", "vhe_id", in_voorraad, "verhuurde woning staat niet in de voorraad",
         f"controleer het nummer of neem de woning op in {voorraad.label}"),
        ("complexen_55plus", "complex_id", complexen, "complex staat niet in de voorraad",
         f"gebruik hetzelfde complexnummer als in {voorraad.label}"),
    )
    for tabel, kolom, bekend, regel, oplossing in verwijzingen:
        res = resultaten.get(tabel)
        if res is None or res.frame is None:
            continue
        waarden = res.frame[kolom].dropna()
        for rij, waarde in waarden[~_bekend(waarden, bekend)].items():
            uit.append(Bevinding(partij.naam, res.label, rij, kolomnaam(res, kolom), waarde, regel, oplossing))
    mut = resultaten.get("voorraadmutaties")
    if mut is not None and mut.frame is not None:
        m = mut.frame[mut.frame["vhe_id"].notna().to_numpy() & mut.frame["mutatie"].notna().to_numpy()]
        weg = m["mutatie"].isin(["verkoop", "sloop"]).to_numpy(dtype=bool)
        in_eind = _bekend(m["vhe_id"], eind)
        m = m[(weg & in_eind) | (~weg & ~in_eind)]  # only the rows with a message
        for (rij, r), w in zip(m[["vhe_id", "mutatie"]].iterrows(), weg[(weg & in_eind) | (~weg & ~in_eind)]):
            if w:
                uit.append(Bevinding(partij.naam, mut.label, rij, kolomnaam(mut, "vhe_id"), r["vhe_id"],
                                     f"woning is volgens de mutaties {r['mutatie']} maar staat nog in de voorraad op 31-12",
                                     "controleer de mutatie of de voorraad", WAARSCHUWING))
            else:
                uit.append(Bevinding(partij.naam, mut.label, rij, kolomnaam(mut, "vhe_id"), r["vhe_id"],
                                     f"woning is volgens de mutaties {r['mutatie']} maar staat niet in de voorraad op 31-12",
                                     "controleer de mutatie of de voorraad", WAARSCHUWING))
    for tabel in ("vrijkomend", "huurachterstand"):
        res = resultaten.get(tabel)
        if res is None or res.frame is None:
            continue
        missend = sorted({1, 2, 3, 4} - set(res.frame["kwartaal"].dropna().astype(int)))
        if missend:
            uit.append(Bevinding(partij.naam, res.label, None, kolomnaam(res, "kwartaal"), None,
                                 f"geen gegevens voor kwartaal {', '.join(map(str, missend))}",
                                 "lever alle vier kwartalen (0 als er niets was)", WAARSCHUWING))
    return uit


def _bekend(reeks: pd.Series, bekend: pd.Series):
    """``reeks.isin(bekend)`` as a numpy bool array. Text columns are compared by pyarrow: pandas' isin
    on a pyarrow-backed str column walks through ``bekend`` in Python (seconds for a national stock)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if reeks.dtype.kind == "O" or isinstance(reeks.dtype, pd.StringDtype):
        try:
            links = pa.array(reeks.array, from_pandas=True) if isinstance(reeks.dtype, pd.StringDtype) else \
                pa.array(reeks.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
            rechts = pa.array(bekend.array, from_pandas=True) if isinstance(bekend.dtype, pd.StringDtype) else \
                pa.array(bekend.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass  # not only text: pandas compares
        else:
            if pa.types.is_string(links.type) or pa.types.is_large_string(links.type):
                rechts = pc.unique(rechts.cast(links.type))
                return np.asarray(pc.is_in(links, value_set=rechts).fill_null(False).to_numpy(zero_copy_only=False),
                                  dtype=bool)
    return reeks.isin(bekend).to_numpy(dtype=bool)


def _kolomnaam(res: Bestandsresultaat, doel: str) -> str:
    return next(k.naam for k in res.bestand.kolommen if k.doel.naam == doel)


def _bruikbaar(res: Bestandsresultaat | None) -> bool:
    """A file that was read and has no file-level error (row-level errors are fine for cross checks)."""
    return res is not None and res.frame is not None and not any(b.ernst == FOUT and b.rij is None for b in res.bevindingen)


def _vrijkomend_vs_verhuringen(partij: Partij, resultaten: dict[str, Bestandsresultaat]) -> list[Bevinding]:
    """Every letting of an existing (not new-build) home follows a vacancy: per quarter at least as
    many vrijgekomen homes as such lettings."""
    vrij, verh = resultaten.get("vrijkomend"), resultaten.get("verhuringen")
    if not (_bruikbaar(vrij) and _bruikbaar(verh)):
        return []
    h = verh.frame.dropna(subset=["datum_ingang", "nieuwbouw"])
    h = h[h["nieuwbouw"] == False]  # noqa: E712 - object column of True/False
    verhuurd = Counter(((h["datum_ingang"].dt.month - 1) // 3 + 1).astype(int).tolist())
    vrijgekomen = vrij.frame.dropna(subset=["kwartaal", "vrijgekomen"]).groupby("kwartaal")["vrijgekomen"].sum()
    uit = []
    for kwartaal in range(1, 5):
        n_vrij = int(vrijgekomen.get(float(kwartaal), 0))
        n_verh = verhuurd.get(kwartaal, 0)
        if n_vrij < n_verh:
            uit.append(Bevinding(
                partij.naam, vrij.label, None, _kolomnaam(vrij, "vrijgekomen"), f"Q{kwartaal}: {n_vrij}",
                f"kwartaal {kwartaal}: minder vrijgekomen woningen ({n_vrij}) dan verhuringen van bestaande "
                f"woningen ({n_verh}, niet-nieuwbouw, in {verh.label})",
                f"controleer beide bestanden: elke verhuring van een bestaande woning hoort bij een vrijgekomen "
                f"woning in hetzelfde kwartaal (volgens {_kolomnaam(verh, 'datum_ingang')})",
            ))
    return uit


def _daeb_huur_bij_verhuring(partij: Partij, resultaten: dict[str, Bestandsresultaat], jaar: int) -> list[Bevinding]:
    """A DAEB home let above the DAEB rent limit of the year: possible (e.g. a pilot), but unusual."""
    from prestatiemonitor.reference import ReferentieFout, grenzen

    voorraad, verh = resultaten.get("voorraad"), resultaten.get("verhuringen")
    if not (_bruikbaar(voorraad) and _bruikbaar(verh)):
        return []
    try:
        grens = grenzen(jaar)["huurprijsgrens_daeb"]
    except (ReferentieFout, KeyError, OSError):
        return []  # no limit for this year: the run itself reports the missing reference data
    daeb = voorraad.frame.loc[voorraad.frame["daeb"] == True, "vhe_id"].dropna()  # noqa: E712
    uit = []
    f = verh.frame
    boven = f[(f["kale_huur"] > grens) & _bekend(f["vhe_id"], daeb) & (f["doelgroep"] != "niet_daeb_pilot")]
    for rij, r in boven.iterrows():
        uit.append(Bevinding(
            partij.naam, verh.label, int(rij), _kolomnaam(verh, "kale_huur"), fmt.getal(r["kale_huur"], 2),
            f"kale huur boven de huurprijsgrens DAEB {jaar} ({fmt.euro(grens)}) bij verhuring van een DAEB-woning",
            "controleer de huur en het DAEB-kenmerk in de voorraad; klopt het, dan hoeft er niets te gebeuren",
            WAARSCHUWING,
        ))
    return uit


def _gemeente_controles(partij: Partij, resultaten: dict[str, Bestandsresultaat]) -> list[Bevinding]:
    """A 'totaal' row of a kengetal must equal the sum of its per-partij rows (same kengetal and periode)."""
    kg = resultaten.get("gemeente_kengetallen")
    if not _bruikbaar(kg):
        return []
    f = kg.frame.dropna(subset=["kengetal", "periode", "partij", "waarde"])
    uit = []
    for (kengetal, periode), groep in f.groupby(["kengetal", "periode"], sort=True):
        totaal = groep[groep["partij"] == "totaal"]
        delen = groep[groep["partij"] != "totaal"]
        if totaal.empty or delen.empty or len(totaal) != 1:
            continue
        som, waarde = float(delen["waarde"].sum()), float(totaal["waarde"].iloc[0])
        if abs(som - waarde) > 0.005 * max(1.0, abs(waarde)):
            rij = int(totaal.index[0])
            uit.append(Bevinding(
                partij.naam, kg.label, rij, _kolomnaam(kg, "waarde"), fmt.getal(waarde, 2 if not waarde.is_integer() else 0),
                f"totaal van {kengetal} ({periode}) wijkt af van de som van de partijen ({fmt.getal(som, 2 if not som.is_integer() else 0)}, "
                f"rij {', '.join(str(int(i)) for i in delen.index)})",
                "maak het totaal gelijk aan de som van de partijen, of lever alleen het totaal of alleen de partijen",
            ))
    return uit


def _mijlpalen_tegen_register(partij: Partij, resultaten: dict[str, Bestandsresultaat], jaar: int) -> list[Bevinding]:
    """One deadline per milestone, the register's: a different deadline in the gemeente's mijlpalen is a
    waarschuwing naming both (the monitor judges against the register). Half-yearly milestones: the
    deadline must be 30 June or 31 December of the year."""
    from prestatiemonitor import register

    res = resultaten.get("mijlpalen")
    if not _bruikbaar(res):
        return []
    try:
        eisen = register.mijlpaal_eisen()
    except register.RegisterFout:
        return []  # the run itself reports a broken register
    uit = []
    for rij, r in res.frame.dropna(subset=["afspraak_id", "deadline"]).iterrows():
        eis = eisen.get(str(r["afspraak_id"]))
        if eis is None or "deadline_na" in eis:
            continue  # not a judged milestone, or a deadline the monitor computes
        verwacht = ([eis["deadline"]] if "deadline" in eis
                    else [register.periode_einde(jaar, p) for p in register.HERHALINGEN[eis["herhaling"]]])
        gegeven = pd.Timestamp(r["deadline"]).date()
        if gegeven not in verwacht:
            uit.append(Bevinding(
                partij.naam, res.label, int(rij), _kolomnaam(res, "deadline"), fmt.datum(gegeven),
                f"deadline van mijlpaal {r['afspraak_id']} wijkt af van het register van afspraken "
                f"({' of '.join(fmt.datum(d) for d in verwacht)}); de monitor toetst aan het register",
                "neem de deadline uit het register over, of laat het register aanpassen als de getekende tekst "
                "iets anders zegt", WAARSCHUWING))
    return uit


def beoordeel_levering(jaar: int, raw_root: Path = paths.RAW, contract: Contract | None = None
                       ) -> tuple[Validatierapport, list[Bestandsresultaat]]:
    """Validate a year's delivery; returns the report and the parsed files (for clean)."""
    contract = contract or load_contract()
    rapport = Validatierapport(jaar=jaar)
    alle: list[Bevinding] = []
    resultaten: list[Bestandsresultaat] = []
    jaarmap = Path(raw_root) / str(jaar)
    for partij in contract.partijen.values():
        paden, bevindingen = _zoek_bestanden(partij, jaarmap / partij.partij, jaar)
        alle.extend(bevindingen)
        per_tabel: dict[str, Bestandsresultaat] = {}
        werkmappen: dict = {}
        try:
            for bestand in partij.bestanden:
                alt = bestand.csv_alternatief()
                if alt is not None and alt.bestandsnaam(jaar) in paden:
                    bestand = alt  # the sheet was delivered as CSV
                pad = paden.get(bestand.bestandsnaam(jaar))
                if pad is None:
                    continue
                res = beoordeel_bestand(partij, bestand, pad, jaar, werkmappen)
                per_tabel[bestand.tabel] = res
                resultaten.append(res)
        finally:
            for wm in werkmappen.values():
                if not isinstance(wm, readers.Leesfout):
                    wm.close()
        if partij.corporatie:
            kruis = (_kruiscontroles(partij, per_tabel, jaar) + _vrijkomend_vs_verhuringen(partij, per_tabel)
                     + _daeb_huur_bij_verhuring(partij, per_tabel, jaar))
        else:
            kruis = _gemeente_controles(partij, per_tabel) + _mijlpalen_tegen_register(partij, per_tabel, jaar)
        for b in kruis:
            doel = next((r for r in per_tabel.values() if r.label == b.bestand), None)
            (doel.bevindingen if doel is not None else alle).append(b)
    from prestatiemonitor import reacties

    alle.extend(reacties.controleer(jaar, raw_root))  # the parties' reactie.md, tenant organisations included
    for res in resultaten:
        alle.extend(res.bevindingen)
        afgewezen = len(res.afgewezen_rijen())
        rapport.aantallen.append(Telling(res.partij.naam, res.label, res.gelezen, res.gelezen - afgewezen, afgewezen))
    rapport.fouten = [b for b in alle if b.ernst == FOUT]
    rapport.waarschuwingen = [b for b in alle if b.ernst != FOUT]
    return rapport, resultaten


def validate_year(jaar: int, raw_root: Path = paths.RAW) -> Validatierapport:
    """Check the whole delivery of one year; collects every problem (see Validatierapport.tekst())."""
    rapport, _ = beoordeel_levering(jaar, raw_root)
    return rapport
