"""Identical reruns: the executed notebooks must not depend on where a run happened to stage.

pipeline.strip_tijdstempels already removes papermill's times and random cell id. What is left
is the location: papermill writes the parameter values (e.g. processed_dir =
".../report/.staging-2026-x1y2z3/processed/2026", a random temporary folder) into the injected
parameters cell and into the notebook metadata. After execution those paths are replaced by their
logical location, the one an auditor knows:

- the staging processed folder -> ``data/processed/<jaar>`` (where the results are published),
- the raw root -> ``data/raw`` and the reference folder -> ``data/reference``, wherever they are
  (PRESTATIEMONITOR_DATA, a copy on another machine): an input is identified by its content, and
  the SHA-256 of every raw file is in the manifest, not by the folder it happened to be in.

The real absolute paths of the run are recorded in report/<jaar>/manifest.json (parameters).
"""

from __future__ import annotations

import json
from pathlib import Path

from prestatiemonitor import paths

OPMERKING = "# paden als logische locatie; de werkelijke paden van deze run staan in manifest.json"


def logische_paden(jaar: int, raw_root: Path, processed_staging: Path) -> dict[str, str]:
    """Real path -> logical path, for the executed notebooks of one run."""
    processed_staging = Path(processed_staging)
    vervang = {str(processed_staging): f"data/processed/{jaar}"}
    if processed_staging.name == str(jaar):  # staging/processed/<jaar>: other years live beside it
        vervang[str(processed_staging.parent)] = "data/processed"
    vervang[str(Path(raw_root))] = "data/raw"
    vervang[str(paths.REFERENCE)] = "data/reference"
    return vervang


def _vervang(waarde, paren: list[tuple[str, str]]):
    if isinstance(waarde, str):
        for echt, logisch in paren:
            waarde = waarde.replace(echt, logisch)
        return waarde
    if isinstance(waarde, list):
        return [_vervang(w, paren) for w in waarde]
    if isinstance(waarde, dict):
        return {k: _vervang(w, paren) for k, w in waarde.items()}
    return waarde


def maak_paden_logisch(notebook: Path, vervang: dict[str, str]) -> None:
    """Rewrite every string in the executed notebook (sources, outputs, metadata) with the logical
    paths; longest real path first so nested folders are replaced whole. Writes the same JSON
    layout as pipeline.strip_tijdstempels (indent 1, sorted keys)."""
    notebook = Path(notebook)
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    paren = sorted(((e, l) for e, l in vervang.items() if e and e != l), key=lambda p: -len(p[0]))
    nb = _vervang(nb, paren)
    for cel in nb.get("cells", []):
        if "injected-parameters" in (cel.get("metadata") or {}).get("tags", []):
            bron = cel.get("source", "")
            regels = bron if isinstance(bron, list) else bron.splitlines(keepends=True)
            if paren and not any(OPMERKING in r for r in regels):
                if regels and not regels[-1].endswith("\n"):
                    regels[-1] += "\n"
                regels.append(OPMERKING)
            cel["source"] = regels if isinstance(bron, list) else "".join(regels)
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def maak_run_herhaalbaar(notebooks_dir: Path, jaar: int, raw_root: Path, processed_staging: Path) -> None:
    """Apply ``maak_paden_logisch`` to every executed notebook of a run (pipeline hook)."""
    vervang = logische_paden(jaar, raw_root, processed_staging)
    for nb in sorted(Path(notebooks_dir).glob("*.ipynb")):
        maak_paden_logisch(nb, vervang)
