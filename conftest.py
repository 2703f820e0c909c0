"""Test session set-up shared by the unit tests and the notebook tests (nbval).

All data of a test session lives in a temporary folder (PRESTATIEMONITOR_DATA), so `make test`
never reads or writes the analyst's data/raw or data/processed. The notebooks run by nbval use
their default parameters (jaar 2026); they find the synthetic demo delivery written here.
"""

import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    if os.environ.get("PRESTATIEMONITOR_DATA"):
        return
    data = Path(tempfile.mkdtemp(prefix="prestatiemonitor-test-"))
    os.environ["PRESTATIEMONITOR_DATA"] = str(data)
    if config.getoption("nbval_lax", default=False):
        from prestatiemonitor.demo import write_demo

        write_demo(2026, data / "raw")
