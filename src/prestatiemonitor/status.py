"""Status per afspraak: the register's norm against the recorded indicator values.

Statuses: ``behaald``, ``op koers``, ``aandacht nodig``, ``niet behaald``, ``geen gegevens``.

Rules (one per norm type in data/reference/afspraken.yaml):

- **geen gegevens**: an indicator row the norm needs is missing. The toelichting names the
  partij and the file that should have delivered it (from the data contracts and the register's
  `bron`). Nothing is estimated. A norm with several requirements (`eisen`) is "geen gegevens" as
  soon as one requirement lacks data; the other results stay in the toelichting.
- **minimum / maximum** (yearly): met -> behaald; missed by at most 10% of the norm (MARGE) ->
  aandacht nodig; missed by more -> niet behaald. Example: minimum 50 -> 45-49 is aandacht nodig,
  44 or less niet behaald; maximum 1,40 -> up to 1,54 aandacht nodig. A norm of 0 has no margin.
  A minimum with `jaren` only applies in those years (other years: geen gegevens, "geen norm").
  `verhoging_bij_toename` (afspraak 1.3.2-19): if the reference indicator (vrijgekomen woningen) is
  higher than the year before, the minimum becomes "more than" the number; otherwise it stays
  "at least". If the previous year is missing and the outcome depends on it: geen gegevens.
- **maximum with uitsplitsing deelsegment_kwartaal** (1.3.2-16): every deelsegment-quarter is
  checked; one cell above the maximum -> niet behaald (no margin), listing the cells.
- **bereik**: below the minimum / above the maximum as above, otherwise behaald.
- **pad** (cumulative target with a final year): target reached -> behaald; final year passed
  without reaching it -> niet behaald; otherwise compare with a linear path from the begin value
  to the target at the end of `eindjaar` -> op koers / aandacht nodig. The begin value is `start`
  (at 1 January of `startjaar`), else `start_indicator` of the startjaar, else the indicator of the
  year before the startjaar; without those the path restarts at 1 January of the report year
  (`start_indicator` of the report year, or the indicator of the year before). Counts: the path
  value is rounded to a whole number in favour of the party (down when rising, up when falling).
- **mijlpaal**: gereed on/before the deadline -> behaald; gereed after the deadline -> niet
  behaald (toelichting: late); not gereed and deadline after 31 December of the report year -> op
  koers; not gereed and deadline on/before 31 December -> niet behaald.
- **proces**: held >= planned -> behaald, else aandacht nodig.
- **uitgevoerd**: the gemeente's mijlpalen row for the afspraak has a gereed date up to 31
  December -> behaald; row present without a date -> aandacht nodig.
- **gemeten** (monitoring items): the indicator was measured -> behaald.
- An afspraak without a norm in the register (themes 3-5 not yet agreed): geen gegevens.

Per corporation: an afspraak with ``per_corporatie: true`` gets one row per corporation that is
party to it (Vidomes, then WoonInvest), each judged on that corporation's indicator rows. Other
afspraken get one row, judged on the ``totaal`` rows (or the `corporatie` a requirement names,
such as the gemeente's own contribution); their `corporatie` column is empty.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from prestatiemonitor import fmt, privacy, register as reg
from prestatiemonitor.indicators import ALLE

STATUSSEN = ["behaald", "op koers", "aandacht nodig", "niet behaald", "geen gegevens"]
# Shape carries the meaning, so the scorecard reads in greyscale and for colour-blind readers.
SYMBOLEN = {"behaald": "●", "op koers": "◐", "aandacht nodig": "▲", "niet behaald": "✖", "geen gegevens": "○"}
_ERNST = {"behaald": 0, "op koers": 1, "aandacht nodig": 2, "niet behaald": 3}
MARGE = 0.10  # within 10% of the norm on the wrong side -> "aandacht nodig"
GEMEENTE_TABELLEN = {"gemeente_kengetallen", "mijlpalen"}
KOLOMMEN = ["id", "thema", "paragraaf", "titel", "partij", "corporatie", "soort", "norm", "waarde",
            "status", "toelichting", "af_te_stemmen", "aan_te_leveren", "herkomst"]
_EPS = 1e-9


@dataclass
class Uitkomst:
    status: str
    norm: str = ""
    waarde: str = ""
    toelichting: str = ""


def partij_label(partijen: list[str] | str, corporatie: str | None = None) -> str:
    """A short label for the parties of an afspraak, for narrow report columns:
    the corporation of a per-corporation row, else "alle partijen" (all five), "corporaties"
    (both corporations, with or without their tenant organisations), "gemeente" (the gemeente
    alone), "gemeente en corporaties", or the single party."""
    if corporatie:
        return corporatie
    if isinstance(partijen, str):
        partijen = [p.strip() for p in partijen.split(",") if p.strip()]
    namen = set(partijen)
    corporaties = set(reg.CORPORATIES)
    huurders = namen - corporaties - {"gemeente"}
    if len(namen) >= 5 or ("gemeente" in namen and corporaties <= namen and huurders):
        return "alle partijen"
    if namen == {"gemeente"}:
        return "gemeente"
    if "gemeente" in namen and namen & corporaties:
        return "gemeente en corporaties"
    if corporaties <= namen:
        return "corporaties"
    return ", ".join(partijen)


def evalueer(register: pd.DataFrame, indicatoren: pd.DataFrame, jaar: int, *,
             catalogus: pd.DataFrame | None = None,
             leveringen: dict[tuple[str, str], str] | None = None,
             publicatie: bool = False) -> pd.DataFrame:
    """The scorecard of one report year: one row per afspraak (per corporation where
    per_corporatie), in register order, columns KOLOMMEN. Values are exact (for the CSV);
    ``publicatie=True`` applies the small-count rules of prestatiemonitor.privacy to sensitive
    indicators, for the published report. ``herkomst`` names where the values of this year came
    from: "<notebook> In [<cel>]" of every indicator row the judgement read (from the columns
    ``notebook`` and ``cel`` of indicatoren.csv), several separated by "; "."""
    ctx = _Context(indicatoren, int(jaar),
                   catalogus if catalogus is not None else reg.laad_indicatoren(),
                   leveringen if leveringen is not None else reg.leveringen(), publicatie)
    rijen = []
    for a in register.to_dict("records"):
        eisen = a.get("eisen")
        if not isinstance(eisen, list):
            eisen = reg.eisen_van(a.get("norm") if isinstance(a.get("norm"), dict) else None, a["indicatoren"])
        corporaties = [c for c in reg.CORPORATIES if c in a["partijen"]]
        for corp in (corporaties if a["per_corporatie"] else [None]):
            u = ctx.beoordeel(a, eisen, corp)
            toelichting = u.toelichting
            if u.status == "geen gegevens" and "Aan te leveren door" in toelichting:
                toelichting = _zin(toelichting, ctx.registerbron(corp))
            if a.get("af_te_stemmen") is True:
                toelichting = _zin(toelichting, "Af te stemmen met de getekende tekst.")
            rijen.append({
                "id": a["id"], "thema": a["thema"], "paragraaf": a["paragraaf"], "titel": a["titel"],
                "partij": corp or ", ".join(a["partijen"]), "corporatie": corp or "",
                "soort": a["soort"], "norm": u.norm, "waarde": u.waarde, "status": u.status,
                "toelichting": toelichting, "af_te_stemmen": a.get("af_te_stemmen") is True,
                "aan_te_leveren": "; ".join(dict.fromkeys(ctx.nodig)) if u.status == "geen gegevens" else "",
                "herkomst": "; ".join(dict.fromkeys(ctx.herkomst)),
            })
    return pd.DataFrame(rijen, columns=KOLOMMEN)


def schrijf_scorekaart(df: pd.DataFrame, pad: Path) -> Path:
    """Write the scorecard as ';'-separated UTF-8 with BOM (Excel), rows in the given (register) order."""
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(pad, sep=";", index=False, encoding="utf-8-sig", lineterminator="\n")
    return pad


# ---------------------------------------------------------------------------- internals

class _Context:
    def __init__(self, indicatoren: pd.DataFrame, jaar: int, catalogus: pd.DataFrame, leveringen,
                 publicatie: bool = False):
        self.publicatie = publicatie
        df = indicatoren.copy()
        for k in ("jaar", "afspraak", "indicator", "corporatie", "waarde"):
            if k not in df.columns:
                df[k] = pd.NA
        df = df[df["jaar"].notna()]
        df["jaar"] = df["jaar"].astype(int)
        df["afspraak"] = df["afspraak"].astype("string")
        df["waarde"] = pd.to_numeric(df["waarde"], errors="coerce")
        self.ind = df
        # (indicator, corporatie, jaar) -> its rows in table order: a scorecard does hundreds of
        # lookups, a boolean mask over the whole table each would cost a millisecond apiece
        self._rijen: dict[tuple, list[dict]] = {}
        for r in df.to_dict("records"):
            self._rijen.setdefault((r["indicator"], r["corporatie"], r["jaar"]), []).append(r)
        self.jaar = jaar
        self.cat = catalogus
        self.lev = leveringen
        self.afspraak: dict = {}
        self.wie = ALLE  # the corporation being judged (for the numerator of a share)
        self.nodig: list[str] = []  # "partij: bestand" still to deliver, for the current afspraak
        self.herkomst: list[str] = []  # "<notebook> In [<cel>]" of the rows read, for the current afspraak

    # -- lookup
    def rij(self, indicator: str, corporatie: str, jaar: int, afspraak: str | None = None):
        """The indicator row (as a dict) or None when it was not recorded."""
        rijen = [r for r in self._rijen.get((indicator, corporatie, jaar), [])
                 if afspraak is None or (isinstance(r["afspraak"], str) and r["afspraak"] == afspraak)]
        if not rijen:
            return None
        r = dict(rijen[-1])
        if jaar == self.jaar:
            self._noteer_herkomst(r)
        return r

    def _noteer_herkomst(self, r: dict) -> None:
        nb = r.get("notebook")
        if _leeg(nb) or not str(nb).strip():
            return
        cel = pd.to_numeric(pd.Series([r.get("cel")]), errors="coerce").iloc[0]
        tekst = str(nb).strip() if pd.isna(cel) else f"{str(nb).strip()} In [{int(cel)}]"
        jaar = pd.to_numeric(pd.Series([r.get("jaar")]), errors="coerce").iloc[0]
        if not pd.isna(jaar) and int(jaar) != self.jaar:
            tekst += f" ({int(jaar)})"  # computed in the run of an earlier year
        self.herkomst.append(tekst)

    def waarde(self, indicator: str, corporatie: str, jaar: int):
        r = self.rij(indicator, corporatie, jaar)
        if r is None or _leeg(r["waarde"]):
            return None
        return float(r["waarde"])

    # -- formatting
    def label(self, indicator: str) -> str:
        """The Dutch description of an indicator (never its snake_case id) for the reader."""
        if indicator in self.cat.index:
            return str(self.cat.loc[indicator, "omschrijving"])
        return indicator.replace("_", " ")

    def eenheid(self, indicator: str) -> str:
        return self.cat.loc[indicator, "eenheid"] if indicator in self.cat.index else "aantal"

    def tekst(self, indicator: str, v, *, ruw: bool = False) -> str:
        if _leeg(v):
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
            return fmt.datum(_datum(v))
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
        delen = {c: self.waarde(indicator, c, self.jaar) for c in reg.CORPORATIES}
        delen = {c: v for c, v in delen.items() if v is not None}
        totaal = self.waarde(indicator, ALLE, self.jaar)
        if totaal is None:
            totaal = sum(delen.values()) if delen else None
        return self.wie in privacy.verborgen_delen(delen, totaal, niveau)

    # -- who owes what
    def ontbreekt(self, indicator: str, corporatie: str, jaar: int, *, mijlpaal: str | None = None) -> str:
        wie = f"{jaar}" if corporatie == ALLE else f"{corporatie} {jaar}"
        bron = self.cat.loc[indicator, "bron"] if indicator in self.cat.index else ""
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
                bestand = self.lev.get((p, tabel), tabel).replace("<jaar>", str(jaar))
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

    # -- judging
    def beoordeel(self, a: dict, eisen: list[dict], corp: str | None) -> Uitkomst:
        self.afspraak = a
        self.nodig = []
        self.herkomst = []
        self.wie = corp or ALLE
        if not eisen:
            if not a["indicatoren"]:
                return Uitkomst("geen gegevens", "", "", "Geen indicator voor deze afspraak in het register.")
            doel = corp or ALLE
            waarden = [f"{self.label(i)}: {self.tekst(i, self.waarde(i, doel, self.jaar))}" for i in a["indicatoren"]]
            return Uitkomst("geen gegevens", "geen norm", "; ".join(waarden),
                            "Geen norm in het register; de norm is af te stemmen met de getekende tekst.")
        uitkomsten = []
        for eis in eisen:
            wie = eis.get("corporatie") or corp or ALLE
            self.wie = wie
            uitkomsten.append((eis, getattr(self, "_" + eis["type"])(eis, wie)))
        if len(uitkomsten) == 1:
            return uitkomsten[0][1]
        statussen = [u.status for _, u in uitkomsten]
        status = ("geen gegevens" if "geen gegevens" in statussen
                  else max(statussen, key=lambda s: _ERNST[s]))
        label = lambda e: e.get("corporatie") or (self.label(e["indicator"]) if e.get("indicator") else e["type"])  # noqa: E731
        return Uitkomst(
            status,
            _normen(label, uitkomsten),
            "; ".join(f"{label(e)}: {u.waarde}" for e, u in uitkomsten if u.waarde),
            " ".join(u.toelichting for _, u in uitkomsten if u.toelichting),
        )

    def _normtekst(self, indicator: str, v) -> str:
        return self.tekst(indicator, v, ruw=True)

    def _minimum(self, eis: dict, wie: str) -> Uitkomst:
        ind, m = eis["indicator"], float(eis["waarde"])
        v = self.waarde(ind, wie, self.jaar)
        jaren = eis.get("jaren")
        if jaren and self.jaar not in jaren:
            return Uitkomst("geen gegevens", f"minimaal {self._normtekst(ind, m)} (alleen {', '.join(map(str, jaren))})",
                            self.tekst(ind, v),
                            f"Voor {self.jaar} noemt de afspraak geen norm (alleen {', '.join(map(str, jaren))}); "
                            "partijen leggen de norm voor dit jaar vast.")
        if v is None:
            return Uitkomst("geen gegevens", f"minimaal {self._normtekst(ind, m)}", fmt.LEEG,
                            self.ontbreekt(ind, wie, self.jaar))
        ref = eis.get("verhoging_bij_toename")
        if not ref:
            return Uitkomst(_toets_min(v, m), f"minimaal {self._normtekst(ind, m)}", self.tekst(ind, v))
        nu, vorig = self.waarde(ref, wie, self.jaar), self.waarde(ref, wie, self.jaar - 1)
        if nu is not None and vorig is not None:
            toename = nu > vorig
            verloop = f"{self.label(ref).lower()} {self.jaar - 1}: {self.tekst(ref, vorig)}, {self.jaar}: {self.tekst(ref, nu)}"
            if toename:
                return Uitkomst(_toets_min(v, m, strikt=True), f"meer dan {self._normtekst(ind, m)}",
                                self.tekst(ind, v), f"Mutaties gestegen ({verloop}): norm meer dan {self._normtekst(ind, m)}.")
            return Uitkomst(_toets_min(v, m), f"minimaal {self._normtekst(ind, m)}", self.tekst(ind, v),
                            f"Geen toename van mutaties ({verloop}): de norm blijft {self._normtekst(ind, m)}.")
        s_gelijk, s_meer = _toets_min(v, m), _toets_min(v, m, strikt=True)
        mist = self.ontbreekt(ref, wie, self.jaar if nu is None else self.jaar - 1)
        if s_gelijk == s_meer:
            return Uitkomst(s_gelijk, f"minimaal {self._normtekst(ind, m)} (meer bij toename mutaties)",
                            self.tekst(ind, v), "Toename van mutaties niet vast te stellen; de uitkomst hangt er niet van af.")
        return Uitkomst("geen gegevens", f"minimaal of meer dan {self._normtekst(ind, m)}", self.tekst(ind, v),
                        "Of de mutaties zijn gestegen is niet vast te stellen. " + mist)

    def _maximum(self, eis: dict, wie: str) -> Uitkomst:
        ind, mx = eis["indicator"], float(eis["waarde"])
        if eis.get("uitsplitsing") == "deelsegment_kwartaal":
            return self._maximum_per_cel(ind, mx, wie)
        v = self.waarde(ind, wie, self.jaar)
        if v is None:
            return Uitkomst("geen gegevens", f"maximaal {self._normtekst(ind, mx)}", fmt.LEEG,
                            self.ontbreekt(ind, wie, self.jaar))
        return Uitkomst(_toets_max(v, mx), f"maximaal {self._normtekst(ind, mx)}", self.tekst(ind, v))

    def _maximum_per_cel(self, ind: str, mx: float, wie: str) -> Uitkomst:
        norm = f"maximaal {self._normtekst(ind, mx)} per deelsegment per kwartaal"
        cellen = [i for i in self.cat.index if self.cat.loc[i, "basis"] == ind and i != ind]
        waarden = {c: self.waarde(c, wie, self.jaar) for c in cellen}
        waarden = {c: v for c, v in waarden.items() if v is not None}
        if not waarden:
            return Uitkomst("geen gegevens", norm, fmt.LEEG,
                            self.ontbreekt(ind, wie, self.jaar).replace(" ontbreekt", " per deelsegment en kwartaal ontbreekt", 1))
        naam = lambda c: c[len(ind) + 1:].replace("_q", " Q")  # noqa: E731
        boven = [c for c, v in waarden.items() if v > mx + _EPS]
        hoogste = max(waarden, key=waarden.get)
        waarde = f"hoogste {self.tekst(ind, waarden[hoogste])} ({naam(hoogste)})"
        if boven:
            lijst = ", ".join(f"{naam(c)} ({self.tekst(ind, waarden[c])})" for c in boven)
            return Uitkomst("niet behaald", norm, waarde,
                            f"{len(waarden)} deelsegment-kwartalen getoetst; boven de norm: {lijst}.")
        return Uitkomst("behaald", norm, waarde, f"{len(waarden)} deelsegment-kwartalen getoetst; geen boven de norm.")

    def _bereik(self, eis: dict, wie: str) -> Uitkomst:
        ind, lo, hi = eis["indicator"], float(eis["minimum"]), float(eis["maximum"])
        norm = f"{self._normtekst(ind, lo)} tot en met {self._normtekst(ind, hi)}"
        v = self.waarde(ind, wie, self.jaar)
        if v is None:
            return Uitkomst("geen gegevens", norm, fmt.LEEG, self.ontbreekt(ind, wie, self.jaar))
        status = _toets_min(v, lo) if v < lo else _toets_max(v, hi)
        return Uitkomst(status, norm, self.tekst(ind, v))

    def _pad(self, eis: dict, wie: str) -> Uitkomst:
        ind, doel = eis["indicator"], float(eis["doel"])
        sj, ej = int(eis["startjaar"]), int(eis["eindjaar"])
        norm = f"{self._normtekst(ind, doel)} uiterlijk eind {ej}"
        v = self.waarde(ind, wie, self.jaar)
        if v is None:
            return Uitkomst("geen gegevens", norm, fmt.LEEG, self.ontbreekt(ind, wie, self.jaar))
        begin, beginjaar = self._begin(eis, wie)
        op = doel >= begin if begin is not None else doel > 0
        if (v >= doel - _EPS) if op else (v <= doel + _EPS):
            return Uitkomst("behaald", norm, self.tekst(ind, v), "Doel bereikt.")
        if self.jaar >= ej:
            return Uitkomst("niet behaald", norm, self.tekst(ind, v), f"Doel niet bereikt in het eindjaar {ej}.")
        if begin is None:
            si = eis.get("start_indicator") or ind
            return Uitkomst("geen gegevens", norm, self.tekst(ind, v),
                            "Beginstand voor het pad ontbreekt. " + self.ontbreekt(si, wie, self.jaar))
        pad = begin + (doel - begin) * (self.jaar - beginjaar + 1) / (ej - beginjaar + 1)
        if self.eenheid(ind) == "aantal":
            pad = math.floor(pad + _EPS) if op else math.ceil(pad - _EPS)
        op_koers = (v >= pad - _EPS) if op else (v <= pad + _EPS)
        norm = f"{norm} (pad eind {self.jaar}: {self._normtekst(ind, pad)})"
        return Uitkomst("op koers" if op_koers else "aandacht nodig", norm, self.tekst(ind, v),
                        f"Lineair pad van {self._normtekst(ind, begin)} (begin {beginjaar}) naar "
                        f"{self._normtekst(ind, doel)} (eind {ej}).")

    def _begin(self, eis: dict, wie: str) -> tuple[float | None, int | None]:
        ind, si, sj = eis["indicator"], eis.get("start_indicator"), int(eis["startjaar"])
        if eis.get("start") is not None:
            return float(eis["start"]), sj
        kandidaten = []
        if si:
            kandidaten.append((si, sj, sj))
        kandidaten.append((ind, sj - 1, sj))
        if si:
            kandidaten.append((si, self.jaar, self.jaar))
        kandidaten.append((ind, self.jaar - 1, self.jaar))
        for indicator, j, beginjaar in kandidaten:
            b = self.waarde(indicator, wie, j)
            if b is not None:
                return b, beginjaar
        return None, None

    def _gereed(self, eis: dict) -> tuple[str, dict | None]:
        mid = str(eis.get("mijlpaal") or self.afspraak["id"])
        d = self.ind
        sel = d[(d["indicator"] == eis.get("indicator", reg.MIJLPAAL_INDICATOR)) & (d["afspraak"] == mid)
                & (d["jaar"] <= self.jaar)]
        if sel.empty:
            return mid, None
        r = sel.sort_values("jaar", kind="stable").iloc[-1].to_dict()
        self._noteer_herkomst(r)
        return mid, r

    def _mijlpaal(self, eis: dict, wie: str) -> Uitkomst:
        deadline = eis["deadline"]
        norm = f"gereed uiterlijk {fmt.datum(deadline)}"
        mid, r = self._gereed(eis)
        if r is None:
            return Uitkomst("geen gegevens", norm, fmt.LEEG,
                            self.ontbreekt(reg.MIJLPAAL_INDICATOR, ALLE, self.jaar, mijlpaal=mid))
        gereed = None if _leeg(r["waarde"]) else _datum(r["waarde"])
        eind = dt.date(self.jaar, 12, 31)
        if gereed is not None and gereed <= eind:
            if gereed <= deadline:
                return Uitkomst("behaald", norm, f"gereed {fmt.datum(gereed)}")
            return Uitkomst("niet behaald", norm, f"gereed {fmt.datum(gereed)}",
                            f"Gereed na de deadline van {fmt.datum(deadline)}.")
        if deadline > eind:
            return Uitkomst("op koers", norm, "nog niet gereed", f"Deadline valt na {fmt.datum(eind)}.")
        return Uitkomst("niet behaald", norm, "niet gereed", f"Deadline {fmt.datum(deadline)} verstreken.")

    def _uitgevoerd(self, eis: dict, wie: str) -> Uitkomst:
        mid, r = self._gereed(eis)
        norm = "uitgevoerd"
        if r is None:
            return Uitkomst("geen gegevens", norm, fmt.LEEG,
                            self.ontbreekt(reg.MIJLPAAL_INDICATOR, ALLE, self.jaar, mijlpaal=mid))
        gereed = None if _leeg(r["waarde"]) else _datum(r["waarde"])
        if gereed is not None and gereed <= dt.date(self.jaar, 12, 31):
            return Uitkomst("behaald", norm, f"uitgevoerd {fmt.datum(gereed)}")
        return Uitkomst("aandacht nodig", norm, "niet (nog niet) uitgevoerd",
                        "De gemeente meldt (nog) geen uitvoering in mijlpalen.")

    def _proces(self, eis: dict, wie: str) -> Uitkomst:
        ind, gepland = eis["indicator"], float(eis["gepland"])
        ja_nee = self.eenheid(ind) == "ja/nee"
        norm = "ja" if ja_nee else f"{fmt.getal(gepland)} gepland"
        v = self.waarde(ind, wie, self.jaar)
        if v is None:
            return Uitkomst("geen gegevens", norm, fmt.LEEG, self.ontbreekt(ind, wie, self.jaar))
        waarde = self.tekst(ind, v) if ja_nee else f"{self.tekst(ind, v)} van {fmt.getal(gepland)}"
        return Uitkomst("behaald" if v >= gepland - _EPS else "aandacht nodig", norm, waarde)

    def _gemeten(self, eis: dict, wie: str) -> Uitkomst:
        ind = eis["indicator"]
        v = self.waarde(ind, wie, self.jaar)
        if v is None:
            return Uitkomst("geen gegevens", "gemonitord", fmt.LEEG, self.ontbreekt(ind, wie, self.jaar))
        return Uitkomst("behaald", "gemonitord", self.tekst(ind, v))


def _normen(label, uitkomsten) -> str:
    """The norms of several requirements; one shared norm ("gemonitord") is said once."""
    normen = [u.norm for _, u in uitkomsten if u.norm]
    if normen and len(set(normen)) == 1 and len(normen) == len(uitkomsten):
        return normen[0]
    return "; ".join(f"{label(e)}: {u.norm}" for e, u in uitkomsten if u.norm)


def _niveau(info) -> str:
    """The publication level of a catalogue row (prestatiemonitor.privacy)."""
    if info is None:
        return "vrij"
    if "publicatie" in info.index and isinstance(info["publicatie"], str):
        return info["publicatie"]
    return "gevoelig" if bool(info.get("gevoelig", False)) else "vrij"


def _toets_min(v: float, m: float, *, strikt: bool = False) -> str:
    if (v > m + _EPS) if strikt else (v >= m - _EPS):
        return "behaald"
    if m > 0 and v >= m * (1 - MARGE) - _EPS:
        return "aandacht nodig"
    return "niet behaald"


def _toets_max(v: float, mx: float) -> str:
    if v <= mx + _EPS:
        return "behaald"
    if mx > 0 and v <= mx * (1 + MARGE) + _EPS:
        return "aandacht nodig"
    return "niet behaald"


def _datum(v) -> dt.date:
    """jjjjmmdd (as recorded in the indicator rows) -> date."""
    n = int(round(float(v)))
    return dt.date(n // 10000, n // 100 % 100, n % 100)


def _leeg(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _zin(*delen: str) -> str:
    return " ".join(d for d in delen if d)


_HERKOMST = re.compile(r"^\s*([A-Za-z0-9_.-]+)(?:\s+In \[(\d+)\])?(?:\s+\((\d{4})\))?\s*$")


def herkomst_doel(herkomst: str, *, jaar: int | None = None) -> str | None:
    """The link target of the first origin in a scorecard ``herkomst`` ("10_sociaal_domein In [12]; ..."):
    ``notebooks/10_sociaal_domein.html#cel-12`` (the HTML copy of the executed notebook beside the
    report), ``../2026/notebooks/...`` for an origin in an earlier year's run; None when unknown."""
    eerste = str(herkomst or "").split(";")[0]
    m = _HERKOMST.match(eerste)
    if not m or not m.group(1):
        return None
    naam, cel, ander_jaar = m.groups()
    map_ = f"../{ander_jaar}/notebooks" if ander_jaar and (jaar is None or int(ander_jaar) != int(jaar)) else "notebooks"
    return f"{map_}/{naam}.html" + (f"#cel-{cel}" if cel else "")


def afspraak_met_herkomst(afspraak: str, herkomst: str, *, jaar: int | None = None) -> str:
    """The afspraak id for the report's scorecard table: a ``.pm-herkomst`` span that the renderer
    turns into a link to the cell that computed its value (HTML only; plain text in the PDF)."""
    doel = herkomst_doel(herkomst, jaar=jaar)
    return f'[{afspraak}]{{.pm-herkomst href="{doel}"}}' if doel else str(afspraak)
