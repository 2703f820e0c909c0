"""What a status judgement reads (prestatiemonitor.status): the recorded indicator values of the
report year and earlier years, formatted for the reader (small counts protected in the published
report), and, when a value is missing, which partij owes which file.

``Gegevens`` is built once per scorecard; the rules in status.py only ask it for values and texts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

import pandas as pd

from prestatiemonitor import fmt, privacy, register as reg
from prestatiemonitor.indicators import ALLE

GEMEENTE_TABELLEN = {"gemeente_kengetallen", "mijlpalen"}


def leeg(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def datum(v) -> dt.date:
    """jjjjmmdd (as recorded in the indicator rows) -> date."""
    n = int(round(float(v)))
    return dt.date(n // 10000, n // 100 % 100, n % 100)


def maanden_later(d: dt.date, maanden: int) -> dt.date:
    """The last day of the month ``maanden`` months after the month of ``d``."""
    m = d.month - 1 + maanden
    jaar, maand = d.year + m // 12, m % 12 + 1
    return dt.date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def grensparameters(bron: str) -> list[str]:
    """The limits of grenzen.csv an indicator rests on, from its catalogue `bron`
    ("voorraad: kale_huur; grenzen.csv: aftoppingsgrens_laag" -> ["aftoppingsgrens_laag"])."""
    uit = []
    for deel in str(bron).split(";"):
        tabel, _, kolommen = deel.strip().partition(":")
        if tabel.strip() == "grenzen.csv":
            uit += [k.strip() for k in kolommen.split(",") if k.strip()]
    return uit


class Gegevens:
    """The indicator rows of all years up to the report year, indexed for fast lookups, plus what
    the judgement of the current afspraak read (``herkomst``) and still needs (``nodig``)."""

    def __init__(self, indicatoren: pd.DataFrame, jaar: int, catalogus: pd.DataFrame, leveringen,
                 publicatie: bool = False, niet_bevestigd: dict[str, str] | None = None):
        self.publicatie = publicatie
        df = indicatoren.copy()
        for k in ("jaar", "afspraak", "indicator", "corporatie", "waarde"):
            if k not in df.columns:
                df[k] = pd.NA
        df = df[df["jaar"].notna()]
        df["jaar"] = df["jaar"].astype(int)
        df["afspraak"] = df["afspraak"].astype("string")
        df["waarde"] = pd.to_numeric(df["waarde"], errors="coerce")
        # (indicator, corporatie, jaar) -> its rows in table order: a scorecard does hundreds of
        # lookups, a boolean mask over the whole table each would cost a millisecond apiece
        self._rijen: dict[tuple, list[dict]] = {}
        for r in df.to_dict("records"):
            self._rijen.setdefault((r["indicator"], r["corporatie"], r["jaar"]), []).append(r)
        self.jaar = jaar
        self.cat = catalogus
        self.lev = leveringen
        self.niet_bevestigd = niet_bevestigd or {}  # limit of this year not confirmed -> its status
        self.afspraak: dict = {}
        self.wie = ALLE  # the corporation being judged (for the numerator of a share)
        self.nodig: list[str] = []  # "partij: bestand" still to deliver, for the current afspraak
        self.herkomst: list[str] = []  # "<notebook> In [<cel>]" of the rows read, for the current afspraak

    def begin(self, afspraak: dict, wie: str) -> None:
        """Start judging one scorecard row."""
        self.afspraak, self.wie, self.nodig, self.herkomst = afspraak, wie, [], []

    # -- lookup
    def rij(self, indicator: str, corporatie: str, jaar: int, afspraak: str | None = None) -> dict | None:
        """The indicator row (as a dict) or None when it was not recorded."""
        rijen = [r for r in self._rijen.get((indicator, corporatie, jaar), [])
                 if afspraak is None or (isinstance(r["afspraak"], str) and r["afspraak"] == afspraak)]
        if not rijen:
            return None
        r = dict(rijen[-1])
        if jaar == self.jaar:
            self.noteer_herkomst(r)
        return r

    def noteer_herkomst(self, r: dict) -> None:
        nb = r.get("notebook")
        if leeg(nb) or not str(nb).strip():
            return
        cel = pd.to_numeric(pd.Series([r.get("cel")]), errors="coerce").iloc[0]
        tekst = str(nb).strip() if pd.isna(cel) else f"{str(nb).strip()} In [{int(cel)}]"
        jaar = pd.to_numeric(pd.Series([r.get("jaar")]), errors="coerce").iloc[0]
        if not pd.isna(jaar) and int(jaar) != self.jaar:
            tekst += f" ({int(jaar)})"  # computed in the run of an earlier year
        self.herkomst.append(tekst)

    def waarde(self, indicator: str, corporatie: str, jaar: int | None = None, afspraak: str | None = None):
        r = self.rij(indicator, corporatie, self.jaar if jaar is None else jaar, afspraak)
        if r is None or leeg(r["waarde"]):
            return None
        return float(r["waarde"])

    def laatste_mijlpaal(self, mijlpaal: str, *, alleen_dit_jaar: bool = False) -> dict | None:
        """The gemeente's latest row for a milestone key (recorded by notebook 10 as indicator
        mijlpaal_gereed_op, afspraak = key), from this year or an earlier one; None when absent."""
        jaren = [self.jaar] if alleen_dit_jaar else range(self.jaar, self.jaar - 50, -1)
        for j in jaren:
            r = self.rij(reg.MIJLPAAL_INDICATOR, ALLE, j, afspraak=mijlpaal)
            if r is not None:
                if j != self.jaar:
                    self.noteer_herkomst(r)  # a date delivered in an earlier year's run
                return r
        return None

    def vroegste_datum(self, indicator: str, corporatie: str = ALLE) -> dt.date | None:
        """The earliest date an indicator of unit datum recorded, this year or earlier."""
        datums = []
        for (ind, corp, j), rijen in self._rijen.items():
            if ind == indicator and corp == corporatie and j <= self.jaar:
                datums += [datum(r["waarde"]) for r in rijen if not leeg(r["waarde"])]
        return min(datums) if datums else None

    # -- formatting
    def label(self, indicator: str) -> str:
        """The Dutch description of an indicator (never its snake_case id) for the reader."""
        if indicator in self.cat.index:
            return str(self.cat.loc[indicator, "omschrijving"])
        return indicator.replace("_", " ")

    def eenheid(self, indicator: str) -> str:
        return self.cat.loc[indicator, "eenheid"] if indicator in self.cat.index else "aantal"

    def normtekst(self, indicator: str, v) -> str:
        """A norm value in the unit of the indicator (norms are never suppressed)."""
        return self.tekst(indicator, v, ruw=True)

    def tekst(self, indicator: str, v, *, ruw: bool = False) -> str:
        if leeg(v):
            return fmt.LEEG
        e = self.eenheid(indicator)
        info = self.cat.loc[indicator] if indicator in self.cat.index else None
        niveau = _niveau(info)
        if self.publicatie and not ruw and niveau != "vrij":
            if e == "aantal" and privacy.te_klein(v, niveau):
                return privacy.onderdruk(v, niveau)
            if e == "aantal" and self.wie in reg.CORPORATIES and self.verborgen_naast(indicator, niveau):
                return privacy.VERBORGEN
            if e == "aandeel":
                r = self.rij(indicator, self.wie, self.jaar)
                teller = None if r is None else pd.to_numeric(r.get("teller"), errors="coerce")
                if teller is not None and privacy.te_klein(teller, niveau):
                    return privacy.VERBORGEN
        if e == "aandeel":
            return fmt.procent(v)
        if e == "euro":
            return fmt.euro(v, 0)
        if e == "datum":
            return fmt.datum(datum(v))
        if e == "ja/nee":
            return "ja" if v >= 1 else "nee"
        dec = int(info["decimalen"]) if info is not None else 0
        if dec == 0 and not float(v).is_integer():
            dec = 1
        return fmt.getal(v, dec)

    def verborgen_naast(self, indicator: str, niveau: str) -> bool:
        """Secondary suppression across corporations: the report prints the total over both
        corporations beside the per-corporation values, so when the other corporation's count
        is suppressed, this one must be hidden too (else total - this = the hidden count)."""
        delen = {c: self.waarde(indicator, c) for c in reg.CORPORATIES}
        delen = {c: v for c, v in delen.items() if v is not None}
        totaal = self.waarde(indicator, ALLE)
        if totaal is None:
            totaal = sum(delen.values()) if delen else None
        return self.wie in privacy.verborgen_delen(delen, totaal, niveau)

    # -- estimated limits
    def geraamde_grenzen(self, indicatoren: list[str]) -> list[str]:
        """The limits of this year that the indicators rest on and that are not confirmed
        (status in grenzen.csv other than "bevestigd"), as "aftoppingsgrens laag (raming ...)"."""
        uit = []
        for ind in indicatoren:
            bron = self.cat.loc[ind, "bron"] if ind in self.cat.index else ""
            for p in grensparameters(bron):
                tekst = f"{p.replace('_', ' ')} ({self.niet_bevestigd.get(p, '').split(';')[0]})"
                if p in self.niet_bevestigd and tekst not in uit:
                    uit.append(tekst)
        return uit

    # -- who owes what
    def ontbreekt(self, indicator: str, corporatie: str, jaar: int, *, mijlpaal: str | None = None,
                  bron: str | None = None, leverjaar: int | None = None) -> str:
        """'Geen gegevens: ... ontbreekt voor <wie> <jaar>. Aan te leveren door <partij>: <bestand> (...)'.
        ``bron`` replaces the catalogue's source (e.g. a kengetal that stands in for an earlier year);
        ``leverjaar`` is the delivery year of that file (default: ``jaar``)."""
        wie = f"{jaar}" if corporatie == ALLE else f"{corporatie} {jaar}"
        bron = bron if bron is not None else (self.cat.loc[indicator, "bron"] if indicator in self.cat.index else "")
        leverjaar = leverjaar or jaar
        delen = []
        for deel in str(bron).split(";"):
            tabel, _, kolommen = deel.strip().partition(":")
            tabel = tabel.strip()
            if not tabel or tabel.endswith(".csv"):
                continue  # reference data (grenzen.csv), not a partner delivery
            if tabel in GEMEENTE_TABELLEN:
                partijen = ["gemeente"]
            elif corporatie in reg.CORPORATIES:
                partijen = [corporatie]
            else:
                partijen = list(reg.CORPORATIES)
            for p in partijen:
                bestand = self.lev.get((p, tabel), tabel).replace("<jaar>", str(leverjaar))
                self.nodig.append(f"{p}: {bestand.split(',')[0]}")
                detail = f"regel {mijlpaal}" if mijlpaal else kolommen.strip()
                delen.append(f"{p}: {bestand} ({tabel}{': ' + detail if detail else ''})")
        return (f"Geen gegevens: {self.label(indicator).rstrip('.')} ontbreekt voor {wie}. "
                f"Aan te leveren door {'; '.join(delen) if delen else 'onbekend'}.")

    def registerbron(self, corporatie: str | None) -> str:
        """The register's `bron` as a sentence, for the partij/corporation of this row."""
        bron = self.afspraak.get("bron") or {}
        delen = []
        for sleutel, tekst in bron.items():
            tekst = str(tekst).replace("<jaar>", str(self.jaar))
            if sleutel == "woningcorporaties":
                wie = corporatie or "Vidomes en WoonInvest"
            elif sleutel in reg.CORPORATIES and corporatie and sleutel != corporatie:
                continue
            else:
                wie = sleutel
            delen.append(f"{wie}: {tekst}")
        return f"Bron volgens het register: {'; '.join(delen)}." if delen else ""


def _niveau(info) -> str:
    """The publication level of a catalogue row (prestatiemonitor.privacy)."""
    if info is None:
        return "vrij"
    if "publicatie" in info.index and isinstance(info["publicatie"], str):
        return info["publicatie"]
    return "gevoelig" if bool(info.get("gevoelig", False)) else "vrij"
