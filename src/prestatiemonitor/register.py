"""The register of afspraken (data/reference/afspraken.yaml) and the indicator catalogue
(data/reference/indicatoren.yaml): load, validate, and return them as DataFrames.

Every problem in the register is collected and reported together in one Dutch message
(RegisterFout), so the analyst fixes the file in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from prestatiemonitor import paths, yamlbestand

SLEUTELS = ["id", "thema", "paragraaf", "titel", "tekst", "partijen", "soort", "per_corporatie",
            "indicatoren", "norm", "bron", "af_te_stemmen"]
VERPLICHT = ["id", "thema", "paragraaf", "titel", "tekst", "partijen", "soort", "per_corporatie",
             "indicatoren", "bron"]
SOORTEN = ["norm", "mijlpaal", "inspanning", "proces"]
PARTIJEN = ["gemeente", "Vidomes", "WoonInvest", "Huurdersraad Vidomes", "Respectus"]
CORPORATIES = ["Vidomes", "WoonInvest"]
BRON_PARTIJEN = PARTIJEN + ["woningcorporaties"]
EIS_TYPEN = {
    # type: (verplichte velden, toegestane extra velden)
    "minimum": ({"waarde"}, {"indicator", "corporatie", "jaren", "verhoging_bij_toename"}),
    "maximum": ({"waarde"}, {"indicator", "corporatie", "jaren", "uitsplitsing"}),
    "bereik": ({"minimum", "maximum"}, {"indicator", "corporatie", "jaren"}),
    "pad": ({"doel", "startjaar", "eindjaar"}, {"indicator", "corporatie", "start", "start_indicator"}),
    "mijlpaal": ({"deadline"}, {"mijlpaal", "indicator"}),
    "proces": ({"gepland"}, {"indicator", "corporatie"}),
    "uitgevoerd": (set(), {"mijlpaal", "indicator"}),
    "gemeten": (set(), {"indicator", "corporatie"}),
}
UITSPLITSINGEN = {"deelsegment_kwartaal"}
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

    @property
    def corporaties(self) -> list[str]:
        """The corporations that are party to this afspraak (in fixed order)."""
        return [c for c in CORPORATIES if c in self.partijen]


# ---------------------------------------------------------------------------- indicatoren

def laad_indicatoren(pad: Path | None = None) -> pd.DataFrame:
    """The indicator catalogue as a DataFrame, one row per id, split ids included.

    Columns: id, omschrijving, eenheid, bron, berekening, rijen, gevoelig, publicatie, notebook, decimalen,
    per_afspraak, basis (the base id for split ids, else the id itself).
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
    if fouten:
        raise RegisterFout(f"Fouten in {pad.name}:\n- " + "\n- ".join(fouten))
    return uit


def laad_register(pad: Path | None = None, indicatoren: pd.DataFrame | None = None) -> pd.DataFrame:
    """The register as a DataFrame, one row per afspraak, in register order.

    Columns: the keys of SLEUTELS plus `eisen` (the norm as a list of requirements) and
    `corporaties` (the corporations that are party). List/dict values stay Python objects.
    """
    rijen = []
    for a in afspraken(pad, indicatoren):
        rijen.append({**{k: getattr(a, k) for k in SLEUTELS}, "eisen": a.eisen, "corporaties": a.corporaties})
    return pd.DataFrame(rijen, columns=SLEUTELS + ["eisen", "corporaties"])


def eisen_van(norm: dict | None, indicatoren: list[str]) -> list[dict]:
    """A norm as a list of requirements; a requirement without `indicator` gets the first indicator."""
    if not norm:
        return []
    lijst = norm["eisen"] if "eisen" in norm else [norm]
    uit = []
    for eis in lijst:
        eis = dict(eis)
        if "indicator" not in eis:
            eis["indicator"] = MIJLPAAL_INDICATOR if eis.get("type") in ("mijlpaal", "uitgevoerd") else (
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
    norm = item.get("norm")
    if norm is not None:
        if not isinstance(norm, dict):
            fouten.append(f"{plek}: norm moet sleutels met waarden hebben.")
        else:
            for j, eis in enumerate(eisen_van(norm, inds), start=1):
                fouten.extend(_valideer_eis(eis, f"{plek}, norm-eis {j}", inds, bekend))
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
    if typ == "mijlpaal" and not isinstance(eis.get("deadline"), dt.date):
        fouten.append(f"{plek}: deadline moet een datum jjjj-mm-dd zijn.")
    if typ == "maximum" and eis.get("uitsplitsing") not in (None, *UITSPLITSINGEN):
        fouten.append(f"{plek}: onbekende uitsplitsing '{eis.get('uitsplitsing')}'.")
    if typ == "pad" and not eis.get("startjaar", 0) <= eis.get("eindjaar", 0):
        fouten.append(f"{plek}: startjaar ligt na eindjaar.")
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
