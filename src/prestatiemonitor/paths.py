"""Every path the project uses, in one place (cookiecutter-data-science style).

The repository root is found from this file, so the package works from any working
directory. ``PRESTATIEMONITOR_DATA`` points raw and processed data elsewhere (the tests
use a temporary folder, so they never touch the analyst's data); reference data stays with
the code because it is versioned with it.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NOTEBOOKS = ROOT / "notebooks"
DATA = Path(os.environ.get("PRESTATIEMONITOR_DATA", ROOT / "data"))
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
REFERENCE = ROOT / "data" / "reference"
REPORT = ROOT / "report"


def raw_dir(jaar: int) -> Path:
    """Partner deliveries for one year: data/raw/<jaar>/<partij>/ (never modified)."""
    return RAW / str(jaar)


def processed_dir(jaar: int) -> Path:
    """Validated, harmonised tables and indicator values for one year."""
    return PROCESSED / str(jaar)


def report_dir(jaar: int) -> Path:
    """Executed notebooks, HTML and PDF for one year."""
    return REPORT / str(jaar)
