"""`prestatiemonitor diff JAAR_A JAAR_B`: what changed per afspraak and indicator between two years.

Input: data/processed/<jaar>/indicatoren.csv of both years, and scorekaart.csv where both years
have one (then the status per afspraak is compared too). Output: Dutch text with formatted
numbers (for the evaluation text and the council letter), or ``--csv`` with the exact values.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import pandas as pd

from prestatiemonitor import fmt, paths
from prestatiemonitor.vergelijk import lees_csv

SLEUTEL = ["afspraak", "indicator", "corporatie"]
CSV_KOLOMMEN = ["afspraak", "indicator", "corporatie", "eenheid", "omschrijving", "waarde_a", "waarde_b",
                "verschil", "status_a", "status_b", "verandering"]


class DiffFout(Exception):
    """A year cannot be compared (Dutch message)."""


def _getal(x) -> float | None:
    if x is None or (isinstance(x, str) and x.strip() == ""):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def toon(waarde, eenheid: str) -> str:
    """A value as the reader reads it: 41,2% / € 713,02 / 1.234 / 15 september 2026 / ja."""
    v = _getal(waarde)
    if v is None:
        return fmt.LEEG
    if eenheid == "aandeel":
        return fmt.procent(v)
    if eenheid == "euro":
        return fmt.euro(v)
    if eenheid == "datum":
        n = int(round(v))
        try:
            return fmt.datum(dt.date(n // 10000, n // 100 % 100, n % 100))
        except ValueError:
            return str(n)
    if eenheid == "ja/nee":
        return "ja" if v >= 0.5 else "nee"
    return fmt.getal(v, 0 if float(v).is_integer() else 1)


def toon_verschil(a, b, eenheid: str) -> str:
    """The change from a to b: '+1,8 procentpunt', '-€ 12,50', '+35'; '' where no difference is meaningful."""
    va, vb = _getal(a), _getal(b)
    if va is None or vb is None or eenheid in ("datum", "ja/nee"):
        return ""
    d = vb - va
    teken = "+" if d > 0 else "-" if d < 0 else "±"
    if eenheid == "aandeel":
        return f"{teken}{fmt.getal(abs(d) * 100, 1)} procentpunt"
    if eenheid == "euro":
        return f"{teken}{fmt.euro(abs(d))}"
    return f"{teken}{fmt.getal(abs(d), 0 if float(d).is_integer() else 1)}"


def lees_jaar(processed: Path) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    processed = Path(processed)
    pad = processed / "indicatoren.csv"
    if not pad.is_file():
        raise DiffFout(f"{pad} ontbreekt. Draai eerst: prestatiemonitor run {processed.name}")
    ind = lees_csv(pad)
    ontbrekend = [k for k in SLEUTEL + ["waarde", "eenheid"] if k not in ind.columns]
    if ontbrekend:
        raise DiffFout(f"{pad} mist de kolom(men) {', '.join(ontbrekend)}")
    score = processed / "scorekaart.csv"
    return ind, (lees_csv(score) if score.is_file() else None)


def _status(score: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    if score is None or not {"id", "status"} <= set(score.columns):
        return {}
    corp = score["corporatie"] if "corporatie" in score.columns else pd.Series("", index=score.index)
    return {(i, c): s for i, c, s in zip(score["id"], corp, score["status"])}


def vergelijk(ind_a: pd.DataFrame, ind_b: pd.DataFrame, score_a: pd.DataFrame | None = None,
              score_b: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per afspraak x indicator x corporatie found in either year (columns CSV_KOLOMMEN;
    ``verandering`` is gewijzigd / gelijk / nieuw / vervallen). Status columns are filled only
    when both years have a scorecard."""
    a = ind_a.set_index(SLEUTEL)
    b = ind_b.set_index(SLEUTEL)
    met_status = score_a is not None and score_b is not None
    st_a, st_b = _status(score_a), _status(score_b)
    sleutels = list(dict.fromkeys(a.index.tolist() + b.index.tolist()))
    rijen = []
    for k in sleutels:
        ra = a.loc[k] if k in a.index else None
        rb = b.loc[k] if k in b.index else None
        if isinstance(ra, pd.DataFrame):
            ra = ra.iloc[0]
        if isinstance(rb, pd.DataFrame):
            rb = rb.iloc[0]
        bron = rb if rb is not None else ra
        eenheid = str(bron.get("eenheid", "aantal") or "aantal")
        wa = "" if ra is None else ra["waarde"]
        wb = "" if rb is None else rb["waarde"]
        afspraak, _, corporatie = k

        def status(st):
            return st.get((afspraak, corporatie), st.get((afspraak, ""), "")) if met_status else ""

        sa, sb = status(st_a), status(st_b)
        if ra is None:
            verandering = "nieuw"
        elif rb is None:
            verandering = "vervallen"
        elif (_getal(wa) != _getal(wb) if _getal(wa) is not None or _getal(wb) is not None
              else str(wa) != str(wb)) or sa != sb:
            verandering = "gewijzigd"
        else:
            verandering = "gelijk"
        va, vb = _getal(wa), _getal(wb)
        rijen.append({
            "afspraak": afspraak, "indicator": k[1], "corporatie": corporatie, "eenheid": eenheid,
            "omschrijving": str(bron.get("omschrijving", "") or ""), "waarde_a": wa, "waarde_b": wb,
            "verschil": "" if va is None or vb is None else round(vb - va, 6),
            "status_a": sa, "status_b": sb, "verandering": verandering,
        })
    uit = pd.DataFrame(rijen, columns=CSV_KOLOMMEN)
    return uit.sort_values(["afspraak", "indicator", "corporatie"], kind="stable").reset_index(drop=True)


def statuswijzigingen(score_a: pd.DataFrame | None, score_b: pd.DataFrame | None) -> list[tuple[str, str, str, str]]:
    """(afspraak, corporatie, status a, status b) for every afspraak whose status changed."""
    if score_a is None or score_b is None:
        return []
    sa, sb = _status(score_a), _status(score_b)
    uit = []
    for k in dict.fromkeys(list(sa) + list(sb)):
        if sa.get(k, "") != sb.get(k, ""):
            uit.append((k[0], k[1], sa.get(k, "") or "(geen)", sb.get(k, "") or "(geen)"))
    return uit


def tekst(verschil: pd.DataFrame, jaar_a: int, jaar_b: int, *, wijzigingen_status=None, alles: bool = False) -> str:
    """Dutch listing per afspraak: 'aandeel_tot_x (Vidomes): 41,2% in 2026, 43,0% in 2027 (+1,8 procentpunt)'."""
    regels = [f"Veranderingen van {jaar_a} naar {jaar_b}, per afspraak en indicator"]
    if wijzigingen_status:
        regels += ["", "Status per afspraak (scorekaart):"]
        for afspraak, corp, a, b in wijzigingen_status:
            regels.append(f"  afspraak {afspraak}{f' ({corp})' if corp else ''}: van {a} naar {b}")
    getoond = verschil if alles else verschil[verschil["verandering"] != "gelijk"]
    for afspraak, groep in getoond.groupby("afspraak", sort=False):
        regels += ["", f"Afspraak {afspraak}"]
        for r in groep.itertuples():
            naam = f"{r.indicator} ({r.corporatie})"
            if r.verandering == "nieuw":
                regels.append(f"  {naam}: nieuw in {jaar_b}: {toon(r.waarde_b, r.eenheid)}")
            elif r.verandering == "vervallen":
                regels.append(f"  {naam}: niet meer in {jaar_b} (was {toon(r.waarde_a, r.eenheid)} in {jaar_a})")
            else:
                if str(r.waarde_a) == str(r.waarde_b):  # same value; the status changed (or --alles)
                    zin = f"  {naam}: {toon(r.waarde_b, r.eenheid)} in beide jaren"
                else:
                    d = toon_verschil(r.waarde_a, r.waarde_b, r.eenheid)
                    zin = (f"  {naam}: {toon(r.waarde_a, r.eenheid)} in {jaar_a}, "
                           f"{toon(r.waarde_b, r.eenheid)} in {jaar_b}" + (f" ({d})" if d else ""))
                if r.status_a != r.status_b:
                    zin += f"; status van {r.status_a or '(geen)'} naar {r.status_b or '(geen)'}"
                regels.append(zin)
    gelijk = int((verschil["verandering"] == "gelijk").sum())
    aantallen = verschil["verandering"].value_counts()
    regels += ["", f"Samen: {aantallen.get('gewijzigd', 0)} gewijzigd, {aantallen.get('nieuw', 0)} nieuw, "
                   f"{aantallen.get('vervallen', 0)} vervallen, {gelijk} gelijk"
                   + ("" if alles or not gelijk else " (niet getoond; zie --alles)") + "."]
    return "\n".join(regels)


def als_csv(verschil: pd.DataFrame, jaar_a: int, jaar_b: int) -> str:
    """The exact values (not formatted), columns named after the years: waarde_2026, waarde_2027, ..."""
    hernoem = {"waarde_a": f"waarde_{jaar_a}", "waarde_b": f"waarde_{jaar_b}",
               "status_a": f"status_{jaar_a}", "status_b": f"status_{jaar_b}"}
    buf = io.StringIO()
    verschil.rename(columns=hernoem).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def jaren(jaar_a: int, jaar_b: int, processed_root: Path | None = None) -> tuple[pd.DataFrame, list]:
    root = Path(processed_root or paths.PROCESSED)
    ind_a, score_a = lees_jaar(root / str(jaar_a))
    ind_b, score_b = lees_jaar(root / str(jaar_b))
    return vergelijk(ind_a, ind_b, score_a, score_b), statuswijzigingen(score_a, score_b)
