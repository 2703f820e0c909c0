"""The orchestrator's own behaviour, on tiny notebooks executed for real by papermill."""

import json

import nbformat
import pytest

from prestatiemonitor.pipeline import RunFout, Uitvoer, publiceer, voer_notebook_uit


def _notebook(pad, *bronnen):
    cellen = [nbformat.v4.new_code_cell("jaar = 2026")]
    cellen[0].metadata["tags"] = ["parameters"]
    cellen += [nbformat.v4.new_code_cell(b) for b in bronnen]
    nb = nbformat.v4.new_notebook(cells=cellen)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, pad)
    return pad


def test_fout_in_notebook_noemt_notebook_cel_en_fout(tmp_path):
    bron = _notebook(tmp_path / "30_kapot.ipynb", "x = 1", "raise ValueError('kolom kale_huur ontbreekt')")
    with pytest.raises(RunFout) as fout:
        voer_notebook_uit(bron, tmp_path / "uit" / "30_kapot.ipynb", {"jaar": 2027}, voortgang=False)
    tekst = str(fout.value)
    assert "30_kapot" in tekst and "In [4]" in tekst and "raise ValueError" in tekst
    assert "ValueError: kolom kale_huur ontbreekt" in tekst
    assert "Traceback" not in tekst


def test_uitgevoerd_notebook_heeft_parameters_en_geen_tijdstempels(tmp_path):
    bron = _notebook(tmp_path / "nb.ipynb", "print(jaar * 2)")
    doel = tmp_path / "uit.ipynb"
    (tmp_path / "uit.ipynb").parent.mkdir(exist_ok=True)
    voer_notebook_uit(bron, doel, {"jaar": 2027}, voortgang=False)
    tekst = doel.read_text()
    assert "4054" in tekst  # the injected year was used
    nb = json.loads(tekst)
    assert "start_time" not in json.dumps(nb["metadata"]) and "end_time" not in tekst
    eerste = doel.read_bytes()
    voer_notebook_uit(bron, doel, {"jaar": 2027}, voortgang=False)
    assert doel.read_bytes() == eerste


def test_publiceren_vervangt_mappen_in_hun_geheel(tmp_path):
    doel = Uitvoer(tmp_path / "processed" / "2026", tmp_path / "report" / "2026")
    doel.processed.mkdir(parents=True)
    (doel.processed / "oud.parquet").write_text("oud")
    staging = Uitvoer(tmp_path / "s" / "processed", tmp_path / "s" / "report")
    staging.processed.mkdir(parents=True)
    staging.notebooks.mkdir(parents=True)
    (staging.processed / "nieuw.parquet").write_text("nieuw")
    publiceer(staging, doel)
    assert [p.name for p in doel.processed.iterdir()] == ["nieuw.parquet"]
    assert doel.notebooks.is_dir()
    assert not list((tmp_path / "processed").glob(".oud-*"))
