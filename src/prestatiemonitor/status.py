"""Status per afspraak: the register's norm against the recorded indicator values.

Statuses. Four are a verdict and count in the report's headline counts (``BEOORDEELD``):
behaald, op koers, aandacht nodig, niet behaald. Two are not a verdict: ``gevolgd`` (the
agreement text gives no testable norm for this afspraak or this year; the value is shown and never
counted as behaald) and ``geen gegevens`` (a party did not deliver what the norm needs; the
toelichting names who owes which file; nothing is estimated).

The kind of norm is declared in the register (``type`` in data/reference/afspraken.yaml); the
rules read that kind and never infer a direction from the data. One function per kind below:

- **minimum**: value at least the norm -> behaald; below -> niet behaald. Only where the register
  declares a tolerance for that norm (``marge``, a fraction of the norm) is a value within it
  "aandacht nodig". ``jaren``: the norm applies only in those years; in other years the afspraak is
  gevolgd ("geen norm voor dit jaar"). ``verhoging_bij_toename`` (1.3.2-19): when the reference
  indicator (vrijgekomen woningen) is higher than the year before, the norm is "more than" the
  number; without an increase there is no norm (gevolgd); when the previous year is unknown:
  geen gegevens. ``cumulatief``: the sum over the years from ``startjaar`` is judged; before the
  ``eindjaar`` met -> op koers, not met -> aandacht nodig; from the eindjaar met -> behaald, not met
  -> niet behaald. Every year from the startjaar must be there, else geen gegevens.
- **maximum**: the mirror of minimum. ``uitsplitsing: deelsegment``: every deelsegment over the
  whole year is checked; one above the maximum -> niet behaald. Quarters are shown in the
  chapter, they never decide.
- **bereik**: below the minimum or above the maximum -> niet behaald (or aandacht nodig within a
  declared marge), otherwise behaald.
- **pad**: a declared start (``start`` at 1 January of the startjaar, or ``start_indicator``
  measured then; ``start_op: eind`` = measured at 31 December of the startjaar), an end value
  (``doel``) at 31 December of the ``eindjaar`` and a ``richting`` (stijgend or dalend). End value
  reached (at least for stijgend, at most for dalend) -> behaald; eindjaar reached without it ->
  niet behaald; otherwise the linear path from start to end value at 31 December of the report
  year: on or ahead of it -> op koers, behind -> aandacht nodig. For counts the path value is
  rounded in favour of the party. Without a start value: geen gegevens.
- **mijlpaal**: one deadline per milestone, the register's (``deadline``; ``deadline_na``: the
  last day of the month so many months after the date of an indicator, such as the first letting
  of woningdelen). Ready on or before the deadline -> behaald; ready after it -> niet behaald
  ("te laat: gereed op ..."); not ready and the deadline after 31 December of the report year ->
  op koers; not ready and the deadline passed -> niet behaald. A date from an earlier year's
  delivery counts for a one-off milestone. ``herhaling: halfjaarlijks``: every half year of the
  report year needs its own row of that year's delivery (a date delivered in an earlier year never
  counts), judged against 30 June and 31 December; all on time -> behaald, one late or missing
  date -> niet behaald, a half year without a row -> geen gegevens.
- **gevolgd**: no testable norm in the text; the value (or the gemeente's milestone date) is shown.
- A norm with several requirements: geen gegevens as soon as one lacks data, else the most
  serious verdict of its judged requirements; gevolgd when none is judged.

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

from prestatiemonitor import fmt, register as reg
from prestatiemonitor.indicators import ALLE
from prestatiemonitor.statuswaarden import Gegevens, datum, leeg, maanden_later

BEOORDEELD = ["behaald", "op koers", "aandacht nodig", "niet behaald"]  # the verdicts; headline counts
STATUSSEN = [*BEOORDEELD, "gevolgd", "geen gegevens"]
# Shape carries the meaning, so the scorecard reads in greyscale and for colour-blind readers.
SYMBOLEN = {"behaald": "●", "op koers": "◐", "aandacht nodig": "▲", "niet behaald": "✖", "gevolgd": "◇",
            "geen gegevens": "○"}
_ERNST = {"behaald": 0, "op koers": 1, "aandacht nodig": 2, "niet behaald": 3}
KOLOMMEN = ["id", "thema", "paragraaf", "titel", "partij", "corporatie", "soort", "norm", "waarde",
            "status", "toelichting", "af_te_stemmen", "aan_te_leveren", "herkomst"]
GEEN_NORM = "geen toetsbare norm"
_EPS = 1e-9


def legenda(register: pd.DataFrame | None = None) -> dict[str, str]:
    """What each status means, in the words of the rules above (the report prints this legend;
    a test checks it against the rules the code applies). The tolerance band is only mentioned
    when the register declares one."""
    marge = register is not None and any(e.get("marge") for eisen in register["eisen"] for e in eisen)
    return {
        "behaald": "de gemeten waarde voldoet aan een norm uit de tekst van de overeenkomst (minimum, maximum of "
                   "bereik), het doel van een pad is bereikt, of een mijlpaal was op tijd gereed",
        "op koers": "de termijn loopt nog: de waarde ligt op of voor het rechte pad naar het doel, een mijlpaal met een "
                    "latere deadline is nog niet gereed, of een norm over de hele looptijd wordt tot nu toe gehaald",
        "aandacht nodig": "de termijn loopt nog, maar de waarde ligt achter op het pad naar het doel of een norm over de "
                          "hele looptijd wordt tot nu toe niet gehaald"
                          + ("; of de waarde mist de norm binnen de marge die het register bij die norm noemt" if marge
                             else ""),
        "niet behaald": "de norm is niet gehaald, het doel is in het eindjaar niet bereikt, of een mijlpaal was niet of "
                        "te laat gereed",
        "gevolgd": "de tekst geeft voor dit jaar geen toetsbare norm; de waarde staat er ter informatie en telt nooit "
                   "als behaald",
        "geen gegevens": "een partij heeft niet geleverd wat nodig is; de toelichting zegt wie wat nog moet leveren",
    }


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
    if corporaties <= namen and not huurders:
        return "corporaties"
    if corporaties <= namen:
        return "corporaties en huurdersorganisaties"
    return ", ".join(partijen)


def evalueer(register: pd.DataFrame, indicatoren: pd.DataFrame, jaar: int, *,
             catalogus: pd.DataFrame | None = None,
             leveringen: dict[tuple[str, str], str] | None = None,
             publicatie: bool = False, niet_bevestigd: dict[str, str] | None = None) -> pd.DataFrame:
    """The scorecard of one report year: one row per afspraak (per corporation where
    per_corporatie), in register order, columns KOLOMMEN. Values are exact (for the CSV);
    ``publicatie=True`` applies the small-count rules of prestatiemonitor.privacy to sensitive
    indicators, for the published report. ``herkomst`` names where the values of this year came
    from: "<notebook> In [<cel>]" of every indicator row the judgement read (from the columns
    ``notebook`` and ``cel`` of indicatoren.csv), several separated by "; ". ``niet_bevestigd``: the
    limits of the year in grenzen.csv that are not confirmed, {parameter: status} (default:
    reference.niet_bevestigd); a row resting on one says so in its toelichting."""
    g = Gegevens(indicatoren, int(jaar), catalogus if catalogus is not None else reg.laad_indicatoren(),
                 leveringen if leveringen is not None else reg.leveringen(), publicatie,
                 niet_bevestigd if niet_bevestigd is not None else _niet_bevestigd(int(jaar)))
    rijen = []
    for a in register.to_dict("records"):
        eisen = a.get("eisen")
        if not isinstance(eisen, list):
            eisen = reg.eisen_van(a.get("norm") if isinstance(a.get("norm"), dict) else None, a["indicatoren"])
        corporaties = [c for c in reg.CORPORATIES if c in a["partijen"]]
        for corp in (corporaties if a["per_corporatie"] else [None]):
            g.begin(a, corp or ALLE)
            u = beoordeel(eisen, g, corp)
            toelichting = u.toelichting
            if u.status == "geen gegevens" and "Aan te leveren door" in toelichting:
                toelichting = _zin(toelichting, g.registerbron(corp))
            geraamd = g.geraamde_grenzen(a["indicatoren"])
            if geraamd and u.status != "geen gegevens":
                toelichting = _zin(toelichting, f"Berust op een niet bevestigde grens voor {jaar}: {', '.join(geraamd)}.")
            if a.get("af_te_stemmen") is True:
                toelichting = _zin(toelichting, "Voorlopig: niet in het uittreksel van de overeenkomst; telt niet mee "
                                                "tot de partijen de norm bevestigen.")
            rijen.append({
                "id": a["id"], "thema": a["thema"], "paragraaf": a["paragraaf"], "titel": a["titel"],
                "partij": corp or ", ".join(a["partijen"]), "corporatie": corp or "",
                "soort": a["soort"], "norm": u.norm, "waarde": u.waarde, "status": u.status,
                "toelichting": toelichting, "af_te_stemmen": a.get("af_te_stemmen") is True,
                "aan_te_leveren": "; ".join(dict.fromkeys(g.nodig)) if u.status == "geen gegevens" else "",
                "herkomst": "; ".join(dict.fromkeys(g.herkomst)),
            })
    return pd.DataFrame(rijen, columns=KOLOMMEN)


def _niet_bevestigd(jaar: int) -> dict[str, str]:
    from prestatiemonitor import reference

    try:
        return reference.niet_bevestigd(jaar)
    except (OSError, ValueError):
        return {}  # no grenzen.csv: the theme notebooks already stopped with a message


def beoordeeld(scorekaart: pd.DataFrame) -> pd.DataFrame:
    """The rows that count in the headline counts: a verdict (BEOORDEELD) on an afspraak of the
    agreement text (not a provisional one, af_te_stemmen)."""
    return scorekaart[scorekaart["status"].isin(BEOORDEELD) & ~scorekaart["af_te_stemmen"].astype(bool)]


def schrijf_scorekaart(df: pd.DataFrame, pad: Path) -> Path:
    """Write the scorecard as ';'-separated UTF-8 with BOM (Excel), rows in the given (register) order."""
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(pad, sep=";", index=False, encoding="utf-8-sig", lineterminator="\n")
    return pad


# ---------------------------------------------------------------------------- one afspraak

def beoordeel(eisen: list[dict], g: Gegevens, corp: str | None) -> Uitkomst:
    """All requirements of one afspraak (for one corporation, or the total)."""
    if not eisen:
        return Uitkomst("gevolgd", GEEN_NORM, "", "Geen norm in het register.")
    uitkomsten = []
    for eis in eisen:
        wie = eis.get("corporatie") or corp or ALLE
        g.wie = wie
        uitkomsten.append((eis, REGELS[eis["type"]](eis, g, wie)))
    if len(uitkomsten) == 1:
        return uitkomsten[0][1]
    statussen = [u.status for _, u in uitkomsten]
    oordelen = [s for s in statussen if s in _ERNST]
    status = ("geen gegevens" if "geen gegevens" in statussen
              else max(oordelen, key=_ERNST.__getitem__) if oordelen else "gevolgd")
    label = lambda e: e.get("corporatie") or g.label(e["indicator"])  # noqa: E731
    return Uitkomst(
        status,
        _normen(label, uitkomsten),
        "; ".join(f"{label(e)}: {u.waarde}" for e, u in uitkomsten if u.waarde),
        " ".join(dict.fromkeys(u.toelichting for _, u in uitkomsten if u.toelichting)),
    )


# ---------------------------------------------------------------------------- the rules, one per kind

def minimum(eis: dict, g: Gegevens, wie: str) -> Uitkomst:
    ind, m = eis["indicator"], float(eis["waarde"])
    norm = _grens_tekst("minimaal", ind, m, g)
    if eis.get("cumulatief"):
        return _cumulatief(eis, g, wie, norm)
    v = g.waarde(ind, wie)
    jaren = eis.get("jaren")
    if jaren and g.jaar not in jaren:
        return _geen_norm_dit_jaar(ind, v, jaren, g)
    if v is None:
        return Uitkomst("geen gegevens", norm, fmt.LEEG, g.ontbreekt(ind, wie, g.jaar))
    if eis.get("verhoging_bij_toename"):
        return _minimum_bij_toename(eis, g, wie, v)
    return Uitkomst(_toets(v, laag=m, marge=eis.get("marge")), norm, g.tekst(ind, v))


def maximum(eis: dict, g: Gegevens, wie: str) -> Uitkomst:
    ind, mx = eis["indicator"], float(eis["waarde"])
    norm = _grens_tekst("maximaal", ind, mx, g)
    v = g.waarde(ind, wie)
    jaren = eis.get("jaren")
    if jaren and g.jaar not in jaren:
        return _geen_norm_dit_jaar(ind, v, jaren, g)
    if eis.get("uitsplitsing") == "deelsegment":
        return _maximum_per_deelsegment(ind, mx, eis.get("marge"), g, wie)
    if v is None:
        return Uitkomst("geen gegevens", norm, fmt.LEEG, g.ontbreekt(ind, wie, g.jaar))
    return Uitkomst(_toets(v, hoog=mx, marge=eis.get("marge")), norm, g.tekst(ind, v))


def bereik(eis: dict, g: Gegevens, wie: str) -> Uitkomst:
    ind, lo, hi = eis["indicator"], float(eis["minimum"]), float(eis["maximum"])
    norm = f"{g.normtekst(ind, lo)} tot en met {g.normtekst(ind, hi)}"
    v = g.waarde(ind, wie)
    jaren = eis.get("jaren")
    if jaren and g.jaar not in jaren:
        return _geen_norm_dit_jaar(ind, v, jaren, g)
    if v is None:
        return Uitkomst("geen gegevens", norm, fmt.LEEG, g.ontbreekt(ind, wie, g.jaar))
    return Uitkomst(_toets(v, laag=lo, hoog=hi, marge=eis.get("marge")), norm, g.tekst(ind, v))


def pad(eis: dict, g: Gegevens, wie: str) -> Uitkomst:
    ind, doel = eis["indicator"], float(eis["doel"])
    sj, ej, stijgend = int(eis["startjaar"]), int(eis["eindjaar"]), eis["richting"] == "stijgend"
    norm = f"{'minimaal' if stijgend else 'maximaal'} {g.normtekst(ind, doel)} uiterlijk eind {ej}"
    v = g.waarde(ind, wie)
    if v is None:
        return Uitkomst("geen gegevens", norm, fmt.LEEG, g.ontbreekt(ind, wie, g.jaar))
    if (v >= doel - _EPS) if stijgend else (v <= doel + _EPS):
        return Uitkomst("behaald", norm, g.tekst(ind, v), "Doel bereikt.")
    if g.jaar >= ej:
        return Uitkomst("niet behaald", norm, g.tekst(ind, v), f"Doel niet bereikt in het eindjaar {ej}.")
    anker = sj if eis.get("start_op") == "eind" else sj - 1  # the path starts at the end of this year
    if eis.get("start") is not None:
        begin = float(eis["start"])
    else:
        begin = g.waarde(eis["start_indicator"], wie, sj)
        if begin is None:
            return Uitkomst("geen gegevens", norm, g.tekst(ind, v), "Beginstand voor het pad ontbreekt. "
                            + g.ontbreekt(eis["start_indicator"], wie, sj))
    stap = min(max((g.jaar - anker) / (ej - anker), 0.0), 1.0)
    doel_nu = begin + (doel - begin) * stap
    if g.eenheid(ind) == "aantal":  # whole units, rounded in favour of the party
        doel_nu = math.floor(doel_nu + _EPS) if stijgend else math.ceil(doel_nu - _EPS)
    op_koers = (v >= doel_nu - _EPS) if stijgend else (v <= doel_nu + _EPS)
    wanneer = f"1 januari {sj}" if anker < sj else f"eind {sj}"
    return Uitkomst("op koers" if op_koers else "aandacht nodig",
                    f"{norm} (pad eind {g.jaar}: {g.normtekst(ind, doel_nu)})", g.tekst(ind, v),
                    f"{'Stijgend' if stijgend else 'Dalend'} recht pad van {g.normtekst(ind, begin)} ({wanneer}) naar "
                    f"{g.normtekst(ind, doel)} (eind {ej}).")


def mijlpaal(eis: dict, g: Gegevens, wie: str) -> Uitkomst:
    mid = str(eis.get("mijlpaal") or g.afspraak["id"])
    if eis.get("herhaling"):
        return _herhaalde_mijlpaal(eis, mid, g)
    deadline, norm = _deadline(eis, g)
    r = g.laatste_mijlpaal(mid)
    einde_jaar = dt.date(g.jaar, 12, 31)
    if deadline is None:  # deadline_na whose start has not happened yet
        if r is not None and not leeg(r["waarde"]) and datum(r["waarde"]) <= einde_jaar:
            return Uitkomst("behaald", norm, f"gereed op {fmt.datum(datum(r['waarde']))}")
        na = eis["deadline_na"]
        return Uitkomst("op koers", norm, "termijn nog niet begonnen",
                        f"{g.label(na['indicator'])}: nog geen; de termijn begint daarna.")
    if r is None:
        return Uitkomst("geen gegevens", norm, fmt.LEEG, g.ontbreekt(reg.MIJLPAAL_INDICATOR, ALLE, g.jaar, mijlpaal=mid))
    return _op_tijd(r, deadline, einde_jaar, norm)


def gevolgd(eis: dict, g: Gegevens, wie: str) -> Uitkomst:
    zie = f"Beoordeeld onder afspraak {eis['zie']}." if eis.get("zie") else ""
    if eis.get("mijlpaal"):
        r = g.laatste_mijlpaal(str(eis["mijlpaal"]))
        if r is None:
            return Uitkomst("geen gegevens", GEEN_NORM, fmt.LEEG,
                            g.ontbreekt(reg.MIJLPAAL_INDICATOR, ALLE, g.jaar, mijlpaal=str(eis["mijlpaal"])))
        gereed = None if leeg(r["waarde"]) else datum(r["waarde"])
        waarde = (f"gereed op {fmt.datum(gereed)} (volgens de gemeente)" if gereed and gereed <= dt.date(g.jaar, 12, 31)
                  else "nog niet gereed (volgens de gemeente)")
        return Uitkomst("gevolgd", GEEN_NORM, waarde, zie)
    ind = eis["indicator"]
    v = g.waarde(ind, wie)
    if v is None:
        return Uitkomst("geen gegevens", GEEN_NORM, fmt.LEEG, g.ontbreekt(ind, wie, g.jaar))
    return Uitkomst("gevolgd", GEEN_NORM, g.tekst(ind, v), zie)


REGELS = {"minimum": minimum, "maximum": maximum, "bereik": bereik, "pad": pad, "mijlpaal": mijlpaal,
          "gevolgd": gevolgd}


# ---------------------------------------------------------------------------- parts of the rules

def _toets(v: float, *, laag: float | None = None, hoog: float | None = None, marge: float | None = None) -> str:
    """behaald inside [laag, hoog]; outside: aandacht nodig within the declared marge (a fraction
    of the norm), else niet behaald."""
    if (laag is None or v >= laag - _EPS) and (hoog is None or v <= hoog + _EPS):
        return "behaald"
    if marge:
        if laag is not None and v < laag and v >= laag - abs(laag) * marge - _EPS:
            return "aandacht nodig"
        if hoog is not None and v > hoog and v <= hoog + abs(hoog) * marge + _EPS:
            return "aandacht nodig"
    return "niet behaald"


def _grens_tekst(woord: str, ind: str, waarde: float, g: Gegevens) -> str:
    if g.eenheid(ind) == "ja/nee":
        return "ja" if waarde >= 1 else "nee"
    return f"{woord} {g.normtekst(ind, waarde)}"


def _geen_norm_dit_jaar(ind: str, v, jaren: list[int], g: Gegevens) -> Uitkomst:
    lijst = ", ".join(map(str, jaren))
    return Uitkomst("gevolgd", f"geen norm voor {g.jaar} (alleen {lijst})", g.tekst(ind, v),
                    f"De tekst noemt alleen voor {lijst} een norm; voor {g.jaar} wordt de waarde gevolgd.")


def _minimum_bij_toename(eis: dict, g: Gegevens, wie: str, v: float) -> Uitkomst:
    ind, m, ref = eis["indicator"], float(eis["waarde"]), eis["verhoging_bij_toename"]
    nu, vorig = g.waarde(ref, wie), g.waarde(ref, wie, g.jaar - 1)
    meer = f"meer dan {g.normtekst(ind, m)}"
    if nu is None or vorig is None:
        if nu is None:
            mist = g.ontbreekt(ref, wie, g.jaar)
        else:  # the year before the report year: from the monitor's own run, else the gemeente's kengetal
            mist = g.ontbreekt(ref, wie, g.jaar - 1, bron="gemeente_kengetallen: kengetal vrijgekomen_vorig_jaar",
                               leverjaar=g.jaar)
        return Uitkomst("geen gegevens", f"{meer} bij een toename van mutaties", g.tekst(ind, v),
                        "Of de mutaties zijn gestegen, is niet vast te stellen. " + mist)
    verloop = f"{g.label(ref).lower()} {g.jaar - 1}: {g.tekst(ref, vorig)}, {g.jaar}: {g.tekst(ref, nu)}"
    if nu > vorig:
        return Uitkomst("behaald" if v > m + _EPS else "niet behaald", meer, g.tekst(ind, v),
                        f"Mutaties gestegen ({verloop}): de norm is {meer}.")
    return Uitkomst("gevolgd", f"geen eis (geen toename van mutaties)", g.tekst(ind, v),
                    f"Geen toename van mutaties ({verloop}): deze afspraak stelt dit jaar geen eis.")


def _cumulatief(eis: dict, g: Gegevens, wie: str, norm: str) -> Uitkomst:
    ind, m = eis["indicator"], float(eis["waarde"])
    sj, ej = int(eis["startjaar"]), int(eis["eindjaar"])
    norm = f"{norm} over {sj}-{ej}"
    jaren = list(range(sj, min(g.jaar, ej) + 1))
    waarden = {j: g.waarde(ind, wie, j) for j in jaren}
    ontbrekend = [j for j, w in waarden.items() if w is None]
    if not jaren:
        return Uitkomst("gevolgd", norm, fmt.LEEG, f"De looptijd van deze norm begint in {sj}.")
    if ontbrekend:
        return Uitkomst("geen gegevens", norm, fmt.LEEG,
                        " ".join(g.ontbreekt(ind, wie, j) for j in ontbrekend))
    som = sum(waarden.values())
    per_jaar = ", ".join(f"{j}: {g.tekst(ind, w)}" for j, w in waarden.items())
    waarde = f"{g.tekst(ind, som)} " + (f"over {sj}-{jaren[-1]}" if len(jaren) > 1 else f"in {sj}")
    gehaald = som >= m - _EPS
    if g.jaar >= ej:
        return Uitkomst("behaald" if gehaald else "niet behaald", norm, waarde,
                        f"Over de hele looptijd ({per_jaar}).")
    return Uitkomst("op koers" if gehaald else "aandacht nodig", norm, waarde,
                    f"Tot nu toe ({per_jaar}); het oordeel valt in {ej}.")


def _maximum_per_deelsegment(ind: str, mx: float, marge, g: Gegevens, wie: str) -> Uitkomst:
    norm = f"maximaal {g.normtekst(ind, mx)} per deelsegment (heel jaar)"
    cellen = [i for i in g.cat.index if g.cat.loc[i, "basis"] == ind and i != ind and not re.search(r"_q\d$", i)]
    waarden = {c: g.waarde(c, wie) for c in cellen}
    waarden = {c: v for c, v in waarden.items() if v is not None}
    if not waarden:
        return Uitkomst("geen gegevens", norm, fmt.LEEG,
                        g.ontbreekt(ind, wie, g.jaar).replace(" ontbreekt", " per deelsegment ontbreekt", 1))
    naam = lambda c: c[len(ind) + 1:].replace("55plus", "55+")  # noqa: E731
    oordeel = {c: _toets(v, hoog=mx, marge=marge) for c, v in waarden.items()}
    status = max(oordeel.values(), key=_ERNST.__getitem__)
    hoogste = max(waarden, key=waarden.get)
    g.wie = wie
    waarde = f"hoogste {g.tekst(hoogste, waarden[hoogste])} ({naam(hoogste)})"
    boven = [c for c, s in oordeel.items() if s != "behaald"]
    tekst = (f"{len(waarden)} deelsegmenten getoetst over het hele jaar; de kwartalen staan in het hoofdstuk "
             "Sociaal domein en beslissen niet.")
    if boven:
        tekst += " Boven de norm: " + ", ".join(f"{naam(c)} ({g.tekst(c, waarden[c])})" for c in boven) + "."
    return Uitkomst(status, norm, waarde, tekst)


def _deadline(eis: dict, g: Gegevens) -> tuple[dt.date | None, str]:
    """The one deadline of a milestone and its norm text: the register's date, or (deadline_na) the
    last day of the month so many months after the earliest date of an indicator (None: not yet)."""
    if "deadline" in eis:
        return eis["deadline"], f"gereed uiterlijk {fmt.datum(eis['deadline'])}"
    na = eis["deadline_na"]
    begin = g.vroegste_datum(na["indicator"])
    wat = g.label(na["indicator"]).lower()
    if begin is None:
        return None, f"gereed uiterlijk {na['maanden']} maanden na: {wat}"
    deadline = maanden_later(begin, na["maanden"])
    maand = fmt.datum(begin).split(" ", 1)[1]  # "april 2026": the month, never the day of one household
    return deadline, f"gereed uiterlijk {fmt.datum(deadline)} ({na['maanden']} maanden na {maand})"


def _op_tijd(r: dict, deadline: dt.date, einde_jaar: dt.date, norm: str) -> Uitkomst:
    """One milestone row against its deadline, at the end of the report year."""
    gereed = None if leeg(r["waarde"]) else datum(r["waarde"])
    if gereed is not None and gereed <= einde_jaar:
        if gereed <= deadline:
            return Uitkomst("behaald", norm, f"gereed op {fmt.datum(gereed)}")
        return Uitkomst("niet behaald", norm, f"te laat: gereed op {fmt.datum(gereed)}",
                        f"Gereed na de deadline van {fmt.datum(deadline)}.")
    if deadline > einde_jaar:
        return Uitkomst("op koers", norm, "nog niet gereed", f"De deadline valt na {fmt.datum(einde_jaar)}.")
    return Uitkomst("niet behaald", norm, "niet gereed", f"Deadline {fmt.datum(deadline)} verstreken.")


def _herhaalde_mijlpaal(eis: dict, mid: str, g: Gegevens) -> Uitkomst:
    perioden = reg.HERHALINGEN[eis["herhaling"]]
    norm = "ieder halfjaar gereed uiterlijk " + " en ".join(fmt.datum(reg.periode_einde(g.jaar, p)) for p in perioden)
    uit, missend, toelichting = [], [], []
    for p in perioden:
        r = g.laatste_mijlpaal(f"{mid} {p}", alleen_dit_jaar=True)
        if r is None:
            missend.append(p)
            continue
        u = _op_tijd(r, reg.periode_einde(g.jaar, p), dt.date(g.jaar, 12, 31), norm)
        uit.append(u.status)
        toelichting.append(f"{p}: {u.waarde}")
    if missend:
        mist = " ".join(g.ontbreekt(reg.MIJLPAAL_INDICATOR, ALLE, g.jaar, mijlpaal=f"{mid} ({p})") for p in missend)
        return Uitkomst("geen gegevens", norm, "; ".join(toelichting) or fmt.LEEG,
                        f"Voor {' en '.join(missend)} {g.jaar} staat geen regel in de levering van dit jaar "
                        f"(een datum uit een eerder jaar telt niet). " + mist)
    return Uitkomst(max(uit, key=_ERNST.__getitem__), norm, "; ".join(toelichting))


def _normen(label, uitkomsten) -> str:
    """The norms of several requirements; one shared norm ("geen toetsbare norm") is said once."""
    normen = [u.norm for _, u in uitkomsten if u.norm]
    if normen and len(set(normen)) == 1 and len(normen) == len(uitkomsten):
        return normen[0]
    return "; ".join(f"{label(e)}: {u.norm}" for e, u in uitkomsten if u.norm)


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
