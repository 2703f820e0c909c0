"""Plumbing shared by the theme notebooks 20-50, so that no notebook copies it from another:

- the register's norms (targets and thresholds are data in data/reference/afspraken.yaml);
- the gemeente's kengetallen, which may be missing (no value -> no indicator row -> the
  scorecard says ``geen gegevens``), and whether a code is in the data contract yet;
- the stock mutations counted per unit (a home that is both sold and demolished leaves the
  DAEB stock once);
- energy labels;
- the SVH huur-inkomenstabel (data/reference/svh_huurinkomenstabel.csv) and the check of a
  letting against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from prestatiemonitor import kengetallen, paths, register as reg, yamlbestand
from prestatiemonitor.indicators import ALLE
from prestatiemonitor.reference import ReferentieFout

CORPORATIES = list(reg.CORPORATIES)

# Energy labels from best to worst (as in the data contract, table voorraad, column energielabel).
ENERGIELABELS = ["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"]
LABELS_EFG = ["E", "F", "G"]
LABELS_A_OF_BETER = ["A++++", "A+++", "A++", "A+", "A"]

SVH_BESTAND = "svh_huurinkomenstabel.csv"
SVH_KOLOMMEN = ["jaar", "huishoudgrootte_van", "huishoudgrootte_tot", "aow_leeftijd", "inkomen_boven",
                "inkomen_tot_en_met", "max_kale_huur", "grondslag", "status", "bron"]


# ---------------------------------------------------------------------------- per corporation

def per_corporatie(df: pd.DataFrame, corporaties: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """{Vidomes: rows, WoonInvest: rows, totaal: all rows}. A corporation without rows still gets
    an (empty) entry, so a count of 0 is recorded instead of being left out."""
    corporaties = CORPORATIES if corporaties is None else corporaties
    uit = {c: df[df["corporatie"] == c] for c in corporaties}
    binnen = df["corporatie"].isin(corporaties)
    # All rows (the usual case): a lazy copy (copy-on-write) instead of a second national stock in memory.
    uit[ALLE] = df.copy(deep=False) if binnen.all() else df[binnen]
    return uit


# ---------------------------------------------------------------------------- register norms

def eis(afspraak_id: str, indicator: str | None = None, *, register_pad: Path | None = None) -> dict:
    """The requirement of an afspraak in the register (e.g. eis("5.2")["waarde"] -> 1.4).

    With `indicator`, the requirement on that indicator (an afspraak may have several)."""
    afspraken = {a.id: a for a in reg.afspraken(register_pad)}
    if afspraak_id not in afspraken:
        raise reg.RegisterFout(f"Afspraak {afspraak_id} staat niet in data/reference/afspraken.yaml.")
    eisen = [e for e in afspraken[afspraak_id].eisen if indicator is None or e.get("indicator") == indicator]
    if not eisen:
        wat = f" voor indicator {indicator}" if indicator else ""
        raise reg.RegisterFout(f"Afspraak {afspraak_id} heeft in data/reference/afspraken.yaml geen norm{wat}.")
    return eisen[0]


# ---------------------------------------------------------------------------- gemeente kengetallen

@dataclass
class Kengetal:
    code: str
    waarde: float | None  # None: not delivered
    rijen: pd.DataFrame  # the delivered rows the value was taken from (bron_bestand, bron_rij)
    in_contract: bool  # the code is in the gemeente's data contract (it can be delivered)

    @property
    def geleverd(self) -> bool:
        return self.waarde is not None

    def ontbreekt_tekst(self, jaar: int) -> str:
        """Dutch sentence for the report when the value is missing ('' when it was delivered)."""
        if self.geleverd:
            return ""
        tekst = f"De gemeente heeft het kengetal `{self.code}` voor {jaar} niet geleverd"
        if not self.in_contract:
            tekst += (" (de code staat nog niet in het datacontract van de gemeente, "
                      "`data/reference/contract/gemeente.yaml`, dus aanleveren kan nog niet)")
        return tekst + "; de monitor schat niets, de scorekaart meldt *geen gegevens*."


def lees_kengetallen(processed: Path) -> pd.DataFrame:
    """gemeente_kengetallen.parquet; an empty table when the gemeente delivered nothing."""
    pad = Path(processed) / "gemeente_kengetallen.parquet"
    if not pad.exists():
        return pd.DataFrame(columns=["kengetal", "periode", "partij", "waarde", "eenheid", "toelichting",
                                     "bron_bestand", "bron_rij"])
    return pd.read_parquet(pad)


def kengetal_codes_in_contract(reference_dir: Path | None = None) -> set[str]:
    """Kengetal codes the gemeente can deliver: the allowed values of gemeente_kengetallen.kengetal."""
    pad = Path(reference_dir or paths.REFERENCE) / "contract" / "tabellen.yaml"
    try:
        data = yamlbestand.laad(pad.read_text(encoding="utf-8")) or {}
        return set(data["tabellen"]["gemeente_kengetallen"]["kolommen"]["kengetal"].get("toegestaan") or [])
    except (OSError, KeyError, TypeError, yamlbestand.YAMLError):
        return set()


def kengetal(tabel: pd.DataFrame, code: str, partij: str = ALLE, *, optellen: bool = True,
             reference_dir: Path | None = None) -> Kengetal:
    """One kengetal for the year, through prestatiemonitor.kengetallen (year row, else a complete
    set of half years or quarters; `optellen=False` for a stand such as the housing stock), plus
    the delivered rows and whether the code is in the data contract yet."""
    waarde = kengetallen.jaarwaarde(tabel, code, partij, stand=not optellen).waarde
    return Kengetal(code, waarde, kengetallen.rijen(tabel, code, partij),
                    code in kengetal_codes_in_contract(reference_dir))


# ---------------------------------------------------------------------------- stock mutations

def daeb_mutaties(mutaties: pd.DataFrame, corporaties: list[str] | None = None) -> pd.DataFrame:
    """DAEB mutations per corporation (+ totaal), counted in units (distinct vhe_id):

    nieuwbouw, aankoop, verkocht, gesloopt, onttrokken (sold or demolished: a unit that is both
    counts once) and saldo = nieuwbouw - onttrokken (purchases do not compensate: the agreement
    asks for new build)."""
    corporaties = CORPORATIES if corporaties is None else corporaties
    daeb = mutaties[mutaties["daeb"].astype(bool)]
    rijen = []
    for corp, groep in per_corporatie(daeb, corporaties).items():
        sleutel = groep["corporatie"] + "|" + groep["vhe_id"].astype(str)  # vhe_id is unique per corporation
        eenheden = lambda soorten: sleutel[groep["mutatie"].isin(soorten)].nunique()  # noqa: E731
        rij = {"corporatie": corp, "nieuwbouw": eenheden(["nieuwbouw"]), "aankoop": eenheden(["aankoop"]),
               "verkocht": eenheden(["verkoop"]), "gesloopt": eenheden(["sloop"]),
               "onttrokken": eenheden(["verkoop", "sloop"])}
        rij["saldo"] = rij["nieuwbouw"] - rij["onttrokken"]
        rijen.append(rij)
    return pd.DataFrame(rijen).set_index("corporatie")


# ---------------------------------------------------------------------------- lettings

def daeb_van_verhuringen(verhuringen: pd.DataFrame, voorraad: pd.DataFrame, jaar: int) -> pd.Series:
    """Whether the let home is DAEB, from the stock on 31 December, else on 1 January (a home sold
    during the year); <NA> when the home is in neither (the data contract forbids that)."""
    def daeb_op(peildatum):
        v = voorraad.loc[voorraad["peildatum"] == peildatum, ["corporatie", "vhe_id", "daeb"]]  # only what is used
        return v.set_index(v["corporatie"] + "|" + v["vhe_id"].astype(str))["daeb"].astype("boolean")

    sleutel = verhuringen["corporatie"] + "|" + verhuringen["vhe_id"].astype(str)
    eind, begin = daeb_op(pd.Timestamp(jaar, 12, 31)), daeb_op(pd.Timestamp(jaar, 1, 1))
    uit = sleutel.map(eind).astype("boolean")
    return uit.fillna(sleutel.map(begin).astype("boolean")).rename("daeb")


def svh_tabel(jaar: int, reference_dir: Path | None = None) -> pd.DataFrame:
    """The SVH huur-inkomenstabel of one year (data/reference/svh_huurinkomenstabel.csv), checked."""
    pad = Path(reference_dir or paths.REFERENCE) / SVH_BESTAND
    if not pad.exists():
        raise ReferentieFout(f"De SVH huur-inkomenstabel ontbreekt: {pad}.")
    tabel = pd.read_csv(pad, dtype={"aow_leeftijd": str})
    ontbreekt = [k for k in SVH_KOLOMMEN if k not in tabel.columns]
    if ontbreekt:
        raise ReferentieFout(f"{SVH_BESTAND}: kolom(men) {', '.join(ontbreekt)} ontbreken.")
    rijen = tabel[tabel["jaar"] == jaar].copy()
    if rijen.empty:
        jaren = ", ".join(str(j) for j in sorted(tabel["jaar"].unique()))
        raise ReferentieFout(f"Geen SVH huur-inkomenstabel voor {jaar} in data/reference/{SVH_BESTAND} "
                             f"(wel voor: {jaren}). Voeg de tabel van {jaar} toe met haar bron.")
    onbekend = sorted(set(rijen["aow_leeftijd"]) - {"ja", "nee"})
    if onbekend:
        raise ReferentieFout(f"{SVH_BESTAND}: aow_leeftijd moet ja of nee zijn, gevonden {', '.join(onbekend)}.")
    rijen["aow_leeftijd"] = rijen["aow_leeftijd"] == "ja"
    if rijen["max_kale_huur"].isna().any():
        raise ReferentieFout(f"{SVH_BESTAND}: max_kale_huur is leeg in een regel van {jaar}.")
    return rijen.reset_index(drop=True)


def svh_max_huur(verhuringen: pd.DataFrame, tabel: pd.DataFrame) -> pd.Series:
    """Per letting the highest kale huur the SVH table allows for its household size, AOW age and
    income. A letting that matches no row or more than one is an error in the table (Dutch message)."""
    import numpy as np

    # Every letting against every table row at once (the table has a few dozen rows): the same
    # conditions as a loop over the lettings, without per-row Python (200.000 lettings at national scale).
    t = tabel
    grootte = pd.to_numeric(verhuringen["huishoudgrootte"], errors="coerce").to_numpy(dtype=float)[:, None]
    inkomen = pd.to_numeric(verhuringen["inkomen"], errors="coerce").to_numpy(dtype=float)[:, None]
    aow = np.array([bool(x) for x in verhuringen["aow_leeftijd"]], dtype=bool)[:, None]

    def kol(naam):
        return pd.to_numeric(t[naam], errors="coerce").to_numpy(dtype=float)[None, :]

    with np.errstate(invalid="ignore"):
        m = ((kol("huishoudgrootte_van") <= grootte)
             & (np.isnan(kol("huishoudgrootte_tot")) | (grootte <= kol("huishoudgrootte_tot")))
             & (t["aow_leeftijd"].to_numpy(dtype=bool)[None, :] == aow)
             & (np.isnan(kol("inkomen_boven")) | (inkomen > kol("inkomen_boven")))
             & (np.isnan(kol("inkomen_tot_en_met")) | (inkomen <= kol("inkomen_tot_en_met"))))
    aantal = m.sum(axis=1)
    if (aantal != 1).any():
        i = int(np.flatnonzero(aantal != 1)[0])
        r = verhuringen.iloc[i]
        raise ReferentieFout(
            f"{SVH_BESTAND}: de verhuring van {r['corporatie']} {r['vhe_id']} (huishouden van "
            f"{r['huishoudgrootte']}, inkomen {r['inkomen']:.0f}, AOW-leeftijd "
            f"{'ja' if r['aow_leeftijd'] else 'nee'}) past in {int(aantal[i])} regels van de tabel; "
            "verwacht precies één.")
    waarden = t["max_kale_huur"].to_numpy(dtype=float)
    return pd.Series(waarden[m.argmax(axis=1)] if len(m) else np.zeros(0), index=verhuringen.index,
                     name="max_kale_huur", dtype=float)
