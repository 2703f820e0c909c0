"""Source notebooks stay reviewable: no outputs, a parameters cell, the shared conventions."""

from pathlib import Path

import nbformat
import pytest

from prestatiemonitor import paths
from prestatiemonitor.pipeline import NOTEBOOKS

BRONNEN = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_elk_notebook_in_de_pipeline_bestaat():
    assert {p.stem for p in BRONNEN} == set(NOTEBOOKS)


@pytest.mark.parametrize("pad", BRONNEN, ids=lambda p: p.stem)
def test_zonder_uitvoer_en_met_parameters(pad: Path):
    nb = nbformat.read(pad, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "uitvoer in bronnotebook"
    assert "papermill" not in nb.metadata
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and "jaar =" in parameters[0].source
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
