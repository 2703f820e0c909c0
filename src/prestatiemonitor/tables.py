"""Tables as pandoc pipe-tables (Markdown), so that HTML and PDF (Typst) both show them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from prestatiemonitor import fmt


def _escape(cel: str) -> str:
    # Partner strings end up here: keep them from breaking the table or injecting markup.
    return (
        cel.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\n", " ").replace("*", "\\*").replace("_", "\\_")
    )


def markdown_tabel(
    df: pd.DataFrame,
    formaat: Mapping[str, Callable[[object], str]] | None = None,
    rechts: list[str] | None = None,
) -> str:
    """Render a DataFrame as a pipe table. ``formaat`` maps column -> formatter (e.g. fmt.procent);
    numeric columns without one get ``fmt.getal``; ``rechts`` forces right alignment."""
    formaat = dict(formaat or {})
    rechts = set(rechts or [])
    kolommen = [str(k) for k in df.columns]
    for k in df.columns:
        if k not in formaat and pd.api.types.is_numeric_dtype(df[k]) and not pd.api.types.is_bool_dtype(df[k]):
            formaat[k] = fmt.getal
            rechts.add(k)
        elif k in formaat:
            rechts.add(k)
    rijen = []
    for _, rij in df.iterrows():
        cellen = []
        for k in df.columns:
            waarde = rij[k]
            tekst = formaat[k](waarde) if k in formaat else ("" if pd.isna(waarde) else str(waarde))
            cellen.append(_escape(tekst))
        rijen.append("| " + " | ".join(cellen) + " |")
    kop = "| " + " | ".join(_escape(k) for k in kolommen) + " |"
    lijn = "|" + "|".join("---:" if k in rechts else ":---" for k in df.columns) + "|"
    return "\n".join([kop, lijn, *rijen]) + "\n"
