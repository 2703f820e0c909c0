"""Synthetic demo deliveries (SYNTHETISCHE DEMODATA — geen echte huurders).

One fixed seed world (about 8.500 WoonInvest and 2.000 Vidomes homes) is generated for 1 January
2026 and evolved year by year (lettings, sales, demolition, new build, rent increases, better energy
labels), so the stock on 1 January 2027 equals the stock on 31 December 2026. Each year is written
in the partners' own formats: Vidomes as ;-separated CSV (UTF-8 with BOM, decimal comma, dd-mm-jjjj,
messy labels), WoonInvest as one Excel workbook with codes and Excel dates, the gemeente as a
workbook with kengetallen and a Windows-1252 CSV with mijlpalen.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from prestatiemonitor import paths
from prestatiemonitor.readers import DEMO_MARKER

BASIS_SEED = 20260101
EERSTE_JAAR = 2026
LAATSTE_JAAR = 2029
HUURVERHOGING = 1.04  # on 1 July, every year
GRENSINDEX = 1.035  # thresholds per year after 2026 (only to shape the synthetic rents and incomes)

WIJKEN = ["Voorburg-Noord", "Voorburg-West", "Oud-Voorburg", "Bovenveen", "Damsigt", "Essesteijn",
          "Prinsenhof", "Leidschendam-Zuid", "Leidschendam-Noord", "Stompwijk"]
STRATEN = ["Laan van", "Hof van", "Park", "Plein", "Veld", "Kade", "Wijk", "Tuin", "Erf", "Dreef"]
NAMEN = ["Rhijn", "Eikenhorst", "Vliet", "Essen", "Lindenhof", "Vlietzicht", "Molenwei", "Duivenvoorde",
         "Hofweg", "Populieren", "Kastanje", "Dillenburg", "Westeinde", "Sijtwende", "Zeeheldenbuurt"]
LABELS = ["A++", "A+", "A", "B", "C", "D", "E", "F", "G"]
LABEL_KANS = [0.03, 0.04, 0.20, 0.25, 0.24, 0.12, 0.06, 0.04, 0.02]
INDEX_BEREIK = {"A++++": (0.3, 0.5), "A+++": (0.4, 0.6), "A++": (0.5, 0.7), "A+": (0.6, 0.8), "A": (0.8, 1.2),
                "B": (1.2, 1.4), "C": (1.4, 1.8), "D": (1.8, 2.1), "E": (2.1, 2.4), "F": (2.4, 2.7), "G": (2.7, 3.2)}

CORPORATIES = ("WoonInvest", "Vidomes")
# (name, homes, collectieve aanpassingen, scootmobielstalling gereed on)
COMPLEXEN_55 = {
    "WoonInvest": [("De Panden", 64, True, dt.date(2024, 5, 1)), ("Klaverweide", 88, True, None),
                   ("Hof van Rhijn", 52, True, None), ("Parkzicht", 40, True, None), ("Eikenhof", 36, False, None)],
    "Vidomes": [("Klaverhof", 44, True, dt.date(2025, 3, 14)), ("De Vliet", 30, True, None)],
}
JONGEREN = {"WoonInvest": [("Campus Vliet", 45), ("De Startblok", 42)], "Vidomes": [("Jong Damsigt", 48), ("Studio Essesteijn", 36)]}
GROOTTE = {"WoonInvest": 8500, "Vidomes": 2000}
# per corporation: (verhuringen of existing homes in 2026, extra per later year)
MUTATIES = {"WoonInvest": (360, 22), "Vidomes": (90, 6)}


@dataclass
class Wereld:
    jaar: int  # the year whose 1 January stock is in `woningen`
    woningen: dict[str, list[dict]]
    complexen_55: dict[str, list[dict]]
    volgnummer: dict[str, int] = field(default_factory=dict)


@dataclass
class Jaargegevens:
    begin: dict[str, list[dict]]
    eind: dict[str, list[dict]]
    verhuringen: dict[str, list[dict]]
    mutaties: dict[str, list[dict]]
    complexen_55: dict[str, list[dict]]


def _vhe(corp: str, n: int) -> str | int:
    return 100000 + n if corp == "WoonInvest" else f"40{n:05d}"


def _complex_id(corp: str, n: int) -> str | int:
    return 200 + n if corp == "WoonInvest" else f"C{1100 + n}"


def _label(rng: random.Random) -> str:
    return rng.choices(LABELS, LABEL_KANS)[0]


def _index(rng: random.Random, label: str) -> float | None:
    if rng.random() < 0.1:
        return None
    lo, hi = INDEX_BEREIK[label]
    return round(rng.uniform(lo, hi), 2)


def _huur(rng: random.Random, daeb: bool, soort: str) -> float:
    if not daeb:
        return round(rng.uniform(950, 1250), 2)
    if soort == "jongeren":
        return round(rng.uniform(420, 560), 2)
    u = rng.random()
    if u < 0.27:
        return round(rng.uniform(380, 498), 2)
    if u < 0.74:
        return round(rng.uniform(498, 713), 2)
    return round(rng.uniform(713, 928), 2)


def _nieuwe_woning(rng, corp, n, complex_id, naam, wijk, typ, soort, daeb, bouwjaar, label=None):
    label = label or _label(rng)
    return {
        "vhe_id": _vhe(corp, n), "complex_id": complex_id, "complex_naam": naam, "wijk": wijk,
        "woningtype": typ, "daeb": daeb, "label_55plus": soort == "55plus", "miva": False,
        "jongeren": soort == "jongeren", "kale_huur": _huur(rng, daeb, soort), "energielabel": label,
        "energie_index": _index(rng, label), "bouwjaar": bouwjaar,
    }


def startwereld() -> Wereld:
    """The seed world on 1 January 2026."""
    rng = random.Random(BASIS_SEED)
    woningen: dict[str, list[dict]] = {}
    complexen_55: dict[str, list[dict]] = {}
    volgnummer: dict[str, int] = {}
    for corp in CORPORATIES:
        lijst: list[dict] = []
        n = c = 0
        bijzonder = [(naam, aantal, "55plus") for naam, aantal, *_ in COMPLEXEN_55[corp]]
        bijzonder += [(naam, aantal, "jongeren") for naam, aantal in JONGEREN[corp]]
        complexen_55[corp] = []
        for naam, aantal, soort in bijzonder:
            c += 1
            cid = _complex_id(corp, c)
            wijk = rng.choice(WIJKEN)
            bouwjaar = rng.randint(1965, 2015)
            for _ in range(aantal):
                n += 1
                lijst.append(_nieuwe_woning(rng, corp, n, cid, naam, wijk, "meergezins", soort, True, bouwjaar))
            if soort == "55plus":
                spec = next(s for s in COMPLEXEN_55[corp] if s[0] == naam)
                complexen_55[corp].append({"complex_id": cid, "complex_naam": naam, "woningen": aantal,
                                           "collectieve_aanpassingen": spec[2], "scootmobielstalling": spec[3] is not None,
                                           "scootmobielstalling_gereed": spec[3],
                                           # designated for a stalling (afspraak 1.1.2-6): all but a complex
                                           # without collective adjustments and without a stalling
                                           "aangewezen_scootmobielstalling": spec[2] or spec[3] is not None})
        while n < GROOTTE[corp]:
            c += 1
            cid = _complex_id(corp, c)
            naam = f"{rng.choice(STRATEN)} {rng.choice(NAMEN)}"
            wijk = rng.choice(WIJKEN)
            typ = "eengezins" if rng.random() < 0.4 else "meergezins"
            daeb = rng.random() > 0.04
            if not daeb:
                typ = "eengezins"
            bouwjaar = rng.randint(1925, 2020)
            for _ in range(min(rng.randint(16, 140), GROOTTE[corp] - n)):
                n += 1
                lijst.append(_nieuwe_woning(rng, corp, n, cid, naam, wijk, typ, "regulier", daeb, bouwjaar))
        for w in rng.sample([w for w in lijst if w["woningtype"] == "meergezins" and w["daeb"]
                             and not w["jongeren"]], 9 if corp == "WoonInvest" else 5):
            w["miva"] = True
        woningen[corp] = lijst
        volgnummer[corp] = n
        volgnummer[f"{corp}_complex"] = c
    return Wereld(EERSTE_JAAR, woningen, complexen_55, volgnummer)


def _datum(rng: random.Random, jaar: int, vanaf: dt.date | None = None) -> dt.date:
    start = vanaf or dt.date(jaar, 1, 1)
    dagen = (dt.date(jaar, 12, 31) - start).days
    return start + dt.timedelta(days=rng.randint(0, max(dagen, 0)))


def _huishouden(rng: random.Random, jaar: int, doelgroep: str) -> dict:
    f = GRENSINDEX ** (jaar - EERSTE_JAAR)
    if doelgroep == "niet_daeb_pilot":
        grootte = rng.randint(6, 8)
    elif doelgroep in ("statushouder", "noodwoning"):
        grootte = rng.choice([1, 1, 2, 3, 4, 5])
    elif doelgroep == "woningdelen":
        grootte = 2
    else:
        grootte = rng.choices([1, 2, 3, 4, 5], [0.45, 0.25, 0.14, 0.11, 0.05])[0]
    grens = (29400 if grootte == 1 else 39925) * f
    if rng.random() < 0.82 or doelgroep != "regulier":
        inkomen = rng.uniform(0.45, 0.99) * grens
    else:
        inkomen = rng.uniform(1.0, 1.6) * grens
    aow = doelgroep == "regulier" and rng.random() < 0.18
    return {"huishoudgrootte": grootte, "inkomen": float(round(inkomen)), "aow_leeftijd": aow,
            "passend": inkomen <= grens}


def _deelsegment(w: dict) -> str:
    if w["jongeren"]:
        return "jongeren"
    if w["label_55plus"]:
        return "55plus"
    return w["woningtype"]


def _doelgroepen(corp: str, jaar: int, totaal: int) -> list[str]:
    groei = jaar - EERSTE_JAAR
    deel = 0.8 if corp == "WoonInvest" else 0.2
    aantallen = {
        "statushouder": round((56 + 5 * groei) * deel),
        "convenant": round(36 * deel) + (1 if corp == "WoonInvest" else 0),
        "noodwoning": (3 if corp == "WoonInvest" else 1) if groei == 0 else (1 if corp == "WoonInvest" else 0),
        "sociaal_medisch_urgent": round(22 * deel),
        "miva": 3 if corp == "WoonInvest" else 1,
        "woningdelen": 2 if corp == "WoonInvest" else 1,
        "niet_daeb_pilot": (2 if groei == 0 else 1) if corp == "WoonInvest" else 0,
    }
    lijst = [d for d, n in aantallen.items() for _ in range(n)]
    return lijst + ["regulier"] * (totaal - len(lijst))


def evolueer(wereld: Wereld) -> Jaargegevens:
    """Simulate one year on `wereld` (mutated in place to the next year's 1 January)."""
    jaar = wereld.jaar
    rng = random.Random(BASIS_SEED * 10 + jaar)
    f = GRENSINDEX ** (jaar - EERSTE_JAAR)
    begin = copy.deepcopy(wereld.woningen)
    verhuringen: dict[str, list[dict]] = {}
    mutaties: dict[str, list[dict]] = {}
    for corp in CORPORATIES:
        woningen = wereld.woningen[corp]
        muts: list[dict] = []
        regulier = [w for w in woningen if not (w["jongeren"] or w["label_55plus"] or w["miva"])]
        # sales and demolition
        verkocht = rng.sample([w for w in regulier if w["woningtype"] == "eengezins"], 8 if corp == "WoonInvest" else 4)
        weg = {id(w) for w in verkocht}
        for w in verkocht:
            muts.append({"vhe_id": w["vhe_id"], "mutatie": "verkoop", "datum": _datum(rng, jaar), "daeb": w["daeb"]})
        if corp == "WoonInvest" and jaar in (2027, 2029):
            cid = rng.choice(sorted({w["complex_id"] for w in regulier if w["bouwjaar"] < 1960}))
            sloopdatum = dt.date(jaar, 5, 15)
            for w in woningen:
                if w["complex_id"] == cid and id(w) not in weg:
                    weg.add(id(w))
                    muts.append({"vhe_id": w["vhe_id"], "mutatie": "sloop", "datum": sloopdatum, "daeb": w["daeb"]})
        # new build and a purchase
        nieuw: list[tuple[dict, dt.date]] = []
        aantal_nb = {"WoonInvest": {2026: 36, 2027: 48, 2028: 30, 2029: 40}, "Vidomes": {2027: 28, 2029: 24}}[corp].get(jaar, 0)
        if aantal_nb:
            wereld.volgnummer[f"{corp}_complex"] += 1
            cid = _complex_id(corp, wereld.volgnummer[f"{corp}_complex"])
            naam, wijk = f"Nieuwbouw {rng.choice(NAMEN)}", rng.choice(WIJKEN)
            oplevering = dt.date(jaar, rng.randint(3, 9), rng.randint(1, 28))
            for _ in range(aantal_nb):
                wereld.volgnummer[corp] += 1
                w = _nieuwe_woning(rng, corp, wereld.volgnummer[corp], cid, naam, wijk, "meergezins", "regulier",
                                   True, jaar, rng.choice(["A+++", "A++++"]))
                w["kale_huur"] = round(rng.uniform(600, 890) * f, 2)
                nieuw.append((w, oplevering))
                muts.append({"vhe_id": w["vhe_id"], "mutatie": "nieuwbouw", "datum": oplevering, "daeb": True})
        if corp == "WoonInvest" and jaar == 2026:
            for _ in range(2):
                wereld.volgnummer[corp] += 1
                w = _nieuwe_woning(rng, corp, wereld.volgnummer[corp], _complex_id(corp, 7), "Losse aankoop",
                                   rng.choice(WIJKEN), "eengezins", "regulier", True, 1998)
                datum = _datum(rng, jaar)
                nieuw.append((w, datum))
                muts.append({"vhe_id": w["vhe_id"], "mutatie": "aankoop", "datum": datum, "daeb": True})
        # lettings of existing homes
        beschikbaar = [w for w in woningen if id(w) not in weg]
        totaal = MUTATIES[corp][0] + MUTATIES[corp][1] * (jaar - EERSTE_JAAR)
        doelgroepen = _doelgroepen(corp, jaar, totaal)
        rng.shuffle(doelgroepen)
        gebruikt: set[int] = set()
        grens_laag = 713.02 * f

        def kies(pool):
            vrij = [w for w in pool if id(w) not in gebruikt]
            w = rng.choice(vrij)
            gebruikt.add(id(w))
            return w

        lijst: list[dict] = []
        for i, doelgroep in enumerate(doelgroepen):
            hh = _huishouden(rng, jaar, doelgroep)
            if doelgroep == "niet_daeb_pilot":
                w = kies([w for w in beschikbaar if not w["daeb"]])
            elif doelgroep == "miva":
                w = kies([w for w in beschikbaar if w["miva"]] or beschikbaar)
            else:
                pool = [w for w in beschikbaar if w["daeb"] and not w["miva"]]
                if hh["passend"] and rng.random() < 0.97:
                    pool = [w for w in pool if w["kale_huur"] <= grens_laag / HUURVERHOGING]
                w = kies(pool)
            datum = dt.date(jaar, 12, 31) if i < 3 else _datum(rng, jaar)
            huur = w["kale_huur"] * (HUURVERHOGING if datum >= dt.date(jaar, 7, 1) else 1)
            lijst.append(_verhuring(rng, w, datum, huur, hh, doelgroep, False))
        for w, oplevering in nieuw:
            if w["bouwjaar"] != jaar:
                continue
            doelgroep = "statushouder" if rng.random() < 0.1 else "regulier"
            hh = _huishouden(rng, jaar, doelgroep)
            lijst.append(_verhuring(rng, w, _datum(rng, jaar, oplevering), w["kale_huur"], hh, doelgroep, True))
        verhuringen[corp] = lijst
        mutaties[corp] = muts
        # year end: rent increase on 1 July, better labels, new homes in, sold/demolished out
        rest = [w for w in woningen if id(w) not in weg]
        for w in rest:
            w["kale_huur"] = round(w["kale_huur"] * HUURVERHOGING, 2)
            if w["energielabel"] in ("E", "F", "G") and rng.random() < 0.4:
                w["energielabel"] = rng.choice(["B", "C"])
                w["energie_index"] = _index(rng, w["energielabel"])
        wereld.woningen[corp] = rest + [w for w, _ in nieuw]
        # one more scootmobielstalling a year
        zonder = [c for c in wereld.complexen_55[corp] if not c["scootmobielstalling"]]
        if zonder and (corp == "WoonInvest" or jaar % 2 == 1):
            c = zonder[0]
            c["scootmobielstalling"], c["scootmobielstalling_gereed"] = True, dt.date(jaar, rng.randint(2, 11), 15)
    complexen = copy.deepcopy(wereld.complexen_55)
    wereld.jaar += 1
    return Jaargegevens(begin, copy.deepcopy(wereld.woningen), verhuringen, mutaties, complexen)


def _verhuring(rng, w, datum, huur, hh, doelgroep, nieuwbouw) -> dict:
    return {"vhe_id": w["vhe_id"], "datum_ingang": datum, "kale_huur": round(huur, 2),
            "huishoudgrootte": hh["huishoudgrootte"], "inkomen": hh["inkomen"], "aow_leeftijd": hh["aow_leeftijd"],
            "doelgroep": doelgroep, "deelsegment": _deelsegment(w), "nieuwbouw": nieuwbouw,
            "svh_conform": rng.random() < (0.97 if hh["passend"] else 0.6)}


def jaargegevens(jaar: int) -> Jaargegevens:
    """The synthetic world's data for one year (evolved from the fixed seed world)."""
    if not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
        raise ValueError(f"Demodata bestaat alleen voor {EERSTE_JAAR}-{LAATSTE_JAAR}, niet voor {jaar}")
    wereld = startwereld()
    while True:
        gegevens = evolueer(wereld)
        if wereld.jaar > jaar:
            return gegevens


def _vrijkomend(rng: random.Random, verhuringen: list[dict]) -> list[tuple[int, str, int]]:
    rijen = []
    for kwartaal in range(1, 5):
        for segment in ("jongeren", "55plus", "eengezins", "meergezins"):
            n = sum(1 for v in verhuringen if not v["nieuwbouw"] and v["deelsegment"] == segment
                    and (v["datum_ingang"].month - 1) // 3 + 1 == kwartaal)
            rijen.append((kwartaal, segment, n + rng.randint(0, 2)))
    return rijen


def _huurachterstand(rng: random.Random, corp: str) -> list[tuple[int, int, int, int, int]]:
    schaal = 1.0 if corp == "WoonInvest" else 0.24
    rijen = []
    for kwartaal in range(1, 5):
        aangezegd = rng.randint(2, 7) if corp == "WoonInvest" else rng.randint(0, 3)
        rijen.append((kwartaal, round(rng.randint(230, 290) * schaal), round(rng.randint(55, 90) * schaal),
                      aangezegd, rng.randint(0, min(aangezegd, 2))))
    return rijen


# ---------------------------------------------------------------------------- writers


def _nl_getal(x: float, decimalen: int = 2) -> str:
    tekst = f"{x:,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def _rommelig(rng: random.Random, label: str) -> str:
    """Vidomes labels: mixed case and stray spaces, as exported by hand."""
    return rng.choice([label, label.upper(), label.lower(), f" {label} ", f"{label} "])


def _schrijf_csv(pad: Path, kop: list[str], rijen: list[list], scheidingsteken: str, codering: str) -> Path:
    buf = io.StringIO()
    buf.write(f"# {DEMO_MARKER}\n")
    schrijver = csv.writer(buf, delimiter=scheidingsteken, lineterminator="\n")
    schrijver.writerow(kop)
    schrijver.writerows(rijen)
    pad.write_bytes(buf.getvalue().encode(codering))
    return pad


VIDOMES_DOELGROEP = {"regulier": "Regulier", "statushouder": "Statushouder", "convenant": "Convenant",
                     "sociaal_medisch_urgent": "Sociaal medisch urgent", "miva": "MIVA", "noodwoning": "Noodwoning",
                     "woningdelen": "Woningdelen", "niet_daeb_pilot": "Niet-DAEB pilot"}
VIDOMES_SEGMENT = {"jongeren": "Jongerenwoning", "55plus": "55+ woning", "eengezins": "Eengezinswoning",
                   "meergezins": "Meergezinswoning"}
WI_DOELGROEP = {"regulier": "REG", "statushouder": "STH", "convenant": "CONV", "sociaal_medisch_urgent": "SMU",
                "miva": "MIVA", "noodwoning": "NOOD", "woningdelen": "WDL", "niet_daeb_pilot": "NDP"}
WI_SEGMENT = {"jongeren": "JONG", "55plus": "SEN", "eengezins": "EGW", "meergezins": "MGW"}
WI_MUTATIE = {"verkoop": "VRK", "sloop": "SLP", "nieuwbouw": "NWB", "aankoop": "AANK"}


def _schrijf_vidomes(map_: Path, jaar: int, g: Jaargegevens, rng: random.Random) -> list[Path]:
    map_.mkdir(parents=True, exist_ok=True)
    corp = "Vidomes"

    def jn(b):
        return _rommelig(rng, "Ja" if b else "Nee")

    def datum(d):
        return "" if d is None else d.strftime("%d-%m-%Y")

    voorraad = []
    for peil, stand in ((dt.date(jaar, 1, 1), g.begin[corp]), (dt.date(jaar, 12, 31), g.eind[corp])):
        for w in stand:
            voorraad.append([datum(peil), w["vhe_id"], w["complex_id"], w["complex_naam"], w["wijk"],
                             "Eengezins" if w["woningtype"] == "eengezins" else "Meergezins", jn(w["daeb"]),
                             jn(w["label_55plus"]), jn(w["miva"]), jn(w["jongeren"]), _nl_getal(w["kale_huur"]),
                             w["energielabel"], "" if w["energie_index"] is None else _nl_getal(w["energie_index"]),
                             w["bouwjaar"]])
    verh = [[v["vhe_id"], datum(v["datum_ingang"]), _nl_getal(v["kale_huur"]), v["huishoudgrootte"],
             _nl_getal(v["inkomen"], 0), jn(v["aow_leeftijd"]), _rommelig(rng, VIDOMES_DOELGROEP[v["doelgroep"]]),
             VIDOMES_SEGMENT[v["deelsegment"]], jn(v["nieuwbouw"]), jn(v["svh_conform"])]
            for v in sorted(g.verhuringen[corp], key=lambda v: (v["datum_ingang"], v["vhe_id"]))]
    vrij = [[f"Q{k}", VIDOMES_SEGMENT[s], n] for k, s, n in _vrijkomend(rng, g.verhuringen[corp])]
    vrij.append(["Totaal", "", sum(r[2] for r in vrij)])
    muts = [[m["vhe_id"], m["mutatie"].capitalize(), datum(m["datum"]), jn(m["daeb"])] for m in g.mutaties[corp]]
    ha = [[f"Q{r[0]}", *r[1:]] for r in _huurachterstand(rng, corp)]
    ha.append(["Totaal", *[sum(r[i] for r in ha) for i in range(1, 5)]])
    comp = [[c["complex_id"], c["complex_naam"], c["woningen"], jn(c["collectieve_aanpassingen"]),
             jn(c["scootmobielstalling"]), datum(c["scootmobielstalling_gereed"]), jn(c["aangewezen_scootmobielstalling"])]
            for c in g.complexen_55[corp]]
    bestanden = [
        (f"voorraad_{jaar}.csv", _kop("vidomes", "voorraad"), voorraad),
        (f"verhuringen_{jaar}.csv", _kop("vidomes", "verhuringen"), verh),
        (f"vrijkomend_{jaar}.csv", _kop("vidomes", "vrijkomend"), vrij),
        (f"mutaties_{jaar}.csv", _kop("vidomes", "voorraadmutaties"), muts),
        (f"huurachterstand_{jaar}.csv", _kop("vidomes", "huurachterstand"), ha),
        (f"complexen_55plus_{jaar}.csv", _kop("vidomes", "complexen_55plus"), comp),
    ]
    return [_schrijf_csv(map_ / naam, kop, rijen, ";", "utf-8-sig") for naam, kop, rijen in bestanden]


def _contractkolommen(partij: str, tabel: str):
    """The columns of ``partij``'s file for ``tabel`` in its data contract
    (data/reference/contract/<partij>.yaml): the one place for the partners' column names."""
    from prestatiemonitor.contract import load_contract

    return next(b for b in load_contract().partijen[partij].bestanden
                if b.tabel == tabel and not b.alternatief_van).kolommen


def _kop(partij: str, tabel: str) -> list[str]:
    """The header row ``partij`` delivers for ``tabel``."""
    return [k.naam for k in _contractkolommen(partij, tabel)]


def _werkmap():
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "prestatiemonitor demo"
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 1, 1)
    return wb


def _blad(wb, naam: str, titels: list[str], kop: list[str], rijen: list[list]) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws = wb.create_sheet(naam)
    for titel in [DEMO_MARKER, *titels]:
        ws.append([titel])
    ws.append([])
    ws.append(kop)
    for rij in rijen:
        uit = []
        for w in rij:
            if isinstance(w, dt.date):
                cel = WriteOnlyCell(ws, value=dt.datetime(w.year, w.month, w.day))
                cel.number_format = "DD-MM-YYYY"
                uit.append(cel)
            else:
                uit.append(w)
        ws.append(uit)


def _schrijf_wooninvest(map_: Path, jaar: int, g: Jaargegevens, rng: random.Random) -> list[Path]:
    map_.mkdir(parents=True, exist_ok=True)
    corp = "WoonInvest"

    def jn(b):
        return "J" if b else "N"

    wb = _werkmap()
    voorraad = []
    for peil, stand in ((dt.date(jaar, 1, 1), g.begin[corp]), (dt.date(jaar, 12, 31), g.eind[corp])):
        for w in stand:
            voorraad.append([peil, w["vhe_id"], w["complex_id"], w["complex_naam"], w["wijk"],
                             "EGW" if w["woningtype"] == "eengezins" else "MGW", jn(w["daeb"]), jn(w["label_55plus"]),
                             jn(w["miva"]), jn(w["jongeren"]), w["kale_huur"], w["energielabel"], w["energie_index"],
                             w["bouwjaar"]])
    _blad(wb, "Voorraad", [f"WoonInvest — voorraad per peildatum, verslagjaar {jaar}", "Bron: vastgoedsysteem (export)"],
          _kop("wooninvest", "voorraad"), voorraad)
    verh = [[v["vhe_id"], v["datum_ingang"], v["kale_huur"], v["huishoudgrootte"], v["inkomen"], jn(v["aow_leeftijd"]),
             WI_DOELGROEP[v["doelgroep"]], WI_SEGMENT[v["deelsegment"]], jn(v["nieuwbouw"]), jn(v["svh_conform"])]
            for v in sorted(g.verhuringen[corp], key=lambda v: (v["datum_ingang"], v["vhe_id"]))]
    _blad(wb, "Verhuringen", [f"WoonInvest — verhuringen {jaar}"], _kop("wooninvest", "verhuringen"), verh)
    _blad(wb, "Vrijkomend", [], _kop("wooninvest", "vrijkomend"),
          [[f"{jaar}-Q{k}", WI_SEGMENT[s], n] for k, s, n in _vrijkomend(rng, g.verhuringen[corp])])
    _blad(wb, "Mutaties", [], _kop("wooninvest", "voorraadmutaties"),
          [[m["vhe_id"], WI_MUTATIE[m["mutatie"]], m["datum"], jn(m["daeb"])] for m in g.mutaties[corp]])
    _blad(wb, "Huurachterstand", [], _kop("wooninvest", "huurachterstand"),
          [[f"{jaar}-Q{r[0]}", *r[1:]] for r in _huurachterstand(rng, corp)])
    _blad(wb, "Complexen55plus", [], _kop("wooninvest", "complexen_55plus"),
          [[c["complex_id"], c["complex_naam"], c["woningen"], jn(c["collectieve_aanpassingen"]),
            jn(c["scootmobielstalling"]), c["scootmobielstalling_gereed"], jn(c["aangewezen_scootmobielstalling"])]
           for c in g.complexen_55[corp]])
    pad = map_ / f"wooninvest_{jaar}.xlsx"
    wb.save(pad)
    return [pad]


MIJLPALEN = [
    # afspraak (register id), omschrijving, deadline, gereed (None = not yet), recurs yearly.
    # The gemeente reports every milestone each year, also those finished in an earlier year.
    ("1.1.2-1", "Uitvoeringsagenda Wonen, Welzijn en Zorg vastgesteld door het college", dt.date(2026, 9, 30), dt.date(2026, 9, 22), False),
    ("1.1.3-c", "Overzicht 55+-wooncomplexen met collectieve woningaanpassingen aangeleverd", dt.date(2026, 6, 30), dt.date(2026, 6, 18), False),
    ("1.1.2-4a", "Afspraken onderhoud en vervanging collectieve aanpassingen vastgelegd", dt.date(2026, 12, 31), dt.date(2026, 4, 14), False),
    ("1.1.2-4b", "Werkwijze Wmo-meldingen collectieve toegankelijkheid toegepast", dt.date(2026, 12, 31), dt.date(2026, 12, 15), True),
    ("1.1.2-5", "Samenwerkingsovereenkomst 55+-complexen met directe bemiddeling gesloten", dt.date(2029, 12, 31), dt.date(2026, 11, 20), False),
    ("1.1.2-8b", "Maatschappelijke partners betrokken bij toewijzing MIVA-woningen", dt.date(2026, 12, 31), dt.date(2026, 5, 15), True),
    ("1.1.2-9", "Doorstroommakelaar ingezet voor bewoners van MIVA-woningen", dt.date(2026, 12, 31), dt.date(2026, 2, 1), True),
    ("1.2.2-14", "Communicatie over schuldhulpverlening naar huurders", dt.date(2026, 12, 31), dt.date(2026, 4, 30), True),
    ("1.2.2-15", "Onderzoek koppeling servicepunten aan de corporaties", dt.date(2029, 12, 31), dt.date(2027, 3, 1), False),
    ("1.3.2-22", "Overleg bij aanvragen vergunning kamerverhuur", dt.date(2026, 12, 31), dt.date(2026, 10, 1), True),
    ("1.3.2-24", "Niet-DAEB-woningen toegewezen volgens werkwijze statushouders", dt.date(2026, 12, 31), dt.date(2026, 8, 1), True),
    ("1.3.2-25", "Regionaal overleg uitruil statushouders en zorgdoelgroepen", dt.date(2026, 12, 31), dt.date(2026, 11, 5), True),
    ("1.3.2-27", "Samenwerkingsovereenkomst woningdelen statushouders gesloten", dt.date(2029, 12, 31), dt.date(2026, 5, 20), False),
    ("1.3.2-28", "Evaluatie pilot woningdelen statushouders (1 jaar na eerste verhuring)", dt.date(2027, 9, 30), dt.date(2027, 10, 20), False),
    ("1.3.2-29", "Extra begeleiding en sociaal beheer bij verhoogde sociale druk", dt.date(2026, 12, 31), dt.date(2026, 6, 1), True),
    ("1.3.2-30a", "Herijking plan van aanpak personen met verward gedrag", dt.date(2026, 12, 31), dt.date(2026, 10, 10), False),
    ("1.3.2-30b", "Deelname corporaties aan Gebundelde Kracht", dt.date(2026, 12, 31), dt.date(2026, 3, 15), True),
    ("1.3.2-30c", "Signalen zorgwekkend gedrag gemeld bij Meldpunt Bezorgd", dt.date(2026, 12, 31), dt.date(2026, 12, 31), True),
    ("1.3.2-30d", "Voorlichtingsbijeenkomst Bemiddeling & Mediation bijgewoond", dt.date(2026, 12, 31), dt.date(2026, 10, 8), False),
    ("1.3.2-31", "Onderzoek huisvesting spoedzoekers", dt.date(2026, 6, 30), dt.date(2027, 2, 15), False),
    ("1.3.2-32", "Verkenning nieuw woonconcept voor aandachtsgroepen (Vidomes en gemeente)", dt.date(2026, 9, 30), dt.date(2026, 9, 29), False),
    ("2.2.2-7b", "Doorstroming gestimuleerd via Lokaal Maatwerk", dt.date(2026, 12, 31), dt.date(2026, 6, 30), True),
    ("2.2.2-7c", "Communicatie over passende woonprojecten", dt.date(2026, 12, 31), None, True),
    ("3.4", "Projectenoverzicht Taskforce Sociale Woningbouw geactualiseerd", dt.date(2026, 12, 31), dt.date(2026, 11, 30), True),
]
# Half-yearly obligations: one row per half year, deadline 30 June / 31 December, done on (month, day);
# TE_LAAT: a half year that was done after its deadline (the demo shows a late half year in 2027).
HALFJAARLIJKS = [
    ("1.1.2-8", "Halfjaaroverzicht toegewezen MIVA-woningen van beide corporaties ontvangen", {"H1": (6, 26), "H2": (12, 20)}),
    ("1.3.2-20", "Niet benutte convenantwoningen toegewezen aan statushouders", {"H1": (6, 24), "H2": (12, 18)}),
]
TE_LAAT = {(2027, "1.1.2-8", "H1"): (7, 8)}
# The year before the first monitor year (2025): vrijgekomen woningen per corporation, for afspraak 1.3.2-19.
VRIJGEKOMEN_2025 = {"Vidomes": 98, "WoonInvest": 366}


def _schrijf_gemeente(map_: Path, jaar: int, g: Jaargegevens | None, rng: random.Random,
                     factor: float = 1.0) -> list[Path]:
    map_.mkdir(parents=True, exist_ok=True)
    groei = jaar - EERSTE_JAAR
    rijen = [
        ["Aantal flatcoaches", "Heel jaar", "Gemeente", 3 if groei == 0 else 4, "aantal", "uitbreiding van 3 naar 4"],
        ["Bijdrage flatcoach", "Heel jaar", "Gemeente", 60000, "euro", None],
        ["Bijdrage flatcoach", "Heel jaar", "Vidomes", 40000 + 5000 * groei, "euro", None],
        ["Bijdrage flatcoach", "Heel jaar", "WoonInvest", 60000, "euro", None],
        ["Bijdrage seniorenmakelaar", "Heel jaar", "Gemeente", 60000, "euro", None],
        ["Wachtlijst MIVA", "Heel jaar", "Totaal", 18 + rng.randint(0, 8), "huishoudens", "stand op 31 december"],
        ["Taakstelling statushouders", "1e halfjaar", "Gemeente", 58 + 2 * groei, "personen", None],
        ["Taakstelling statushouders", "2e halfjaar", "Gemeente", 63 + 2 * groei, "personen", None],
        ["Meldingen vroegsignalering", "Heel jaar", "Totaal", rng.randint(380, 460), "meldingen", "alle vroegsignalen (ook energie en zorgverzekering)"],
        ["Voorlichtingsbijeenkomsten", "Heel jaar", "Gemeente", 1, "aantal", None],
        ["Spreekuren geldzorgen", "Heel jaar", "Gemeente", rng.randint(8, 12), "aantal", "gezamenlijke spreekuren met de corporaties"],
    ]
    for k in range(1, 5):
        rijen.append(["Overleggen vroegsignalering", f"Q{k}", "Gemeente", rng.choice([2, 3, 3, 3]), "aantal", "maandelijks overleg"])
        rijen.append(["Overleggen Voorkomen Uithuiszettingen", f"Q{k}", "Gemeente", 1, "aantal", None])
    # No rng below: adding rows must not shift the random draws of the rows above.
    rijen += [
        ["Gerealiseerde woonzorgvormen", "Heel jaar", "Totaal", 1 + groei, "aantal", "cumulatief sinds 2026"],
        ["Deelname bijeenkomst minimaregelingen", "Heel jaar", "Vidomes", 1, "ja/nee", None],
        ["Deelname bijeenkomst minimaregelingen", "Heel jaar", "WoonInvest", 1, "ja/nee", None],
        ["Beschikbare noodwoningen", "Heel jaar", "Totaal", 4, "aantal", "stand op 31 december"],
        # CBS StatLine 85035NED: 37.861 dwellings on 1 January 2025; about +150 a year.
        ["Woningvoorraad gemeente", "Heel jaar", "Totaal", 37900 + 150 * groei, "aantal",
         "CBS StatLine 85035NED, stand 1 januari"],
        ["Wijkschouwen", "Heel jaar", "Gemeente", 6 + groei % 2, "aantal", None],
        ["Overleggen leefbaarheid", "Heel jaar", "Gemeente", 4, "aantal", "wijkgericht werken"],
        ["Bewonersinitiatieven", "Heel jaar", "Totaal", 11 + 2 * groei, "aantal", "ondersteunde initiatieven"],
    ]
    if jaar == EERSTE_JAAR:  # the monitor has no run of 2025: its mutaties come as a kengetal (afspraak 1.3.2-19)
        rijen += [["Vrijgekomen woningen vorig jaar", "Heel jaar", c, n, "aantal", f"mutaties {jaar - 1}"]
                  for c, n in VRIJGEKOMEN_2025.items()]
        rijen.append(["Vrijgekomen woningen vorig jaar", "Heel jaar", "Totaal", sum(VRIJGEKOMEN_2025.values()), "aantal",
                      f"mutaties {jaar - 1}"])
    if factor != 1.0:  # larger scales: counts grow with the size of the stock (amounts in euro do not)
        for r in rijen:
            if r[4] in ("aantal", "huishoudens", "personen", "meldingen") and r[0] not in ("Voorlichtingsbijeenkomsten",
                                                                                         "Vrijgekomen woningen vorig jaar"):
                r[3] = max(1, round(r[3] * factor))
    wb = _werkmap()
    _blad(wb, "Kengetallen", [f"Gemeente Leidschendam-Voorburg — kengetallen prestatieafspraken {jaar}"],
          _kop("gemeente", "gemeente_kengetallen"), rijen)
    kengetallen = map_ / f"kengetallen_{jaar}.xlsx"
    wb.save(kengetallen)
    mijl = []
    for afspraak, omschrijving, deadline, gereed, jaarlijks in MIJLPALEN:
        if jaarlijks:
            deadline = deadline.replace(year=jaar)
            gereed = gereed.replace(year=jaar) if gereed else None
        if gereed is not None and gereed.year > jaar:
            gereed = None  # not yet done at the end of this report year
        mijl.append([afspraak, omschrijving, deadline.isoformat(), gereed.isoformat() if gereed else "",
                     "nog niet gereed" if gereed is None else ""])
    for afspraak, omschrijving, perioden in HALFJAARLIJKS:
        for periode, (maand, dag) in perioden.items():
            maand, dag = TE_LAAT.get((jaar, afspraak, periode), (maand, dag))
            deadline = dt.date(jaar, 6, 30) if periode == "H1" else dt.date(jaar, 12, 31)
            mijl.append([afspraak, f"{omschrijving} ({periode})", deadline.isoformat(), dt.date(jaar, maand, dag).isoformat(),
                         "te laat" if dt.date(jaar, maand, dag) > deadline else ""])
    mijlpalen = _schrijf_csv(map_ / f"mijlpalen_{jaar}.csv", _kop("gemeente", "mijlpalen"), mijl, ",", "cp1252")
    return [kengetallen, mijlpalen]


LEESMIJ = """{marker}

Deze map bevat SYNTHETISCHE DEMODATA voor het verslagjaar {jaar}, gemaakt door
`prestatiemonitor demo {jaar}` (prestatiemonitor.demo). Er staan geen echte huurders,
woningen of bedragen in. De bestanden volgen het datacontract in data/raw/README.md:
vidomes/ (CSV), wooninvest/ (Excel) en gemeente/ (Excel en CSV).
"""


def write_demo(jaar: int, raw_root: Path = paths.RAW, *, als_leeg: bool = False, schaal: str = "lv") -> list[Path]:
    """Write the synthetic delivery for `jaar` into raw_root/<jaar>/<partij>/ (deterministic per jaar).

    With als_leeg=True nothing happens when raw_root/<jaar>/ already holds files. ``schaal``
    "haaglanden" or "nationaal" writes a delivery of that size instead of Leidschendam-Voorburg.
    """
    if schaal not in SCHALEN:
        raise ValueError(f"Onbekende schaal '{schaal}' (kies uit {', '.join(SCHALEN)})")
    jaarmap = Path(raw_root) / str(jaar)
    if als_leeg and jaarmap.is_dir() and any(p.is_file() for p in jaarmap.rglob("*")):
        return []
    if schaal != "lv":
        if not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
            raise ValueError(f"Demodata bestaat alleen voor {EERSTE_JAAR}-{LAATSTE_JAAR}, niet voor {jaar}")
        jaarmap.mkdir(parents=True, exist_ok=True)
        woningen, verhuringen = SCHALEN[schaal]
        leesmij = jaarmap / "LEESMIJ.txt"
        leesmij.write_text(LEESMIJ.format(marker=DEMO_MARKER, jaar=jaar) + LEESMIJ_SCHAAL.format(
            naam=SCHAAL_NAAM[schaal], jaar=jaar, schaal=schaal, woningen=_nl(woningen), verhuringen=_nl(verhuringen),
            vidomes=_nl(round(woningen * AANDEEL["Vidomes"])), wooninvest=_nl(round(woningen * AANDEEL["WoonInvest"])),
            csv=", ".join(f"wooninvest_{jaar}_{b.lower()}.csv" for b in CSV_ALTERNATIEF)), encoding="utf-8")
        return [leesmij, *_schrijf_schaal(jaarmap, jaar, schaal)]
    g = jaargegevens(jaar)
    rng = random.Random(BASIS_SEED * 100 + jaar)
    jaarmap.mkdir(parents=True, exist_ok=True)
    leesmij = jaarmap / "LEESMIJ.txt"
    leesmij.write_text(LEESMIJ.format(marker=DEMO_MARKER, jaar=jaar), encoding="utf-8")
    paden = [leesmij]
    paden += _schrijf_vidomes(jaarmap / "vidomes", jaar, g, rng)
    paden += _schrijf_wooninvest(jaarmap / "wooninvest", jaar, g, rng)
    paden += _schrijf_gemeente(jaarmap / "gemeente", jaar, g, rng)
    paden += _schrijf_reacties(jaarmap, jaar)
    return paden


# Synthetic reactions of three of the five parties (WoonInvest and the Huurdersraad Vidomes send none,
# so the report shows "geen reactie ontvangen" too). Plain Markdown within the rules of prestatiemonitor.reacties.
REACTIES = {
    "gemeente": (
        "Synthetische demoreactie van de gemeente over {jaar}.\n\n"
        "De gemeente herkent het beeld van de monitor. Het onderzoek naar de huisvesting van spoedzoekers liep "
        "later af dan afgesproken; de resultaten zijn met de partijen besproken.\n\n"
        "Voor het komende jaar willen wij:\n\n"
        "- de halfjaaroverzichten eerder ontvangen;\n"
        "- de normen voor de thema's 3 tot en met 5 samen vastleggen."
    ),
    "vidomes": (
        "Synthetische demoreactie van Vidomes over {jaar}.\n\n"
        "Vidomes is *tevreden* over de toewijzingen aan aandachtsgroepen: per deelsegment bleven wij onder de 30%. "
        "Ons saldo van verkoop en nieuwbouw was in 2026 negatief; met de nieuwbouw vanaf 2027 maken wij dat goed."
    ),
    "respectus": (
        "Synthetische demoreactie van Huurdersvereniging Respectus over {jaar}.\n\n"
        "Wij vragen aandacht voor huurders met een huurachterstand (<10 ontruimingen is nog steeds te veel) en voor "
        "de betaalbaarheid na de huurverhoging van 1 juli."
    ),
}


def _schrijf_reacties(jaarmap: Path, jaar: int) -> list[Path]:
    from prestatiemonitor.reacties import BESTAND

    paden = []
    for map_, tekst in REACTIES.items():
        pad = jaarmap / map_ / BESTAND
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(tekst.format(jaar=jaar) + "\n", encoding="utf-8")
        paden.append(pad)
    return paden


# ---------------------------------------------------------------------------- larger scales
#
# `demo --schaal haaglanden|nationaal`: the same two corporations and the gemeente, scaled up to the
# size of the Haaglanden region or the Netherlands, to measure the pipeline at that size. Generated
# with numpy (no per-row Python) and written with pandas; deterministic per (schaal, jaar). These
# deliveries are a single year each (no evolving world): the stock on 31 December is the stock on
# 1 January minus sales plus new build, with the rent increase and label improvements applied.
# WoonInvest's two big tables come as the CSV alternative of their sheet (data/raw/README.md).

SCHALEN = {"lv": None, "haaglanden": (142_000, 8_000), "nationaal": (2_300_000, 200_000)}  # homes, lettings
SCHAAL_NAAM = {"haaglanden": "de regio Haaglanden", "nationaal": "heel Nederland"}
AANDEEL = {"WoonInvest": 8500 / 10500, "Vidomes": 2000 / 10500}
CSV_ALTERNATIEF = ("Voorraad", "Verhuringen")  # WoonInvest sheets delivered as <bestand>_<blad>.csv

LEESMIJ_SCHAAL = """
SCHAAL: {naam}. Dit is geen levering van Leidschendam-Voorburg maar een meetlevering op de schaal
van {naam} (`prestatiemonitor demo {jaar} --schaal {schaal}`): dezelfde partijen uit het
datacontract, maar Vidomes ({vidomes} woningen) en WoonInvest ({wooninvest} woningen) zijn
opgeschaald tot samen ongeveer {woningen} woningen en {verhuringen} verhuringen in het jaar; de
gemeentelijke kengetallen zijn naar verhouding meegeschaald. WoonInvest levert de bladen
Voorraad en Verhuringen als CSV-alternatief ({csv}); de overige bladen staan in de werkmap.
"""


def _nl(getal: int) -> str:
    return f"{getal:,}".replace(",", ".")


def _schaal_corporatie(corp: str, n: int, n_verh: int, jaar: int, rng) -> dict:
    """Stock (begin, end), lettings, mutations, 55+ complexes and quarterly tables of one corporation."""
    import numpy as np
    import pandas as pd

    f = GRENSINDEX ** (jaar - EERSTE_JAAR)
    # complexes of about 80 homes; each complex has one type, DAEB status, build year, wijk and kind
    n_comp = max(n // 80, 20)
    comp_van = np.sort(rng.integers(0, n_comp, n))
    eengezins_c = rng.random(n_comp) < 0.4
    daeb_c = rng.random(n_comp) > 0.04
    eengezins_c |= ~daeb_c
    soort_c = np.where(rng.random(n_comp) < 0.04, 1, np.where(rng.random(n_comp) < 0.02, 2, 0))  # 1 55+, 2 jongeren
    soort_c[~daeb_c | eengezins_c] = 0
    bouwjaar_c = rng.integers(1925, 2021, n_comp)
    wijk_c = rng.integers(0, len(WIJKEN), n_comp)
    naam_c = np.array([f"{STRATEN[c % len(STRATEN)]} {NAMEN[(c // len(STRATEN)) % len(NAMEN)]} {c // 150 + 1}"
                       for c in range(n_comp)], dtype=object)
    naam_c[soort_c == 1] = [f"Seniorenhof {i + 1}" for i in range((soort_c == 1).sum())]
    naam_c[soort_c == 2] = [f"Jongerenhuis {i + 1}" for i in range((soort_c == 2).sum())]
    if corp == "WoonInvest":
        cid_c = (200 + np.arange(n_comp)).astype(object)
        vhe = (100001 + np.arange(n)).astype(object)
    else:
        cid_c = np.array([f"C{1100 + c}" for c in range(n_comp)], dtype=object)
        vhe = np.array([f"40{i:05d}" for i in range(1, n + 1)], dtype=object)
    soort = soort_c[comp_van]
    daeb = daeb_c[comp_van]
    eengezins = eengezins_c[comp_van]
    miva = (~eengezins) & daeb & (soort == 0) & (rng.random(n) < 0.001)
    u = rng.random(n)
    huur = np.where(u < 0.27, rng.uniform(380, 498, n), np.where(u < 0.74, rng.uniform(498, 713, n), rng.uniform(713, 880, n)))
    huur = np.where(soort == 2, rng.uniform(420, 560, n), huur)
    huur = np.where(daeb, huur, rng.uniform(950, 1250, n)).round(2)
    label = rng.choice(np.array(LABELS, dtype=object), n, p=LABEL_KANS)
    pos = pd.Series(label).map({x: i for i, x in enumerate(LABELS)}).to_numpy()
    lo = np.array([INDEX_BEREIK[x][0] for x in LABELS])[pos]
    hi = np.array([INDEX_BEREIK[x][1] for x in LABELS])[pos]
    index = (lo + rng.random(n) * (hi - lo)).round(2)
    index[rng.random(n) < 0.1] = np.nan
    begin = pd.DataFrame({
        "vhe_id": vhe, "complex_id": cid_c[comp_van], "complex_naam": naam_c[comp_van], "wijk": np.array(WIJKEN, dtype=object)[wijk_c[comp_van]],
        "eengezins": eengezins, "daeb": daeb, "label_55plus": soort == 1, "miva": miva, "jongeren": soort == 2,
        "kale_huur": huur, "energielabel": label, "energie_index": index, "bouwjaar": bouwjaar_c[comp_van],
    })
    # sales (regular single-family homes) and new build (new complexes of 60 homes, delivered in the year)
    kandidaat = np.flatnonzero(eengezins & (soort == 0) & ~miva)
    verkocht = np.sort(rng.choice(kandidaat, max(1, n // 1000), replace=False))
    n_nieuw = max(60, (n * 4 // 1000) // 60 * 60)
    nieuw_comp = np.arange(n_comp, n_comp + n_nieuw // 60).repeat(60)
    if corp == "WoonInvest":
        nieuw_vhe = (100001 + n + np.arange(n_nieuw)).astype(object)
        nieuw_cid = (200 + nieuw_comp).astype(object)
    else:
        nieuw_vhe = np.array([f"40{i:05d}" for i in range(n + 1, n + n_nieuw + 1)], dtype=object)
        nieuw_cid = np.array([f"C{1100 + c}" for c in nieuw_comp], dtype=object)
    nieuw_label = rng.choice(np.array(["A+++", "A++++"], dtype=object), n_nieuw)
    nieuw = pd.DataFrame({
        "vhe_id": nieuw_vhe, "complex_id": nieuw_cid, "complex_naam": [f"Nieuwbouw {NAMEN[c % len(NAMEN)]} {c}" for c in nieuw_comp],
        "wijk": np.array(WIJKEN, dtype=object)[nieuw_comp % len(WIJKEN)], "eengezins": False, "daeb": True,
        "label_55plus": False, "miva": False, "jongeren": False, "kale_huur": (rng.uniform(600, 890, n_nieuw) * f).round(2),
        "energielabel": nieuw_label, "energie_index": np.where(nieuw_label == "A++++", rng.uniform(0.3, 0.5, n_nieuw),
                                                               rng.uniform(0.4, 0.6, n_nieuw)).round(2),
        "bouwjaar": jaar,
    })
    maand = rng.integers(3, 10, n_nieuw // 60).repeat(60)
    oplevering = pd.to_datetime({"year": np.full(n_nieuw, jaar), "month": maand, "day": np.full(n_nieuw, 1)})
    # lettings of existing homes: without replacement, cheap homes for households with a passend income
    weg = np.zeros(n, bool)
    weg[verkocht] = True
    n_nb = n_nieuw
    n_best = max(n_verh - n_nb, 100)
    deel = {"statushouder": 0.125, "convenant": 0.08, "sociaal_medisch_urgent": 0.05, "noodwoning": 0.005,
            "woningdelen": 0.004, "niet_daeb_pilot": 0.003, "miva": 0.006}
    aantallen = {d: max(1, round(p * n_best)) for d, p in deel.items()}
    aantallen["miva"] = min(aantallen["miva"], int(miva.sum()))
    aantallen["niet_daeb_pilot"] = min(aantallen["niet_daeb_pilot"], int((~daeb).sum()))
    aantallen["regulier"] = n_best - sum(aantallen.values())
    doelgroep = np.concatenate([np.full(a, d, dtype=object) for d, a in aantallen.items()])
    rng.shuffle(doelgroep)
    grens_laag = 713.02 * f / HUURVERHOGING
    gekozen = np.full(n_best, -1)
    vrij = ~weg
    for d, pool in (("niet_daeb_pilot", ~daeb), ("miva", miva)):
        plek = np.flatnonzero(doelgroep == d)
        kies = rng.choice(np.flatnonzero(vrij & pool), len(plek), replace=False)
        gekozen[plek], vrij[kies] = kies, False
    overig = np.flatnonzero(gekozen < 0)
    inkomen_factor = np.where((rng.random(n_best) < 0.82) | (doelgroep != "regulier"),
                              rng.uniform(0.45, 0.99, n_best), rng.uniform(1.0, 1.6, n_best))
    passend = inkomen_factor <= 1.0
    goedkoop = np.flatnonzero(vrij & daeb & ~miva & (huur <= grens_laag))
    rng.shuffle(goedkoop)
    wil_goedkoop = overig[passend[overig] & (rng.random(len(overig)) < 0.97)]
    wil_goedkoop = wil_goedkoop[:len(goedkoop)]
    gekozen[wil_goedkoop] = goedkoop[:len(wil_goedkoop)]
    vrij[goedkoop[:len(wil_goedkoop)]] = False
    rest = np.flatnonzero(gekozen < 0)
    gekozen[rest] = rng.choice(np.flatnonzero(vrij & daeb & ~miva), len(rest), replace=False)
    # households
    grootte = rng.choice([1, 2, 3, 4, 5], n_best, p=[0.45, 0.25, 0.14, 0.11, 0.05])
    grootte = np.where(doelgroep == "niet_daeb_pilot", rng.integers(6, 9, n_best), grootte)
    grootte = np.where(doelgroep == "woningdelen", 2, grootte)
    grens = np.where(grootte == 1, 29400, 39925) * f
    dag = rng.integers(0, (dt.date(jaar, 12, 31) - dt.date(jaar, 1, 1)).days + 1, n_best)
    datum = pd.Timestamp(jaar, 1, 1) + pd.to_timedelta(dag, unit="D")
    w = begin.iloc[gekozen]
    bestaand = pd.DataFrame({
        "vhe_id": w["vhe_id"].to_numpy(), "datum_ingang": datum,
        "kale_huur": (w["kale_huur"].to_numpy() * np.where(datum >= pd.Timestamp(jaar, 7, 1), HUURVERHOGING, 1)).round(2),
        "huishoudgrootte": grootte, "inkomen": (inkomen_factor * grens).round(),
        "aow_leeftijd": (doelgroep == "regulier") & (rng.random(n_best) < 0.18), "doelgroep": doelgroep,
        "deelsegment": np.where(w["jongeren"], "jongeren", np.where(w["label_55plus"], "55plus",
                                                                     np.where(w["eengezins"], "eengezins", "meergezins"))),
        "nieuwbouw": False, "svh_conform": rng.random(n_best) < np.where(passend, 0.97, 0.6),
    })
    nb_dag = rng.integers(0, 60, n_nieuw)
    nb_datum = (oplevering + pd.to_timedelta(nb_dag, unit="D")).clip(upper=pd.Timestamp(jaar, 12, 31))
    nb_grootte = rng.choice([1, 2, 3, 4, 5], n_nieuw, p=[0.45, 0.25, 0.14, 0.11, 0.05])
    nb_doel = np.where(rng.random(n_nieuw) < 0.1, "statushouder", "regulier").astype(object)
    nb_factor = rng.uniform(0.45, 0.99, n_nieuw)
    nieuwbouw = pd.DataFrame({
        "vhe_id": nieuw_vhe, "datum_ingang": nb_datum.to_numpy(), "kale_huur": nieuw["kale_huur"].to_numpy(),
        "huishoudgrootte": nb_grootte, "inkomen": (nb_factor * np.where(nb_grootte == 1, 29400, 39925) * f).round(),
        "aow_leeftijd": False, "doelgroep": nb_doel, "deelsegment": "meergezins", "nieuwbouw": True,
        "svh_conform": rng.random(n_nieuw) < 0.97,
    })
    verhuringen = pd.concat([bestaand, nieuwbouw], ignore_index=True).sort_values(["datum_ingang", "vhe_id"], kind="stable")
    # end of year: rent increase, better labels, sold homes out, new homes in
    eind = begin.loc[~weg].copy()
    eind["kale_huur"] = (eind["kale_huur"] * HUURVERHOGING).round(2)
    beter = eind["energielabel"].isin(["E", "F", "G"]).to_numpy() & (rng.random(len(eind)) < 0.4)
    nieuw_lab = rng.choice(np.array(["B", "C"], dtype=object), int(beter.sum()))
    eind.loc[beter, "energielabel"] = nieuw_lab
    eind.loc[beter, "energie_index"] = np.where(nieuw_lab == "B", rng.uniform(1.2, 1.4, len(nieuw_lab)),
                                                rng.uniform(1.4, 1.8, len(nieuw_lab))).round(2)
    eind = pd.concat([eind, nieuw], ignore_index=True)
    verkoop_dag = rng.integers(0, 365, len(verkocht))
    mutaties = pd.DataFrame({
        "vhe_id": np.concatenate([begin["vhe_id"].to_numpy()[verkocht], nieuw_vhe]),
        "mutatie": ["verkoop"] * len(verkocht) + ["nieuwbouw"] * n_nieuw,
        "datum": np.concatenate([(pd.Timestamp(jaar, 1, 1) + pd.to_timedelta(verkoop_dag, unit="D")).to_numpy(),
                                 oplevering.to_numpy()]),
        "daeb": np.concatenate([begin["daeb"].to_numpy()[verkocht], np.ones(n_nieuw, bool)]),
    })
    # quarterly tables
    kwartaal = (bestaand["datum_ingang"].dt.month - 1) // 3 + 1
    telling = bestaand.groupby([kwartaal, bestaand["deelsegment"]]).size()
    vrijkomend = [(k, s, int(telling.get((k, s), 0)) + int(rng.integers(0, 3)))
                  for k in range(1, 5) for s in ("jongeren", "55plus", "eengezins", "meergezins")]
    schaal = n / 8500
    huurachterstand = []
    for k in range(1, 5):
        aangezegd = min(int(rng.integers(2, 8) * schaal), 499)
        huurachterstand.append((k, min(round(rng.integers(230, 291) * schaal), 4999),
                                min(round(rng.integers(55, 91) * schaal), 4999), aangezegd,
                                int(rng.integers(0, min(aangezegd, 2) + 1))))
    c55 = np.flatnonzero(soort_c == 1)
    aantal = np.bincount(comp_van, minlength=n_comp)
    complexen = [{"complex_id": cid_c[c], "complex_naam": naam_c[c], "woningen": int(min(aantal[c], 2000)),
                  "collectieve_aanpassingen": bool(i % 5), "scootmobielstalling": i % 3 == 0,
                  "scootmobielstalling_gereed": dt.date(jaar - 1, 5, 1) if i % 3 == 0 else None,
                  "aangewezen_scootmobielstalling": bool(i % 5) or i % 3 == 0}
                 for i, c in enumerate(c55) if aantal[c] > 0]
    return {"begin": begin, "eind": eind, "verhuringen": verhuringen, "mutaties": mutaties,
            "vrijkomend": vrijkomend, "huurachterstand": huurachterstand, "complexen": complexen}


def _jn_kolom(reeks, ja: str, nee: str, rng=None):
    import numpy as np

    uit = np.where(reeks.to_numpy(dtype=bool), ja, nee).astype(object)
    if rng is not None:  # Vidomes: messy labels, as exported by hand
        vorm = rng.integers(0, 5, len(uit))
        uit = np.where(vorm == 1, np.char.upper(uit.astype(str)), uit)
        uit = np.where(vorm == 2, np.char.lower(uit.astype(str)), uit)
        uit = np.where(vorm == 3, np.char.add(np.char.add(" ", uit.astype(str)), " "), uit)
        uit = np.where(vorm == 4, np.char.add(uit.astype(str), " "), uit)
    return uit


def _komma(reeks, decimalen: int = 2):
    """Numbers as text with a decimal comma (no thousands separator); NaN -> empty."""
    tekst = reeks.map(lambda x: "" if x != x else f"{x:.{decimalen}f}")  # noqa: PLR0124 - NaN check
    return tekst.str.replace(".", ",", regex=False)


def _schrijf_csv_frame(pad: Path, frame, scheidingsteken: str = ";") -> Path:
    with pad.open("w", encoding="utf-8-sig", newline="") as f:
        f.write(f"# {DEMO_MARKER}\n")
        frame.to_csv(f, sep=scheidingsteken, index=False, lineterminator="\n")
    return pad


def _partnerkolommen(frame, partij: str, tabel: str):
    """``frame`` (harmonised column names) in the partner's column names and order."""
    kolommen = _contractkolommen(partij, tabel)
    return frame[[k.doel.naam for k in kolommen]].rename(columns={k.doel.naam: k.naam for k in kolommen})


def _voorraad_frame(begin, eind, jaar: int, partij: str, jn, typ):
    import pandas as pd

    delen = []
    for peil, stand in ((pd.Timestamp(jaar, 1, 1), begin), (pd.Timestamp(jaar, 12, 31), eind)):
        delen.append(pd.DataFrame({
            "peildatum": _datum_tekst(pd.Series(peil, index=stand.index)), "vhe_id": stand["vhe_id"],
            "complex_id": stand["complex_id"], "complex_naam": stand["complex_naam"], "wijk": stand["wijk"],
            "woningtype": typ(stand["eengezins"]), "daeb": jn(stand["daeb"]), "label_55plus": jn(stand["label_55plus"]),
            "miva": jn(stand["miva"]), "jongeren": jn(stand["jongeren"]), "kale_huur": _komma(stand["kale_huur"]),
            "energielabel": stand["energielabel"], "energie_index": _komma(stand["energie_index"]),
            "bouwjaar": stand["bouwjaar"],
        }))
    return _partnerkolommen(pd.concat(delen, ignore_index=True), partij, "voorraad")


def _verhuringen_frame(h, partij: str, jn, doelgroepen: dict, segmenten: dict):
    import pandas as pd

    return _partnerkolommen(pd.DataFrame({
        "vhe_id": h["vhe_id"], "datum_ingang": _datum_tekst(h["datum_ingang"]), "kale_huur": _komma(h["kale_huur"]),
        "huishoudgrootte": h["huishoudgrootte"], "inkomen": _komma(h["inkomen"], 0), "aow_leeftijd": jn(h["aow_leeftijd"]),
        "doelgroep": h["doelgroep"].map(doelgroepen), "deelsegment": h["deelsegment"].map(segmenten),
        "nieuwbouw": jn(h["nieuwbouw"]), "svh_conform": jn(h["svh_conform"]),
    }), partij, "verhuringen")


def _datum_tekst(reeks):
    return reeks.dt.strftime("%d-%m-%Y")


def _schrijf_schaal(jaarmap: Path, jaar: int, schaal: str) -> list[Path]:
    import numpy as np
    import pandas as pd

    woningen, verhuringen = SCHALEN[schaal]
    seed = BASIS_SEED * 1000 + jaar * 10 + list(SCHALEN).index(schaal)
    paden: list[Path] = []
    per_corp = {}
    for i, corp in enumerate(CORPORATIES):
        rng = np.random.default_rng([seed, i])
        per_corp[corp] = _schaal_corporatie(corp, round(woningen * AANDEEL[corp]), round(verhuringen * AANDEEL[corp]), jaar, rng)

    # Vidomes: CSV, as today
    v, rng = per_corp["Vidomes"], np.random.default_rng([seed, 10])
    map_ = jaarmap / "vidomes"
    map_.mkdir(parents=True, exist_ok=True)
    jn = lambda s: _jn_kolom(s, "Ja", "Nee", rng)  # noqa: E731
    voorraad = _voorraad_frame(v["begin"], v["eind"], jaar, "vidomes", jn, lambda s: np.where(s, "Eengezins", "Meergezins"))
    paden.append(_schrijf_csv_frame(map_ / f"voorraad_{jaar}.csv", voorraad))
    verh = _verhuringen_frame(v["verhuringen"], "vidomes", jn, VIDOMES_DOELGROEP, VIDOMES_SEGMENT)
    paden.append(_schrijf_csv_frame(map_ / f"verhuringen_{jaar}.csv", verh))
    vrij = [[f"Q{k}", VIDOMES_SEGMENT[s], n] for k, s, n in v["vrijkomend"]]
    m = v["mutaties"]
    muts = [[a, b.capitalize(), c.strftime("%d-%m-%Y"), "Ja" if d else "Nee"]
            for a, b, c, d in zip(m["vhe_id"], m["mutatie"], pd.to_datetime(m["datum"]), m["daeb"])]
    ha = [[f"Q{r[0]}", *r[1:]] for r in v["huurachterstand"]]
    comp = [[c["complex_id"], c["complex_naam"], c["woningen"], "Ja" if c["collectieve_aanpassingen"] else "Nee",
             "Ja" if c["scootmobielstalling"] else "Nee",
             c["scootmobielstalling_gereed"].strftime("%d-%m-%Y") if c["scootmobielstalling_gereed"] else "",
             "Ja" if c["aangewezen_scootmobielstalling"] else "Nee"] for c in v["complexen"]]
    for naam, kop, rijen in (
        (f"vrijkomend_{jaar}.csv", _kop("vidomes", "vrijkomend"), vrij),
        (f"mutaties_{jaar}.csv", _kop("vidomes", "voorraadmutaties"), muts),
        (f"huurachterstand_{jaar}.csv", _kop("vidomes", "huurachterstand"), ha),
        (f"complexen_55plus_{jaar}.csv", _kop("vidomes", "complexen_55plus"), comp),
    ):
        paden.append(_schrijf_csv(map_ / naam, kop, rijen, ";", "utf-8-sig"))

    # WoonInvest: the workbook with the small sheets, Voorraad and Verhuringen as CSV alternatives
    w = per_corp["WoonInvest"]
    map_ = jaarmap / "wooninvest"
    map_.mkdir(parents=True, exist_ok=True)
    jn = lambda s: _jn_kolom(s, "J", "N")  # noqa: E731
    voorraad = _voorraad_frame(w["begin"], w["eind"], jaar, "wooninvest", jn, lambda s: np.where(s, "EGW", "MGW"))
    paden.append(_schrijf_csv_frame(map_ / f"wooninvest_{jaar}_voorraad.csv", voorraad))
    verh = _verhuringen_frame(w["verhuringen"], "wooninvest", jn, WI_DOELGROEP, WI_SEGMENT)
    paden.append(_schrijf_csv_frame(map_ / f"wooninvest_{jaar}_verhuringen.csv", verh))
    wb = _werkmap()
    _blad(wb, "Vrijkomend", [], _kop("wooninvest", "vrijkomend"),
          [[f"{jaar}-Q{k}", WI_SEGMENT[s], n] for k, s, n in w["vrijkomend"]])
    m = w["mutaties"]
    _blad(wb, "Mutaties", [], _kop("wooninvest", "voorraadmutaties"),
          [[int(a), WI_MUTATIE[b], c.date(), "J" if d else "N"]
           for a, b, c, d in zip(m["vhe_id"], m["mutatie"], pd.to_datetime(m["datum"]), m["daeb"])])
    _blad(wb, "Huurachterstand", [], _kop("wooninvest", "huurachterstand"),
          [[f"{jaar}-Q{r[0]}", *r[1:]] for r in w["huurachterstand"]])
    _blad(wb, "Complexen55plus", [], _kop("wooninvest", "complexen_55plus"),
          [[int(c["complex_id"]), c["complex_naam"], c["woningen"], "J" if c["collectieve_aanpassingen"] else "N",
            "J" if c["scootmobielstalling"] else "N", c["scootmobielstalling_gereed"],
            "J" if c["aangewezen_scootmobielstalling"] else "N"] for c in w["complexen"]])
    pad = map_ / f"wooninvest_{jaar}.xlsx"
    wb.save(pad)
    paden.append(pad)

    paden += _schrijf_gemeente(jaarmap / "gemeente", jaar, None, random.Random(seed), factor=woningen / 10500)
    return paden
