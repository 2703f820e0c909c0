import pandas as pd

from prestatiemonitor import fmt
from prestatiemonitor.tables import markdown_tabel


def test_pipe_tabel_met_nederlandse_getallen_en_uitlijning():
    df = pd.DataFrame({"Corporatie": ["Vidomes", "WoonInvest"], "Woningen": [2000, 8512], "Aandeel": [0.25, 0.705]})
    md = markdown_tabel(df, {"Aandeel": fmt.procent})
    regels = md.strip().splitlines()
    assert regels[0] == "| Corporatie | Woningen | Aandeel |"
    assert regels[1] == "|:---|---:|---:|"
    assert regels[3] == "| WoonInvest | 8.512 | 70,5% |"


def test_partnertekst_kan_tabel_en_opmaak_niet_breken():
    df = pd.DataFrame({"Complex": ["A|B <script>alert(1)</script> *vet*"]})
    md = markdown_tabel(df)
    rij = md.strip().splitlines()[2]
    assert rij.count("|") - rij.count("\\|") == 2  # only the outer pipes are cell borders
    assert "<script>" not in md and "\\*vet\\*" in md
