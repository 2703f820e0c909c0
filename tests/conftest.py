"""Shared fixtures.

``demo_runs`` (session scope): the real pipeline on the synthetic demo years 2026 and 2027, in a
temporary data root, without rendering the report (fast). End-to-end tests share it instead of
running the notebooks again; treat its folders as read-only (copy them before changing anything).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from prestatiemonitor.pipeline import Uitvoer
from prestatiemonitor.snapshots import DEMOJAREN, draai_demo


@dataclass
class DemoRuns:
    root: Path  # data root: root/raw/<jaar>/, root/processed/<jaar>/, root/report/<jaar>/
    uitvoer: dict[int, Uitvoer]

    @property
    def raw(self) -> Path:
        return self.root / "raw"


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory) -> DemoRuns:
    root = tmp_path_factory.mktemp("demo-data")
    return DemoRuns(root, draai_demo(root, DEMOJAREN))
