"""Compare two versions of an output, with Dutch messages a reviewer can read.

Shared by ``prestatiemonitor verify`` (published year vs. a fresh rerun) and the back-test
snapshots (tests/snapshots/<jaar>/ vs. a fresh run of the demo years). CSV files are compared
row by row on their key (indicatoren.csv: afspraak + indicator + corporatie; scorekaart.csv:
id + corporatie), other files as bytes with a short hint of what differs.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

# Key columns per kind of CSV, first match (all columns present, unique in both files) wins.
SLEUTELS = [
    ["jaar", "afspraak", "indicator", "corporatie"],
    ["afspraak", "indicator", "corporatie"],
    ["id", "corporatie"],
]
MAX_REGELS = 50  # per file; the rest is counted


def lees_csv(pad: Path) -> pd.DataFrame:
    """Any CSV of the project as text: ',' or ';' (scorekaart.csv, for Excel), with or without BOM."""
    tekst = Path(pad).read_text(encoding="utf-8-sig")
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") > eerste.count(",") else ","
    return pd.read_csv(io.StringIO(tekst), sep=scheiding, dtype=str, keep_default_na=False)


def _sleutel(oud: pd.DataFrame, nieuw: pd.DataFrame) -> list[str] | None:
    for kolommen in SLEUTELS:
        if all(k in oud.columns and k in nieuw.columns for k in kolommen) and \
                not oud.duplicated(kolommen).any() and not nieuw.duplicated(kolommen).any():
            return kolommen
    return None


def rijnaam(sleutel: dict) -> str:
    """'indicator X (afspraak, corporatie)' for indicator rows, 'afspraak 2.2.3 (Vidomes)' for
    scorecard rows, else the key values."""
    if "indicator" in sleutel:
        delen = [sleutel.get("afspraak", ""), sleutel.get("corporatie", "")]
        return f"indicator {sleutel['indicator']} ({', '.join(d for d in delen if d)})"
    if "id" in sleutel:
        corp = sleutel.get("corporatie") or ""
        return f"afspraak {sleutel['id']}" + (f" ({corp})" if corp else "")
    return ", ".join(f"{k} {v}" for k, v in sleutel.items())


def _waarde(x: str) -> str:
    return f"'{x}'" if x != "" else "(leeg)"


def verschillen_csv(oud_pad: Path, nieuw_pad: Path) -> list[str]:
    """Changed, added and removed rows, e.g.
    "indicator aandeel_tot_x (2.2.3, Vidomes): van '0.41' naar '0.42'" (the value column) or
    "indicator aandeel_tot_x (2.2.3, Vidomes): teller van '10' naar '11'" (any other column)."""
    oud, nieuw = lees_csv(oud_pad), lees_csv(nieuw_pad)
    regels: list[str] = []
    if list(oud.columns) != list(nieuw.columns):
        weg = [k for k in oud.columns if k not in nieuw.columns]
        bij = [k for k in nieuw.columns if k not in oud.columns]
        regels.append("kolommen verschillen: " + "; ".join(
            x for x in (f"verdwenen: {', '.join(weg)}" if weg else "",
                        f"nieuw: {', '.join(bij)}" if bij else "",
                        "andere volgorde" if not weg and not bij else "") if x))
    gedeeld = [k for k in oud.columns if k in nieuw.columns]
    sleutel = _sleutel(oud, nieuw)
    if sleutel is None:  # no key: compare row by row (row 2 = first data row, as in a spreadsheet)
        for i in range(max(len(oud), len(nieuw))):
            a = oud.iloc[i][gedeeld].tolist() if i < len(oud) else None
            b = nieuw.iloc[i][gedeeld].tolist() if i < len(nieuw) else None
            if a != b:
                regels.append(f"rij {i + 2}: van {a if a is not None else '(geen rij)'} "
                              f"naar {b if b is not None else '(geen rij)'}")
        return regels

    o = oud.set_index(sleutel, drop=False)
    n = nieuw.set_index(sleutel, drop=False)
    for k in _volgorde(o, n):
        if k not in n.index:
            rij = o.loc[k]
            regels.append(f"{rijnaam(dict(zip(sleutel, _tuple(k))))}: verdwenen"
                          + (f" (was {_waarde(rij['waarde'])})" if "waarde" in rij else ""))
        elif k not in o.index:
            rij = n.loc[k]
            regels.append(f"{rijnaam(dict(zip(sleutel, _tuple(k))))}: nieuw"
                          + (f" ({_waarde(rij['waarde'])})" if "waarde" in rij else ""))
        else:
            a, b = o.loc[k], n.loc[k]
            naam = rijnaam(dict(zip(sleutel, _tuple(k))))
            for kol in gedeeld:
                if kol in sleutel or a[kol] == b[kol]:
                    continue
                wat = "" if kol == "waarde" else f"{kol} "
                regels.append(f"{naam}: {wat}van {_waarde(a[kol])} naar {_waarde(b[kol])}")
    if not regels and oud.values.tolist() != nieuw.values.tolist():
        regels.append("dezelfde rijen, maar in een andere volgorde")
    return regels


def _tuple(k) -> tuple:
    return k if isinstance(k, tuple) else (k,)


def _volgorde(o: pd.DataFrame, n: pd.DataFrame) -> list:
    """Keys in file order: the old file's rows first, then rows only in the new file."""
    gezien = set(o.index.tolist())
    return o.index.tolist() + [k for k in n.index.tolist() if k not in gezien]


def verschillen_notebook(oud_pad: Path, nieuw_pad: Path) -> list[str]:
    """Which cells of an executed notebook differ (source or output), named as the auditor sees them."""
    try:
        a = json.loads(Path(oud_pad).read_text(encoding="utf-8"))
        b = json.loads(Path(nieuw_pad).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return ["inhoud verschilt (geen leesbaar notebook)"]
    regels = []
    ca, cb = a.get("cells", []), b.get("cells", [])
    if len(ca) != len(cb):
        regels.append(f"aantal cellen van {len(ca)} naar {len(cb)}")
    for i, (x, y) in enumerate(zip(ca, cb), start=1):
        if x == y:
            continue
        naam = f"cel {i}" + (f" (In [{x['execution_count']}])" if x.get("execution_count") else "")
        delen = [wat for wat, sleutel in (("bron", "source"), ("uitvoer", "outputs"), ("metadata", "metadata"),
                                          ("id", "id"), ("uitvoernummer", "execution_count"))
                 if x.get(sleutel) != y.get(sleutel)]
        regels.append(f"{naam}: {', '.join(delen) or 'verschilt'}")
    if a.get("metadata") != b.get("metadata"):
        regels.append("notebook-metadata verschilt")
    return regels or ["opmaak van het bestand verschilt (inhoud gelijk)"]


def verschillen_parquet(oud_pad: Path, nieuw_pad: Path) -> list[str]:
    try:
        a, b = pd.read_parquet(oud_pad), pd.read_parquet(nieuw_pad)
    except Exception:  # noqa: BLE001 - an unreadable file is still reported as different
        return ["inhoud verschilt (niet als Parquet te lezen)"]
    if list(a.columns) != list(b.columns):
        return [f"kolommen van {list(a.columns)} naar {list(b.columns)}"]
    if len(a) != len(b):
        return [f"aantal rijen van {len(a)} naar {len(b)}"]
    if not a.equals(b):
        ongelijk = ~((a == b) | (a.isna() & b.isna()))
        rijen = ongelijk.any(axis=1)
        kolommen = [k for k in a.columns if ongelijk[k].any()]
        if not rijen.any():
            return [f"typen van de kolommen verschillen: {dict(a.dtypes.astype(str))} / {dict(b.dtypes.astype(str))}"]
        eerste = int(rijen.to_numpy().nonzero()[0][0])
        k = kolommen[0]
        return [f"{int(rijen.sum())} rij(en) anders in kolom(men) {', '.join(kolommen)}; "
                f"bijvoorbeeld rij {eerste + 1}, {k}: van {a.iloc[eerste][k]!r} naar {b.iloc[eerste][k]!r}"]
    return ["dezelfde gegevens, maar de bestandsopbouw (metadata) verschilt"]


def verschillen_bestand(oud_pad: Path, nieuw_pad: Path) -> list[str]:
    """[] when byte-identical, else Dutch lines naming what differs."""
    oud_pad, nieuw_pad = Path(oud_pad), Path(nieuw_pad)
    if oud_pad.read_bytes() == nieuw_pad.read_bytes():
        return []
    suffix = oud_pad.suffix.lower()
    if suffix == ".csv":
        return verschillen_csv(oud_pad, nieuw_pad) or ["opmaak van het bestand verschilt (inhoud gelijk)"]
    if suffix == ".ipynb":
        return verschillen_notebook(oud_pad, nieuw_pad)
    if suffix == ".parquet":
        return verschillen_parquet(oud_pad, nieuw_pad)
    return [f"inhoud verschilt ({oud_pad.stat().st_size} naar {nieuw_pad.stat().st_size} bytes)"]


def bestanden(map_: Path, uitsluiten: set[str] = frozenset()) -> list[str]:
    """Relative POSIX paths of the files under map_, without hidden entries and ``uitsluiten``
    (file or folder names at the top level, e.g. 'manifest.json', 'validatie')."""
    map_ = Path(map_)
    if not map_.is_dir():
        return []
    uit = []
    for pad in sorted(map_.rglob("*")):
        rel = pad.relative_to(map_)
        if rel.parts[0] in uitsluiten or any(d.startswith(".") for d in rel.parts) or not pad.is_file():
            continue
        uit.append(rel.as_posix())
    return uit


def vergelijk_mappen(oud: Path, nieuw: Path, *, naam: str, uitsluiten: set[str] = frozenset()) -> list[str]:
    """Every difference between two folders, one Dutch line per file (plus indented detail lines)."""
    a, b = set(bestanden(oud, uitsluiten)), set(bestanden(nieuw, uitsluiten))
    regels: list[str] = []
    for rel in sorted(a | b):
        pad = f"{naam}/{rel}"
        if rel not in b:
            regels.append(f"{pad}: ontbreekt in de herhaling")
        elif rel not in a:
            regels.append(f"{pad}: nieuw in de herhaling (niet gepubliceerd)")
        else:
            details = verschillen_bestand(Path(oud) / rel, Path(nieuw) / rel)
            if details:
                regels.append(f"{pad}: verschilt")
                regels += [f"    {d}" for d in details[:MAX_REGELS]]
                if len(details) > MAX_REGELS:
                    regels.append(f"    ... en nog {len(details) - MAX_REGELS} verschillen")
    return regels

