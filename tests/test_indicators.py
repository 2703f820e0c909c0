import pandas as pd

from prestatiemonitor.indicators import KOLOMMEN, Indicatoren, lees, voeg_samen


def test_delen_worden_een_gesorteerd_bestand(tmp_path):
    a = Indicatoren(2026, "20_x")
    a.voeg_toe("2.2.3", "aandeel_b", "WoonInvest", 2 / 3, teller=2, noemer=3, eenheid="aandeel")
    a.voeg_toe("2.2.3", "aandeel_a", "Vidomes", 0.5, teller=1, noemer=2, eenheid="aandeel")
    b = Indicatoren(2026, "10_y")
    b.voeg_toe("1.3.2-18", "statushouders", "totaal", 62)
    a.schrijf(tmp_path)
    b.schrijf(tmp_path)
    voeg_samen(tmp_path)
    tabel = lees(tmp_path)
    assert list(tabel.columns) == KOLOMMEN
    assert list(tabel["indicator"]) == ["statushouders", "aandeel_a", "aandeel_b"]
    assert tabel.loc[2, "waarde"] == 0.666667  # rounded: reruns write identical text
    tekst = (tmp_path / "indicatoren.csv").read_text()
    assert ",62," in tekst and ",62.0," not in tekst  # counts stay counts


def test_geen_delen_geeft_lege_tabel_met_kolommen(tmp_path):
    voeg_samen(tmp_path)
    assert list(pd.read_csv(tmp_path / "indicatoren.csv").columns) == KOLOMMEN


def test_rij_noemt_notebook_en_cel_van_de_berekening(tmp_path):
    """Real papermill run: `cel` is the In [n] number of the cell that called voeg_toe."""
    import nbformat
    import papermill

    par = nbformat.v4.new_code_cell("jaar = 2026\nprocessed_dir = None")
    par.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[
        par,
        nbformat.v4.new_code_cell("from prestatiemonitor.indicators import Indicatoren\n"
                                  "ind = Indicatoren(jaar, '20_test')"),
        nbformat.v4.new_markdown_cell("Tekst tussen de berekeningen telt niet mee."),
        nbformat.v4.new_code_cell("ind.voeg_toe('2.2.3', 'eerste', 'Vidomes', 1)"),
        nbformat.v4.new_code_cell("ind.voeg_toe('2.2.3', 'tweede', 'Vidomes', 2)\nind.schrijf(processed_dir)"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "bron.ipynb")
    papermill.execute_notebook(str(tmp_path / "bron.ipynb"), str(tmp_path / "uit.ipynb"), kernel_name="python3",
                               parameters={"processed_dir": str(tmp_path)}, progress_bar=False)
    # In [1] parameters, In [2] injected parameters, In [3] import, In [4] and In [5] voeg_toe
    uit = nbformat.read(tmp_path / "uit.ipynb", as_version=4)
    nummers = {c.source.split("'")[3]: c.execution_count for c in uit.cells if "voeg_toe" in c.source}
    assert nummers == {"eerste": 4, "tweede": 5}
    tabel = pd.read_csv(tmp_path / "indicatoren" / "20_test.csv")
    assert list(tabel.columns) == KOLOMMEN and KOLOMMEN[-2:] == ["notebook", "cel"]
    assert dict(zip(tabel["indicator"], tabel["cel"])) == {"eerste": 4, "tweede": 5}


def test_buiten_een_notebook_is_de_cel_leeg_en_tellers_blijven_gehele_getallen(tmp_path):
    a = Indicatoren(2026, "20_x")
    a.voeg_toe("1.1", "met_teller", "Vidomes", 83, teller=83)
    a.voeg_toe("1.1", "zonder_teller", "Vidomes", 0.5)
    tekst = a.schrijf(tmp_path).read_text()
    assert "2026,1.1,met_teller,Vidomes,83,83,,aantal,,20_x,\n" in tekst  # not 83.0; no cell outside IPython
