"""Turn a validated delivery into the harmonised tables of docs/architectuur.md.

Every raw data row is either used (it is in a table, traceable through bron_bestand/bron_rij) or
rejected (it is in ``rejects`` with the reason). Output is deterministic: sorted rows, the column
order of the contract, no timestamps, so reruns on the same input give byte-identical Parquet.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from prestatiemonitor import fmt, paths, readers
from prestatiemonitor.contract import Contract, Doelkolom, load_contract
from prestatiemonitor.validation import Bestandsresultaat, Leveringsfout, Validatierapport, beoordeel_levering

BRON_KOLOMMEN = ["bron_bestand", "bron_rij"]
REJECTS_KOLOMMEN = {"partij": "str", "bestand": "str", "rij": "Int64", "kolom": "str", "waarde": "str", "regel": "str"}
TELLING_KOLOMMEN = ["partij", "bestand", "gelezen", "gebruikt", "afgewezen"]


def dtype(doel: Doelkolom) -> str:
    """pandas dtype of a harmonised column."""
    if doel.type in ("geheel", "kwartaal"):
        return "int64" if doel.verplicht else "Int64"
    if doel.type == "decimaal":
        return "float64"
    if doel.type == "datum":
        return "datetime64[ns]"
    if doel.type == "ja_nee":
        return "bool" if doel.verplicht else "boolean"
    return "str"


def _leeg(contract: Contract, tabel: str) -> pd.DataFrame:
    kolommen = contract.tabellen[tabel].kolommen
    frame = pd.DataFrame({n: pd.Series([], dtype=dtype(d)) for n, d in kolommen.items()})
    frame["bron_bestand"] = pd.Series([], dtype="str")
    frame["bron_rij"] = pd.Series([], dtype="int64")
    return frame


def _uit_resultaat(res: Bestandsresultaat, contract: Contract) -> tuple[pd.DataFrame, dict[str, object]]:
    """The used rows of one file in the columns of its table, and apart from them the columns that hold
    one value for the whole file (from the contract, and bron_bestand): {column: value}. Those are filled
    in after sorting (a national stock has millions of rows)."""
    tabel = contract.tabellen[res.bestand.tabel]
    frame = res.frame
    afgewezen = res.afgewezen_rijen()
    if afgewezen:
        frame = frame[~frame.index.isin(list(afgewezen))]
    index = pd.RangeIndex(len(frame))
    kolommen = {naam: pd.Series(frame[naam].array, index=index, copy=False)
                for naam, doel in tabel.kolommen.items() if doel.bron != "contract"}
    kolommen["bron_rij"] = pd.Series(frame.index.to_numpy(dtype="int64"), index=index, copy=False)
    vast = {naam: res.partij.corporatie for naam, doel in tabel.kolommen.items() if doel.bron == "contract"}
    vast["bron_bestand"] = res.label
    return pd.DataFrame(kolommen, index=index, copy=False), vast


def _volgorde(sleutels: pd.DataFrame):
    """Row order of ``sleutels.sort_values(list(sleutels), kind="mergesort", na_position="last")`` (a
    stable sort, empty values last), computed by pyarrow; None when the rows are already in that order."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    namen = list(sleutels.columns)
    try:
        tabel = pa.Table.from_pandas(sleutels, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        volgorde = sleutels.reset_index(drop=True).sort_values(namen, kind="mergesort", na_position="last").index.to_numpy()
    else:
        # sort_indices is stable, like mergesort; text compares by code point, as in pandas
        volgorde = pc.sort_indices(tabel, sort_keys=[(k, "ascending", "at_end") for k in namen]).to_numpy()
    return None if np.array_equal(volgorde, np.arange(len(sleutels))) else volgorde


def _sorteer(frame: pd.DataFrame, contract: Contract, tabel: str, stuk=None, vast: list[dict] | None = None
             ) -> pd.DataFrame:
    """Typed as the contract says, sorted by the table's key and bron_bestand/bron_rij, in the contract's
    column order. ``stuk`` numbers the file of each row and ``vast`` holds per file the columns with one
    value (see _uit_resultaat); they are sorted as the rank of their value and filled in afterwards."""
    import numpy as np
    import pyarrow as pa

    t = contract.tabellen[tabel]
    typen = {n: dtype(d) for n, d in t.kolommen.items()} | {"bron_bestand": "str", "bron_rij": "int64"}
    vast = vast or []
    vaste = [k for k in typen if vast and k in vast[0]]
    frame = frame.astype({n: d for n, d in typen.items() if n in frame.columns})
    sleutel = list(t.sleutel) + BRON_KOLOMMEN
    sleutels = {}
    for k in sleutel:
        if k in vaste:
            waarden = [v[k] for v in vast]
            rang = {w: i for i, w in enumerate(sorted({w for w in waarden if w is not None}))}
            sleutels[k] = np.array([rang.get(w, len(rang)) for w in waarden], dtype=np.int64)[stuk]
        else:
            sleutels[k] = frame[k].array
    volgorde = _volgorde(pd.DataFrame(sleutels, copy=False))
    del sleutels
    if volgorde is not None:
        frame = frame.take(volgorde)
        stuk = stuk[volgorde] if stuk is not None else None
    frame = frame.reset_index(drop=True)
    for k in vaste:
        waarden = pa.array([v[k] for v in vast], pa.large_string()).take(pa.array(stuk))
        frame[k] = pd.Series(pd.array(waarden, dtype="str"), index=frame.index).astype(typen[k])
    return frame[list(t.kolommen) + BRON_KOLOMMEN]


def harmoniseer(resultaten: list[Bestandsresultaat], contract: Contract | None = None) -> dict[str, pd.DataFrame]:
    """Parsed files -> one DataFrame per harmonised table, plus ``rejects``."""
    import numpy as np

    contract = contract or load_contract()
    tabellen = {}
    for tabel in contract.tabellen:
        stukken, vast = [], []
        for res in resultaten:
            if res.frame is not None and res.bestand.tabel == tabel:
                stuk, waarden = _uit_resultaat(res, contract)
                if not stuk.empty:
                    stukken.append(stuk)
                    vast.append(waarden)
        if not stukken:
            tabellen[tabel] = _sorteer(_leeg(contract, tabel), contract, tabel)
            continue
        nummer = np.repeat(np.arange(len(stukken), dtype=np.int32), [len(s) for s in stukken])
        frame = pd.concat(stukken, ignore_index=True) if len(stukken) > 1 else stukken[0]
        del stukken
        tabellen[tabel] = _sorteer(frame, contract, tabel, nummer, vast)
        del frame
        readers.geef_geheugen_vrij()  # the unsorted pieces of a national stock are several 100 MB
    tabellen["rejects"] = rejects(resultaten)
    return tabellen


def rejects(resultaten: list[Bestandsresultaat]) -> pd.DataFrame:
    """Every rejected raw row with its reason (one row per row; reasons joined)."""
    rijen = []
    for res in resultaten:
        afgewezen = res.afgewezen_rijen()
        per_rij: dict[int, list] = {}
        for b in res.bevindingen:
            if b.rij in afgewezen and (b.afwijzen or b.ernst == "fout"):
                per_rij.setdefault(b.rij, []).append(b)
        for rij, lijst in per_rij.items():
            rijen.append({
                "partij": lijst[0].partij,
                "bestand": res.label,
                "rij": rij,
                "kolom": "; ".join(dict.fromkeys(b.kolom for b in lijst if b.kolom)) or None,
                "waarde": "; ".join(dict.fromkeys(b.waarde for b in lijst if b.waarde is not None)) or None,
                "regel": "; ".join(dict.fromkeys(b.regel for b in lijst)),
            })
    frame = pd.DataFrame(rijen, columns=list(REJECTS_KOLOMMEN)).astype(REJECTS_KOLOMMEN)
    return frame.sort_values(["partij", "bestand", "rij"], kind="mergesort").reset_index(drop=True)


def telling(rapport: Validatierapport) -> pd.DataFrame:
    """Per file: rows read, used and rejected."""
    frame = pd.DataFrame([vars(t) for t in rapport.aantallen], columns=TELLING_KOLOMMEN)
    return frame.sort_values(["partij", "bestand"], kind="mergesort").reset_index(drop=True)


class Telfout(RuntimeError):
    """Rows went missing between reading and writing (a defect in the monitor, not in the delivery)."""


def controleer_volledig(tabellen: dict[str, pd.DataFrame], rapport: Validatierapport) -> None:
    """Every read row is used (in a table, by bron_bestand) or rejected (in rejects): nothing lost."""
    gebruikt: dict[str, int] = {}
    for naam, frame in tabellen.items():
        if naam != "rejects" and len(frame):
            for bestand, n in frame.groupby("bron_bestand").size().items():
                gebruikt[bestand] = gebruikt.get(bestand, 0) + int(n)
    afgewezen = tabellen["rejects"].groupby("bestand").size().to_dict() if len(tabellen["rejects"]) else {}
    verschillen = []
    for t in rapport.aantallen:
        g, a = gebruikt.get(t.bestand, 0), int(afgewezen.get(t.bestand, 0))
        if (g, a) != (t.gebruikt, t.afgewezen) or t.gelezen != g + a:
            verschillen.append(f"{t.bestand}: {t.gelezen} gelezen, {g} in de tabellen, {a} afgewezen")
    if verschillen:
        raise Telfout("Regels zijn zoekgeraakt bij het opschonen (fout in de monitor): " + "; ".join(verschillen))


def schrijf(tabellen: dict[str, pd.DataFrame], rapport: Validatierapport, out_dir: Path) -> list[Path]:
    controleer_volledig(tabellen, rapport)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    geschreven = []
    for naam, frame in sorted(tabellen.items()):
        pad = out_dir / f"{naam}.parquet"
        frame.to_parquet(pad, index=False, engine="pyarrow", compression="zstd")
        geschreven.append(pad)
    pad = out_dir / "telling.csv"
    telling(rapport).to_csv(pad, index=False, lineterminator="\n")
    geschreven.append(pad)
    return geschreven


def telling_tekst(processed_dir: Path) -> str:
    """Dutch lines for the analyst (and the colofon): per file rows read, used and rejected,
    from ``telling.csv`` in a processed folder written by ``schrijf``."""
    pad = Path(processed_dir) / "telling.csv"
    if not pad.exists():
        return f"Geen telling gevonden ({pad} ontbreekt)."
    t = pd.read_csv(pad, dtype={"partij": str, "bestand": str}, keep_default_na=False)
    regels = [f"Regels per bestand: {fmt.getal(int(t.gelezen.sum()))} gelezen, {fmt.getal(int(t.gebruikt.sum()))} "
              f"gebruikt, {fmt.getal(int(t.afgewezen.sum()))} afgewezen (met reden in rejects)."]
    breedte = max((len(f"{r.partij} — {r.bestand}") for r in t.itertuples()), default=0)
    for r in t.itertuples():
        naam = f"{r.partij} — {r.bestand}"
        regels.append(f"  {naam:<{breedte}}  {fmt.getal(r.gelezen):>7} gelezen  {fmt.getal(r.gebruikt):>7} gebruikt  "
                      f"{fmt.getal(r.afgewezen):>5} afgewezen")
    return "\n".join(regels)


def clean_year(jaar: int, raw_root: Path = paths.RAW, out_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Validate, harmonise and write every table; raises Leveringsfout when the delivery has errors."""
    rapport, resultaten = beoordeel_levering(jaar, raw_root)
    if not rapport.ok:
        raise Leveringsfout(rapport)
    tabellen = harmoniseer(resultaten)
    schrijf(tabellen, rapport, out_dir if out_dir is not None else paths.processed_dir(jaar))
    return tabellen
