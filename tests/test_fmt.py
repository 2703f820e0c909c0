import datetime as dt

import pandas as pd
import pytest

from prestatiemonitor import fmt


@pytest.mark.parametrize(
    "functie, waarde, verwacht",
    [
        (lambda x: fmt.getal(x), 1234, "1.234"),
        (lambda x: fmt.getal(x, 1), 1234.56, "1.234,6"),
        (lambda x: fmt.getal(x), 37861, "37.861"),
        (lambda x: fmt.euro(x), 713.02, "€\xa0713,02"),
        (lambda x: fmt.euro(x), 1228.07, "€\xa01.228,07"),
        (lambda x: fmt.euro(x, 0), 60000, "€\xa060.000"),
        (lambda x: fmt.procent(x), 0.125, "12,5%"),
        (lambda x: fmt.procent(x, 0), 0.3, "30%"),
        (lambda x: fmt.datum(x), dt.date(2026, 12, 31), "31 december 2026"),
        (lambda x: fmt.datum(x), "2026-03-01", "1 maart 2026"),
        (lambda x: fmt.datum(x), pd.Timestamp(2026, 9, 30), "30 september 2026"),
    ],
)
def test_nederlandse_notatie(functie, waarde, verwacht):
    assert functie(waarde) == verwacht


@pytest.mark.parametrize("leeg", [None, float("nan"), pd.NA, pd.NaT])
def test_ontbrekende_waarde_wordt_streepje(leeg):
    assert fmt.getal(leeg) == fmt.euro(leeg) == fmt.procent(leeg) == fmt.datum(leeg) == fmt.LEEG
