"""Dutch number, money, percentage and date formatting for the report (via Babel, locale nl_NL).

Every figure that reaches a reader goes through these functions, so the report reads
1.234,5 / € 713,02 / 12,5% / 31 december 2026 everywhere.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "nl_NL"
LEEG = "–"  # shown for a missing value


def _ontbreekt(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT


def getal(x, decimalen: int = 0) -> str:
    """1234.5 -> '1.234,5' (fixed number of decimals)."""
    if _ontbreekt(x):
        return LEEG
    patroon = "#,##0" + ("." + "0" * decimalen if decimalen else "")
    return format_decimal(x, format=patroon, locale=LOCALE)


def euro(x, decimalen: int = 2) -> str:
    """713.02 -> '€ 713,02'."""
    if _ontbreekt(x):
        return LEEG
    patroon = "¤\xa0#,##0" + ("." + "0" * decimalen if decimalen else "")
    # Babel puts a non-breaking space after the sign; that keeps '€' and amount on one line.
    return format_currency(x, "EUR", format=patroon, locale=LOCALE, currency_digits=False)


def procent(aandeel, decimalen: int = 1) -> str:
    """A share (0.125) -> '12,5%'. Dutch style writes no space before the percent sign."""
    if _ontbreekt(aandeel):
        return LEEG
    return getal(aandeel * 100, decimalen) + "%"


def datum(d) -> str:
    """date(2026, 12, 31) -> '31 december 2026'."""
    if _ontbreekt(d):
        return LEEG
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    if isinstance(d, (pd.Timestamp, dt.datetime)):
        d = d.date()
    return format_date(d, format="d MMMM y", locale=LOCALE)
