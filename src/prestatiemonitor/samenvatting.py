"""The summary after the title page (notebook 90): what the headline counts count, what was not
achieved and by whom, one line per corporation, the kerncijfers with their norm and the year
before, and the caveats in one sentence.

Headline counts count verdicts only (status.BEOORDEELD) on afspraken of the agreement text; the
provisional themes (af_te_stemmen), the afspraken that are followed without a norm (gevolgd) and
those without data are named beside them, never mixed in.
"""

from __future__ import annotations

import pandas as pd

from prestatiemonitor import fmt, privacy, register as reg, status
from prestatiemonitor.indicators import ALLE


def kopcijfers(scorekaart: pd.DataFrame) -> dict[str, int]:
    """Counts for the summary: the four verdicts (rows of the agreement text), and beside them
    ``gevolgd``, ``geen gegevens`` (same rows) and ``voorlopig`` (rows of the provisional themes)."""
    tekst = scorekaart[~scorekaart["af_te_stemmen"].astype(bool)]
    geteld = status.beoordeeld(scorekaart)["status"].value_counts()
    uit = {s: int(geteld.get(s, 0)) for s in status.BEOORDEELD}
    uit["beoordeeld"] = sum(uit[s] for s in status.BEOORDEELD)
    uit["gevolgd"] = int((tekst["status"] == "gevolgd").sum())
    uit["geen gegevens"] = int((tekst["status"] == "geen gegevens").sum())
    uit["voorlopig"] = int(scorekaart["af_te_stemmen"].astype(bool).sum())
    return uit


def kopzin(k: dict[str, int], jaar: int) -> str:
    """The headline sentence; its first number is the number of judged rows."""
    delen = [f"{fmt.getal(k[s])} {status.SYMBOLEN[s]} {s}" for s in status.BEOORDEELD]
    zin = (f"Over {jaar} zijn **{fmt.getal(k['beoordeeld'])} beoordelingen** tegen een norm uit de tekst van de "
           f"overeenkomst gedaan (een afspraak per corporatie telt per corporatie): {', '.join(delen[:-1])} en {delen[-1]}.")
    zin += (f" Daarnaast volgt de monitor {_aantal(k['gevolgd'], 'afspraak', 'afspraken')} zonder toetsbare norm "
            f"({status.SYMBOLEN['gevolgd']} gevolgd) en ontbreken voor {_aantal(k['geen gegevens'], 'afspraak', 'afspraken')} "
            f"gegevens ({status.SYMBOLEN['geen gegevens']} geen gegevens); die tellen niet mee.")
    return zin


def _aantal(n: int, enkel: str, meer: str) -> str:
    return f"{fmt.getal(n)} {enkel if n == 1 else meer}"


def _wie(r) -> str:
    return status.partij_label(r.partij, r.corporatie or None)


def _reden(r) -> str:
    """Value and the first sentence of the explanation, for one line of the summary."""
    eerste = str(r.toelichting).split(". ")[0].rstrip(".")
    delen = [d for d in (f"norm {r.norm}" if r.norm else "", f"waarde {r.waarde}" if r.waarde else "",
                         eerste if eerste and not eerste.startswith(("Voorlopig", "Berust")) else "") if d]
    return "; ".join(delen)


def aandachtspunten(gepubliceerd: pd.DataFrame) -> list[str]:
    """One Markdown list item per judged row that is niet behaald or aandacht nodig (agreement text
    only), with the party the text holds to it and why."""
    rijen = status.beoordeeld(gepubliceerd)
    regels = []
    for s in ("niet behaald", "aandacht nodig"):
        for r in rijen[rijen["status"] == s].itertuples():
            regels.append(f"- {status.SYMBOLEN[s]} **{r.id}** {r.titel} ({_wie(r)}): {_reden(r)}.")
    return regels


def per_corporatie(gepubliceerd: pd.DataFrame) -> list[str]:
    """One line per corporation: its own verdicts (afspraken judged per corporation) and the shared
    afspraken it is party to that were not achieved."""
    rijen = status.beoordeeld(gepubliceerd)
    regels = []
    for c in reg.CORPORATIES:
        eigen = rijen[rijen["corporatie"] == c]
        telling = eigen["status"].value_counts()
        delen = [f"{fmt.getal(int(telling.get(s, 0)))} {s}" for s in status.BEOORDEELD if telling.get(s, 0)]
        zin = f"- **{c}**: {_aantal(len(eigen), 'eigen beoordeling', 'eigen beoordelingen')}" + (f" ({', '.join(delen)})" if delen else "")
        open_ = list(eigen.loc[eigen["status"].isin(["niet behaald", "aandacht nodig"]), "id"])
        gedeeld = rijen[(rijen["corporatie"] == "") & rijen["partij"].map(lambda p: c in p.split(", "))
                        & (rijen["status"] == "niet behaald")]
        if open_:
            zin += f"; niet behaald of aandacht nodig: {', '.join(open_)}"
        if not gedeeld.empty:
            zin += f"; samen met anderen niet behaald: {', '.join(gedeeld['id'])}"
        regels.append(zin + ".")
    return regels


def overzicht_per_thema(scorekaart: pd.DataFrame, themas: dict[int, str]) -> tuple[pd.DataFrame, str]:
    """Per status a row, per theme of the agreement text a column, and a column "Totaal": first the
    four verdicts and their sum ("Beoordeeld", counted), then gevolgd and geen gegevens (beside the
    count). Plus a sentence naming the provisional themes with their number of rows (never counted)."""
    kolommen, voorlopig = {}, []
    for thema, naam in themas.items():
        deel = scorekaart[scorekaart["thema"] == thema]
        if deel.empty:
            continue
        if deel["af_te_stemmen"].astype(bool).all():
            voorlopig.append(f"{thema} ({naam}, {_aantal(len(deel), 'beoordeling', 'beoordelingen')})")
            continue
        telling = deel["status"].value_counts()
        kolommen[f"Thema {thema}: {naam}"] = [int(telling.get(s, 0)) for s in status.STATUSSEN]
    df = pd.DataFrame(kolommen, index=status.STATUSSEN)
    df["Totaal"] = df.sum(axis=1)
    beoordeeld = df.loc[status.BEOORDEELD].sum().rename("Beoordeeld (telt mee)")
    df = pd.concat([df.loc[status.BEOORDEELD], beoordeeld.to_frame().T, df.loc[["gevolgd", "geen gegevens"]]])
    df.index = [f"{status.SYMBOLEN[s]} {s}" if s in status.SYMBOLEN else s for s in df.index]
    df = df.rename_axis("Status").reset_index()
    zin = ("Voorlopig en niet geteld, omdat de afspraken niet in de beschikbare tekst staan: thema "
           + ", ".join(voorlopig) + ".") if voorlopig else ""
    return df, zin


def kerncijfer_tekst(indicator: str, waarde, catalogus: pd.DataFrame, publicatie: bool = True) -> str:
    """A kerncijfer (a total over both corporations) in its unit, small counts protected."""
    if waarde is None or pd.isna(waarde):
        return fmt.LEEG
    info = catalogus.loc[indicator] if indicator in catalogus.index else None
    eenheid = info["eenheid"] if info is not None else "aantal"
    if eenheid == "aandeel":
        return fmt.procent(waarde)
    if eenheid == "euro":
        return fmt.euro(waarde, 0)
    if publicatie and info is not None and info["publicatie"] != "vrij":
        return privacy.onderdruk(waarde, info["publicatie"])
    return fmt.getal(waarde)


def totaal(indicatoren: pd.DataFrame, indicator: str, jaar: int):
    """The value over both corporations (corporatie totaal) of one year, or None."""
    rij = indicatoren[(indicatoren["indicator"] == indicator) & (indicatoren["corporatie"] == ALLE)
                      & (indicatoren["jaar"] == jaar)]
    return None if rij.empty else rij["waarde"].iloc[-1]


def voorbehoud(k: dict[str, int], geraamd: dict[str, str], jaar: int) -> str:
    """The provisional and estimated caveats in one sentence."""
    zin = (f"Let op: de {fmt.getal(k['voorlopig'])} beoordelingen van de thema's Nieuwbouw, Leefbaarheid en "
           "Duurzaamheid zijn voorlopig (die afspraken staan niet in de beschikbare tekst) en tellen niet mee")
    if geraamd:
        soort = sorted({str(v).split(";")[0] for v in geraamd.values()})
        zin += (f"; {fmt.getal(len(geraamd))} huur- en inkomensgrenzen van {jaar} zijn nog niet door de Rijksoverheid "
                f"bevestigd ({' / '.join(soort)}), dus de cijfers die erop rusten zijn voorlopig (het colofon noemt ze)")
    return zin + "."
