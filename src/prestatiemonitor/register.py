"""The register of afspraken (data/reference/afspraken.yaml) and the indicator catalogue
(data/reference/indicatoren.yaml): load, validate, and return them as DataFrames.

Every problem in the register is collected and reported together in one Dutch message
(RegisterFout), so the analyst fixes the file in one go.

Traceability: an afspraak of the agreement text quotes the sentences its norm rests on
(``citaat``: line numbers in data/reference/overeenkomst-uittreksel.txt and the quoted text; a test
checks every quote against the extract). Where the monitor had to interpret the text, the reading
is written down in ``te_controleren`` and the report lists it in an annex for the parties to
confirm. A judged norm needs a quote or such a reading; the provisional themes (``af_te_stemmen``,
not in the extract) have only the reading. ``niet_gemonitord`` lists the parts of the agreement
that the monitor does not follow, so the report can name the gap.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from prestatiemonitor import paths, yamlbestand

SLEUTELS = ["id", "thema", "paragraaf", "titel", "tekst", "citaat", "partijen", "soort", "per_corporatie",
            "indicatoren", "norm", "bron", "af_te_stemmen", "te_controleren"]
VERPLICHT = ["id", "thema", "paragraaf", "titel", "tekst", "partijen", "soort", "per_corporatie",
             "indicatoren", "bron"]
SOORTEN = ["norm", "mijlpaal", "inspanning", "proces", "feit"]
PARTIJEN = ["gemeente", "Vidomes", "WoonInvest", "Huurdersraad Vidomes", "Respectus"]
CORPORATIES = ["Vidomes", "WoonInvest"]
BRON_PARTIJEN = PARTIJEN + ["woningcorporaties"]
EIS_TYPEN = {
    # type (the kind of norm; prestatiemonitor.status has one rule per kind): (verplichte velden, toegestane extra velden)
    "minimum": ({"waarde"}, {"indicator", "corporatie", "jaren", "marge", "verhoging_bij_toename", "cumulatief",
                             "startjaar", "eindjaar"}),
    "maximum": ({"waarde"}, {"indicator", "corporatie", "jaren", "marge", "uitsplitsing"}),
    "bereik": ({"minimum", "maximum"}, {"indicator", "corporatie", "jaren", "marge"}),
    "pad": ({"doel", "startjaar", "eindjaar", "richting"}, {"indicator", "corporatie", "start", "start_indicator",
                                                           "start_op"}),
    "mijlpaal": (set(), {"mijlpaal", "indicator", "deadline", "deadline_na", "herhaling"}),
    "gevolgd": (set(), {"indicator", "corporatie", "mijlpaal", "zie"}),
}
GEOORDEELD = {"minimum", "maximum", "bereik", "pad", "mijlpaal"}  # kinds that give a verdict
UITSPLITSINGEN = {"deelsegment"}
RICHTINGEN = {"stijgend", "dalend"}
HERHALINGEN = {"halfjaarlijks": ("H1", "H2")}  # recurring milestone -> its periods within a year
UITTREKSEL = "overeenkomst-uittreksel.txt"  # the agreement text the quotes (citaat) refer to
MIJLPAAL_INDICATOR = "mijlpaal_gereed_op"
ID_PATROON = re.compile(r"^\d(\.\d+){0,2}(-(\d+[a-z]?|[a-z]))?$")
EENHEDEN = ["aantal", "aandeel", "euro", "datum", "ja/nee"]
NOTEBOOKS = ["10_sociaal_domein", "20_betaalbaarheid_beschikbaarheid", "30_nieuwbouw",
             "40_leefbaarheid", "50_duurzaamheid"]


class RegisterFout(Exception):
    """The register or the indicator catalogue is malformed (Dutch message, all problems at once)."""


@dataclass(frozen=True)
class Afspraak:
    id: str
    thema: int
    paragraaf: str
    titel: str
    tekst: str
    partijen: list[str]
    soort: str
    per_corporatie: bool
    indicatoren: list[str]
    norm: dict | None
    bron: dict[str, str]
    af_te_stemmen: bool = False
    eisen: list[dict] = field(default_factory=list)
    citaat: list[dict] = field(default_factory=list)
    te_controleren: str = ""

    @property
    def corporaties(self) -> list[str]:
        """The corporations that are party to this afspraak (in fixed order)."""
        return [c for c in CORPORATIES if c in self.partijen]


# ---------------------------------------------------------------------------- indicatoren

def laad_indicatoren(pad: Path | None = None) -> pd.DataFrame:
    """The indicator catalogue as a DataFrame, one row per id, split ids included.

    Columns: id, omschrijving, eenheid, bron, berekening, rijen, gevoelig, publicatie, notebook, decimalen,
    per_afspraak, basis (the base id for split ids, else the id itself). An `uitsplitsing` adds
    ``<id>_<deelsegment>`` (the whole year) and ``<id>_<deelsegment>_q<kwartaal>``.
    """
    pad = Path(pad or paths.REFERENCE / "indicatoren.yaml")
    data = _lees_yaml(pad)
    fouten: list[str] = []
    rijen: list[dict] = []
    for i, ind in enumerate(data.get("indicatoren") or [], start=1):
        plek = f"indicatoren.yaml, indicator {i} ({ind.get('id', '?')})"
        for sleutel in ("id", "omschrijving", "eenheid", "bron", "notebook"):
            if sleutel not in ind:
                fouten.append(f"{plek}: sleutel '{sleutel}' ontbreekt.")
        if ind.get("eenheid") not in EENHEDEN:
            fouten.append(f"{plek}: onbekende eenheid '{ind.get('eenheid')}' (toegestaan: {', '.join(EENHEDEN)}).")
        if ind.get("notebook") not in NOTEBOOKS:
            fouten.append(f"{plek}: onbekende notebook '{ind.get('notebook')}'.")
        # publicatie: vrij | klein | gevoelig (prestatiemonitor.privacy); the older boolean
        # `gevoelig` is still read: true = gevoelig, false = vrij.
        publicatie = ind.get("publicatie", "gevoelig" if ind.get("gevoelig") else "vrij")
        if publicatie not in ("vrij", "klein", "gevoelig"):
            fouten.append(f"{plek}: onbekende publicatie '{publicatie}' (toegestaan: vrij, klein, gevoelig).")
        basis = {
            "id": ind.get("id"), "omschrijving": ind.get("omschrijving", ""), "eenheid": ind.get("eenheid"),
            "bron": ind.get("bron", ""), "berekening": ind.get("berekening", ""), "rijen": ind.get("rijen", ""),
            "gevoelig": publicatie == "gevoelig", "publicatie": publicatie, "notebook": ind.get("notebook"),
            "decimalen": int(ind.get("decimalen", 0)), "per_afspraak": bool(ind.get("per_afspraak", False)),
            "basis": ind.get("id"),
        }
        rijen.append(basis)
        splits = ind.get("uitsplitsing")
        if splits:
            for seg in splits.get("deelsegment", []):
                rijen.append({**basis, "id": f"{ind['id']}_{seg}",
                              "omschrijving": f"{basis['omschrijving']} ({seg}, heel jaar)"})
                for kw in splits.get("kwartaal", []):
                    rijen.append({**basis, "id": f"{ind['id']}_{seg}_q{kw}",
                                  "omschrijving": f"{basis['omschrijving']} ({seg}, kwartaal {kw})"})
    df = pd.DataFrame(rijen)
    dubbel = sorted(df["id"][df["id"].duplicated()].unique()) if not df.empty else []
    for d in dubbel:
        fouten.append(f"indicatoren.yaml: indicator-id '{d}' komt meer dan één keer voor.")
    if fouten:
        raise RegisterFout("Fouten in data/reference/indicatoren.yaml:\n- " + "\n- ".join(fouten))
    return df.set_index("id", drop=False)


def kengetallen(pad: Path | None = None) -> pd.DataFrame:
    """The gemeente kengetal codes defined in indicatoren.yaml."""
    data = _lees_yaml(Path(pad or paths.REFERENCE / "indicatoren.yaml"))
    return pd.DataFrame(data.get("kengetallen") or [])


# ---------------------------------------------------------------------------- register

def afspraken(pad: Path | None = None, indicatoren: pd.DataFrame | None = None) -> list[Afspraak]:
    """All afspraken, validated, in register order."""
    pad = Path(pad or paths.REFERENCE / "afspraken.yaml")
    if indicatoren is None:
        indicatoren = laad_indicatoren()
    data = _lees_yaml(pad)
    items = data.get("afspraken") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise RegisterFout(f"{pad.name}: verwacht een lijst 'afspraken:' met ten minste één afspraak.")
    bekend = set(indicatoren.index)
    fouten: list[str] = []
    uit: list[Afspraak] = []
    gezien: dict[str, int] = {}
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            fouten.append(f"afspraak {i}: verwacht sleutels met waarden, gevonden {item!r}.")
            continue
        aid = str(item.get("id", f"#{i}"))
        plek = f"afspraak {aid} (item {i})"
        f = _valideer_item(item, plek, bekend)
        if aid in gezien:
            f.append(f"{plek}: id '{aid}' komt dubbel voor (ook item {gezien[aid]}).")
        gezien.setdefault(aid, i)
        fouten.extend(f)
        if not f:
            uit.append(_maak_afspraak(item))
    ids = {a.id for a in uit}
    for a in uit:
        for eis in a.eisen:
            if eis.get("zie") and eis["zie"] not in ids:
                fouten.append(f"afspraak {a.id}: zie '{eis['zie']}' is geen afspraak in het register.")
    if fouten:
        raise RegisterFout(f"Fouten in {pad.name}:\n- " + "\n- ".join(fouten))
    return uit


def laad_register(pad: Path | None = None, indicatoren: pd.DataFrame | None = None) -> pd.DataFrame:
    """The register as a DataFrame, one row per afspraak, in register order.

    Columns: the keys of SLEUTELS plus `eisen` (the norm as a list of requirements) and
    `corporaties` (the corporations that are party). List/dict values stay Python objects;
    `citaat` is a list of {regels, tekst}, `te_controleren` a string ("" when none).
    """
    rijen = []
    for a in afspraken(pad, indicatoren):
        rijen.append({**{k: getattr(a, k) for k in SLEUTELS}, "eisen": a.eisen, "corporaties": a.corporaties})
    return pd.DataFrame(rijen, columns=SLEUTELS + ["eisen", "corporaties"])


def niet_gemonitord(pad: Path | None = None) -> pd.DataFrame:
    """The parts of the agreement the monitor does not follow (``niet_gemonitord`` in afspraken.yaml):
    columns paragraaf, omschrijving, reden, in register order. They are outside the scorecard counts;
    the report lists them so the council sees the gap."""
    pad = Path(pad or paths.REFERENCE / "afspraken.yaml")
    data = _lees_yaml(pad)
    items = (data.get("niet_gemonitord") if isinstance(data, dict) else None) or []
    fouten = [f"niet_gemonitord, item {i}: verwacht paragraaf, omschrijving en reden."
              for i, item in enumerate(items, start=1)
              if not isinstance(item, dict) or set(item) != {"paragraaf", "omschrijving", "reden"}]
    if fouten:
        raise RegisterFout(f"Fouten in {pad.name}:\n- " + "\n- ".join(fouten))
    return pd.DataFrame(items, columns=["paragraaf", "omschrijving", "reden"])


# ---------------------------------------------------------------------------- the agreement text

def uittreksel(pad: Path | None = None) -> list[str]:
    """The lines of the agreement extract (line 1 = index 0) that the quotes refer to."""
    pad = Path(pad or paths.REFERENCE / UITTREKSEL)
    try:
        return pad.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise RegisterFout(f"Bestand {pad} ontbreekt (de tekst van de overeenkomst).") from None


def normaliseer_tekst(tekst: str) -> str:
    """Text as compared with a quote: a word broken over two lines ("voorlichtings-" + "bijeenkomst")
    joined, every run of white space one space."""
    tekst = re.sub(r"-[ \t]*\n\s*", "-", tekst)
    return " ".join(tekst.split())


def citaat_klopt(citaat: dict, regels: list[str]) -> bool:
    """Whether the quoted text stands in the extract within the quoted lines."""
    van, _, tot = str(citaat["regels"]).partition("-")
    van, tot = int(van), int(tot or van)
    if not 1 <= van <= tot <= len(regels):
        return False
    return normaliseer_tekst(citaat["tekst"]) in normaliseer_tekst("\n".join(regels[van - 1:tot]))


# ---------------------------------------------------------------------------- milestones

def mijlpaal_eisen(register: pd.DataFrame | None = None) -> dict[str, dict]:
    """Milestone id (the gemeente's `afspraak_id` in mijlpalen) -> the register's requirement with its
    one deadline (``deadline``, ``deadline_na`` or ``herhaling``). Only judged milestones."""
    register = laad_register() if register is None else register
    uit: dict[str, dict] = {}
    for aid, eisen in zip(register["id"], register["eisen"]):
        for eis in eisen:
            if eis.get("type") == "mijlpaal":
                uit.setdefault(str(eis.get("mijlpaal") or aid), eis)
    return uit


def periode_van(deadline, herhaling: str) -> str:
    """The period a row of a recurring milestone reports on, from the deadline the gemeente gave it:
    halfjaarlijks -> "H1" (deadline in January-June) or "H2"."""
    maand = pd.Timestamp(deadline).month
    return HERHALINGEN[herhaling][0 if maand <= 6 else 1]


def periode_einde(jaar: int, periode: str) -> dt.date:
    """The deadline of a period of a recurring milestone: H1 -> 30 June, H2 -> 31 December."""
    return {"H1": dt.date(jaar, 6, 30), "H2": dt.date(jaar, 12, 31)}[periode]


def mijlpaal_sleutel(afspraak_id: str, deadline, eisen: dict[str, dict]) -> str:
    """The `afspraak` key under which notebook 10 records a row of mijlpalen: the milestone id, and
    for a recurring milestone also its period ("1.3.2-20 H1"), so every period needs its own evidence."""
    eis = eisen.get(str(afspraak_id))
    if eis and eis.get("herhaling") and not pd.isna(deadline):
        return f"{afspraak_id} {periode_van(deadline, eis['herhaling'])}"
    return str(afspraak_id)


def eisen_van(norm: dict | None, indicatoren: list[str]) -> list[dict]:
    """A norm as a list of requirements; a requirement without `indicator` gets the first indicator."""
    if not norm:
        return []
    lijst = norm["eisen"] if "eisen" in norm else [norm]
    uit = []
    for eis in lijst:
        eis = dict(eis)
        if "indicator" not in eis:
            eis["indicator"] = MIJLPAAL_INDICATOR if eis.get("type") == "mijlpaal" or "mijlpaal" in eis else (
                indicatoren[0] if indicatoren else None)
        uit.append(eis)
    return uit


def _valideer_item(item: dict, plek: str, bekend: set[str]) -> list[str]:
    fouten = []
    onbekend = [k for k in item if k not in SLEUTELS]
    if onbekend:
        fouten.append(f"{plek}: onbekende sleutel(s) {', '.join(onbekend)} (toegestaan: {', '.join(SLEUTELS)}).")
    for k in VERPLICHT:
        if k not in item:
            fouten.append(f"{plek}: sleutel '{k}' ontbreekt.")
    volgorde = [k for k in item if k in SLEUTELS]
    if volgorde != sorted(volgorde, key=SLEUTELS.index):
        fouten.append(f"{plek}: sleutels staan niet in de vaste volgorde ({', '.join(SLEUTELS)}).")
    if fouten:
        return fouten
    aid, par = str(item["id"]), str(item["paragraaf"])
    if not ID_PATROON.match(aid):
        fouten.append(f"{plek}: id '{aid}' heeft niet de vorm <paragraaf>-<nummer> (bijv. 1.3.2-29a, 2.2.3-a, 3.1).")
    if not aid.startswith(par):
        fouten.append(f"{plek}: id '{aid}' begint niet met de paragraaf '{par}'.")
    if item["thema"] not in (1, 2, 3, 4, 5):
        fouten.append(f"{plek}: thema '{item['thema']}' is geen 1-5.")
    elif not par.startswith(str(item["thema"])):
        fouten.append(f"{plek}: paragraaf '{par}' hoort niet bij thema {item['thema']}.")
    if item["soort"] not in SOORTEN:
        fouten.append(f"{plek}: onbekende soort '{item['soort']}' (toegestaan: {', '.join(SOORTEN)}).")
    if not isinstance(item["per_corporatie"], bool):
        fouten.append(f"{plek}: per_corporatie moet true of false zijn.")
    partijen = item["partijen"]
    if not isinstance(partijen, list) or not partijen:
        fouten.append(f"{plek}: partijen moet een niet-lege lijst zijn.")
    else:
        for p in partijen:
            if p not in PARTIJEN:
                fouten.append(f"{plek}: onbekende partij '{p}' (toegestaan: {', '.join(PARTIJEN)}).")
        if item["per_corporatie"] is True and not any(c in partijen for c in CORPORATIES):
            fouten.append(f"{plek}: per_corporatie is true, maar geen corporatie is partij.")
    inds = item["indicatoren"]
    if not isinstance(inds, list):
        fouten.append(f"{plek}: indicatoren moet een lijst zijn.")
        inds = []
    for ind in inds:
        if ind not in bekend:
            fouten.append(f"{plek}: indicator '{ind}' staat niet in indicatoren.yaml.")
    bron = item["bron"]
    if not isinstance(bron, dict) or not bron:
        fouten.append(f"{plek}: bron moet per partij een levering noemen (partij: omschrijving).")
    else:
        for p in bron:
            if p not in BRON_PARTIJEN:
                fouten.append(f"{plek}: onbekende partij '{p}' in bron.")
    if "af_te_stemmen" in item and not isinstance(item["af_te_stemmen"], bool):
        fouten.append(f"{plek}: af_te_stemmen moet true of false zijn.")
    if "te_controleren" in item and not (isinstance(item["te_controleren"], str) and item["te_controleren"].strip()):
        fouten.append(f"{plek}: te_controleren moet een zin zijn (de lezing die de partijen moeten bevestigen).")
    fouten.extend(_valideer_citaat(item.get("citaat"), plek))
    norm = item.get("norm")
    if norm is not None:
        if not isinstance(norm, dict):
            fouten.append(f"{plek}: norm moet sleutels met waarden hebben.")
        else:
            eisen = eisen_van(norm, inds)
            for j, eis in enumerate(eisen, start=1):
                fouten.extend(_valideer_eis(eis, f"{plek}, norm-eis {j}", inds, bekend))
            geoordeeld = any(e.get("type") in GEOORDEELD for e in eisen)
            if geoordeeld and not item.get("citaat") and not item.get("te_controleren"):
                fouten.append(f"{plek}: een norm die een oordeel geeft, citeert de tekst (citaat) of noemt de lezing "
                              "van de monitor (te_controleren).")
    if item.get("af_te_stemmen") is True and not item.get("te_controleren"):
        fouten.append(f"{plek}: een voorlopige afspraak (af_te_stemmen) noemt wat er af te stemmen is (te_controleren).")
    return fouten


def _valideer_citaat(citaat, plek: str) -> list[str]:
    if citaat is None:
        return []
    if not isinstance(citaat, list) or not citaat:
        return [f"{plek}: citaat moet een lijst zijn van regels (bijv. \"327-329\") met tekst."]
    fouten = []
    for c in citaat:
        if not isinstance(c, dict) or set(c) != {"regels", "tekst"}:
            fouten.append(f"{plek}: elk citaat heeft precies de sleutels regels en tekst.")
        elif not re.fullmatch(r"\d+(-\d+)?", str(c["regels"])):
            fouten.append(f"{plek}: citaat-regels '{c['regels']}' hebben niet de vorm 327 of 327-329.")
    return fouten


def _valideer_eis(eis: dict, plek: str, inds: list[str], bekend: set[str]) -> list[str]:
    typ = eis.get("type")
    if typ not in EIS_TYPEN:
        return [f"{plek}: onbekend normtype '{typ}' (toegestaan: {', '.join(EIS_TYPEN)})."]
    verplicht, extra = EIS_TYPEN[typ]
    fouten = [f"{plek}: veld '{v}' ontbreekt voor type {typ}." for v in sorted(verplicht - set(eis))]
    teveel = set(eis) - verplicht - extra - {"type"}
    if teveel:
        fouten.append(f"{plek}: onbekende velden {', '.join(sorted(teveel))} voor type {typ}.")
    for sleutel in ("indicator", "start_indicator", "verhoging_bij_toename"):
        ind = eis.get(sleutel)
        if ind is not None and ind not in inds:
            fouten.append(f"{plek}: {sleutel} '{ind}' staat niet in de indicatoren van deze afspraak.")
        if ind is not None and ind not in bekend:
            fouten.append(f"{plek}: {sleutel} '{ind}' staat niet in indicatoren.yaml.")
    if typ == "mijlpaal":
        termijnen = [k for k in ("deadline", "deadline_na", "herhaling") if k in eis]
        if len(termijnen) != 1:
            fouten.append(f"{plek}: een mijlpaal heeft precies één termijn: deadline, deadline_na of herhaling.")
        if "deadline" in eis and not isinstance(eis["deadline"], dt.date):
            fouten.append(f"{plek}: deadline moet een datum jjjj-mm-dd zijn.")
        na = eis.get("deadline_na")
        if na is not None and not (isinstance(na, dict) and set(na) == {"indicator", "maanden"}
                                   and na["indicator"] in bekend and isinstance(na["maanden"], int)):
            fouten.append(f"{plek}: deadline_na heeft een indicator (datum, in indicatoren.yaml) en een aantal maanden.")
        if "herhaling" in eis and eis["herhaling"] not in HERHALINGEN:
            fouten.append(f"{plek}: onbekende herhaling '{eis['herhaling']}' (toegestaan: {', '.join(HERHALINGEN)}).")
    if eis.get("uitsplitsing") not in (None, *UITSPLITSINGEN):
        fouten.append(f"{plek}: onbekende uitsplitsing '{eis.get('uitsplitsing')}'.")
    if typ == "pad":
        if not eis.get("startjaar", 0) <= eis.get("eindjaar", 0):
            fouten.append(f"{plek}: startjaar ligt na eindjaar.")
        if eis.get("richting") not in RICHTINGEN:
            fouten.append(f"{plek}: richting moet stijgend of dalend zijn (de monitor leidt die nooit af uit de gegevens).")
        if ("start" in eis) == ("start_indicator" in eis):
            fouten.append(f"{plek}: een pad heeft een beginstand: start (getal) of start_indicator, niet allebei.")
        if eis.get("start_op", "begin") not in ("begin", "eind"):
            fouten.append(f"{plek}: start_op moet begin (1 januari) of eind (31 december) van het startjaar zijn.")
    if eis.get("cumulatief") and not ("startjaar" in eis and "eindjaar" in eis):
        fouten.append(f"{plek}: een cumulatieve norm noemt startjaar en eindjaar.")
    marge = eis.get("marge")
    if marge is not None and not (isinstance(marge, (int, float)) and 0 < marge < 1):
        fouten.append(f"{plek}: marge is een fractie van de norm tussen 0 en 1 (0.1 = 10%).")
    if eis.get("corporatie") not in (None, "totaal", *PARTIJEN):
        fouten.append(f"{plek}: onbekende corporatie/partij '{eis.get('corporatie')}'.")
    return fouten


def _maak_afspraak(item: dict) -> Afspraak:
    inds = list(item["indicatoren"])
    return Afspraak(
        id=str(item["id"]), thema=int(item["thema"]), paragraaf=str(item["paragraaf"]),
        titel=str(item["titel"]), tekst=str(item["tekst"]), partijen=list(item["partijen"]),
        soort=item["soort"], per_corporatie=item["per_corporatie"], indicatoren=inds,
        norm=item.get("norm"), bron={str(k): str(v) for k, v in item["bron"].items()},
        af_te_stemmen=bool(item.get("af_te_stemmen", False)), eisen=eisen_van(item.get("norm"), inds),
        citaat=[{"regels": str(c["regels"]), "tekst": str(c["tekst"])} for c in item.get("citaat") or []],
        te_controleren=str(item.get("te_controleren") or ""),
    )


def _lees_yaml(pad: Path):
    try:
        with open(pad, encoding="utf-8") as f:
            return yamlbestand.laad(f) or {}
    except FileNotFoundError:
        raise RegisterFout(f"Bestand {pad} ontbreekt.") from None
    except yamlbestand.YAMLError as e:
        raise RegisterFout(f"{pad.name} is geen geldige YAML: {e}") from None


# ---------------------------------------------------------------------------- leveringen

def leveringen(contract_dir: Path | None = None) -> dict[tuple[str, str], str]:
    """(partij, harmonised table) -> the raw file (and sheet) that feeds it, from the data contracts.

    Used to tell in a status toelichting who owes which file. Missing contracts give an empty map.
    """
    contract_dir = Path(contract_dir or paths.REFERENCE / "contract")
    uit: dict[tuple[str, str], str] = {}
    for bestand in sorted(contract_dir.glob("*.yaml")):
        try:
            data = yamlbestand.laad(bestand.read_text(encoding="utf-8")) or {}
        except yamlbestand.YAMLError:
            continue
        partij = data.get("partij")
        for b in data.get("bestanden") or []:
            if not partij or "tabel" not in b:
                continue
            naam = str(b.get("bestand", "")).replace("{jaar}", "<jaar>")
            if b.get("blad"):
                naam += f", blad {b['blad']}"
            uit[(_partijnaam(partij), b["tabel"])] = naam
    return uit


def _partijnaam(code: str) -> str:
    return {"vidomes": "Vidomes", "wooninvest": "WoonInvest"}.get(str(code).lower(), str(code))
