"""The machine-readable data contract (data/reference/contract/*.yaml), loaded into dataclasses.

``tabellen.yaml`` defines every harmonised column once (type, unit, range, allowed values,
meaning, afspraken); each partner file (``vidomes.yaml``, ``wooninvest.yaml``, ``gemeente.yaml``)
says which partner column feeds which harmonised column and holds the partner's code lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from prestatiemonitor import paths, yamlbestand

CONTRACT_DIR = paths.REFERENCE / "contract"
README = paths.ROOT / "data" / "raw" / "README.md"  # versioned with the code, not with the data
PARTIJEN = ("vidomes", "wooninvest", "gemeente")
TYPES = ("tekst", "geheel", "decimaal", "datum", "ja_nee", "kwartaal")


class ContractFout(ValueError):
    """The contract YAML itself is inconsistent (a developer error, not a delivery error)."""


def normaliseer_label(waarde: object) -> str:
    """Label as compared with a code list: trimmed, inner spaces collapsed, case-folded."""
    tekst = str(waarde).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", tekst).strip().casefold()


@dataclass(frozen=True)
class Doelkolom:
    """One column of a harmonised table."""

    naam: str
    type: str
    verplicht: bool = True
    eenheid: str | None = None
    toegestaan: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    signaal_max: float | None = None  # above: possible but unusual -> waarschuwing (e.g. a household of 12)
    datum_in: str | None = None  # "jaar" | "peildatum"
    bron: str = "bestand"  # "bestand" | "contract" (filled from the partij, e.g. corporatie)
    betekenis: str = ""
    afspraken: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tabel:
    naam: str
    omschrijving: str
    sleutel: tuple[str, ...]
    kolommen: dict[str, Doelkolom]
    mag_leeg: bool = False  # a delivery with only a header row is valid (e.g. no sales this year)


@dataclass(frozen=True)
class Kolom:
    """A partner column and the harmonised column it feeds."""

    naam: str
    doel: Doelkolom
    codelijst: str | None = None


@dataclass(frozen=True)
class Bestand:
    """One delivered table: a CSV file or one sheet of a workbook."""

    partij: str
    patroon: str  # file name with {jaar}
    tabel: str
    formaat: str  # "csv" | "xlsx"
    kolommen: tuple[Kolom, ...]
    blad: str | None = None
    scheidingsteken: str = ";"
    decimaalteken: str = ","  # "" = not declared (Excel): a number as text like 1.234 is then ambiguous
    duizendtal: str = "."
    alternatief_van: str | None = None  # set on the CSV alternative of a sheet: "<file>!<sheet>" it replaces

    def csv_alternatief(self) -> Bestand | None:
        """The CSV that may replace this Excel sheet: ``<file>_<sheet>.csv`` with ``;``, decimal comma and
        thousands dot (for tables too big for a sheet or for the file limit; see data/raw/README.md)."""
        if self.formaat != "xlsx" or not self.blad:
            return None
        stam = self.patroon.rsplit(".", 1)[0]
        return replace(self, patroon=f"{stam}_{self.blad.lower()}.csv", formaat="csv", blad=None, scheidingsteken=";",
                       decimaalteken=",", duizendtal=".", alternatief_van=f"{self.patroon}!{self.blad}")

    def bestandsnaam(self, jaar: int) -> str:
        return self.patroon.format(jaar=jaar)

    def label(self, jaar: int) -> str:
        """Name used in messages and in bron_bestand: file name, plus !sheet for workbooks."""
        naam = self.bestandsnaam(jaar)
        return f"{naam}!{self.blad}" if self.blad else naam

    def jaar_patroon(self) -> re.Pattern[str]:
        """Regex matching this file name for any year (to detect a delivery under the wrong year)."""
        voor, _, na = self.patroon.partition("{jaar}")
        return re.compile(re.escape(voor) + r"(\d{4})" + re.escape(na) + "$", re.IGNORECASE)


@dataclass(frozen=True)
class Partij:
    partij: str  # folder name under data/raw/<jaar>/
    naam: str
    corporatie: str | None
    levering: str
    bestanden: tuple[Bestand, ...]
    codelijsten: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> label -> code
    codelijsten_bron: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Contract:
    tabellen: dict[str, Tabel]
    partijen: dict[str, Partij]

    def bestanden(self) -> list[Bestand]:
        return [b for p in self.partijen.values() for b in p.bestanden]


def _lees_yaml(pad: Path) -> dict:
    try:
        with pad.open(encoding="utf-8") as f:
            return yamlbestand.laad(f) or {}
    except FileNotFoundError as exc:
        raise ContractFout(f"Contractbestand ontbreekt: {pad}") from exc


def _tabellen(data: dict) -> dict[str, Tabel]:
    tabellen: dict[str, Tabel] = {}
    for naam, t in data["tabellen"].items():
        kolommen = {}
        for kol, spec in t["kolommen"].items():
            if spec["type"] not in TYPES:
                raise ContractFout(f"Tabel {naam}, kolom {kol}: onbekend type {spec['type']!r}")
            kolommen[kol] = Doelkolom(
                naam=kol,
                type=spec["type"],
                verplicht=bool(spec.get("verplicht", True)),
                eenheid=spec.get("eenheid"),
                toegestaan=tuple(str(v) for v in spec["toegestaan"]) if "toegestaan" in spec else None,
                min=spec.get("min"),
                max=spec.get("max"),
                signaal_max=spec.get("signaal_max"),
                datum_in=spec.get("datum_in"),
                bron=spec.get("bron", "bestand"),
                betekenis=spec.get("betekenis", ""),
                afspraken=tuple(str(a) for a in spec.get("afspraken", [])),
            )
        sleutel = tuple(t.get("sleutel", []))
        for s in sleutel:
            if s not in kolommen:
                raise ContractFout(f"Tabel {naam}: sleutelkolom {s} bestaat niet")
        tabellen[naam] = Tabel(naam, t.get("omschrijving", ""), sleutel, kolommen, bool(t.get("mag_leeg", False)))
    return tabellen


def _codelijsten(partij: str, data: dict) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, tuple[str, ...]]]]:
    compiled: dict[str, dict[str, str]] = {}
    bron: dict[str, dict[str, tuple[str, ...]]] = {}
    for lijst, codes in (data.get("codelijsten") or {}).items():
        compiled[lijst] = {}
        bron[lijst] = {}
        for code, labels in codes.items():
            code = str(code)
            bron[lijst][code] = tuple(str(lab) for lab in labels)
            for label in labels:
                sleutel = normaliseer_label(label)
                vorige = compiled[lijst].get(sleutel)
                if vorige is not None and vorige != code:
                    raise ContractFout(
                        f"Codelijst {partij}/{lijst}: label {label!r} wijst naar {vorige!r} én {code!r}"
                    )
                compiled[lijst][sleutel] = code
    return compiled, bron


def _partij(data: dict, tabellen: dict[str, Tabel]) -> Partij:
    partij = data["partij"]
    codelijsten, bron = _codelijsten(partij, data)
    bestanden = []
    for b in data["bestanden"]:
        tabel = tabellen.get(b["tabel"])
        if tabel is None:
            raise ContractFout(f"{partij}: onbekende tabel {b['tabel']!r}")
        kolommen = []
        for k in b["kolommen"]:
            doel = tabel.kolommen.get(k["doel"])
            if doel is None:
                raise ContractFout(f"{partij}/{b['bestand']}: onbekende doelkolom {k['doel']!r}")
            lijst = k.get("codelijst")
            if lijst is not None:
                if lijst not in codelijsten:
                    raise ContractFout(f"{partij}: codelijst {lijst!r} ontbreekt")
                if doel.toegestaan is not None:
                    vreemd = set(codelijsten[lijst].values()) - set(doel.toegestaan)
                    if vreemd:
                        raise ContractFout(f"{partij}/{lijst}: codes {sorted(vreemd)} niet toegestaan in {doel.naam}")
            kolommen.append(Kolom(naam=str(k["naam"]), doel=doel, codelijst=lijst))
        gevuld = {k.doel.naam for k in kolommen}
        for doel in tabel.kolommen.values():
            if doel.bron == "bestand" and doel.naam not in gevuld:
                raise ContractFout(f"{partij}/{b['bestand']}: doelkolom {doel.naam} wordt niet gevuld")
        csv = b.get("csv") or {}
        bestanden.append(
            Bestand(
                partij=partij,
                patroon=b["bestand"],
                tabel=b["tabel"],
                formaat=b["formaat"],
                kolommen=tuple(kolommen),
                blad=b.get("blad"),
                scheidingsteken=csv.get("scheidingsteken", ";"),
                decimaalteken=csv.get("decimaalteken", "," if b["formaat"] == "csv" else ""),
                duizendtal=csv.get("duizendtal", "." if b["formaat"] == "csv" else ""),
            )
        )
    return Partij(
        partij=partij,
        naam=data.get("naam", partij),
        corporatie=data.get("corporatie"),
        levering=data.get("levering", ""),
        bestanden=tuple(bestanden),
        codelijsten=codelijsten,
        codelijsten_bron=bron,
    )


@lru_cache(maxsize=8)
def _load(directory: str) -> Contract:
    root = Path(directory)
    tabellen = _tabellen(_lees_yaml(root / "tabellen.yaml"))
    partijen = {p: _partij(_lees_yaml(root / f"{p}.yaml"), tabellen) for p in PARTIJEN}
    return Contract(tabellen=tabellen, partijen=partijen)


def load_contract(directory: Path | None = None) -> Contract:
    """Load (cached) the contract from ``data/reference/contract`` or another folder."""
    return _load(str(Path(directory) if directory else CONTRACT_DIR))


# ---------------------------------------------------------------------------- written contract

_TYPE_NL = {"tekst": "tekst", "geheel": "geheel getal", "decimaal": "getal", "datum": "datum",
            "ja_nee": "ja/nee", "kwartaal": "kwartaal (1-4)"}


def _cel(tekst: object) -> str:
    return str(tekst).replace("|", "\\|").replace("\n", " ")


def _toegestaan(kolom: Kolom, partij: Partij) -> str:
    d = kolom.doel
    if kolom.codelijst:
        return "; ".join(f"{' / '.join(labels)} → `{code}`" for code, labels in partij.codelijsten_bron[kolom.codelijst].items())
    if d.toegestaan:
        return ", ".join(f"`{t}`" for t in d.toegestaan)
    delen = []
    if d.min is not None or d.max is not None:
        delen.append(f"{d.min} t/m {d.max}")
    if d.signaal_max is not None:
        delen.append(f"boven {d.signaal_max}: waarschuwing")
    if d.datum_in == "jaar":
        delen.append("in het verslagjaar")
    if d.datum_in == "peildatum":
        delen.append("01-01 of 31-12 van het verslagjaar")
    return ", ".join(delen)


def contract_markdown(contract: Contract | None = None) -> str:
    """The written data contract (data/raw/README.md), generated from the YAML."""
    from prestatiemonitor import readers  # local: readers imports this module

    contract = contract or load_contract()
    r = [
        "# Datacontract: aanlevering gegevens prestatiemonitor",
        "",
        "<!-- Dit bestand wordt gemaakt uit data/reference/contract/*.yaml met",
        "     prestatiemonitor.contract.schrijf_readme(); niet met de hand bewerken. -->",
        "",
        "Elke partij levert per verslagjaar haar bestanden aan in `data/raw/<jaar>/<partij>/`",
        "(bijvoorbeeld `data/raw/2026/vidomes/`). De bestandsnaam bevat het jaar. De monitor controleert",
        "elke levering volledig en meldt alle problemen tegelijk, met partij, bestand, rij, kolom, waarde,",
        "regel en een voorstel voor de oplossing. Bij een fout wordt niets verwerkt; een waarschuwing",
        "stopt de verwerking niet. `prestatiemonitor validate <jaar>` zet de lijst per partij ook in",
        "`report/<jaar>/validatie/<partij>.xlsx` en `.html`, om aan de partij te sturen.",
        "",
        "Algemene regels:",
        "",
        "- CSV: puntkomma of komma als scheidingsteken; UTF-8 (met of zonder BOM) of Windows-1252.",
        "- Excel: lever getallen als getal. Staat een getal als tekst in een cel, dan is `1.234` of `1,234` niet",
        "  eenduidig (duizendtal of decimaal?) en wordt het afgekeurd; `712,50`, `712.5` en `1.234,56` zijn eenduidig.",
        "- Getallen in CSV: decimaalkomma (`712,50`) en duizendtallen met punt (`23.456`) volgens het contract van de",
        "  partij; een getal dat op twee manieren te lezen is, wordt afgekeurd (er wordt nooit gegokt).",
        "- Datums: `dd-mm-jjjj`, `jjjj-mm-dd` of een Excel-datum. `dd/mm/jjjj` alleen als de datum niet ook als",
        "  `mm/dd/jjjj` te lezen is (`04/03/2026` wordt afgekeurd, `31/12/2026` niet).",
        "- Codes en labels: hoofdletters en extra spaties maken niet uit; onbekende codes worden afgekeurd.",
        "- Excel: de gegevens staan op het genoemde werkblad; een titelblok boven de kopregel mag.",
        "- CSV in plaats van een werkblad: elk blad van een Excel-werkmap mag ook als apart CSV-bestand",
        "  `<bestand>_<blad>.csv` worden geleverd (blad in kleine letters, bijvoorbeeld `wooninvest_<jaar>_voorraad.csv`",
        "  voor blad `Voorraad` van `wooninvest_<jaar>.xlsx`), met dezelfde kolommen, puntkomma als scheidingsteken,",
        "  decimaalkomma, duizendtallen met punt en datums als `dd-mm-jjjj`. Staat de CSV er, dan wordt die gelezen en",
        "  niet het blad; de werkmap is dan alleen nog nodig voor de andere bladen. Bedoeld voor tabellen die niet in",
        f"  een werkblad passen (hoogstens 1.048.576 regels) of boven {readers.MAX_BESTAND_MB} MB komen.",
        f"- Grenzen: een bestand is hoogstens {readers.MAX_BESTAND_MB} MB, een CSV in plaats van een werkblad hoogstens "
        f"{readers.MAX_CSV_ALTERNATIEF_MB} MB; een Excel-werkmap hoogstens "
        f"{readers.MAX_XLSX_UITGEPAKT_MB} MB uitgepakt,",
        f"  zonder onderdelen die meer dan {readers.MAX_ZIP_RATIO} keer gecomprimeerd zijn; van de eerste tot de "
        "laatste gevulde cel",
        f"  hoogstens {readers.MAX_CELLEN:_} cellen per werkblad (een losse waarde ver buiten de tabel, bijvoorbeeld "
        "in cel XFD1048576,".replace("_", "."),
        "  telt mee: haal die weg). Binaire bestanden, UTF-16 en bestanden met NUL-tekens worden geweigerd.",
        "- Een foutwaarde van Excel (#DEEL/0!, #N/B, #WAARDE!, ook in het Engels) wordt als fout gemeld met de cel:",
        "  herstel de formule of vul de waarde zelf in. Een werkmap wordt gelezen zoals Excel hem het laatst berekende.",
        "- Een CSV-rij met meer waarden dan de kopregel wordt afgekeurd (meestal een scheidingsteken in een waarde:",
        "  zet die waarde tussen dubbele aanhalingstekens).",
        "- *Waarschuwing* boven een genoemde grens (bijvoorbeeld een huishouden van meer dan 10 personen): de",
        "  waarde kan kloppen en wordt gebruikt.",
        "- Controles tussen bestanden: elke verhuring hoort bij een woning in de voorraad; per kwartaal zijn er",
        "  minstens zoveel vrijgekomen woningen als verhuringen van bestaande woningen (geen nieuwbouw); een",
        "  kengetal met partij *Totaal* is gelijk aan de som van de partijen als beide geleverd zijn.",
        "- Rijnummers in meldingen zijn de rijnummers zoals in Excel of een teksteditor (eerste regel = 1).",
        "- Lege regels worden overgeslagen; een totaalregel of een exacte kopie van een regel wordt",
        "  afgewezen met een waarschuwing en komt in de tabel `rejects`.",
        "- Synthetische demodata begint met de regel `" + "SYNTHETISCHE DEMODATA — geen echte huurders" + "`",
        "  (in CSV als eerste regel, eventueel met `#` ervoor; in Excel als titelregel).",
        "",
    ]
    for partij in contract.partijen.values():
        r += [f"## {partij.naam} (`data/raw/<jaar>/{partij.partij}/`)", "", partij.levering, ""]
        for b in partij.bestanden:
            tabel = contract.tabellen[b.tabel]
            titel = f"`{b.patroon.replace('{jaar}', '<jaar>')}`" + (f", blad `{b.blad}`" if b.blad else "")
            r += [f"### {titel} → tabel `{b.tabel}`", "", tabel.omschrijving
                  + (" Zonder gegevens (alleen de kopregel) mag." if tabel.mag_leeg else ""), ""]
            if b.formaat == "csv":
                r += [f"Formaat: CSV, scheidingsteken `{b.scheidingsteken}`, decimaalteken `{b.decimaalteken}`"
                      + (f", duizendtallen `{b.duizendtal}`" if b.duizendtal else "") + ".", ""]
            else:
                r += [f"Formaat: Excel (.xlsx), werkblad `{b.blad}`.", ""]
            sleutel = [k.naam for k in b.kolommen if k.doel.naam in tabel.sleutel]
            if sleutel:
                r += ["Elke combinatie van " + ", ".join(f"`{s}`" for s in sleutel) + " komt maar één keer voor.", ""]
            r += ["| kolom | wordt | type | eenheid | verplicht | toegestaan | betekenis | afspraken |",
                  "|---|---|---|---|---|---|---|---|"]
            for k in b.kolommen:
                d = k.doel
                r.append("| " + " | ".join(_cel(x) for x in [
                    f"`{k.naam}`", f"`{d.naam}`", _TYPE_NL[d.type], d.eenheid or "", "ja" if d.verplicht else "nee",
                    _toegestaan(k, partij), d.betekenis, ", ".join(d.afspraken)]) + " |")
            r.append("")
    r += _reactie_sectie()
    r += ["## Afspraken", "",
          "De kolom *afspraken* verwijst naar de Prestatieafspraken sociaal wonen Leidschendam-Voorburg",
          "2026-2029: `1.3.2-18` is paragraaf 1.3.2, afspraak 18; een paragraaf alleen (`2.2.3`) verwijst",
          "naar de monitoringlijst van die paragraaf.", ""]
    return "\n".join(r)


def _reactie_sectie() -> list[str]:
    """The optional reaction of each party (prestatiemonitor.reacties)."""
    from prestatiemonitor import fmt, reacties  # local: reacties is read by validation, which imports this module

    mappen = ", ".join(f"`{m}/` ({n})" for m, n in reacties.PARTIJEN.items())
    return [
        f"## Reactie van elke partij (`data/raw/<jaar>/<partij>/{reacties.BESTAND}`, niet verplicht)", "",
        "Elke partij mag per verslagjaar een korte reactie op de monitor leveren; het rapport drukt die af in het",
        "hoofdstuk *Reacties van de partijen*, letterlijk en zonder opmaak, en meldt *geen reactie ontvangen* waar",
        f"er geen is. Mappen: {mappen}. De huurdersorganisaties hebben alleen deze map.", "",
        f"- Platte tekst in UTF-8, hoogstens {fmt.getal(reacties.MAX_TEKENS)} tekens.",
        "- Gewone Markdown: alinea's (een lege regel ertussen), *cursief*, **vet** en opsommingen. Niet toegestaan:",
        "  HTML of HTML-codes, kopjes (#), links, afbeeldingen, tabellen, codeblokken en blokken (:::).",
        "- Een fout in een reactie stopt de verwerking zoals elke andere fout; een lege reactie is een waarschuwing.",
        "",
    ]


def schrijf_readme(pad: Path | None = None) -> Path:
    """Regenerate data/raw/README.md from the contract YAML."""
    pad = pad or README
    pad.write_text(contract_markdown(), encoding="utf-8")
    return pad
